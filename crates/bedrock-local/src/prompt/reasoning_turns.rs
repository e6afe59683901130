//! Reasoning blocks across turns: where the current tool loop begins (earlier turns' thinking is stripped from
//! the context and counts no input tokens, as Anthropic's extended-thinking documentation says; the current
//! loop's is kept), the blocks sent back, and how the assistant message before a tool result opens.

use super::parts::SentReasoning;

/// One message as far as reasoning across turns needs it: its role, its blocks' types in Anthropic's words
/// (`thinking`, `redacted_thinking`, `tool_use`, `tool_result`, `text`, …), cache points left out.
pub(super) struct MessageShape {
    pub(super) role: String,
    pub(super) kinds: Vec<&'static str>,
}

/// The index of the message the current tool loop begins with: the last user message that is more than
/// tool results (everything after it is the loop). 0 when there is none.
pub(super) fn loop_start(messages: &[MessageShape]) -> usize {
    messages
        .iter()
        .rposition(|m| m.role == "user" && m.kinds.iter().any(|k| *k != "tool_result"))
        .unwrap_or(0)
}

/// When the last message is the user's tool results: the assistant message before it and its first block.
pub(super) fn tool_loop_opening(messages: &[MessageShape]) -> Option<(usize, &'static str)> {
    let last = messages.last()?;
    if last.role != "user" || last.kinds.is_empty() || last.kinds.iter().any(|k| *k != "tool_result") {
        return None;
    }
    let before = messages.len().checked_sub(2)?;
    let assistant = &messages[before];
    (assistant.role == "assistant").then(|| (before, assistant.kinds.first().copied().unwrap_or("text")))
}

/// A reasoning block at `message`, `block`, for the prompt's list.
pub(super) fn sent(message: usize, block: usize, text: &str, signature: Option<&str>) -> SentReasoning {
    SentReasoning {
        message,
        block,
        text: text.to_owned(),
        signature: signature.map(str::to_owned),
    }
}
