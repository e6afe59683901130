//! The conversation broken into what the cache plan reads.

use serde::Serialize;
use ts_rs::TS;

use super::converse_wire::tool_spec;
use super::model::{ContentItem, Conversation, SystemItem, ToolItem};
use crate::cache_plan::{Block, BlockKind, CachePoint};
use crate::model_facts::{CacheField, CacheTtl};

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
/// points between them, and where each block and point came from. The automatic point (top-level
/// `cache_control`) comes last in `points` and has no origin: it stands in no list of the conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flattened {
    pub blocks: Vec<Block>,
    pub origins: Vec<BlockOrigin>,
    pub points: Vec<CachePoint>,
    /// Where each point stands in the conversation, in the same order as `points` (the automatic point has none).
    pub point_origins: Vec<BlockOrigin>,
}

impl Conversation {
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
                automatic: false,
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
                        estimated_tokens: None,
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
                        estimated_tokens: None,
                        label: String::new(),
                    });
                    out.origins.push(origin);
                }
                SystemItem::CachePoint { ttl } => point(&mut out, *ttl, origin),
            }
        }
        // The thinking configuration belongs to the identity of every prefix that reaches into `messages`:
        // changing it makes message cache points write again, while tools and system stay cached.
        let mut thinking_label = self.inference.thinking_label();
        for (m, message) in self.messages.iter().enumerate() {
            for (i, item) in message.content.iter().enumerate() {
                let origin = BlockOrigin::Message {
                    message: m as u32,
                    item: i as u32,
                };
                let mut estimated_tokens = None;
                let (kind, text, label) = match item {
                    ContentItem::CachePoint { ttl } => {
                        point(&mut out, *ttl, origin);
                        continue;
                    }
                    // An image reads as its size, and is itself (its bytes' hash) in the prefix's identity.
                    ContentItem::Image { name, format, data } => {
                        let info = super::decode_base64(data).and_then(|bytes| super::sniff_image(&bytes));
                        estimated_tokens = info.map(|i| super::estimate_image_tokens(i.width, i.height));
                        let size = info.map_or_else(String::new, |i| format!(" {}×{}", i.width, i.height));
                        (
                            BlockKind::Image,
                            format!("[image {name}.{}{size}]", format.as_str()),
                            format!("{name}.{}#{:016x}", format.as_str(), fnv(data.as_bytes())),
                        )
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
                let label = match thinking_label.take() {
                    Some(thinking) => format!("{thinking}|{label}"),
                    None => label,
                };
                out.blocks.push(Block {
                    section: CacheField::Messages,
                    kind,
                    text,
                    counted_tokens: None,
                    estimated_tokens,
                    label,
                });
                out.origins.push(origin);
            }
        }
        // Automatic placement: one point after the last block, unless a point already stands there.
        let end = out.blocks.len() as u32;
        if let Some(ttl) = self.automatic_cache
            && end > 0
            && out.points.last().is_none_or(|p| p.after_blocks != end)
        {
            out.points.push(CachePoint {
                after_blocks: end,
                ttl,
                automatic: true,
            });
        }
        out
    }
}

/// FNV-1a, 64-bit: a stable identity for an image's bytes.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conversation::fixture::long_document_conversation;

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
    fn automatic_placement_adds_one_point_after_the_last_block_unless_one_stands_there() {
        let mut conversation = long_document_conversation();
        conversation.automatic_cache = Some(CacheTtl::OneHour);
        let flat = conversation.flatten();
        assert_eq!(flat.points.len(), 4);
        let automatic = flat.points[3];
        assert_eq!(
            (automatic.after_blocks, automatic.ttl, automatic.automatic),
            (4, CacheTtl::OneHour, true)
        );
        assert_eq!(
            flat.point_origins.len(),
            3,
            "the automatic point stands in no list"
        );
        assert!(flat.points[..3].iter().all(|p| !p.automatic));

        conversation.messages[0].content.push(ContentItem::CachePoint {
            ttl: CacheTtl::FiveMinutes,
        });
        let flat = conversation.flatten();
        assert_eq!(flat.points.len(), 4, "a point already closes the request");
        assert!(flat.points.iter().all(|p| !p.automatic));

        assert!(
            Conversation::default().flatten().points.is_empty(),
            "nothing to cache"
        );
    }
}
