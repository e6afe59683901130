//! bedrock-local: a local Amazon Bedrock.
//!
//! It answers on Bedrock's own HTTP wire protocol (REST-JSON, the same paths, status codes, error headers and
//! bodies), so the real AWS SDKs talk to it with nothing changed but the endpoint URL. Its rules are its own
//! reading of AWS's documentation, written from the service's side and kept as data with their sources; it
//! shares no code with the Outcrop client on purpose, so a test where both agree means two readings agree.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! let server = bedrock_local::BedrockLocal::start(bedrock_local::Config::default()).await?;
//! println!("endpoint: {}", server.url());
//! server.shutdown().await;
//! # Ok(()) }
//! ```

mod control;
mod error;
mod world;

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use error::AwsError;
pub use world::{FoundationModel, World};

/// The account the seeded world belongs to unless another is configured (AWS's documentation account).
pub const DEFAULT_ACCOUNT_ID: &str = "111122223333";
/// The Region the server answers for unless another is configured.
pub const DEFAULT_REGION: &str = "us-east-1";

/// How a server is set up. Every field can be injected, so tests pick a free port and a Region.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where to listen. Loopback by default; port 0 picks a free port.
    pub bind: SocketAddr,
    pub region: String,
    pub account_id: String,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            bind: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            region: DEFAULT_REGION.to_owned(),
            account_id: DEFAULT_ACCOUNT_ID.to_owned(),
        }
    }
}

/// A running server. Dropping it without [`BedrockLocal::shutdown`] leaves it serving until the runtime ends.
#[derive(Debug)]
pub struct BedrockLocal {
    addr: SocketAddr,
    shutdown: oneshot::Sender<()>,
    task: JoinHandle<std::io::Result<()>>,
}

impl BedrockLocal {
    /// Binds and starts serving in the background on the current Tokio runtime.
    pub async fn start(config: Config) -> std::io::Result<Self> {
        let listener = TcpListener::bind(config.bind).await?;
        let addr = listener.local_addr()?;
        let app = router(Arc::new(World::seeded(&config.region, &config.account_id)));
        let (shutdown, stop) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stop.await;
                })
                .await
        });
        tracing::info!(%addr, region = %config.region, "bedrock-local serving");
        Ok(Self { addr, shutdown, task })
    }

    /// The endpoint URL to give an SDK (`endpoint_url`), e.g. `http://127.0.0.1:4599`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting connections and waits for open requests to finish.
    pub async fn shutdown(self) {
        let _ = self.shutdown.send(());
        match self.task.await {
            Ok(Ok(())) => {}
            Ok(Err(error)) => tracing::warn!(%error, "bedrock-local stopped with an I/O error"),
            Err(error) => tracing::warn!(%error, "bedrock-local task failed"),
        }
    }
}

/// The HTTP routes of the control plane (`bedrock`) and, in time, the runtime (`bedrock-runtime`) on one port.
pub fn router(world: Arc<World>) -> Router {
    control::routes()
        .fallback(error::unknown_operation)
        .with_state(world)
}
