//! What the cache plan says: each cache point analysed, what is wrong with it, and the lint findings.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::lint::LintFinding;
use crate::model_facts::{CacheField, CacheTtl};

/// Something wrong with one cache point.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum PointProblem {
    /// The prefix is below the model's minimum: the request succeeds and nothing is cached.
    BelowMinimum { missing_tokens: u32 },
    /// The model does not offer this TTL.
    TtlNotSupported { ttl: CacheTtl },
    /// A longer TTL after a shorter one: Bedrock refuses the request.
    LongerTtlAfterShorter,
    /// The model cannot cache this section (Nova: tools).
    SectionNotCacheable { section: CacheField },
    /// Right after a reasoning block: Bedrock refuses the request.
    AfterReasoning,
    /// The fifth or later point: Bedrock refuses the request.
    BeyondLimit { limit: u32 },
}

impl PointProblem {
    /// True when Bedrock refuses the whole request for it (a point below the minimum only caches nothing).
    pub fn refuses(&self) -> bool {
        !matches!(self, Self::BelowMinimum { .. })
    }

    /// What is wrong with cache point `number` (counted from 1) and what to do.
    pub fn describe(&self, number: u32) -> String {
        match self {
            Self::BelowMinimum { missing_tokens } => format!(
                "Cache point {number} caches nothing: its prefix needs {missing_tokens} more tokens to reach the model's minimum. Move it later or add content before it."
            ),
            Self::TtlNotSupported { ttl } => format!(
                "Cache point {number}: this model does not offer the {} TTL; use 5m.",
                ttl.as_str()
            ),
            Self::LongerTtlAfterShorter => format!(
                "Cache point {number}: a 1h point cannot follow a 5m one; put the 1h points first or make this one 5m."
            ),
            Self::SectionNotCacheable { section } => format!(
                "Cache point {number}: this model cannot cache {}; remove the point or move it into {}.",
                match section {
                    CacheField::Tools => "tool specifications",
                    CacheField::System => "the system prompt",
                    CacheField::Messages => "messages",
                },
                if *section == CacheField::Tools {
                    "the system prompt or the messages"
                } else {
                    "another section"
                }
            ),
            Self::AfterReasoning => format!(
                "Cache point {number} follows a reasoning block, which Bedrock refuses (\"Cache point cannot be inserted after reasoning block\"); move it before the reasoning or after the next block."
            ),
            Self::BeyondLimit { limit } => format!(
                "Cache point {number}: Bedrock allows at most {limit} cache points per request; remove one."
            ),
        }
    }
}

/// One cache point, analysed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PointPlan {
    pub index: u32,
    pub after_blocks: u32,
    pub section: CacheField,
    pub ttl: CacheTtl,
    /// The automatic point (top-level `cache_control`) rather than one standing in the conversation.
    pub automatic: bool,
    /// Cumulative tokens of the prefix this point closes.
    pub prefix_tokens: u32,
    /// The model's minimum per checkpoint, when known.
    pub min_tokens: Option<u32>,
    /// True when this point will cache (reaches the minimum, nothing refused).
    pub caches: bool,
    pub problems: Vec<PointProblem>,
}

/// The whole plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CachePlan {
    pub total_tokens: u32,
    /// Tokens of each block, counted or estimated (the ruler draws them).
    pub block_tokens: Vec<u32>,
    /// True when any block's size is a local estimate rather than a count from the service.
    pub estimated: bool,
    pub points: Vec<PointPlan>,
    /// Findings inside the prefix of the last point that can cache (or of the last point).
    pub lints: Vec<LintFinding>,
    /// Known caching rules for the model; `false` means the floors and TTLs could not be checked.
    pub model_known: bool,
}
