//! The conversation every format of copy as code is tested on.

use crate::conversation::{ContentItem, Conversation, DocumentFormat, Message, Role, SystemItem};
use crate::model_facts::CacheTtl;

/// A system prompt and a document behind cache points, then a question: the request every format prints.
pub(super) fn conversation() -> Conversation {
    Conversation {
        system: vec![
            SystemItem::Text {
                text: "It's a handbook bot.".into(),
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
                    ttl: CacheTtl::OneHour,
                },
                ContentItem::Text {
                    text: "Summarise.".into(),
                },
            ],
        }],
        ..Conversation::default()
    }
}
