//! CountTokens, block by block, on the wire the turn will use: `input.converse` for Converse,
//! `input.invokeModel` with the Anthropic body (as InvokeModel sends it) for InvokeModel. The service counts
//! the two shapes of the same conversation differently (framing, how a document is presented), so the
//! prediction of a send is only exact when it is counted the way it will be sent.
//!
//! Each block is counted inside a one-word probe message whose own count is taken off; the probe also
//! measures what every message adds besides its content.

use aws_sdk_bedrockruntime::Client;
use aws_sdk_bedrockruntime::primitives::Blob;
use aws_sdk_bedrockruntime::types as sdk;
use futures_util::StreamExt;
use outcrop_core::conversation::{
    Api, ContentItem, Conversation, Flattened, Message, Role, SystemItem, ToolItem,
};
use serde::Serialize;
use ts_rs::TS;

use super::runner::sdk_conversation;
use crate::BedrockError;

/// CountTokens requests in flight at once while a conversation's blocks are counted.
const COUNT_CONCURRENCY: usize = 4;

/// What CountTokens said about a conversation's blocks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockCounts {
    /// Per block, in the order asked; `None` for a block that cannot be counted alone.
    pub blocks: Vec<Option<u32>>,
    /// What every message costs besides its content (its role and framing).
    pub message_overhead: u32,
    /// What the probe message (a user message of ".") costs in all.
    pub probe_message: u32,
}

/// One flattened block, as the part of a conversation it can be counted alone in.
#[derive(Debug, Clone, PartialEq)]
pub enum CountablePart {
    Tool(ToolItem),
    System(String),
    Content(ContentItem),
}

/// Per flattened block (in [`Conversation::flatten`]'s order), the part to count it by: tool
/// specifications, system texts, message texts and documents; `None` for tool use, tool results and
/// reasoning, which cannot stand alone in a probe and stay estimated.
pub fn countable_parts(conversation: &Conversation) -> Vec<Option<CountablePart>> {
    let mut out = Vec::new();
    for item in &conversation.tools {
        if let ToolItem::Tool { .. } = item {
            out.push(Some(CountablePart::Tool(item.clone())));
        }
    }
    for item in &conversation.system {
        if let SystemItem::Text { text } = item {
            out.push(Some(CountablePart::System(text.clone())));
        }
    }
    for message in &conversation.messages {
        for item in &message.content {
            match item {
                ContentItem::CachePoint { .. } => {}
                ContentItem::Text { .. } | ContentItem::Document { .. } => {
                    out.push(Some(CountablePart::Content(item.clone())))
                }
                _ => out.push(None),
            }
        }
    }
    out
}

fn dot() -> ContentItem {
    ContentItem::Text { text: ".".into() }
}

/// A conversation of one user message: `extra` (if any), then ".".
fn probe(extra: Option<ContentItem>) -> Conversation {
    Conversation {
        messages: vec![Message {
            role: Role::User,
            content: extra.into_iter().chain([dot()]).collect(),
        }],
        ..Conversation::default()
    }
}

/// The CountTokens input for `conversation` on `api`'s wire.
fn input(conversation: &Conversation, api: Api) -> Result<sdk::CountTokensInput, BedrockError> {
    let invalid = |field: &str, e: &dyn std::fmt::Display| {
        BedrockError::from_field_errors(&[outcrop_core::connection_input::FieldError {
            field: field.into(),
            message: e.to_string(),
        }])
    };
    Ok(match api {
        Api::Converse => {
            let parts = sdk_conversation(conversation)?;
            sdk::CountTokensInput::Converse(
                sdk::ConverseTokensRequest::builder()
                    .set_messages(Some(parts.messages))
                    .set_system((!parts.system.is_empty()).then_some(parts.system))
                    .set_tool_config(parts.tools)
                    .build(),
            )
        }
        Api::InvokeModel => sdk::CountTokensInput::InvokeModel(
            sdk::InvokeModelTokensRequest::builder()
                .body(Blob::new(conversation.invoke_model_body().to_string()))
                .build()
                .map_err(|e| invalid("body", &e))?,
        ),
    })
}

async fn count(
    client: &Client,
    foundation_model_id: &str,
    api: Api,
    conversation: &Conversation,
) -> Result<u32, BedrockError> {
    client
        .count_tokens()
        .model_id(foundation_model_id)
        .input(input(conversation, api)?)
        .send()
        .await
        .map(|o| u32::try_from(o.input_tokens()).unwrap_or(0))
        .map_err(|e| BedrockError::from_sdk("CountTokens", e))
}

/// Tokens of each part (in order) and the per-message overhead, counted by CountTokens with the bare
/// foundation-model ID on `api`'s wire.
pub async fn count_parts(
    client: &Client,
    foundation_model_id: &str,
    api: Api,
    parts: &[Option<CountablePart>],
) -> Result<BlockCounts, BedrockError> {
    let baseline = count(client, foundation_model_id, api, &probe(None)).await?;
    let two_dots = count(client, foundation_model_id, api, &probe(Some(dot()))).await?;
    let dot_tokens = two_dots.saturating_sub(baseline);
    // Two more messages (assistant ".", user ".") isolate what one message adds besides its content,
    // leaving out what the request itself costs once.
    let mut three = probe(None);
    three.messages.push(Message {
        role: Role::Assistant,
        content: vec![dot()],
    });
    three.messages.push(probe(None).messages.remove(0));
    let three = count(client, foundation_model_id, api, &three).await?;
    let message_overhead = three.saturating_sub(baseline).saturating_sub(2 * dot_tokens) / 2;

    // Tools are counted cumulatively (the first k tools against the first k-1), so what the service adds
    // once for having tools at all is counted once, with the first.
    let with_tools = |tools: &[ToolItem]| Conversation {
        tools: tools.to_vec(),
        ..probe(None)
    };
    let mut tools_so_far: Vec<ToolItem> = Vec::new();
    let mut requests: Vec<Option<(Conversation, Option<Conversation>)>> = Vec::with_capacity(parts.len());
    for part in parts {
        requests.push(match part {
            Some(CountablePart::Content(item)) => Some((probe(Some(item.clone())), None)),
            Some(CountablePart::System(text)) => Some((
                Conversation {
                    system: vec![SystemItem::Text { text: text.clone() }],
                    ..probe(None)
                },
                None,
            )),
            Some(CountablePart::Tool(tool)) => {
                let before = (!tools_so_far.is_empty()).then(|| with_tools(&tools_so_far));
                tools_so_far.push(tool.clone());
                Some((with_tools(&tools_so_far), before))
            }
            None => None,
        });
    }
    // A few at a time: a long conversation is counted in a fraction of the time, without a burst that
    // CountTokens' own rate limit would throttle.
    let blocks: Vec<Option<u32>> =
        futures_util::stream::iter(requests.into_iter().map(|request| async move {
            match request {
                Some((with, before)) => {
                    let with = count(client, foundation_model_id, api, &with).await?;
                    let without = match before {
                        Some(before) => count(client, foundation_model_id, api, &before).await?,
                        None => baseline,
                    };
                    Ok(Some(with.saturating_sub(without)))
                }
                None => Ok(None),
            }
        }))
        .buffered(COUNT_CONCURRENCY)
        .collect::<Vec<Result<Option<u32>, BedrockError>>>()
        .await
        .into_iter()
        .collect::<Result<_, _>>()?;
    Ok(BlockCounts {
        blocks,
        message_overhead,
        probe_message: dot_tokens + message_overhead,
    })
}

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

/// Tokens of the prefix up to cache point `point`, counted whole on `api`'s wire: what the service adds
/// for the request and its sections is in it, as it is in the write. A prefix without a message (a point
/// in tools or system) is counted with the probe message, whose cost `probe_message` is taken off.
pub async fn count_prefix(
    client: &Client,
    foundation_model_id: &str,
    api: Api,
    prefix: &Conversation,
    probe_message: u32,
) -> Result<u32, BedrockError> {
    if prefix.messages.is_empty() {
        let mut probed = prefix.clone();
        probed.messages = probe(None).messages;
        let n = count(client, foundation_model_id, api, &probed).await?;
        Ok(n.saturating_sub(probe_message))
    } else {
        count(client, foundation_model_id, api, prefix).await
    }
}

/// What the service counts up to a cache point beyond the counted sizes of the blocks before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PrefixFraming {
    /// The cache point, from 0.
    pub point: u32,
    /// Counted prefix minus the sum of its blocks (negative when the blocks count more alone).
    pub tokens: i32,
}

/// Folds whole-prefix counts into the blocks: where every block before cache point k is counted and the
/// prefix up to k was counted whole, the difference is added to the block just before k (so the plan's
/// cumulative sizes are the counted prefixes). Returns the differences found, per point.
pub fn fold_prefix_counts(
    blocks: &mut [outcrop_core::cache_plan::Block],
    points: &[outcrop_core::cache_plan::CachePoint],
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

/// Where the plan's sizes come from: CountTokens on the wire the send will use, or local estimates and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SizeBasis {
    /// The wire the sizes are counted on.
    pub api: Api,
    pub counted_blocks: u32,
    pub estimated_blocks: u32,
    /// Why blocks are still estimates; empty when every block was counted.
    pub reasons: Vec<EstimateReason>,
    /// Where a prefix counted whole is larger (or smaller) than its blocks counted one by one: framing the
    /// service adds for the request and its sections. The plan's prefix sizes include it.
    pub prefix_framing: Vec<PrefixFraming>,
}

/// Why a block's size is a local estimate rather than a count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "reason", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum EstimateReason {
    /// CountTokens counts Claude models by their foundation-model ID; this model is not one it counts.
    ModelNotCountable,
    /// Countable blocks CountTokens has not counted yet on this wire (it runs shortly after an edit).
    NotCountedYet { blocks: u32 },
    /// Tool use, tool results and reasoning cannot be counted alone; they stay estimated.
    BlockKindNotCountable { blocks: u32 },
}

/// The basis of sizes for `flat` (blocks with their counts applied) of `conversation` on `api`.
pub fn size_basis(
    conversation: &Conversation,
    flat: &Flattened,
    api: Api,
    foundation_model_id: Option<&str>,
    prefix_framing: Vec<PrefixFraming>,
) -> SizeBasis {
    let parts = countable_parts(conversation);
    let estimated: Vec<usize> = (0..flat.blocks.len())
        .filter(|&i| flat.blocks[i].counted_tokens.is_none())
        .collect();
    let mut reasons = Vec::new();
    if !estimated.is_empty() {
        if !foundation_model_id.is_some_and(|m| m.starts_with("anthropic.")) {
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
    use super::*;

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
            size_basis(&c, flat, Api::InvokeModel, Some(model), vec![]).reasons
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
        let all = size_basis(&c, &counted, Api::InvokeModel, Some(claude), vec![]);
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
