//! The InvokeModelWithResponseStream transport with an Anthropic Messages body: the same events and accounting
//! as Converse, read from Anthropic's streaming JSON.

use std::time::{Duration, Instant};

use aws_sdk_bedrockruntime::primitives::Blob;
use aws_sdk_bedrockruntime::types as sdk;
use outcrop_core::ErrorCode;
use outcrop_core::conversation::Conversation;
use outcrop_core::pricing::Usage;
use serde_json::Value;

use super::outcome::{
    Partial, Reply, RunContext, RunOutcome, ended_early, failed_midway, next_event, reported_tier, sdk_tier,
    sent, settle_anthropic_stream,
};
use crate::OutcropError;
use crate::playground::types::{TurnEvent, TurnStatus};

/// The Anthropic usage object, with the 5-minute/1-hour split when the service gives it.
fn usage_from_anthropic(usage: &Value) -> Usage {
    let n = |v: Option<&Value>| v.and_then(Value::as_u64).unwrap_or(0);
    let write = n(usage.get("cache_creation_input_tokens"));
    let (write_5m, write_1h) = match usage.get("cache_creation") {
        Some(split) => (
            n(split.get("ephemeral_5m_input_tokens")),
            n(split.get("ephemeral_1h_input_tokens")),
        ),
        None => (write, 0),
    };
    Usage {
        input_tokens: n(usage.get("input_tokens")),
        output_tokens: n(usage.get("output_tokens")),
        cache_read_input_tokens: n(usage.get("cache_read_input_tokens")),
        cache_write5m_tokens: write_5m,
        cache_write1h_tokens: write_1h,
        implicit_read_tokens: 0,
    }
}

/// One Anthropic streaming event, applied to the reply and the usage: `Ok(true)` when it carried answer text,
/// an error when it breaks the bounds on an answer (a block index or a size no answer has).
pub(super) fn apply_anthropic_event(
    event: &Value,
    reply: &mut Reply,
    usage: &mut Usage,
    outcome: &mut RunOutcome,
    sink: &(dyn Fn(TurnEvent) + Send + Sync),
) -> Result<bool, OutcropError> {
    let index = event["index"]
        .as_i64()
        .or_else(|| event["index"].as_u64().map(|_| i64::MAX))
        .unwrap_or(0);
    let block = u32::try_from(index).unwrap_or(0);
    match event["type"].as_str() {
        Some("message_start") => {
            let start = usage_from_anthropic(&event["message"]["usage"]);
            usage.input_tokens = start.input_tokens;
            usage.cache_read_input_tokens = start.cache_read_input_tokens;
            usage.cache_write5m_tokens = start.cache_write5m_tokens;
            usage.cache_write1h_tokens = start.cache_write1h_tokens;
            // Billed from here on, even if the answer is cut or cancelled.
            outcome.usage = Some(*usage);
        }
        Some("content_block_start") => {
            let content = &event["content_block"];
            *reply.slot(index)? = match content["type"].as_str() {
                Some("tool_use") => Partial::ToolUse {
                    id: content["id"].as_str().unwrap_or_default().to_owned(),
                    name: content["name"].as_str().unwrap_or_default().to_owned(),
                    input: String::new(),
                },
                Some("thinking") => Partial::Reasoning {
                    text: String::new(),
                    signature: None,
                },
                _ => Partial::Text(String::new()),
            };
        }
        Some("content_block_delta") => {
            let delta = &event["delta"];
            let piece = ["text", "partial_json", "thinking", "signature"]
                .iter()
                .find_map(|field| delta[field].as_str())
                .unwrap_or_default();
            reply.grow(piece.len())?;
            match (delta["type"].as_str(), reply.slot(index)?) {
                (Some("text_delta"), Partial::Text(text)) => {
                    text.push_str(piece);
                    sink(TurnEvent::TextDelta {
                        block,
                        text: piece.to_owned(),
                    });
                    return Ok(true);
                }
                (Some("input_json_delta"), Partial::ToolUse { input, .. }) => {
                    input.push_str(piece);
                }
                (Some("thinking_delta"), Partial::Reasoning { text, .. }) => {
                    text.push_str(piece);
                    sink(TurnEvent::ReasoningDelta {
                        block,
                        text: piece.to_owned(),
                    });
                    return Ok(true);
                }
                (Some("signature_delta"), Partial::Reasoning { signature, .. }) => {
                    *signature = delta["signature"].as_str().map(str::to_owned);
                }
                _ => {}
            }
        }
        Some("content_block_stop") => {
            if let Partial::ToolUse { id, name, input } = reply.slot(index)? {
                sink(TurnEvent::ToolUse {
                    block,
                    tool_use_id: id.clone(),
                    name: name.clone(),
                    input: input.clone(),
                });
            }
        }
        Some("message_delta") => {
            if let Some(reason) = event["delta"]["stop_reason"].as_str() {
                sink(TurnEvent::Stop {
                    reason: reason.into(),
                });
                outcome.stop_reason = Some(reason.into());
            }
            if let Some(output) = event["usage"]["output_tokens"].as_u64() {
                usage.output_tokens = output;
                outcome.usage = Some(*usage);
            }
        }
        Some("message_stop") => {
            let metrics = &event["amazon-bedrock-invocationMetrics"];
            outcome.latency.service_latency_ms = metrics["invocationLatency"].as_u64();
            sink(TurnEvent::Usage { usage: *usage });
            outcome.usage = Some(*usage);
            outcome.status = TurnStatus::Complete;
        }
        _ => {}
    }
    Ok(false)
}

/// InvokeModelWithResponseStream with an Anthropic Messages body: the same events and accounting as Converse.
pub(super) async fn invoke_model(
    ctx: &RunContext<'_>,
    conversation: &Conversation,
    sink: &(dyn Fn(TurnEvent) + Send + Sync),
    started: Instant,
) -> RunOutcome {
    let mut outcome = RunOutcome::nothing_yet();
    let body = conversation.invoke_model_body();
    let request = ctx
        .client
        .invoke_model_with_response_stream()
        .model_id(ctx.invoke_id)
        .content_type("application/json")
        .accept("application/json")
        .set_service_tier(conversation.service_tier.map(sdk_tier))
        .body(Blob::new(body.to_string().into_bytes()))
        .customize();
    let request = match conversation.named_project() {
        Some(project) => request.interceptor(super::project::ProjectIdentifier {
            project: project.to_owned(),
            carried: super::project::Carried::Header,
        }),
        None => request,
    };
    let Some(output) = sent(
        ctx,
        "InvokeModelWithResponseStream",
        request.send(),
        &mut outcome,
        started,
    )
    .await
    else {
        return outcome;
    };
    outcome.service_tier = output.service_tier().and_then(reported_tier);
    let mut stream = output.body;
    let mut reply = Reply::default();
    let mut usage = Usage::default();
    let mut first_token: Option<Duration> = None;
    loop {
        let Some(next) = next_event(ctx, "InvokeModelWithResponseStream", stream.recv()).await else {
            outcome.status = TurnStatus::Cancelled;
            break;
        };
        match next {
            Ok(Some(sdk::ResponseStream::Chunk(part))) => {
                let Some(bytes) = part.bytes() else { continue };
                let event: Value = match serde_json::from_slice(bytes.as_ref()) {
                    Ok(event) => event,
                    Err(error) => {
                        outcome.error = Some(OutcropError {
                            code: ErrorCode::Internal,
                            message: "The answer stream carried a chunk that is not Anthropic JSON.".into(),
                            detail: format!("InvokeModelWithResponseStream: {error}"),
                            fields: Vec::new(),
                            aws: None,
                        });
                        break;
                    }
                };
                match apply_anthropic_event(&event, &mut reply, &mut usage, &mut outcome, sink) {
                    Ok(true) if first_token.is_none() => first_token = Some(started.elapsed()),
                    Ok(_) => {}
                    Err(error) => {
                        outcome.error = Some(failed_midway(error, &reply));
                        break;
                    }
                }
            }
            Ok(Some(_)) => {}
            Ok(None) => {
                if outcome.status != TurnStatus::Complete {
                    outcome.error = Some(ended_early("InvokeModelWithResponseStream", "message_stop"));
                }
                break;
            }
            Err(error) => {
                let error = error.map_or_else(
                    |silent| silent,
                    |e| OutcropError::from_sdk("InvokeModelWithResponseStream", e),
                );
                outcome.error = Some(failed_midway(error, &reply));
                break;
            }
        }
    }
    settle_anthropic_stream(outcome, reply, first_token, started, sink)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anthropic_usage_splits_writes_by_ttl() {
        let usage = usage_from_anthropic(&serde_json::json!({
            "input_tokens": 10, "output_tokens": 5, "cache_read_input_tokens": 100,
            "cache_creation_input_tokens": 300,
            "cache_creation": {"ephemeral_5m_input_tokens": 100, "ephemeral_1h_input_tokens": 200}
        }));
        assert_eq!(
            (usage.cache_write5m_tokens, usage.cache_write1h_tokens),
            (100, 200)
        );
        assert_eq!(usage.total_input_tokens(), 410);
        let plain = usage_from_anthropic(
            &serde_json::json!({"input_tokens": 1, "output_tokens": 2, "cache_creation_input_tokens": 7}),
        );
        assert_eq!(plain.cache_write5m_tokens, 7);
    }
}
