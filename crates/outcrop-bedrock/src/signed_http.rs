//! Requests the AWS SDK for Rust has no operation for — Anthropic's Messages API, Bedrock projects — sent with
//! reqwest: signed with the SDK's own SigV4 crate from the connection's credentials chain (or carrying its
//! Bedrock API key), their bodies read with a bound, and a refusal in AWS's error envelope classified as the SDK's
//! errors are.

use std::time::SystemTime;

use aws_credential_types::provider::ProvideCredentials;
use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use futures_util::StreamExt;
use serde_json::Value;

use crate::{MessagesAuth, OutcropError};

/// What is signed: the operation (named in errors), the method, the URL and the body.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    pub operation: &'a str,
    pub method: &'a str,
    pub url: &'a str,
    pub body: &'a [u8],
}

/// Adds to `headers` what proves who sends `request`: a SigV4 signature with `signing_name` in `region` over
/// the request and every header already in `headers`, or the Bedrock API key as `Authorization: Bearer`.
pub async fn authorize(
    auth: &MessagesAuth,
    region: &str,
    signing_name: &str,
    request: Request<'_>,
    headers: &mut Vec<(String, String)>,
) -> Result<(), OutcropError> {
    let operation = request.operation;
    match auth {
        MessagesAuth::ApiKey(key) => {
            headers.push(("authorization".to_owned(), format!("Bearer {}", key.expose())));
        }
        MessagesAuth::SigV4(provider) => {
            let credentials = provider
                .provide_credentials()
                .await
                .map_err(|e| OutcropError::credentials_unavailable(operation, &e))?;
            let identity = credentials.into();
            let params = v4::SigningParams::builder()
                .identity(&identity)
                .region(region)
                .name(signing_name)
                .time(SystemTime::now())
                .settings(SigningSettings::default())
                .build()
                .map_err(|e| OutcropError::credentials_unavailable(operation, &e))?
                .into();
            let signable = SignableRequest::new(
                request.method,
                request.url,
                headers.iter().map(|(k, v)| (k.as_str(), v.as_str())),
                SignableBody::Bytes(request.body),
            )
            .map_err(|e| OutcropError::unreachable(operation, &e))?;
            let (instructions, _) = sign(signable, &params)
                .map_err(|e| OutcropError::credentials_unavailable(operation, &e))?
                .into_parts();
            let signed: Vec<(String, String)> = instructions
                .headers()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect();
            headers.extend(signed);
        }
        MessagesAuth::None => {}
    }
    Ok(())
}

/// A refusal in AWS's envelope (the `x-amzn-ErrorType` header, or `__type` in the body, and `{"message"}`),
/// classified as [`OutcropError::from_sdk`] classifies the SDK's; without a shape, the HTTP status stands for one.
pub fn aws_refusal(operation: &str, status: u16, aws_type: Option<&str>, body: &str) -> OutcropError {
    let json: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    let shape = aws_type
        .map(|t| t.split(':').next().unwrap_or(t).to_owned())
        .or_else(|| {
            json["__type"]
                .as_str()
                .map(|t| t.rsplit('#').next().unwrap_or(t).to_owned())
        })
        .unwrap_or_else(|| match status {
            429 => "ThrottlingException".into(),
            403 => "AccessDeniedException".into(),
            404 => "ResourceNotFoundException".into(),
            409 => "ConflictException".into(),
            400 => "ValidationException".into(),
            _ => "InternalServerException".into(),
        });
    let message = json["message"]
        .as_str()
        .or_else(|| json["Message"].as_str())
        .unwrap_or(body)
        .to_owned();
    OutcropError::from_service(operation, &shape, message)
}

/// At most this many bytes of a JSON answer or an error body (a refusal, `count_tokens`).
pub const MAX_JSON_BYTES: usize = 1 << 20;

/// A response body as a stream of chunks that fails (with `InvalidData`) once it passes `limit` bytes, or has
/// a line longer than `line_limit`, so a server cannot make Outcrop buffer or parse without end.
pub fn bounded_body(
    response: reqwest::Response,
    limit: usize,
    line_limit: usize,
) -> impl futures_util::Stream<Item = Result<impl AsRef<[u8]>, std::io::Error>> {
    let mut received = 0usize;
    let mut line = 0usize;
    response.bytes_stream().map(move |chunk| {
        // A read timeout keeps its kind, so the stream's end says the connection went silent.
        let chunk = chunk.map_err(|error| {
            let kind = if error.is_timeout() {
                std::io::ErrorKind::TimedOut
            } else {
                std::io::ErrorKind::Other
            };
            std::io::Error::new(kind, error)
        })?;
        received = received.saturating_add(chunk.len());
        line = match chunk.iter().rposition(|b| *b == b'\n') {
            Some(last) => chunk.len() - last - 1,
            None => line.saturating_add(chunk.len()),
        };
        if received > limit || line > line_limit {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                if received > limit {
                    format!("the response passed {limit} bytes")
                } else {
                    format!("a line of the response passed {line_limit} bytes")
                },
            ));
        }
        Ok(chunk)
    })
}

/// A response body read as text, failing once it passes `limit` bytes.
pub async fn bounded_text(response: reqwest::Response, limit: usize) -> Result<String, std::io::Error> {
    let mut body = Vec::new();
    let mut chunks = std::pin::pin!(bounded_body(response, limit, limit));
    while let Some(chunk) = chunks.next().await {
        body.extend_from_slice(chunk?.as_ref());
    }
    Ok(String::from_utf8_lossy(&body).into_owned())
}
