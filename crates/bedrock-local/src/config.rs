//! How a server is set up, and the account and Region it answers for unless told otherwise.

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

use crate::auth::{AuthPolicy, LaunchKey};
use crate::clock::{Clock, SystemClock};
use crate::faults::FaultPlan;
use crate::latency::LatencyModel;

/// The account the seeded world belongs to unless another is configured (AWS's documentation account).
pub const DEFAULT_ACCOUNT_ID: &str = "111122223333";
/// The Region the server answers for unless another is configured.
pub const DEFAULT_REGION: &str = "us-east-1";

/// How a server is set up. Every part can be injected: tests pick a free port, a manual clock, no latency.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where to listen. Loopback by default; port 0 picks a free port.
    pub bind: SocketAddr,
    pub region: String,
    pub account_id: String,
    pub clock: Arc<dyn Clock>,
    /// [`LatencyModel::NONE`] by default; the demo uses [`LatencyModel::realistic`].
    pub latency: LatencyModel,
    pub faults: Option<FaultPlan>,
    pub auth: AuthPolicy,
    /// Refuse every request addressed to a host but the server's own bound address (`Host` over HTTP/1.1,
    /// `:authority` over HTTP/2), as AWS answers what it will not serve (403, `AccessDeniedException`): what
    /// stops a web page that re-points its own name at 127.0.0.1 (DNS rebinding) from reading answers.
    /// bedrock-mantle's host (`bedrock-mantle.<region>.api.aws`, how a client picks it on an endpoint
    /// override) still passes on a SigV4 request whose signature verifies against `auth`. Off by default:
    /// the standalone server answers any Host, as its README says.
    pub own_host_only: bool,
    /// Where application profiles, their tags and idempotency tokens are kept across restarts (one file for
    /// every Region). `None` (the default) keeps them in memory only.
    pub state_file: Option<PathBuf>,
    /// Implicit caching turned on or off per model (foundation-model ID, or a profile ID of it → on), over
    /// the bundled table's choice (on for Nova, off for Claude). A model that cannot cache is refused at start.
    pub implicit_cache: BTreeMap<String, bool>,
}

impl Config {
    /// A server only its starter can use, for an application that embeds one: only `key` passes (no API key,
    /// no other access key), and only requests addressed to the server's own address.
    pub fn private(key: &LaunchKey) -> Self {
        Self {
            auth: AuthPolicy::only(key),
            own_host_only: true,
            ..Self::default()
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            bind: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            region: DEFAULT_REGION.to_owned(),
            account_id: DEFAULT_ACCOUNT_ID.to_owned(),
            clock: Arc::new(SystemClock),
            latency: LatencyModel::NONE,
            faults: None,
            auth: AuthPolicy::default(),
            own_host_only: false,
            state_file: None,
            implicit_cache: BTreeMap::new(),
        }
    }
}
