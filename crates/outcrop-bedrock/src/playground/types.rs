//! What crosses IPC and is kept: drafts, turns and their events, sessions, plans, bake-offs. The UI sees
//! these shapes (their TypeScript is generated from them); the session database stores turns as they are.

use outcrop_core::bakeoff::{Placement, Recommendation, StrategyResult, StrategyTurn};
use outcrop_core::cache_plan::CachePlan;
use outcrop_core::cache_tracker::{CachedPrefix, Prediction, Reconciliation};
use outcrop_core::connection_input::FieldError;
use outcrop_core::conversation::{Api, BlockOrigin, ContentItem, Conversation};
use outcrop_core::model_facts::{
    ApiFacts, CacheField, CacheTtl, FloorClaim, MeasuredFloor, ModelFacts, ParameterFacts, ServiceTier,
    TierFacts,
};
use outcrop_core::pricing::{Billing, PriceQuote, Prices, SessionTotals, TurnCost, Usage};
use outcrop_core::resolver::Resolution;
use outcrop_core::{ErrorCode, MessagesEndpoint};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::OutcropError;

/// What the editor holds for a session between turns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Draft {
    pub conversation: Conversation,
    /// What the person picked: a model ID, a profile ID or an application-profile ARN.
    pub model_choice: String,
    #[serde(default)]
    pub api: Api,
}

/// One turn, as kept in the session database.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TurnRecord {
    #[ts(type = "number")]
    pub id: i64,
    pub session_id: String,
    pub seq: u32,
    pub status: TurnStatus,
    #[ts(type = "number")]
    pub started_at_ms: u64,
    pub model_choice: String,
    /// The model ID the request named (through the Messages API on bedrock-mantle, the foundation-model ID
    /// without a profile prefix).
    pub invoke_id: String,
    pub foundation_model_id: Option<String>,
    pub region: String,
    pub api: Api,
    /// Where a Messages API turn was sent; absent for the other transports, and for turns kept before the
    /// choice existed (bedrock-runtime).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub messages_endpoint: Option<MessagesEndpoint>,
    /// The conversation exactly as sent.
    pub request: Conversation,
    /// The assistant's answer (partial when the turn failed or was cancelled).
    pub reply: Vec<ContentItem>,
    pub stop_reason: Option<String>,
    pub error: Option<TurnError>,
    pub usage: Option<Usage>,
    /// The prices the turn was billed at (kept as sent: a later price edit does not rewrite history).
    pub prices: Option<Prices>,
    /// Which price row, tier and rate priced the turn.
    #[serde(default)]
    pub billing: Option<Billing>,
    /// The service tier the service reported serving (or the one asked for, when it did not say).
    #[serde(default)]
    pub service_tier: Option<ServiceTier>,
    pub cost: Option<TurnCost>,
    pub prediction: Prediction,
    pub reconciliation: Option<Reconciliation>,
    pub latency: Latency,
    pub attempts: u32,
}

/// A session with everything the screen shows. Its turns are sent as [`RequestDelta`]s (`SentTurn` in
/// TypeScript; the screen's `Session` has them rebuilt).
///
/// [`RequestDelta`]: super::RequestDelta
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "SentSession")]
pub struct Session {
    pub id: String,
    pub title: String,
    pub draft: Draft,
    /// The latest turns (up to [`TURN_PAGE`]); earlier ones load on demand (`earlier_turns`).
    #[serde(serialize_with = "super::sent_turns::serialize")]
    #[ts(type = "Array<SentTurn>")]
    pub turns: Vec<TurnRecord>,
    /// How many turns come before `turns`.
    pub earlier_turns: u32,
    /// Saved turns that could not be read back: named, left out of `turns` and the totals, so the rest opens.
    pub damaged_turns: Vec<DamagedTurn>,
    /// Every turn's usage and cost, loaded or not.
    pub totals: SessionTotals,
    /// Cached prefixes still alive, soonest to expire first.
    pub cache: Vec<CachedPrefix>,
    #[ts(type = "number")]
    pub now_ms: u64,
}

/// How many turns a session opens with, and how many more each "show earlier turns" loads.
pub const TURN_PAGE: u32 = 20;

/// Turns loaded on demand: those before the ones on screen (sent as [`Session`]'s are).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "SentEarlierTurns")]
pub struct EarlierTurns {
    /// Up to [`TURN_PAGE`] readable turns, in order, ending before the turn asked for.
    #[serde(serialize_with = "super::sent_turns::serialize")]
    #[ts(type = "Array<SentTurn>")]
    pub turns: Vec<TurnRecord>,
    /// How many turns come before these.
    pub earlier_turns: u32,
}

/// A saved turn that could not be read back (a damaged row): its number and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DamagedTurn {
    pub seq: u32,
    pub error: String,
    /// The turn whose request this one's builds on, when this one cannot be read because that one cannot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub builds_on: Option<u32>,
}

/// Timings of one turn.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Latency {
    /// From the request leaving to the first token arriving.
    #[ts(type = "number | null")]
    pub time_to_first_token_ms: Option<u64>,
    #[ts(type = "number")]
    pub total_ms: u64,
    /// What the service reported (`metrics.latencyMs`).
    #[ts(type = "number | null")]
    pub service_latency_ms: Option<u64>,
}

/// What streams to the screen while a turn runs.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "event", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum TurnEvent {
    /// The turn was accepted and will be sent (the saved turn's ID and the ID invoked).
    Started {
        #[ts(type = "number")]
        turn_id: i64,
        invoke_id: String,
    },
    /// Attempt `attempt` is being sent.
    Attempt {
        attempt: u32,
    },
    /// The service throttled the call; the next attempt waits `delay_ms`.
    Retrying {
        attempt: u32,
        #[ts(type = "number")]
        delay_ms: u64,
        message: String,
    },
    TextDelta {
        block: u32,
        text: String,
    },
    ReasoningDelta {
        block: u32,
        text: String,
    },
    ToolUse {
        block: u32,
        tool_use_id: String,
        name: String,
        input: String,
    },
    Stop {
        reason: String,
    },
    Usage {
        usage: Usage,
    },
    Metrics {
        latency: Latency,
    },
    /// The turn is over (complete, failed or cancelled) and saved.
    Finished {
        turn: Box<TurnRecord>,
    },
}

/// How a turn ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum TurnStatus {
    Running,
    Complete,
    Failed,
    Cancelled,
    /// The app stopped while the turn was running.
    Interrupted,
}

impl TurnStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Running => "running",
            Self::Complete => "complete",
            Self::Failed => "failed",
            Self::Cancelled => "cancelled",
            Self::Interrupted => "interrupted",
        }
    }

    pub fn parse(text: &str) -> Self {
        match text {
            "running" => Self::Running,
            "complete" => Self::Complete,
            "failed" => Self::Failed,
            "cancelled" => Self::Cancelled,
            _ => Self::Interrupted,
        }
    }
}

/// A failure as the turn keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TurnError {
    pub code: ErrorCode,
    pub message: String,
    /// Why the AWS call failed, for the UI to word; absent in turns saved before it was kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub reason: Option<crate::AwsReason>,
}

impl From<&OutcropError> for TurnError {
    fn from(error: &OutcropError) -> Self {
        Self {
            code: error.code,
            message: error.message.clone(),
            reason: error.reason().cloned(),
        }
    }
}

/// A model's caching rules, as the picker and the ruler show them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CachingRules {
    pub name: String,
    /// The floor planning uses: measured, else the highest published claim.
    pub min_tokens: u32,
    /// Every published claim of the floor, with its source (they disagree for some models).
    pub floor_claims: Vec<FloorClaim>,
    /// What the cache-floor probe measured, when it has run for this model.
    pub measured: Option<MeasuredFloor>,
    pub ttls: Vec<CacheTtl>,
    pub fields: Vec<CacheField>,
    /// The model also caches on its own: reads can come without a cache point.
    pub implicit: bool,
    pub note: Option<String>,
}

impl From<&ModelFacts> for CachingRules {
    fn from(facts: &ModelFacts) -> Self {
        Self {
            name: facts.name.clone(),
            min_tokens: facts.cache.min_tokens,
            floor_claims: facts.cache.floor_claims.clone(),
            measured: facts.cache.measured.clone(),
            ttls: facts.cache.ttls.clone(),
            fields: facts.cache.fields.clone(),
            implicit: facts.cache.implicit,
            note: facts.cache.note.clone(),
        }
    }
}

/// The plan of a conversation on a target: what the editor, the ruler and the Send button show.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlanView {
    pub resolution: Resolution,
    pub region: String,
    /// `None` when Outcrop has no caching facts for the model (floors and TTLs cannot be checked).
    pub caching: Option<CachingRules>,
    /// Which APIs serve the model, when Outcrop knows.
    pub apis: Option<ApiFacts>,
    /// Where the connection sends the Messages API: the transport's offer is checked against that host's
    /// list in `apis`, and bedrock-mantle is sent the foundation-model ID.
    pub messages_endpoint: MessagesEndpoint,
    /// Which service tiers the model offers, when Outcrop knows.
    pub service_tiers: Option<TierFacts>,
    /// Which inference parameters the model takes, when Outcrop knows: the parameters panel disables the
    /// others and says why.
    pub parameters: Option<ParameterFacts>,
    pub plan: CachePlan,
    /// Where each block of the plan comes from, by index.
    pub blocks: Vec<BlockOrigin>,
    /// Where each cache point stands, by index.
    pub points: Vec<BlockOrigin>,
    pub prediction: Prediction,
    /// Where the sizes come from (CountTokens on the send's wire, or estimates and why).
    pub sizes: SizeBasis,
    /// Rules the conversation breaks; sending is refused while there are any.
    pub problems: Vec<FieldError>,
    pub prices: Option<Prices>,
    /// Where the prices come from: the table entry, its date and source.
    pub price_quote: Option<PriceQuote>,
    /// The row, tier and rate the next send would be billed at.
    pub billing: Option<Billing>,
    /// The predicted input cost of the next send (output not yet known).
    pub predicted_cost: Option<TurnCost>,
    /// How many reads repay a 5-minute write on this model, at these prices.
    pub break_even_reads: Option<u32>,
    pub cache: Vec<CachedPrefix>,
    #[ts(type = "number")]
    pub now_ms: u64,
}

/// What CountTokens could count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TokenCountReport {
    pub counted_blocks: u32,
    pub estimated_blocks: u32,
    /// Why the counts are estimates, when they are.
    pub unavailable: Option<String>,
    /// A newer count of the same session started before this one finished: this one stopped, its requests
    /// dropped, and the window goes by the newer one.
    pub superseded: bool,
}

/// Where the plan's sizes come from: CountTokens on the wire the send will use, or local estimates and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SizeBasis {
    /// The wire the sizes are counted on.
    pub api: Api,
    pub counted_blocks: u32,
    pub estimated_blocks: u32,
    /// Why blocks are still estimates; empty when every block was counted.
    pub reasons: Vec<EstimateReason>,
    /// Where a prefix counted whole is larger (or smaller) than its blocks counted one by one: framing the
    /// service adds for the request and its sections. The plan's prefix sizes include it.
    pub prefix_framing: Vec<PrefixFraming>,
}

/// Why a block's size is a local estimate rather than a count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "reason", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum EstimateReason {
    /// CountTokens counts Claude models by their foundation-model ID; this model is not one it counts.
    ModelNotCountable,
    /// The model's facts say neither bedrock-runtime nor bedrock-mantle counts it.
    NotCountable,
    /// Countable blocks CountTokens has not counted yet on this wire (it runs shortly after an edit).
    NotCountedYet { blocks: u32 },
    /// Tool use, tool results and reasoning cannot be counted alone; they stay estimated.
    BlockKindNotCountable { blocks: u32 },
}

/// What the service counts up to a cache point beyond the counted sizes of the blocks before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PrefixFraming {
    /// The cache point, from 0.
    pub point: u32,
    /// Counted prefix minus the sum of its blocks (negative when the blocks count more alone).
    pub tokens: i32,
}

/// A placement bake-off: the draft's conversation, then each follow-up question, under each placement and
/// through each transport (every placement × every transport, each run in a session of its own).
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BakeoffRequest {
    pub draft: Draft,
    pub follow_ups: Vec<String>,
    pub placements: Vec<Placement>,
    /// The transports to try; empty sends through the draft's own (`draft.api`).
    #[serde(default)]
    pub apis: Vec<Api>,
    pub ttl: CacheTtl,
}

/// Progress of a bake-off, as it runs.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "event", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum BakeoffEvent {
    Started {
        placements: Vec<Placement>,
        /// The transports tried, in run order (each placement is sent through each).
        apis: Vec<Api>,
        turns: u32,
    },
    /// Turn `turn` (from 1) of `placement` through `api` is being sent.
    Progress {
        placement: Placement,
        api: Api,
        turn: u32,
        of: u32,
    },
    TurnDone {
        placement: Placement,
        api: Api,
        turn: StrategyTurn,
    },
    StrategyDone {
        result: StrategyResult,
    },
}

/// What a bake-off found.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BakeoffReport {
    pub results: Vec<StrategyResult>,
    pub recommendation: Option<Recommendation>,
    pub cancelled: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_turn_keeps_the_reason_of_its_aws_failure_and_older_turns_still_load() {
        let failed = OutcropError {
            code: ErrorCode::Throttled,
            message: "Too many requests".into(),
            detail: "ConverseStream: ThrottlingException".into(),
            fields: Vec::new(),
            aws: Some(Box::new(crate::error::AwsFailure {
                stage: crate::error::Stage::Call,
                reason: crate::AwsReason::Throttled {
                    aws_message: "Too many requests".into(),
                },
            })),
        };
        let kept = TurnError::from(&failed);
        let json = serde_json::to_string(&kept).unwrap_or_default();
        assert_eq!(
            json,
            r#"{"code":"throttled","message":"Too many requests","reason":{"kind":"throttled","awsMessage":"Too many requests"}}"#
        );
        let older: Result<TurnError, _> = serde_json::from_str(r#"{"code":"network","message":"dropped"}"#);
        assert!(older.is_ok_and(|e| e.reason.is_none()));
    }
}
