//! A request's prompt as the service sees it for caching and counting: the content blocks in the order the
//! prompt cache reads them (tools → system → messages), each with its tokens, and the cache checkpoints
//! between them. Converse bodies and Anthropic InvokeModel bodies both become a [`Prompt`].
//!
//! - `parts`: what a prompt is made of — fields, block kinds, TTLs, checkpoints, tools — and the prompt.
//! - `builder`: blocks and checkpoints in cache order, hashed and counted as they come.
//! - `tokens`: the tokens of JSON values and of documents given as bytes or text.
//! - `tool_turns`: tool calls and the results in the last user message.
//! - `reasoning_turns`: reasoning blocks across turns (the current tool loop, blocks sent back).
//! - `checks`: the shape and role rules both bodies share.
//! - `converse`, `anthropic`: reading a Converse body and an Anthropic InvokeModel body.

mod anthropic;
mod builder;
mod checks;
mod converse;
mod parts;
mod reasoning_turns;
mod tokens;
mod tool_turns;

pub use self::parts::{Field, Prompt, ToolChoice, ToolResult, ToolSpec, Ttl};
