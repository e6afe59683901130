//! The ConverseStream transport: the conversation in the SDK's shapes, the stream's events turned into
//! [`TurnEvent`]s as they arrive, the metadata event's usage (cache reads and writes, by TTL) kept.

use std::time::{Duration, Instant};

use aws_sdk_bedrockruntime::types as sdk;
use outcrop_core::conversation::Conversation;
use outcrop_core::pricing::Usage;

use super::outcome::{
    Partial, Reply, RunContext, RunOutcome, ended_early, failed_midway, next_event, reported_tier, sdk_tier,
    sent, settle,
};
use super::sdk_shape::sdk_conversation;
use crate::OutcropError;
use crate::playground::types::{TurnEvent, TurnStatus};

fn usage_from_sdk(usage: &sdk::TokenUsage) -> Usage {
    let n = |v: i32| u64::try_from(v).unwrap_or(0);
    let write = n(usage.cache_write_input_tokens().unwrap_or(0));
    let details = usage.cache_details();
    let (write_5m, write_1h) = if details.is_empty() {
        (write, 0)
    } else {
        details.iter().fold((0, 0), |(five, hour), d| match d.ttl() {
            sdk::CacheTtl::OneHour => (five, hour + n(d.input_tokens())),
            _ => (five + n(d.input_tokens()), hour),
        })
    };
    Usage {
        input_tokens: n(usage.input_tokens()),
        output_tokens: n(usage.output_tokens()),
        cache_read_input_tokens: n(usage.cache_read_input_tokens().unwrap_or(0)),
        cache_write5m_tokens: write_5m,
        cache_write1h_tokens: write_1h,
        implicit_read_tokens: 0,
    }
}

pub(super) async fn converse_stream(
    ctx: &RunContext<'_>,
    conversation: &Conversation,
    sink: &(dyn Fn(TurnEvent) + Send + Sync),
    started: Instant,
) -> RunOutcome {
    let mut outcome = RunOutcome::nothing_yet();
    let parts = match sdk_conversation(conversation) {
        Ok(parts) => parts,
        Err(error) => {
            outcome.error = Some(error);
            return outcome;
        }
    };
    let request = ctx
        .client
        .converse_stream()
        .model_id(ctx.invoke_id)
        .set_system((!parts.system.is_empty()).then_some(parts.system))
        .set_messages(Some(parts.messages))
        .set_tool_config(parts.tools)
        .set_inference_config(parts.inference)
        .set_additional_model_request_fields(
            conversation
                .inference
                .additional_model_request_fields(ctx.model_id)
                .map(super::sdk_shape::document),
        )
        .set_service_tier(
            conversation
                .service_tier
                .and_then(|tier| sdk::ServiceTier::builder().r#type(sdk_tier(tier)).build().ok()),
        );
    let mut request = request.customize();
    if let Some(project) = conversation.named_project() {
        request = request.interceptor(super::project::ProjectIdentifier {
            project: project.to_owned(),
            carried: super::project::Carried::Body,
        });
    }
    let Some(output) = sent(ctx, "ConverseStream", request.send(), &mut outcome, started).await else {
        return outcome;
    };
    let mut stream = output.stream;
    let mut reply = Reply::default();
    let mut first_token: Option<Duration> = None;
    let mark_first = |first: &mut Option<Duration>| {
        if first.is_none() {
            *first = Some(started.elapsed());
        }
    };
    // A step that breaks the bounds on an answer ends the stream as failed, keeping what arrived.
    macro_rules! bounded {
        ($step:expr) => {
            match $step {
                Ok(value) => value,
                Err(error) => {
                    outcome.error = Some(failed_midway(error, &reply));
                    break;
                }
            }
        };
    }
    loop {
        let Some(next) = next_event(ctx, "ConverseStream", stream.recv()).await else {
            outcome.status = TurnStatus::Cancelled;
            break;
        };
        match next {
            Ok(Some(event)) => match event {
                sdk::ConverseStreamOutput::ContentBlockStart(start) => {
                    if let Some(sdk::ContentBlockStart::ToolUse(tool)) = start.start() {
                        *bounded!(reply.slot(i64::from(start.content_block_index()))) = Partial::ToolUse {
                            id: tool.tool_use_id().to_owned(),
                            name: tool.name().to_owned(),
                            input: String::new(),
                        };
                    }
                }
                sdk::ConverseStreamOutput::ContentBlockDelta(delta) => {
                    let index = delta.content_block_index();
                    let block = u32::try_from(index).unwrap_or(0);
                    match delta.delta() {
                        Some(sdk::ContentBlockDelta::Text(text)) => {
                            mark_first(&mut first_token);
                            bounded!(reply.grow(text.len()));
                            let slot = bounded!(reply.slot(i64::from(index)));
                            match slot {
                                Partial::Text(existing) => existing.push_str(text),
                                _ => *slot = Partial::Text(text.clone()),
                            }
                            sink(TurnEvent::TextDelta {
                                block,
                                text: text.clone(),
                            });
                        }
                        Some(sdk::ContentBlockDelta::ToolUse(tool)) => {
                            mark_first(&mut first_token);
                            bounded!(reply.grow(tool.input().len()));
                            if let Partial::ToolUse { input, .. } = bounded!(reply.slot(i64::from(index))) {
                                input.push_str(tool.input());
                            }
                        }
                        Some(sdk::ContentBlockDelta::ReasoningContent(reasoning)) => {
                            mark_first(&mut first_token);
                            let piece = match reasoning {
                                sdk::ReasoningContentBlockDelta::Text(t) => t.len(),
                                sdk::ReasoningContentBlockDelta::Signature(s) => s.len(),
                                _ => 0,
                            };
                            bounded!(reply.grow(piece));
                            let slot = bounded!(reply.slot(i64::from(index)));
                            if !matches!(slot, Partial::Reasoning { .. }) {
                                *slot = Partial::Reasoning {
                                    text: String::new(),
                                    signature: None,
                                };
                            }
                            if let Partial::Reasoning { text, signature } = slot {
                                match reasoning {
                                    sdk::ReasoningContentBlockDelta::Text(t) => {
                                        text.push_str(t);
                                        sink(TurnEvent::ReasoningDelta {
                                            block,
                                            text: t.clone(),
                                        });
                                    }
                                    sdk::ReasoningContentBlockDelta::Signature(s) => {
                                        *signature = Some(s.clone())
                                    }
                                    _ => {}
                                }
                            }
                        }
                        _ => {}
                    }
                }
                sdk::ConverseStreamOutput::ContentBlockStop(stop) => {
                    if let Partial::ToolUse { id, name, input } =
                        bounded!(reply.slot(i64::from(stop.content_block_index())))
                    {
                        sink(TurnEvent::ToolUse {
                            block: u32::try_from(stop.content_block_index()).unwrap_or(0),
                            tool_use_id: id.clone(),
                            name: name.clone(),
                            input: input.clone(),
                        });
                    }
                }
                sdk::ConverseStreamOutput::MessageStop(stop) => {
                    let reason = stop.stop_reason().as_str().to_owned();
                    sink(TurnEvent::Stop {
                        reason: reason.clone(),
                    });
                    outcome.stop_reason = Some(reason);
                }
                sdk::ConverseStreamOutput::Metadata(metadata) => {
                    if let Some(usage) = metadata.usage() {
                        let usage = usage_from_sdk(usage);
                        sink(TurnEvent::Usage { usage });
                        outcome.usage = Some(usage);
                    }
                    outcome.latency.service_latency_ms = metadata
                        .metrics()
                        .and_then(|m| u64::try_from(m.latency_ms()).ok());
                    if let Some(tier) = metadata.service_tier() {
                        outcome.service_tier = reported_tier(tier.r#type());
                    }
                }
                _ => {}
            },
            Ok(None) => {
                if outcome.stop_reason.is_some() {
                    outcome.status = TurnStatus::Complete;
                } else {
                    outcome.error = Some(ended_early("ConverseStream", "messageStop"));
                }
                break;
            }
            Err(error) => {
                let error =
                    error.map_or_else(|silent| silent, |e| OutcropError::from_sdk("ConverseStream", e));
                outcome.error = Some(failed_midway(error, &reply));
                break;
            }
        }
    }
    settle(outcome, reply, first_token, started, sink)
}
