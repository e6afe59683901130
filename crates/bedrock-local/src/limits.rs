//! Request sizes Bedrock accepts, as data with their sources (read 2026-12-01), and the refusals of larger
//! ones: a ValidationException that says which limit, as Bedrock answers, never the framework's bare 413.
//!
//! - Converse `Message.content`: "You can include up to five documents. Each document's size must be no more
//!   than 4.5 MB." (Amazon Bedrock API Reference, `Message`); "You can include up to 5 documents per request"
//!   (Amazon Bedrock User Guide, "API restrictions"). Read as 4,500,000 bytes of the document itself (not of
//!   its base64 in the JSON). The User Guide adds that the 4.5 MB limit does not apply to PDFs for Claude 4 and
//!   later, nor to PDF and DOCX for Nova; bedrock-local applies it to every document (the stricter reading).
//! - InvokeModel / InvokeModelWithResponseStream `body`: "Length Constraints: Minimum length of 0. Maximum
//!   length of 25000000." (Amazon Bedrock API Reference, `InvokeModel`).
//! - Converse documents no request size of its own: five 4.5 MB documents are about 30 MB of JSON once
//!   base64-encoded. bedrock-local reads at most [`MAX_REQUEST_BODY`] (64 MiB) of any request, which holds every
//!   request the limits above allow, and refuses more before reading it.

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::header::CONTENT_LENGTH;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use crate::error::AwsError;

/// The largest document Converse takes, in bytes.
pub const MAX_DOCUMENT_BYTES: usize = 4_500_000;
/// The most documents one Converse request may hold.
pub const MAX_DOCUMENTS_PER_REQUEST: usize = 5;
/// The largest InvokeModel body, in bytes.
pub const MAX_INVOKE_MODEL_BODY: usize = 25_000_000;
/// The largest request body bedrock-local reads at all (its own guard, above every limit Bedrock documents).
pub const MAX_REQUEST_BODY: usize = 64 * 1024 * 1024;

fn body_too_large(size: &str) -> AwsError {
    AwsError::validation(format!(
        "The request body is {size}; bedrock-local reads request bodies of at most {MAX_REQUEST_BODY} bytes."
    ))
}

/// Middleware: reads the whole body, up to [`MAX_REQUEST_BODY`] — refusing a larger one by its
/// `Content-Length` before reading any of it — so handlers and authentication see it whole.
pub async fn read_body(request: Request, next: Next) -> Response {
    let declared = request
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if let Some(length) = declared
        && length > MAX_REQUEST_BODY as u64
    {
        return body_too_large(&format!("{length} bytes")).into_response();
    }
    let (parts, body) = request.into_parts();
    match to_bytes(body, MAX_REQUEST_BODY).await {
        Ok(bytes) => next.run(Request::from_parts(parts, Body::from(bytes))).await,
        Err(_) => body_too_large(&format!("over {MAX_REQUEST_BODY} bytes")).into_response(),
    }
}

/// InvokeModel's `body` constraint, worded as AWS's request validator words a length constraint.
pub fn check_invoke_model_body(body: &[u8]) -> Result<(), AwsError> {
    if body.len() > MAX_INVOKE_MODEL_BODY {
        return Err(AwsError::validation(format!(
            "1 validation error detected: Value at 'body' failed to satisfy constraint: Member must have length less than or equal to {MAX_INVOKE_MODEL_BODY} (this body is {} bytes)",
            body.len()
        )));
    }
    Ok(())
}

/// The size of a Converse document's content in bytes: its decoded `bytes`, or its `text`.
fn document_size(document: &Value) -> usize {
    if let Some(encoded) = document.pointer("/source/bytes").and_then(Value::as_str) {
        let padding = encoded.bytes().rev().take_while(|b| *b == b'=').count();
        (encoded.len() / 4 * 3).saturating_sub(padding) + (encoded.len() % 4).saturating_sub(1)
    } else {
        document
            .pointer("/source/text")
            .and_then(Value::as_str)
            .map_or(0, str::len)
    }
}

/// Converse's document limits over a whole request: at most five documents, each at most 4.5 MB.
pub fn check_converse_documents(body: &Value) -> Result<(), AwsError> {
    let mut count = 0;
    let messages = body.get("messages").and_then(Value::as_array);
    for (i, message) in messages.into_iter().flatten().enumerate() {
        let content = message.get("content").and_then(Value::as_array);
        for (j, block) in content.into_iter().flatten().enumerate() {
            let Some(document) = block.get("document") else {
                continue;
            };
            count += 1;
            let size = document_size(document);
            if size > MAX_DOCUMENT_BYTES {
                return Err(AwsError::validation(format!(
                    "The document at messages.{i}.content.{j} is {size} bytes; a document can be at most 4.5 MB ({MAX_DOCUMENT_BYTES} bytes)."
                )));
            }
        }
    }
    if count > MAX_DOCUMENTS_PER_REQUEST {
        return Err(AwsError::validation(format!(
            "The request holds {count} documents; a request can include at most {MAX_DOCUMENTS_PER_REQUEST} documents."
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn document_sizes_are_of_the_decoded_bytes() {
        for len in [0, 1, 2, 3, 4, 5, 100, 4_500_000] {
            let encoded = aws_smithy_types::base64::encode(vec![7_u8; len]);
            let document = json!({"source": {"bytes": encoded}});
            assert_eq!(document_size(&document), len, "{len}");
        }
        assert_eq!(document_size(&json!({"source": {"text": "four"}})), 4);
    }

    #[test]
    fn limits_are_inclusive() {
        assert!(check_invoke_model_body(&vec![b' '; MAX_INVOKE_MODEL_BODY]).is_ok());
        assert!(check_invoke_model_body(&vec![b' '; MAX_INVOKE_MODEL_BODY + 1]).is_err());
        let docs = |n: usize| {
            json!({"messages": [{"role": "user", "content":
                (0..n).map(|_| json!({"document": {"source": {"text": "x"}}})).collect::<Vec<_>>()}]})
        };
        assert!(check_converse_documents(&docs(5)).is_ok());
        assert!(check_converse_documents(&docs(6)).is_err());
    }
}
