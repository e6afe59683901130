//! The schema and its migrations: `PRAGMA user_version` counts the migrations applied; opening a database
//! written by an older Outcrop applies those it lacks, each in its own transaction, and one written by a newer
//! Outcrop is refused.

use outcrop_core::ErrorCode;
use outcrop_core::bakeoff::Placement;
use outcrop_core::conversation::Conversation;
use rusqlite::{Connection, Transaction, params};

use super::chain::{Chain, TurnRow};
use super::errors::storage_error;
use super::request_delta::delta;
use super::search::{self, index_turn, turn_text};
use super::turns::record_json;
use super::types::{RunKind, SessionRun, auto_title, placement_key};
use crate::OutcropError;
use crate::playground::types::{Draft, TurnRecord};

/// The first schema (version 1): sessions and their turns.
const SCHEMA_V1: &str = "
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

/// Version 2: where a title comes from, and the Compare or bake-off run a session belongs to.
const SCHEMA_V2: &str = "
ALTER TABLE sessions ADD COLUMN title_source TEXT NOT NULL DEFAULT 'user';
ALTER TABLE sessions ADD COLUMN run_id TEXT;
ALTER TABLE sessions ADD COLUMN run_kind TEXT;
ALTER TABLE sessions ADD COLUMN run_label TEXT;
CREATE INDEX sessions_by_run ON sessions(run_id) WHERE run_id IS NOT NULL;
";

/// Version 3: the floors the cache-floor probe measured, with every request it made.
const SCHEMA_V3: &str = "
CREATE TABLE floor_probes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    model_id TEXT NOT NULL,
    invoked_id TEXT NOT NULL,
    region TEXT NOT NULL,
    measured_on TEXT NOT NULL,
    measured_at_ms INTEGER NOT NULL,
    tokens INTEGER NOT NULL,
    not_at INTEGER,
    request_count INTEGER NOT NULL,
    requests_json TEXT NOT NULL
);
CREATE INDEX floor_probes_by_route ON floor_probes(model_id, invoked_id, region);
";

/// Version 4: a turn keeps what its request added to the turn before it (`request_json`) and its record
/// without the request; the session list's search index.
const SCHEMA_V4: &str = "ALTER TABLE turns ADD COLUMN request_json TEXT;";

/// The migrations, in order; the database's `user_version` is how many have been applied.
pub(super) const MIGRATIONS: &[fn(&Transaction<'_>) -> rusqlite::Result<()>] = &[
    |tx| tx.execute_batch(SCHEMA_V1),
    |tx| {
        tx.execute_batch(SCHEMA_V2)?;
        backfill_v2(tx)
    },
    |tx| tx.execute_batch(SCHEMA_V3),
    |tx| {
        tx.execute_batch(SCHEMA_V4)?;
        tx.execute_batch(&search::schema())?;
        store_requests_as_deltas(tx)
    },
];

/// The title sessions were given when the person gave none, before titles came from the first question.
pub(super) const LEGACY_UNTITLED: &str = "Untitled session";

/// Version 2's data: sessions left "Untitled session" take their title from their first question, and the
/// sessions of old Compare and bake-off runs (found by the marker at the top of their prompt) are grouped.
fn backfill_v2(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    let rows: Vec<(String, String, String, Option<String>)> = {
        let mut statement = tx.prepare(
            "SELECT s.id, s.title, s.draft_json,
                    (SELECT t.record_json FROM turns t WHERE t.session_id = s.id ORDER BY t.seq LIMIT 1)
             FROM sessions s",
        )?;
        statement
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?
    };
    for (id, title, draft_json, first_turn) in rows {
        let run = legacy_run(&title, &draft_json);
        if title != LEGACY_UNTITLED && run.is_none() {
            continue;
        }
        let Ok(draft) = serde_json::from_str::<Draft>(&draft_json) else {
            continue;
        };
        let first_request = first_turn
            .and_then(|json| serde_json::from_str::<serde_json::Value>(&json).ok())
            .and_then(|record| serde_json::from_value::<Conversation>(record.get("request")?.clone()).ok());
        let title = auto_title(first_request.as_ref(), &draft.conversation);
        tx.execute(
            "UPDATE sessions SET title = ?2, title_source = 'auto', run_id = ?3, run_kind = ?4, run_label = ?5
             WHERE id = ?1",
            params![
                id,
                title,
                run.as_ref().map(|r| r.id.as_str()),
                run.as_ref().map(|r| r.kind.as_str()),
                run.as_ref().map(|r| r.label.as_str())
            ],
        )?;
    }
    Ok(())
}

/// The run of a session made by an Outcrop that titled them "Compare · <target>" and "Bake-off · <placement>",
/// from the marker that isolated its cache (`[Outcrop compare <id> · column n]`, `[Outcrop bake-off <id> · …]`).
fn legacy_run(title: &str, draft_json: &str) -> Option<SessionRun> {
    let marker_id = |prefix: &str| {
        let start = draft_json.find(prefix)? + prefix.len();
        let rest = &draft_json[start..];
        let id = &rest[..rest.find(" · ")?];
        (!id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric())).then(|| id.to_owned())
    };
    if let Some(target) = title.strip_prefix("Compare · ") {
        return Some(SessionRun {
            id: format!("c{}", marker_id("[Outcrop compare ")?),
            kind: RunKind::Compare,
            label: target.to_owned(),
        });
    }
    let label = title.strip_prefix("Bake-off · ")?;
    let placement = [
        Placement::NoCache,
        Placement::SystemOnly,
        Placement::SystemAndTools,
        Placement::SystemAndLastUser,
        Placement::PerDocument,
    ]
    .into_iter()
    .find(|p| p.label() == label)?;
    Some(SessionRun {
        id: format!("b{}", marker_id("[Outcrop bake-off ")?),
        kind: RunKind::Bakeoff,
        label: placement_key(placement),
    })
}

/// Version 4's data: every turn row that reads is rewritten to keep what its request added to the turn before
/// it, and indexed for search. A row that does not read is left as it was (and still named damaged); the turn
/// after it keeps its request whole.
fn store_requests_as_deltas(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    let sessions: Vec<String> = {
        let mut statement = tx.prepare("SELECT DISTINCT session_id FROM turns")?;
        statement
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?
    };
    let mut select = tx.prepare(&format!(
        "SELECT {} FROM turns WHERE session_id = ?1 ORDER BY seq",
        TurnRow::COLUMNS
    ))?;
    let mut update = tx.prepare("UPDATE turns SET record_json = ?2, request_json = ?3 WHERE id = ?1")?;
    for session_id in sessions {
        let mut chain = Chain::default();
        // One row at a time (a long session's whole requests may be hundreds of megabytes); each row is
        // rewritten as it is read, which SQLite allows for the row just returned.
        let mut rows = select.query(params![session_id])?;
        while let Some(row) = rows.next()? {
            let row = TurnRow::from_sql(row)?;
            let (id, seq) = (row.id, row.seq);
            let stored = match chain.base() {
                _ if row.request_json.is_some() => None,
                base => match serde_json::from_str::<TurnRecord>(&row.record_json) {
                    Ok(record) => Some((
                        record_json(&record, seq).map_err(to_sql)?,
                        serde_json::to_string(&delta(base, &record.request)).map_err(to_sql)?,
                        turn_text(&record.model_choice, &record.request, &record.reply),
                    )),
                    Err(_) => None,
                },
            };
            if let Some((record_json, request_json, text)) = &stored {
                update.execute(params![id, record_json, request_json])?;
                index_turn(tx, id, &session_id, text)?;
            }
            let _ = chain.read(row, false);
        }
    }
    Ok(())
}

fn to_sql(error: serde_json::Error) -> rusqlite::Error {
    rusqlite::Error::ToSqlConversionFailure(Box::new(error))
}

fn newer_schema(version: i64) -> OutcropError {
    OutcropError {
        code: ErrorCode::Internal,
        message:
            "The playground's session database was written by a newer Outcrop; update Outcrop to open it."
                .into(),
        detail: format!(
            "sqlite: schema version {version}, this Outcrop knows {}",
            MIGRATIONS.len()
        ),
        fields: Vec::new(),
        aws: None,
    }
}

/// Brings the schema up to date, one migration per transaction.
pub(super) fn migrate(db: &mut Connection) -> Result<(), OutcropError> {
    let version: i64 = db
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(storage_error)?;
    if version > MIGRATIONS.len() as i64 {
        return Err(newer_schema(version));
    }
    for (done, migration) in MIGRATIONS.iter().enumerate().skip(version.max(0) as usize) {
        let tx = db.transaction().map_err(storage_error)?;
        migration(&tx).map_err(storage_error)?;
        tx.pragma_update(None, "user_version", done as i64 + 1)
            .map_err(storage_error)?;
        tx.commit().map_err(storage_error)?;
        tracing::info!(version = done + 1, "session database migrated");
    }
    Ok(())
}
