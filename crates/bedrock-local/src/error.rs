//! Errors as Bedrock sends them: a status code, the `x-amzn-ErrorType` header and a JSON body with `message`.

use axum::http::{HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

/// An AWS service error, rendered the way the REST-JSON protocol carries it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{error_type}: {message}")]
pub struct AwsError {
    pub status: StatusCode,
    /// The shape name, e.g. `ValidationException`.
    pub error_type: &'static str,
    pub message: String,
}

impl AwsError {
    pub fn validation(message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            error_type: "ValidationException",
            message: message.into(),
        }
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::NOT_FOUND,
            error_type: "ResourceNotFoundException",
            message: message.into(),
        }
    }

    /// AWS's wording for a single failed constraint, as its request validator writes it.
    pub fn constraint(value: &str, member: &str, constraint: &str) -> Self {
        Self::validation(format!(
            "1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: {constraint}"
        ))
    }
}

impl IntoResponse for AwsError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "message": self.message });
        let mut response = (self.status, axum::Json(body)).into_response();
        response
            .headers_mut()
            .insert("x-amzn-ErrorType", HeaderValue::from_static(self.error_type));
        response
    }
}

/// Any path the server does not serve: AWS answers `UnknownOperationException`.
pub async fn unknown_operation(uri: Uri) -> AwsError {
    tracing::debug!(%uri, "unknown operation");
    AwsError {
        status: StatusCode::NOT_FOUND,
        error_type: "UnknownOperationException",
        message: String::new(),
    }
}
