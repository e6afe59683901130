//! Sending one turn: ConverseStream (or InvokeModelWithResponseStream with an Anthropic body) through the SDK, turned into
//! [`TurnEvent`]s as they arrive, with throttling retried under a visible backoff, cancellation at any
//! moment, and the partial answer kept when the stream fails.

use std::time::{Duration, Instant};

use aws_sdk_bedrockruntime::Client;
use aws_sdk_bedrockruntime::primitives::Blob;
use aws_sdk_bedrockruntime::types as sdk;
use aws_smithy_types::Document;
use outcrop_core::ErrorCode;
use outcrop_core::conversation::{ContentItem, Conversation, DocumentFormat, Role, SystemItem, ToolItem};
use outcrop_core::model_facts::CacheTtl;
use outcrop_core::pricing::Usage;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio_util::sync::CancellationToken;
use ts_rs::TS;

use crate::BedrockError;

pub use outcrop_core::conversation::{ANTHROPIC_DEFAULT_MAX_TOKENS, Api};

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
        turn: Box<super::TurnRecord>,
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
}

impl From<&BedrockError> for TurnError {
    fn from(error: &BedrockError) -> Self {
        Self {
            code: error.code,
            message: error.message.clone(),
        }
    }
}

/// What came back from one turn, however it ended.
#[derive(Debug, Clone, PartialEq)]
pub struct RunOutcome {
    pub status: TurnStatus,
    /// The assistant's content so far (all of it when complete).
    pub reply: Vec<ContentItem>,
    pub stop_reason: Option<String>,
    pub usage: Option<Usage>,
    pub latency: Latency,
    pub attempts: u32,
    pub error: Option<BedrockError>,
}

impl RunOutcome {
    /// Before anything came back: failed unless the run says otherwise.
    fn nothing_yet() -> Self {
        Self {
            status: TurnStatus::Failed,
            reply: Vec::new(),
            stop_reason: None,
            usage: None,
            latency: Latency::default(),
            attempts: 1,
            error: None,
        }
    }
}

/// The runtime client's view of a conversation.
fn document(value: Value) -> Document {
    match value {
        Value::Null => Document::Null,
        Value::Bool(b) => Document::Bool(b),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => Document::from(u),
            (None, Some(i)) => Document::from(i),
            _ => Document::from(n.as_f64().unwrap_or_default()),
        },
        Value::String(s) => Document::String(s),
        Value::Array(items) => Document::Array(items.into_iter().map(document).collect()),
        Value::Object(fields) => {
            Document::Object(fields.into_iter().map(|(k, v)| (k, document(v))).collect())
        }
    }
}

#[cfg(test)]
fn json(document: &Document) -> Value {
    match document {
        Document::Null => Value::Null,
        Document::Bool(b) => Value::Bool(*b),
        Document::Number(n) => serde_json::Number::from_f64(n.to_f64_lossy())
            .map(|f| {
                if let aws_smithy_types::Number::PosInt(u) = n {
                    Value::from(*u)
                } else if let aws_smithy_types::Number::NegInt(i) = n {
                    Value::from(*i)
                } else {
                    Value::Number(f)
                }
            })
            .unwrap_or(Value::Null),
        Document::String(s) => Value::String(s.clone()),
        Document::Array(items) => Value::Array(items.iter().map(json).collect()),
        Document::Object(fields) => Value::Object(fields.iter().map(|(k, v)| (k.clone(), json(v))).collect()),
    }
}

fn invalid(field: &str, error: impl std::fmt::Display) -> BedrockError {
    BedrockError {
        code: ErrorCode::Validation,
        message: format!("{field}: {error}"),
        detail: format!("{field}: {error}"),
    }
}

fn cache_point(ttl: CacheTtl) -> Result<sdk::CachePointBlock, BedrockError> {
    let mut builder = sdk::CachePointBlock::builder().r#type(sdk::CachePointType::Default);
    if ttl == CacheTtl::OneHour {
        builder = builder.ttl(sdk::CacheTtl::OneHour);
    }
    builder.build().map_err(|e| invalid("cachePoint", e))
}

fn parse_json(field: &str, text: &str) -> Result<Document, BedrockError> {
    serde_json::from_str::<Value>(text)
        .map(document)
        .map_err(|e| invalid(field, e))
}

/// The SDK shapes of a conversation: system blocks, messages, tool configuration, inference configuration.
pub(crate) struct SdkConversation {
    pub system: Vec<sdk::SystemContentBlock>,
    pub messages: Vec<sdk::Message>,
    pub tools: Option<sdk::ToolConfiguration>,
    pub inference: Option<sdk::InferenceConfiguration>,
}

pub(crate) fn content_block(item: &ContentItem, field: &str) -> Result<sdk::ContentBlock, BedrockError> {
    Ok(match item {
        ContentItem::Text { text } => sdk::ContentBlock::Text(text.clone()),
        ContentItem::Document { name, format, text } => sdk::ContentBlock::Document(
            sdk::DocumentBlock::builder()
                .name(name)
                .format(match format {
                    DocumentFormat::Txt => sdk::DocumentFormat::Txt,
                    DocumentFormat::Md => sdk::DocumentFormat::Md,
                    DocumentFormat::Csv => sdk::DocumentFormat::Csv,
                    DocumentFormat::Html => sdk::DocumentFormat::Html,
                })
                .source(sdk::DocumentSource::Bytes(Blob::new(text.as_bytes())))
                .build()
                .map_err(|e| invalid(field, e))?,
        ),
        ContentItem::ToolUse {
            tool_use_id,
            name,
            input,
        } => sdk::ContentBlock::ToolUse(
            sdk::ToolUseBlock::builder()
                .tool_use_id(tool_use_id)
                .name(name)
                .input(parse_json(&format!("{field}.input"), input)?)
                .build()
                .map_err(|e| invalid(field, e))?,
        ),
        ContentItem::ToolResult { tool_use_id, text } => sdk::ContentBlock::ToolResult(
            sdk::ToolResultBlock::builder()
                .tool_use_id(tool_use_id)
                .content(sdk::ToolResultContentBlock::Text(text.clone()))
                .build()
                .map_err(|e| invalid(field, e))?,
        ),
        ContentItem::Reasoning { text, signature } => {
            let mut reasoning = sdk::ReasoningTextBlock::builder().text(text);
            if let Some(signature) = signature {
                reasoning = reasoning.signature(signature);
            }
            sdk::ContentBlock::ReasoningContent(sdk::ReasoningContentBlock::ReasoningText(
                reasoning.build().map_err(|e| invalid(field, e))?,
            ))
        }
        ContentItem::CachePoint { ttl } => sdk::ContentBlock::CachePoint(cache_point(*ttl)?),
    })
}

pub(crate) fn sdk_conversation(conversation: &Conversation) -> Result<SdkConversation, BedrockError> {
    let mut system = Vec::new();
    for item in &conversation.system {
        system.push(match item {
            SystemItem::Text { text } => sdk::SystemContentBlock::Text(text.clone()),
            SystemItem::CachePoint { ttl } => sdk::SystemContentBlock::CachePoint(cache_point(*ttl)?),
        });
    }
    let mut messages = Vec::new();
    for (m, message) in conversation.messages.iter().enumerate() {
        let mut builder = sdk::Message::builder().role(match message.role {
            Role::User => sdk::ConversationRole::User,
            Role::Assistant => sdk::ConversationRole::Assistant,
        });
        for (i, item) in message.content.iter().enumerate() {
            builder = builder.content(content_block(item, &format!("messages[{m}].content[{i}]"))?);
        }
        messages.push(
            builder
                .build()
                .map_err(|e| invalid(&format!("messages[{m}]"), e))?,
        );
    }
    let tools = if conversation.tools.is_empty() {
        None
    } else {
        let mut builder = sdk::ToolConfiguration::builder();
        for (i, item) in conversation.tools.iter().enumerate() {
            builder = builder.tools(match item {
                ToolItem::Tool {
                    name,
                    description,
                    input_schema,
                } => {
                    let mut spec = sdk::ToolSpecification::builder().name(name).input_schema(
                        sdk::ToolInputSchema::Json(parse_json(
                            &format!("tools[{i}].inputSchema"),
                            input_schema,
                        )?),
                    );
                    if !description.is_empty() {
                        spec = spec.description(description);
                    }
                    sdk::Tool::ToolSpec(spec.build().map_err(|e| invalid(&format!("tools[{i}]"), e))?)
                }
                ToolItem::CachePoint { ttl } => sdk::Tool::CachePoint(cache_point(*ttl)?),
            });
        }
        Some(builder.build().map_err(|e| invalid("toolConfig", e))?)
    };
    let p = &conversation.inference;
    let inference = (p.max_tokens.is_some()
        || p.temperature.is_some()
        || p.top_p.is_some()
        || !p.stop_sequences.is_empty())
    .then(|| {
        sdk::InferenceConfiguration::builder()
            .set_max_tokens(p.max_tokens.map(|v| v.min(i32::MAX as u32) as i32))
            .set_temperature(p.temperature)
            .set_top_p(p.top_p)
            .set_stop_sequences((!p.stop_sequences.is_empty()).then(|| p.stop_sequences.clone()))
            .build()
    });
    Ok(SdkConversation {
        system,
        messages,
        tools,
        inference,
    })
}

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
    }
}

/// A block of the reply as it is assembled from deltas.
#[derive(Debug, Default)]
enum Partial {
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

#[derive(Debug, Default)]
struct Reply {
    blocks: Vec<Partial>,
}

impl Reply {
    fn slot(&mut self, index: i32) -> &mut Partial {
        let i = usize::try_from(index).unwrap_or(0);
        if self.blocks.len() <= i {
            self.blocks.resize_with(i + 1, Partial::default);
        }
        &mut self.blocks[i]
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

/// Everything a run needs besides the conversation.
#[derive(Debug)]
pub struct RunContext<'a> {
    pub client: &'a Client,
    pub invoke_id: &'a str,
    pub api: Api,
    pub backoff: Backoff,
    pub cancel: &'a CancellationToken,
}

fn retryable(error: &BedrockError) -> bool {
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

/// `future`'s result, or `None` when Stop comes first.
async fn unless_cancelled<T>(ctx: &RunContext<'_>, future: impl Future<Output = T>) -> Option<T> {
    tokio::select! {
        value = future => Some(value),
        () = ctx.cancel.cancelled() => None,
    }
}

/// A stream that closed before its last event.
fn ended_early(operation: &str, last_event: &str) -> BedrockError {
    BedrockError {
        code: ErrorCode::Network,
        message: "The answer stopped before it was finished: the connection to Bedrock closed mid-stream. The partial answer is kept; send again to retry.".into(),
        detail: format!("{operation}: the stream ended without {last_event}"),
    }
}

/// A stream that failed, saying so when part of the answer had arrived.
fn failed_midway(mut error: BedrockError, reply: &Reply) -> BedrockError {
    if reply.has_content() {
        error.message = format!("{} The partial answer is kept.", error.message);
    }
    error
}

/// The end of every run: timings, the metrics event, the reply assembled so far.
fn settle(
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

async fn converse_stream(
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
        .set_inference_config(parts.inference);
    let Some(response) = unless_cancelled(ctx, request.send()).await else {
        outcome.status = TurnStatus::Cancelled;
        outcome.latency.total_ms = started.elapsed().as_millis() as u64;
        return outcome;
    };
    let mut stream = match response {
        Ok(output) => output.stream,
        Err(error) => {
            outcome.error = Some(BedrockError::from_sdk("ConverseStream", error));
            outcome.latency.total_ms = started.elapsed().as_millis() as u64;
            return outcome;
        }
    };
    let mut reply = Reply::default();
    let mut first_token: Option<Duration> = None;
    let mark_first = |first: &mut Option<Duration>| {
        if first.is_none() {
            *first = Some(started.elapsed());
        }
    };
    loop {
        let Some(next) = unless_cancelled(ctx, stream.recv()).await else {
            outcome.status = TurnStatus::Cancelled;
            break;
        };
        match next {
            Ok(Some(event)) => match event {
                sdk::ConverseStreamOutput::ContentBlockStart(start) => {
                    if let Some(sdk::ContentBlockStart::ToolUse(tool)) = start.start() {
                        *reply.slot(start.content_block_index()) = Partial::ToolUse {
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
                            let slot = reply.slot(index);
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
                            if let Partial::ToolUse { input, .. } = reply.slot(index) {
                                input.push_str(tool.input());
                            }
                        }
                        Some(sdk::ContentBlockDelta::ReasoningContent(reasoning)) => {
                            mark_first(&mut first_token);
                            let slot = reply.slot(index);
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
                    if let Partial::ToolUse { id, name, input } = reply.slot(stop.content_block_index()) {
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
                outcome.error = Some(failed_midway(
                    BedrockError::from_sdk("ConverseStream", error),
                    &reply,
                ));
                break;
            }
        }
    }
    settle(outcome, reply, first_token, started, sink)
}

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
    }
}

/// One Anthropic streaming event, applied to the reply and the usage.
fn apply_anthropic_event(
    event: &Value,
    reply: &mut Reply,
    usage: &mut Usage,
    outcome: &mut RunOutcome,
    sink: &(dyn Fn(TurnEvent) + Send + Sync),
) -> bool {
    let index = event["index"].as_i64().unwrap_or(0) as i32;
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
            *reply.slot(index) = match content["type"].as_str() {
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
            match (delta["type"].as_str(), reply.slot(index)) {
                (Some("text_delta"), Partial::Text(text)) => {
                    let piece = delta["text"].as_str().unwrap_or_default();
                    text.push_str(piece);
                    sink(TurnEvent::TextDelta {
                        block,
                        text: piece.to_owned(),
                    });
                    return true;
                }
                (Some("input_json_delta"), Partial::ToolUse { input, .. }) => {
                    input.push_str(delta["partial_json"].as_str().unwrap_or_default());
                }
                (Some("thinking_delta"), Partial::Reasoning { text, .. }) => {
                    let piece = delta["thinking"].as_str().unwrap_or_default();
                    text.push_str(piece);
                    sink(TurnEvent::ReasoningDelta {
                        block,
                        text: piece.to_owned(),
                    });
                    return true;
                }
                (Some("signature_delta"), Partial::Reasoning { signature, .. }) => {
                    *signature = delta["signature"].as_str().map(str::to_owned);
                }
                _ => {}
            }
        }
        Some("content_block_stop") => {
            if let Partial::ToolUse { id, name, input } = reply.slot(index) {
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
    false
}

/// InvokeModelWithResponseStream with an Anthropic Messages body: the same events and accounting as Converse.
async fn invoke_model(
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
        .body(Blob::new(body.to_string().into_bytes()));
    let Some(response) = unless_cancelled(ctx, request.send()).await else {
        outcome.status = TurnStatus::Cancelled;
        outcome.latency.total_ms = started.elapsed().as_millis() as u64;
        return outcome;
    };
    let mut stream = match response {
        Ok(output) => output.body,
        Err(error) => {
            outcome.error = Some(BedrockError::from_sdk("InvokeModelWithResponseStream", error));
            outcome.latency.total_ms = started.elapsed().as_millis() as u64;
            return outcome;
        }
    };
    let mut reply = Reply::default();
    let mut usage = Usage::default();
    let mut first_token: Option<Duration> = None;
    loop {
        let Some(next) = unless_cancelled(ctx, stream.recv()).await else {
            outcome.status = TurnStatus::Cancelled;
            break;
        };
        match next {
            Ok(Some(sdk::ResponseStream::Chunk(part))) => {
                let Some(bytes) = part.bytes() else { continue };
                let event: Value = match serde_json::from_slice(bytes.as_ref()) {
                    Ok(event) => event,
                    Err(error) => {
                        outcome.error = Some(BedrockError {
                            code: ErrorCode::Internal,
                            message: "The answer stream carried a chunk that is not Anthropic JSON.".into(),
                            detail: format!("InvokeModelWithResponseStream: {error}"),
                        });
                        break;
                    }
                };
                if apply_anthropic_event(&event, &mut reply, &mut usage, &mut outcome, sink)
                    && first_token.is_none()
                {
                    first_token = Some(started.elapsed());
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
                outcome.error = Some(failed_midway(
                    BedrockError::from_sdk("InvokeModelWithResponseStream", error),
                    &reply,
                ));
                break;
            }
        }
    }
    if outcome.status == TurnStatus::Complete {
        outcome.error = None;
    } else if outcome.status != TurnStatus::Cancelled {
        outcome.status = TurnStatus::Failed;
    }
    settle(outcome, reply, first_token, started, sink)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let backoff = Backoff::default();
        let delays: Vec<u64> = (2..=7).map(|n| backoff.delay(n).as_millis() as u64).collect();
        assert_eq!(delays, [500, 1000, 2000, 4000, 8000, 8000]);
    }

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

    #[test]
    fn documents_round_trip_numbers() {
        let value = serde_json::json!({"a": [1, -2, 2.5, true, null, "x"]});
        assert_eq!(json(&document(value.clone())), value);
    }
}
