//! A connection that goes silent: a server that takes the request and never answers ends a streamed turn and a
//! CountTokens with a network error saying it timed out, instead of hanging them; a newer count supersedes the
//! one in flight, whose request is dropped; Stop ends a turn still waiting for its credentials and catalogue.

#![allow(clippy::unwrap_used)] // a test fails loudly; helpers included

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use bedrock_local::{BedrockLocal, Config};
use outcrop_bedrock::Timeouts;
use outcrop_bedrock::playground::{Api, Backoff, Draft, PlaygroundService, SystemClock, Target, TurnStatus};
use outcrop_core::ErrorCode;
use outcrop_core::conversation::{ContentItem, Conversation, Message, Role};

mod support;

const REGION: &str = "us-east-1";
const SONNET_37_PROFILE: &str = "us.anthropic.claude-3-7-sonnet-20250219-v1:0";
const OPUS_47_PROFILE: &str = "us.anthropic.claude-opus-4-7";

/// Short enough for a test, the same kind of bound the app's defaults are.
const SHORT: Timeouts = Timeouts {
    connect: Duration::from_secs(2),
    read: Duration::from_millis(400),
    operation: Duration::from_millis(600),
};

/// A server that accepts, reads the request and never answers: a half-open connection as the client sees it.
/// Counts the connections it holds open, and those the client has closed.
struct SilentServer {
    url: String,
    accepted: Arc<AtomicUsize>,
    closed: Arc<AtomicUsize>,
}

async fn silent_server() -> SilentServer {
    use tokio::io::AsyncReadExt;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let accepted = Arc::new(AtomicUsize::new(0));
    let closed = Arc::new(AtomicUsize::new(0));
    let (a, c) = (Arc::clone(&accepted), Arc::clone(&closed));
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            a.fetch_add(1, Ordering::SeqCst);
            let c = Arc::clone(&c);
            tokio::spawn(async move {
                let mut buffer = vec![0u8; 1 << 16];
                // Read whatever comes, answer nothing; a read of 0 (or an error) is the client hanging up.
                while socket.read(&mut buffer).await.is_ok_and(|n| n > 0) {}
                c.fetch_add(1, Ordering::SeqCst);
            });
        }
    });
    SilentServer {
        url,
        accepted,
        closed,
    }
}

/// A playground, and the target a choice resolves to in bedrock-local's catalogue.
async fn playground(choice: &str) -> (PlaygroundService, Target, BedrockLocal, tempfile::TempDir) {
    let server = BedrockLocal::start(Config {
        region: REGION.into(),
        ..Config::default()
    })
    .await
    .unwrap();
    let bedrock = support::example_keys_to(server.url(), REGION).bedrock().await;
    let catalog = outcrop_bedrock::profiles::catalog(&bedrock, REGION)
        .await
        .unwrap();
    let target = Target {
        resolution: catalog.resolve(choice).unwrap(),
        region: REGION.into(),
        messages_endpoint: outcrop_core::MessagesEndpoint::Runtime,
    };
    let dir = tempfile::tempdir().unwrap();
    let service = PlaygroundService::open(dir.path(), Arc::new(SystemClock), Backoff::default()).unwrap();
    (service, target, server, dir)
}

fn question(text: &str) -> Conversation {
    Conversation {
        messages: vec![Message {
            role: Role::User,
            content: vec![ContentItem::Text { text: text.into() }],
        }],
        ..Conversation::default()
    }
}

#[tokio::test]
async fn a_silent_connection_ends_converse_and_messages_turns_as_failed_with_a_timeout() {
    for (choice, api) in [
        (SONNET_37_PROFILE, Api::Converse),
        (OPUS_47_PROFILE, Api::Messages),
    ] {
        let (service, target, _server, _dir) = playground(choice).await;
        let silent = silent_server().await;
        let runtime = support::example_keys_to(silent.url.clone(), REGION)
            .runtime_with(SHORT)
            .await;
        let draft = Draft {
            conversation: question("Is anyone there"),
            model_choice: choice.into(),
            api,
        };
        let session = service.create_session("silence", draft.clone(), None).unwrap();
        let turn = tokio::time::timeout(
            Duration::from_secs(20),
            service.send(&runtime, &session.id, &draft, &target, &|_| {}),
        )
        .await
        .unwrap_or_else(|_| panic!("{api:?}: the turn hung on a silent connection"))
        .unwrap();
        assert_eq!(turn.status, TurnStatus::Failed, "{api:?}");
        let error = turn.error.unwrap();
        assert_eq!(error.code, ErrorCode::Network, "{api:?}: {error:?}");
        assert!(error.message.contains("timed out"), "{api:?}: {error:?}");
        assert!(
            silent.accepted.load(Ordering::SeqCst) >= 1,
            "{api:?}: the request reached the server"
        );
    }
}

/// A proxy to `upstream` that passes the request on whole, and the answer only until its first bytes after the
/// head: then it stops reading from upstream and holds the connection open, saying nothing more — a connection
/// that goes half-open in the middle of a streamed answer.
async fn stalling_proxy(upstream: String) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let upstream = upstream.trim_start_matches("http://").to_owned();
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            let upstream = upstream.clone();
            tokio::spawn(async move {
                let server = tokio::net::TcpStream::connect(&upstream).await.unwrap();
                let (mut client_read, mut client_write) = client.into_split();
                let (mut server_read, mut server_write) = server.into_split();
                tokio::spawn(async move { tokio::io::copy(&mut client_read, &mut server_write).await });
                let mut seen = Vec::new();
                let mut buffer = vec![0u8; 1 << 16];
                loop {
                    let n = server_read.read(&mut buffer).await.unwrap_or(0);
                    if n == 0 {
                        return;
                    }
                    client_write.write_all(&buffer[..n]).await.unwrap();
                    seen.extend_from_slice(&buffer[..n]);
                    let head_end = seen.windows(4).position(|w| w == b"\r\n\r\n");
                    if head_end.is_some_and(|end| seen.len() > end + 4) {
                        break;
                    }
                }
                // Silence, with the connection open.
                std::future::pending::<()>().await;
                drop((client_write, server_read));
            });
        }
    });
    url
}

#[tokio::test]
async fn a_connection_that_goes_silent_mid_stream_ends_the_turn_with_a_timeout() {
    for (choice, api) in [
        (SONNET_37_PROFILE, Api::Converse),
        (OPUS_47_PROFILE, Api::Messages),
    ] {
        let (service, target, _server, _dir) = playground(choice).await;
        // A server that writes its answer slowly, a token every 100 ms, so the stream is still going when the
        // proxy stops passing it on.
        let slow = BedrockLocal::start(Config {
            region: REGION.into(),
            latency: bedrock_local::LatencyModel {
                scale: 1.0,
                base_ms: 0.0,
                per_input_token_us: 0.0,
                per_cached_token_us: 0.0,
                per_output_token_ms: 100.0,
            },
            ..Config::default()
        })
        .await
        .unwrap();
        let proxy = stalling_proxy(slow.url()).await;
        let runtime = support::example_keys_to(proxy, REGION).runtime_with(SHORT).await;
        let draft = Draft {
            conversation: question("Tell me a long story"),
            model_choice: choice.into(),
            api,
        };
        let session = service.create_session("stall", draft.clone(), None).unwrap();
        let turn = tokio::time::timeout(
            Duration::from_secs(20),
            service.send(&runtime, &session.id, &draft, &target, &|_| {}),
        )
        .await
        .unwrap_or_else(|_| panic!("{api:?}: the turn hung on a connection gone silent"))
        .unwrap();
        assert_eq!(turn.status, TurnStatus::Failed, "{api:?}: {:?}", turn.error);
        let error = turn.error.unwrap();
        assert_eq!(error.code, ErrorCode::Network, "{api:?}: {error:?}");
        assert!(error.message.contains("timed out"), "{api:?}: {error:?}");
        slow.shutdown().await;
    }
}

#[tokio::test]
async fn a_silent_connection_ends_count_tokens_with_a_timeout() {
    // Sonnet 3.7 is counted by bedrock-runtime's CountTokens, Opus 4.7 by bedrock-mantle's count_tokens.
    for (choice, operation) in [
        (SONNET_37_PROFILE, "CountTokens"),
        (OPUS_47_PROFILE, "bedrock-mantle count_tokens"),
    ] {
        let (service, target, _server, _dir) = playground(choice).await;
        let silent = silent_server().await;
        let runtime = support::example_keys_to(silent.url.clone(), REGION)
            .runtime_with(SHORT)
            .await;
        let error = tokio::time::timeout(
            Duration::from_secs(20),
            service.count_tokens(&runtime, &question("How many"), Api::Converse, &target),
        )
        .await
        .unwrap_or_else(|_| panic!("{choice}: the count hung on a silent connection"))
        .unwrap_err();
        assert_eq!(error.code, ErrorCode::Network, "{choice}: {error:?}");
        assert!(error.message.contains("timed out"), "{choice}: {error:?}");
        assert!(error.detail.starts_with(operation), "{choice}: {error:?}");
        assert!(
            silent.accepted.load(Ordering::SeqCst) >= 1,
            "{choice}: the request reached the server"
        );
    }
}

#[tokio::test]
async fn a_newer_count_supersedes_the_one_in_flight_and_drops_its_request() {
    let (service, target, _server, _dir) = playground(SONNET_37_PROFILE).await;
    let silent = silent_server().await;
    // Long timeouts: only the newer count may end the first.
    let runtime = support::example_keys_to(silent.url.clone(), REGION)
        .runtime_with(Timeouts::default())
        .await;
    let service = Arc::new(service);
    let first = tokio::spawn({
        let (service, runtime, target) = (Arc::clone(&service), runtime.clone(), target.clone());
        async move {
            service
                .count_tokens_latest(Some("s1"), &runtime, &question("First"), Api::Converse, &target)
                .await
        }
    });
    // The first count's request is open at the server before the second starts.
    while silent.accepted.load(Ordering::SeqCst) == 0 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let second = tokio::spawn({
        let (service, runtime, target) = (Arc::clone(&service), runtime.clone(), target.clone());
        async move {
            service
                .count_tokens_latest(Some("s1"), &runtime, &question("Second"), Api::Converse, &target)
                .await
        }
    });
    let superseded = tokio::time::timeout(Duration::from_secs(10), first)
        .await
        .expect("the first count went on after a newer one started")
        .unwrap()
        .unwrap();
    assert!(superseded.superseded, "{superseded:?}");
    // Its connection is closed, not left open behind the newer count.
    let closed = async {
        while silent.closed.load(Ordering::SeqCst) == 0 {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    };
    tokio::time::timeout(Duration::from_secs(10), closed)
        .await
        .expect("the superseded count kept its request open");
    assert!(!second.is_finished(), "the newer count still runs");
    // A count of another session is not superseded by it.
    let other = tokio::time::timeout(
        Duration::from_millis(300),
        service.count_tokens_latest(Some("s2"), &runtime, &question("Other"), Api::Converse, &target),
    )
    .await;
    assert!(other.is_err(), "the other session's count runs on: {other:?}");
    assert!(
        !second.is_finished(),
        "a count of another session leaves this one running"
    );
    second.abort();
}

#[tokio::test]
async fn stop_ends_a_turn_still_loading_its_credentials_and_catalogue() {
    let (service, _target, _server, _dir) = playground(SONNET_37_PROFILE).await;
    let draft = Draft {
        conversation: question("Wait"),
        model_choice: SONNET_37_PROFILE.into(),
        api: Api::Converse,
    };
    let session = service.create_session("stop", draft, None).unwrap();
    let reservation = service.reserve_turn(&session.id).unwrap();
    // Loading that would never end (a credential_process or a catalogue behind a silent connection).
    let loading = reservation.unless_stopped(std::future::pending::<()>());
    let stop = async {
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(service.cancel(&session.id), "Stop finds the reserved turn");
    };
    let (stopped, ()) = tokio::time::timeout(Duration::from_secs(10), async { tokio::join!(loading, stop) })
        .await
        .expect("Stop did not end the loading");
    let error = stopped.unwrap_err();
    assert_eq!(error.code, ErrorCode::Conflict, "{error:?}");
    drop(reservation);
    assert!(
        service.reserve_turn(&session.id).is_ok(),
        "the session is free again"
    );
}
