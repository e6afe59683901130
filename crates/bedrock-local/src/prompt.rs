//! A request's prompt as the service sees it for caching and counting: the content blocks in the order the
//! prompt cache reads them (tools → system → messages), each with its tokens, and the cache checkpoints
//! between them. Converse bodies and Anthropic InvokeModel bodies both become a [`Prompt`].

use std::hash::{DefaultHasher, Hash, Hasher};

use serde_json::Value;

use crate::error::AwsError;
use crate::tokenizer;

/// Where a block stands in the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Tools,
    System,
    Messages,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Text,
    Reasoning,
    Other,
}

/// A cache TTL as the wire spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ttl {
    FiveMinutes,
    OneHour,
}

impl Ttl {
    pub fn parse(value: Option<&str>, member: &str) -> Result<Self, AwsError> {
        match value {
            None | Some("5m") => Ok(Self::FiveMinutes),
            Some("1h") => Ok(Self::OneHour),
            Some(other) => Err(AwsError::constraint(
                other,
                member,
                "Member must satisfy enum value set: [5m, 1h]",
            )),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::FiveMinutes => "5m",
            Self::OneHour => "1h",
        }
    }

    pub fn seconds(self) -> u64 {
        match self {
            Self::FiveMinutes => 300,
            Self::OneHour => 3600,
        }
    }
}

/// A cache checkpoint: everything in the segments before `boundary` is its prefix.
#[derive(Debug, Clone)]
pub struct Checkpoint {
    pub boundary: usize,
    pub ttl: Ttl,
    pub field: Field,
}

/// A tool the model may call, as far as the simulated model needs to know it.
#[derive(Debug, Clone)]
pub struct ToolSpec {
    pub name: String,
    pub input_schema: Value,
}

/// What the request asks the model to do about tools.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ToolChoice {
    Auto,
    Any,
    Tool(String),
}

/// The prompt, ready for the cache and the simulated model.
#[derive(Debug, Clone)]
pub struct Prompt {
    pub checkpoints: Vec<Checkpoint>,
    /// `prefix_hashes[k]` identifies the exact content of the first `k` segments.
    pub prefix_hashes: Vec<u64>,
    /// `prefix_tokens[k]` counts the tokens of the first `k` segments.
    pub prefix_tokens: Vec<u32>,
    pub last_user_text: String,
    pub tools: Vec<ToolSpec>,
    pub tool_choice: ToolChoice,
    pub max_tokens: Option<u32>,
    pub stop_sequences: Vec<String>,
    /// How long an answer the simulated model should give, from Converse's
    /// `additionalModelRequestFields.simulatedOutputTokens` (for benchmarks and streaming demos).
    pub simulated_output_tokens: Option<u32>,
}

/// Tokens a message's role and framing take, on top of its content.
const MESSAGE_OVERHEAD: u32 = 3;

#[derive(Debug)]
struct Builder {
    last_kind: Option<BlockKind>,
    checkpoints: Vec<Checkpoint>,
    hashes: Vec<u64>,
    tokens: Vec<u32>,
}

impl Builder {
    fn new() -> Self {
        Self {
            last_kind: None,
            checkpoints: Vec::new(),
            hashes: vec![0],
            tokens: vec![0],
        }
    }

    fn block(&mut self, field: Field, kind: BlockKind, canonical: &str, tokens: u32) {
        let mut hasher = DefaultHasher::new();
        self.hashes.last().copied().unwrap_or(0).hash(&mut hasher);
        (field as u8).hash(&mut hasher);
        canonical.hash(&mut hasher);
        self.hashes.push(hasher.finish());
        self.tokens
            .push(self.tokens.last().copied().unwrap_or(0) + tokens);
        self.last_kind = Some(kind);
    }

    fn checkpoint(&mut self, field: Field, ttl: Ttl) -> Result<(), AwsError> {
        if self.last_kind == Some(BlockKind::Reasoning) {
            return Err(AwsError::validation(
                "Cache point cannot be inserted after reasoning block",
            ));
        }
        self.checkpoints.push(Checkpoint {
            boundary: self.tokens.len() - 1,
            ttl,
            field,
        });
        Ok(())
    }

    fn finish(self) -> (Vec<Checkpoint>, Vec<u64>, Vec<u32>) {
        (self.checkpoints, self.hashes, self.tokens)
    }
}

/// Tokens of a JSON value's text: strings are read as text, structure counts as JSON.
fn json_tokens(value: &Value) -> u32 {
    tokenizer::count(&value.to_string())
}

fn base64_len(encoded: &str) -> usize {
    encoded.trim_end_matches('=').len() * 3 / 4
}

fn decode_base64_text(encoded: &str) -> Option<String> {
    aws_smithy_types::base64::decode(encoded)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
}

/// Tokens of a document or image given as base64 bytes: text formats are read, binary ones estimated.
fn bytes_tokens(encoded: &str, textual: bool) -> u32 {
    match textual.then(|| decode_base64_text(encoded)).flatten() {
        Some(text) => tokenizer::count(&text),
        None => tokenizer::count_bytes(base64_len(encoded)),
    }
}

/// Tokens of an Anthropic document or image `source` with its title: `"type": "text"` carries the text
/// itself, `"type": "base64"` the bytes (read when they are text/plain); `None` for any other source.
fn source_tokens(block: &Value) -> Option<u32> {
    let data = block.pointer("/source/data").and_then(Value::as_str)?;
    let tokens = match block.pointer("/source/type").and_then(Value::as_str) {
        Some("text") => tokenizer::count(data),
        Some("base64") => bytes_tokens(
            data,
            block.pointer("/source/media_type").and_then(Value::as_str) == Some("text/plain"),
        ),
        _ => return None,
    };
    let title = block
        .get("title")
        .and_then(Value::as_str)
        .map_or(0, tokenizer::count);
    Some(tokens + title)
}

fn obj<'a>(value: &'a Value, member: &str) -> Result<&'a serde_json::Map<String, Value>, AwsError> {
    value
        .as_object()
        .ok_or_else(|| AwsError::serialization(format!("{member} must be a JSON object")))
}

fn array<'a>(value: Option<&'a Value>, member: &str) -> Result<&'a [Value], AwsError> {
    match value {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(items)) => Ok(items),
        Some(_) => Err(AwsError::serialization(format!("{member} must be a JSON array"))),
    }
}

fn check_roles(roles: &[&str]) -> Result<(), AwsError> {
    if roles.first() != Some(&"user") {
        return Err(AwsError::validation(
            "A conversation must start with a user message. Try again with a conversation that starts with a user message.",
        ));
    }
    for (i, role) in roles.iter().enumerate() {
        if !matches!(*role, "user" | "assistant") {
            return Err(AwsError::constraint(
                role,
                &format!("messages.{}.member.role", i + 1),
                "Member must satisfy enum value set: [user, assistant]",
            ));
        }
        if i > 0 && roles[i - 1] == *role {
            return Err(AwsError::validation(
                "A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.",
            ));
        }
    }
    Ok(())
}

impl Prompt {
    fn assemble(
        builder: Builder,
        last_user_text: String,
        tools: Vec<ToolSpec>,
        tool_choice: ToolChoice,
        max_tokens: Option<u32>,
        stop_sequences: Vec<String>,
    ) -> Self {
        let (checkpoints, prefix_hashes, prefix_tokens) = builder.finish();
        Self {
            checkpoints,
            prefix_hashes,
            prefix_tokens,
            last_user_text,
            tools,
            tool_choice,
            max_tokens,
            stop_sequences,
            simulated_output_tokens: None,
        }
    }

    /// All input tokens of the request.
    pub fn total_tokens(&self) -> u32 {
        self.prefix_tokens.last().copied().unwrap_or(0)
    }

    /// Reads a Converse / ConverseStream / CountTokens(converse) body.
    pub fn from_converse(body: &Value) -> Result<Self, AwsError> {
        let body = obj(body, "the request body")?;
        let mut builder = Builder::new();
        let mut tools = Vec::new();
        let mut tool_choice = ToolChoice::Auto;

        if let Some(config) = body.get("toolConfig").filter(|v| !v.is_null()) {
            let config = obj(config, "toolConfig")?;
            for (i, tool) in array(config.get("tools"), "toolConfig.tools")?.iter().enumerate() {
                let member = format!("toolConfig.tools.{}", i + 1);
                if let Some(point) = tool.get("cachePoint") {
                    builder.checkpoint(
                        Field::Tools,
                        Ttl::parse(
                            point.get("ttl").and_then(Value::as_str),
                            &format!("{member}.member.cachePoint.ttl"),
                        )?,
                    )?;
                } else if let Some(spec) = tool.get("toolSpec") {
                    builder.block(
                        Field::Tools,
                        BlockKind::Other,
                        &spec.to_string(),
                        json_tokens(spec),
                    );
                    tools.push(ToolSpec {
                        name: spec
                            .get("name")
                            .and_then(Value::as_str)
                            .unwrap_or("tool")
                            .to_owned(),
                        input_schema: spec.pointer("/inputSchema/json").cloned().unwrap_or(Value::Null),
                    });
                } else {
                    builder.block(
                        Field::Tools,
                        BlockKind::Other,
                        &tool.to_string(),
                        json_tokens(tool),
                    );
                }
            }
            if let Some(choice) = config.get("toolChoice") {
                tool_choice = if choice.get("any").is_some() {
                    ToolChoice::Any
                } else if let Some(name) = choice.pointer("/tool/name").and_then(Value::as_str) {
                    ToolChoice::Tool(name.to_owned())
                } else {
                    ToolChoice::Auto
                };
            }
        }

        for (i, block) in array(body.get("system"), "system")?.iter().enumerate() {
            if let Some(point) = block.get("cachePoint") {
                builder.checkpoint(
                    Field::System,
                    Ttl::parse(
                        point.get("ttl").and_then(Value::as_str),
                        &format!("system.{}.member.cachePoint.ttl", i + 1),
                    )?,
                )?;
            } else if let Some(text) = block.get("text").and_then(Value::as_str) {
                builder.block(Field::System, BlockKind::Text, text, tokenizer::count(text));
            } else {
                builder.block(
                    Field::System,
                    BlockKind::Other,
                    &block.to_string(),
                    json_tokens(block),
                );
            }
        }

        let messages = array(body.get("messages"), "messages")?;
        let mut roles = Vec::new();
        let mut last_user_text = String::new();
        for (i, message) in messages.iter().enumerate() {
            let role = message.get("role").and_then(Value::as_str).unwrap_or("");
            roles.push(role);
            let content = array(message.get("content"), &format!("messages.{i}.content"))?;
            if content.is_empty() {
                return Err(AwsError::validation(format!(
                    "The content field in the Message object at messages.{i} is empty. Add a ContentBlock object to the content field and try again."
                )));
            }
            let mut overhead = MESSAGE_OVERHEAD;
            let mut user_text = Vec::new();
            for (j, block) in content.iter().enumerate() {
                let member = format!("messages.{}.member.content.{}", i + 1, j + 1);
                let (kind, canonical, tokens) = if let Some(point) = block.get("cachePoint") {
                    builder.checkpoint(
                        Field::Messages,
                        Ttl::parse(
                            point.get("ttl").and_then(Value::as_str),
                            &format!("{member}.member.cachePoint.ttl"),
                        )?,
                    )?;
                    continue;
                } else if let Some(text) = block.get("text").and_then(Value::as_str) {
                    user_text.push(text);
                    (BlockKind::Text, format!("{role}:{text}"), tokenizer::count(text))
                } else if let Some(doc) = block.get("document") {
                    let textual = matches!(
                        doc.get("format").and_then(Value::as_str),
                        Some("txt" | "md" | "html" | "csv")
                    );
                    let tokens = match doc.pointer("/source/bytes").and_then(Value::as_str) {
                        Some(bytes) => bytes_tokens(bytes, textual),
                        None => json_tokens(doc.get("source").unwrap_or(&Value::Null)),
                    } + doc
                        .get("name")
                        .and_then(Value::as_str)
                        .map_or(0, tokenizer::count);
                    (BlockKind::Other, format!("{role}:{doc}"), tokens)
                } else if let Some(image) = block.get("image") {
                    let tokens = image
                        .pointer("/source/bytes")
                        .and_then(Value::as_str)
                        .map_or(0, |b| bytes_tokens(b, false).min(1600));
                    (BlockKind::Other, format!("{role}:{image}"), tokens)
                } else if block.get("reasoningContent").is_some() {
                    (
                        BlockKind::Reasoning,
                        format!("{role}:{block}"),
                        json_tokens(block),
                    )
                } else {
                    (BlockKind::Other, format!("{role}:{block}"), json_tokens(block))
                };
                builder.block(Field::Messages, kind, &canonical, tokens + overhead);
                overhead = 0;
            }
            if role == "user" && !user_text.is_empty() {
                last_user_text = user_text.join("\n");
            }
        }
        check_roles(&roles)?;

        let inference = body.get("inferenceConfig");
        let max_tokens = inference
            .and_then(|c| c.get("maxTokens"))
            .and_then(Value::as_u64)
            .map(|n| n.min(u64::from(u32::MAX)) as u32);
        if max_tokens == Some(0) {
            return Err(AwsError::constraint(
                "0",
                "inferenceConfig.maxTokens",
                "Member must have value greater than or equal to 1",
            ));
        }
        let stop_sequences = array(
            inference.and_then(|c| c.get("stopSequences")),
            "inferenceConfig.stopSequences",
        )?
        .iter()
        .filter_map(|s| s.as_str().map(str::to_owned))
        .collect();
        let mut prompt = Self::assemble(
            builder,
            last_user_text,
            tools,
            tool_choice,
            max_tokens,
            stop_sequences,
        );
        prompt.simulated_output_tokens = body
            .get("additionalModelRequestFields")
            .and_then(|fields| fields.get("simulatedOutputTokens"))
            .and_then(Value::as_u64)
            .map(|n| n.min(1_000_000) as u32);
        Ok(prompt)
    }

    /// Reads an Anthropic Messages body as InvokeModel takes it (`anthropic_version: bedrock-2023-05-31`).
    pub fn from_anthropic(body: &Value) -> Result<Self, AwsError> {
        let body = obj(body, "the request body")?;
        if body.get("anthropic_version").and_then(Value::as_str).is_none() {
            return Err(AwsError::validation(
                "Malformed input request: #: required key [anthropic_version] not found, please reformat your input and try again.",
            ));
        }
        let Some(max_tokens) = body.get("max_tokens").and_then(Value::as_u64) else {
            return Err(AwsError::validation(
                "Malformed input request: #: required key [max_tokens] not found, please reformat your input and try again.",
            ));
        };
        let mut builder = Builder::new();
        let cache_control = |block: &Value, builder: &mut Builder, field: Field| -> Result<(), AwsError> {
            if let Some(control) = block.get("cache_control").filter(|c| !c.is_null()) {
                builder.checkpoint(
                    field,
                    Ttl::parse(control.get("ttl").and_then(Value::as_str), "cache_control.ttl")?,
                )?;
            }
            Ok(())
        };

        let mut tools = Vec::new();
        for tool in array(body.get("tools"), "tools")? {
            let mut canonical = tool.clone();
            if let Some(map) = canonical.as_object_mut() {
                map.remove("cache_control");
            }
            builder.block(
                Field::Tools,
                BlockKind::Other,
                &canonical.to_string(),
                json_tokens(&canonical),
            );
            cache_control(tool, &mut builder, Field::Tools)?;
            tools.push(ToolSpec {
                name: tool
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or("tool")
                    .to_owned(),
                input_schema: tool.get("input_schema").cloned().unwrap_or(Value::Null),
            });
        }
        let tool_choice = match body
            .get("tool_choice")
            .and_then(|c| c.get("type"))
            .and_then(Value::as_str)
        {
            Some("any") => ToolChoice::Any,
            Some("tool") => ToolChoice::Tool(
                body.get("tool_choice")
                    .and_then(|c| c.get("name"))
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned(),
            ),
            _ => ToolChoice::Auto,
        };

        match body.get("system") {
            Some(Value::String(text)) => {
                builder.block(Field::System, BlockKind::Text, text, tokenizer::count(text))
            }
            Some(Value::Array(blocks)) => {
                for block in blocks {
                    let text = block.get("text").and_then(Value::as_str).unwrap_or_default();
                    builder.block(Field::System, BlockKind::Text, text, tokenizer::count(text));
                    cache_control(block, &mut builder, Field::System)?;
                }
            }
            _ => {}
        }

        let mut roles = Vec::new();
        let mut last_user_text = String::new();
        for message in array(body.get("messages"), "messages")? {
            let role = message.get("role").and_then(Value::as_str).unwrap_or("");
            roles.push(role);
            let mut overhead = MESSAGE_OVERHEAD;
            let mut user_text = Vec::new();
            match message.get("content") {
                Some(Value::String(text)) => {
                    user_text.push(text.as_str());
                    builder.block(
                        Field::Messages,
                        BlockKind::Text,
                        &format!("{role}:{text}"),
                        tokenizer::count(text) + overhead,
                    );
                }
                Some(Value::Array(blocks)) => {
                    for block in blocks {
                        let kind = match block.get("type").and_then(Value::as_str) {
                            Some("text") => BlockKind::Text,
                            Some("thinking" | "redacted_thinking") => BlockKind::Reasoning,
                            _ => BlockKind::Other,
                        };
                        let mut canonical = block.clone();
                        if let Some(map) = canonical.as_object_mut() {
                            map.remove("cache_control");
                        }
                        let tokens = match (kind, block.get("text").and_then(Value::as_str)) {
                            (BlockKind::Text, Some(text)) => {
                                user_text.push(text);
                                tokenizer::count(text)
                            }
                            _ => source_tokens(block).unwrap_or_else(|| json_tokens(&canonical)),
                        };
                        builder.block(
                            Field::Messages,
                            kind,
                            &format!("{role}:{canonical}"),
                            tokens + overhead,
                        );
                        overhead = 0;
                        cache_control(block, &mut builder, Field::Messages)?;
                    }
                }
                _ => {
                    return Err(AwsError::validation(
                        "messages: each message needs a content string or array",
                    ));
                }
            }
            if role == "user" && !user_text.is_empty() {
                last_user_text = user_text.join("\n");
            }
        }
        check_roles(&roles)?;
        let stop_sequences = array(body.get("stop_sequences"), "stop_sequences")?
            .iter()
            .filter_map(|s| s.as_str().map(str::to_owned))
            .collect();
        Ok(Self::assemble(
            builder,
            last_user_text,
            tools,
            tool_choice,
            Some(max_tokens.min(u64::from(u32::MAX)) as u32),
            stop_sequences,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn converse(body: Value) -> Prompt {
        Prompt::from_converse(&body).unwrap()
    }

    #[test]
    fn order_is_tools_then_system_then_messages() {
        let prompt = converse(json!({
            "messages": [{"role": "user", "content": [{"text": "question"}, {"cachePoint": {"type": "default"}}]}],
            "system": [{"text": "be brief"}, {"cachePoint": {"type": "default", "ttl": "1h"}}],
            "toolConfig": {"tools": [{"toolSpec": {"name": "t", "inputSchema": {"json": {}}}}, {"cachePoint": {"type": "default"}}]}
        }));
        let boundaries: Vec<(usize, Field, Ttl)> = prompt
            .checkpoints
            .iter()
            .map(|c| (c.boundary, c.field, c.ttl))
            .collect();
        assert_eq!(
            boundaries,
            [
                (1, Field::Tools, Ttl::FiveMinutes),
                (2, Field::System, Ttl::OneHour),
                (3, Field::Messages, Ttl::FiveMinutes)
            ]
        );
        assert_eq!(prompt.last_user_text, "question");
    }

    #[test]
    fn prefix_hash_changes_from_the_first_changed_block_on() {
        let a = converse(
            json!({"system": [{"text": "one"}, {"text": "two"}], "messages": [{"role": "user", "content": [{"text": "q"}]}]}),
        );
        let b = converse(
            json!({"system": [{"text": "one"}, {"text": "TWO"}], "messages": [{"role": "user", "content": [{"text": "q"}]}]}),
        );
        assert_eq!(a.prefix_hashes[1], b.prefix_hashes[1]);
        assert_ne!(a.prefix_hashes[2], b.prefix_hashes[2]);
        assert_ne!(a.prefix_hashes[3], b.prefix_hashes[3]);
    }

    #[test]
    fn conversation_rules() {
        let starts_with_assistant = json!({"messages": [{"role": "assistant", "content": [{"text": "hi"}]}]});
        assert!(
            Prompt::from_converse(&starts_with_assistant)
                .unwrap_err()
                .message
                .contains("must start with a user message")
        );
        let repeated = json!({"messages": [{"role": "user", "content": [{"text": "a"}]}, {"role": "user", "content": [{"text": "b"}]}]});
        assert!(
            Prompt::from_converse(&repeated)
                .unwrap_err()
                .message
                .contains("alternate")
        );
        let empty = json!({"messages": [{"role": "user", "content": []}]});
        assert!(
            Prompt::from_converse(&empty)
                .unwrap_err()
                .message
                .contains("messages.0 is empty")
        );
    }

    #[test]
    fn no_cache_point_after_reasoning() {
        let body = json!({"messages": [
            {"role": "user", "content": [{"text": "q"}]},
            {"role": "assistant", "content": [{"reasoningContent": {"reasoningText": {"text": "hmm"}}}, {"cachePoint": {"type": "default"}}]},
        ]});
        assert_eq!(
            Prompt::from_converse(&body).unwrap_err().message,
            "Cache point cannot be inserted after reasoning block"
        );
    }

    #[test]
    fn documents_are_read_when_textual() {
        let text = "word ".repeat(100);
        let encoded = aws_smithy_types::base64::encode(text.as_bytes());
        let prompt = converse(json!({"messages": [{"role": "user", "content": [
            {"document": {"name": "notes", "format": "txt", "source": {"bytes": encoded}}}, {"text": "summarise"}]}]}));
        assert_eq!(
            prompt.prefix_tokens[1],
            100 + 1 + MESSAGE_OVERHEAD,
            "100 words + the name + framing"
        );
    }

    #[test]
    fn anthropic_documents_count_as_their_converse_twins() {
        let text = "word ".repeat(100);
        let encoded = aws_smithy_types::base64::encode(text.as_bytes());
        let converse = converse(json!({"messages": [{"role": "user", "content": [
            {"document": {"name": "notes", "format": "txt", "source": {"bytes": encoded}}}, {"text": "summarise"}]}]}));
        for source in [
            json!({"type": "text", "media_type": "text/plain", "data": text}),
            json!({"type": "base64", "media_type": "text/plain", "data": encoded}),
        ] {
            let anthropic = Prompt::from_anthropic(&json!({
                "anthropic_version": "bedrock-2023-05-31", "max_tokens": 10,
                "messages": [{"role": "user", "content": [
                    {"type": "document", "title": "notes", "source": source},
                    {"type": "text", "text": "summarise"}]}]
            }))
            .unwrap();
            assert_eq!(anthropic.prefix_tokens, converse.prefix_tokens, "{source}");
        }
    }

    #[test]
    fn anthropic_bodies() {
        let prompt = Prompt::from_anthropic(&json!({
            "anthropic_version": "bedrock-2023-05-31", "max_tokens": 200,
            "system": [{"type": "text", "text": "long system", "cache_control": {"type": "ephemeral", "ttl": "1h"}}],
            "messages": [{"role": "user", "content": "hello"}]
        }))
        .unwrap();
        assert_eq!(prompt.checkpoints.len(), 1);
        assert_eq!(
            (prompt.checkpoints[0].boundary, prompt.checkpoints[0].ttl),
            (1, Ttl::OneHour)
        );
        assert_eq!(prompt.max_tokens, Some(200));
        let missing =
            Prompt::from_anthropic(&json!({"anthropic_version": "bedrock-2023-05-31", "messages": []}));
        assert!(missing.unwrap_err().message.contains("max_tokens"));
    }
}
