//! Tokens of a JSON value, and of a document or image given as base64 bytes or as text.

use serde_json::Value;

use crate::tokenizer;

/// Tokens of a JSON value's text: strings are read as text, structure counts as JSON.
pub(super) fn json_tokens(value: &Value) -> u32 {
    tokenizer::count(&value.to_string())
}

fn base64_len(encoded: &str) -> usize {
    encoded.trim_end_matches('=').len() * 3 / 4
}

fn decode_base64_text(encoded: &str) -> Option<String> {
    aws_smithy_types::base64::decode(encoded)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
}

/// Tokens of a document or image given as base64 bytes: text formats are read, binary ones estimated.
pub(super) fn bytes_tokens(encoded: &str, textual: bool) -> u32 {
    match textual.then(|| decode_base64_text(encoded)).flatten() {
        Some(text) => tokenizer::count(&text),
        None => tokenizer::count_bytes(base64_len(encoded)),
    }
}

/// Tokens of an Anthropic document or image `source` with its title: `"type": "text"` carries the text
/// itself, `"type": "base64"` the bytes (read when they are text/plain); `None` for any other source.
pub(super) fn source_tokens(block: &Value) -> Option<u32> {
    let data = block.pointer("/source/data").and_then(Value::as_str)?;
    let tokens = match block.pointer("/source/type").and_then(Value::as_str) {
        Some("text") => tokenizer::count(data),
        Some("base64") => bytes_tokens(
            data,
            block.pointer("/source/media_type").and_then(Value::as_str) == Some("text/plain"),
        ),
        _ => return None,
    };
    let title = block
        .get("title")
        .and_then(Value::as_str)
        .map_or(0, tokenizer::count);
    Some(tokens + title)
}
