//! "Copy as code": the exact request a playground turn sends, cache points kept, for the transport it goes
//! through — Converse (`cachePoint` blocks), InvokeModel (the Anthropic body with `cache_control`) as an AWS CLI
//! command, a Python boto3 script, Rust SDK code or the raw request JSON; the Messages API as curl (SigV4 or an API
//! key), Python or TypeScript with Anthropic's SDK, or JSON.
//!
//! - `format`: the formats, and the request for a transport written in one of them.
//! - `converse`: the Converse request as code.
//! - `invoke_model`: the InvokeModel request (the Anthropic body) as code.
//! - `messages_api`: the Messages API request as code.
//! - `literal`: how a value is written in a shell command, in Python and in Rust.

mod converse;
mod format;
mod invoke_model;
mod literal;
mod messages_api;

#[cfg(test)]
mod fixture;

pub use self::format::{CodeFormat, request_code, request_code_at};
pub use self::literal::shell_quote;
pub use self::messages_api::{MESSAGES_API_VERSION, messages_api_url};
