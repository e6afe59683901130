//! Reading an Anthropic Messages body as InvokeModel takes it.

use serde_json::Value;

use super::builder::{Builder, MESSAGE_OVERHEAD};
use super::checks::{array, check_roles, obj};
use super::parts::{BlockKind, Field, Prompt, ToolChoice, ToolSpec, Ttl};
use super::reasoning_turns::{self, MessageShape};
use super::tokens::{json_tokens, source_tokens};
use super::tool_turns::{ToolTurns, result_text};
use crate::error::AwsError;
use crate::parameters::Parameters;
use crate::tokenizer;

/// An Anthropic block's type, as the model's validation names it.
fn kind(block: &Value) -> &'static str {
    match block.get("type").and_then(Value::as_str) {
        Some("thinking") => "thinking",
        Some("redacted_thinking") => "redacted_thinking",
        Some("tool_use") => "tool_use",
        Some("tool_result") => "tool_result",
        Some("text") => "text",
        _ => "other",
    }
}

fn shapes(messages: &[Value]) -> Vec<MessageShape> {
    messages
        .iter()
        .map(|m| MessageShape {
            role: m.get("role").and_then(Value::as_str).unwrap_or("").to_owned(),
            kinds: match m.get("content") {
                Some(Value::String(_)) => vec!["text"],
                Some(Value::Array(blocks)) => blocks.iter().map(kind).collect(),
                _ => Vec::new(),
            },
        })
        .collect()
}

impl Prompt {
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
        read(body, Some(max_tokens), None)
    }

    /// Reads a body of Anthropic's Messages API (`/anthropic/v1/messages`): the same blocks as InvokeModel's,
    /// with no `anthropic_version` (the header carries it) and a top-level `cache_control` for automatic
    /// placement, which caches the longest prefix ending at the last block (one of the checkpoints the limit
    /// counts; none is added where the last block already has one). `count_tokens` bodies have no `max_tokens`.
    pub fn from_messages_api(body: &Value, counting: bool) -> Result<Self, AwsError> {
        let body = obj(body, "the request body")?;
        let max_tokens = body.get("max_tokens").and_then(Value::as_u64);
        if max_tokens.is_none() && !counting {
            return Err(AwsError::validation("max_tokens: Field required"));
        }
        let automatic = body.get("cache_control").filter(|c| !c.is_null());
        read(body, max_tokens, automatic)
    }
}

fn read(
    body: &serde_json::Map<String, Value>,
    max_tokens: Option<u64>,
    automatic: Option<&Value>,
) -> Result<Prompt, AwsError> {
    let parameters = Parameters::from_anthropic(&Value::Object(body.clone()));
    let mut builder = Builder::new();
    builder.key_messages_by(parameters.thinking_key());
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
            description: tool
                .get("description")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            input_schema: tool.get("input_schema").cloned().unwrap_or(Value::Null),
        });
    }
    builder.end_section();
    let tool_choice = match body
        .get("tool_choice")
        .and_then(|c| c.get("type"))
        .and_then(Value::as_str)
    {
        Some("any") => ToolChoice::Any,
        Some("none") => ToolChoice::None,
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
    builder.end_section();

    let messages = array(body.get("messages"), "messages")?;
    let shapes = shapes(messages);
    let loop_start = reasoning_turns::loop_start(&shapes);
    let mut sent_reasoning = Vec::new();
    let mut roles = Vec::new();
    let mut last_user_text = String::new();
    let mut tool_turns = ToolTurns::default();
    for (i, message) in messages.iter().enumerate() {
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
                for (j, block) in blocks.iter().enumerate() {
                    match block.get("type").and_then(Value::as_str) {
                        Some("tool_use") => tool_turns.call(
                            block.get("id").and_then(Value::as_str),
                            block.get("name").and_then(Value::as_str),
                        ),
                        Some("tool_result") => tool_turns.result(
                            block.get("tool_use_id").and_then(Value::as_str),
                            result_text(block.get("content")),
                            block.get("is_error").and_then(Value::as_bool) == Some(true),
                        ),
                        _ => {}
                    }
                    let kind = match block.get("type").and_then(Value::as_str) {
                        Some("text") => BlockKind::Text,
                        Some("thinking" | "redacted_thinking") => BlockKind::Reasoning,
                        _ => BlockKind::Other,
                    };
                    let mut canonical = block.clone();
                    if let Some(map) = canonical.as_object_mut() {
                        map.remove("cache_control");
                    }
                    let thinking = block.get("thinking").and_then(Value::as_str);
                    if let (BlockKind::Reasoning, Some(text)) = (kind, thinking) {
                        sent_reasoning.push(reasoning_turns::sent(
                            i,
                            j,
                            text,
                            block.get("signature").and_then(Value::as_str),
                        ));
                    }
                    let tokens = match (kind, block.get("text").and_then(Value::as_str)) {
                        (BlockKind::Text, Some(text)) => {
                            user_text.push(text);
                            tokenizer::count(text)
                        }
                        // Earlier turns' thinking is stripped from the context; the current loop's counts.
                        (BlockKind::Reasoning, _) if i < loop_start => 0,
                        (BlockKind::Reasoning, _) => thinking.map_or(0, tokenizer::count),
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
        builder.end_section();
        tool_turns.end_message(role);
        if role == "user" && !user_text.is_empty() {
            last_user_text = user_text.join("\n");
        }
    }
    check_roles(&roles)?;
    if let Some(control) = automatic {
        builder.checkpoint_at_end(Ttl::parse(
            control.get("ttl").and_then(Value::as_str),
            "cache_control.ttl",
        )?)?;
    }
    let stop_sequences = array(body.get("stop_sequences"), "stop_sequences")?
        .iter()
        .filter_map(|s| s.as_str().map(str::to_owned))
        .collect();
    let mut prompt = Prompt::assemble(
        builder,
        last_user_text,
        tools,
        tool_choice,
        max_tokens.map(|max| max.min(u64::from(u32::MAX)) as u32),
        stop_sequences,
    );
    prompt.tool_results = tool_turns.finish();
    prompt.tool_loop_opening = reasoning_turns::tool_loop_opening(&shapes);
    prompt.sent_reasoning = sent_reasoning;
    prompt.parameters = parameters;
    Ok(prompt)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn anthropic_documents_count_as_their_converse_twins() {
        let text = "word ".repeat(100);
        let encoded = aws_smithy_types::base64::encode(text.as_bytes());
        let converse = Prompt::from_converse(&json!({"messages": [{"role": "user", "content": [
            {"document": {"name": "notes", "format": "txt", "source": {"bytes": encoded}}}, {"text": "summarise"}]}]}))
        .unwrap();
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
    fn top_level_cache_control_places_one_checkpoint_at_the_end() {
        let body = |last: Value| {
            json!({"max_tokens": 10, "cache_control": {"type": "ephemeral", "ttl": "1h"},
                "system": "long system", "messages": [{"role": "user", "content": [last]}]})
        };
        let automatic =
            Prompt::from_messages_api(&body(json!({"type": "text", "text": "hi"})), false).unwrap();
        assert_eq!(automatic.checkpoints.len(), 1);
        assert_eq!(
            automatic.checkpoints[0].boundary,
            automatic.prefix_tokens.len() - 1
        );
        assert_eq!(automatic.checkpoints[0].ttl, Ttl::OneHour);
        let explicit = Prompt::from_messages_api(
            &body(json!({"type": "text", "text": "hi", "cache_control": {"type": "ephemeral", "ttl": "1h"}})),
            false,
        )
        .unwrap();
        assert_eq!(
            explicit.checkpoints.len(),
            1,
            "no second checkpoint where one stands"
        );
        let counting =
            Prompt::from_messages_api(&json!({"messages": [{"role": "user", "content": "hi"}]}), true);
        assert_eq!(counting.unwrap().max_tokens, None);
        let missing =
            Prompt::from_messages_api(&json!({"messages": [{"role": "user", "content": "hi"}]}), false);
        assert_eq!(missing.unwrap_err().message, "max_tokens: Field required");
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
        assert_eq!(prompt.block_ends, [1, 2], "the end of system, of the message");
        let missing =
            Prompt::from_anthropic(&json!({"anthropic_version": "bedrock-2023-05-31", "messages": []}));
        assert!(missing.unwrap_err().message.contains("max_tokens"));
    }
}
