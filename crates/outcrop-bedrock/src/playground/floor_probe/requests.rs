//! Each request of the cache-floor probe: a fresh prefix sized by CountTokens (bare foundation-model ID)
//! where the model serves it, else by Outcrop's estimate corrected from the replies; and one Converse call,
//! throttling retried, Stop honoured while sending and waiting.

use aws_sdk_bedrockruntime::Client;
use aws_sdk_bedrockruntime::types as sdk;
use outcrop_core::ErrorCode;
use outcrop_core::conversation::{Api, Conversation, SystemItem};
use outcrop_core::floor_probe::{self, ProbeUsage, SizeCorrection};
use tokio_util::sync::CancellationToken;

use super::types::{FloorProbePlan, stopped};
use crate::OutcropError;
use crate::playground::plan::Target;
use crate::playground::runner::count_tokens;
use crate::playground::runner::sdk_shape::sdk_conversation;
use crate::playground::service::PlaygroundService;

/// Converse usage as the probe reads it.
pub(super) fn probe_usage(usage: Option<&sdk::TokenUsage>) -> ProbeUsage {
    let n = |v: i32| u32::try_from(v).unwrap_or(0);
    usage.map_or_else(ProbeUsage::default, |u| ProbeUsage {
        input_tokens: n(u.input_tokens()),
        cache_read_input_tokens: n(u.cache_read_input_tokens().unwrap_or(0)),
        cache_write_input_tokens: n(u.cache_write_input_tokens().unwrap_or(0)),
    })
}

/// How each prefix is sized.
pub(super) enum Sizer {
    /// CountTokens on the bare model ID; what the one-message question costs alone.
    Counted { model: String, question: u32 },
    /// Outcrop's estimate, corrected by what the replies report.
    Estimated(SizeCorrection),
}

/// The question alone, as CountTokens sees it.
fn question_only() -> Conversation {
    let mut conversation = floor_probe::probe_conversation(String::new());
    conversation.system.clear();
    conversation
}

/// The probe's request without its cache point: counted, less the question alone, it sizes the prefix.
fn prefix_and_question(text: &str) -> Conversation {
    let mut conversation = question_only();
    conversation.system = vec![SystemItem::Text { text: text.into() }];
    conversation
}

impl PlaygroundService {
    /// CountTokens where the model serves it (the first count tells), else the corrected estimate.
    pub(super) async fn sizer(
        &self,
        client: &Client,
        plan: &FloorProbePlan,
        cancel: &CancellationToken,
    ) -> Result<Sizer, OutcropError> {
        if !plan.plan.counted {
            return Ok(Sizer::Estimated(SizeCorrection::default()));
        }
        let question = question_only();
        let count = count_tokens::count_prefix(client.into(), &plan.model_id, Api::Converse, &question, 0);
        let counted = tokio::select! {
            counted = count => counted,
            () = cancel.cancelled() => return Err(stopped()),
        };
        match counted {
            Ok(question) => Ok(Sizer::Counted {
                model: plan.model_id.clone(),
                question,
            }),
            // Not countable here (this Region, this model): sizes come from the replies instead.
            Err(error) if error.code == ErrorCode::Validation => {
                tracing::info!(model = %plan.model_id, error = %error, "CountTokens unavailable; the probe estimates sizes");
                Ok(Sizer::Estimated(SizeCorrection::default()))
            }
            Err(error) => Err(error),
        }
    }

    /// A fresh prefix of at least `tokens` (and under `below`, where sizes allow) and its counted size
    /// (0 when estimated: the reply tells).
    #[allow(clippy::too_many_arguments)]
    pub(super) async fn prefix_for(
        &self,
        client: &Client,
        sizer: &mut Sizer,
        run: u64,
        attempt: u32,
        tokens: u32,
        below: Option<u32>,
        cancel: &CancellationToken,
    ) -> Result<(String, u32), OutcropError> {
        match sizer {
            Sizer::Estimated(correction) => {
                Ok((floor_probe::prefix_text(run, attempt, correction.aim(tokens)), 0))
            }
            Sizer::Counted { model, question } => {
                // CountTokens is free: a few counts bring the prefix onto the candidate.
                let mut aim = tokens;
                let mut best = None;
                for _ in 0..4 {
                    let text = floor_probe::prefix_text(run, attempt, aim);
                    let request = prefix_and_question(&text);
                    let count = count_tokens::count_prefix(client.into(), model, Api::Converse, &request, 0);
                    let n = tokio::select! {
                        n = count => n?.saturating_sub(*question),
                        () = cancel.cancelled() => return Err(stopped()),
                    };
                    let fits = n >= tokens && below.is_none_or(|b| n < b);
                    best = Some((text, n));
                    if fits {
                        break;
                    }
                    aim = if n < tokens {
                        aim + (tokens - n)
                    } else {
                        aim.saturating_sub(n - tokens).max(1)
                    };
                }
                best.ok_or_else(stopped)
            }
        }
    }

    /// One Converse request of the probe; throttling is retried under the engine's backoff, Stop honoured
    /// while sending and waiting.
    pub(super) async fn send_once(
        &self,
        client: &Client,
        target: &Target,
        conversation: &Conversation,
        cancel: &CancellationToken,
    ) -> Result<ProbeUsage, OutcropError> {
        let parts = sdk_conversation(conversation)?;
        let mut attempt = 1;
        loop {
            if cancel.is_cancelled() {
                return Err(stopped());
            }
            let request = client
                .converse()
                .model_id(&target.resolution.invoke_id)
                .set_system(Some(parts.system.clone()))
                .set_messages(Some(parts.messages.clone()))
                .set_inference_config(parts.inference.clone());
            let sent = tokio::select! {
                sent = request.send() => sent,
                () = cancel.cancelled() => return Err(stopped()),
            };
            match sent {
                Ok(output) => return Ok(probe_usage(output.usage())),
                Err(error) => {
                    let error = OutcropError::from_sdk("Converse", error);
                    if error.code != ErrorCode::Throttled || attempt >= self.backoff.max_attempts {
                        return Err(error);
                    }
                    attempt += 1;
                    tokio::select! {
                        () = tokio::time::sleep(self.backoff.delay(attempt)) => {}
                        () = cancel.cancelled() => return Err(stopped()),
                    }
                }
            }
        }
    }
}
