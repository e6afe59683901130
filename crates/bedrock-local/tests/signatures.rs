//! SigV4 checked as strictly as AWS checks it: the payload hash comes from the body that arrived, the date is
//! within five minutes of the server's clock, and a signature names the host it was made for.

#![allow(clippy::unwrap_used)]

mod support;

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use aws_sigv4::http_request::{PayloadChecksumKind, SignableBody, SigningSettings};
use bedrock_local::{AuthPolicy, BedrockLocal, Clock, Config, ManualClock};
use hyper::StatusCode;
use serde_json::json;
use support::http::{Answer, post, signed, signed_with};

const KEY: (&str, &str) = ("AKIDSTRICT", "strict-secret");
const PATH: &str = "/anthropic/v1/messages";

fn headers() -> Vec<(String, String)> {
    vec![
        ("anthropic-version".into(), "2023-06-01".into()),
        ("content-type".into(), "application/json".into()),
    ]
}

fn body(question: &str) -> String {
    json!({
        "model": "us.anthropic.claude-opus-4-7",
        "max_tokens": 20,
        "messages": [{"role": "user", "content": question}]
    })
    .to_string()
}

/// A server that verifies signatures against [`KEY`], on a clock that moves only when told.
async fn strict() -> (BedrockLocal, ManualClock) {
    let clock = ManualClock::new(SystemTime::UNIX_EPOCH + Duration::from_secs(1_790_000_000));
    let server = BedrockLocal::start(Config {
        clock: Arc::new(clock.clone()),
        auth: AuthPolicy {
            credentials: vec![(KEY.0.into(), KEY.1.into())],
            api_keys: vec![],
        },
        ..Config::default()
    })
    .await
    .unwrap();
    (server, clock)
}

async fn send(server: &BedrockLocal, signature: Vec<(String, String)>, body: &str) -> Answer {
    let mut all = headers();
    all.extend(signature);
    post(&server.url(), PATH, &all, body, false).await
}

fn message(answer: &Answer) -> String {
    answer.json()["message"].as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn a_captured_signature_does_not_carry_another_body() {
    let (server, clock) = strict().await;
    let url = format!("{}{PATH}", server.url());
    let original = body("What is 2 + 2?");
    let replaced = body("Something the signer never asked");
    let now = clock.now();

    // Signed as the SDKs sign bedrock-runtime: the body's hash is in the signature, not in a header. An attacker
    // who captured it adds the header the old check trusted, naming the original body's hash.
    let mut captured = signed(&url, "bedrock", KEY.0, KEY.1, &original, &headers(), now);
    let original_hash = sha256_hex(original.as_bytes());
    assert_eq!(
        send(&server, captured.clone(), &original).await.status,
        StatusCode::OK
    );
    captured.push(("x-amz-content-sha256".into(), original_hash));
    let replayed = send(&server, captured, &replaced).await;
    assert_eq!(replayed.status, StatusCode::FORBIDDEN, "{}", replayed.text);
    assert_eq!(replayed.error_type_header, "InvalidSignatureException");

    // Signed with the header among the signed ones: still the body that arrived decides.
    let mut with_header = SigningSettings::default();
    with_header.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
    let signed_header = signed_with(
        &url,
        "bedrock",
        KEY,
        SignableBody::Bytes(original.as_bytes()),
        &headers(),
        now,
        with_header.clone(),
    );
    assert_eq!(
        send(&server, signed_header.clone(), &original).await.status,
        StatusCode::OK
    );
    let replayed = send(&server, signed_header, &replaced).await;
    assert_eq!(replayed.status, StatusCode::FORBIDDEN, "{}", replayed.text);
    assert_eq!(replayed.error_type_header, "InvalidSignatureException");

    // bedrock-runtime has no operation with an unsigned payload (boto3 and the Rust SDK sign every body).
    let unsigned = signed_with(
        &url,
        "bedrock",
        KEY,
        SignableBody::UnsignedPayload,
        &headers(),
        now,
        with_header,
    );
    let refused = send(&server, unsigned, &replaced).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.text);
    assert_eq!(refused.error_type_header, "InvalidSignatureException");
    server.shutdown().await;
}

#[tokio::test]
async fn a_signature_is_good_for_five_minutes_either_side_of_the_server_clock() {
    let (server, clock) = strict().await;
    let url = format!("{}{PATH}", server.url());
    let question = body("hi");
    let now = clock.now();
    let minutes = |n: u64| Duration::from_secs(60 * n);
    for at in [now - minutes(4), now + minutes(4), now] {
        let answer = send(
            &server,
            signed(&url, "bedrock", KEY.0, KEY.1, &question, &headers(), at),
            &question,
        )
        .await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    }
    let old = send(
        &server,
        signed(
            &url,
            "bedrock",
            KEY.0,
            KEY.1,
            &question,
            &headers(),
            now - minutes(6),
        ),
        &question,
    )
    .await;
    assert_eq!(old.status, StatusCode::FORBIDDEN);
    assert_eq!(old.error_type_header, "InvalidSignatureException");
    assert_eq!(
        message(&old),
        "Signature expired: 20260921T140720Z is now earlier than 20260921T140820Z (20260921T141320Z - 5 min.)"
    );
    let early = send(
        &server,
        signed(
            &url,
            "bedrock",
            KEY.0,
            KEY.1,
            &question,
            &headers(),
            now + minutes(6),
        ),
        &question,
    )
    .await;
    assert_eq!(early.status, StatusCode::FORBIDDEN);
    assert_eq!(early.error_type_header, "InvalidSignatureException");
    assert_eq!(
        message(&early),
        "Signature not yet current: 20260921T141920Z is still later than 20260921T141820Z (20260921T141320Z + 5 min.)"
    );
    // The server's clock moves, and yesterday's signature with it.
    let signed_now = signed(&url, "bedrock", KEY.0, KEY.1, &question, &headers(), now);
    clock.advance(minutes(6));
    assert_eq!(
        send(&server, signed_now, &question).await.status,
        StatusCode::FORBIDDEN
    );
    server.shutdown().await;
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
