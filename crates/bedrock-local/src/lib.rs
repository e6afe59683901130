//! bedrock-local: a local Amazon Bedrock.
//!
//! It answers on Bedrock's own HTTP wire protocol (REST-JSON and AWS event streams, the same paths, status
//! codes, error headers and bodies), so the real AWS SDKs talk to it with nothing changed but the endpoint
//! URL. Control plane and runtime share one port. Its rules — caching floors, TTLs, limits, error texts — are
//! its own reading of AWS's documentation, kept as data with their sources; it shares no code with the
//! Outcrop client on purpose, so a test where both agree means two independent readings agree.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! let server = bedrock_local::BedrockLocal::start(bedrock_local::Config::default()).await?;
//! println!("endpoint: {}", server.url());
//! server.shutdown().await;
//! # Ok(()) }
//! ```

mod anthropic_error;
mod auth;
mod cache;
pub mod claim;
pub mod clock;
pub mod cloudwatch;
mod config;
mod control;
pub mod costexplorer;
mod endpoint;
mod error;
pub mod faults;
mod host;
mod latency;
pub mod limits;
mod parameters;
mod prompt;
mod reasoning;
pub mod record;
mod responder;
mod runtime;
mod service;
mod state_file;
mod sts;
pub mod support;
pub mod tokenizer;
mod tool_choice;
mod tool_input;
mod validate;
mod world;

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use axum::Router;
use axum::serve::ListenerExt;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use auth::{AuthPolicy, LaunchKey, SIGNATURE_WINDOW};
pub use cache::{CacheRule, CacheRules};
pub use clock::{Clock, ManualClock, SystemClock};
pub use config::{Config, DEFAULT_ACCOUNT_ID, DEFAULT_REGION};
pub use endpoint::Endpoint;
pub use error::AwsError;
pub use faults::{FAULT_HEADER, Fault, FaultPlan};
pub use latency::{LatencyModel, tier_time_factor};
pub use service::Service;
pub use state_file::{StateFile, StateFileError, remove_state_file};
pub use support::{Api, ModelSupport, SERVICE_TIER_HEADER, ServiceTier, SupportTable};
pub use world::{FoundationModel, InferenceProfile, World};

/// A running server. Dropping it without [`BedrockLocal::shutdown`] leaves it serving until the runtime ends.
#[derive(Debug)]
pub struct BedrockLocal {
    addr: SocketAddr,
    service: Arc<Service>,
    shutdown: oneshot::Sender<()>,
    task: JoinHandle<std::io::Result<()>>,
}

impl BedrockLocal {
    /// Binds and starts serving in the background on the current Tokio runtime.
    pub async fn start(config: Config) -> std::io::Result<Self> {
        let listener = TcpListener::bind(config.bind).await?;
        let addr = listener.local_addr()?;
        let mut service = Service::new(&config)?;
        if config.own_host_only {
            service.own_host = Some(host::OwnHost::new(addr, &config.region));
        }
        let service = Arc::new(service);
        // A stream is many small writes: without TCP_NODELAY, Nagle's algorithm and the client's delayed ACK
        // hold each one back for up to 40 ms.
        let listener = listener.tap_io(|tcp| {
            if let Err(error) = tcp.set_nodelay(true) {
                tracing::debug!(%error, "could not set TCP_NODELAY");
            }
        });
        let app = router(Arc::clone(&service));
        let (shutdown, stop) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stop.await;
                })
                .await
        });
        tracing::info!(%addr, region = %config.region, "bedrock-local serving");
        Ok(Self {
            addr,
            service,
            shutdown,
            task,
        })
    }

    /// The endpoint URL to give an SDK (`endpoint_url`), e.g. `http://127.0.0.1:4599`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Every inference request served so far (bounded, oldest first): what CloudWatch's metrics are read from.
    pub fn invocations(&self) -> Vec<record::Invocation> {
        self.service.record.snapshot()
    }

    /// Forgets what clients made — see [`Service::reset`]. The server keeps serving on the same address.
    pub fn reset(&self) -> std::io::Result<()> {
        self.service.reset()
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

/// Every route of the control plane (`bedrock`), the runtime (`bedrock-runtime`) and CloudWatch, behind fault
/// injection, the invocation record and (outermost) authentication.
pub fn router(service: Arc<Service>) -> Router {
    control::routes()
        .merge(runtime::routes())
        .merge(cloudwatch::routes())
        .route("/", axum::routing::post(post_to_root))
        .fallback(error::unknown_operation)
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&service),
            faults::inject,
        ))
        // Outside the faults, so injected throttles and server errors are recorded as the service's own.
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&service),
            runtime::record_refusals,
        ))
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&service),
            auth::check,
        ))
        // Bodies are read whole, up to Bedrock's sizes, before anything else (see `limits`); the handlers'
        // extractors then take them as they are instead of applying axum's 2 MiB default.
        .layer(axum::middleware::from_fn(limits::read_body))
        .layer(axum::extract::DefaultBodyLimit::disable())
        .layer(axum::middleware::map_response(add_request_id))
        .with_state(service)
}

/// `POST /` is shared: CloudWatch's AWS JSON 1.0 and Cost Explorer's AWS JSON 1.1 requests (told by
/// `X-Amz-Target`) and STS's query requests.
async fn post_to_root(
    state: axum::extract::State<Arc<Service>>,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> axum::response::Response {
    if let Some(response) = cloudwatch::json_request(&state.0, &headers, &body) {
        return response;
    }
    match costexplorer::json_request(&state.0, &headers, &body) {
        Some(response) => response,
        None => sts::query(state, headers, body).await,
    }
}

async fn add_request_id(mut response: axum::response::Response) -> axum::response::Response {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    if let Ok(value) = axum::http::HeaderValue::from_str(&format!("bl000000-0000-4000-8000-{n:012x}")) {
        response.headers_mut().insert("x-amzn-requestid", value);
    }
    response
}
