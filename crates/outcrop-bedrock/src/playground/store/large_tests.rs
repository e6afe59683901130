//! Large sessions against a temporary database: what a turn stores, requests rebuilt exactly, the move from
//! whole requests (schema version 3), damage that follows the turns built on it, search and pages.

#![allow(clippy::unwrap_used)]

use outcrop_core::conversation::{
    ContentItem, Conversation, DocumentFormat, Message, Role, SystemItem, ToolItem,
};
use outcrop_core::pricing::{TurnCost, Usage};
use rusqlite::{Connection, params};

use super::schema::MIGRATIONS;
use super::sessions::SessionStore;
use super::tests::{asking, store, turn};
use crate::playground::types::{TurnRecord, TurnStatus};

fn text(text: &str) -> ContentItem {
    ContentItem::Text { text: text.into() }
}

fn user(content: Vec<ContentItem>) -> Message {
    Message {
        role: Role::User,
        content,
    }
}

/// A document of about `bytes` bytes of prose.
fn document(bytes: usize) -> ContentItem {
    let line = "The field guide describes every river, ridge and outcrop of the valley in detail.\n";
    ContentItem::Document {
        name: "field-guide".into(),
        format: DocumentFormat::Md,
        text: line.repeat(bytes / line.len() + 1),
    }
}

/// A conversation as the playground sends it: the document and a question, then each turn's answer and the
/// next question. `system_from` changes the system prompt from that turn on; `tools_from` adds a tool.
struct Conversing {
    request: Conversation,
    system_from: Option<usize>,
    tools_from: Option<usize>,
}

impl Conversing {
    fn new(document_bytes: usize) -> Self {
        Self {
            request: Conversation {
                system: vec![SystemItem::Text {
                    text: "Answer from the field guide.".into(),
                }],
                messages: vec![user(vec![document(document_bytes), text("What is river 0?")])],
                ..Conversation::default()
            },
            system_from: None,
            tools_from: None,
        }
    }

    /// Sends `turns` turns through the store, each completed with an answer, usage and cost; returns what
    /// each sent and answered.
    fn send(mut self, store: &SessionStore, session: &str, turns: usize) -> Vec<TurnRecord> {
        let mut sent = Vec::new();
        for i in 0..turns {
            if self.system_from == Some(i) {
                self.request.system = vec![
                    SystemItem::Text {
                        text: "Answer from the field guide, in one sentence.".into(),
                    },
                    SystemItem::CachePoint {
                        ttl: outcrop_core::model_facts::CacheTtl::FiveMinutes,
                    },
                ];
            }
            if self.tools_from == Some(i) {
                self.request.tools = vec![ToolItem::Tool {
                    name: "lookup".into(),
                    description: "Looks a river up".into(),
                    input_schema: "{\"type\":\"object\"}".into(),
                }];
            }
            let mut record = turn(session, &self.request);
            (record.id, record.seq) = store.begin_turn(&record).unwrap();
            record.status = TurnStatus::Complete;
            record.reply = vec![text(&format!("River {i} runs past outcrop{i} and the quarry."))];
            record.usage = Some(Usage {
                input_tokens: 10,
                output_tokens: 5,
                ..Usage::default()
            });
            record.cost = Some(TurnCost {
                total: 0.5,
                saved: 0.25,
                ..TurnCost::default()
            });
            store
                .finish_turn(&record, &asking("next"), &Default::default(), 10)
                .unwrap();
            self.request.messages.push(Message {
                role: Role::Assistant,
                content: record.reply.clone(),
            });
            self.request
                .messages
                .push(user(vec![text(&format!("What is river {}?", i + 1))]));
            sent.push(record);
        }
        sent
    }
}

fn stored_bytes(store: &SessionStore, session: &str) -> i64 {
    store
        .db()
        .query_row(
            "SELECT SUM(length(record_json) + COALESCE(length(request_json), 0)) FROM turns WHERE session_id = ?1",
            params![session],
            |r| r.get(0),
        )
        .unwrap()
}

fn document_bytes(turn: &TurnRecord) -> usize {
    match &turn.request.messages[0].content[0] {
        ContentItem::Document { text, .. } => text.len(),
        _ => 0,
    }
}

#[test]
fn fifty_turns_over_a_200_kb_document_store_the_document_once() {
    let (_dir, store) = store();
    store.create("s", "", None, &asking(""), 1).unwrap();
    let sent = Conversing::new(200_000).send(&store, "s", 50);
    let document = document_bytes(&sent[0]);
    let stored = stored_bytes(&store, "s");
    // Whole requests kept the document in every row: about 50 times it.
    assert!(
        (stored as f64) < 2.0 * document as f64,
        "{stored} bytes stored for a {document}-byte document over 50 turns"
    );
    assert_eq!(store.turns("s").unwrap(), sent);
}

#[test]
fn every_request_is_rebuilt_exactly_over_a_2_mb_document_and_a_changed_system_prompt() {
    let (_dir, store) = store();
    store.create("s", "", None, &asking(""), 1).unwrap();
    let conversing = Conversing {
        system_from: Some(4),
        tools_from: Some(7),
        ..Conversing::new(2_000_000)
    };
    let mut sent = conversing.send(&store, "s", 10);
    // The person edits an earlier question and sends again: the request shares less with the turn before.
    let mut edited = sent[9].request.clone();
    edited.messages.truncate(3);
    edited.messages[2] = user(vec![text("What is river 1, really?")]);
    edited.inference.temperature = Some(0.2);
    let mut record = turn("s", &edited);
    (record.id, record.seq) = store.begin_turn(&record).unwrap();
    sent.push(record);
    // A turn after one still running (an interrupted send) builds on its request alone.
    let mut after = edited.clone();
    after.messages.push(user(vec![text("And river 2?")]));
    let mut record = turn("s", &after);
    (record.id, record.seq) = store.begin_turn(&record).unwrap();
    sent.push(record);

    let read = store.turns("s").unwrap();
    assert_eq!(read.len(), sent.len());
    for (read, sent) in read.iter().zip(&sent) {
        assert!(read == sent, "turn {} differs after reading it back", sent.seq);
    }
    assert_ne!(read[3].request.system, read[4].request.system);
    assert!(read[6].request.tools.is_empty() && !read[7].request.tools.is_empty());
    assert!(stored_bytes(&store, "s") < 2 * document_bytes(&sent[0]) as i64 + 100_000);
}

/// Writes a schema-version-3 database (the migrations before this layout), its turns kept whole as before.
fn version_3_database(path: &std::path::Path, turns: &[TurnRecord]) {
    let mut db = Connection::open(path).unwrap();
    for migration in &MIGRATIONS[..3] {
        let tx = db.transaction().unwrap();
        migration(&tx).unwrap();
        tx.commit().unwrap();
    }
    db.pragma_update(None, "user_version", 3).unwrap();
    db.execute(
        "INSERT INTO sessions (id, title, title_source, created_at_ms, updated_at_ms, draft_json)
         VALUES ('s', 'Field guide', 'user', 1, 1, ?1)",
        params![serde_json::to_string(&asking("next")).unwrap()],
    )
    .unwrap();
    for turn in turns {
        db.execute(
            "INSERT INTO turns (session_id, seq, status, started_at_ms, record_json) VALUES ('s', ?1, ?2, 1, ?3)",
            params![turn.seq, turn.status.as_str(), serde_json::to_string(turn).unwrap()],
        )
        .unwrap();
    }
}

#[test]
fn a_version_3_database_keeps_every_turn_identical_and_shrinks() {
    // The turns as today's code wrote them, sent through a store and read back whole.
    let (_scratch, scratch) = store();
    scratch.create("s", "", None, &asking(""), 1).unwrap();
    Conversing {
        system_from: Some(2),
        ..Conversing::new(200_000)
    }
    .send(&scratch, "s", 6);
    let sent = scratch.turns("s").unwrap();

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("playground.sqlite3");
    let mut whole = sent.clone();
    // A row that will not decode stays damaged; the turns after it still open.
    version_3_database(&path, &whole);
    let db = Connection::open(&path).unwrap();
    let before: i64 = db
        .query_row("SELECT SUM(length(record_json)) FROM turns", [], |r| r.get(0))
        .unwrap();
    db.execute("UPDATE turns SET record_json = '{\"seq\": 3' WHERE seq = 3", [])
        .unwrap();
    drop(db);

    let store = SessionStore::open(&path).unwrap();
    let (read, damaged) = store.turns_checked("s").unwrap();
    whole.remove(2);
    assert_eq!(read.len(), whole.len());
    for (read, sent) in read.iter().zip(&whole) {
        assert!(read.request == sent.request, "turn {}'s request", sent.seq);
        assert!(read == sent, "turn {}", sent.seq);
    }
    assert_eq!(damaged.iter().map(|d| d.seq).collect::<Vec<_>>(), [3]);
    let after = stored_bytes(&store, "s");
    // Six whole requests become two: the first, and the first after the damaged row.
    assert!(after * 2 < before, "{before} bytes before, {after} after");
    assert_eq!(
        store.list("outcrop4").unwrap().len(),
        1,
        "the migration indexed the answers"
    );
    let version: i64 = store
        .db()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, MIGRATIONS.len() as i64);

    // The migrated session goes on as a new one: the next turn builds on the last.
    let mut next = sent[5].request.clone();
    next.messages.push(Message {
        role: Role::Assistant,
        content: sent[5].reply.clone(),
    });
    next.messages.push(user(vec![text("And the last river?")]));
    store.begin_turn(&turn("s", &next)).unwrap();
    assert_eq!(store.turns("s").unwrap().last().unwrap().request, next);
}

#[test]
fn a_damaged_request_names_the_turns_built_on_it() {
    let (dir, store) = store();
    store.create("s", "", None, &asking(""), 1).unwrap();
    Conversing::new(1_000).send(&store, "s", 5);
    drop(store);
    let db = Connection::open(dir.path().join("playground.sqlite3")).unwrap();
    db.execute("UPDATE turns SET request_json = '{\"keep\": ' WHERE seq = 2", [])
        .unwrap();
    drop(db);
    let store = SessionStore::open(&dir.path().join("playground.sqlite3")).unwrap();
    let (turns, damaged) = store.turns_checked("s").unwrap();
    assert_eq!(turns.iter().map(|t| t.seq).collect::<Vec<_>>(), [1]);
    assert_eq!(
        damaged.iter().map(|d| (d.seq, d.builds_on)).collect::<Vec<_>>(),
        [(2, None), (3, Some(2)), (4, Some(3)), (5, Some(4))]
    );
    assert!(damaged[0].error.contains("request"), "{:?}", damaged[0]);
    assert!(damaged[1].error.contains("builds on turn 2"), "{:?}", damaged[1]);
    // The totals count what can be read; the next turn sent stands alone and opens.
    let page = store.turn_page("s", None, 50).unwrap();
    assert_eq!(page.totals.turns, 1);
    store
        .begin_turn(&turn("s", &asking("A new start").conversation))
        .unwrap();
    assert_eq!(store.turns("s").unwrap().last().unwrap().seq, 6);
}

#[test]
fn the_index_finds_answers_and_takes_any_characters() {
    let (_dir, store) = store();
    store.create("s", "", None, &asking(""), 1).unwrap();
    Conversing::new(1_000).send(&store, "s", 3);
    store
        .create("other", "川の案内", None, &asking("日本の川"), 2)
        .unwrap();
    let ids = |q: &str| {
        store
            .list(q)
            .unwrap()
            .into_iter()
            .map(|s| s.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(ids("outcrop2"), ["s"], "a word of an answer");
    assert_eq!(ids("QUARRY"), ["s"], "case does not matter");
    assert_eq!(ids("river 2?"), ["s"], "a question");
    assert_eq!(ids("案内"), ["other"], "two characters of Japanese");
    assert_eq!(ids("claude-3-7"), ["s", "other"], "the model");
    assert_eq!(ids("川の案"), ["other"]);
    assert!(ids("river 0\" OR \"x").is_empty());
    for typed in [
        "\"",
        "*",
        "river*",
        "NEAR(a b)",
        "a:b",
        "(",
        "-",
        "^x",
        "'",
        "\\",
        "%",
        "_",
    ] {
        assert!(store.list(typed).is_ok(), "{typed} errs");
    }
    assert!(ids("ridge and outcrop").is_empty(), "documents are not indexed");
    store.rename("s", "Valley notes").unwrap();
    assert_eq!(ids("valley no"), ["s"]);
    store.delete("s").unwrap();
    assert!(ids("outcrop2").is_empty());
    let left: i64 = store
        .db()
        .query_row("SELECT COUNT(*) FROM turn_search", [], |r| r.get(0))
        .unwrap();
    assert_eq!(left, 0, "a deleted session's turns leave the index");
}

#[test]
fn a_session_opens_on_its_latest_turns_and_pages_back() {
    let (_dir, store) = store();
    store.create("s", "", None, &asking(""), 1).unwrap();
    Conversing::new(1_000).send(&store, "s", 120);
    let seqs = |page: &super::TurnPage| page.turns.iter().map(|t| t.seq).collect::<Vec<_>>();
    let latest = store.turn_page("s", None, 50).unwrap();
    assert_eq!(seqs(&latest), (71..=120).collect::<Vec<_>>());
    assert_eq!(latest.earlier, 70);
    assert_eq!(latest.totals.turns, 120, "the totals cover every turn");
    assert!((latest.totals.cost - 60.0).abs() < 1e-9);
    assert_eq!(
        latest.turns[0].request.messages.len(),
        141,
        "a paged turn has its whole request"
    );
    let earlier = store.turn_page("s", Some(71), 50).unwrap();
    assert_eq!(seqs(&earlier), (21..=70).collect::<Vec<_>>());
    assert_eq!(earlier.earlier, 20);
    let first = store.turn_page("s", Some(21), 50).unwrap();
    assert_eq!(seqs(&first), (1..=20).collect::<Vec<_>>());
    assert_eq!(first.earlier, 0);
    assert_eq!(store.list("").unwrap()[0].turns, 120);
}

#[test]
fn an_import_stores_deltas_and_reads_back_the_whole_requests_it_was_given() {
    let (_dir, store) = store();
    store.create("s", "", None, &asking(""), 1).unwrap();
    Conversing {
        system_from: Some(3),
        ..Conversing::new(200_000)
    }
    .send(&store, "s", 8);
    // An export holds every turn whole; importing it keeps them so.
    let exported = store.turns("s").unwrap();
    store
        .import(
            &[super::ImportedSession {
                id: "copy".into(),
                title: "Copy".into(),
                title_source: super::TitleSource::User,
                run: None,
                draft: asking("next"),
                turns: exported.clone(),
            }],
            5,
        )
        .unwrap();
    let imported = store.turns("copy").unwrap();
    assert_eq!(imported.len(), exported.len());
    for (imported, exported) in imported.iter().zip(&exported) {
        assert_eq!(imported.request, exported.request, "turn {}", exported.seq);
        assert_eq!(imported.reply, exported.reply);
        assert_eq!(imported.seq, exported.seq);
    }
    assert!(stored_bytes(&store, "copy") < 2 * document_bytes(&exported[0]) as i64);
    assert_eq!(
        store.list("outcrop7").unwrap().len(),
        2,
        "imported answers are indexed"
    );
}
