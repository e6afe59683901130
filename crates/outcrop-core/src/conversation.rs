//! A playground conversation as the person edits it: tools, system blocks and messages, with cache points
//! standing between blocks wherever Bedrock allows them, and the inference parameters.
//!
//! From it come the blocks and points the cache plan reads, the Converse request (its JSON wire shape, the
//! one `aws bedrock-runtime converse` and boto3 take) and the Anthropic body InvokeModel takes.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use ts_rs::TS;

use crate::cache_plan::{Block, BlockKind, CachePoint};
use crate::connection_input::FieldError;
use crate::model_facts::{CacheField, CacheTtl};
use crate::request_limits;

/// One entry of `toolConfig.tools`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum ToolItem {
    Tool {
        name: String,
        #[serde(default)]
        description: String,
        /// The JSON Schema of the tool's input, as the person typed it.
        input_schema: String,
    },
    CachePoint {
        ttl: CacheTtl,
    },
}

/// One entry of `system`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum SystemItem {
    Text { text: String },
    CachePoint { ttl: CacheTtl },
}

/// A document's format, as Converse names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum DocumentFormat {
    Txt,
    Md,
    Csv,
    Html,
}

impl DocumentFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Txt => "txt",
            Self::Md => "md",
            Self::Csv => "csv",
            Self::Html => "html",
        }
    }

    /// The MIME type Anthropic's body uses for a document of this format.
    fn media_type(self) -> &'static str {
        match self {
            Self::Txt | Self::Md | Self::Csv | Self::Html => "text/plain",
        }
    }
}

/// One entry of a message's `content`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum ContentItem {
    Text {
        text: String,
    },
    /// A text document (dropped in or opened from disk); sent as its bytes.
    Document {
        name: String,
        format: DocumentFormat,
        text: String,
    },
    ToolUse {
        tool_use_id: String,
        name: String,
        /// The tool's input as JSON text.
        input: String,
    },
    ToolResult {
        tool_use_id: String,
        text: String,
    },
    /// A model's reasoning, kept as it came back; a cache point may not follow it.
    Reasoning {
        text: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        signature: Option<String>,
    },
    CachePoint {
        ttl: CacheTtl,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Role {
    User,
    Assistant,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::User => "user",
            Self::Assistant => "assistant",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Message {
    pub role: Role,
    pub content: Vec<ContentItem>,
}

/// `inferenceConfig`; `None` leaves the model's default.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct InferenceParams {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub max_tokens: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub temperature: Option<f32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub top_p: Option<f32>,
    #[serde(default)]
    pub stop_sequences: Vec<String>,
}

/// The whole conversation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Conversation {
    #[serde(default)]
    pub tools: Vec<ToolItem>,
    #[serde(default)]
    pub system: Vec<SystemItem>,
    #[serde(default)]
    pub messages: Vec<Message>,
    #[serde(default)]
    pub inference: InferenceParams,
}

/// Which API a turn is sent through: the transport decides the wire shape of the same conversation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Api {
    /// ConverseStream, with `cachePoint` blocks.
    #[default]
    Converse,
    /// InvokeModelWithResponseStream with an Anthropic Messages body and `cache_control`.
    InvokeModel,
}

/// Anthropic requires `max_tokens`; this fills it when the conversation leaves it open.
pub const ANTHROPIC_DEFAULT_MAX_TOKENS: u32 = 1024;

/// Where a block of the flattened request came from, so the UI can point at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "section", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum BlockOrigin {
    Tool { item: u32 },
    System { item: u32 },
    Message { message: u32, item: u32 },
}

impl BlockOrigin {
    /// The field path of the item, as problems name it: `tools[1]`, `system[0]`, `messages[2].content[1]`.
    pub fn field(&self) -> String {
        match self {
            Self::Tool { item } => format!("tools[{item}]"),
            Self::System { item } => format!("system[{item}]"),
            Self::Message { message, item } => format!("messages[{message}].content[{item}]"),
        }
    }
}

/// The conversation broken into what the cache plan reads: blocks in tools → system → messages order, cache
/// points between them, and where each block and point came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flattened {
    pub blocks: Vec<Block>,
    pub origins: Vec<BlockOrigin>,
    pub points: Vec<CachePoint>,
    /// Where each point stands in the conversation, in the same order as `points`.
    pub point_origins: Vec<BlockOrigin>,
}

impl Conversation {
    /// A conversation of one system prompt and one user question.
    pub fn simple(system: &str, question: &str) -> Self {
        Self {
            system: vec![SystemItem::Text { text: system.into() }],
            messages: vec![Message {
                role: Role::User,
                content: vec![ContentItem::Text {
                    text: question.into(),
                }],
            }],
            ..Self::default()
        }
    }

    pub fn flatten(&self) -> Flattened {
        let mut out = Flattened {
            blocks: Vec::new(),
            origins: Vec::new(),
            points: Vec::new(),
            point_origins: Vec::new(),
        };
        let point = |out: &mut Flattened, ttl: CacheTtl, origin: BlockOrigin| {
            out.points.push(CachePoint {
                after_blocks: out.blocks.len() as u32,
                ttl,
            });
            out.point_origins.push(origin);
        };
        for (i, item) in self.tools.iter().enumerate() {
            let origin = BlockOrigin::Tool { item: i as u32 };
            match item {
                ToolItem::Tool { .. } => {
                    out.blocks.push(Block {
                        section: CacheField::Tools,
                        kind: BlockKind::ToolSpec,
                        text: tool_spec(item).map(|v| v.to_string()).unwrap_or_default(),
                        counted_tokens: None,
                        label: String::new(),
                    });
                    out.origins.push(origin);
                }
                ToolItem::CachePoint { ttl } => point(&mut out, *ttl, origin),
            }
        }
        for (i, item) in self.system.iter().enumerate() {
            let origin = BlockOrigin::System { item: i as u32 };
            match item {
                SystemItem::Text { text } => {
                    out.blocks.push(Block {
                        section: CacheField::System,
                        kind: BlockKind::Text,
                        text: text.clone(),
                        counted_tokens: None,
                        label: String::new(),
                    });
                    out.origins.push(origin);
                }
                SystemItem::CachePoint { ttl } => point(&mut out, *ttl, origin),
            }
        }
        for (m, message) in self.messages.iter().enumerate() {
            for (i, item) in message.content.iter().enumerate() {
                let origin = BlockOrigin::Message {
                    message: m as u32,
                    item: i as u32,
                };
                let (kind, text, label) = match item {
                    ContentItem::CachePoint { ttl } => {
                        point(&mut out, *ttl, origin);
                        continue;
                    }
                    ContentItem::Text { text } => (BlockKind::Text, text.clone(), String::new()),
                    ContentItem::Document { name, format, text } => (
                        BlockKind::Document,
                        text.clone(),
                        format!("{name}.{}", format.as_str()),
                    ),
                    ContentItem::ToolUse {
                        tool_use_id,
                        name,
                        input,
                    } => (BlockKind::ToolUse, format!("{name} {input}"), tool_use_id.clone()),
                    ContentItem::ToolResult { tool_use_id, text } => {
                        (BlockKind::ToolResult, text.clone(), tool_use_id.clone())
                    }
                    ContentItem::Reasoning { text, .. } => {
                        (BlockKind::Reasoning, text.clone(), String::new())
                    }
                };
                out.blocks.push(Block {
                    section: CacheField::Messages,
                    kind,
                    text,
                    counted_tokens: None,
                    label,
                });
                out.origins.push(origin);
            }
        }
        out
    }

    /// The conversation with `marker` at the very start of its prefix: in the first tool's description when
    /// there are tools (they come first), else at the top of the system prompt. Runs that must not share a
    /// cache (bake-off strategies, compared targets) each get their own marker.
    pub fn with_marker(&self, marker: &str) -> Self {
        let mut out = self.clone();
        if let Some(ToolItem::Tool { description, .. }) =
            out.tools.iter_mut().find(|t| matches!(t, ToolItem::Tool { .. }))
        {
            *description = if description.is_empty() {
                marker.to_owned()
            } else {
                format!("{marker}\n{description}")
            };
            return out;
        }
        match out.system.iter_mut().find_map(|s| match s {
            SystemItem::Text { text } => Some(text),
            SystemItem::CachePoint { .. } => None,
        }) {
            Some(text) => *text = format!("{marker}\n{text}"),
            None => out.system.insert(
                0,
                SystemItem::Text {
                    text: marker.to_owned(),
                },
            ),
        }
        out
    }

    /// The rules Converse would refuse the request for (besides cache placement, which the cache plan
    /// checks), each naming its field.
    pub fn problems(&self) -> Vec<FieldError> {
        let mut problems = Vec::new();
        let mut problem = |field: String, message: String| problems.push(FieldError { field, message });
        let mut names = std::collections::HashSet::new();
        for (i, item) in self.tools.iter().enumerate() {
            if let ToolItem::Tool {
                name, input_schema, ..
            } = item
            {
                let valid_name = !name.is_empty()
                    && name.len() <= 64
                    && name
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
                if !valid_name {
                    problem(
                        format!("tools[{i}].name"),
                        "A tool name is 1 to 64 letters, digits, '_' or '-'.".into(),
                    );
                } else if !names.insert(name.clone()) {
                    problem(
                        format!("tools[{i}].name"),
                        format!("Two tools are called \"{name}\"; rename one."),
                    );
                }
                match serde_json::from_str::<Value>(input_schema) {
                    Ok(Value::Object(_)) => {}
                    Ok(_) => problem(
                        format!("tools[{i}].inputSchema"),
                        "The input schema must be a JSON object, such as {\"type\": \"object\", \"properties\": {}}.".into(),
                    ),
                    Err(e) => problem(
                        format!("tools[{i}].inputSchema"),
                        format!("The input schema is not valid JSON (line {}, column {}): {e}.", e.line(), e.column()),
                    ),
                }
            }
        }
        if self.messages.is_empty() {
            problem("messages".into(), "Write a user message to send.".into());
        }
        let mut expected = Role::User;
        for (m, message) in self.messages.iter().enumerate() {
            if message.role != expected {
                problem(
                    format!("messages[{m}].role"),
                    format!(
                        "Messages alternate user, assistant, user…; message {} should be from the {}.",
                        m + 1,
                        expected.as_str()
                    ),
                );
            }
            expected = match message.role {
                Role::User => Role::Assistant,
                Role::Assistant => Role::User,
            };
            if !message
                .content
                .iter()
                .any(|c| !matches!(c, ContentItem::CachePoint { .. }))
            {
                problem(
                    format!("messages[{m}].content"),
                    "A message needs some content besides cache points.".into(),
                );
            }
            let documents = message
                .content
                .iter()
                .filter(|c| matches!(c, ContentItem::Document { .. }))
                .count();
            if let Some(refused) =
                request_limits::too_many_documents(format!("messages[{m}].content"), documents)
            {
                problem(refused.field, refused.message);
            }
            for (i, item) in message.content.iter().enumerate() {
                if let ContentItem::Document { text, .. } = item
                    && let Some(refused) =
                        request_limits::document_too_large(format!("messages[{m}].content[{i}]"), text.len())
                {
                    problem(refused.field, refused.message);
                }
                match item {
                    ContentItem::Text { text } if text.trim().is_empty() => problem(
                        format!("messages[{m}].content[{i}].text"),
                        "This text block is empty; write something or remove it.".into(),
                    ),
                    ContentItem::ToolUse { input, .. } => {
                        if let Err(e) = serde_json::from_str::<Value>(input) {
                            problem(
                                format!("messages[{m}].content[{i}].input"),
                                format!("The tool input is not valid JSON: {e}."),
                            );
                        }
                    }
                    ContentItem::Document { name, .. } if !valid_document_name(name) => problem(
                        format!("messages[{m}].content[{i}].name"),
                        "A document name is letters, digits, spaces, hyphens, parentheses and square brackets, with no two spaces in a row.".into(),
                    ),
                    _ => {}
                }
            }
        }
        if self.messages.last().is_some_and(|m| m.role != Role::User) {
            problem(
                "messages".into(),
                "The last message must be from the user: that is what the model answers.".into(),
            );
        }
        if let Some(t) = self.inference.temperature
            && !(0.0..=1.0).contains(&t)
        {
            problem(
                "inference.temperature".into(),
                "Temperature is between 0 and 1.".into(),
            );
        }
        if let Some(p) = self.inference.top_p
            && !(0.0..=1.0).contains(&p)
        {
            problem("inference.topP".into(), "Top P is between 0 and 1.".into());
        }
        if self.inference.max_tokens == Some(0) {
            problem(
                "inference.maxTokens".into(),
                "Max tokens must be at least 1.".into(),
            );
        }
        if self.inference.stop_sequences.len() > 4 {
            problem(
                "inference.stopSequences".into(),
                "At most 4 stop sequences.".into(),
            );
        }
        problems
    }

    /// The Converse request body (without the model ID, which goes in the path), exactly as sent.
    pub fn converse_json(&self) -> Value {
        let mut body = Map::new();
        let tools: Vec<Value> = self
            .tools
            .iter()
            .filter_map(|item| match item {
                ToolItem::CachePoint { ttl } => Some(cache_point_json(*ttl)),
                ToolItem::Tool { .. } => tool_spec(item).map(|spec| json!({ "toolSpec": spec })),
            })
            .collect();
        let system: Vec<Value> = self
            .system
            .iter()
            .map(|item| match item {
                SystemItem::Text { text } => json!({ "text": text }),
                SystemItem::CachePoint { ttl } => cache_point_json(*ttl),
            })
            .collect();
        let messages: Vec<Value> = self
            .messages
            .iter()
            .map(|message| {
                json!({
                    "role": message.role.as_str(),
                    "content": message.content.iter().map(content_json).collect::<Vec<_>>(),
                })
            })
            .collect();
        body.insert("messages".into(), Value::Array(messages));
        if !system.is_empty() {
            body.insert("system".into(), Value::Array(system));
        }
        let inference = self.inference_json();
        if !inference.is_empty() {
            body.insert("inferenceConfig".into(), Value::Object(inference));
        }
        if !tools.is_empty() {
            body.insert("toolConfig".into(), json!({ "tools": tools }));
        }
        Value::Object(body)
    }

    fn inference_json(&self) -> Map<String, Value> {
        let mut inference = Map::new();
        let p = &self.inference;
        if let Some(v) = p.max_tokens {
            inference.insert("maxTokens".into(), json!(v));
        }
        if let Some(v) = p.temperature {
            inference.insert("temperature".into(), json!(round_param(v)));
        }
        if let Some(v) = p.top_p {
            inference.insert("topP".into(), json!(round_param(v)));
        }
        if !p.stop_sequences.is_empty() {
            inference.insert("stopSequences".into(), json!(p.stop_sequences));
        }
        inference
    }

    /// The InvokeModel body exactly as sent: [`Conversation::anthropic_body`] with Outcrop's default
    /// `max_tokens` when the conversation leaves it open.
    pub fn invoke_model_body(&self) -> Value {
        self.anthropic_body(ANTHROPIC_DEFAULT_MAX_TOKENS)
    }

    /// The Anthropic Messages body for InvokeModel, with `cache_control` on the block before each cache point.
    /// Anthropic requires `max_tokens`; `default_max_tokens` fills it when the conversation leaves it open.
    pub fn anthropic_body(&self, default_max_tokens: u32) -> Value {
        fn mark(blocks: &mut [Value], ttl: CacheTtl) {
            if let Some(Value::Object(last)) = blocks.last_mut() {
                let mut control = json!({ "type": "ephemeral" });
                if ttl == CacheTtl::OneHour {
                    control["ttl"] = json!("1h");
                }
                last.insert("cache_control".into(), control);
            }
        }
        let mut tools = Vec::new();
        for item in &self.tools {
            match item {
                ToolItem::Tool {
                    name,
                    description,
                    input_schema,
                } => tools.push(json!({
                    "name": name,
                    "description": description,
                    "input_schema": serde_json::from_str::<Value>(input_schema).unwrap_or(json!({})),
                })),
                ToolItem::CachePoint { ttl } => mark(&mut tools, *ttl),
            }
        }
        let mut system = Vec::new();
        for item in &self.system {
            match item {
                SystemItem::Text { text } => system.push(json!({ "type": "text", "text": text })),
                SystemItem::CachePoint { ttl } => mark(&mut system, *ttl),
            }
        }
        let mut messages = Vec::new();
        for message in &self.messages {
            let mut content = Vec::new();
            for item in &message.content {
                match item {
                    ContentItem::CachePoint { ttl } => mark(&mut content, *ttl),
                    ContentItem::Text { text } => content.push(json!({ "type": "text", "text": text })),
                    ContentItem::Document { name, format, text } => content.push(json!({
                        "type": "document",
                        "title": name,
                        "source": { "type": "text", "media_type": format.media_type(), "data": text },
                    })),
                    ContentItem::ToolUse {
                        tool_use_id,
                        name,
                        input,
                    } => content.push(json!({
                        "type": "tool_use",
                        "id": tool_use_id,
                        "name": name,
                        "input": serde_json::from_str::<Value>(input).unwrap_or(json!({})),
                    })),
                    ContentItem::ToolResult { tool_use_id, text } => content.push(json!({
                        "type": "tool_result",
                        "tool_use_id": tool_use_id,
                        "content": [{ "type": "text", "text": text }],
                    })),
                    ContentItem::Reasoning { text, signature } => content.push(json!({
                        "type": "thinking",
                        "thinking": text,
                        "signature": signature.clone().unwrap_or_default(),
                    })),
                }
            }
            messages.push(json!({ "role": message.role.as_str(), "content": content }));
        }
        let mut body = json!({
            "anthropic_version": "bedrock-2023-05-31",
            "max_tokens": self.inference.max_tokens.unwrap_or(default_max_tokens),
            "messages": messages,
        });
        if !system.is_empty() {
            body["system"] = Value::Array(system);
        }
        if !tools.is_empty() {
            body["tools"] = Value::Array(tools);
        }
        if let Some(t) = self.inference.temperature {
            body["temperature"] = json!(round_param(t));
        }
        if let Some(p) = self.inference.top_p {
            body["top_p"] = json!(round_param(p));
        }
        if !self.inference.stop_sequences.is_empty() {
            body["stop_sequences"] = json!(self.inference.stop_sequences);
        }
        body
    }
}

/// `0.7f32` as `0.7`, not `0.699999988079071`.
fn round_param(v: f32) -> f64 {
    (f64::from(v) * 1000.0).round() / 1000.0
}

fn cache_point_json(ttl: CacheTtl) -> Value {
    match ttl {
        CacheTtl::FiveMinutes => json!({ "cachePoint": { "type": "default" } }),
        CacheTtl::OneHour => json!({ "cachePoint": { "type": "default", "ttl": "1h" } }),
    }
}

fn tool_spec(item: &ToolItem) -> Option<Value> {
    match item {
        ToolItem::Tool {
            name,
            description,
            input_schema,
        } => {
            let schema = serde_json::from_str::<Value>(input_schema).unwrap_or(json!({}));
            let mut spec = json!({ "name": name, "inputSchema": { "json": schema } });
            if !description.is_empty() {
                spec["description"] = json!(description);
            }
            Some(spec)
        }
        ToolItem::CachePoint { .. } => None,
    }
}

fn content_json(item: &ContentItem) -> Value {
    match item {
        ContentItem::Text { text } => json!({ "text": text }),
        ContentItem::Document { name, format, text } => json!({
            "document": {
                "name": name,
                "format": format.as_str(),
                "source": { "bytes": base64(text.as_bytes()) },
            }
        }),
        ContentItem::ToolUse {
            tool_use_id,
            name,
            input,
        } => json!({
            "toolUse": {
                "toolUseId": tool_use_id,
                "name": name,
                "input": serde_json::from_str::<Value>(input).unwrap_or(json!({})),
            }
        }),
        ContentItem::ToolResult { tool_use_id, text } => json!({
            "toolResult": { "toolUseId": tool_use_id, "content": [{ "text": text }] }
        }),
        ContentItem::Reasoning { text, signature } => {
            let mut reasoning = json!({ "text": text });
            if let Some(signature) = signature {
                reasoning["signature"] = json!(signature);
            }
            json!({ "reasoningContent": { "reasoningText": reasoning } })
        }
        ContentItem::CachePoint { ttl } => cache_point_json(*ttl),
    }
}

/// Converse documents: letters, digits, whitespace (never two in a row), hyphens, parentheses, brackets.
fn valid_document_name(name: &str) -> bool {
    !name.trim().is_empty()
        && !name.contains("  ")
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '(' | ')' | '[' | ']'))
}

/// Standard base64 with padding (how JSON carries a blob).
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> shift) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Turns a model-supplied document name into one Converse accepts ("report_v2.md" → "report v2").
pub fn document_name_from_file(file_name: &str) -> String {
    let stem = file_name.rsplit_once('.').map_or(file_name, |(stem, _)| stem);
    let mut name = String::new();
    for c in stem.chars() {
        let c = if c.is_alphanumeric() || matches!(c, '-' | '(' | ')' | '[' | ']') {
            c
        } else {
            ' '
        };
        if !(c == ' ' && (name.is_empty() || name.ends_with(' '))) {
            name.push(c);
        }
    }
    let name = name.trim_end().to_owned();
    if name.is_empty() { "document".into() } else { name }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn long_document_conversation() -> Conversation {
        Conversation {
            tools: vec![
                ToolItem::Tool {
                    name: "lookup".into(),
                    description: "Look a term up".into(),
                    input_schema: r#"{"type":"object","properties":{"term":{"type":"string"}}}"#.into(),
                },
                ToolItem::CachePoint {
                    ttl: CacheTtl::FiveMinutes,
                },
            ],
            system: vec![
                SystemItem::Text {
                    text: "You answer questions about the document.".into(),
                },
                SystemItem::CachePoint {
                    ttl: CacheTtl::FiveMinutes,
                },
            ],
            messages: vec![Message {
                role: Role::User,
                content: vec![
                    ContentItem::Document {
                        name: "handbook".into(),
                        format: DocumentFormat::Txt,
                        text: "Chapter one.".into(),
                    },
                    ContentItem::CachePoint {
                        ttl: CacheTtl::FiveMinutes,
                    },
                    ContentItem::Text {
                        text: "What is in chapter one?".into(),
                    },
                ],
            }],
            inference: InferenceParams {
                max_tokens: Some(512),
                temperature: Some(0.7),
                ..InferenceParams::default()
            },
        }
    }

    #[test]
    fn flattens_in_tools_system_messages_order_with_points_between_blocks() {
        let flat = long_document_conversation().flatten();
        let sections: Vec<_> = flat.blocks.iter().map(|b| b.section).collect();
        assert_eq!(
            sections,
            [
                CacheField::Tools,
                CacheField::System,
                CacheField::Messages,
                CacheField::Messages
            ]
        );
        let after: Vec<u32> = flat.points.iter().map(|p| p.after_blocks).collect();
        assert_eq!(after, [1, 2, 3]);
        assert_eq!(
            flat.point_origins[2],
            BlockOrigin::Message { message: 0, item: 1 }
        );
        assert_eq!(flat.blocks[2].kind, BlockKind::Document);
    }

    #[test]
    fn converse_json_is_the_wire_shape() {
        let body = long_document_conversation().converse_json();
        assert_eq!(
            body["toolConfig"]["tools"][1],
            json!({"cachePoint": {"type": "default"}})
        );
        assert_eq!(
            body["toolConfig"]["tools"][0]["toolSpec"]["inputSchema"]["json"]["type"],
            "object"
        );
        assert_eq!(body["system"][1], json!({"cachePoint": {"type": "default"}}));
        let content = &body["messages"][0]["content"];
        assert_eq!(content[0]["document"]["source"]["bytes"], base64(b"Chapter one."));
        assert_eq!(content[1], json!({"cachePoint": {"type": "default"}}));
        assert_eq!(
            body["inferenceConfig"],
            json!({"maxTokens": 512, "temperature": 0.7})
        );
    }

    #[test]
    fn one_hour_points_carry_their_ttl() {
        let mut conversation = long_document_conversation();
        conversation.system[1] = SystemItem::CachePoint {
            ttl: CacheTtl::OneHour,
        };
        assert_eq!(
            conversation.converse_json()["system"][1],
            json!({"cachePoint": {"type": "default", "ttl": "1h"}})
        );
        let body = conversation.anthropic_body(1024);
        assert_eq!(
            body["system"][0]["cache_control"],
            json!({"type": "ephemeral", "ttl": "1h"})
        );
    }

    #[test]
    fn anthropic_body_marks_the_block_before_each_point() {
        let body = long_document_conversation().anthropic_body(1024);
        assert_eq!(body["anthropic_version"], "bedrock-2023-05-31");
        assert_eq!(body["max_tokens"], 512);
        assert_eq!(body["tools"][0]["cache_control"], json!({"type": "ephemeral"}));
        assert_eq!(body["messages"][0]["content"][0]["type"], "document");
        assert_eq!(
            body["messages"][0]["content"][0]["cache_control"],
            json!({"type": "ephemeral"})
        );
        assert!(body["messages"][0]["content"][1].get("cache_control").is_none());
    }

    #[test]
    fn problems_name_their_field() {
        let mut conversation = long_document_conversation();
        conversation.tools[0] = ToolItem::Tool {
            name: "look up".into(),
            description: String::new(),
            input_schema: "{\"type\": ".into(),
        };
        conversation.messages.push(Message {
            role: Role::User,
            content: vec![ContentItem::Text { text: " ".into() }],
        });
        conversation.inference.temperature = Some(1.5);
        let fields: Vec<String> = conversation.problems().into_iter().map(|p| p.field).collect();
        assert_eq!(
            fields,
            [
                "tools[0].name",
                "tools[0].inputSchema",
                "messages[1].role",
                "messages[1].content[0].text",
                "inference.temperature"
            ]
        );
        assert!(long_document_conversation().problems().is_empty());
        assert_eq!(Conversation::default().problems()[0].field, "messages");
    }

    #[test]
    fn a_marker_opens_the_prefix() {
        let with_tools = long_document_conversation().with_marker("[run 1]");
        let ToolItem::Tool { description, .. } = &with_tools.tools[0] else {
            panic!()
        };
        assert_eq!(description, "[run 1]\nLook a term up");
        assert_eq!(with_tools.system, long_document_conversation().system);
        let mut no_tools = long_document_conversation();
        no_tools.tools.clear();
        let marked = no_tools.with_marker("[run 2]");
        assert_eq!(
            marked.system[0],
            SystemItem::Text {
                text: "[run 2]\nYou answer questions about the document.".into()
            }
        );
        let bare = Conversation::default().with_marker("[run 3]");
        assert_eq!(
            bare.system,
            [SystemItem::Text {
                text: "[run 3]".into()
            }]
        );
    }

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn document_names_from_files() {
        assert_eq!(document_name_from_file("report_v2.md"), "report v2");
        assert_eq!(document_name_from_file("..."), "document");
        assert_eq!(document_name_from_file("Q3 (draft).txt"), "Q3 (draft)");
    }
}
