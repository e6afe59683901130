//! Sending one turn: ConverseStream (or InvokeModelWithResponseStream with an Anthropic body) through the
//! SDK, turned into [`TurnEvent`]s as they arrive, with throttling retried under a visible backoff,
//! cancellation at any moment, and the partial answer kept when the stream fails; and CountTokens on the
//! wire each transport sends.
//!
//! One file per transport ([`converse`], [`invoke_model`]); [`sdk_shape`] shapes requests, [`outcome`] is what a
//! run gives back, [`project`] adds the project the SDK cannot name, [`turn`] picks the transport and retries.

pub mod converse;
pub mod count_tokens;
pub mod invoke_model;
pub mod messages_api;
pub mod outcome;
pub mod project;
pub mod sdk_shape;
pub mod turn;

pub use outcome::{Backoff, RunContext, RunOutcome};
pub use outcrop_core::conversation::{ANTHROPIC_DEFAULT_MAX_TOKENS, Api};
pub use turn::run_turn;

pub use crate::playground::types::{Latency, TurnError, TurnEvent, TurnStatus};
