//! Outcrop's domain, decided without a network.
//!
//! - [`model_id`]: what kind of identifier a user typed (bare model ID, cross-Region profile ID, ARN).
//! - [`pricing`]: per-turn cost, the cost without caching, savings and break-even, from a dated price table.
//! - [`profiles`]: application-profile rules, tag templates, AWS CLI equivalents, least-privilege IAM policies.
//! - [`projects`]: Bedrock projects — the rules for a name and a data-retention mode, the AWS CLI commands
//!   and the IAM actions that manage them.
//! - [`resolver`]: the ID to invoke for a choice in a Region, and why (profiles for profile-only models,
//!   the model behind an application profile).
//! - [`cache_plan`]: where cache points stand, their cumulative prefix tokens, whether each can cache on the
//!   model, placement problems, and the prefix-stability lint; incremental by block hash.
//! - [`conversation`]: a playground conversation (tools, system, messages, cache points, inference
//!   parameters), flattened for the plan and rendered as the Converse request and the Anthropic body.
//! - [`cache_tracker`]: what is cached now, the prediction for the next send ("writes N at checkpoint k,
//!   reads M"), the TTL countdown, and the reconciliation of predicted and actual usage with its causes.
//! - [`bakeoff`]: cache-point placement strategies for the bake-off, and the recommendation from their results.
//! - [`messages_endpoint`]: bedrock-runtime or bedrock-mantle for Anthropic's Messages API: host, signing name,
//!   the model ID each takes.
//! - [`request_code`]: copy as code — AWS CLI, boto3, Rust SDK, raw JSON — cache points kept.
//! - [`session_title`]: a session's title from its first question.
//! - [`what_if`]: the cost what-if — a month's cost with no cache and with each TTL at a traffic and spread,
//!   the break-even rates, cost against traffic, and the inputs a session's turns fill in.
//! - [`usage`]: usage and spend — CloudWatch's AWS/Bedrock metrics per model and profile (series, totals, cache
//!   hit rate), the prompt-caching dashboard, Cost Explorer's cost by tag, and the IAM policy they need.
//! - [`floor_probe`]: the cache-floor probe's candidates, bisection, request bound, worst-case cost and
//!   synthetic prefixes; what its answers prove.
//! - [`model_facts`]: the per-model prompt-caching facts (minimum tokens, TTLs, cacheable fields), kept as a
//!   dated data file so they can be corrected without touching code.
//! - [`error_code`]: the classified error codes every layer maps its failures to, and the UI explains.
//! - [`secret`]: a secret string that cannot be printed, serialised or left in memory by accident.
//! - [`aws_profiles`], [`connection_input`]: the AWS profiles on disk, and the rules for what a person types
//!   to set up a connection.

pub mod aws_profiles;
pub mod bakeoff;
pub mod cache_plan;
pub mod cache_tracker;
pub mod connection_input;
pub mod conversation;
pub mod demo;
pub mod error_code;
pub mod field_rule;
pub mod floor_probe;
pub mod messages_endpoint;
pub mod model_facts;
pub mod model_id;
pub mod pricing;
pub mod profiles;
pub mod projects;
pub mod report;
pub mod request_code;
pub mod request_limits;
pub mod resolver;
pub mod secret;
pub mod session_title;
pub mod usage;
pub mod what_if;

pub use error_code::ErrorCode;
pub use messages_endpoint::MessagesEndpoint;
pub use model_facts::{
    CacheFacts, CacheField, CacheTtl, MeasuredFloor, ModelApi, ModelFacts, ModelFactsTable, ParameterFacts,
    SamplingParam, ServiceTier, ThinkingMode,
};
pub use model_id::{ModelRef, ModelRefError};
pub use secret::Secret;
