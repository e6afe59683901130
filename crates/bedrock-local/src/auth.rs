//! Who may call: by default anyone (any SigV4 signature, any bearer token). With credentials configured,
//! SigV4 signatures are verified against them as AWS verifies them; with API keys configured, bearer tokens
//! (Bedrock API keys) must be one of them. Anthropic's Messages API routes take the key as `x-api-key` too.

use std::sync::Arc;

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::anthropic_error::AnthropicError;
use crate::endpoint::{ANTHROPIC_PREFIX, Endpoint};
use crate::error::AwsError;
use crate::service::Service;

/// The largest request body bedrock-local reads (documents in a prompt can be large).
pub const MAX_BODY: usize = 64 * 1024 * 1024;

/// Credentials and keys the server checks requests against. Empty: every request is accepted.
#[derive(Clone, Default)]
pub struct AuthPolicy {
    /// Access key ID → secret access key.
    pub credentials: Vec<(String, String)>,
    /// Accepted bearer tokens.
    pub api_keys: Vec<String>,
}

impl std::fmt::Debug for AuthPolicy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthPolicy")
            .field(
                "access_key_ids",
                &self.credentials.iter().map(|(id, _)| id).collect::<Vec<_>>(),
            )
            .field("api_keys", &self.api_keys.len())
            .finish()
    }
}

impl AuthPolicy {
    fn verifies_anything(&self) -> bool {
        !self.credentials.is_empty() || !self.api_keys.is_empty()
    }
}

/// Middleware: checks the `Authorization` header against the policy.
pub async fn check(State(service): State<Arc<Service>>, request: Request, next: Next) -> Response {
    let policy = &service.auth;
    if !policy.verifies_anything() {
        return next.run(request).await;
    }
    // bedrock-mantle answers in Anthropic's envelope from the door on; bedrock-runtime in AWS's.
    let anthropic = Endpoint::anthropic_envelope_at_the_door(request.uri(), request.headers());
    let refuse = move |error: AwsError| {
        if anthropic {
            AnthropicError(error).into_response()
        } else {
            error.into_response()
        }
    };
    let headers = request.headers();
    let authorization = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        // Anthropic's Messages API routes also take a Bedrock API key as `x-api-key` (Anthropic's own header).
        .or_else(|| {
            request
                .uri()
                .path()
                .starts_with(ANTHROPIC_PREFIX)
                .then(|| headers.get("x-api-key").and_then(|v| v.to_str().ok()))
                .flatten()
                .map(|key| format!("Bearer {key}"))
        });
    match authorization.as_deref() {
        None => refuse(AwsError::new(
            StatusCode::FORBIDDEN,
            "MissingAuthenticationTokenException",
            "Missing Authentication Token",
        )),
        Some(value) if value.starts_with("Bearer ") => {
            let token = value.trim_start_matches("Bearer ").trim();
            // Verifying: only configured keys pass (none configured: no bearer token does).
            if policy.api_keys.iter().any(|k| k == token) {
                next.run(request).await
            } else {
                refuse(AwsError::unrecognized_client())
            }
        }
        Some(value) if value.starts_with("AWS4-HMAC-SHA256 ") => {
            let (parts, body) = request.into_parts();
            let Ok(bytes) = to_bytes(body, MAX_BODY).await else {
                return refuse(AwsError::validation("The request body is too large."));
            };
            let query = parts.uri.query().unwrap_or("");
            match verify(
                policy,
                parts.method.as_str(),
                parts.uri.path(),
                query,
                &parts.headers,
                &bytes,
            ) {
                Ok(()) => next.run(Request::from_parts(parts, Body::from(bytes))).await,
                Err(error) => refuse(error),
            }
        }
        Some(_) => refuse(AwsError::new(
            StatusCode::BAD_REQUEST,
            "IncompleteSignatureException",
            "Authorization header requires an AWS4-HMAC-SHA256 signature or a Bearer token.",
        )),
    }
}

fn hmac(key: &[u8], data: &str) -> Vec<u8> {
    #[allow(clippy::expect_used)] // HMAC accepts keys of any length
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(data.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// RFC 3986 encoding with the unreserved set left alone, as SigV4 requires.
fn uri_encode(text: &str, keep_slash: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(char::from(byte)),
            b'/' if keep_slash => out.push('/'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Some(value) = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(value);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Verifies a SigV4 `Authorization` header: recomputes the canonical request from what arrived and the
/// signature from the configured secret, and compares.
pub fn verify(
    policy: &AuthPolicy,
    method: &str,
    raw_path: &str,
    raw_query: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(), AwsError> {
    let authorization = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let fields = authorization.trim_start_matches("AWS4-HMAC-SHA256").trim();
    let field = |name: &str| {
        fields
            .split(',')
            .map(str::trim)
            .find_map(|f| f.strip_prefix(name).and_then(|v| v.strip_prefix('=')))
    };
    let (Some(credential), Some(signed_headers), Some(signature)) =
        (field("Credential"), field("SignedHeaders"), field("Signature"))
    else {
        return Err(AwsError::new(
            StatusCode::BAD_REQUEST,
            "IncompleteSignatureException",
            "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters.",
        ));
    };
    let mut scope_parts = credential.splitn(2, '/');
    let access_key = scope_parts.next().unwrap_or_default();
    let scope = scope_parts.next().unwrap_or_default();
    let Some((_, secret)) = policy.credentials.iter().find(|(id, _)| id == access_key) else {
        return Err(AwsError::unrecognized_client());
    };
    let scope_fields: Vec<&str> = scope.split('/').collect();
    let [date, region, service, "aws4_request"] = scope_fields.as_slice() else {
        return Err(AwsError::invalid_signature());
    };
    let amz_date = headers
        .get("x-amz-date")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();

    let canonical_uri = if raw_path.is_empty() {
        "/".to_owned()
    } else {
        raw_path
            .split('/')
            .map(|segment| uri_encode(segment, false))
            .collect::<Vec<_>>()
            .join("/")
    };
    let mut query: Vec<(String, String)> = raw_query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (
                uri_encode(&percent_decode(k), false),
                uri_encode(&percent_decode(v), false),
            )
        })
        .collect();
    query.sort();
    let canonical_query = query
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    let mut canonical_headers = String::new();
    for name in signed_headers.split(';') {
        let values: Vec<String> = headers
            .get_all(name)
            .iter()
            .map(|v| {
                v.to_str()
                    .unwrap_or_default()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        canonical_headers.push_str(&format!("{name}:{}\n", values.join(",")));
    }
    let payload_hash = headers
        .get("x-amz-content-sha256")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .unwrap_or_else(|| hex(&Sha256::digest(body)));
    let canonical_request = format!(
        "{method}\n{canonical_uri}\n{canonical_query}\n{canonical_headers}\n{signed_headers}\n{payload_hash}"
    );
    let string_to_sign = format!(
        "AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}",
        hex(&Sha256::digest(canonical_request.as_bytes()))
    );
    let k_date = hmac(format!("AWS4{secret}").as_bytes(), date);
    let k_region = hmac(&k_date, region);
    let k_service = hmac(&k_region, service);
    let k_signing = hmac(&k_service, "aws4_request");
    let expected = hex(&hmac(&k_signing, &string_to_sign));
    if expected == signature {
        Ok(())
    } else {
        // The canonical request holds signed header values (a session token among them): log its hash only.
        tracing::debug!(canonical_request_sha256 = %hex(&Sha256::digest(canonical_request.as_bytes())), %signed_headers, "signature mismatch");
        Err(AwsError::invalid_signature())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_like_sigv4() {
        assert_eq!(
            uri_encode("us.anthropic.claude-v1%3A0", false),
            "us.anthropic.claude-v1%253A0"
        );
        assert_eq!(uri_encode("a b/c~", false), "a%20b%2Fc~");
        assert_eq!(percent_decode("a%3Ab+c%zz"), "a:b+c%zz");
    }

    #[test]
    fn debug_hides_secrets() {
        let policy = AuthPolicy {
            credentials: vec![("AKID".into(), "s3cr3t".into())],
            api_keys: vec!["key".into()],
        };
        let debug = format!("{policy:?}");
        assert!(
            debug.contains("AKID") && !debug.contains("s3cr3t") && !debug.contains("\"key\""),
            "{debug}"
        );
    }
}
