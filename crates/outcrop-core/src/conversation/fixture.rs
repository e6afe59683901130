//! The conversation the unit tests of this module share.

use super::model::{
    ContentItem, Conversation, DocumentFormat, InferenceParams, Message, Role, SystemItem, ToolItem,
};
use crate::model_facts::CacheTtl;

pub(super) fn long_document_conversation() -> Conversation {
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
        service_tier: None,
        project: None,
        automatic_cache: None,
    }
}
