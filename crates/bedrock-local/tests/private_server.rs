//! The server an application embeds for itself (`Config::private`): only its launch key passes, and only
//! requests addressed to its own address — not a web page's `text/plain` POST (which needs no CORS preflight),
//! not a page that re-pointed its own name at 127.0.0.1 (DNS rebinding), over HTTP/1.1 or HTTP/2.

#![allow(clippy::unwrap_used)]

mod support;

use std::time::SystemTime;

use bedrock_local::{AuthPolicy, BedrockLocal, Config, LaunchKey};
use http_body_util::{BodyExt, Full};
use hyper::StatusCode;
use hyper::body::Bytes;
use hyper_util::rt::{TokioExecutor, TokioIo};
use serde_json::json;
use support::http::{Answer, post, signed};

const CONVERSE: &str = "/model/amazon.nova-pro-v1:0/converse";
const MESSAGES: &str = "/anthropic/v1/messages";

fn converse_body() -> String {
    json!({"messages": [{"role": "user", "content": [{"text": "hi"}]}]}).to_string()
}

fn anthropic_body() -> String {
    json!({
        "model": "anthropic.claude-opus-4-7",
        "max_tokens": 20,
        "messages": [{"role": "user", "content": "hi"}]
    })
    .to_string()
}

fn json_headers() -> Vec<(String, String)> {
    vec![("content-type".into(), "application/json".into())]
}

/// `headers` plus a SigV4 signature with `key` for `service`, for a POST of `body` to `url` naming `host`.
fn signed_for(
    url: &str,
    host: &str,
    service: &str,
    key: &LaunchKey,
    body: &str,
    headers: &[(String, String)],
) -> Vec<(String, String)> {
    let mut all = headers.to_vec();
    all.push(("host".into(), host.into()));
    let signature = signed(
        url,
        service,
        key.access_key_id(),
        key.secret_access_key(),
        body,
        &all,
        SystemTime::now(),
    );
    all.extend(signature);
    all
}

async fn private() -> (BedrockLocal, LaunchKey) {
    let key = LaunchKey::generate().unwrap();
    let server = BedrockLocal::start(Config::private(&key)).await.unwrap();
    (server, key)
}

#[tokio::test]
async fn a_launch_key_is_random_and_never_printed() {
    let one = LaunchKey::generate().unwrap();
    let two = LaunchKey::generate().unwrap();
    assert_ne!(one, two);
    assert_ne!(one.secret_access_key(), two.secret_access_key());
    assert!(one.access_key_id().starts_with("AKIA") && one.access_key_id().len() == 20);
    assert_eq!(one.secret_access_key().len(), 40);
    let debug = format!("{one:?} {:?}", AuthPolicy::only(&one));
    assert!(!debug.contains(one.secret_access_key()), "{debug}");
    assert!(debug.contains(one.access_key_id()), "{debug}");
}

#[tokio::test]
async fn its_own_key_at_its_own_address_passes() {
    let (server, key) = private().await;
    let url = server.url();
    let own = server.local_addr().to_string();
    let body = converse_body();
    let headers = signed_for(
        &format!("{url}{CONVERSE}"),
        &own,
        "bedrock",
        &key,
        &body,
        &json_headers(),
    );
    let answer = post(&url, CONVERSE, &headers, &body, false).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);

    // bedrock-mantle is chosen by its host name on an endpoint override: signed with the key, it passes.
    let mut anthropic = json_headers();
    anthropic.push(("anthropic-version".into(), "2023-06-01".into()));
    let body = anthropic_body();
    let mantle = "bedrock-mantle.us-east-1.api.aws";
    let headers = signed_for(
        &format!("{url}{MESSAGES}"),
        mantle,
        "bedrock-mantle",
        &key,
        &body,
        &anthropic,
    );
    let answer = post(&url, MESSAGES, &headers, &body, false).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert!(
        answer.json()["id"].as_str().unwrap().starts_with("msg_"),
        "{}",
        answer.text
    );

    // ...and not without a signature that verifies.
    let mut unsigned = anthropic.clone();
    unsigned.push(("host".into(), mantle.into()));
    unsigned.push(("x-api-key".into(), "guess".into()));
    let refused = post(&url, MESSAGES, &unsigned, &body, false).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.text);
    let other = LaunchKey::generate().unwrap();
    let headers = signed_for(
        &format!("{url}{MESSAGES}"),
        mantle,
        "bedrock-mantle",
        &other,
        &body,
        &anthropic,
    );
    let refused = post(&url, MESSAGES, &headers, &body, false).await;
    // bedrock-mantle refuses an unknown key as Anthropic's API does.
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED, "{}", refused.text);
    assert_eq!(refused.anthropic_error().0, "authentication_error");
    server.shutdown().await;
}

#[tokio::test]
async fn a_web_pages_text_plain_post_is_refused() {
    let (server, _key) = private().await;
    let own = server.local_addr().to_string();
    let headers = vec![
        ("content-type".to_owned(), "text/plain;charset=UTF-8".to_owned()),
        ("host".to_owned(), own),
        ("origin".to_owned(), "https://evil.example".to_owned()),
    ];
    let answer = post(&server.url(), CONVERSE, &headers, &converse_body(), false).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.text);
    assert_eq!(answer.error_type_header, "MissingAuthenticationTokenException");
    server.shutdown().await;
}

fn refused_as_foreign(answer: &Answer, host: &str) {
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{host}: {}", answer.text);
    assert_eq!(answer.error_type_header, "AccessDeniedException", "{host}");
    let message = answer.json()["message"].as_str().unwrap().to_owned();
    assert!(message.contains(host), "{message}");
}

#[tokio::test]
async fn a_foreign_host_is_refused_even_with_the_key() {
    let (server, key) = private().await;
    let url = server.url();
    let port = server.local_addr().port();
    let body = converse_body();
    for host in [
        format!("evil.example:{port}"),
        "evil.example".to_owned(),
        format!("localhost:{port}"),
    ] {
        // DNS rebinding: the page's own name, now pointing at 127.0.0.1. It cannot sign; a signature would not help.
        let unsigned = vec![
            ("content-type".to_owned(), "text/plain".to_owned()),
            ("host".to_owned(), host.clone()),
        ];
        refused_as_foreign(&post(&url, CONVERSE, &unsigned, &body, false).await, &host);
        let signed = signed_for(
            &format!("{url}{CONVERSE}"),
            &host,
            "bedrock",
            &key,
            &body,
            &json_headers(),
        );
        refused_as_foreign(&post(&url, CONVERSE, &signed, &body, false).await, &host);
    }

    // HTTP/2: the host is named in `:authority`.
    let stream = tokio::net::TcpStream::connect(server.local_addr()).await.unwrap();
    let (mut sender, connection) =
        hyper::client::conn::http2::handshake(TokioExecutor::new(), TokioIo::new(stream))
            .await
            .unwrap();
    tokio::spawn(connection);
    let request = hyper::Request::post(format!("http://evil.example:{port}{CONVERSE}"))
        .header("content-type", "text/plain")
        .body(Full::new(Bytes::from(body.clone())))
        .unwrap();
    let response = sender.send_request(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(response.headers()["x-amzn-errortype"], "AccessDeniedException");
    let text = response.into_body().collect().await.unwrap().to_bytes();
    assert!(String::from_utf8_lossy(&text).contains("evil.example"));
    server.shutdown().await;
}

#[tokio::test]
async fn without_the_option_any_host_is_answered() {
    // The standalone server's documented behaviour: any Host (and, with no credentials, any caller).
    let server = BedrockLocal::start(Config::default()).await.unwrap();
    let headers = vec![
        ("content-type".to_owned(), "application/json".to_owned()),
        ("host".to_owned(), "evil.example".to_owned()),
    ];
    let answer = post(&server.url(), CONVERSE, &headers, &converse_body(), false).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    server.shutdown().await;
}
