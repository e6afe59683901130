//! A process killed mid-stream leaves a readable session database with every completed turn.
//!
//! The test runs itself again as a child process that sends two turns, starts a third and aborts while
//! the answer is streaming; the parent then opens the database the child left behind.

#![allow(clippy::unwrap_used)] // a test fails loudly; helpers included

use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use bedrock_local::{BedrockLocal, Config, LatencyModel};
use outcrop_bedrock::playground::{
    Api, Backoff, Draft, PlaygroundService, SystemClock, Target, TurnEvent, TurnStatus,
};
use outcrop_core::conversation::{ContentItem, Conversation, Message, Role, SystemItem};
use outcrop_core::model_facts::CacheTtl;
use outcrop_core::resolver::{Resolution, ResolutionReason, Route};

mod support;

const CHILD_DIR: &str = "OUTCROP_CRASH_CHILD_DIR";

fn question(text: &str) -> Message {
    Message {
        role: Role::User,
        content: vec![ContentItem::Text { text: text.into() }],
    }
}

/// The child: two turns, then an abort in the middle of the third answer.
#[tokio::test]
async fn child_sends_and_dies_mid_stream() {
    let Ok(dir) = std::env::var(CHILD_DIR) else {
        return; // only meaningful as the parent's child process
    };
    let server = BedrockLocal::start(Config {
        latency: LatencyModel::realistic(1.0),
        ..Config::default()
    })
    .await
    .unwrap();
    let connection = support::example_keys_to(server.url(), "us-east-1");
    let runtime = connection.runtime().await;
    let service =
        PlaygroundService::open(Path::new(&dir), Arc::new(SystemClock), Backoff::default()).unwrap();
    let target = Target {
        resolution: Resolution {
            invoke_id: "us.anthropic.claude-3-7-sonnet-20250219-v1:0".into(),
            foundation_model_id: Some("anthropic.claude-3-7-sonnet-20250219-v1:0".into()),
            route: Route::SystemProfile,
            reason: ResolutionReason::SystemProfile {
                profile_id: "us.anthropic.claude-3-7-sonnet-20250219-v1:0".into(),
                destinations: vec!["us-east-1".into()],
            },
            alternatives: Vec::new(),
        },
        region: "us-east-1".into(),
        messages_endpoint: outcrop_core::MessagesEndpoint::Runtime,
    };
    let mut draft = Draft {
        conversation: Conversation {
            system: vec![
                SystemItem::Text {
                    text: "alpha beta gamma ".repeat(500),
                },
                SystemItem::CachePoint {
                    ttl: CacheTtl::FiveMinutes,
                },
            ],
            messages: vec![question("first")],
            ..Conversation::default()
        },
        model_choice: "us.anthropic.claude-3-7-sonnet-20250219-v1:0".into(),
        api: Api::Converse,
    };
    let session = service.create_session("crash", draft.clone(), None).unwrap();
    for text in ["second", "third"] {
        let turn = service
            .send(&runtime, &session.id, &draft, &target, &|_| {})
            .await
            .unwrap();
        assert_eq!(turn.status, TurnStatus::Complete);
        draft = service.session(&session.id).unwrap().draft;
        draft.conversation.messages.push(question(text));
    }
    let _ = service
        .send(&runtime, &session.id, &draft, &target, &|event| {
            if matches!(event, TurnEvent::TextDelta { .. }) {
                // Killed while the answer streams: no destructor, no flush, no goodbye.
                std::process::abort();
            }
        })
        .await;
    unreachable!("the child aborts mid-stream");
}

#[test]
fn a_process_killed_mid_stream_leaves_every_completed_turn() {
    let dir = tempfile::tempdir().unwrap();
    let status = Command::new(std::env::current_exe().unwrap())
        .args([
            "child_sends_and_dies_mid_stream",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_DIR, dir.path())
        .status()
        .unwrap();
    assert!(!status.success(), "the child was meant to die: {status}");

    let db = rusqlite::Connection::open(dir.path().join("playground.sqlite3")).unwrap();
    let integrity: String = db.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(integrity, "ok");
    drop(db);

    let service = PlaygroundService::open(dir.path(), Arc::new(SystemClock), Backoff::default()).unwrap();
    let sessions = service.list_sessions("").unwrap();
    assert_eq!(sessions.len(), 1);
    let session = service.session(&sessions[0].id).unwrap();
    let statuses: Vec<TurnStatus> = session.turns.iter().map(|t| t.status).collect();
    assert_eq!(
        statuses,
        [
            TurnStatus::Complete,
            TurnStatus::Complete,
            TurnStatus::Interrupted
        ],
        "both completed turns survive; the one cut short says so"
    );
    assert!(session.turns[1].usage.unwrap().cache_read_input_tokens > 0);
    assert!(session.totals.turns == 2 && session.totals.saved > 0.0);
    // The draft is the last one saved: after the second answer, ready for the third question.
    assert_eq!(session.draft.conversation.messages.len(), 4);
}
