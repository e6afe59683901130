//! A session's turns: written as `running` when sent, completed with the session's draft and cache tracker in
//! one transaction when they end, read back in order.

use outcrop_core::cache_tracker::CacheTracker;
use rusqlite::params;

use super::errors::storage_error;
use super::sessions::SessionStore;
use super::types::auto_title;
use crate::OutcropError;
use crate::playground::types::{DamagedTurn, Draft, TurnRecord};

impl SessionStore {
    /// Records a turn as sent; returns its ID and its number in the session. The first turn sent fixes an
    /// automatic title to its question.
    pub fn begin_turn(&self, record: &TurnRecord) -> Result<(i64, u32), OutcropError> {
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
    ) -> Result<(), OutcropError> {
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

    /// The session's turns that decode, in order; a damaged one is left out (see [`Self::turns_checked`]).
    pub fn turns(&self, session_id: &str) -> Result<Vec<TurnRecord>, OutcropError> {
        Ok(self.turns_checked(session_id)?.0)
    }

    /// The session's turns, decoded one by one: those that decode, and those that do not — named with their
    /// number and why — so one damaged row does not make the whole session unreadable.
    pub fn turns_checked(
        &self,
        session_id: &str,
    ) -> Result<(Vec<TurnRecord>, Vec<DamagedTurn>), OutcropError> {
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
        let mut damaged = Vec::new();
        for row in rows {
            let (id, seq, json) = row.map_err(storage_error)?;
            let seq = u32::try_from(seq).unwrap_or(u32::MAX);
            match serde_json::from_str::<TurnRecord>(&json) {
                Ok(mut record) => {
                    record.id = id;
                    record.seq = seq;
                    turns.push(record);
                }
                Err(error) => {
                    tracing::warn!(session_id, seq, %error, "a saved turn could not be read");
                    damaged.push(DamagedTurn {
                        seq,
                        error: error.to_string(),
                    });
                }
            }
        }
        Ok((turns, damaged))
    }
}
