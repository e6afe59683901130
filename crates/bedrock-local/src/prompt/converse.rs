//! Reading a Converse / ConverseStream / CountTokens(converse) body.

use serde_json::Value;

use super::builder::{Builder, MESSAGE_OVERHEAD};
use super::checks::{array, check_roles, obj};
use super::parts::{BlockKind, Field, Prompt, ToolChoice, ToolSpec, Ttl};
use super::reasoning_turns::{self, MessageShape};
use super::tokens::{bytes_tokens, json_tokens};
use super::tool_turns::{ToolTurns, result_text};
use crate::error::AwsError;
use crate::parameters::Parameters;
use crate::tokenizer;

/// A Converse block's type in Anthropic's words (what the model is given), `None` for a cache point.
fn kind(block: &Value) -> Option<&'static str> {
    if block.get("cachePoint").is_some() {
        None
    } else if let Some(reasoning) = block.get("reasoningContent") {
        Some(if reasoning.get("redactedContent").is_some() {
            "redacted_thinking"
        } else {
            "thinking"
        })
    } else if block.get("toolUse").is_some() {
        Some("tool_use")
    } else if block.get("toolResult").is_some() {
        Some("tool_result")
    } else if block.get("text").is_some() {
        Some("text")
    } else {
        Some("other")
    }
}

fn shapes(messages: &[Value]) -> Vec<MessageShape> {
    messages
        .iter()
        .map(|m| MessageShape {
            role: m.get("role").and_then(Value::as_str).unwrap_or("").to_owned(),
            kinds: m
                .get("content")
                .and_then(Value::as_array)
                .map(|blocks| blocks.iter().filter_map(kind).collect())
                .unwrap_or_default(),
        })
        .collect()
}

impl Prompt {
    /// Reads a Converse / ConverseStream / CountTokens(converse) body.
    pub fn from_converse(body: &Value) -> Result<Self, AwsError> {
        let parameters = Parameters::from_converse(body);
        let body = obj(body, "the request body")?;
        let mut builder = Builder::new();
        builder.key_messages_by(parameters.thinking_key());
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
                        description: spec
                            .get("description")
                            .and_then(Value::as_str)
                            .unwrap_or_default()
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
            builder.end_section();
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
            let content = array(message.get("content"), &format!("messages.{i}.content"))?;
            if content.is_empty() {
                return Err(AwsError::validation(format!(
                    "The content field in the Message object at messages.{i} is empty. Add a ContentBlock object to the content field and try again."
                )));
            }
            let mut overhead = MESSAGE_OVERHEAD;
            let mut user_text = Vec::new();
            let mut position = 0;
            for (j, block) in content.iter().enumerate() {
                let member = format!("messages.{}.member.content.{}", i + 1, j + 1);
                let at = position;
                if block.get("cachePoint").is_none() {
                    position += 1;
                }
                if let Some(call) = block.get("toolUse") {
                    tool_turns.call(
                        call.get("toolUseId").and_then(Value::as_str),
                        call.get("name").and_then(Value::as_str),
                    );
                } else if let Some(result) = block.get("toolResult") {
                    tool_turns.result(
                        result.get("toolUseId").and_then(Value::as_str),
                        result_text(result.get("content")),
                        result.get("status").and_then(Value::as_str) == Some("error"),
                    );
                }
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
                } else if let Some(reasoning) = block.get("reasoningContent") {
                    let text = reasoning
                        .pointer("/reasoningText/text")
                        .and_then(Value::as_str)
                        .unwrap_or_default();
                    if reasoning.get("reasoningText").is_some() {
                        sent_reasoning.push(reasoning_turns::sent(
                            i,
                            at,
                            text,
                            reasoning
                                .pointer("/reasoningText/signature")
                                .and_then(Value::as_str),
                        ));
                    }
                    // Earlier turns' thinking is stripped from the context; the current loop's counts.
                    let tokens = if i < loop_start { 0 } else { tokenizer::count(text) };
                    (BlockKind::Reasoning, format!("{role}:{block}"), tokens)
                } else {
                    (BlockKind::Other, format!("{role}:{block}"), json_tokens(block))
                };
                builder.block(Field::Messages, kind, &canonical, tokens + overhead);
                overhead = 0;
            }
            builder.end_section();
            tool_turns.end_message(role);
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
        prompt.tool_results = tool_turns.finish();
        prompt.tool_loop_opening = reasoning_turns::tool_loop_opening(&shapes);
        prompt.sent_reasoning = sent_reasoning;
        prompt.parameters = parameters;
        prompt.simulated_output_tokens = body
            .get("additionalModelRequestFields")
            .and_then(|fields| fields.get("simulatedOutputTokens"))
            .and_then(Value::as_u64)
            .map(|n| n.min(1_000_000) as u32);
        Ok(prompt)
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
        assert_eq!(
            prompt.block_ends,
            [1, 2, 3],
            "the end of tools, of system, of the message"
        );

        let no_tools = converse(json!({
            "system": [{"text": "a"}, {"text": "b"}],
            "messages": [
                {"role": "user", "content": [{"text": "q"}, {"text": "more"}]},
                {"role": "assistant", "content": [{"text": "answer"}]},
                {"role": "user", "content": [{"text": "again"}]}
            ]
        }));
        assert_eq!(no_tools.block_ends, [2, 4, 5, 6]);
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
}
