//! A turn's request as stored, and as a list of turns is sent to the screen: only what the previous turn's
//! request and reply did not already hold.
//!
//! Each turn of a conversation resends everything before it, so keeping every request whole grows with the
//! square of the turns (a 2 MB document sent 200 times is 400 MB). A turn row keeps instead how many of the
//! messages it builds on it kept, the messages from there on, and its system prompt and tools only when they
//! changed. Reading the turns in order rebuilds every request exactly. The screen rebuilds them the same way
//! (`ui/src/features/playground/sent-turns.ts`).

use outcrop_core::conversation::{ContentItem, Conversation, Message, Role, SystemItem, ToolItem};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What a turn's request added to the one it builds on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RequestDelta {
    /// The turn this request builds on (stored: the one before it; sent: the one before it in the list);
    /// `None`: it stands alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub base: Option<u32>,
    /// Whether the kept messages end with the base turn's reply, as the assistant's message.
    #[serde(default)]
    pub with_reply: bool,
    /// How many of the built-on messages the request starts with.
    #[serde(default)]
    #[ts(type = "number")]
    pub keep: usize,
    /// The request's messages after those.
    #[serde(default)]
    pub messages: Vec<Message>,
    /// The system prompt, when it differs from the base's (always, when there is no base).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub system: Option<Vec<SystemItem>>,
    /// The tools, when they differ from the base's (always, when there is no base).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub tools: Option<Vec<ToolItem>>,
    /// Everything else about the request (inference settings, tier, automatic cache), whole: its messages,
    /// system prompt and tools are empty here.
    pub rest: Conversation,
}

/// The turn a new request is stored against: its request and, once it has ended, its reply.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Base<'a> {
    pub seq: u32,
    pub request: &'a Conversation,
    /// `None` while the base turn is still running (its reply may still change) or when it cannot be read.
    pub reply: Option<&'a [ContentItem]>,
}

fn reply_as_message(reply: &[ContentItem]) -> Message {
    Message {
        role: Role::Assistant,
        content: reply.to_vec(),
    }
}

/// How `request` differs from `base` (the whole request when there is no base).
pub(crate) fn delta(base: Option<Base<'_>>, request: &Conversation) -> RequestDelta {
    // Named field by field (no `..`): a field added to `Conversation` must be stored here too.
    let rest = Conversation {
        tools: Vec::new(),
        system: Vec::new(),
        messages: Vec::new(),
        inference: request.inference.clone(),
        service_tier: request.service_tier,
        project: request.project.clone(),
        automatic_cache: request.automatic_cache,
    };
    let Some(base) = base else {
        return RequestDelta {
            base: None,
            with_reply: false,
            keep: 0,
            messages: request.messages.clone(),
            system: Some(request.system.clone()),
            tools: Some(request.tools.clone()),
            rest,
        };
    };
    let mut keep = base
        .request
        .messages
        .iter()
        .zip(&request.messages)
        .take_while(|(a, b)| a == b)
        .count();
    let reply_kept = base.reply.is_some_and(|reply| {
        keep == base.request.messages.len()
            && request
                .messages
                .get(keep)
                .is_some_and(|m| m.role == Role::Assistant && m.content.as_slice() == reply)
    });
    if reply_kept {
        keep += 1;
    }
    RequestDelta {
        base: Some(base.seq),
        with_reply: reply_kept,
        keep,
        messages: request.messages[keep..].to_vec(),
        system: (request.system != base.request.system).then(|| request.system.clone()),
        tools: (request.tools != base.request.tools).then(|| request.tools.clone()),
        rest,
    }
}

/// Why a stored request could not be rebuilt from the turn it builds on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RebuildError {
    /// It keeps more messages than the turn it builds on had.
    KeepsTooMany { keep: usize, had: usize },
    /// It keeps the reply of the turn it builds on, which was not given.
    NoReply,
}

impl std::fmt::Display for RebuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::KeepsTooMany { keep, had } => write!(
                f,
                "the stored request keeps {keep} messages of the turn it builds on, which had {had}"
            ),
            Self::NoReply => write!(f, "the stored request keeps an answer that was not read"),
        }
    }
}

impl RequestDelta {
    /// The request, rebuilt in place: `current` holds the base's request (ignored when there is no base) and
    /// becomes this turn's. `reply` is the base's reply (needed when the delta keeps it).
    pub fn apply(
        self,
        current: &mut Conversation,
        reply: Option<&[ContentItem]>,
    ) -> Result<(), RebuildError> {
        let Self {
            base,
            with_reply,
            keep,
            messages,
            system,
            tools,
            rest,
        } = self;
        if base.is_none() {
            *current = Conversation {
                messages,
                system: system.unwrap_or_default(),
                tools: tools.unwrap_or_default(),
                ..rest
            };
            return Ok(());
        }
        if with_reply {
            let reply = reply.ok_or(RebuildError::NoReply)?;
            current.messages.push(reply_as_message(reply));
        }
        if keep > current.messages.len() {
            return Err(RebuildError::KeepsTooMany {
                keep,
                had: current.messages.len(),
            });
        }
        current.messages.truncate(keep);
        current.messages.extend(messages);
        let system = system.unwrap_or_else(|| std::mem::take(&mut current.system));
        let tools = tools.unwrap_or_else(|| std::mem::take(&mut current.tools));
        let messages = std::mem::take(&mut current.messages);
        *current = Conversation {
            messages,
            system,
            tools,
            ..rest
        };
        Ok(())
    }
}
