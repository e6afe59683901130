//! The blocks, plans and usage the unit tests of this module share.

use crate::cache_plan::{Block, BlockKind, CachePlan, CachePoint, Planner};
use crate::model_facts::{CacheField, CacheTtl, ModelFactsTable};
use crate::pricing::Usage;

pub(super) const SONNET_37: &str = "anthropic.claude-3-7-sonnet-20250219-v1:0";
pub(super) const SCOPE: &str = "us-east-1|us.anthropic.claude-3-7-sonnet-20250219-v1:0";

pub(super) fn block(section: CacheField, text: &str, tokens: u32) -> Block {
    Block {
        section,
        kind: BlockKind::Text,
        text: text.into(),
        counted_tokens: Some(tokens),
        estimated_tokens: None,
        label: String::new(),
    }
}

pub(super) fn point(after: u32) -> CachePoint {
    CachePoint {
        after_blocks: after,
        ttl: CacheTtl::FiveMinutes,
        automatic: false,
    }
}

pub(super) fn plan(blocks: &[Block], points: &[CachePoint]) -> CachePlan {
    let facts = ModelFactsTable::bundled().lookup(SONNET_37).cloned();
    Planner::new().plan(blocks, points, facts.as_ref(), None)
}

pub(super) fn usage(read: u64, write: u64, input: u64) -> Usage {
    Usage {
        input_tokens: input,
        output_tokens: 50,
        cache_read_input_tokens: read,
        cache_write5m_tokens: write,
        cache_write1h_tokens: 0,
        implicit_read_tokens: 0,
    }
}

pub(super) fn turn(document: &str, question: &str) -> Vec<Block> {
    vec![
        block(CacheField::System, "You answer from the handbook.", 10),
        block(CacheField::Messages, document, 3000),
        block(CacheField::Messages, question, 20),
    ]
}
