//! The one error shape that crosses IPC: `{code, message, detail, fields, reason}`.

use outcrop_core::ErrorCode;
use outcrop_core::connection_input::FieldError;
use serde::Serialize;
use ts_rs::TS;

/// A failure as the webview receives it. `message` is written for the user and says what to do;
/// `detail` carries the cause chain for the "details" disclosure, or `null`; `fields` the rules a `validation`
/// failure broke, one per field, as codes with parameters the UI words (empty for any other failure).
/// `reason` says why an AWS call failed,
/// with its parameters, for the UI to word in the person's language (`message` is the English fallback).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct IpcError {
    pub code: ErrorCode,
    pub message: String,
    pub detail: Option<String>,
    pub fields: Vec<FieldError>,
    pub reason: Option<Box<outcrop_bedrock::AwsReason>>,
}

impl IpcError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            detail: None,
            fields: Vec::new(),
            reason: None,
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

impl From<outcrop_bedrock::OutcropError> for IpcError {
    fn from(error: outcrop_bedrock::OutcropError) -> Self {
        Self {
            reason: error.aws.map(|aws| Box::new(aws.reason)),
            code: error.code,
            message: error.message,
            detail: (!error.detail.is_empty()).then_some(error.detail),
            fields: error.fields,
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
            r#"{"code":"needs_inference_profile","message":"Use us.anthropic.claude-3-7-sonnet instead","detail":"could not resolve the data directory: HOME is not set","fields":[],"reason":null}"#
        );
        assert_eq!(
            serde_json::to_string(&IpcError::new(ErrorCode::Validation, "m")).unwrap(),
            r#"{"code":"validation","message":"m","detail":null,"fields":[],"reason":null}"#
        );
        let refused = IpcError::from(outcrop_bedrock::OutcropError::from_field_errors(&[
            outcrop_core::request_limits::document_too_large("messages[0].content[1]".into(), 5_000_000)
                .unwrap(),
        ]));
        let json = serde_json::to_string(&refused).unwrap();
        assert!(
            json.starts_with(r#"{"code":"validation","message":"This document is 5.0 MB;"#),
            "{json}"
        );
        assert!(
            json.ends_with(
                r#"","detail":null,"fields":[{"field":"messages[0].content[1]","rule":{"code":"documentTooLarge","bytes":5000000,"maxBytes":4500000},"message":"This document is 5.0 MB; Bedrock accepts documents of at most 4.5 MB each. Keep the part the question needs, or split it across turns."}],"reason":null}"#
            ),
            "{json}"

        );
    }

    /// A classified AWS failure carries its reason, tagged, with camelCase parameters.
    #[test]
    fn aws_reason_json_is_pinned() {
        let error = IpcError::from(outcrop_bedrock::OutcropError {
            code: ErrorCode::ExpiredCredentials,
            message: "The IAM Identity Center (SSO) session of profile “dev” has expired".into(),
            detail: "ListFoundationModels, while getting credentials: the SSO token has expired".into(),
            fields: Vec::new(),
            aws: Some(Box::new(outcrop_bedrock::error::AwsFailure {
                stage: outcrop_bedrock::error::Stage::Credentials,
                reason: outcrop_bedrock::AwsReason::SsoSessionExpired {
                    profile: "dev".into(),
                    login_command: "aws sso login --profile dev".into(),
                },
            })),
        });
        assert_eq!(
            serde_json::to_string(&error).unwrap(),
            r#"{"code":"expired_credentials","message":"The IAM Identity Center (SSO) session of profile “dev” has expired","detail":"ListFoundationModels, while getting credentials: the SSO token has expired","fields":[],"reason":{"kind":"ssoSessionExpired","profile":"dev","loginCommand":"aws sso login --profile dev"}}"#
        );
    }
}
