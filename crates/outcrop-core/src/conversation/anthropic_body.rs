//! The Anthropic Messages body InvokeModel takes, with `cache_control` where the conversation has cache points.

use serde_json::{Value, json};

use super::converse_wire::round_param;
use super::model::{ContentItem, Conversation, DocumentFormat, SystemItem, ToolItem};
use crate::model_facts::CacheTtl;

/// Anthropic requires `max_tokens`; this fills it when the conversation leaves it open.
pub const ANTHROPIC_DEFAULT_MAX_TOKENS: u32 = 1024;

impl DocumentFormat {
    /// The MIME type Anthropic's body uses for a document of this format.
    fn media_type(self) -> &'static str {
        match self {
            Self::Txt | Self::Md | Self::Csv | Self::Html => "text/plain",
        }
    }
}

/// `{"type": "ephemeral"}`, with `"ttl": "1h"` for an hour (five minutes is the default).
fn cache_control(ttl: CacheTtl) -> Value {
    let mut control = json!({ "type": "ephemeral" });
    if ttl == CacheTtl::OneHour {
        control["ttl"] = json!("1h");
    }
    control
}

impl Conversation {
    /// The InvokeModel body exactly as sent: [`Conversation::anthropic_body`] with Outcrop's default
    /// `max_tokens` when the conversation leaves it open.
    pub fn invoke_model_body(&self) -> Value {
        self.anthropic_body(ANTHROPIC_DEFAULT_MAX_TOKENS)
    }

    /// The body of Anthropic's Messages API on bedrock-runtime (`POST /anthropic/v1/messages`): the Anthropic
    /// body with the model in it and no `anthropic_version` (the route takes it as a header), the top-level
    /// `cache_control` of automatic placement when the conversation asks for it, streamed when `stream`.
    pub fn messages_api_body(&self, model: &str, stream: bool) -> Value {
        let mut body = self.anthropic_body(ANTHROPIC_DEFAULT_MAX_TOKENS);
        if let Value::Object(fields) = &mut body {
            fields.remove("anthropic_version");
            fields.insert("model".into(), json!(model));
            if let Some(ttl) = self.automatic_cache {
                fields.insert("cache_control".into(), cache_control(ttl));
            }
            if stream {
                fields.insert("stream".into(), json!(true));
            }
        }
        body
    }

    /// The Anthropic Messages body for InvokeModel, with `cache_control` on the block before each cache point.
    /// Anthropic requires `max_tokens`; `default_max_tokens` fills it when the conversation leaves it open.
    pub fn anthropic_body(&self, default_max_tokens: u32) -> Value {
        fn mark(blocks: &mut [Value], ttl: CacheTtl) {
            if let Some(Value::Object(last)) = blocks.last_mut() {
                last.insert("cache_control".into(), cache_control(ttl));
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
                    ContentItem::Image { format, data, .. } => content.push(json!({
                        "type": "image",
                        "source": { "type": "base64", "media_type": format.media_type(), "data": data },
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
        if let Some(k) = self.inference.top_k {
            body["top_k"] = json!(k);
        }
        if let Some(thinking) = self.inference.thinking {
            body["thinking"] = thinking.wire();
        }
        if !self.inference.stop_sequences.is_empty() {
            body["stop_sequences"] = json!(self.inference.stop_sequences);
        }
        body
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conversation::fixture::long_document_conversation;

    #[test]
    fn the_messages_api_body_names_the_model_and_leaves_the_version_to_the_header() {
        let conversation = long_document_conversation();
        let body = conversation.messages_api_body("us.anthropic.claude-opus-4-7", true);
        assert_eq!(body["model"], "us.anthropic.claude-opus-4-7");
        assert_eq!(body["stream"], true);
        assert!(body.get("anthropic_version").is_none());
        let invoke = conversation.invoke_model_body();
        assert_eq!(
            body["messages"], invoke["messages"],
            "the same content and cache_control as InvokeModel"
        );
        assert_eq!(body["system"], invoke["system"]);
        assert!(conversation.messages_api_body("m", false).get("stream").is_none());
        assert!(
            body.get("cache_control").is_none(),
            "no automatic placement asked for"
        );
    }

    #[test]
    fn automatic_placement_is_the_messages_apis_top_level_cache_control_only() {
        let mut conversation = long_document_conversation();
        conversation.automatic_cache = Some(CacheTtl::FiveMinutes);
        let body = conversation.messages_api_body("anthropic.claude-opus-4-7", false);
        assert_eq!(body["cache_control"], json!({"type": "ephemeral"}));
        conversation.automatic_cache = Some(CacheTtl::OneHour);
        assert_eq!(
            conversation.messages_api_body("m", true)["cache_control"],
            json!({"type": "ephemeral", "ttl": "1h"})
        );
        assert!(
            conversation.invoke_model_body().get("cache_control").is_none(),
            "InvokeModel's body has no top-level cache_control"
        );
    }

    #[test]
    fn one_hour_points_carry_their_ttl() {
        let mut conversation = long_document_conversation();
        conversation.system[1] = SystemItem::CachePoint {
            ttl: CacheTtl::OneHour,
        };
        assert_eq!(
            conversation.converse_json("anthropic.claude-3-7-sonnet-20250219-v1:0")["system"][1],
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
}
