//! What the cache plan reads: the request's content blocks and the cache points between them.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model_facts::{CacheField, CacheTtl};

/// What a block holds; a checkpoint may not follow a reasoning block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum BlockKind {
    Text,
    Document,
    Image,
    ToolSpec,
    ToolUse,
    ToolResult,
    Reasoning,
}

/// One content block of the request.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Block {
    pub section: CacheField,
    pub kind: BlockKind,
    /// The text the model reads (a tool's JSON spec, a document's text).
    pub text: String,
    /// A counted size (from CountTokens) when known; otherwise the plan estimates it.
    pub counted_tokens: Option<u32>,
    /// The estimate for content that is not text (an image, from its size), used until it is counted; `None`
    /// estimates from `text`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub estimated_tokens: Option<u32>,
    /// What else makes the block itself besides its text (a document's name and format, a tool call's ID):
    /// part of the prefix, so part of its identity.
    #[serde(default)]
    pub label: String,
}

impl Block {
    /// The block's size: counted, else the estimate it carries, else estimated from its text.
    pub fn tokens(&self) -> u32 {
        self.counted_tokens
            .or(self.estimated_tokens)
            .unwrap_or_else(|| super::estimate_tokens(&self.text))
    }
}

/// A cache point after `after_blocks` blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CachePoint {
    pub after_blocks: u32,
    pub ttl: CacheTtl,
    /// Placed by the service after the last block (the Messages API's top-level `cache_control`), not by a
    /// point in the conversation.
    #[serde(default)]
    pub automatic: bool,
}
