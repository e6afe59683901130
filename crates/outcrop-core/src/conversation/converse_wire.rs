//! The Converse request's JSON wire shape: the one `aws bedrock-runtime converse` and boto3 take.

use serde_json::{Map, Value, json};

use super::base64::base64;
use super::model::{ContentItem, Conversation, SystemItem, ToolItem};
use crate::model_facts::CacheTtl;

impl Conversation {
    /// The Converse request body for `model_id` (which goes in the path, not the body), exactly as sent; the
    /// model decides the shape of `additionalModelRequestFields`.
    pub fn converse_json(&self, model_id: &str) -> Value {
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
        if let Some(fields) = self.inference.additional_model_request_fields(model_id) {
            body.insert("additionalModelRequestFields".into(), fields);
        }
        if let Some(tier) = self.service_tier {
            body.insert("serviceTier".into(), json!({ "type": tier.as_str() }));
        }
        if let Some(project) = self.named_project() {
            body.insert("projectIdentifier".into(), json!(project));
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
}

/// `0.7f32` as `0.7`, not `0.699999988079071`.
pub(super) fn round_param(v: f32) -> f64 {
    (f64::from(v) * 1000.0).round() / 1000.0
}

fn cache_point_json(ttl: CacheTtl) -> Value {
    match ttl {
        CacheTtl::FiveMinutes => json!({ "cachePoint": { "type": "default" } }),
        CacheTtl::OneHour => json!({ "cachePoint": { "type": "default", "ttl": "1h" } }),
    }
}

pub(super) fn tool_spec(item: &ToolItem) -> Option<Value> {
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
        ContentItem::Image { format, data, .. } => json!({
            "image": { "format": format.as_str(), "source": { "bytes": data } }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conversation::fixture::long_document_conversation;

    #[test]
    fn converse_json_is_the_wire_shape() {
        let body = long_document_conversation().converse_json("anthropic.claude-3-7-sonnet-20250219-v1:0");
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
}
