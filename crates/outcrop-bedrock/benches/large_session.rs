//! A large session: 200 turns over a 2 MB document. How long the session view takes to open (its latest page
//! of turns with every turn's totals) and the session list to search it, and the database's size — side by
//! side with the layout before turns were stored as deltas (every request whole, read whole, searched with
//! `LIKE` over every record), written into its own database in the same run.
//!
//! `cargo bench -p outcrop-bedrock --bench large_session` (or `cargo xtask bench`).

#![allow(clippy::print_stdout, clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use outcrop_bedrock::playground::{Backoff, PlaygroundService, SystemClock, TurnRecord};
use rusqlite::{Connection, params};

#[path = "fixtures/large_session.rs"]
mod fixture;
use fixture::{DOCUMENT_BYTES, TURNS, conversation, draft, write_current};

const ROUNDS: usize = 15;
const OLD_ROUNDS: usize = 5;

/// The same session in the layout before: every turn row holding its whole record and request.
fn write_old(path: &Path, turns: &[TurnRecord]) -> Connection {
    let db = Connection::open(path).unwrap();
    db.execute_batch(
        "PRAGMA journal_mode = WAL;
         CREATE TABLE sessions (id TEXT PRIMARY KEY, title TEXT NOT NULL, draft_json TEXT NOT NULL, run_label TEXT);
         CREATE TABLE turns (id INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT NOT NULL, seq INTEGER NOT NULL,
                             record_json TEXT NOT NULL);
         CREATE INDEX turns_by_session ON turns(session_id, seq);",
    )
    .unwrap();
    db.execute(
        "INSERT INTO sessions (id, title, draft_json) VALUES ('large', 'Field guide', ?1)",
        params![serde_json::to_string(&draft(turns)).unwrap()],
    )
    .unwrap();
    for (i, turn) in turns.iter().enumerate() {
        db.execute(
            "INSERT INTO turns (session_id, seq, record_json) VALUES ('large', ?1, ?2)",
            params![i as i64 + 1, serde_json::to_string(turn).unwrap()],
        )
        .unwrap();
    }
    db
}

/// The old session view: every turn read and decoded whole, all held at once as the session view held them.
fn open_old(db: &Connection) -> Vec<TurnRecord> {
    let mut statement = db
        .prepare("SELECT record_json FROM turns WHERE session_id = 'large' ORDER BY seq")
        .unwrap();
    statement
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(|json| serde_json::from_str::<TurnRecord>(&json.unwrap()).unwrap())
        .collect()
}

/// The old search: `LIKE` over titles, drafts and every turn's whole record.
fn search_old(db: &Connection, query: &str) -> usize {
    db.query_row(
        "SELECT COUNT(*) FROM sessions s WHERE s.title LIKE ?1 OR s.draft_json LIKE ?1
            OR EXISTS (SELECT 1 FROM turns t WHERE t.session_id = s.id AND t.record_json LIKE ?1)",
        params![format!("%{query}%")],
        |r| r.get::<_, i64>(0),
    )
    .unwrap() as usize
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn time<T>(rounds: usize, mut work: impl FnMut() -> T) -> Duration {
    median(
        (0..rounds)
            .map(|_| {
                let start = Instant::now();
                std::hint::black_box(work());
                start.elapsed()
            })
            .collect(),
    )
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn database_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok()?.metadata().ok())
        .map(|m| m.len())
        .sum()
}

fn main() {
    let turns = conversation();
    let dir = tempfile::tempdir().unwrap();
    write_current(dir.path(), &turns);
    let service = PlaygroundService::open(dir.path(), Arc::new(SystemClock), Backoff::default()).unwrap();
    // The word is in the last answer only.
    let word = format!("outcrop{}", TURNS - 1);
    let session = service.session(fixture::SESSION_ID).unwrap();
    assert_eq!(session.totals.turns as usize, TURNS);
    assert_eq!(session.turns.last().unwrap().request, turns[TURNS - 1].request);
    assert_eq!(service.list_sessions(&word).unwrap().len(), 1);
    let open = time(ROUNDS, || service.session(fixture::SESSION_ID).unwrap());
    let search = time(ROUNDS, || service.list_sessions(&word).unwrap());
    let size = database_bytes(dir.path());

    let old_dir = tempfile::tempdir().unwrap();
    let old = write_old(&old_dir.path().join("old.sqlite3"), &turns);
    assert_eq!(search_old(&old, &word), 1);
    let old_open = time(OLD_ROUNDS, || open_old(&old));
    let old_search = time(OLD_ROUNDS, || search_old(&old, &word));
    let old_size = database_bytes(old_dir.path());

    println!(
        "Large session: {TURNS} turns over a {:.1} MB document (medians of {ROUNDS} rounds; the old layout {OLD_ROUNDS})",
        DOCUMENT_BYTES as f64 / 1e6
    );
    println!("  {:<40} {:>12} {:>12} {:>8}", "", "now", "before", "ratio");
    println!(
        "  {:<40} {:>9.1} ms {:>9.1} ms {:>7.1}×",
        format!("open (latest {} turns, all totals)", session.turns.len()),
        ms(open),
        ms(old_open),
        ms(old_open) / ms(open)
    );
    println!(
        "  {:<40} {:>9.2} ms {:>9.1} ms {:>7.1}×",
        "search a word of the last answer",
        ms(search),
        ms(old_search),
        ms(old_search) / ms(search)
    );
    println!(
        "  {:<40} {:>9.1} MB {:>9.1} MB {:>7.1}×",
        "database on disk",
        size as f64 / 1e6,
        old_size as f64 / 1e6,
        old_size as f64 / size as f64
    );
}
