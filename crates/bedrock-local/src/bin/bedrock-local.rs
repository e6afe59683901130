//! `bedrock-local --port 4599 --region us-east-1`: serve a local Amazon Bedrock until stopped.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use bedrock_local::{BedrockLocal, Config, DEFAULT_ACCOUNT_ID, DEFAULT_REGION};
use clap::Parser;

/// A local Amazon Bedrock that the AWS SDKs and CLI talk to like the real service.
///
/// Point a client at the printed URL, for example:
///   aws bedrock list-foundation-models --endpoint-url http://127.0.0.1:4599 --region us-east-1
/// Any credentials are accepted.
#[derive(Debug, Parser)]
#[command(name = "bedrock-local", version)]
struct Args {
    /// Address to listen on. Loopback by default; only change it on a network you trust.
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST), env = "BEDROCK_LOCAL_HOST")]
    host: IpAddr,
    /// Port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 4599, env = "BEDROCK_LOCAL_PORT")]
    port: u16,
    /// The Region the server answers as (it appears in every ARN).
    #[arg(long, default_value = DEFAULT_REGION, env = "BEDROCK_LOCAL_REGION")]
    region: String,
    /// The 12-digit account ID that owns profiles and appears in ARNs.
    #[arg(long, default_value = DEFAULT_ACCOUNT_ID, env = "BEDROCK_LOCAL_ACCOUNT_ID")]
    account_id: String,
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "bedrock_local=info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let args = Args::parse();
    if args.account_id.len() != 12 || !args.account_id.bytes().all(|b| b.is_ascii_digit()) {
        eprintln!(
            "bedrock-local: --account-id must be 12 digits, got {:?}",
            args.account_id
        );
        std::process::exit(2);
    }
    let server = BedrockLocal::start(Config {
        bind: SocketAddr::new(args.host, args.port),
        region: args.region.clone(),
        account_id: args.account_id,
    })
    .await?;
    #[allow(clippy::print_stdout)] // the URL on stdout is the binary's interface
    {
        println!("{}", server.url());
    }
    eprintln!(
        "bedrock-local: serving Region {} at {} — Ctrl-C to stop",
        args.region,
        server.url()
    );
    tokio::signal::ctrl_c().await?;
    server.shutdown().await;
    Ok(())
}
