//! Tool calls and results as a conversation carries them: which tool each call ID names, and the results in
//! the last message when it is the user's — what the simulated model answers from.

use std::collections::HashMap;

use serde_json::Value;

use super::parts::ToolResult;

#[derive(Debug, Default)]
pub(super) struct ToolTurns {
    names: HashMap<String, String>,
    current: Vec<ToolResult>,
    last: Vec<ToolResult>,
}

impl ToolTurns {
    /// An assistant's call of `name` as `id`.
    pub(super) fn call(&mut self, id: Option<&str>, name: Option<&str>) {
        if let (Some(id), Some(name)) = (id, name) {
            self.names.insert(id.to_owned(), name.to_owned());
        }
    }

    /// A result for the call `id` in the message being read.
    pub(super) fn result(&mut self, id: Option<&str>, content: String, is_error: bool) {
        self.current.push(ToolResult {
            name: id.and_then(|id| self.names.get(id)).cloned(),
            content,
            is_error,
        });
    }

    /// The end of a message from `role`: its results are the last message's, if it is the user's.
    pub(super) fn end_message(&mut self, role: &str) {
        let current = std::mem::take(&mut self.current);
        self.last = if role == "user" { current } else { Vec::new() };
    }

    pub(super) fn finish(self) -> Vec<ToolResult> {
        self.last
    }
}

/// A result's content as text: text blocks as they are, JSON written out, anything else named by its kind
/// (`[image]`). Converse blocks are `{"text": …}`, `{"json": …}`; Anthropic's are `{"type": "text", …}` or a
/// plain string.
pub(super) fn result_text(content: Option<&Value>) -> String {
    match content {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(text)) => text.clone(),
        Some(Value::Array(blocks)) => blocks
            .iter()
            .map(|block| {
                if let Some(text) = block.get("text").and_then(Value::as_str) {
                    text.to_owned()
                } else if let Some(json) = block.get("json") {
                    json.to_string()
                } else {
                    let kind = block
                        .get("type")
                        .and_then(Value::as_str)
                        .or_else(|| {
                            block
                                .as_object()
                                .and_then(|o| o.keys().next().map(String::as_str))
                        })
                        .unwrap_or("content");
                    format!("[{kind}]")
                }
            })
            .collect::<Vec<_>>()
            .join(" "),
        Some(other) => other.to_string(),
    }
}
