//! Errors in Anthropic's envelope, as the Messages API routes send them:
//! `{"type": "error", "error": {"type": "invalid_request_error", "message": "..."}}`, with Anthropic's status
//! codes (`authentication_error` 401, `rate_limit_error` 429, `overloaded_error` 529, …). The same [`AwsError`]
//! the rest of the server raises is re-worded here, so every rule keeps one source.

use axum::body::Bytes;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::error::AwsError;

/// An [`AwsError`] answered in Anthropic's envelope.
#[derive(Debug)]
pub struct AnthropicError(pub AwsError);

impl From<AwsError> for AnthropicError {
    fn from(error: AwsError) -> Self {
        Self(error)
    }
}

impl AnthropicError {
    /// A 400 `invalid_request_error`.
    pub fn invalid_request(message: impl Into<String>) -> Self {
        Self(AwsError::validation(message))
    }

    /// Anthropic's error type and status for the error.
    pub fn kind(&self) -> (StatusCode, &'static str) {
        let error = &self.0;
        match error.error_type {
            "UnrecognizedClientException"
            | "InvalidSignatureException"
            | "MissingAuthenticationTokenException"
            | "IncompleteSignatureException" => (StatusCode::UNAUTHORIZED, "authentication_error"),
            _ => match error.status.as_u16() {
                400 => (StatusCode::BAD_REQUEST, "invalid_request_error"),
                401 => (StatusCode::UNAUTHORIZED, "authentication_error"),
                403 => (StatusCode::FORBIDDEN, "permission_error"),
                404 => (StatusCode::NOT_FOUND, "not_found_error"),
                413 => (StatusCode::PAYLOAD_TOO_LARGE, "request_too_large"),
                429 => (StatusCode::TOO_MANY_REQUESTS, "rate_limit_error"),
                // Anthropic's "overloaded" status.
                503 => (
                    StatusCode::from_u16(529).unwrap_or(StatusCode::SERVICE_UNAVAILABLE),
                    "overloaded_error",
                ),
                _ => (StatusCode::INTERNAL_SERVER_ERROR, "api_error"),
            },
        }
    }

    /// The envelope: `{"type": "error", "error": {"type", "message"}}`.
    pub fn body(&self) -> Value {
        let (_, kind) = self.kind();
        json!({"type": "error", "error": {"type": kind, "message": self.0.message}})
    }

    /// The `error` event a stream sends when it fails after it began.
    pub fn sse_event(&self) -> Bytes {
        Bytes::from(format!("event: error\ndata: {}\n\n", self.body()))
    }
}

impl IntoResponse for AnthropicError {
    fn into_response(self) -> Response {
        let (status, _) = self.kind();
        (status, axum::Json(self.body())).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelope_and_status() {
        let error = AnthropicError::invalid_request("max_tokens: Field required");
        assert_eq!(
            error.body(),
            json!({"type": "error", "error": {"type": "invalid_request_error", "message": "max_tokens: Field required"}})
        );
        assert_eq!(
            AnthropicError(AwsError::throttling()).kind(),
            (StatusCode::TOO_MANY_REQUESTS, "rate_limit_error")
        );
        assert_eq!(
            AnthropicError(AwsError::unrecognized_client()).kind().1,
            "authentication_error"
        );
        assert_eq!(AnthropicError(AwsError::unavailable()).kind().0.as_u16(), 529);
        assert_eq!(AnthropicError(AwsError::internal()).kind().1, "api_error");
        let event = String::from_utf8(error.sse_event().to_vec()).unwrap();
        assert!(event.starts_with("event: error\ndata: {"), "{event}");
        assert!(event.ends_with("\n\n"));
    }
}
