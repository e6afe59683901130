//! What a run takes and what it gives back: its context (client, ID, transport, backoff, Stop), the reply
//! assembled from the stream's deltas, and how every run ends (timings, the metrics event, the partial answer
//! kept). Every transport builds its [`RunOutcome`] from these.

use std::time::{Duration, Instant};

use aws_sdk_bedrockruntime::Client;
use aws_sdk_bedrockruntime::error::{ProvideErrorMetadata, SdkError};
use outcrop_core::ErrorCode;
use outcrop_core::conversation::{Api, ContentItem};
use outcrop_core::model_facts::ServiceTier;
use outcrop_core::pricing::Usage;
use tokio_util::sync::CancellationToken;

use crate::OutcropError;
use crate::playground::types::{Latency, TurnEvent, TurnStatus};

/// How throttled calls are retried: `first` doubles per attempt up to `cap`, for at most `max_attempts`.
#[derive(Debug, Clone, Copy)]
pub struct Backoff {
    pub first: Duration,
    pub cap: Duration,
    pub max_attempts: u32,
}

impl Default for Backoff {
    fn default() -> Self {
        Self {
            first: Duration::from_millis(500),
            cap: Duration::from_secs(8),
            max_attempts: 4,
        }
    }
}

impl Backoff {
    /// The wait before attempt `next` (2, 3, …).
    pub fn delay(&self, next: u32) -> Duration {
        let doubled = self.first.saturating_mul(1 << (next.saturating_sub(2)).min(16));
        doubled.min(self.cap)
    }
}

/// Everything a run needs besides the conversation.
#[derive(Debug)]
pub struct RunContext<'a> {
    pub client: &'a Client,
    /// Anthropic's Messages API on the same endpoint (the SDK has no operation for it).
    pub messages: &'a crate::MessagesRoute,
    pub invoke_id: &'a str,
    /// The foundation model behind `invoke_id` (an application profile's ARN does not name it), which decides
    /// the shape of model-specific fields; `invoke_id` when unknown.
    pub model_id: &'a str,
    pub api: Api,
    pub backoff: Backoff,
    pub cancel: &'a CancellationToken,
}

/// What came back from one turn, however it ended.
#[derive(Debug, Clone, PartialEq)]
pub struct RunOutcome {
    pub status: TurnStatus,
    /// The assistant's content so far (all of it when complete).
    pub reply: Vec<ContentItem>,
    pub stop_reason: Option<String>,
    pub usage: Option<Usage>,
    /// The service tier the service reports it served, when it says.
    pub service_tier: Option<ServiceTier>,
    pub latency: Latency,
    pub attempts: u32,
    pub error: Option<OutcropError>,
}

/// The tier as the SDK names it (Converse's `serviceTier.type`, InvokeModel's header).
pub(super) fn sdk_tier(tier: ServiceTier) -> aws_sdk_bedrockruntime::types::ServiceTierType {
    aws_sdk_bedrockruntime::types::ServiceTierType::from(tier.as_str())
}

/// The tier the service reported; one this Outcrop does not know is dropped rather than guessed.
pub(super) fn reported_tier(tier: &aws_sdk_bedrockruntime::types::ServiceTierType) -> Option<ServiceTier> {
    serde_json::from_value(serde_json::Value::String(tier.as_str().to_owned())).ok()
}

impl RunOutcome {
    /// Before anything came back: failed unless the run says otherwise.
    pub(super) fn nothing_yet() -> Self {
        Self {
            status: TurnStatus::Failed,
            reply: Vec::new(),
            stop_reason: None,
            usage: None,
            service_tier: None,
            latency: Latency::default(),
            attempts: 1,
            error: None,
        }
    }
}

/// A block of the reply as it is assembled from deltas.
#[derive(Debug, Default)]
pub(super) enum Partial {
    #[default]
    Empty,
    Text(String),
    ToolUse {
        id: String,
        name: String,
        input: String,
    },
    Reasoning {
        text: String,
        signature: Option<String>,
    },
}

/// At most this many content blocks in one answer: Bedrock's answers have a handful (text, tool calls,
/// reasoning), so a block index beyond it is a malformed stream, not a vector to grow.
pub(super) const MAX_REPLY_BLOCKS: usize = 256;
/// At most this many bytes of text, tool input and reasoning in one answer: far above what any model's
/// output limit produces (128K tokens is under 1 MB), far below what would exhaust memory.
pub(super) const MAX_REPLY_BYTES: usize = 16 << 20;

#[derive(Debug, Default)]
pub(super) struct Reply {
    blocks: Vec<Partial>,
    /// Bytes taken into the blocks so far.
    bytes: usize,
}

/// A stream that broke Outcrop's bounds on an answer: the turn ends as failed, with what arrived kept.
pub(super) fn malformed(what: String) -> OutcropError {
    OutcropError {
        code: ErrorCode::Internal,
        message: "The answer stream was malformed, so the turn ends here. What arrived before is kept."
            .into(),
        detail: format!("answer stream: {what}"),
        fields: Vec::new(),
        aws: None,
    }
}

impl Reply {
    /// The block at `index` (made when new); an index no answer has is a malformed stream.
    pub(super) fn slot(&mut self, index: i64) -> Result<&mut Partial, OutcropError> {
        let i = usize::try_from(index)
            .ok()
            .filter(|i| *i < MAX_REPLY_BLOCKS)
            .ok_or_else(|| malformed(format!("block index {index} is outside 0..{MAX_REPLY_BLOCKS}")))?;
        if self.blocks.len() <= i {
            self.blocks.resize_with(i + 1, Partial::default);
        }
        Ok(&mut self.blocks[i])
    }

    /// Counts `bytes` more of the answer before they are taken in; an answer past [`MAX_REPLY_BYTES`] is a
    /// malformed stream.
    pub(super) fn grow(&mut self, bytes: usize) -> Result<(), OutcropError> {
        self.bytes = self.bytes.saturating_add(bytes);
        if self.bytes > MAX_REPLY_BYTES {
            return Err(malformed(format!("the answer passed {MAX_REPLY_BYTES} bytes")));
        }
        Ok(())
    }

    fn has_content(&self) -> bool {
        self.blocks.iter().any(|b| !matches!(b, Partial::Empty))
    }

    fn into_items(self) -> Vec<ContentItem> {
        self.blocks
            .into_iter()
            .filter_map(|b| match b {
                Partial::Empty => None,
                Partial::Text(text) => Some(ContentItem::Text { text }),
                Partial::ToolUse { id, name, input } => Some(ContentItem::ToolUse {
                    tool_use_id: id,
                    name,
                    input: if input.is_empty() { "{}".into() } else { input },
                }),
                Partial::Reasoning { text, signature } => Some(ContentItem::Reasoning { text, signature }),
            })
            .collect()
    }
}

/// `future`'s result, or `None` when Stop comes first.
pub(super) async fn unless_cancelled<T>(ctx: &RunContext<'_>, future: impl Future<Output = T>) -> Option<T> {
    tokio::select! {
        value = future => Some(value),
        () = ctx.cancel.cancelled() => None,
    }
}

/// The next event of a stream unless Stop comes first (`None`). `Err(Ok(_))` is the stream's own error;
/// `Err(Err(_))` a timed-out error when the connection stayed silent for longer than the read timeout, so a
/// half-open connection ends the turn instead of hanging it (the SDK's stalled-stream protection does not watch
/// event streams).
pub(super) async fn next_event<T, E>(
    ctx: &RunContext<'_>,
    operation: &str,
    next: impl Future<Output = Result<T, E>>,
) -> Option<Result<T, Result<E, OutcropError>>> {
    let silence = ctx.messages.timeouts.read;
    let within = tokio::time::timeout(silence, next);
    match unless_cancelled(ctx, within).await? {
        Ok(Ok(event)) => Some(Ok(event)),
        Ok(Err(error)) => Some(Err(Ok(error))),
        Err(_) => Some(Err(Err(OutcropError::timed_out(
            operation,
            &format!("no data from the service for {} s", silence.as_secs_f32()),
        )))),
    }
}

/// Sends a request unless Stop comes first. When Stop comes first, or the send fails, the outcome says so with
/// the time taken, and `None` comes back: the transport returns the outcome as it is.
pub(super) async fn sent<O, E, R>(
    ctx: &RunContext<'_>,
    operation: &'static str,
    send: impl Future<Output = Result<O, SdkError<E, R>>>,
    outcome: &mut RunOutcome,
    started: Instant,
) -> Option<O>
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug + Send + Sync + 'static,
{
    let result = unless_cancelled(ctx, send).await;
    outcome.latency.total_ms = started.elapsed().as_millis() as u64;
    match result {
        None => {
            outcome.status = TurnStatus::Cancelled;
            None
        }
        Some(Err(error)) => {
            outcome.error = Some(OutcropError::from_sdk(operation, error));
            None
        }
        Some(Ok(output)) => Some(output),
    }
}

/// A stream that closed before its last event.
pub(super) fn ended_early(operation: &str, last_event: &str) -> OutcropError {
    OutcropError {
        code: ErrorCode::Network,
        message: "The answer stopped before it was finished: the connection to Bedrock closed mid-stream. The partial answer is kept; send again to retry.".into(),
        detail: format!("{operation}: the stream ended without {last_event}"),
        fields: Vec::new(),
        aws: None,
    }
}

/// A stream that failed, saying so when part of the answer had arrived.
pub(super) fn failed_midway(mut error: OutcropError, reply: &Reply) -> OutcropError {
    if reply.has_content() {
        error.message = format!("{} The partial answer is kept.", error.message);
    }
    error
}

/// The end of a stream of Anthropic events (InvokeModel's, the Messages API's): complete once `message_stop`
/// came, failed otherwise unless Stop ended it; then [`settle`].
pub(super) fn settle_anthropic_stream(
    mut outcome: RunOutcome,
    reply: Reply,
    first_token: Option<Duration>,
    started: Instant,
    sink: &(dyn Fn(TurnEvent) + Send + Sync),
) -> RunOutcome {
    if outcome.status == TurnStatus::Complete {
        outcome.error = None;
    } else if outcome.status != TurnStatus::Cancelled {
        outcome.status = TurnStatus::Failed;
    }
    settle(outcome, reply, first_token, started, sink)
}

/// The end of every run: timings, the metrics event, the reply assembled so far.
pub(super) fn settle(
    mut outcome: RunOutcome,
    reply: Reply,
    first_token: Option<Duration>,
    started: Instant,
    sink: &(dyn Fn(TurnEvent) + Send + Sync),
) -> RunOutcome {
    outcome.latency.time_to_first_token_ms = first_token.map(|d| d.as_millis() as u64);
    outcome.latency.total_ms = started.elapsed().as_millis() as u64;
    sink(TurnEvent::Metrics {
        latency: outcome.latency,
    });
    outcome.reply = reply.into_items();
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reply_takes_no_block_index_or_size_no_answer_has() {
        let mut reply = Reply::default();
        assert!(reply.slot(3).is_ok());
        assert!(reply.slot(MAX_REPLY_BLOCKS as i64 - 1).is_ok());
        for index in [MAX_REPLY_BLOCKS as i64, i64::from(i32::MAX), -1, i64::MAX] {
            let error = reply.slot(index).unwrap_err();
            assert!(error.message.contains("malformed"), "{index}: {error:?}");
            assert!(error.detail.contains(&index.to_string()));
        }
        assert_eq!(
            reply.blocks.len(),
            MAX_REPLY_BLOCKS,
            "nothing grew past the bound"
        );
        assert!(reply.grow(MAX_REPLY_BYTES).is_ok());
        assert!(reply.grow(1).is_err());
        assert!(reply.grow(usize::MAX).is_err(), "no overflow");
    }

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let backoff = Backoff::default();
        let delays: Vec<u64> = (2..=7).map(|n| backoff.delay(n).as_millis() as u64).collect();
        assert_eq!(delays, [500, 1000, 2000, 4000, 8000, 8000]);
    }
}
