//! Blocks and checkpoints in the order the prompt cache reads them, hashed and counted as they come.

use std::hash::{DefaultHasher, Hash, Hasher};

use super::parts::{BlockKind, Checkpoint, Field, Prompt, ToolChoice, ToolSpec, Ttl};
use crate::error::AwsError;
use crate::parameters::Parameters;

/// Tokens a message's role and framing take, on top of its content.
pub(super) const MESSAGE_OVERHEAD: u32 = 3;

#[derive(Debug)]
pub(super) struct Builder {
    last_kind: Option<BlockKind>,
    checkpoints: Vec<Checkpoint>,
    hashes: Vec<u64>,
    tokens: Vec<u32>,
    ends: Vec<usize>,
    /// Mixed into the hash of the first message block, so everything from the messages on is keyed by it
    /// (the thinking settings: changing them invalidates checkpoints in `messages` only).
    messages_key: String,
    messages_started: bool,
}

impl Builder {
    pub(super) fn new() -> Self {
        Self {
            last_kind: None,
            checkpoints: Vec::new(),
            hashes: vec![0],
            tokens: vec![0],
            ends: Vec::new(),
            messages_key: String::new(),
            messages_started: false,
        }
    }

    /// Keys every prefix that reaches into the messages by `key` as well as by content.
    pub(super) fn key_messages_by(&mut self, key: String) {
        self.messages_key = key;
    }

    pub(super) fn block(&mut self, field: Field, kind: BlockKind, canonical: &str, tokens: u32) {
        let mut hasher = DefaultHasher::new();
        self.hashes.last().copied().unwrap_or(0).hash(&mut hasher);
        (field as u8).hash(&mut hasher);
        if field == Field::Messages && !self.messages_started {
            self.messages_started = true;
            self.messages_key.hash(&mut hasher);
        }
        canonical.hash(&mut hasher);
        self.hashes.push(hasher.finish());
        self.tokens
            .push(self.tokens.last().copied().unwrap_or(0) + tokens);
        self.last_kind = Some(kind);
    }

    pub(super) fn checkpoint(&mut self, field: Field, ttl: Ttl) -> Result<(), AwsError> {
        if self.last_kind == Some(BlockKind::Reasoning) {
            return Err(AwsError::validation(
                "Cache point cannot be inserted after reasoning block",
            ));
        }
        self.checkpoints.push(Checkpoint {
            boundary: self.tokens.len() - 1,
            ttl,
            field,
        });
        Ok(())
    }

    /// A checkpoint after the last block (automatic placement), unless one already stands there.
    pub(super) fn checkpoint_at_end(&mut self, ttl: Ttl) -> Result<(), AwsError> {
        let boundary = self.tokens.len() - 1;
        if boundary == 0 || self.checkpoints.last().is_some_and(|c| c.boundary == boundary) {
            return Ok(());
        }
        self.checkpoint(Field::Messages, ttl)
    }

    /// Marks the end of a section — the tools, the system prompt, a message — as a block boundary where
    /// implicit caching may remember the prefix. An empty section marks nothing.
    pub(super) fn end_section(&mut self) {
        let boundary = self.tokens.len() - 1;
        if boundary > 0 && self.ends.last() != Some(&boundary) {
            self.ends.push(boundary);
        }
    }

    pub(super) fn finish(self) -> (Vec<Checkpoint>, Vec<u64>, Vec<u32>, Vec<usize>) {
        (self.checkpoints, self.hashes, self.tokens, self.ends)
    }
}

impl Prompt {
    pub(super) fn assemble(
        builder: Builder,
        last_user_text: String,
        tools: Vec<ToolSpec>,
        tool_choice: ToolChoice,
        max_tokens: Option<u32>,
        stop_sequences: Vec<String>,
    ) -> Self {
        let (checkpoints, prefix_hashes, prefix_tokens, block_ends) = builder.finish();
        Self {
            checkpoints,
            block_ends,
            prefix_hashes,
            prefix_tokens,
            last_user_text,
            tools,
            tool_choice,
            tool_results: Vec::new(),
            max_tokens,
            stop_sequences,
            simulated_output_tokens: None,
            parameters: Parameters::default(),
            sent_reasoning: Vec::new(),
            tool_loop_opening: None,
        }
    }
}
