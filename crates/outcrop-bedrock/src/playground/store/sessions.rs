//! The session database itself (opened, migrated, turns left running marked interrupted) and its sessions:
//! create, save the draft, rename, delete, read, list and search, import.

use std::path::Path;
use std::sync::{Mutex, PoisonError};

use outcrop_core::cache_tracker::CacheTracker;
use rusqlite::{Connection, OptionalExtension, params};

use super::errors::{not_found, storage_error};
use super::request_delta::{Base, delta};
use super::schema::migrate;
use super::search::{Lookup, index_turn, turn_text};
use super::turns::record_json;
use super::types::{ImportedSession, SessionRun, SessionSummary, TitleSource, auto_title, run_from};
use crate::OutcropError;
use crate::playground::types::{Draft, TurnRecord, TurnStatus};
use outcrop_core::conversation::Conversation;

/// The session database.
#[derive(Debug)]
pub struct SessionStore {
    db: Mutex<Connection>,
}

impl SessionStore {
    /// Opens (creating if needed) the database at `path`, migrating an older schema.
    pub fn open(path: &Path) -> Result<Self, OutcropError> {
        if let Some(parent) = path.parent() {
            crate::private_files::create_private_dir(parent).map_err(storage_error)?;
        }
        // Prompts and documents are the owner's alone: the database is made private before SQLite writes to it,
        // and its -wal and -shm files take the database's permissions.
        match crate::private_files::create_new_private(path) {
            Ok(_) => {}
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
                crate::private_files::make_private(path).map_err(storage_error)?;
            }
            Err(error) => return Err(storage_error(error)),
        }
        let mut db = Connection::open(path).map_err(storage_error)?;
        db.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")
            .map_err(storage_error)?;
        migrate(&mut db)?;
        // Turns a killed process left running will never finish. A record that is not JSON (damaged) keeps its
        // text: only its status column says so, and reading the session names it as damaged.
        let interrupted = db
            .execute(
                "UPDATE turns SET status = 'interrupted',
                     record_json = CASE WHEN json_valid(record_json)
                         THEN json_set(record_json, '$.status', 'interrupted') ELSE record_json END
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

    pub(super) fn db(&self) -> std::sync::MutexGuard<'_, Connection> {
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
    ) -> Result<(), OutcropError> {
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
    pub fn save_draft(&self, id: &str, draft: &Draft, now_ms: u64) -> Result<String, OutcropError> {
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
    pub fn rename(&self, id: &str, title: &str) -> Result<(), OutcropError> {
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

    pub fn delete(&self, id: &str) -> Result<(), OutcropError> {
        let changed = self
            .db()
            .execute("DELETE FROM sessions WHERE id = ?1", params![id])
            .map_err(storage_error)?;
        if changed == 0 {
            return Err(not_found(id));
        }
        Ok(())
    }

    pub fn draft(&self, id: &str) -> Result<Draft, OutcropError> {
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

    pub fn title(&self, id: &str) -> Result<String, OutcropError> {
        self.db()
            .query_row("SELECT title FROM sessions WHERE id = ?1", params![id], |r| {
                r.get(0)
            })
            .optional()
            .map_err(storage_error)?
            .ok_or_else(|| not_found(id))
    }

    /// Where the session's title comes from.
    pub fn title_source(&self, id: &str) -> Result<TitleSource, OutcropError> {
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

    pub fn tracker(&self, id: &str) -> Result<CacheTracker, OutcropError> {
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

    /// Sessions, most recently used first; `query` matches titles, run labels, and the questions and answers
    /// of turns, through the search index (any characters typed are plain text). A session that matches brings
    /// the other sessions of its run along, so the run is found whole.
    pub fn list(&self, query: &str) -> Result<Vec<SessionSummary>, OutcropError> {
        let db = self.db();
        let lookup = Lookup::of(query);
        let mut statement = db
            .prepare(&format!(
                "WITH hits AS (
                    SELECT s.id, s.run_id FROM sessions s WHERE {}
                 )
                 SELECT s.id, s.title, s.title_source, s.run_id, s.run_kind, s.run_label,
                        s.created_at_ms, s.updated_at_ms, s.draft_json,
                        (SELECT COUNT(*) FROM turns t WHERE t.session_id = s.id),
                        (SELECT COALESCE(SUM(json_extract(t.record_json, '$.cost.total')), 0) FROM turns t WHERE t.session_id = s.id AND json_valid(t.record_json)),
                        (SELECT COALESCE(SUM(json_extract(t.record_json, '$.cost.saved')), 0) FROM turns t WHERE t.session_id = s.id AND json_valid(t.record_json))
                 FROM sessions s
                 WHERE s.id IN (SELECT id FROM hits)
                    OR s.run_id IN (SELECT run_id FROM hits WHERE run_id IS NOT NULL)
                 ORDER BY s.updated_at_ms DESC, s.rowid DESC",
                lookup.condition()
            ))
            .map_err(storage_error)?;
        let rows = statement
            .query_map(params![lookup.parameter()], |r| {
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
    pub fn import(&self, sessions: &[ImportedSession], now_ms: u64) -> Result<(), OutcropError> {
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
            let mut base: Option<&TurnRecord> = None;
            for (i, turn) in session.turns.iter().enumerate() {
                let seq = i as u32 + 1;
                let status = match turn.status {
                    TurnStatus::Running => TurnStatus::Interrupted,
                    status => status,
                };
                let request = delta(
                    base.map(|b| Base {
                        seq: seq - 1,
                        request: &b.request,
                        reply: Some(&b.reply),
                    }),
                    &turn.request,
                );
                let record = TurnRecord {
                    session_id: id.to_owned(),
                    status,
                    request: Conversation::default(),
                    ..turn.clone()
                };
                tx.execute(
                    "INSERT INTO turns (session_id, seq, status, started_at_ms, record_json, request_json)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![
                        id,
                        seq,
                        status.as_str(),
                        turn.started_at_ms as i64,
                        record_json(&record, seq).map_err(storage_error)?,
                        serde_json::to_string(&request).map_err(storage_error)?
                    ],
                )
                .map_err(storage_error)?;
                index_turn(
                    &tx,
                    tx.last_insert_rowid(),
                    id,
                    &turn_text(&turn.model_choice, &turn.request, &turn.reply),
                )
                .map_err(storage_error)?;
                base = Some(turn);
            }
        }
        tx.commit().map_err(storage_error)
    }
}
