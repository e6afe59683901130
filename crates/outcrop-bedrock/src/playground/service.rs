//! The engine's state: the session database, the price table, the model facts, the planner, what CountTokens
//! has counted, each session's cache tracker, and the turns and bake-off running. The files beside this one
//! implement it, one concern each.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::{SystemTime, UNIX_EPOCH};

use outcrop_core::cache_plan::Planner;
use outcrop_core::cache_tracker::CacheTracker;
use outcrop_core::connection_input::{FieldError, Rule};
use outcrop_core::conversation::Api;
use outcrop_core::model_facts::ModelFactsTable;
use tokio_util::sync::CancellationToken;

use super::prices::PriceStore;
use super::runner::Backoff;
use super::store::SessionStore;
use crate::OutcropError;

/// Milliseconds since the Unix epoch, from a clock the app can replace.
pub trait Clock: Send + Sync + std::fmt::Debug {
    fn now_ms(&self) -> u64;
}

#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> u64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64)
    }
}

/// The engine.
#[derive(Debug)]
pub struct PlaygroundService {
    pub(super) store: SessionStore,
    pub(super) prices: PriceStore,
    /// The bundled facts with the floors the cache-floor probe measured in force; replaced whole when a
    /// measurement is kept or deleted.
    pub(super) facts: RwLock<Arc<ModelFactsTable>>,
    /// The cache-floor probe running, if one is: its token stops it.
    pub(super) floor_probe: Arc<Mutex<Option<CancellationToken>>>,
    pub(super) planner: Mutex<Planner>,
    /// Counted tokens per model, wire and block content.
    pub(super) counts: Mutex<HashMap<(String, Api, String), u32>>,
    /// Per model and wire: what each message costs besides its content, once CountTokens has told.
    pub(super) message_overhead: Mutex<HashMap<(String, Api), u32>>,
    /// Per model and wire: what the probe message costs in all.
    pub(super) probe_message: Mutex<HashMap<(String, Api), u32>>,
    /// Prefixes up to a cache point counted whole, per model, wire and prefix content.
    pub(super) prefix_counts: Mutex<HashMap<(String, Api, u64), u32>>,
    /// The count running for each session (the empty key for a draft outside any), with the token that
    /// supersedes it.
    pub(super) counting: Mutex<HashMap<String, CancellationToken>>,
    pub(super) clock: Arc<dyn Clock>,
    pub(super) backoff: Backoff,
    pub(super) running: RunningTurns,
    /// Each session's cache tracker, read from the database once and kept: the plan asks for it on every
    /// keystroke, and it holds the text of the last request.
    pub(super) trackers: Mutex<HashMap<String, CacheTracker>>,
    /// Where imported and recorded demos are kept, one file each.
    pub(super) demos_dir: std::path::PathBuf,
    /// The bake-off running, if one is.
    pub(super) bakeoff: Mutex<Option<RunningBakeoff>>,
}

/// The sessions sending a turn, each with the token that stops it; each turn's reservation holds it too, to
/// free its session when dropped.
pub(super) type RunningTurns = Arc<Mutex<HashMap<String, CancellationToken>>>;

/// The running bake-off: its token and the session it is sending in.
#[derive(Debug, Clone)]
pub(super) struct RunningBakeoff {
    pub(super) cancel: CancellationToken,
    pub(super) session_id: String,
}

/// A validation error on one field, worded for the person.
pub(super) fn validation(field: &str, rule: Rule, message: impl Into<String>) -> OutcropError {
    OutcropError::from_field_errors(&[FieldError::new(field, rule, message)])
}

/// A new session's ID: the time, and a counter for sessions made in the same millisecond.
pub(super) fn session_id(now_ms: u64) -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    format!("s{now_ms:x}{:04x}", NEXT.fetch_add(1, Ordering::Relaxed) & 0xffff)
}

/// The bundled facts with the floors kept in the session database in force.
fn measured_facts(store: &SessionStore) -> Result<ModelFactsTable, OutcropError> {
    let measured: Vec<_> = store.floor_probes()?.into_iter().map(|p| p.floor).collect();
    Ok(ModelFactsTable::bundled().with_measured(&measured))
}

impl PlaygroundService {
    /// Opens the session database and price table in `data_dir`.
    pub fn open(data_dir: &Path, clock: Arc<dyn Clock>, backoff: Backoff) -> Result<Self, OutcropError> {
        let store = SessionStore::open(&data_dir.join("playground.sqlite3"))?;
        let facts = measured_facts(&store)?;
        Ok(Self {
            store,
            prices: PriceStore::open(data_dir),
            facts: RwLock::new(Arc::new(facts)),
            floor_probe: Arc::new(Mutex::new(None)),
            planner: Mutex::new(Planner::new()),
            counts: Mutex::new(HashMap::new()),
            message_overhead: Mutex::new(HashMap::new()),
            probe_message: Mutex::new(HashMap::new()),
            prefix_counts: Mutex::new(HashMap::new()),
            counting: Mutex::new(HashMap::new()),
            clock,
            backoff,
            running: Arc::new(Mutex::new(HashMap::new())),
            bakeoff: Mutex::new(None),
            trackers: Mutex::new(HashMap::new()),
            demos_dir: data_dir.join("demos"),
        })
    }

    pub(super) fn tracker(&self, session_id: &str) -> Result<CacheTracker, OutcropError> {
        let mut trackers = self.trackers.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(tracker) = trackers.get(session_id) {
            return Ok(tracker.clone());
        }
        let tracker = self.store.tracker(session_id)?;
        if trackers.len() > 64 {
            trackers.clear();
        }
        trackers.insert(session_id.to_owned(), tracker.clone());
        Ok(tracker)
    }

    /// The model facts planning uses now: the bundled table with every measured floor in force.
    pub fn facts(&self) -> Arc<ModelFactsTable> {
        Arc::clone(&self.facts.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// Reads the measured floors again after one was kept or deleted.
    pub(super) fn refresh_facts(&self) -> Result<(), OutcropError> {
        let facts = measured_facts(&self.store)?;
        *self.facts.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(facts);
        Ok(())
    }

    pub fn prices(&self) -> &PriceStore {
        &self.prices
    }
}
