//! The caching-aware playground engine: plans a conversation as it is edited, sends turns, accounts for
//! every token and cent, explains cache misses, and keeps sessions.
//!
//! Decisions come from outcrop-core (plan, lint, prediction, reconciliation, pricing); this module adds the
//! calls (ConverseStream, InvokeModel, CountTokens), the clock, the session database and the price table.

pub mod copy_code;
pub mod prices;
pub mod runner;
pub mod runs;
pub mod sizes;
pub mod store;
pub mod types;

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use aws_sdk_bedrockruntime::Client;
use outcrop_core::ErrorCode;
use outcrop_core::bakeoff::{self, Placement, StrategyResult, StrategyTurn};
use outcrop_core::cache_plan::{Block, CachePlan, Planner};
use outcrop_core::cache_tracker::{self, CacheTracker, Prediction};
use outcrop_core::connection_input::FieldError;
use outcrop_core::conversation::{BlockOrigin, ContentItem, Conversation, Flattened, Message, Role};
use outcrop_core::model_facts::{ModelFacts, ModelFactsTable};
use outcrop_core::model_id::ModelRef;
use outcrop_core::pricing::{self, PriceQuote, Prices, SessionTotals};
use outcrop_core::request_limits;
use outcrop_core::resolver::{Resolution, Route};
use serde::{Deserialize, Serialize};
use tokio_util::sync::CancellationToken;

pub use copy_code::{CopiedCode, CopiedRequest};
pub use prices::{PriceStore, PriceTableText};
pub use runner::{Api, Backoff};
pub use store::{RunKind, SessionRun, SessionStore, SessionSummary, TitleSource};
pub use types::{
    BakeoffEvent, BakeoffReport, BakeoffRequest, CachingRules, Draft, EstimateReason, Latency, PlanView,
    PrefixFraming, Session, SizeBasis, TokenCountReport, TurnError, TurnEvent, TurnRecord, TurnStatus,
};

use crate::BedrockError;

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

/// Where a turn goes: the resolved ID and the Region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub resolution: Resolution,
    pub region: String,
}

impl Target {
    /// The cache belongs to the ID invoked and the Region.
    pub fn scope(&self) -> String {
        format!("{}|{}", self.region, self.resolution.invoke_id)
    }

    /// The geography of a system profile (`us`, `eu`, `global`…), which prices may depend on.
    pub fn geography(&self) -> Option<String> {
        match ModelRef::parse(&self.resolution.invoke_id).ok()? {
            ModelRef::SystemProfile { geography, .. } | ModelRef::SystemProfileArn { geography, .. } => {
                Some(geography)
            }
            _ => None,
        }
    }

    fn model_id(&self) -> &str {
        self.resolution
            .foundation_model_id
            .as_deref()
            .unwrap_or(&self.resolution.invoke_id)
    }
}

/// A session's next turn, reserved so it can be stopped from the start; dropping it frees the session.
#[derive(Debug)]
pub struct TurnReservation {
    running: Arc<Mutex<HashMap<String, CancellationToken>>>,
    session_id: String,
    token: CancellationToken,
}

/// A turn that passed every check before sending, with what its plan found: all a send needs.
struct CheckedTurn<'a> {
    client: &'a Client,
    session_id: &'a str,
    draft: &'a Draft,
    target: &'a Target,
    sink: &'a (dyn Fn(TurnEvent) + Send + Sync),
    cancel: &'a CancellationToken,
    started_at: u64,
    /// The session's cache tracker before this turn; the turn's usage is recorded in it.
    tracker: CacheTracker,
    flat: Flattened,
    plan: CachePlan,
    prediction: Prediction,
}

impl Drop for TurnReservation {
    fn drop(&mut self) {
        self.running
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&self.session_id);
    }
}

/// The exported form of a session (`outcrop-session`, version 1).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SessionExport {
    format: String,
    version: u32,
    title: String,
    draft: Draft,
    turns: Vec<TurnRecord>,
}

const EXPORT_FORMAT: &str = "outcrop-session";

/// The engine.
#[derive(Debug)]
pub struct PlaygroundService {
    store: SessionStore,
    prices: PriceStore,
    facts: ModelFactsTable,
    planner: Mutex<Planner>,
    /// Counted tokens per model, wire and block content.
    counts: Mutex<HashMap<(String, Api, String), u32>>,
    /// Per model and wire: what each message costs besides its content, once CountTokens has told.
    message_overhead: Mutex<HashMap<(String, Api), u32>>,
    /// Per model and wire: what the probe message costs in all.
    probe_message: Mutex<HashMap<(String, Api), u32>>,
    /// Prefixes up to a cache point counted whole, per model, wire and prefix content.
    prefix_counts: Mutex<HashMap<(String, Api, u64), u32>>,
    clock: Arc<dyn Clock>,
    backoff: Backoff,
    running: Arc<Mutex<HashMap<String, CancellationToken>>>,
    /// Each session's cache tracker, read from the database once and kept: the plan asks for it on every
    /// keystroke, and it holds the text of the last request.
    trackers: Mutex<HashMap<String, CacheTracker>>,
    bakeoff: Mutex<Option<RunningBakeoff>>,
}

/// The running bake-off: its token and the session it is sending in.
#[derive(Debug, Clone)]
struct RunningBakeoff {
    cancel: CancellationToken,
    session_id: String,
}

fn validation(field: &str, message: impl Into<String>) -> BedrockError {
    BedrockError::from_field_errors(&[FieldError {
        field: field.into(),
        message: message.into(),
    }])
}

fn block_key(block: &Block) -> String {
    cache_tracker::prefix_hashes(std::slice::from_ref(block))
        .pop()
        .unwrap_or_default()
}

/// Writes an export into `dir` as `<title>.<extension>` (never over an existing file: `… (2).<extension>` and
/// so on; `fallback` when the title leaves no usable name) and returns the file's path.
fn save_export(
    dir: &Path,
    title: &str,
    fallback: &str,
    extension: &str,
    json: &str,
) -> Result<std::path::PathBuf, BedrockError> {
    let stem: String = title
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, ' ' | '-' | '_') {
                c
            } else {
                '-'
            }
        })
        .collect::<String>()
        .trim()
        .to_owned();
    let stem = if stem.is_empty() {
        fallback.to_owned()
    } else {
        stem
    };
    let write_error = |error: std::io::Error, path: &Path| BedrockError {
        code: ErrorCode::Internal,
        message: format!("The export could not be saved to {}.", path.display()),
        detail: error.to_string(),
    };
    std::fs::create_dir_all(dir).map_err(|e| write_error(e, dir))?;
    for n in 1..1000 {
        let name = if n == 1 {
            format!("{stem}.{extension}")
        } else {
            format!("{stem} ({n}).{extension}")
        };
        let path = dir.join(name);
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut file) => {
                std::io::Write::write_all(&mut file, json.as_bytes()).map_err(|e| write_error(e, &path))?;
                return Ok(path);
            }
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(error) => return Err(write_error(error, &path)),
        }
    }
    Err(BedrockError {
        code: ErrorCode::Conflict,
        message: format!(
            "{} already holds a thousand exports of “{title}”; rename it first.",
            dir.display()
        ),
        detail: "no free file name".into(),
    })
}

/// A prefix up to a cache point, by its content.
fn prefix_key(prefix: &Conversation) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    serde_json::to_string(prefix)
        .unwrap_or_default()
        .hash(&mut hasher);
    hasher.finish()
}

fn session_id(now_ms: u64) -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    format!("s{now_ms:x}{:04x}", NEXT.fetch_add(1, Ordering::Relaxed) & 0xffff)
}

impl PlaygroundService {
    /// Opens the session database and price table in `data_dir`.
    pub fn open(data_dir: &Path, clock: Arc<dyn Clock>, backoff: Backoff) -> Result<Self, BedrockError> {
        Ok(Self {
            store: SessionStore::open(&data_dir.join("playground.sqlite3"))?,
            prices: PriceStore::open(data_dir),
            facts: ModelFactsTable::bundled(),
            planner: Mutex::new(Planner::new()),
            counts: Mutex::new(HashMap::new()),
            message_overhead: Mutex::new(HashMap::new()),
            probe_message: Mutex::new(HashMap::new()),
            prefix_counts: Mutex::new(HashMap::new()),
            clock,
            backoff,
            running: Arc::new(Mutex::new(HashMap::new())),
            bakeoff: Mutex::new(None),
            trackers: Mutex::new(HashMap::new()),
        })
    }

    fn tracker(&self, session_id: &str) -> Result<CacheTracker, BedrockError> {
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

    pub fn prices(&self) -> &PriceStore {
        &self.prices
    }

    // ---- sessions ----

    /// A new session; with no `title`, it is named after its first question. `run` puts it in a Compare or
    /// bake-off run, listed as one with the run's other sessions.
    pub fn create_session(
        &self,
        title: &str,
        draft: Draft,
        run: Option<SessionRun>,
    ) -> Result<Session, BedrockError> {
        if let Some(run) = &run {
            runs::check_run(run)?;
        }
        let now = self.clock.now_ms();
        let id = session_id(now);
        self.store.create(&id, title, run.as_ref(), &draft, now)?;
        self.session(&id)
    }

    pub fn session(&self, id: &str) -> Result<Session, BedrockError> {
        let now = self.clock.now_ms();
        let turns = self.store.turns(id)?;
        let mut totals = SessionTotals::default();
        for turn in &turns {
            if let Some(usage) = &turn.usage {
                // A model missing from the price table still counts its tokens, at no known cost.
                totals.add(usage, &turn.cost.unwrap_or_default());
            }
        }
        Ok(Session {
            id: id.to_owned(),
            title: self.store.title(id)?,
            draft: self.store.draft(id)?,
            turns,
            totals,
            cache: self.tracker(id)?.countdown(now),
            now_ms: now,
        })
    }

    pub fn list_sessions(&self, query: &str) -> Result<Vec<SessionSummary>, BedrockError> {
        self.store.list(query)
    }

    /// Saves the editor's draft and returns the session's title (named after the draft's question until the
    /// first send, unless renamed). Refused while a turn of the session runs: the turn saves the draft it sent
    /// (with the answer) when it ends, and an edit saved in between would be overwritten or lose the answer.
    pub fn save_draft(&self, id: &str, draft: &Draft) -> Result<String, BedrockError> {
        if self
            .running
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .contains_key(id)
        {
            return Err(BedrockError {
                code: ErrorCode::Conflict,
                message: "A turn of this session is running; the draft is saved when it ends.".into(),
                detail: format!("session {id} is sending"),
            });
        }
        self.store.save_draft(id, draft, self.clock.now_ms())
    }

    pub fn rename_session(&self, id: &str, title: &str) -> Result<(), BedrockError> {
        if title.trim().is_empty() {
            return Err(validation("title", "A session needs a title."));
        }
        self.store.rename(id, title.trim())
    }

    pub fn delete_session(&self, id: &str) -> Result<(), BedrockError> {
        self.trackers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(id);
        self.store.delete(id)
    }

    /// The session as JSON another Outcrop can import.
    pub fn export_session(&self, id: &str) -> Result<String, BedrockError> {
        let export = SessionExport {
            format: EXPORT_FORMAT.into(),
            version: 1,
            title: self.store.title(id)?,
            draft: self.store.draft(id)?,
            turns: self.store.turns(id)?,
        };
        serde_json::to_string_pretty(&export).map_err(|e| BedrockError {
            code: ErrorCode::Internal,
            message: "The session could not be written as JSON.".into(),
            detail: e.to_string(),
        })
    }

    /// Writes the exported session into `dir` as `<title>.outcrop-session.json` (never over an existing
    /// file: `… (2).outcrop-session.json` and so on) and returns the file's path.
    pub fn export_session_to(&self, id: &str, dir: &Path) -> Result<std::path::PathBuf, BedrockError> {
        let json = self.export_session(id)?;
        let title = self.store.title(id)?;
        save_export(dir, &title, "session", "outcrop-session.json", &json)
    }

    /// Imports an exported session as a new one, or an exported run as a new run (opening its first session).
    pub fn import_session(&self, json: &str) -> Result<Session, BedrockError> {
        if runs::is_run_export(json) {
            return self.import_run(json);
        }
        let export: SessionExport = serde_json::from_str(json).map_err(|e| {
            validation(
                "file",
                format!(
                    "This is not an Outcrop session export (line {}, column {}: {e}).",
                    e.line(),
                    e.column()
                ),
            )
        })?;
        if export.format != EXPORT_FORMAT || export.version != 1 {
            return Err(validation(
                "file",
                format!(
                    "This file is \"{}\" version {}; Outcrop imports \"{EXPORT_FORMAT}\" version 1.",
                    export.format, export.version
                ),
            ));
        }
        let now = self.clock.now_ms();
        let id = session_id(now);
        let (title, title_source) = if export.title.trim().is_empty() {
            (String::new(), TitleSource::Auto)
        } else {
            (format!("{} (imported)", export.title), TitleSource::User)
        };
        self.store.import(
            &[store::ImportedSession {
                id: id.clone(),
                title,
                title_source,
                run: None,
                draft: export.draft,
                turns: export.turns,
            }],
            now,
        )?;
        self.session(&id)
    }

    // ---- planning ----

    /// The conversation's blocks with the sizes CountTokens gave on `api`'s wire, where it has, prefixes
    /// counted whole folded in; and what those prefixes hold beyond their blocks.
    fn flatten_counted(
        &self,
        conversation: &Conversation,
        api: Api,
        target: &Target,
    ) -> (Flattened, Vec<PrefixFraming>) {
        let mut flat = conversation.flatten();
        let counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
        let model = target.model_id().to_owned();
        let overhead = self
            .message_overhead
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&(model.clone(), api))
            .copied();
        let mut last_message = None;
        for (block, origin) in flat.blocks.iter_mut().zip(&flat.origins) {
            block.counted_tokens = counts.get(&(model.clone(), api, block_key(block))).copied();
            // A message's framing is counted with its first block, where the service counts it.
            if let BlockOrigin::Message { message, .. } = origin
                && last_message != Some(*message)
            {
                last_message = Some(*message);
                match (block.counted_tokens, overhead) {
                    (Some(n), Some(overhead)) => block.counted_tokens = Some(n + overhead),
                    _ => block.counted_tokens = None,
                }
            }
        }
        drop(counts);
        let prefix_counts = self.prefix_counts.lock().unwrap_or_else(PoisonError::into_inner);
        let totals: Vec<Option<u32>> = (0..flat.points.len())
            .map(|k| {
                sizes::prefix_to_point(conversation, k)
                    .and_then(|p| prefix_counts.get(&(model.clone(), api, prefix_key(&p))).copied())
            })
            .collect();
        let framing = sizes::fold_prefix_counts(&mut flat.blocks, &flat.points, &totals);
        (flat, framing)
    }

    fn analyse(
        &self,
        conversation: &Conversation,
        api: Api,
        target: &Target,
        tracker: &CacheTracker,
        now_ms: u64,
    ) -> (Flattened, CachePlan, Prediction, Vec<PrefixFraming>) {
        let (flat, framing) = self.flatten_counted(conversation, api, target);
        let facts = self.facts.lookup(target.model_id());
        let previous = tracker.last_sent.as_ref().map(|sent| {
            flat.blocks
                .iter()
                .zip(&sent.texts)
                .map(|(b, text)| Block {
                    text: text.clone(),
                    ..b.clone()
                })
                .collect::<Vec<_>>()
        });
        let plan = self.planner.lock().unwrap_or_else(PoisonError::into_inner).plan(
            &flat.blocks,
            &flat.points,
            facts,
            previous.as_deref(),
        );
        let prediction = tracker.predict(&flat.blocks, &plan, &target.scope(), now_ms);
        (flat, plan, prediction, framing)
    }

    fn quote_for(&self, target: &Target) -> Option<PriceQuote> {
        self.prices
            .table()
            .quote(target.model_id(), target.geography().as_deref())
    }

    fn prices_for(&self, target: &Target) -> Option<Prices> {
        self.quote_for(target).map(|q| q.prices)
    }

    /// Every rule that stops a send: the conversation's own, cache points Bedrock would refuse, and input over
    /// the model's context window.
    fn problems(
        conversation: &Conversation,
        flat: &Flattened,
        plan: &CachePlan,
        facts: Option<&ModelFacts>,
    ) -> Vec<FieldError> {
        let mut problems = conversation.problems();
        if let Some(facts) = facts
            && let Some(context) = facts.context_tokens
            && let Some(problem) =
                request_limits::over_context_window(plan, &flat.origins, context, &facts.name)
        {
            problems.push(problem);
        }
        for point in &plan.points {
            for problem in point.problems.iter().filter(|p| p.refuses()) {
                problems.push(FieldError {
                    field: flat
                        .point_origins
                        .get(point.index as usize)
                        .map_or_else(|| format!("cachePoints[{}]", point.index), BlockOrigin::field),
                    message: problem.describe(point.index + 1),
                });
            }
        }
        problems
    }

    /// The plan for the conversation as it stands, sent through `api`: no network, fast enough to run on
    /// every keystroke.
    pub fn plan(
        &self,
        session_id: Option<&str>,
        conversation: &Conversation,
        api: Api,
        target: &Target,
    ) -> Result<PlanView, BedrockError> {
        let now = self.clock.now_ms();
        let tracker = match session_id {
            Some(id) => self.tracker(id)?,
            None => CacheTracker::default(),
        };
        let (flat, plan, prediction, framing) = self.analyse(conversation, api, target, &tracker, now);
        let quote = self.quote_for(target);
        let prices = quote.as_ref().map(|q| q.prices);
        let facts = self.facts.lookup(target.model_id());
        Ok(PlanView {
            resolution: target.resolution.clone(),
            region: target.region.clone(),
            caching: facts.map(|f| CachingRules {
                name: f.name.clone(),
                min_tokens: f.cache.min_tokens,
                ttls: f.cache.ttls.clone(),
                fields: f.cache.fields.clone(),
                note: f.cache.note.clone(),
            }),
            problems: Self::problems(conversation, &flat, &plan, facts),
            sizes: sizes::size_basis(
                conversation,
                &flat,
                api,
                target.resolution.foundation_model_id.as_deref(),
                framing,
            ),
            blocks: flat.origins,
            points: flat.point_origins,
            predicted_cost: prices.map(|p| pricing::turn_cost(&prediction.as_usage(), &p)),
            break_even_reads: prices.and_then(|p| pricing::break_even_reads(&p, false)),
            prices,
            price_quote: quote,
            plan,
            prediction,
            cache: tracker.countdown(now),
            now_ms: now,
        })
    }

    /// Counts each block with CountTokens (bare foundation-model ID) on the wire `api` sends — the
    /// Converse request or InvokeModel's Anthropic body —, keeping the counts per block content so an edit
    /// only recounts what changed. Models and Regions that cannot count keep local estimates.
    pub async fn count_tokens(
        &self,
        client: &Client,
        conversation: &Conversation,
        api: Api,
        target: &Target,
    ) -> Result<TokenCountReport, BedrockError> {
        let flat = conversation.flatten();
        let total = flat.blocks.len() as u32;
        let Some(model) = target.resolution.foundation_model_id.clone() else {
            return Ok(TokenCountReport {
                counted_blocks: 0,
                estimated_blocks: total,
                unavailable: Some(
                    "The model behind this ID is not known, so CountTokens cannot be asked; sizes are estimates."
                        .into(),
                ),
            });
        };
        if !model.starts_with("anthropic.") {
            return Ok(TokenCountReport {
                counted_blocks: 0,
                estimated_blocks: total,
                unavailable: Some(
                    "CountTokens counts Claude models only; sizes for this model are estimates.".into(),
                ),
            });
        }
        // Checked as the send would check it (a tool schema that is not JSON…), before anything is asked.
        runner::sdk_shape::sdk_conversation(conversation)?;
        let parts = runner::count_tokens::countable_parts(conversation);
        let keys: Vec<String> = flat.blocks.iter().map(block_key).collect();
        let missing: Vec<usize> = {
            let counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
            (0..flat.blocks.len())
                .filter(|&i| {
                    parts.get(i).is_some_and(Option::is_some)
                        && !counts.contains_key(&(model.clone(), api, keys[i].clone()))
                })
                .collect()
        };
        let overhead_known = self
            .message_overhead
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .contains_key(&(model.clone(), api));
        if !missing.is_empty() || !overhead_known {
            let wanted: Vec<_> = missing.iter().map(|&i| parts[i].clone()).collect();
            match runner::count_tokens::count_parts(client, &model, api, &wanted).await {
                Ok(figures) => {
                    self.message_overhead
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .insert((model.clone(), api), figures.message_overhead);
                    self.probe_message
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .insert((model.clone(), api), figures.probe_message);
                    let mut counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
                    if counts.len() > 50_000 {
                        counts.clear();
                    }
                    for (&i, figure) in missing.iter().zip(figures.blocks) {
                        if let Some(n) = figure {
                            counts.insert((model.clone(), api, keys[i].clone()), n);
                        }
                    }
                }
                Err(error) if error.code == ErrorCode::Validation => {
                    return Ok(TokenCountReport {
                        counted_blocks: 0,
                        estimated_blocks: total,
                        unavailable: Some(format!(
                            "CountTokens is not available for {model} here ({}); sizes are estimates.",
                            error.message
                        )),
                    });
                }
                Err(error) => return Err(error),
            }
        }
        self.count_prefixes(client, conversation, api, &model, &keys)
            .await?;
        let counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
        let counted = keys
            .iter()
            .filter(|k| counts.contains_key(&(model.clone(), api, (*k).clone())))
            .count() as u32;
        Ok(TokenCountReport {
            counted_blocks: counted,
            estimated_blocks: total - counted,
            unavailable: None,
        })
    }

    /// Counts whole each prefix up to a cache point whose blocks are all counted, once per prefix content:
    /// what the service adds for the request and its sections is then in the plan's prefix sizes.
    async fn count_prefixes(
        &self,
        client: &Client,
        conversation: &Conversation,
        api: Api,
        model: &str,
        keys: &[String],
    ) -> Result<(), BedrockError> {
        let flat = conversation.flatten();
        let parts = runner::count_tokens::countable_parts(conversation);
        let Some(probe_message) = self
            .probe_message
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&(model.to_owned(), api))
            .copied()
        else {
            return Ok(());
        };
        for (k, point) in flat.points.iter().enumerate() {
            let after = point.after_blocks as usize;
            let all_counted = {
                let counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
                (0..after.min(keys.len())).all(|i| {
                    parts.get(i).is_some_and(Option::is_some)
                        && counts.contains_key(&(model.to_owned(), api, keys[i].clone()))
                })
            };
            let Some(prefix) = sizes::prefix_to_point(conversation, k).filter(|_| all_counted && after > 0)
            else {
                continue;
            };
            let key = (model.to_owned(), api, prefix_key(&prefix));
            if self
                .prefix_counts
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .contains_key(&key)
            {
                continue;
            }
            // A prefix the service will not count alone (say, one ending in an assistant's tool use) keeps
            // the sum of its blocks.
            let n = match runner::count_tokens::count_prefix(client, model, api, &prefix, probe_message).await
            {
                Ok(n) => n,
                Err(error) if error.code == ErrorCode::Validation => continue,
                Err(error) => return Err(error),
            };
            let mut prefix_counts = self.prefix_counts.lock().unwrap_or_else(PoisonError::into_inner);
            if prefix_counts.len() > 10_000 {
                prefix_counts.clear();
            }
            prefix_counts.insert(key, n);
        }
        Ok(())
    }

    // ---- sending ----

    /// Reserves the next turn of a session: from here on Stop cancels it, even before anything is sent
    /// (while credentials are refreshed or the catalogue loads). A session runs one turn at a time.
    pub fn reserve_turn(&self, session_id: &str) -> Result<TurnReservation, BedrockError> {
        let mut running = self.running.lock().unwrap_or_else(PoisonError::into_inner);
        if running.contains_key(session_id) {
            return Err(BedrockError {
                code: ErrorCode::Conflict,
                message: "A turn of this session is still running; stop it or wait for it to finish.".into(),
                detail: format!("session {session_id} is sending"),
            });
        }
        let token = CancellationToken::new();
        running.insert(session_id.to_owned(), token.clone());
        Ok(TurnReservation {
            running: Arc::clone(&self.running),
            session_id: session_id.to_owned(),
            token,
        })
    }

    /// Sends the draft's conversation as the next turn of session `session_id`, streaming to `sink`.
    /// Refuses before sending anything Bedrock would refuse. The turn is saved however it ends.
    pub async fn send(
        &self,
        client: &Client,
        session_id: &str,
        draft: &Draft,
        target: &Target,
        sink: &(dyn Fn(TurnEvent) + Send + Sync),
    ) -> Result<TurnRecord, BedrockError> {
        let reservation = self.reserve_turn(session_id)?;
        self.send_reserved(client, &reservation, draft, target, sink)
            .await
    }

    /// [`PlaygroundService::send`] for a turn reserved earlier.
    pub async fn send_reserved(
        &self,
        client: &Client,
        reservation: &TurnReservation,
        draft: &Draft,
        target: &Target,
        sink: &(dyn Fn(TurnEvent) + Send + Sync),
    ) -> Result<TurnRecord, BedrockError> {
        let session_id = reservation.session_id.as_str();
        let started_at = self.clock.now_ms();
        let tracker = self.tracker(session_id)?;
        let conversation = &draft.conversation;
        let (flat, plan, prediction, _) = self.analyse(conversation, draft.api, target, &tracker, started_at);
        let problems = Self::problems(conversation, &flat, &plan, self.facts.lookup(target.model_id()));
        if !problems.is_empty() {
            return Err(BedrockError::from_field_errors(&problems));
        }
        self.send_registered(CheckedTurn {
            client,
            session_id,
            draft,
            target,
            sink,
            cancel: &reservation.token,
            started_at,
            tracker,
            flat,
            plan,
            prediction,
        })
        .await
    }

    async fn send_registered(&self, turn: CheckedTurn<'_>) -> Result<TurnRecord, BedrockError> {
        let CheckedTurn {
            client,
            session_id,
            draft,
            target,
            sink,
            cancel,
            started_at,
            mut tracker,
            flat,
            plan,
            prediction,
        } = turn;
        let mut record = TurnRecord {
            id: 0,
            session_id: session_id.to_owned(),
            seq: 0,
            status: TurnStatus::Running,
            started_at_ms: started_at,
            model_choice: draft.model_choice.clone(),
            invoke_id: target.resolution.invoke_id.clone(),
            foundation_model_id: target.resolution.foundation_model_id.clone(),
            region: target.region.clone(),
            api: draft.api,
            request: draft.conversation.clone(),
            reply: Vec::new(),
            stop_reason: None,
            error: None,
            usage: None,
            prices: self.prices_for(target),
            cost: None,
            prediction,
            reconciliation: None,
            latency: Latency::default(),
            attempts: 0,
        };
        (record.id, record.seq) = self.store.begin_turn(&record)?;
        sink(TurnEvent::Started {
            turn_id: record.id,
            invoke_id: record.invoke_id.clone(),
        });
        let outcome = runner::run_turn(
            &runner::RunContext {
                client,
                invoke_id: &target.resolution.invoke_id,
                api: draft.api,
                backoff: self.backoff,
                cancel,
            },
            &draft.conversation,
            sink,
        )
        .await;
        record.status = outcome.status;
        record.reply = outcome.reply;
        record.stop_reason = outcome.stop_reason;
        record.error = outcome.error.as_ref().map(TurnError::from);
        record.latency = outcome.latency;
        record.attempts = outcome.attempts;
        record.usage = outcome.usage;
        if let Some(usage) = &outcome.usage {
            record.cost = record.prices.map(|p| pricing::turn_cost(usage, &p));
            let cross_region = target.resolution.route == Route::SystemProfile;
            record.reconciliation = Some(cache_tracker::reconcile(&record.prediction, usage, cross_region));
            tracker.record(
                &flat.blocks,
                &plan,
                &record.prediction,
                usage,
                &target.scope(),
                started_at,
            );
        }
        let mut next = draft.clone();
        if record.status == TurnStatus::Complete && !record.reply.is_empty() {
            next.conversation.messages.push(Message {
                role: Role::Assistant,
                content: record.reply.clone(),
            });
        }
        self.store
            .finish_turn(&record, &next, &tracker, self.clock.now_ms())?;
        self.trackers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(session_id.to_owned(), tracker);
        sink(TurnEvent::Finished {
            turn: Box::new(record.clone()),
        });
        Ok(record)
    }

    /// Stops the running turn of a session; the partial answer is kept. False when nothing was running.
    pub fn cancel(&self, session_id: &str) -> bool {
        match self
            .running
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(session_id)
        {
            Some(token) => {
                token.cancel();
                true
            }
            None => false,
        }
    }

    // ---- the placement bake-off ----

    /// Runs the draft's conversation and its follow-ups once per placement, each in a session of its own,
    /// and recommends one. Each run's prefix starts with a marker naming it (in the first tool, else the
    /// system prompt), so one strategy's cache writes cannot turn into another's reads.
    pub async fn bakeoff(
        &self,
        client: &Client,
        request: &BakeoffRequest,
        target: &Target,
        sink: &(dyn Fn(BakeoffEvent) + Send + Sync),
    ) -> Result<BakeoffReport, BedrockError> {
        let mut placements = Vec::new();
        for placement in &request.placements {
            if !placements.contains(placement) {
                placements.push(*placement);
            }
        }
        if !(2..=4).contains(&placements.len()) {
            return Err(validation(
                "placements",
                "Choose two to four placements to compare.",
            ));
        }
        if request.follow_ups.len() > 20 {
            return Err(validation("followUps", "At most 20 follow-up questions."));
        }
        if let Some(i) = request.follow_ups.iter().position(|q| q.trim().is_empty()) {
            return Err(validation(
                &format!("followUps[{i}]"),
                "This follow-up question is empty.",
            ));
        }
        let problems = request.draft.conversation.problems();
        if !problems.is_empty() {
            return Err(BedrockError::from_field_errors(&problems));
        }
        let cancel = CancellationToken::new();
        {
            let mut running = self.bakeoff.lock().unwrap_or_else(PoisonError::into_inner);
            if running.is_some() {
                return Err(BedrockError {
                    code: ErrorCode::Conflict,
                    message: "A bake-off is already running; stop it or wait for it to finish.".into(),
                    detail: "bake-off running".into(),
                });
            }
            *running = Some(RunningBakeoff {
                cancel: cancel.clone(),
                session_id: String::new(),
            });
        }
        let report = self
            .run_bakeoff(client, request, &placements, target, sink, &cancel)
            .await;
        *self.bakeoff.lock().unwrap_or_else(PoisonError::into_inner) = None;
        report
    }

    async fn run_bakeoff(
        &self,
        client: &Client,
        request: &BakeoffRequest,
        placements: &[Placement],
        target: &Target,
        sink: &(dyn Fn(BakeoffEvent) + Send + Sync),
        cancel: &CancellationToken,
    ) -> Result<BakeoffReport, BedrockError> {
        let turns = request.follow_ups.len() as u32 + 1;
        sink(BakeoffEvent::Started {
            placements: placements.to_vec(),
            turns,
        });
        let run = self.clock.now_ms();
        let mut results = Vec::new();
        for &placement in placements {
            if cancel.is_cancelled() {
                break;
            }
            let mut history = request
                .draft
                .conversation
                .with_marker(&format!("[Outcrop bake-off {run:x} · {}]", placement.label()));
            let draft = Draft {
                conversation: bakeoff::apply(placement, &history, request.ttl),
                model_choice: request.draft.model_choice.clone(),
                api: request.draft.api,
            };
            let session = self.create_session(
                "",
                draft.clone(),
                Some(SessionRun {
                    id: format!("b{run:x}"),
                    kind: RunKind::Bakeoff,
                    label: store::placement_key(placement),
                }),
            )?;
            if let Some(running) = self
                .bakeoff
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .as_mut()
            {
                running.session_id = session.id.clone();
            }
            let mut result = StrategyResult {
                placement,
                session_id: session.id.clone(),
                turns: Vec::new(),
                error: None,
            };
            for turn in 1..=turns {
                if cancel.is_cancelled() {
                    result.error = Some("cancelled".into());
                    break;
                }
                sink(BakeoffEvent::Progress {
                    placement,
                    turn,
                    of: turns,
                });
                let draft = Draft {
                    conversation: bakeoff::apply(placement, &history, request.ttl),
                    ..draft.clone()
                };
                let record = match self.send(client, &session.id, &draft, target, &|_| {}).await {
                    Ok(record) => record,
                    Err(error) => {
                        result.error = Some(error.message);
                        break;
                    }
                };
                if record.status != TurnStatus::Complete {
                    result.error = Some(record.error.map_or_else(|| "cancelled".to_owned(), |e| e.message));
                    break;
                }
                let usage = record.usage.unwrap_or_default();
                let strategy_turn = StrategyTurn {
                    turn,
                    cost: record.cost.map_or(0.0, |c| c.total),
                    without_cache: record.cost.map_or(0.0, |c| c.without_cache),
                    input_tokens: usage.input_tokens,
                    cache_read_tokens: usage.cache_read_input_tokens,
                    cache_write_tokens: usage.cache_write_tokens(),
                    output_tokens: usage.output_tokens,
                    time_to_first_token_ms: record.latency.time_to_first_token_ms,
                    total_ms: record.latency.total_ms,
                };
                sink(BakeoffEvent::TurnDone {
                    placement,
                    turn: strategy_turn,
                });
                result.turns.push(strategy_turn);
                history.messages.push(Message {
                    role: Role::Assistant,
                    content: record.reply,
                });
                if let Some(question) = request.follow_ups.get(turn as usize - 1) {
                    history.messages.push(Message {
                        role: Role::User,
                        content: vec![ContentItem::Text {
                            text: question.clone(),
                        }],
                    });
                }
            }
            sink(BakeoffEvent::StrategyDone {
                result: result.clone(),
            });
            results.push(result);
        }
        let cancelled = cancel.is_cancelled();
        Ok(BakeoffReport {
            recommendation: if cancelled {
                None
            } else {
                bakeoff::recommend(&results)
            },
            results,
            cancelled,
        })
    }

    /// Stops the running bake-off after cancelling its turn in flight. False when none is running.
    pub fn cancel_bakeoff(&self) -> bool {
        let running = self
            .bakeoff
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        match running {
            Some(RunningBakeoff { cancel, session_id }) => {
                cancel.cancel();
                self.cancel(&session_id);
                true
            }
            None => false,
        }
    }
}
