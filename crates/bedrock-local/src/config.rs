//! How a server is set up, and the account and Region it answers for unless told otherwise.

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

use crate::auth::AuthPolicy;
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
    /// Where application profiles, their tags and idempotency tokens are kept across restarts (one file for
    /// every Region). `None` (the default) keeps them in memory only.
    pub state_file: Option<PathBuf>,
    /// Implicit caching turned on or off per model (foundation-model ID, or a profile ID of it → on), over
    /// the bundled table's choice (on for Nova, off for Claude). A model that cannot cache is refused at start.
    pub implicit_cache: BTreeMap<String, bool>,
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
            state_file: None,
            implicit_cache: BTreeMap::new(),
        }
    }
}
