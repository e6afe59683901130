//! Anthropic's Messages API on bedrock-runtime and bedrock-mantle, and HTTP/2 (h2c) on the same port, through
//! a plain HTTP client: JSON and server-sent events, the prompt cache shared with Converse, TTLs, refusals,
//! both kinds of authentication, bedrock-mantle's count_tokens.

#![allow(clippy::unwrap_used)]

mod support;

use std::time::SystemTime;

use aws_sdk_bedrockruntime::types::{CachePointBlock, CachePointType, SystemContentBlock};
use bedrock_local::{AuthPolicy, BedrockLocal, Config};
use hyper::{StatusCode, Version};
use serde_json::{Value, json};
use support::http::{Answer, post, signed};
use support::{document, start_local, user};

const OPUS_47_US: &str = "us.anthropic.claude-opus-4-7";
const OPUS_47: &str = "anthropic.claude-opus-4-7";
const VERSION: &str = "2023-06-01";

fn anthropic_headers() -> Vec<(String, String)> {
    vec![
        ("anthropic-version".into(), VERSION.into()),
        ("content-type".into(), "application/json".into()),
    ]
}

async fn messages(url: &str, body: &Value) -> Answer {
    post(
        url,
        "/anthropic/v1/messages",
        &anthropic_headers(),
        &body.to_string(),
        false,
    )
    .await
}

/// SigV4 headers for a POST of `body` to `url`, signed for `service` as AWS clients sign.
fn sigv4(url: &str, service: &str, key: &str, secret: &str, body: &str) -> Vec<(String, String)> {
    let mut headers = anthropic_headers();
    headers.extend(signed(
        url,
        service,
        key,
        secret,
        body,
        &anthropic_headers(),
        SystemTime::now(),
    ));
    headers
}

/// A body with a long system prompt (cached) and a question.
fn cached_body(model: &str, doc_tokens: usize, ttl: &str, question: &str) -> Value {
    json!({
        "model": model,
        "max_tokens": 200,
        "system": [{"type": "text", "text": document(doc_tokens), "cache_control": {"type": "ephemeral", "ttl": ttl}}],
        "messages": [{"role": "user", "content": question}]
    })
}

async fn server() -> BedrockLocal {
    BedrockLocal::start(Config::default()).await.unwrap()
}

#[tokio::test]
async fn json_answers_write_then_read_the_cache() {
    let server = server().await;
    let first = messages(&server.url(), &cached_body(OPUS_47_US, 5000, "5m", "First?")).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text);
    let body = first.json();
    assert_eq!(body["type"], "message");
    assert_eq!(body["role"], "assistant");
    assert_eq!(body["model"], OPUS_47_US, "the answer echoes the model as named");
    assert_eq!(body["content"][0]["type"], "text");
    assert_eq!(body["stop_reason"], "end_turn");
    let usage = &body["usage"];
    assert_eq!(usage["cache_creation_input_tokens"], 5000);
    assert_eq!(usage["cache_read_input_tokens"], 0);
    assert_eq!(usage["cache_creation"]["ephemeral_5m_input_tokens"], 5000);
    assert_eq!(usage["cache_creation"]["ephemeral_1h_input_tokens"], 0);
    assert!(usage["output_tokens"].as_u64().unwrap() > 0);

    let second = messages(&server.url(), &cached_body(OPUS_47_US, 5000, "5m", "Second?")).await;
    let usage = &second.json()["usage"];
    assert_eq!(usage["cache_read_input_tokens"], 5000);
    assert_eq!(usage["cache_creation_input_tokens"], 0);
    server.shutdown().await;
}

#[tokio::test]
async fn streams_anthropics_event_sequence() {
    let server = server().await;
    let mut body = cached_body(OPUS_47_US, 5000, "5m", "Stream it");
    body["stream"] = json!(true);
    let answer = messages(&server.url(), &body).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert!(
        answer.content_type.starts_with("text/event-stream"),
        "{}",
        answer.content_type
    );
    let events = answer.events();
    let names: Vec<&str> = events.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(
        &names[..4],
        [
            "message_start",
            "ping",
            "content_block_start",
            "content_block_delta"
        ]
    );
    assert_eq!(
        &names[names.len() - 3..],
        ["content_block_stop", "message_delta", "message_stop"]
    );
    for (name, data) in &events {
        assert_eq!(data["type"], name.as_str(), "each event's data names its type");
    }
    let start = &events[0].1["message"];
    assert_eq!(start["model"], OPUS_47_US);
    assert_eq!(start["usage"]["cache_creation_input_tokens"], 5000);
    assert_eq!(
        start["usage"]["cache_creation"]["ephemeral_5m_input_tokens"],
        5000
    );
    let text: String = events
        .iter()
        .filter(|(name, _)| name == "content_block_delta")
        .map(|(_, data)| data["delta"]["text"].as_str().unwrap().to_owned())
        .collect();
    assert!(text.contains("Local Bedrock"), "{text}");
    let delta = &events[names.len() - 2].1;
    assert_eq!(delta["delta"]["stop_reason"], "end_turn");
    assert!(delta["usage"]["output_tokens"].as_u64().unwrap() > 1);
    assert_eq!(
        delta["usage"]["cache_creation_input_tokens"], 5000,
        "the delta repeats the input counts"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn one_hour_and_five_minute_writes_are_reported_apart() {
    let server = server().await;
    let body = json!({
        "model": OPUS_47_US, "max_tokens": 100,
        "system": [
            {"type": "text", "text": document(5000), "cache_control": {"type": "ephemeral", "ttl": "1h"}},
            {"type": "text", "text": document(1000).replace("rock", "stone"), "cache_control": {"type": "ephemeral", "ttl": "5m"}}
        ],
        "messages": [{"role": "user", "content": "Which rocks?"}]
    });
    let usage = messages(&server.url(), &body).await.json()["usage"].clone();
    assert_eq!(usage["cache_creation_input_tokens"], 6000);
    assert_eq!(usage["cache_creation"]["ephemeral_1h_input_tokens"], 5000);
    assert_eq!(usage["cache_creation"]["ephemeral_5m_input_tokens"], 1000);
    server.shutdown().await;
}

#[tokio::test]
async fn top_level_cache_control_caches_up_to_the_last_block() {
    let server = server().await;
    let doc = document(5000);
    let first = json!({
        "model": OPUS_47_US, "max_tokens": 100, "cache_control": {"type": "ephemeral"},
        "system": doc,
        "messages": [{"role": "user", "content": "First question"}]
    });
    let usage = messages(&server.url(), &first).await.json()["usage"].clone();
    let written = usage["cache_creation_input_tokens"].as_u64().unwrap();
    assert!(written > 5000, "the whole prompt up to the last message: {usage}");
    assert_eq!(usage["input_tokens"], 0, "nothing after the last block");
    let second = json!({
        "model": OPUS_47_US, "max_tokens": 100, "cache_control": {"type": "ephemeral"},
        "system": doc,
        "messages": [
            {"role": "user", "content": "First question"},
            {"role": "assistant", "content": "An answer"},
            {"role": "user", "content": "Second question"}
        ]
    });
    let usage = messages(&server.url(), &second).await.json()["usage"].clone();
    assert_eq!(usage["cache_read_input_tokens"].as_u64().unwrap(), written);
    assert!(usage["cache_creation_input_tokens"].as_u64().unwrap() > 0);
    server.shutdown().await;
}

#[tokio::test]
async fn a_prefix_written_through_converse_is_read_through_messages() {
    let local = start_local(Config::default()).await;
    let doc = document(5000);
    let written = local
        .runtime
        .converse()
        .model_id(OPUS_47_US)
        .system(SystemContentBlock::Text(doc.clone()))
        .system(SystemContentBlock::CachePoint(
            CachePointBlock::builder()
                .r#type(CachePointType::Default)
                .build()
                .unwrap(),
        ))
        .messages(user("Through Converse"))
        .send()
        .await
        .unwrap();
    assert_eq!(written.usage().unwrap().cache_write_input_tokens(), Some(5000));
    let answer = messages(
        &local.server.url(),
        &cached_body(OPUS_47_US, 5000, "5m", "Through Messages"),
    )
    .await;
    let usage = &answer.json()["usage"];
    assert_eq!(usage["cache_read_input_tokens"], 5000, "{usage}");
    assert_eq!(usage["cache_creation_input_tokens"], 0);
}

#[tokio::test]
async fn refusals_come_in_anthropics_envelope() {
    let server = server().await;
    let url = server.url();
    let body = cached_body(OPUS_47_US, 10, "5m", "hi").to_string();

    let no_version = post(&url, "/anthropic/v1/messages", &[], &body, false).await;
    assert_eq!(no_version.status, StatusCode::BAD_REQUEST);
    assert_eq!(no_version.anthropic_error().0, "invalid_request_error");
    assert!(no_version.anthropic_error().1.contains("anthropic-version"));
    let unknown = post(
        &url,
        "/anthropic/v1/messages",
        &[("anthropic-version".into(), "2021-01-01".into())],
        &body,
        false,
    )
    .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert!(unknown.anthropic_error().1.contains("2021-01-01"));
    let sdk_version = post(
        &url,
        "/anthropic/v1/messages",
        &[("anthropic-version".into(), "2026-10-21".into())],
        &body,
        false,
    )
    .await;
    assert_eq!(sdk_version.status, StatusCode::OK, "{}", sdk_version.text);

    for (field, value, name) in [
        (
            "output_config",
            json!({"format": {"type": "json_schema", "schema": {}}}),
            "output_config.format",
        ),
        ("inference_geo", json!("us"), "inference_geo"),
        (
            "tools",
            json!([{"name": "t", "input_schema": {"type": "object"}, "strict": true}]),
            "tools.0.strict",
        ),
    ] {
        let mut refused = cached_body(OPUS_47_US, 10, "5m", "hi");
        refused[field] = value;
        let answer = messages(&url, &refused).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST);
        assert_eq!(
            answer.anthropic_error(),
            (
                "invalid_request_error".into(),
                format!("{name}: Extra inputs are not permitted")
            )
        );
    }

    let bare = messages(&url, &cached_body(OPUS_47, 10, "5m", "hi")).await;
    assert_eq!(bare.status, StatusCode::BAD_REQUEST);
    assert!(
        bare.anthropic_error()
            .1
            .contains("with on-demand throughput isn\u{2019}t supported"),
        "{}",
        bare.text
    );
    let bare_on_demand = messages(
        &url,
        &cached_body("anthropic.claude-sonnet-4-5-20250929-v1:0", 10, "5m", "hi"),
    )
    .await;
    assert!(bare_on_demand.anthropic_error().1.contains("inference profile"));

    let sonnet = messages(
        &url,
        &cached_body("us.anthropic.claude-sonnet-4-6", 10, "5m", "hi"),
    )
    .await;
    assert_eq!(sonnet.status, StatusCode::BAD_REQUEST);
    assert!(
        sonnet
            .anthropic_error()
            .1
            .starts_with("This action doesn't support the model"),
        "Sonnet 4.6 has no Messages API: {}",
        sonnet.text
    );

    let mut no_max = cached_body(OPUS_47_US, 10, "5m", "hi");
    no_max.as_object_mut().unwrap().remove("max_tokens");
    assert!(
        messages(&url, &no_max)
            .await
            .anthropic_error()
            .1
            .contains("max_tokens")
    );

    let count = post(
        &url,
        "/anthropic/v1/messages/count_tokens",
        &anthropic_headers(),
        &body,
        false,
    )
    .await;
    assert_eq!(count.status, StatusCode::NOT_FOUND);
    assert_eq!(count.error_type_header, "UnknownOperationException");
    server.shutdown().await;
}

#[tokio::test]
async fn faults_come_in_anthropics_envelope_and_as_an_error_event() {
    let server = server().await;
    let url = server.url();
    let body = cached_body(OPUS_47_US, 10, "5m", "hi");
    let mut headers = anthropic_headers();
    headers.push(("x-bedrock-local-fault".into(), "throttle".into()));
    let throttled = post(&url, "/anthropic/v1/messages", &headers, &body.to_string(), false).await;
    assert_eq!(throttled.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(throttled.anthropic_error().0, "rate_limit_error");
    // The invocation record keeps the throttle, under the profile the body named.
    let record = server.invocations();
    assert_eq!(record.len(), 1);
    assert_eq!(record[0].invoked, OPUS_47_US);
    assert_eq!(record[0].outcome, bedrock_local::record::Outcome::Throttled);
    assert_eq!(record[0].foundation_model.as_deref(), Some(OPUS_47));

    let mut stream = body.clone();
    stream["stream"] = json!(true);
    let mut headers = anthropic_headers();
    headers.push(("x-bedrock-local-fault".into(), "stream-error:2".into()));
    let failed = post(
        &url,
        "/anthropic/v1/messages",
        &headers,
        &stream.to_string(),
        false,
    )
    .await;
    let events = failed.events();
    let names: Vec<&str> = events.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["message_start", "ping", "error"]);
    assert_eq!(events[2].1["error"]["type"], "api_error");
    server.shutdown().await;
}

fn verifying() -> Config {
    Config {
        auth: AuthPolicy {
            credentials: vec![("AKIDLOCAL".into(), "local-secret".into())],
            api_keys: vec!["bedrock-api-key-local".into()],
        },
        ..Config::default()
    }
}

#[tokio::test]
async fn sigv4_and_api_keys_both_authenticate() {
    let server = BedrockLocal::start(verifying()).await.unwrap();
    let url = server.url();
    let body = cached_body(OPUS_47_US, 10, "5m", "hi").to_string();
    let path = "/anthropic/v1/messages";

    let signed = sigv4(
        &format!("{url}{path}"),
        "bedrock",
        "AKIDLOCAL",
        "local-secret",
        &body,
    );
    let answer = post(&url, path, &signed, &body, false).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);

    for header in [
        ("x-api-key", "bedrock-api-key-local"),
        ("authorization", "Bearer bedrock-api-key-local"),
    ] {
        let mut headers = anthropic_headers();
        headers.push((header.0.into(), header.1.into()));
        let answer = post(&url, path, &headers, &body, false).await;
        assert_eq!(answer.status, StatusCode::OK, "{header:?}: {}", answer.text);
    }

    let mut wrong = anthropic_headers();
    wrong.push(("x-api-key".into(), "not-a-key".into()));
    let refused = post(&url, path, &wrong, &body, false).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(
        refused.error_type_header, "UnrecognizedClientException",
        "bedrock-runtime's front door answers in AWS's envelope"
    );
    let bad_signature = sigv4(
        &format!("{url}{path}"),
        "bedrock",
        "AKIDLOCAL",
        "wrong-secret",
        &body,
    );
    let refused = post(&url, path, &bad_signature, &body, false).await;
    assert_eq!(refused.error_type_header, "InvalidSignatureException");
    server.shutdown().await;
}

#[tokio::test]
async fn bedrock_mantle_serves_bare_ids_and_counts_tokens() {
    let server = BedrockLocal::start(verifying()).await.unwrap();
    let url = server.url();
    let count_path = "/anthropic/v1/messages/count_tokens";
    let body = cached_body(OPUS_47, 5000, "5m", "On mantle");
    let mut count_body = body.clone();
    count_body.as_object_mut().unwrap().remove("max_tokens");
    let (body, count_body) = (body.to_string(), count_body.to_string());

    // Signed for bedrock-mantle.
    let signed = sigv4(
        &format!("{url}{count_path}"),
        "bedrock-mantle",
        "AKIDLOCAL",
        "local-secret",
        &count_body,
    );
    let counted = post(&url, count_path, &signed, &count_body, false).await;
    assert_eq!(counted.status, StatusCode::OK, "{}", counted.text);
    let tokens = counted.json()["input_tokens"].as_u64().unwrap();
    assert!(tokens > 5000, "{tokens}");

    // An API key, addressed to bedrock-mantle's host.
    let mut keyed = anthropic_headers();
    keyed.push(("x-api-key".into(), "bedrock-api-key-local".into()));
    keyed.push(("host".into(), "bedrock-mantle.us-east-1.api.aws".into()));
    let counted = post(&url, count_path, &keyed, &count_body, false).await;
    assert_eq!(counted.json()["input_tokens"].as_u64().unwrap(), tokens);

    let answer = post(&url, "/anthropic/v1/messages", &keyed, &body, false).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    let usage = &answer.json()["usage"];
    assert_eq!(usage["cache_creation_input_tokens"], 5000);
    assert_eq!(
        usage["input_tokens"].as_u64().unwrap() + 5000,
        tokens,
        "count_tokens counts what the call takes"
    );

    let profile = cached_body(OPUS_47_US, 10, "5m", "hi").to_string();
    let refused = post(&url, "/anthropic/v1/messages", &keyed, &profile, false).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        refused.anthropic_error().0,
        "invalid_request_error",
        "profile IDs are not mantle's"
    );

    let mut wrong = anthropic_headers();
    wrong.push(("x-api-key".into(), "not-a-key".into()));
    wrong.push(("host".into(), "bedrock-mantle.us-east-1.api.aws".into()));
    let refused = post(&url, "/anthropic/v1/messages", &wrong, &body, false).await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    assert_eq!(refused.anthropic_error().0, "authentication_error");
    server.shutdown().await;
}

#[tokio::test]
async fn http2_only_clients_are_served_on_the_same_port() {
    let server = server().await;
    let url = server.url();
    let converse = json!({"messages": [{"role": "user", "content": [{"text": "Over HTTP/2"}]}]}).to_string();
    let answer = post(
        &url,
        &format!("/model/{OPUS_47_US}/converse"),
        &[("content-type".into(), "application/json".into())],
        &converse,
        true,
    )
    .await;
    assert_eq!(answer.version, Version::HTTP_2);
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert!(answer.json()["usage"]["inputTokens"].as_u64().unwrap() > 0);

    let mut body = cached_body(OPUS_47_US, 10, "5m", "Streamed over HTTP/2");
    body["stream"] = json!(true);
    let answer = post(
        &url,
        "/anthropic/v1/messages",
        &anthropic_headers(),
        &body.to_string(),
        true,
    )
    .await;
    assert_eq!(answer.version, Version::HTTP_2);
    assert_eq!(answer.events().last().unwrap().0, "message_stop");

    let http1 = messages(&url, &cached_body(OPUS_47_US, 10, "5m", "And HTTP/1.1")).await;
    assert_eq!(http1.version, Version::HTTP_11);
    assert_eq!(http1.status, StatusCode::OK);
    server.shutdown().await;
}
