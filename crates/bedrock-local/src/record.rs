//! What the server has served: one entry per inference request (Converse, ConverseStream, InvokeModel,
//! InvokeModelWithResponseStream, the Messages API), kept in memory, the oldest forgotten past a bound. The
//! CloudWatch operations (`cloudwatch`) answer from it, as AWS/Bedrock's metrics come from what bedrock-runtime
//! served.

use std::collections::VecDeque;
use std::sync::{Mutex, PoisonError};
use std::time::SystemTime;

use crate::endpoint::Endpoint;
use crate::support::ServiceTier;
use crate::world::Tag;

/// How many invocations the record keeps; past it the oldest go first. At a request a second that is over half
/// a day of traffic, in some 20 MB at most (an entry is a few hundred bytes).
pub const RECORD_CAPACITY: usize = 50_000;

/// How a request ended, for the metric it counts under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Answered: counts as an invocation, with its tokens and latency.
    Served,
    /// Refused as the caller's mistake (4xx but 429): InvocationClientErrors.
    ClientError,
    /// Failed on the service's side (5xx): InvocationServerErrors.
    ServerError,
    /// Throttled (429): InvocationThrottles.
    Throttled,
}

impl Outcome {
    /// The outcome an HTTP status stands for; `None` for a success (those are recorded with their usage).
    pub fn of_status(status: u16) -> Option<Self> {
        match status {
            429 => Some(Self::Throttled),
            400..=499 => Some(Self::ClientError),
            500..=599 => Some(Self::ServerError),
            _ => None,
        }
    }
}

/// Tokens and timings of an answered request, as its answer reported them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Usage {
    /// Input read afresh (not from or into the cache): Converse's `inputTokens`.
    pub input_tokens: u32,
    pub output_tokens: u32,
    /// `None` when the model has no prompt cache here (no cache metrics are published for it).
    pub cache_read_tokens: Option<u32>,
    pub cache_write_tokens: Option<u32>,
    /// Of `cache_write_tokens`, those written with a one-hour TTL (the rest lived five minutes).
    pub cache_write_1h_tokens: u32,
    /// From the request to the last token, under the latency model.
    pub latency_ms: f64,
    /// From the request to the first token under the latency model; `None` for an answer sent whole.
    pub time_to_first_token_ms: Option<f64>,
}

/// One inference request the server handled.
#[derive(Debug, Clone, PartialEq)]
pub struct Invocation {
    /// When it was handled, by the server's clock.
    pub time: SystemTime,
    /// The model ID, inference profile ID or ARN exactly as the request named it.
    pub invoked: String,
    /// The foundation model it resolved to, when it resolved.
    pub foundation_model: Option<String>,
    /// The project it ran under (`default` when it named none or was refused before that was known).
    pub project: String,
    pub endpoint: Endpoint,
    pub tier: ServiceTier,
    pub outcome: Outcome,
    /// Present when `outcome` is `Served`.
    pub usage: Option<Usage>,
    /// The application profile's tags when it was invoked (empty for models and system profiles).
    pub tags: Vec<Tag>,
}

/// The bounded record of invocations, oldest first.
#[derive(Debug)]
pub struct InvocationRecord {
    capacity: usize,
    entries: Mutex<VecDeque<Invocation>>,
}

impl Default for InvocationRecord {
    fn default() -> Self {
        Self::with_capacity(RECORD_CAPACITY)
    }
}

impl InvocationRecord {
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            capacity,
            entries: Mutex::new(VecDeque::new()),
        }
    }

    pub fn push(&self, invocation: Invocation) {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        while entries.len() >= self.capacity.max(1) {
            entries.pop_front();
        }
        entries.push_back(invocation);
    }

    /// Everything recorded, oldest first.
    pub fn snapshot(&self) -> Vec<Invocation> {
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries.iter().cloned().collect()
    }

    pub fn clear(&self) {
        self.entries
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invocation(n: u64) -> Invocation {
        Invocation {
            time: SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(n),
            invoked: format!("model-{n}"),
            foundation_model: None,
            project: "default".to_owned(),
            endpoint: Endpoint::Runtime,
            tier: ServiceTier::Default,
            outcome: Outcome::ClientError,
            usage: None,
            tags: Vec::new(),
        }
    }

    #[test]
    fn keeps_only_the_newest_up_to_its_capacity() {
        let record = InvocationRecord::with_capacity(2);
        for n in 0..3 {
            record.push(invocation(n));
        }
        let kept: Vec<String> = record.snapshot().into_iter().map(|i| i.invoked).collect();
        assert_eq!(kept, ["model-1", "model-2"]);
        record.clear();
        assert!(record.snapshot().is_empty());
    }

    #[test]
    fn statuses_map_to_the_error_metrics() {
        assert_eq!(Outcome::of_status(200), None);
        assert_eq!(Outcome::of_status(400), Some(Outcome::ClientError));
        assert_eq!(Outcome::of_status(404), Some(Outcome::ClientError));
        assert_eq!(Outcome::of_status(429), Some(Outcome::Throttled));
        assert_eq!(Outcome::of_status(500), Some(Outcome::ServerError));
        assert_eq!(Outcome::of_status(503), Some(Outcome::ServerError));
    }
}
