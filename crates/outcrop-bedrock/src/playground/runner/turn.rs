//! One turn through its transport: each attempt announced, throttling retried under the visible backoff, Stop
//! honoured while waiting. A new transport is a file beside this one and an arm of the match in [`run_turn`].

use std::time::Instant;

use outcrop_core::ErrorCode;
use outcrop_core::conversation::{Api, Conversation};

use super::converse::converse_stream;
use super::invoke_model::invoke_model;
use super::messages_api::messages_api;
use super::outcome::{RunContext, RunOutcome};
use crate::OutcropError;
use crate::playground::types::{TurnEvent, TurnStatus};

fn retryable(error: &OutcropError) -> bool {
    error.code == ErrorCode::Throttled
}

/// Sends `conversation` and streams what comes back to `sink`. Never returns an error: a failed or
/// cancelled turn is an outcome with whatever arrived before it ended.
pub async fn run_turn(
    ctx: &RunContext<'_>,
    conversation: &Conversation,
    sink: &(dyn Fn(TurnEvent) + Send + Sync),
) -> RunOutcome {
    let started = Instant::now();
    if ctx.cancel.is_cancelled() {
        // Stopped before anything was sent: nothing to bill.
        let mut outcome = RunOutcome::nothing_yet();
        outcome.status = TurnStatus::Cancelled;
        outcome.attempts = 0;
        return outcome;
    }
    let mut attempt = 0;
    loop {
        attempt += 1;
        sink(TurnEvent::Attempt { attempt });
        let mut outcome = match ctx.api {
            Api::Converse => converse_stream(ctx, conversation, sink, started).await,
            Api::InvokeModel => invoke_model(ctx, conversation, sink, started).await,
            Api::Messages => messages_api(ctx, conversation, sink, started).await,
        };
        outcome.attempts = attempt;
        let nothing_arrived = outcome.reply.is_empty();
        match &outcome.error {
            Some(error) if retryable(error) && nothing_arrived && attempt < ctx.backoff.max_attempts => {
                let delay = ctx.backoff.delay(attempt + 1);
                sink(TurnEvent::Retrying {
                    attempt: attempt + 1,
                    delay_ms: delay.as_millis() as u64,
                    message: error.message.clone(),
                });
                tokio::select! {
                    () = tokio::time::sleep(delay) => continue,
                    () = ctx.cancel.cancelled() => {
                        outcome.status = TurnStatus::Cancelled;
                        outcome.error = None;
                        return outcome;
                    }
                }
            }
            _ => return outcome,
        }
    }
}
