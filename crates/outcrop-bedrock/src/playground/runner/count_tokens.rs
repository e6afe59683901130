//! CountTokens, block by block, on the wire the turn will use: `input.converse` for Converse,
//! `input.invokeModel` with the Anthropic body (as InvokeModel sends it) for InvokeModel. The service counts
//! the two shapes of the same conversation differently (framing, how a document is presented), so the
//! prediction of a send is only exact when it is counted the way it will be sent.
//!
//! Each block is counted inside a one-word probe message whose own count is taken off; the probe also
//! measures what every message adds besides its content.
//!
//! A model bedrock-runtime does not count (Opus 4.7, launched on cross-Region profiles only) is counted by
//! bedrock-mantle's `count_tokens` instead, on the Anthropic body, signed for `bedrock-mantle` or with the API key.

use aws_sdk_bedrockruntime::Client;
use aws_sdk_bedrockruntime::primitives::Blob;
use aws_sdk_bedrockruntime::types as sdk;
use futures_util::StreamExt;
use outcrop_core::conversation::{Api, ContentItem, Conversation, Message, Role, SystemItem, ToolItem};

use super::sdk_shape::sdk_conversation;
use crate::OutcropError;

/// Where tokens are counted: CountTokens on bedrock-runtime through the SDK, or bedrock-mantle's
/// `count_tokens` for a model bedrock-runtime does not count.
#[derive(Debug, Clone, Copy)]
pub enum Counter<'a> {
    /// The SDK client, and how long one CountTokens call may take (the client itself has no operation
    /// timeout: it streams answers).
    Runtime(&'a Client, std::time::Duration),
    Mantle(&'a crate::MessagesRoute),
}

impl<'a> From<&'a crate::Runtime> for Counter<'a> {
    fn from(runtime: &'a crate::Runtime) -> Self {
        Self::Runtime(&runtime.client, runtime.messages.timeouts.operation)
    }
}

impl<'a> From<&'a Client> for Counter<'a> {
    fn from(client: &'a Client) -> Self {
        Self::Runtime(client, crate::Timeouts::default().operation)
    }
}

/// bedrock-mantle's `count_tokens`: the Anthropic body's content with the bare model ID.
async fn count_on_mantle(
    route: &crate::MessagesRoute,
    foundation_model_id: &str,
    conversation: &Conversation,
) -> Result<u32, OutcropError> {
    const OPERATION: &str = "bedrock-mantle count_tokens";
    let full = conversation.messages_api_body(foundation_model_id, false);
    let mut body = serde_json::Map::new();
    for field in ["model", "messages", "system", "tools"] {
        if let Some(value) = full.get(field) {
            body.insert(field.into(), value.clone());
        }
    }
    let body = serde_json::Value::Object(body).to_string().into_bytes();
    let headers = super::messages_api::signed_headers(
        route,
        &route.mantle_count_url,
        outcrop_core::MessagesEndpoint::Mantle,
        &body,
        "application/json",
        None,
    )
    .await?;
    let mut request = route
        .http
        .post(&route.mantle_count_url)
        .timeout(route.timeouts.operation)
        .body(body);
    for (name, value) in &headers {
        request = request.header(name, value);
    }
    let response = request
        .send()
        .await
        .map_err(|e| OutcropError::from_http(OPERATION, &e))?;
    let status = response.status().as_u16();
    let aws_type = response
        .headers()
        .get("x-amzn-errortype")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let text = super::messages_api::bounded_text(response, super::messages_api::MAX_JSON_BYTES)
        .await
        .map_err(|e| OutcropError::unreachable(OPERATION, &e))?;
    if !(200..300).contains(&status) {
        return Err(super::messages_api::refusal(status, aws_type.as_deref(), &text));
    }
    let answer: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    answer["input_tokens"]
        .as_u64()
        .map(|n| u32::try_from(n).unwrap_or(u32::MAX))
        .ok_or_else(|| {
            OutcropError::from_service(
                OPERATION,
                "InternalServerException",
                format!("no input_tokens in {text}"),
            )
        })
}

/// CountTokens requests in flight at once while a conversation's blocks are counted.
const COUNT_CONCURRENCY: usize = 4;

/// What CountTokens said about a conversation's blocks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockCounts {
    /// Per block, in the order asked; `None` for a block that cannot be counted alone.
    pub blocks: Vec<Option<u32>>,
    /// What every message costs besides its content (its role and framing).
    pub message_overhead: u32,
    /// What the probe message (a user message of ".") costs in all.
    pub probe_message: u32,
}

/// One flattened block, as the part of a conversation it can be counted alone in.
#[derive(Debug, Clone, PartialEq)]
pub enum CountablePart {
    Tool(ToolItem),
    System(String),
    Content(ContentItem),
}

/// Per flattened block (in [`Conversation::flatten`]'s order), the part to count it by: tool
/// specifications, system texts, message texts and documents; `None` for tool use, tool results and
/// reasoning, which cannot stand alone in a probe and stay estimated.
pub fn countable_parts(conversation: &Conversation) -> Vec<Option<CountablePart>> {
    let mut out = Vec::new();
    for item in &conversation.tools {
        if let ToolItem::Tool { .. } = item {
            out.push(Some(CountablePart::Tool(item.clone())));
        }
    }
    for item in &conversation.system {
        if let SystemItem::Text { text } = item {
            out.push(Some(CountablePart::System(text.clone())));
        }
    }
    for message in &conversation.messages {
        for item in &message.content {
            match item {
                ContentItem::CachePoint { .. } => {}
                ContentItem::Text { .. } | ContentItem::Document { .. } | ContentItem::Image { .. } => {
                    out.push(Some(CountablePart::Content(item.clone())))
                }
                _ => out.push(None),
            }
        }
    }
    out
}

pub(crate) fn dot() -> ContentItem {
    ContentItem::Text { text: ".".into() }
}

/// A conversation of one user message: `extra` (if any), then ".".
fn probe(extra: Option<ContentItem>) -> Conversation {
    Conversation {
        messages: vec![Message {
            role: Role::User,
            content: extra.into_iter().chain([dot()]).collect(),
        }],
        ..Conversation::default()
    }
}

/// The CountTokens input for `conversation` on `api`'s wire.
fn input(conversation: &Conversation, api: Api) -> Result<sdk::CountTokensInput, OutcropError> {
    let invalid = |field: &str, e: &dyn std::fmt::Display| {
        OutcropError::from_field_errors(&[outcrop_core::connection_input::FieldError::new(
            field,
            outcrop_core::connection_input::Rule::RequestBody { error: e.to_string() },
            e.to_string(),
        )])
    };
    Ok(match api {
        Api::Converse => {
            let parts = sdk_conversation(conversation)?;
            sdk::CountTokensInput::Converse(
                sdk::ConverseTokensRequest::builder()
                    .set_messages(Some(parts.messages))
                    .set_system((!parts.system.is_empty()).then_some(parts.system))
                    .set_tool_config(parts.tools)
                    .build(),
            )
        }
        // The Messages API carries the same Anthropic content: counted as the InvokeModel body.
        Api::InvokeModel | Api::Messages => sdk::CountTokensInput::InvokeModel(
            sdk::InvokeModelTokensRequest::builder()
                .body(Blob::new(conversation.invoke_model_body().to_string()))
                .build()
                .map_err(|e| invalid("body", &e))?,
        ),
    })
}

async fn count(
    counter: Counter<'_>,
    foundation_model_id: &str,
    api: Api,
    conversation: &Conversation,
) -> Result<u32, OutcropError> {
    let (client, timeout) = match counter {
        Counter::Runtime(client, timeout) => (client, timeout),
        Counter::Mantle(route) => return count_on_mantle(route, foundation_model_id, conversation).await,
    };
    let timeouts = client
        .config()
        .timeout_config()
        .cloned()
        .unwrap_or_else(|| aws_smithy_types::timeout::TimeoutConfig::builder().build());
    client
        .count_tokens()
        .model_id(foundation_model_id)
        .input(input(conversation, api)?)
        .customize()
        .config_override(
            aws_sdk_bedrockruntime::config::Builder::default().timeout_config({
                let mut within = aws_smithy_types::timeout::TimeoutConfig::builder();
                within
                    .set_connect_timeout(timeouts.connect_timeout())
                    .set_read_timeout(timeouts.read_timeout());
                within.operation_timeout(timeout).build()
            }),
        )
        .send()
        .await
        .map(|o| u32::try_from(o.input_tokens()).unwrap_or(0))
        .map_err(|e| OutcropError::from_sdk("CountTokens", e))
}

/// Tokens of each part (in order) and the per-message overhead, counted by CountTokens with the bare
/// foundation-model ID on `api`'s wire.
pub async fn count_parts(
    client: Counter<'_>,
    foundation_model_id: &str,
    api: Api,
    parts: &[Option<CountablePart>],
) -> Result<BlockCounts, OutcropError> {
    let baseline = count(client, foundation_model_id, api, &probe(None)).await?;
    let two_dots = count(client, foundation_model_id, api, &probe(Some(dot()))).await?;
    let dot_tokens = two_dots.saturating_sub(baseline);
    // Two more messages (assistant ".", user ".") isolate what one message adds besides its content,
    // leaving out what the request itself costs once.
    let mut three = probe(None);
    three.messages.push(Message {
        role: Role::Assistant,
        content: vec![dot()],
    });
    three.messages.push(probe(None).messages.remove(0));
    let three = count(client, foundation_model_id, api, &three).await?;
    let message_overhead = three.saturating_sub(baseline).saturating_sub(2 * dot_tokens) / 2;

    // Tools are counted cumulatively (the first k tools against the first k-1), so what the service adds
    // once for having tools at all is counted once, with the first.
    let with_tools = |tools: &[ToolItem]| Conversation {
        tools: tools.to_vec(),
        ..probe(None)
    };
    let mut tools_so_far: Vec<ToolItem> = Vec::new();
    let mut requests: Vec<Option<(Conversation, Option<Conversation>)>> = Vec::with_capacity(parts.len());
    for part in parts {
        requests.push(match part {
            Some(CountablePart::Content(item)) => Some((probe(Some(item.clone())), None)),
            Some(CountablePart::System(text)) => Some((
                Conversation {
                    system: vec![SystemItem::Text { text: text.clone() }],
                    ..probe(None)
                },
                None,
            )),
            Some(CountablePart::Tool(tool)) => {
                let before = (!tools_so_far.is_empty()).then(|| with_tools(&tools_so_far));
                tools_so_far.push(tool.clone());
                Some((with_tools(&tools_so_far), before))
            }
            None => None,
        });
    }
    // A few at a time: a long conversation is counted in a fraction of the time, without a burst that
    // CountTokens' own rate limit would throttle.
    let blocks: Vec<Option<u32>> =
        futures_util::stream::iter(requests.into_iter().map(|request| async move {
            match request {
                Some((with, before)) => {
                    let with = count(client, foundation_model_id, api, &with).await?;
                    let without = match before {
                        Some(before) => count(client, foundation_model_id, api, &before).await?,
                        None => baseline,
                    };
                    Ok(Some(with.saturating_sub(without)))
                }
                None => Ok(None),
            }
        }))
        .buffered(COUNT_CONCURRENCY)
        .collect::<Vec<Result<Option<u32>, OutcropError>>>()
        .await
        .into_iter()
        .collect::<Result<_, _>>()?;
    Ok(BlockCounts {
        blocks,
        message_overhead,
        probe_message: dot_tokens + message_overhead,
    })
}

/// Tokens of the prefix up to cache point `point`, counted whole on `api`'s wire: what the service adds
/// for the request and its sections is in it, as it is in the write. A prefix without a message (a point
/// in tools or system) is counted with the probe message, whose cost `probe_message` is taken off.
pub async fn count_prefix(
    client: Counter<'_>,
    foundation_model_id: &str,
    api: Api,
    prefix: &Conversation,
    probe_message: u32,
) -> Result<u32, OutcropError> {
    if prefix.messages.is_empty() {
        let mut probed = prefix.clone();
        probed.messages = probe(None).messages;
        let n = count(client, foundation_model_id, api, &probed).await?;
        Ok(n.saturating_sub(probe_message))
    } else {
        count(client, foundation_model_id, api, prefix).await
    }
}
