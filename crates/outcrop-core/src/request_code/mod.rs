//! "Copy as code": the exact request a playground turn sends, cache points kept, for the transport it goes
//! through — Converse (`cachePoint` blocks) or InvokeModel (the Anthropic body with `cache_control`) — as an
//! AWS CLI command, a Python boto3 script, Rust SDK code or the raw request JSON.
//!
//! - `format`: the formats, and the request for a transport written in one of them.
//! - `converse`: the Converse request as code.
//! - `invoke_model`: the InvokeModel request (the Anthropic body) as code.
//! - `literal`: how a value is written in a shell command, in Python and in Rust.

mod converse;
mod format;
mod invoke_model;
mod literal;

#[cfg(test)]
mod fixture;

pub use self::format::{CodeFormat, request_code};
pub use self::literal::shell_quote;
