//! The one error shape that crosses IPC: `{code, message, detail}`.

use outcrop_core::ErrorCode;
use serde::Serialize;
use ts_rs::TS;

/// A failure as the webview receives it. `message` is written for the user and says what to do;
/// `detail` carries the cause chain for the "details" disclosure, or `null`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct IpcError {
    pub code: ErrorCode,
    pub message: String,
    pub detail: Option<String>,
}

impl IpcError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            detail: None,
        }
    }

    /// Keeps the full cause chain of `source` (never a secret: errors do not carry them) as the detail.
    pub fn with_source(mut self, source: &(dyn std::error::Error + 'static)) -> Self {
        let mut chain = source.to_string();
        let mut next = source.source();
        while let Some(cause) = next {
            chain.push_str(": ");
            chain.push_str(&cause.to_string());
            next = cause.source();
        }
        self.detail = Some(chain);
        self
    }
}

impl From<outcrop_bedrock::BedrockError> for IpcError {
    fn from(error: outcrop_bedrock::BedrockError) -> Self {
        Self {
            code: error.code,
            message: error.message,
            detail: Some(error.detail),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("could not resolve the data directory")]
    struct Outer(#[source] std::io::Error);

    /// The wire format the UI's error class parses; changing it breaks the UI.
    #[test]
    fn wire_json_is_pinned() {
        let error = IpcError::new(
            ErrorCode::NeedsInferenceProfile,
            "Use us.anthropic.claude-3-7-sonnet instead",
        )
        .with_source(&Outer(std::io::Error::other("HOME is not set")));
        assert_eq!(
            serde_json::to_string(&error).unwrap(),
            r#"{"code":"needs_inference_profile","message":"Use us.anthropic.claude-3-7-sonnet instead","detail":"could not resolve the data directory: HOME is not set"}"#
        );
        assert_eq!(
            serde_json::to_string(&IpcError::new(ErrorCode::Validation, "m")).unwrap(),
            r#"{"code":"validation","message":"m","detail":null}"#
        );
    }
}
