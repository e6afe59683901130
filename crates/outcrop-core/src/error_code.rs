//! Error codes shared by every layer. They cross IPC as the `code` of `{code, message, detail}` so the UI
//! can classify a failure without matching on strings.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What kind of failure happened, in terms a user can act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorCode {
    /// The input breaks a rule; the message names the rule and the field.
    Validation,
    /// A model that can only be invoked through an inference profile was called by its bare ID.
    NeedsInferenceProfile,
    /// The identity lacks an IAM permission; the message names the action.
    AccessDenied,
    /// Credentials expired (SSO token, session token, short-term API key).
    ExpiredCredentials,
    /// No credentials could be found for the connection (an empty profile, a missing keychain entry).
    MissingCredentials,
    /// The service throttled the request.
    Throttled,
    /// The model, profile or resource does not exist here.
    NotFound,
    /// The request conflicts with existing state (a duplicate profile name, for example).
    Conflict,
    /// The service could not be reached.
    Network,
    /// The OS keychain is locked, missing or refused access.
    Keychain,
    /// A fault inside Outcrop or the service; `detail` carries the cause chain.
    Internal,
}

impl ErrorCode {
    /// The wire spelling, as it appears in the `code` field.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Validation => "validation",
            Self::NeedsInferenceProfile => "needs_inference_profile",
            Self::AccessDenied => "access_denied",
            Self::ExpiredCredentials => "expired_credentials",
            Self::MissingCredentials => "missing_credentials",
            Self::Throttled => "throttled",
            Self::NotFound => "not_found",
            Self::Conflict => "conflict",
            Self::Network => "network",
            Self::Keychain => "keychain",
            Self::Internal => "internal",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [ErrorCode; 11] = [
        ErrorCode::Validation,
        ErrorCode::NeedsInferenceProfile,
        ErrorCode::AccessDenied,
        ErrorCode::ExpiredCredentials,
        ErrorCode::MissingCredentials,
        ErrorCode::Throttled,
        ErrorCode::NotFound,
        ErrorCode::Conflict,
        ErrorCode::Network,
        ErrorCode::Keychain,
        ErrorCode::Internal,
    ];

    #[test]
    fn wire_spelling_matches_serde() {
        for code in ALL {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
            let back: ErrorCode = serde_json::from_str(&json).unwrap();
            assert_eq!(back, code);
        }
    }
}
