//! Where the plan's sizes come from: counted blocks, prefixes counted whole folded into them, and why any
//! block is still a local estimate.

use outcrop_core::cache_plan::{Block, CachePoint};
use outcrop_core::conversation::{Api, ContentItem, Conversation, Flattened, Message, SystemItem, ToolItem};

use super::runner::count_tokens::countable_parts;
use super::types::{EstimateReason, PrefixFraming, SizeBasis};
use outcrop_core::model_facts::{ModelApi, ModelFacts};

/// The conversation up to and including its cache point `point` (request order: tools, system, messages):
/// the prefix that point would cache. `None` when there is no such point.
pub fn prefix_to_point(conversation: &Conversation, point: usize) -> Option<Conversation> {
    let mut seen = 0;
    let mut at_point = || {
        let here = seen == point;
        seen += 1;
        here
    };
    let mut out = Conversation {
        inference: conversation.inference.clone(),
        ..Conversation::default()
    };
    for item in &conversation.tools {
        out.tools.push(item.clone());
        if matches!(item, ToolItem::CachePoint { .. }) && at_point() {
            return Some(out);
        }
    }
    for item in &conversation.system {
        out.system.push(item.clone());
        if matches!(item, SystemItem::CachePoint { .. }) && at_point() {
            return Some(out);
        }
    }
    for message in &conversation.messages {
        let mut content = Vec::new();
        for item in &message.content {
            content.push(item.clone());
            if matches!(item, ContentItem::CachePoint { .. }) && at_point() {
                out.messages.push(Message {
                    role: message.role,
                    content,
                });
                return Some(out);
            }
        }
        out.messages.push(Message {
            role: message.role,
            content,
        });
    }
    None
}

/// Folds whole-prefix counts into the blocks: where every block before cache point k is counted and the
/// prefix up to k was counted whole, the difference is added to the block just before k (so the plan's
/// cumulative sizes are the counted prefixes). Returns the differences found, per point.
pub fn fold_prefix_counts(
    blocks: &mut [Block],
    points: &[CachePoint],
    prefix_totals: &[Option<u32>],
) -> Vec<PrefixFraming> {
    let mut framing = Vec::new();
    // What earlier points folded into blocks that later prefixes also hold.
    let mut folded: i64 = 0;
    for (k, (point, total)) in points.iter().zip(prefix_totals).enumerate() {
        let after = (point.after_blocks as usize).min(blocks.len());
        let (Some(total), Some(last)) = (*total, after.checked_sub(1)) else {
            continue;
        };
        let Some(sum) = blocks[..after]
            .iter()
            .map(|b| b.counted_tokens.map(i64::from))
            .sum::<Option<i64>>()
        else {
            continue;
        };
        let difference = i64::from(total) - sum;
        if difference != 0 {
            let block = &mut blocks[last];
            let size = i64::from(block.counted_tokens.unwrap_or(0)) + difference;
            block.counted_tokens = Some(u32::try_from(size.max(0)).unwrap_or(u32::MAX));
        }
        let beyond_blocks = i64::from(total) - (sum - folded);
        folded += difference;
        if beyond_blocks != 0 {
            framing.push(PrefixFraming {
                point: k as u32,
                tokens: i32::try_from(beyond_blocks).unwrap_or(i32::MAX),
            });
        }
    }
    framing
}

/// `Some(mantle)` when the model's facts say CountTokens does not count it on bedrock-runtime; `mantle` is true
/// when bedrock-mantle's `count_tokens` does.
pub(super) fn not_countable_on_runtime(facts: Option<&ModelFacts>) -> Option<bool> {
    let facts = facts?;
    (facts.serves(ModelApi::CountTokens) == Some(false)).then(|| {
        facts
            .apis
            .as_ref()
            .is_some_and(|a| a.mantle.contains(&ModelApi::CountTokens))
    })
}

/// The basis of sizes for `flat` (blocks with their counts applied) of `conversation` on `api`.
pub fn size_basis(
    conversation: &Conversation,
    flat: &Flattened,
    api: Api,
    foundation_model_id: Option<&str>,
    facts: Option<&ModelFacts>,
    prefix_framing: Vec<PrefixFraming>,
) -> SizeBasis {
    let parts = countable_parts(conversation);
    let estimated: Vec<usize> = (0..flat.blocks.len())
        .filter(|&i| flat.blocks[i].counted_tokens.is_none())
        .collect();
    let mut reasons = Vec::new();
    if !estimated.is_empty() {
        // A model bedrock-mantle counts is counted there, like any countable model here.
        if let Some(false) = not_countable_on_runtime(facts) {
            reasons.push(EstimateReason::NotCountable);
        } else if !foundation_model_id.is_some_and(|m| m.starts_with("anthropic.")) {
            reasons.push(EstimateReason::ModelNotCountable);
        } else {
            let alone = estimated
                .iter()
                .filter(|&&i| parts.get(i).is_none_or(Option::is_none))
                .count() as u32;
            let pending = estimated.len() as u32 - alone;
            if pending > 0 {
                reasons.push(EstimateReason::NotCountedYet { blocks: pending });
            }
            if alone > 0 {
                reasons.push(EstimateReason::BlockKindNotCountable { blocks: alone });
            }
        }
    }
    SizeBasis {
        api,
        counted_blocks: (flat.blocks.len() - estimated.len()) as u32,
        estimated_blocks: estimated.len() as u32,
        reasons,
        prefix_framing,
    }
}
#[cfg(test)]
mod tests {
    use outcrop_core::conversation::Role;

    use super::*;
    use crate::playground::runner::count_tokens::dot;

    #[test]
    fn estimates_say_why() {
        let mut c = Conversation::simple("Be brief.", "Which layer is oldest?");
        c.messages.push(Message {
            role: Role::Assistant,
            content: vec![ContentItem::ToolUse {
                tool_use_id: "t1".into(),
                name: "find_chapter".into(),
                input: "{}".into(),
            }],
        });
        let basis = |flat: &Flattened, model: &str| {
            size_basis(&c, flat, Api::InvokeModel, Some(model), None, vec![]).reasons
        };
        let flat = c.flatten();
        assert_eq!(
            basis(&flat, "amazon.nova-pro-v1:0"),
            [EstimateReason::ModelNotCountable]
        );
        let claude = "anthropic.claude-sonnet-4-5-20250929-v1:0";
        assert_eq!(
            basis(&flat, claude),
            [
                EstimateReason::NotCountedYet { blocks: 2 },
                EstimateReason::BlockKindNotCountable { blocks: 1 }
            ]
        );
        let mut counted = c.flatten();
        counted.blocks[0].counted_tokens = Some(3);
        counted.blocks[1].counted_tokens = Some(8);
        assert_eq!(
            basis(&counted, claude),
            [EstimateReason::BlockKindNotCountable { blocks: 1 }]
        );
        counted.blocks[2].counted_tokens = Some(5);
        let all = size_basis(&c, &counted, Api::InvokeModel, Some(claude), None, vec![]);
        assert_eq!(
            (all.counted_blocks, all.estimated_blocks, all.reasons),
            (3, 0, vec![])
        );
    }

    #[test]
    fn a_prefix_counted_whole_is_folded_into_its_last_block() {
        use outcrop_core::cache_plan::CachePoint;
        use outcrop_core::model_facts::CacheTtl;

        let c = Conversation::simple("a", "b");
        let mut blocks = c.flatten().blocks;
        blocks.extend(c.flatten().blocks);
        for (b, n) in blocks.iter_mut().zip([100, 200, 300, 400]) {
            b.counted_tokens = Some(n);
        }
        let points = [1, 3].map(|after_blocks| CachePoint {
            after_blocks,
            ttl: CacheTtl::FiveMinutes,
            automatic: false,
        });
        // The service counts 5 tokens of framing up to the first point, 7 up to the second.
        let framing = fold_prefix_counts(&mut blocks, &points, &[Some(105), Some(607)]);
        let sizes: Vec<_> = blocks.iter().map(|b| b.counted_tokens.unwrap()).collect();
        assert_eq!(sizes, [105, 200, 302, 400]);
        assert_eq!(
            framing,
            [
                PrefixFraming { point: 0, tokens: 5 },
                PrefixFraming { point: 1, tokens: 7 }
            ]
        );
        // A block before the point not counted, or no whole count: left as it is.
        let mut unknown = blocks.clone();
        unknown[0].counted_tokens = None;
        assert_eq!(fold_prefix_counts(&mut unknown, &points, &[Some(1), None]), []);
        assert_eq!(unknown[2].counted_tokens, Some(302));
        // Whole counts that match the blocks: nothing to fold, nothing to say.
        let mut exact = blocks.clone();
        assert_eq!(
            fold_prefix_counts(&mut exact, &points, &[Some(105), Some(607)]),
            []
        );
        assert_eq!(exact, blocks);
    }

    #[test]
    fn prefixes_end_at_their_cache_point() {
        use outcrop_core::model_facts::CacheTtl;

        let point = ContentItem::CachePoint {
            ttl: CacheTtl::FiveMinutes,
        };
        let mut c = Conversation::simple("system", "question");
        c.system.push(SystemItem::CachePoint {
            ttl: CacheTtl::FiveMinutes,
        });
        c.messages[0].content.insert(0, dot());
        c.messages[0].content.insert(1, point.clone());
        let first = prefix_to_point(&c, 0).unwrap();
        assert_eq!((first.system.len(), first.messages.len()), (2, 0));
        let second = prefix_to_point(&c, 1).unwrap();
        assert_eq!(second.messages[0].content, [dot(), point]);
        assert_eq!(prefix_to_point(&c, 2), None);
    }
}
