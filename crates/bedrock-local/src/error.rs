//! Errors as Bedrock sends them: a status code, the `x-amzn-ErrorType` header and a JSON body with `message`.

use axum::http::{HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

/// An AWS service error, rendered the way the REST-JSON protocol carries it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{error_type}: {message}")]
pub struct AwsError {
    pub status: StatusCode,
    /// The shape name, e.g. `ValidationException`.
    pub error_type: &'static str,
    pub message: String,
    /// Members of the error shape besides `message` (TooManyTagsException's `resourceName`).
    pub extra: Vec<(&'static str, String)>,
}

impl AwsError {
    pub fn new(status: StatusCode, error_type: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            error_type,
            message: message.into(),
            extra: Vec::new(),
        }
    }

    pub fn validation(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "ValidationException", message)
    }

    pub fn serialization(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "SerializationException", message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "ResourceNotFoundException", message)
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, "ConflictException", message)
    }

    pub fn quota(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "ServiceQuotaExceededException", message)
    }

    pub fn too_many_tags(message: impl Into<String>, resource_name: &str) -> Self {
        let mut error = Self::new(StatusCode::BAD_REQUEST, "TooManyTagsException", message);
        error.extra.push(("resourceName", resource_name.to_owned()));
        error
    }

    pub fn throttling() -> Self {
        Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "ThrottlingException",
            "Too many requests, please wait before trying again.",
        )
    }

    pub fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "InternalServerException",
            "The server encountered an internal error while processing the request.",
        )
    }

    pub fn unavailable() -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "ServiceUnavailableException",
            "Bedrock is unable to process your request.",
        )
    }

    pub fn access_denied(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "AccessDeniedException", message)
    }

    pub fn unrecognized_client() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "UnrecognizedClientException",
            "The security token included in the request is invalid.",
        )
    }

    /// A request addressed to a host the server does not answer for (`Config::own_host_only`): refused at the
    /// door as AWS refuses what it will not serve, 403 in AWS's envelope.
    pub fn foreign_host(host: &str, own: &str) -> Self {
        Self::access_denied(format!(
            "This endpoint answers only requests addressed to {own}; this one names '{host}'."
        ))
    }

    pub fn invalid_signature() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "InvalidSignatureException",
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
        )
    }

    /// AWS's wording for a single failed constraint, as its request validator writes it.
    pub fn constraint(value: &str, member: &str, constraint: &str) -> Self {
        Self::validation(format!(
            "1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: {constraint}"
        ))
    }

    /// The JSON body: `{"message": ...}` plus any other members.
    pub fn body(&self) -> Value {
        let mut body = Map::new();
        body.insert("message".into(), json!(self.message));
        for (key, value) in &self.extra {
            body.insert((*key).into(), json!(value));
        }
        Value::Object(body)
    }

    /// The event-stream name of this error (`validationException`), used in exception frames.
    pub fn stream_exception_type(&self) -> String {
        let mut chars = self.error_type.chars();
        chars
            .next()
            .map(|c| c.to_ascii_lowercase().to_string() + chars.as_str())
            .unwrap_or_default()
    }
}

impl IntoResponse for AwsError {
    fn into_response(self) -> Response {
        let mut response = (self.status, axum::Json(self.body())).into_response();
        response
            .headers_mut()
            .insert("x-amzn-ErrorType", HeaderValue::from_static(self.error_type));
        response
    }
}

/// Any path the server does not serve: AWS answers `UnknownOperationException`.
pub async fn unknown_operation(uri: Uri) -> AwsError {
    tracing::debug!(%uri, "unknown operation");
    AwsError::new(
        StatusCode::NOT_FOUND,
        "UnknownOperationException",
        format!("bedrock-local does not serve {}", uri.path()),
    )
}
