//! `bedrock-local --port 4599 --region us-east-1`: serve a local Amazon Bedrock until stopped.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

use bedrock_local::{
    AuthPolicy, BedrockLocal, Config, DEFAULT_ACCOUNT_ID, DEFAULT_REGION, Fault, FaultPlan, LatencyModel,
    SystemClock,
};
use clap::Parser;

/// A local Amazon Bedrock that the AWS SDKs and CLI talk to like the real service.
///
/// Serves the control plane (foundation models, inference profiles, tags) and the runtime (Converse,
/// ConverseStream, InvokeModel, InvokeModelWithResponseStream, CountTokens) on one port, with prompt
/// caching as AWS documents it. Point a client at the printed URL, for example:
///
///   aws bedrock list-inference-profiles --endpoint-url http://127.0.0.1:4599 --region us-east-1
///
/// Any credentials are accepted unless --credential or --api-key is given.
#[derive(Debug, Parser)]
#[command(name = "bedrock-local", version)]
struct Args {
    /// Address to listen on. Loopback by default; only change it on a network you trust.
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST), env = "BEDROCK_LOCAL_HOST")]
    host: IpAddr,
    /// Port to listen on; 0 picks a free one. The URL is printed on stdout.
    #[arg(long, default_value_t = 4599, env = "BEDROCK_LOCAL_PORT")]
    port: u16,
    /// The Region the server answers as: it decides which cross-Region profiles exist and appears in ARNs.
    #[arg(long, default_value = DEFAULT_REGION, env = "BEDROCK_LOCAL_REGION")]
    region: String,
    /// The 12-digit account ID that owns application profiles and appears in ARNs.
    #[arg(long, default_value = DEFAULT_ACCOUNT_ID, env = "BEDROCK_LOCAL_ACCOUNT_ID")]
    account_id: String,
    /// Multiplies the simulated model's delays (time to first token, output rate); 0 answers at once.
    #[arg(long, default_value_t = 1.0)]
    latency_scale: f64,
    /// Verify SigV4 signatures against this access key, as ACCESS_KEY_ID:SECRET (repeatable), as AWS does:
    /// the body's own hash, X-Amz-Date within 5 minutes of this machine's clock, host signed.
    #[arg(long = "credential", value_name = "ACCESS_KEY_ID:SECRET")]
    credentials: Vec<String>,
    /// Accept only this bearer token (Bedrock API key) for bearer-authenticated requests (repeatable).
    #[arg(long = "api-key", value_name = "TOKEN")]
    api_keys: Vec<String>,
    /// Inject a fault into runtime requests: throttle, internal, unavailable, slow-start:MS,
    /// stream-cut[:N] or stream-error[:N]. Single requests can ask with the header x-bedrock-local-fault.
    #[arg(long)]
    fault: Option<Fault>,
    /// With --fault: inject it into every N-th runtime request.
    #[arg(long, default_value_t = 1, requires = "fault")]
    fault_every: u64,
    /// Keep application profiles, their tags and idempotency tokens in this JSON file across restarts (one
    /// file serves every Region). It is read at start and rewritten after every change; a file that cannot be
    /// read is moved aside as PATH.corrupt-<timestamp>. Without it, they are kept in memory only.
    #[arg(long, value_name = "PATH", env = "BEDROCK_LOCAL_STATE_FILE")]
    state_file: Option<PathBuf>,
    /// Turn implicit prompt caching (reads without cache points) on or off for a model, as MODEL_ID=on|off
    /// (repeatable). By default it is on for Nova and off for Claude; data/prompt-caching.json says per model.
    #[arg(long = "implicit-cache", value_name = "MODEL_ID=on|off", value_parser = parse_implicit)]
    implicit_cache: Vec<(String, bool)>,
}

/// `MODEL_ID=on|off`.
fn parse_implicit(value: &str) -> Result<(String, bool), String> {
    let (model, state) = value
        .rsplit_once('=')
        .ok_or_else(|| format!("expected MODEL_ID=on|off, got {value:?}"))?;
    let on = match state {
        "on" => true,
        "off" => false,
        other => return Err(format!("expected on or off after '=', got {other:?}")),
    };
    if model.is_empty() {
        return Err(format!("expected MODEL_ID=on|off, got {value:?}"));
    }
    Ok((model.to_owned(), on))
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
    let fail = |message: String| -> ! {
        eprintln!("bedrock-local: {message}");
        std::process::exit(2);
    };
    if args.account_id.len() != 12 || !args.account_id.bytes().all(|b| b.is_ascii_digit()) {
        fail(format!(
            "--account-id must be 12 digits, got {:?}",
            args.account_id
        ));
    }
    if !(args.latency_scale >= 0.0 && args.latency_scale.is_finite()) {
        fail(format!(
            "--latency-scale must be 0 or more, got {}",
            args.latency_scale
        ));
    }
    let credentials = args
        .credentials
        .iter()
        .map(|c| match c.split_once(':') {
            Some((id, secret)) if !id.is_empty() && !secret.is_empty() => (id.to_owned(), secret.to_owned()),
            _ => fail("--credential takes ACCESS_KEY_ID:SECRET".to_owned()),
        })
        .collect();
    let server = BedrockLocal::start(Config {
        bind: SocketAddr::new(args.host, args.port),
        region: args.region.clone(),
        account_id: args.account_id,
        clock: Arc::new(SystemClock),
        latency: LatencyModel::realistic(args.latency_scale),
        faults: args.fault.map(|fault| FaultPlan {
            fault,
            every: args.fault_every.max(1),
        }),
        auth: AuthPolicy {
            credentials,
            api_keys: args.api_keys,
        },
        // The standalone server answers any Host, as documented: clients may name it as they like.
        own_host_only: false,
        state_file: args.state_file,
        implicit_cache: args.implicit_cache.into_iter().collect(),
    })
    .await
    .unwrap_or_else(|error| fail(error.to_string()));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn implicit_cache_flags() {
        assert_eq!(
            parse_implicit("anthropic.claude-sonnet-4-6=on"),
            Ok(("anthropic.claude-sonnet-4-6".to_owned(), true))
        );
        assert_eq!(
            parse_implicit("amazon.nova-pro-v1:0=off"),
            Ok(("amazon.nova-pro-v1:0".to_owned(), false))
        );
        assert!(parse_implicit("amazon.nova-pro-v1:0").is_err());
        assert!(parse_implicit("amazon.nova-pro-v1:0=yes").is_err());
        assert!(parse_implicit("=on").is_err());
        let args = Args::try_parse_from([
            "bedrock-local",
            "--implicit-cache",
            "anthropic.claude-sonnet-4-6=on",
            "--implicit-cache",
            "amazon.nova-lite-v1:0=off",
        ])
        .unwrap();
        assert_eq!(args.implicit_cache.len(), 2);
    }
}
