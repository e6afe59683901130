//! Sessions and turns in SQLite (`playground.sqlite3` in the app data directory).
//!
//! Write-ahead logging, one transaction per change: a turn is written as `running` when it is sent and
//! completed in one statement when it ends, so a process killed mid-stream leaves a readable database with
//! every completed turn; on the next open, turns left `running` are marked `interrupted`.

use std::path::Path;
use std::sync::{Mutex, PoisonError};

use outcrop_core::ErrorCode;
use outcrop_core::cache_tracker::CacheTracker;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::runner::TurnStatus;
use super::{Draft, TurnRecord};
use crate::BedrockError;

const SCHEMA: &str = "
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

/// One line of the session list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SessionSummary {
    pub id: String,
    pub title: String,
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

impl SessionStore {
    /// Opens (creating if needed) the database at `path`.
    pub fn open(path: &Path) -> Result<Self, BedrockError> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(storage_error)?;
        }
        let db = Connection::open(path).map_err(storage_error)?;
        db.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")
            .map_err(storage_error)?;
        db.execute_batch(SCHEMA).map_err(storage_error)?;
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

    pub fn create(&self, id: &str, title: &str, draft: &Draft, now_ms: u64) -> Result<(), BedrockError> {
        let draft = serde_json::to_string(draft).map_err(storage_error)?;
        self.db()
            .execute(
                "INSERT INTO sessions (id, title, created_at_ms, updated_at_ms, draft_json) VALUES (?1, ?2, ?3, ?3, ?4)",
                params![id, title, now_ms as i64, draft],
            )
            .map_err(storage_error)?;
        Ok(())
    }

    pub fn save_draft(&self, id: &str, draft: &Draft, now_ms: u64) -> Result<(), BedrockError> {
        let draft = serde_json::to_string(draft).map_err(storage_error)?;
        let changed = self
            .db()
            .execute(
                "UPDATE sessions SET draft_json = ?2, updated_at_ms = ?3 WHERE id = ?1",
                params![id, draft, now_ms as i64],
            )
            .map_err(storage_error)?;
        if changed == 0 {
            return Err(not_found(id));
        }
        Ok(())
    }

    pub fn rename(&self, id: &str, title: &str) -> Result<(), BedrockError> {
        let changed = self
            .db()
            .execute("UPDATE sessions SET title = ?2 WHERE id = ?1", params![id, title])
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

    /// Records a turn as sent; returns its ID and its number in the session.
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

    /// Sessions, most recently used first; `query` matches titles and the text of drafts and turns.
    pub fn list(&self, query: &str) -> Result<Vec<SessionSummary>, BedrockError> {
        let db = self.db();
        let pattern = format!("%{}%", query.trim().replace('%', "\\%").replace('_', "\\_"));
        let mut statement = db
            .prepare(
                "SELECT s.id, s.title, s.created_at_ms, s.updated_at_ms, s.draft_json,
                        (SELECT COUNT(*) FROM turns t WHERE t.session_id = s.id),
                        (SELECT COALESCE(SUM(json_extract(t.record_json, '$.cost.total')), 0) FROM turns t WHERE t.session_id = s.id),
                        (SELECT COALESCE(SUM(json_extract(t.record_json, '$.cost.saved')), 0) FROM turns t WHERE t.session_id = s.id)
                 FROM sessions s
                 WHERE ?1 = '%%' OR s.title LIKE ?1 ESCAPE '\\' OR s.draft_json LIKE ?1 ESCAPE '\\'
                    OR EXISTS (SELECT 1 FROM turns t WHERE t.session_id = s.id AND t.record_json LIKE ?1 ESCAPE '\\')
                 ORDER BY s.updated_at_ms DESC",
            )
            .map_err(storage_error)?;
        let rows = statement
            .query_map(params![pattern], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, i64>(5)?,
                    r.get::<_, f64>(6)?,
                    r.get::<_, f64>(7)?,
                ))
            })
            .map_err(storage_error)?;
        let mut sessions = Vec::new();
        for row in rows {
            let (id, title, created, updated, draft, turns, cost, saved) = row.map_err(storage_error)?;
            let model_choice = serde_json::from_str::<Draft>(&draft)
                .map(|d| d.model_choice)
                .unwrap_or_default();
            sessions.push(SessionSummary {
                id,
                title,
                created_at_ms: created as u64,
                updated_at_ms: updated as u64,
                model_choice,
                turns: turns as u32,
                cost,
                saved,
            });
        }
        Ok(sessions)
    }

    /// Adds an imported session with its turns, as they were.
    pub fn import(
        &self,
        id: &str,
        title: &str,
        draft: &Draft,
        turns: &[TurnRecord],
        now_ms: u64,
    ) -> Result<(), BedrockError> {
        let mut db = self.db();
        let tx = db.transaction().map_err(storage_error)?;
        tx.execute(
            "INSERT INTO sessions (id, title, created_at_ms, updated_at_ms, draft_json) VALUES (?1, ?2, ?3, ?3, ?4)",
            params![id, title, now_ms as i64, serde_json::to_string(draft).map_err(storage_error)?],
        )
        .map_err(storage_error)?;
        for (i, turn) in turns.iter().enumerate() {
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
        tx.commit().map_err(storage_error)
    }
}
