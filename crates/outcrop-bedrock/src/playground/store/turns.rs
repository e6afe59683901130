//! A session's turns: written as `running` when sent, completed with the session's draft and cache tracker in
//! one transaction when they end, read back in order — all of them, or a page of the latest with the totals
//! of every turn.
//!
//! A turn row keeps its record without the request (`record_json`) and what its request added to the turn
//! before it (`request_json`, see [`super::request_delta`]); reading rebuilds each request in order.

use outcrop_core::cache_tracker::CacheTracker;
use outcrop_core::conversation::Conversation;
use outcrop_core::pricing::SessionTotals;
use rusqlite::{Connection, params};

use super::chain::{Chain, TurnRow};
use super::errors::storage_error;
use super::request_delta::delta;
use super::search::{index_turn, turn_text};
use super::sessions::SessionStore;
use super::types::auto_title;
use crate::OutcropError;
use crate::playground::types::{DamagedTurn, Draft, TurnRecord};

/// The latest turns of a session, with what the screen says about all of them.
#[derive(Debug, Clone, PartialEq)]
pub struct TurnPage {
    /// The page's turns that decode, in order.
    pub turns: Vec<TurnRecord>,
    /// Every turn of the session that could not be read (not only the page's), named with why.
    pub damaged: Vec<DamagedTurn>,
    /// How many turns come before the page.
    pub earlier: u32,
    /// Every readable turn's usage and cost.
    pub totals: SessionTotals,
}

/// A turn's record as `record_json` keeps it: everything but the request.
pub(super) fn record_json(record: &TurnRecord, seq: u32) -> serde_json::Result<String> {
    serde_json::to_string(&TurnRecord {
        seq,
        request: Conversation::default(),
        ..record.clone()
    })
}

/// Reads a session's turn rows in order, passing each to `each`.
fn each_row(db: &Connection, session_id: &str, mut each: impl FnMut(TurnRow)) -> Result<(), OutcropError> {
    let mut statement = db
        .prepare(&format!(
            "SELECT {} FROM turns WHERE session_id = ?1 ORDER BY seq",
            TurnRow::COLUMNS
        ))
        .map_err(storage_error)?;
    let rows = statement
        .query_map(params![session_id], TurnRow::from_sql)
        .map_err(storage_error)?;
    for row in rows {
        each(row.map_err(storage_error)?);
    }
    Ok(())
}

impl SessionStore {
    /// Records a turn as sent; returns its ID and its number in the session. The first turn sent fixes an
    /// automatic title to its question.
    pub fn begin_turn(&self, record: &TurnRecord) -> Result<(i64, u32), OutcropError> {
        let mut db = self.db();
        let tx = db.transaction().map_err(storage_error)?;
        let mut chain = Chain::default();
        let mut last_seq = 0;
        each_row(&tx, &record.session_id, |row| {
            last_seq = last_seq.max(row.seq);
            let _ = chain.read(row, false);
        })?;
        let seq = last_seq + 1;
        let request_json =
            serde_json::to_string(&delta(chain.base(), &record.request)).map_err(storage_error)?;
        let json = record_json(record, seq).map_err(storage_error)?;
        tx.execute(
            "INSERT INTO turns (session_id, seq, status, started_at_ms, record_json, request_json)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                record.session_id,
                seq,
                record.status.as_str(),
                record.started_at_ms as i64,
                json,
                request_json
            ],
        )
        .map_err(storage_error)?;
        let id = tx.last_insert_rowid();
        index_turn(
            &tx,
            id,
            &record.session_id,
            &turn_text(&record.model_choice, &record.request, &record.reply),
        )
        .map_err(storage_error)?;
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
        Ok((id, seq))
    }

    /// Completes a turn, and with it the session's draft and cache tracker, in one transaction. The request
    /// is the one `begin_turn` stored.
    pub fn finish_turn(
        &self,
        record: &TurnRecord,
        draft: &Draft,
        tracker: &CacheTracker,
        now_ms: u64,
    ) -> Result<(), OutcropError> {
        let mut db = self.db();
        let tx = db.transaction().map_err(storage_error)?;
        let json = record_json(record, record.seq).map_err(storage_error)?;
        tx.execute(
            "UPDATE turns SET status = ?2, record_json = ?3 WHERE id = ?1",
            params![record.id, record.status.as_str(), json],
        )
        .map_err(storage_error)?;
        index_turn(
            &tx,
            record.id,
            &record.session_id,
            &turn_text(&record.model_choice, &record.request, &record.reply),
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
    /// number and why (and the turn they build on, when that is why) — so one damaged row does not make the
    /// whole session unreadable.
    pub fn turns_checked(
        &self,
        session_id: &str,
    ) -> Result<(Vec<TurnRecord>, Vec<DamagedTurn>), OutcropError> {
        let page = self.turn_page(session_id, None, u32::MAX)?;
        Ok((page.turns, page.damaged))
    }

    /// Up to `limit` turns ending before turn `before` (the latest turns when `None`), with every damaged
    /// turn and the totals of every readable one. Earlier turns are read only for what later ones build on.
    pub fn turn_page(
        &self,
        session_id: &str,
        before: Option<u32>,
        limit: u32,
    ) -> Result<TurnPage, OutcropError> {
        let db = self.db();
        let end = match before {
            Some(before) => before,
            None => db
                .query_row(
                    "SELECT COALESCE(MAX(seq), 0) + 1 FROM turns WHERE session_id = ?1",
                    params![session_id],
                    |r| r.get::<_, i64>(0),
                )
                .map_err(storage_error)?
                .try_into()
                .unwrap_or(u32::MAX),
        };
        let start = end.saturating_sub(limit).max(1);
        let mut chain = Chain::default();
        let mut page = TurnPage {
            turns: Vec::new(),
            damaged: Vec::new(),
            earlier: start - 1,
            totals: SessionTotals::default(),
        };
        each_row(&db, session_id, |row| {
            let in_page = (start..end).contains(&row.seq);
            match chain.read(row, in_page) {
                Ok(turn) => {
                    if let Some(usage) = &turn.usage {
                        page.totals.add(usage, &turn.cost.unwrap_or_default());
                    }
                    if in_page {
                        page.turns.push(turn);
                    }
                }
                Err(damaged) => page.damaged.push(damaged),
            }
        })?;
        Ok(page)
    }
}
