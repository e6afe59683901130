//! The cache plan: for a conversation and a model, where each cache point stands, how many tokens its prefix
//! holds (tools → system → messages), whether it can cache at all on this model, and what is wrong with the
//! placement — decided as the person types, without a network.
//!
//! Also the prefix-stability lint: text inside a cached prefix that changes from one request to the next
//! (timestamps, dates, UUIDs, random IDs, counters, JSON whose key order moved) silently turns every cache
//! read into a fresh write. Each finding carries its span and the move that fixes it.
//!
//! Recomputing is incremental: token counts and lint findings are kept per block content hash, so after a
//! one-block edit only that block is read again.
//!
//! - `block`: what the plan reads — the request's blocks and its cache points.
//! - `plan`: what it says — each point analysed, its problems, the lint findings.
//! - `planner`: the analysis, memoised per block.
//! - `lint`: the prefix-stability rules.
//! - `estimate`: a token estimate for text the service has not counted.

mod block;
mod estimate;
mod lint;
mod plan;
mod planner;

pub use self::block::{Block, BlockKind, CachePoint};
pub use self::estimate::estimate_tokens;
pub use self::lint::{LintFinding, LintFix, LintKind};
pub use self::plan::{CachePlan, PointPlan, PointProblem};
pub use self::planner::Planner;
