//! What a prompt is made of: where each block stands, its kind, the cache TTLs and checkpoints, the tools,
//! and the prompt itself.

use serde_json::Value;

use crate::error::AwsError;
use crate::parameters::Parameters;

/// Where a block stands in the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Tools,
    System,
    Messages,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Text,
    Reasoning,
    Other,
}

/// A cache TTL as the wire spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ttl {
    FiveMinutes,
    OneHour,
}

impl Ttl {
    pub fn parse(value: Option<&str>, member: &str) -> Result<Self, AwsError> {
        match value {
            None | Some("5m") => Ok(Self::FiveMinutes),
            Some("1h") => Ok(Self::OneHour),
            Some(other) => Err(AwsError::constraint(
                other,
                member,
                "Member must satisfy enum value set: [5m, 1h]",
            )),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::FiveMinutes => "5m",
            Self::OneHour => "1h",
        }
    }

    pub fn seconds(self) -> u64 {
        match self {
            Self::FiveMinutes => 300,
            Self::OneHour => 3600,
        }
    }
}

/// A cache checkpoint: everything in the segments before `boundary` is its prefix.
#[derive(Debug, Clone)]
pub struct Checkpoint {
    pub boundary: usize,
    pub ttl: Ttl,
    pub field: Field,
}

/// A tool the model may call, as far as the simulated model needs to know it.
#[derive(Debug, Clone)]
pub struct ToolSpec {
    pub name: String,
    pub description: String,
    pub input_schema: Value,
}

/// A tool's result in the last message, when that message is the user's: what the model answers from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToolResult {
    /// The tool that was called, found by the call's ID in the earlier assistant message (`None` when no call
    /// with that ID is in the conversation).
    pub name: Option<String>,
    /// The result as text: text blocks joined, JSON written out, other blocks named.
    pub content: String,
    /// The tool reported an error (Converse `status: error`, Anthropic `is_error: true`).
    pub is_error: bool,
}

/// A reasoning block sent back in the conversation (Converse `reasoningContent.reasoningText`, Anthropic
/// `thinking`), where it stands and what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentReasoning {
    /// The message's index in `messages` (from 0).
    pub message: usize,
    /// The block's index in the message's content (from 0; Converse cache points not counted).
    pub block: usize,
    pub text: String,
    /// `None` when the block came without one.
    pub signature: Option<String>,
}

/// What the request asks the model to do about tools.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ToolChoice {
    Auto,
    /// Anthropic's `{"type": "none"}`: no tool may be called.
    None,
    Any,
    Tool(String),
}

/// The prompt, ready for the cache and the simulated model.
#[derive(Debug, Clone)]
pub struct Prompt {
    pub checkpoints: Vec<Checkpoint>,
    /// Block boundaries where implicit caching may remember the prefix: the end of the tools, of the system
    /// prompt and of each message, in order (indices into `prefix_hashes` and `prefix_tokens`).
    pub block_ends: Vec<usize>,
    /// `prefix_hashes[k]` identifies the exact content of the first `k` segments.
    pub prefix_hashes: Vec<u64>,
    /// `prefix_tokens[k]` counts the tokens of the first `k` segments.
    pub prefix_tokens: Vec<u32>,
    pub last_user_text: String,
    pub tools: Vec<ToolSpec>,
    pub tool_choice: ToolChoice,
    /// The tool results in the last message, when it is the user's (empty otherwise).
    pub tool_results: Vec<ToolResult>,
    pub max_tokens: Option<u32>,
    pub stop_sequences: Vec<String>,
    /// How long an answer the simulated model should give, from Converse's
    /// `additionalModelRequestFields.simulatedOutputTokens` (for benchmarks and streaming demos).
    pub simulated_output_tokens: Option<u32>,
    /// The inference parameters (sampling, thinking), in Anthropic's terms.
    pub parameters: Parameters,
    /// The reasoning blocks the conversation carries.
    pub sent_reasoning: Vec<SentReasoning>,
    /// When the last message is the user's tool results: the assistant message before it (its index) and
    /// the type of its first block in Anthropic's words (`thinking`, `redacted_thinking`, `tool_use`, `text`).
    pub tool_loop_opening: Option<(usize, &'static str)>,
}

impl Prompt {
    /// All input tokens of the request.
    pub fn total_tokens(&self) -> u32 {
        self.prefix_tokens.last().copied().unwrap_or(0)
    }
}
