//! Who may call: by default anyone (any SigV4 signature, any bearer token). With credentials configured,
//! SigV4 signatures are verified against them as AWS verifies them: the payload hash is the hash of the body
//! that arrived, `X-Amz-Date` is within five minutes of the server's clock, `host` is signed, and signatures
//! are compared in constant time. With API keys configured, bearer tokens (Bedrock API keys) must be one of
//! them. Anthropic's Messages API routes take the key as `x-api-key` too. A server with `own_host_only`
//! refuses, before any of that, requests addressed to another host (see `host`).

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::Uri;
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::anthropic_error::AnthropicError;
use crate::clock::{amz_date, parse_amz_date};
use crate::endpoint::{ANTHROPIC_PREFIX, Endpoint};
use crate::error::AwsError;
use crate::host::Addressed;
use crate::limits::MAX_REQUEST_BODY;
use crate::service::Service;

/// How far `X-Amz-Date` may be from the server's clock, either way (AWS: "within 5 minutes").
pub const SIGNATURE_WINDOW: Duration = Duration::from_secs(5 * 60);

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

    /// Only `key` passes: no API key, no other access key.
    pub fn only(key: &LaunchKey) -> Self {
        Self {
            credentials: vec![(key.access_key_id.clone(), key.secret_access_key.clone())],
            api_keys: Vec::new(),
        }
    }
}

/// An access key made for one run of a server, from the operating system's random number generator: the
/// application that starts the server signs with it, and nobody else knows it. Its `Debug` shows the key ID
/// only; it has no `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct LaunchKey {
    access_key_id: String,
    secret_access_key: String,
}

impl LaunchKey {
    /// A fresh key: `AKIA` and 16 random characters (80 bits, shaped like an AWS key ID), and a 40-character
    /// secret (240 bits, shaped like an AWS secret access key).
    pub fn generate() -> std::io::Result<Self> {
        // 32 and 64 divide 256: each byte picks a character without bias.
        const ID_ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        const SECRET_ALPHABET: &[u8; 64] =
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut id = [0_u8; 16];
        let mut secret = [0_u8; 40];
        getrandom::fill(&mut id).map_err(|e| std::io::Error::other(e.to_string()))?;
        getrandom::fill(&mut secret).map_err(|e| std::io::Error::other(e.to_string()))?;
        let id: String = id
            .iter()
            .map(|b| char::from(ID_ALPHABET[usize::from(b % 32)]))
            .collect();
        let secret: String = secret
            .iter()
            .map(|b| char::from(SECRET_ALPHABET[usize::from(b % 64)]))
            .collect();
        Ok(Self {
            access_key_id: format!("AKIA{id}"),
            secret_access_key: secret,
        })
    }

    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The secret itself: hand it to the signer, never to a log or a web page.
    pub fn secret_access_key(&self) -> &str {
        &self.secret_access_key
    }
}

impl std::fmt::Debug for LaunchKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LaunchKey")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"<redacted>")
            .finish()
    }
}

/// Middleware: checks the `Host` (with `own_host_only`) and the `Authorization` header against the policy.
pub async fn check(State(service): State<Arc<Service>>, request: Request, next: Next) -> Response {
    let policy = &service.auth;
    // With `own_host_only`: the server's own address goes on to authentication; bedrock-mantle's host only as
    // a SigV4 request this server verifies below (the signature covers `Host`); any other name is refused.
    if let Some(own) = &service.own_host {
        let sigv4 = request
            .headers()
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("AWS4-HMAC-SHA256 "));
        let refused = match own.judge(request.uri(), request.headers()) {
            Addressed::Own => None,
            Addressed::Mantle if sigv4 && !policy.credentials.is_empty() => None,
            Addressed::Mantle => Some(own.mantle().to_owned()),
            Addressed::Foreign(host) => Some(host),
        };
        if let Some(host) = refused {
            tracing::debug!(%host, "refused a request addressed to a host this server does not answer for");
            return AwsError::foreign_host(&host, own.own()).into_response();
        }
    }
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
            if policy
                .api_keys
                .iter()
                .any(|k| bool::from(k.as_bytes().ct_eq(token.as_bytes())))
            {
                next.run(request).await
            } else {
                refuse(AwsError::unrecognized_client())
            }
        }
        Some(value) if value.starts_with("AWS4-HMAC-SHA256 ") => {
            let (parts, body) = request.into_parts();
            // Already read whole, within its limit, by `limits::read_body`.
            let Ok(bytes) = to_bytes(body, MAX_REQUEST_BODY).await else {
                return refuse(AwsError::validation("The request body could not be read."));
            };
            match verify(
                policy,
                service.clock.now(),
                parts.method.as_str(),
                &parts.uri,
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

/// `%XX` escapes decoded (others left as they are), as a path or query arrives before signing checks it.
pub(crate) fn percent_decode(text: &str) -> String {
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

fn incomplete(message: impl Into<String>) -> AwsError {
    AwsError::new(StatusCode::BAD_REQUEST, "IncompleteSignatureException", message)
}

/// Verifies a SigV4 `Authorization` header as AWS does: recomputes the canonical request from what arrived
/// (the payload hash from the body itself) and the signature from the configured secret, checks the date
/// against `now`, and compares in constant time.
pub fn verify(
    policy: &AuthPolicy,
    now: SystemTime,
    method: &str,
    uri: &Uri,
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
        return Err(incomplete(
            "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters.",
        ));
    };
    // The signature must cover the host the request names, or it could be sent to any host.
    if !signed_headers.split(';').any(|name| name == "host") {
        return Err(incomplete(
            "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
        ));
    }
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
    let Some(amz_date_text) = headers.get("x-amz-date").and_then(|v| v.to_str().ok()) else {
        return Err(incomplete(
            "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
        ));
    };
    let Some(signed_at) = parse_amz_date(amz_date_text) else {
        return Err(incomplete(format!(
            "Date must be in ISO-8601 'basic format'. Got '{amz_date_text}'. See http://en.wikipedia.org/wiki/ISO_8601"
        )));
    };
    let http_day = &amz_date_text[..8];
    if *date != http_day {
        return Err(signature_error(format!(
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{date}' != '{http_day}', from '{amz_date_text}'."
        )));
    }
    check_window(signed_at, now)?;

    // The payload hash is the hash of the body that arrived. bedrock-runtime (and bedrock) have no operation
    // with an unsigned payload: boto3 and the AWS SDK for Rust hash every body into the signature, and send no
    // `x-amz-content-sha256` (S3's header). One that is sent must name this body's hash: a header that could
    // say anything would let a captured signature carry another body.
    let payload_hash = hex(&Sha256::digest(body));
    if let Some(claimed) = headers.get("x-amz-content-sha256")
        && claimed.as_bytes() != payload_hash.as_bytes()
    {
        return Err(signature_error(
            "The x-amz-content-sha256 header does not match the request body: this service signs every payload (UNSIGNED-PAYLOAD is not accepted).",
        ));
    }

    let raw_path = uri.path();
    let canonical_uri = if raw_path.is_empty() {
        "/".to_owned()
    } else {
        raw_path
            .split('/')
            .map(|segment| uri_encode(segment, false))
            .collect::<Vec<_>>()
            .join("/")
    };
    let mut query: Vec<(String, String)> = uri
        .query()
        .unwrap_or("")
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
        let mut values: Vec<String> = headers
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
        // HTTP/2 names the host in `:authority`, which arrives as the URI's authority, not as a header.
        if name == "host"
            && values.is_empty()
            && let Some(authority) = uri.authority()
        {
            values.push(authority.as_str().to_owned());
        }
        canonical_headers.push_str(&format!("{name}:{}\n", values.join(",")));
    }
    let canonical_request = format!(
        "{method}\n{canonical_uri}\n{canonical_query}\n{canonical_headers}\n{signed_headers}\n{payload_hash}"
    );
    let string_to_sign = format!(
        "AWS4-HMAC-SHA256\n{amz_date_text}\n{scope}\n{}",
        hex(&Sha256::digest(canonical_request.as_bytes()))
    );
    let k_date = hmac(format!("AWS4{secret}").as_bytes(), date);
    let k_region = hmac(&k_date, region);
    let k_service = hmac(&k_region, service);
    let k_signing = hmac(&k_service, "aws4_request");
    let expected = hex(&hmac(&k_signing, &string_to_sign));
    // Constant time: how long the comparison takes says nothing about how many characters were right.
    if bool::from(expected.as_bytes().ct_eq(signature.as_bytes())) {
        Ok(())
    } else {
        // The canonical request holds signed header values (a session token among them): log its hash only.
        tracing::debug!(canonical_request_sha256 = %hex(&Sha256::digest(canonical_request.as_bytes())), %signed_headers, "signature mismatch");
        Err(AwsError::invalid_signature())
    }
}

fn signature_error(message: impl Into<String>) -> AwsError {
    AwsError::new(StatusCode::FORBIDDEN, "InvalidSignatureException", message)
}

/// AWS accepts a signature dated up to five minutes either side of its clock, and words a refusal thus.
fn check_window(signed_at: SystemTime, now: SystemTime) -> Result<(), AwsError> {
    if signed_at + SIGNATURE_WINDOW < now {
        return Err(signature_error(format!(
            "Signature expired: {} is now earlier than {} ({} - 5 min.)",
            amz_date(signed_at),
            amz_date(now - SIGNATURE_WINDOW),
            amz_date(now)
        )));
    }
    if signed_at > now + SIGNATURE_WINDOW {
        return Err(signature_error(format!(
            "Signature not yet current: {} is still later than {} ({} + 5 min.)",
            amz_date(signed_at),
            amz_date(now + SIGNATURE_WINDOW),
            amz_date(now)
        )));
    }
    Ok(())
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
