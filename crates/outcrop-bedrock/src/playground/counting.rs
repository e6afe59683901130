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
    })
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
        let basis =
            |flat: &Flattened, model: &str| size_basis(&c, flat, Api::InvokeModel, Some(model)).reasons;
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
        let all = size_basis(&c, &counted, Api::InvokeModel, Some(claude));
        assert_eq!(
            (all.counted_blocks, all.estimated_blocks, all.reasons),
            (3, 0, vec![])
        );
    }
}
