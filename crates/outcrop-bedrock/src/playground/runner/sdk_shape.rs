//! A conversation as the runtime SDK's shapes (system blocks, messages, tool and inference configuration),
//! shared by ConverseStream and CountTokens' Converse input. A field the SDK refuses (a tool schema that is not
//! JSON…) is a validation error naming the field.

use aws_sdk_bedrockruntime::primitives::Blob;
use aws_sdk_bedrockruntime::types as sdk;
use aws_smithy_types::Document;
use outcrop_core::ErrorCode;
use outcrop_core::conversation::{
    ContentItem, Conversation, DocumentFormat, ImageFormat, Role, SystemItem, ToolItem,
};
use outcrop_core::model_facts::CacheTtl;
use serde_json::Value;

use crate::OutcropError;

/// The runtime client's view of a conversation.
pub(crate) fn document(value: Value) -> Document {
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

fn invalid(field: &str, error: impl std::fmt::Display) -> OutcropError {
    OutcropError {
        code: ErrorCode::Validation,
        message: format!("{field}: {error}"),
        detail: format!("{field}: {error}"),
        fields: Vec::new(),
        aws: None,
    }
}

fn cache_point(ttl: CacheTtl) -> Result<sdk::CachePointBlock, OutcropError> {
    let mut builder = sdk::CachePointBlock::builder().r#type(sdk::CachePointType::Default);
    if ttl == CacheTtl::OneHour {
        builder = builder.ttl(sdk::CacheTtl::OneHour);
    }
    builder.build().map_err(|e| invalid("cachePoint", e))
}

fn parse_json(field: &str, text: &str) -> Result<Document, OutcropError> {
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

pub(crate) fn content_block(item: &ContentItem, field: &str) -> Result<sdk::ContentBlock, OutcropError> {
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
        ContentItem::Image { name, format, data } => {
            let bytes = outcrop_core::conversation::decode_base64(data)
                .ok_or_else(|| invalid(field, format!("{name} is not base64")))?;
            sdk::ContentBlock::Image(
                sdk::ImageBlock::builder()
                    .format(match format {
                        ImageFormat::Png => sdk::ImageFormat::Png,
                        ImageFormat::Jpeg => sdk::ImageFormat::Jpeg,
                        ImageFormat::Gif => sdk::ImageFormat::Gif,
                        ImageFormat::Webp => sdk::ImageFormat::Webp,
                    })
                    .source(sdk::ImageSource::Bytes(Blob::new(bytes)))
                    .build()
                    .map_err(|e| invalid(field, e))?,
            )
        }
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

pub(crate) fn sdk_conversation(conversation: &Conversation) -> Result<SdkConversation, OutcropError> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_round_trip_numbers() {
        let value = serde_json::json!({"a": [1, -2, 2.5, true, null, "x"]});
        assert_eq!(json(&document(value.clone())), value);
    }
}
