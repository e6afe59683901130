//! The session database against a temporary file: titles, runs, migrations from older schemas.

#![allow(clippy::unwrap_used)]

use outcrop_core::cache_tracker::Prediction;
use outcrop_core::conversation::{ContentItem, DocumentFormat, Message, Role};

use rusqlite::{Connection, params};

use super::schema::{LEGACY_UNTITLED, MIGRATIONS};
use super::sessions::SessionStore;
use super::types::{RunKind, SessionRun, TitleSource};
use crate::playground::types::{Draft, Latency, TurnRecord, TurnStatus};
use outcrop_core::ErrorCode;
use outcrop_core::conversation::{Api, Conversation};

pub(super) fn asking(question: &str) -> Draft {
    Draft {
        conversation: Conversation {
            messages: vec![Message {
                role: Role::User,
                content: vec![ContentItem::Text {
                    text: question.into(),
                }],
            }],
            ..Conversation::default()
        },
        model_choice: "us.anthropic.claude-3-7-sonnet-20250219-v1:0".into(),
        api: Api::Converse,
    }
}

pub(super) fn turn(session_id: &str, request: &Conversation) -> TurnRecord {
    TurnRecord {
        id: 0,
        session_id: session_id.into(),
        seq: 0,
        status: TurnStatus::Running,
        started_at_ms: 1_000,
        model_choice: "us.anthropic.claude-3-7-sonnet-20250219-v1:0".into(),
        invoke_id: "us.anthropic.claude-3-7-sonnet-20250219-v1:0".into(),
        foundation_model_id: None,
        region: "us-east-1".into(),
        api: Api::Converse,
        messages_endpoint: None,
        request: request.clone(),
        reply: Vec::new(),
        stop_reason: None,
        error: None,
        usage: None,
        prices: None,
        billing: None,
        service_tier: None,
        cost: None,
        prediction: Prediction {
            read_tokens: 0,
            read_boundary: None,
            write5m_tokens: 0,
            write1h_tokens: 0,
            uncached_tokens: 0,
            points: Vec::new(),
            misses: Vec::new(),
            estimated: true,
        },
        reconciliation: None,
        latency: Latency::default(),
        attempts: 1,
    }
}

pub(super) fn store() -> (tempfile::TempDir, SessionStore) {
    let dir = tempfile::tempdir().unwrap();
    let store = SessionStore::open(&dir.path().join("playground.sqlite3")).unwrap();
    (dir, store)
}

fn titles(store: &SessionStore, query: &str) -> Vec<String> {
    store.list(query).unwrap().into_iter().map(|s| s.title).collect()
}

fn run(id: &str, kind: RunKind, label: &str) -> SessionRun {
    SessionRun {
        id: id.into(),
        kind,
        label: label.into(),
    }
}

#[test]
fn a_session_is_named_after_its_first_question_until_the_first_send() {
    let (_dir, store) = store();
    store.create("s1", "", None, &asking(""), 1).unwrap();
    assert_eq!(
        store.title("s1").unwrap(),
        "",
        "no question yet: the UI words Untitled"
    );
    assert_eq!(store.title_source("s1").unwrap(), TitleSource::Auto);

    // The title follows the draft while nothing has been sent.
    assert_eq!(
        store
            .save_draft("s1", &asking("  What is   alpha?\nMore detail"), 2)
            .unwrap(),
        "What is alpha?"
    );
    assert_eq!(
        store.save_draft("s1", &asking("What is beta?"), 3).unwrap(),
        "What is beta?"
    );
    // The first turn sent fixes it: later drafts (the conversation goes on) do not rename the session.
    let sent = asking("What is beta, exactly?");
    store.begin_turn(&turn("s1", &sent.conversation)).unwrap();
    assert_eq!(store.title("s1").unwrap(), "What is beta, exactly?");
    let mut later = sent.clone();
    later.conversation.messages[0].content = vec![ContentItem::Text {
        text: "Edited afterwards".into(),
    }];
    assert_eq!(
        store.save_draft("s1", &later, 4).unwrap(),
        "What is beta, exactly?"
    );

    // A draft holding only a document is named after it.
    let mut document = asking("");
    document.conversation.messages[0].content.insert(
        0,
        ContentItem::Document {
            name: "field-guide".into(),
            format: DocumentFormat::Md,
            text: "# Field guide".into(),
        },
    );
    store.create("s2", "", None, &document, 5).unwrap();
    assert_eq!(store.title("s2").unwrap(), "field-guide");
}

#[test]
fn a_title_the_person_gave_is_never_replaced() {
    let (_dir, store) = store();
    store
        .create("given", "Handbook", None, &asking("What is alpha?"), 1)
        .unwrap();
    assert_eq!(store.title_source("given").unwrap(), TitleSource::User);
    assert_eq!(
        store.save_draft("given", &asking("Other"), 2).unwrap(),
        "Handbook"
    );

    store
        .create("renamed", "", None, &asking("What is alpha?"), 3)
        .unwrap();
    store.rename("renamed", "My questions").unwrap();
    assert_eq!(
        store.save_draft("renamed", &asking("What is gamma?"), 4).unwrap(),
        "My questions"
    );
    let draft = asking("What is gamma?");
    store.begin_turn(&turn("renamed", &draft.conversation)).unwrap();
    assert_eq!(store.title("renamed").unwrap(), "My questions");
    assert_eq!(store.title_source("renamed").unwrap(), TitleSource::User);
}

#[test]
fn a_run_is_found_whole_through_any_of_its_sessions_and_deleted_together() {
    let (_dir, store) = store();
    let question = asking("Which river is longest?");
    for (i, target) in ["amazon.nova-pro-v1:0", "us.amazon.nova-pro-v1:0"]
        .iter()
        .enumerate()
    {
        let r = run("c1", RunKind::Compare, target);
        store
            .create(&format!("c1-{i}"), "", Some(&r), &question, 10 + i as u64)
            .unwrap();
    }
    store
        .create("plain", "", None, &asking("Something else"), 20)
        .unwrap();

    let all = store.list("").unwrap();
    assert_eq!(all.len(), 3);
    let members: Vec<_> = all.iter().filter(|s| s.run.is_some()).collect();
    assert_eq!(members.len(), 2);
    assert!(members.iter().all(|s| s.title == "Which river is longest?"));
    assert_eq!(
        members[0].run.as_ref().unwrap(),
        &run("c1", RunKind::Compare, "us.amazon.nova-pro-v1:0")
    );

    // "us.amazon" matches one column's label; its run comes back whole.
    let found = store.list("us.amazon").unwrap();
    assert_eq!(
        found.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(),
        ["c1-1", "c1-0"]
    );
    // A LIKE wildcard typed by the person is a plain character.
    assert!(store.list("river_").unwrap().is_empty());
    assert!(store.list("%").unwrap().is_empty());

    let (kind, order) = store.run_members("c1").unwrap();
    assert_eq!(kind, RunKind::Compare);
    assert_eq!(
        order.iter().map(|m| m.label.as_str()).collect::<Vec<_>>(),
        ["amazon.nova-pro-v1:0", "us.amazon.nova-pro-v1:0"]
    );

    let draft = asking("Which river is longest?");
    store.begin_turn(&turn("c1-0", &draft.conversation)).unwrap();
    let mut deleted = store.delete_run("c1").unwrap();
    deleted.sort();
    assert_eq!(deleted, ["c1-0", "c1-1"]);
    assert_eq!(titles(&store, ""), ["Something else"]);
    assert!(store.turns("c1-0").unwrap().is_empty(), "the turns went with it");
    assert_eq!(store.delete_run("c1").unwrap_err().code, ErrorCode::NotFound);
}

/// The schema and the rows an Outcrop before titles and runs wrote, exactly as it wrote them.
pub(super) const OLD_SCHEMA: &str = "
    CREATE TABLE IF NOT EXISTS sessions (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        created_at_ms INTEGER NOT NULL,
        updated_at_ms INTEGER NOT NULL,
        draft_json TEXT NOT NULL,
        tracker_json TEXT NOT NULL DEFAULT '{}'
    );
    CREATE TABLE IF NOT EXISTS turns (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        status TEXT NOT NULL,
        started_at_ms INTEGER NOT NULL,
        record_json TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS turns_by_session ON turns(session_id, seq);
";

#[test]
fn a_database_from_before_titles_and_runs_opens_and_keeps_everything() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("playground.sqlite3");
    {
        let db = Connection::open(&path).unwrap();
        db.execute_batch("PRAGMA journal_mode = WAL;").unwrap();
        db.execute_batch(OLD_SCHEMA).unwrap();
        let insert = |id: &str, title: &str, draft: &Draft, at: i64| {
            db.execute(
                "INSERT INTO sessions (id, title, created_at_ms, updated_at_ms, draft_json) VALUES (?1, ?2, ?3, ?3, ?4)",
                params![id, title, at, serde_json::to_string(draft).unwrap()],
            )
            .unwrap();
        };
        // Untitled with a turn: named after the question it sent (not the draft edited since).
        let sent = asking("What is alpha?");
        insert("untitled", LEGACY_UNTITLED, &asking("Edited since"), 1);
        let mut record = turn("untitled", &sent.conversation);
        record.status = TurnStatus::Complete;
        db.execute(
            "INSERT INTO turns (session_id, seq, status, started_at_ms, record_json) VALUES ('untitled', 1, 'complete', 1, ?1)",
            params![serde_json::to_string(&record).unwrap()],
        )
        .unwrap();
        insert("empty", LEGACY_UNTITLED, &asking(""), 2);
        insert("named", "Handbook questions", &asking("What is beta?"), 3);
        // A bake-off and a Compare run as the old code made them, their markers in the prompt.
        for (id, placement) in [("b-none", "no cache points"), ("b-doc", "per document")] {
            let mut draft = asking("Where is the river?");
            draft.conversation.system = vec![outcrop_core::conversation::SystemItem::Text {
                text: format!("[Outcrop bake-off 18f2a · {placement}]\nAnswer briefly"),
            }];
            insert(id, &format!("Bake-off · {placement}"), &draft, 4);
        }
        let mut compare = asking("Which is cheaper?");
        compare.conversation.system = vec![outcrop_core::conversation::SystemItem::Text {
            text: "[Outcrop compare m3k9x · column 1]\nBe brief".into(),
        }];
        insert("c-one", "Compare · amazon.nova-pro-v1:0", &compare, 5);
        // Compare without isolated caches left no marker: it stays a session of its own.
        insert(
            "c-bare",
            "Compare · us.amazon.nova-pro-v1:0",
            &asking("Which is cheaper?"),
            6,
        );
    }

    let store = SessionStore::open(&path).unwrap();
    let by_id = |id: &str| store.list("").unwrap().into_iter().find(|s| s.id == id).unwrap();
    let untitled = by_id("untitled");
    assert_eq!(untitled.title, "What is alpha?");
    assert_eq!(untitled.title_source, TitleSource::Auto);
    assert_eq!(untitled.turns, 1);
    assert_eq!(store.turns("untitled").unwrap()[0].request, sent_conversation());
    assert_eq!(by_id("empty").title, "");
    let named = by_id("named");
    assert_eq!(
        (named.title.as_str(), named.title_source),
        ("Handbook questions", TitleSource::User)
    );
    assert_eq!(named.run, None);

    let none = by_id("b-none");
    assert_eq!(none.title, "Where is the river?");
    assert_eq!(none.run, Some(run("b18f2a", RunKind::Bakeoff, "noCache")));
    assert_eq!(
        by_id("b-doc").run,
        Some(run("b18f2a", RunKind::Bakeoff, "perDocument"))
    );
    // A label kept before there was a transport choice names no transport: the run used its draft's.
    assert_eq!(
        super::types::parse_bakeoff_label("perDocument"),
        Some((outcrop_core::bakeoff::Placement::PerDocument, None))
    );
    assert_eq!(
        super::types::parse_bakeoff_label("perDocument/messages"),
        Some((outcrop_core::bakeoff::Placement::PerDocument, Some(Api::Messages)))
    );
    assert_eq!(super::types::parse_bakeoff_label("perDocument/smoke"), None);
    assert_eq!(
        by_id("c-one").run,
        Some(run("cm3k9x", RunKind::Compare, "amazon.nova-pro-v1:0"))
    );
    let bare = by_id("c-bare");
    assert_eq!(
        (bare.title.as_str(), bare.run),
        ("Compare · us.amazon.nova-pro-v1:0", None)
    );

    // The migrated database works as a new one: the empty session takes its first question.
    assert_eq!(
        store.save_draft("empty", &asking("Now a question"), 9).unwrap(),
        "Now a question"
    );
    drop(store);
    // Opening again applies nothing twice.
    let store = SessionStore::open(&path).unwrap();
    assert_eq!(store.list("").unwrap().len(), 7);
    let version: i64 = store
        .db()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, MIGRATIONS.len() as i64);
}

fn sent_conversation() -> Conversation {
    asking("What is alpha?").conversation
}

#[test]
fn a_database_from_a_newer_outcrop_is_refused_with_why() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("playground.sqlite3");
    Connection::open(&path)
        .unwrap()
        .execute_batch("PRAGMA user_version = 99;")
        .unwrap();
    let error = SessionStore::open(&path).unwrap_err();
    assert!(error.message.contains("newer Outcrop"), "{}", error.message);
}

#[test]
fn measured_floors_are_kept_replaced_per_route_and_deleted() {
    use outcrop_core::floor_probe::{ProbeRequestLog, ProbeUsage};
    use outcrop_core::model_facts::MeasuredFloor;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("playground.sqlite3");
    let store = SessionStore::open(&path).unwrap();
    let floor = MeasuredFloor {
        tokens: 2048,
        not_at: Some(1536),
        model_id: "anthropic.claude-sonnet-4-6".into(),
        invoked_id: "us.anthropic.claude-sonnet-4-6".into(),
        region: "us-east-1".into(),
        measured_on: "2026-12-02".into(),
        requests: 3,
    };
    let log = vec![ProbeRequestLog {
        candidate: 2048,
        tokens: 2048,
        repeat: false,
        usage: ProbeUsage {
            input_tokens: 7,
            cache_read_input_tokens: 0,
            cache_write_input_tokens: 2048,
        },
    }];
    let first = store.save_floor_probe(&floor, 10, &log).unwrap();
    let other_region = MeasuredFloor {
        region: "eu-west-1".into(),
        invoked_id: "eu.anthropic.claude-sonnet-4-6".into(),
        ..floor.clone()
    };
    store.save_floor_probe(&other_region, 20, &log).unwrap();
    let rerun = MeasuredFloor {
        tokens: 1024,
        not_at: Some(1000),
        ..floor.clone()
    };
    let second = store.save_floor_probe(&rerun, 30, &log).unwrap();
    assert_ne!(first.id, second.id);
    drop(store);
    // Kept across a reopen, oldest first; the re-run replaced its route's row.
    let store = SessionStore::open(&path).unwrap();
    let kept = store.floor_probes().unwrap();
    assert_eq!(
        kept.iter()
            .map(|k| (k.floor.region.as_str(), k.floor.tokens))
            .collect::<Vec<_>>(),
        vec![("eu-west-1", 2048), ("us-east-1", 1024)]
    );
    assert_eq!(kept[1].requests, log);
    store.delete_floor_probe(second.id).unwrap();
    assert_eq!(store.floor_probes().unwrap().len(), 1);
    assert_eq!(
        store.delete_floor_probe(second.id).unwrap_err().code,
        ErrorCode::NotFound
    );
}

#[test]
fn a_turn_that_will_not_decode_is_named_damaged_and_the_rest_of_the_session_opens() {
    let (dir, store) = store();
    let draft = asking("What is alpha?");
    store.create("s", "", None, &draft, 1).unwrap();
    for _ in 0..3 {
        store.begin_turn(&turn("s", &draft.conversation)).unwrap();
    }
    drop(store);
    // The second turn's record is damaged on disk (a crash mid-write, a bad edit, a newer field's shape).
    let db = Connection::open(dir.path().join("playground.sqlite3")).unwrap();
    db.execute(
        "UPDATE turns SET record_json = '{\"seq\": \"not a turn' WHERE seq = 2",
        [],
    )
    .unwrap();
    drop(db);
    let store = SessionStore::open(&dir.path().join("playground.sqlite3")).unwrap();
    let (turns, damaged) = store.turns_checked("s").unwrap();
    assert_eq!(turns.iter().map(|t| t.seq).collect::<Vec<_>>(), [1, 3]);
    assert_eq!(damaged.len(), 1);
    assert_eq!(damaged[0].seq, 2);
    assert!(damaged[0].error.contains("line 1"), "{:?}", damaged[0]);
    assert_eq!(store.turns("s").unwrap().len(), 2, "every reader skips it");
    assert_eq!(store.list("").unwrap().len(), 1, "the session list still opens");
}
