//! Sessions and turns in SQLite (`playground.sqlite3` in the app data directory).
//!
//! Write-ahead logging, one transaction per change: a turn is written as `running` when it is sent and
//! completed in one statement when it ends, so a process killed mid-stream leaves a readable database with
//! every completed turn; on the next open, turns left `running` are marked `interrupted`.
//!
//! The schema is versioned (`PRAGMA user_version`); opening a database written by an older Outcrop applies the
//! migrations it lacks, each in its own transaction.

use std::path::Path;
use std::sync::{Mutex, PoisonError};

use outcrop_core::ErrorCode;
use outcrop_core::cache_tracker::CacheTracker;
use outcrop_core::conversation::Conversation;
use outcrop_core::session_title::session_title;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::types::{Draft, TurnRecord, TurnStatus};
use crate::BedrockError;
use outcrop_core::bakeoff::Placement;

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

/// The migrations, in order; the database's `user_version` is how many have been applied.
const MIGRATIONS: &[fn(&Transaction<'_>) -> rusqlite::Result<()>] = &[
    |tx| tx.execute_batch(SCHEMA_V1),
    |tx| {
        tx.execute_batch(SCHEMA_V2)?;
        backfill_v2(tx)
    },
];

/// The title sessions were given when the person gave none, before titles came from the first question.
const LEGACY_UNTITLED: &str = "Untitled session";

/// Where a session's title comes from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum TitleSource {
    /// The first question (empty until there is one); follows the draft until the first turn is sent.
    #[default]
    Auto,
    /// Given or renamed by the person; never replaced.
    User,
}

impl TitleSource {
    fn as_str(self) -> &'static str {
        match self {
            Self::Auto => "auto",
            Self::User => "user",
        }
    }

    fn parse(text: &str) -> Self {
        if text == "auto" { Self::Auto } else { Self::User }
    }
}

/// What kind of run made a group of sessions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum RunKind {
    /// Compare: one session per target column.
    Compare,
    /// The placement bake-off: one session per placement.
    Bakeoff,
}

impl RunKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Compare => "compare",
            Self::Bakeoff => "bakeoff",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        match text {
            "compare" => Some(Self::Compare),
            "bakeoff" => Some(Self::Bakeoff),
            _ => None,
        }
    }
}

/// The run a session belongs to, and its place in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SessionRun {
    /// Shared by every session of the run.
    pub id: String,
    pub kind: RunKind,
    /// Compare: the column's target (model ID, profile ID or ARN). Bake-off: the placement (`systemOnly`…).
    pub label: String,
}

/// The automatic title of a session: its first question, from the first turn sent, else from the draft.
fn auto_title(first_request: Option<&Conversation>, draft: &Conversation) -> String {
    session_title(first_request.unwrap_or(draft)).unwrap_or_default()
}

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

/// A placement as the UI and the database name it (`systemOnly`).
pub fn placement_key(placement: Placement) -> String {
    serde_json::to_value(placement)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// A session to add with its turns, as they were (an import).
#[derive(Debug, Clone)]
pub struct ImportedSession {
    pub id: String,
    pub title: String,
    pub title_source: TitleSource,
    pub run: Option<SessionRun>,
    pub draft: Draft,
    pub turns: Vec<TurnRecord>,
}

/// A member of a run, in the run's order.
#[derive(Debug, Clone, PartialEq)]
pub struct RunMember {
    pub id: String,
    pub title: String,
    pub title_source: TitleSource,
    pub label: String,
}

/// One line of the session list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SessionSummary {
    pub id: String,
    /// Empty while an automatic title has no question to come from (the UI words "Untitled").
    pub title: String,
    pub title_source: TitleSource,
    /// The Compare or bake-off run the session belongs to; `None` for a session of its own.
    pub run: Option<SessionRun>,
    #[ts(type = "number")]
    pub created_at_ms: u64,
    #[ts(type = "number")]
    pub updated_at_ms: u64,
    pub model_choice: String,
    pub turns: u32,
    pub cost: f64,
    pub saved: f64,
}

fn storage_error(error: impl std::fmt::Display) -> BedrockError {
    BedrockError {
        code: ErrorCode::Internal,
        message: "The playground's session database could not be read or written.".into(),
        detail: format!("sqlite: {error}"),
    }
}

fn run_not_found(id: &str) -> BedrockError {
    BedrockError {
        code: ErrorCode::NotFound,
        message: format!("There is no run {id}; it may have been deleted."),
        detail: format!("run {id} not found"),
    }
}

fn not_found(id: &str) -> BedrockError {
    BedrockError {
        code: ErrorCode::NotFound,
        message: format!("There is no session {id}; it may have been deleted."),
        detail: format!("session {id} not found"),
    }
}

/// The session database.
#[derive(Debug)]
pub struct SessionStore {
    db: Mutex<Connection>,
}

fn newer_schema(version: i64) -> BedrockError {
    BedrockError {
        code: ErrorCode::Internal,
        message:
            "The playground's session database was written by a newer Outcrop; update Outcrop to open it."
                .into(),
        detail: format!(
            "sqlite: schema version {version}, this Outcrop knows {}",
            MIGRATIONS.len()
        ),
    }
}

/// Brings the schema up to date, one migration per transaction.
fn migrate(db: &mut Connection) -> Result<(), BedrockError> {
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

fn run_from(id: Option<String>, kind: Option<String>, label: Option<String>) -> Option<SessionRun> {
    Some(SessionRun {
        id: id?,
        kind: RunKind::parse(&kind?)?,
        label: label.unwrap_or_default(),
    })
}

impl SessionStore {
    /// Opens (creating if needed) the database at `path`, migrating an older schema.
    pub fn open(path: &Path) -> Result<Self, BedrockError> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(storage_error)?;
        }
        let mut db = Connection::open(path).map_err(storage_error)?;
        db.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")
            .map_err(storage_error)?;
        migrate(&mut db)?;
        // Turns a killed process left running will never finish.
        let interrupted = db
            .execute(
                "UPDATE turns SET status = 'interrupted',
                     record_json = json_set(record_json, '$.status', 'interrupted')
                 WHERE status = 'running'",
                [],
            )
            .map_err(storage_error)?;
        if interrupted > 0 {
            tracing::info!(
                interrupted,
                "turns left running by the last process marked interrupted"
            );
        }
        Ok(Self { db: Mutex::new(db) })
    }

    fn db(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.db.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Adds a session. An empty `title` is automatic: the draft's first question, until the person renames it.
    pub fn create(
        &self,
        id: &str,
        title: &str,
        run: Option<&SessionRun>,
        draft: &Draft,
        now_ms: u64,
    ) -> Result<(), BedrockError> {
        let (title, source) = if title.trim().is_empty() {
            (auto_title(None, &draft.conversation), TitleSource::Auto)
        } else {
            (title.trim().to_owned(), TitleSource::User)
        };
        let draft = serde_json::to_string(draft).map_err(storage_error)?;
        self.db()
            .execute(
                "INSERT INTO sessions (id, title, title_source, run_id, run_kind, run_label, created_at_ms, updated_at_ms, draft_json)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8)",
                params![
                    id,
                    title,
                    source.as_str(),
                    run.map(|r| r.id.as_str()),
                    run.map(|r| r.kind.as_str()),
                    run.map(|r| r.label.as_str()),
                    now_ms as i64,
                    draft
                ],
            )
            .map_err(storage_error)?;
        Ok(())
    }

    /// Saves the draft; returns the session's title, which follows the draft's first question while the
    /// title is automatic and nothing has been sent.
    pub fn save_draft(&self, id: &str, draft: &Draft, now_ms: u64) -> Result<String, BedrockError> {
        let json = serde_json::to_string(draft).map_err(storage_error)?;
        let mut db = self.db();
        let tx = db.transaction().map_err(storage_error)?;
        let changed = tx
            .execute(
                "UPDATE sessions SET draft_json = ?2, updated_at_ms = ?3 WHERE id = ?1",
                params![id, json, now_ms as i64],
            )
            .map_err(storage_error)?;
        if changed == 0 {
            return Err(not_found(id));
        }
        tx.execute(
            "UPDATE sessions SET title = ?2
             WHERE id = ?1 AND title_source = 'auto' AND NOT EXISTS (SELECT 1 FROM turns t WHERE t.session_id = ?1)",
            params![id, auto_title(None, &draft.conversation)],
        )
        .map_err(storage_error)?;
        let title = tx
            .query_row("SELECT title FROM sessions WHERE id = ?1", params![id], |r| {
                r.get(0)
            })
            .map_err(storage_error)?;
        tx.commit().map_err(storage_error)?;
        Ok(title)
    }

    /// Gives a session the person's own title, which nothing replaces afterwards.
    pub fn rename(&self, id: &str, title: &str) -> Result<(), BedrockError> {
        let changed = self
            .db()
            .execute(
                "UPDATE sessions SET title = ?2, title_source = 'user' WHERE id = ?1",
                params![id, title],
            )
            .map_err(storage_error)?;
        if changed == 0 {
            return Err(not_found(id));
        }
        Ok(())
    }

    pub fn delete(&self, id: &str) -> Result<(), BedrockError> {
        let changed = self
            .db()
            .execute("DELETE FROM sessions WHERE id = ?1", params![id])
            .map_err(storage_error)?;
        if changed == 0 {
            return Err(not_found(id));
        }
        Ok(())
    }

    /// Deletes every session of a run (and their turns) at once; returns their IDs.
    pub fn delete_run(&self, run_id: &str) -> Result<Vec<String>, BedrockError> {
        let mut db = self.db();
        let tx = db.transaction().map_err(storage_error)?;
        let ids: Vec<String> = {
            let mut statement = tx
                .prepare("SELECT id FROM sessions WHERE run_id = ?1")
                .map_err(storage_error)?;
            statement
                .query_map(params![run_id], |r| r.get(0))
                .map_err(storage_error)?
                .collect::<rusqlite::Result<_>>()
                .map_err(storage_error)?
        };
        if ids.is_empty() {
            return Err(run_not_found(run_id));
        }
        tx.execute("DELETE FROM sessions WHERE run_id = ?1", params![run_id])
            .map_err(storage_error)?;
        tx.commit().map_err(storage_error)?;
        Ok(ids)
    }

    /// The sessions of a run, in the order they were made (Compare's columns, the bake-off's placements).
    pub fn run_members(&self, run_id: &str) -> Result<(RunKind, Vec<RunMember>), BedrockError> {
        let db = self.db();
        let mut statement = db
            .prepare(
                "SELECT id, title, title_source, run_kind, COALESCE(run_label, '') FROM sessions
                 WHERE run_id = ?1 ORDER BY created_at_ms, rowid",
            )
            .map_err(storage_error)?;
        let rows = statement
            .query_map(params![run_id], |r| {
                Ok((
                    RunMember {
                        id: r.get(0)?,
                        title: r.get(1)?,
                        title_source: TitleSource::parse(&r.get::<_, String>(2)?),
                        label: r.get(4)?,
                    },
                    r.get::<_, Option<String>>(3)?,
                ))
            })
            .map_err(storage_error)?;
        let mut kind = None;
        let mut members = Vec::new();
        for row in rows {
            let (member, member_kind) = row.map_err(storage_error)?;
            kind = kind.or(member_kind.as_deref().and_then(RunKind::parse));
            members.push(member);
        }
        match kind {
            Some(kind) if !members.is_empty() => Ok((kind, members)),
            _ => Err(run_not_found(run_id)),
        }
    }

    pub fn draft(&self, id: &str) -> Result<Draft, BedrockError> {
        let json: String = self
            .db()
            .query_row(
                "SELECT draft_json FROM sessions WHERE id = ?1",
                params![id],
                |r| r.get(0),
            )
            .optional()
            .map_err(storage_error)?
            .ok_or_else(|| not_found(id))?;
        serde_json::from_str(&json).map_err(storage_error)
    }

    pub fn title(&self, id: &str) -> Result<String, BedrockError> {
        self.db()
            .query_row("SELECT title FROM sessions WHERE id = ?1", params![id], |r| {
                r.get(0)
            })
            .optional()
            .map_err(storage_error)?
            .ok_or_else(|| not_found(id))
    }

    /// Where the session's title comes from.
    pub fn title_source(&self, id: &str) -> Result<TitleSource, BedrockError> {
        self.db()
            .query_row(
                "SELECT title_source FROM sessions WHERE id = ?1",
                params![id],
                |r| r.get::<_, String>(0),
            )
            .optional()
            .map_err(storage_error)?
            .map(|s| TitleSource::parse(&s))
            .ok_or_else(|| not_found(id))
    }

    pub fn tracker(&self, id: &str) -> Result<CacheTracker, BedrockError> {
        let json: String = self
            .db()
            .query_row(
                "SELECT tracker_json FROM sessions WHERE id = ?1",
                params![id],
                |r| r.get(0),
            )
            .optional()
            .map_err(storage_error)?
            .ok_or_else(|| not_found(id))?;
        Ok(serde_json::from_str(&json).unwrap_or_default())
    }

    /// Records a turn as sent; returns its ID and its number in the session. The first turn sent fixes an
    /// automatic title to its question.
    pub fn begin_turn(&self, record: &TurnRecord) -> Result<(i64, u32), BedrockError> {
        let mut db = self.db();
        let tx = db.transaction().map_err(storage_error)?;
        let seq: i64 = tx
            .query_row(
                "SELECT COALESCE(MAX(seq), 0) + 1 FROM turns WHERE session_id = ?1",
                params![record.session_id],
                |r| r.get(0),
            )
            .map_err(storage_error)?;
        let mut record = record.clone();
        record.seq = seq as u32;
        let json = serde_json::to_string(&record).map_err(storage_error)?;
        tx.execute(
            "INSERT INTO turns (session_id, seq, status, started_at_ms, record_json) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![record.session_id, seq, record.status.as_str(), record.started_at_ms as i64, json],
        )
        .map_err(storage_error)?;
        let id = tx.last_insert_rowid();
        if seq == 1 {
            tx.execute(
                "UPDATE sessions SET title = ?2 WHERE id = ?1 AND title_source = 'auto'",
                params![
                    record.session_id,
                    auto_title(Some(&record.request), &record.request)
                ],
            )
            .map_err(storage_error)?;
        }
        tx.commit().map_err(storage_error)?;
        Ok((id, record.seq))
    }

    /// Completes a turn, and with it the session's draft and cache tracker, in one transaction.
    pub fn finish_turn(
        &self,
        record: &TurnRecord,
        draft: &Draft,
        tracker: &CacheTracker,
        now_ms: u64,
    ) -> Result<(), BedrockError> {
        let mut db = self.db();
        let tx = db.transaction().map_err(storage_error)?;
        let json = serde_json::to_string(record).map_err(storage_error)?;
        tx.execute(
            "UPDATE turns SET status = ?2, record_json = ?3 WHERE id = ?1",
            params![record.id, record.status.as_str(), json],
        )
        .map_err(storage_error)?;
        tx.execute(
            "UPDATE sessions SET draft_json = ?2, tracker_json = ?3, updated_at_ms = ?4 WHERE id = ?1",
            params![
                record.session_id,
                serde_json::to_string(draft).map_err(storage_error)?,
                serde_json::to_string(tracker).map_err(storage_error)?,
                now_ms as i64
            ],
        )
        .map_err(storage_error)?;
        tx.commit().map_err(storage_error)
    }

    pub fn turns(&self, session_id: &str) -> Result<Vec<TurnRecord>, BedrockError> {
        let db = self.db();
        let mut statement = db
            .prepare("SELECT id, seq, record_json FROM turns WHERE session_id = ?1 ORDER BY seq")
            .map_err(storage_error)?;
        let rows = statement
            .query_map(params![session_id], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, String>(2)?))
            })
            .map_err(storage_error)?;
        let mut turns = Vec::new();
        for row in rows {
            let (id, seq, json) = row.map_err(storage_error)?;
            let mut record: TurnRecord = serde_json::from_str(&json).map_err(storage_error)?;
            record.id = id;
            record.seq = seq as u32;
            turns.push(record);
        }
        Ok(turns)
    }

    /// Sessions, most recently used first; `query` matches titles, run labels and the text of drafts and
    /// turns. A session that matches brings the other sessions of its run along, so the run is found whole.
    pub fn list(&self, query: &str) -> Result<Vec<SessionSummary>, BedrockError> {
        let db = self.db();
        let pattern = format!(
            "%{}%",
            query
                .trim()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        let mut statement = db
            .prepare(
                "WITH hits AS (
                    SELECT s.id, s.run_id FROM sessions s
                    WHERE ?1 = '%%' OR s.title LIKE ?1 ESCAPE '\\' OR s.run_label LIKE ?1 ESCAPE '\\'
                       OR s.draft_json LIKE ?1 ESCAPE '\\'
                       OR EXISTS (SELECT 1 FROM turns t WHERE t.session_id = s.id AND t.record_json LIKE ?1 ESCAPE '\\')
                 )
                 SELECT s.id, s.title, s.title_source, s.run_id, s.run_kind, s.run_label,
                        s.created_at_ms, s.updated_at_ms, s.draft_json,
                        (SELECT COUNT(*) FROM turns t WHERE t.session_id = s.id),
                        (SELECT COALESCE(SUM(json_extract(t.record_json, '$.cost.total')), 0) FROM turns t WHERE t.session_id = s.id),
                        (SELECT COALESCE(SUM(json_extract(t.record_json, '$.cost.saved')), 0) FROM turns t WHERE t.session_id = s.id)
                 FROM sessions s
                 WHERE s.id IN (SELECT id FROM hits)
                    OR s.run_id IN (SELECT run_id FROM hits WHERE run_id IS NOT NULL)
                 ORDER BY s.updated_at_ms DESC, s.rowid DESC",
            )
            .map_err(storage_error)?;
        let rows = statement
            .query_map(params![pattern], |r| {
                Ok(SessionSummary {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    title_source: TitleSource::parse(&r.get::<_, String>(2)?),
                    run: run_from(r.get(3)?, r.get(4)?, r.get(5)?),
                    created_at_ms: r.get::<_, i64>(6)? as u64,
                    updated_at_ms: r.get::<_, i64>(7)? as u64,
                    model_choice: serde_json::from_str::<Draft>(&r.get::<_, String>(8)?)
                        .map(|d| d.model_choice)
                        .unwrap_or_default(),
                    turns: r.get::<_, i64>(9)? as u32,
                    cost: r.get(10)?,
                    saved: r.get(11)?,
                })
            })
            .map_err(storage_error)?;
        rows.collect::<rusqlite::Result<_>>().map_err(storage_error)
    }

    /// Adds imported sessions with their turns, as they were, in one transaction.
    pub fn import(&self, sessions: &[ImportedSession], now_ms: u64) -> Result<(), BedrockError> {
        let mut db = self.db();
        let tx = db.transaction().map_err(storage_error)?;
        for session in sessions {
            let id = session.id.as_str();
            let run = session.run.as_ref();
            tx.execute(
                "INSERT INTO sessions (id, title, title_source, run_id, run_kind, run_label, created_at_ms, updated_at_ms, draft_json)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8)",
                params![
                    id,
                    session.title,
                    session.title_source.as_str(),
                    run.map(|r| r.id.as_str()),
                    run.map(|r| r.kind.as_str()),
                    run.map(|r| r.label.as_str()),
                    now_ms as i64,
                    serde_json::to_string(&session.draft).map_err(storage_error)?
                ],
            )
            .map_err(storage_error)?;
            for (i, turn) in session.turns.iter().enumerate() {
                let mut turn = turn.clone();
                turn.session_id = id.to_owned();
                turn.seq = i as u32 + 1;
                if turn.status == TurnStatus::Running {
                    turn.status = TurnStatus::Interrupted;
                }
                tx.execute(
                    "INSERT INTO turns (session_id, seq, status, started_at_ms, record_json) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![
                        id,
                        turn.seq,
                        turn.status.as_str(),
                        turn.started_at_ms as i64,
                        serde_json::to_string(&turn).map_err(storage_error)?
                    ],
                )
                .map_err(storage_error)?;
            }
        }
        tx.commit().map_err(storage_error)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use outcrop_core::cache_tracker::Prediction;
    use outcrop_core::conversation::{ContentItem, DocumentFormat, Message, Role};

    use super::*;
    use crate::playground::{Api, Latency};

    fn asking(question: &str) -> Draft {
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

    fn turn(session_id: &str, request: &Conversation) -> TurnRecord {
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
            request: request.clone(),
            reply: Vec::new(),
            stop_reason: None,
            error: None,
            usage: None,
            prices: None,
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

    fn store() -> (tempfile::TempDir, SessionStore) {
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
    const OLD_SCHEMA: &str = "
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
}
