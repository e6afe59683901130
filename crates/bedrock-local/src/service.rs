//! Everything a request handler can reach: the account's world, the prompt cache and its rules, the latency
//! model, the faults to inject and the authentication policy.

use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use crate::auth::AuthPolicy;
use crate::cache;
use crate::clock::Clock;
use crate::cloudwatch::Dashboards;
use crate::config::Config;
use crate::costexplorer::PriceTable;
use crate::faults::FaultPlan;
use crate::host::OwnHost;
use crate::latency::LatencyModel;
use crate::record::InvocationRecord;
use crate::support::SupportTable;
use crate::world::World;

/// Everything a request handler can reach.
#[derive(Debug)]
pub struct Service {
    pub world: Arc<World>,
    pub(crate) cache: cache::PromptCache,
    pub(crate) rules: cache::CacheRules,
    pub(crate) support: SupportTable,
    pub(crate) latency: LatencyModel,
    pub(crate) faults: Option<FaultPlan>,
    pub(crate) auth: AuthPolicy,
    /// With `Config::own_host_only`: the names the server answers to (set once it is bound).
    pub(crate) own_host: Option<OwnHost>,
    /// The server's clock: signatures are dated against it.
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) runtime_requests: AtomicU64,
    /// Every inference request served, for the CloudWatch metrics.
    pub(crate) record: InvocationRecord,
    /// CloudWatch dashboards, by name.
    pub(crate) dashboards: Dashboards,
    /// What Cost Explorer bills the record at.
    pub(crate) prices: PriceTable,
}

/// Control-plane handlers work on the account; they reach it through the service.
impl std::ops::Deref for Service {
    type Target = World;

    fn deref(&self) -> &World {
        &self.world
    }
}

impl Service {
    /// The service a configuration describes. Fails when `implicit_cache` names a model that cannot cache.
    pub fn new(config: &Config) -> std::io::Result<Self> {
        let rules = cache::CacheRules::bundled()
            .with_implicit(&config.implicit_cache)
            .map_err(|message| std::io::Error::new(std::io::ErrorKind::InvalidInput, message))?;
        let world = World::seeded(&config.region, &config.account_id, Arc::clone(&config.clock));
        let world = match &config.state_file {
            Some(path) => world.keep_state_in(path),
            None => world,
        };
        Ok(Self {
            world: Arc::new(world),
            cache: cache::PromptCache::default(),
            rules,
            support: SupportTable::bundled(),
            latency: config.latency,
            faults: config.faults,
            auth: config.auth.clone(),
            own_host: None,
            clock: Arc::clone(&config.clock),
            runtime_requests: AtomicU64::new(0),
            record: InvocationRecord::default(),
            dashboards: Dashboards::default(),
            prices: PriceTable::bundled(),
        })
    }

    /// Back to the seeded world: every application profile, tag and idempotency token is forgotten (the
    /// state file too, with every Region's world in it), the prompt cache is emptied, and the invocation record
    /// and the CloudWatch dashboards are forgotten.
    pub fn reset(&self) -> std::io::Result<()> {
        self.cache.clear();
        self.record.clear();
        self.dashboards.clear();
        self.world.reset()
    }
}
