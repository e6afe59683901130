//! A session's turn rows read in order, each request rebuilt from the one before it (see [`super::request_delta`]).
//!
//! A row that will not decode is named damaged, and so is every later row whose request builds on it (with
//! the turn it builds on), while the rows that stand alone open as before.

use outcrop_core::conversation::{ContentItem, Conversation};

use super::request_delta::{Base, RequestDelta};
use crate::playground::types::{DamagedTurn, TurnRecord, TurnStatus};

/// One row of `turns` as stored.
#[derive(Debug)]
pub(super) struct TurnRow {
    pub id: i64,
    pub seq: u32,
    pub status: String,
    pub record_json: String,
    /// `None` for a row kept whole (`record_json` holds the request), as before requests were stored as deltas.
    pub request_json: Option<String>,
}

impl TurnRow {
    pub(super) const COLUMNS: &'static str = "id, seq, status, record_json, request_json";

    pub(super) fn from_sql(row: &rusqlite::Row<'_>) -> rusqlite::Result<Self> {
        Ok(Self {
            id: row.get(0)?,
            seq: u32::try_from(row.get::<_, i64>(1)?).unwrap_or(u32::MAX),
            status: row.get(2)?,
            record_json: row.get(3)?,
            request_json: row.get(4)?,
        })
    }
}

/// The last turn read: what the next one may build on.
#[derive(Debug)]
struct Last {
    seq: u32,
    /// Its request; `Err` when it could not be rebuilt.
    request: Result<Conversation, ()>,
    /// Its reply; `Err` when its record could not be read.
    reply: Result<Vec<ContentItem>, ()>,
    running: bool,
}

/// Reads a session's turn rows in order.
#[derive(Debug, Default)]
pub(super) struct Chain {
    last: Option<Last>,
}

impl Chain {
    /// Reads the next row: the turn, or why it cannot be read. `whole` asks for the turn with its request;
    /// without it the record's request is left empty (the row is read for its usage and for what later turns
    /// build on, without copying a request that may hold megabytes of documents).
    pub fn read(&mut self, row: TurnRow, whole: bool) -> Result<TurnRecord, DamagedTurn> {
        let seq = row.seq;
        let mut record = serde_json::from_str::<TurnRecord>(&row.record_json);
        let request: Result<Conversation, DamagedTurn> = match &row.request_json {
            None => match &mut record {
                Ok(record) => Ok(std::mem::take(&mut record.request)),
                Err(error) => Err(damaged(seq, error.to_string(), None)),
            },
            Some(json) => match serde_json::from_str::<RequestDelta>(json) {
                Ok(delta) => self.rebuild(seq, delta),
                Err(error) => Err(damaged(seq, format!("its request: {error}"), None)),
            },
        };
        let reply = record.as_ref().map(|r| r.reply.clone()).map_err(|_| ());
        let outcome = match (record, &request) {
            (_, Err(damaged)) => Err(damaged.clone()),
            (Err(error), Ok(_)) => Err(damaged(seq, error.to_string(), None)),
            (Ok(mut record), Ok(request)) => {
                record.id = row.id;
                record.seq = seq;
                if whole {
                    record.request = request.clone();
                }
                Ok(record)
            }
        };
        if let Err(damaged) = &outcome {
            tracing::warn!(seq, error = %damaged.error, "a saved turn could not be read");
        }
        self.last = Some(Last {
            seq,
            request: request.map_err(|_| ()),
            reply,
            running: row.status == TurnStatus::Running.as_str(),
        });
        outcome
    }

    fn rebuild(&mut self, seq: u32, delta: RequestDelta) -> Result<Conversation, DamagedTurn> {
        let Some(base) = delta.base else {
            let mut request = Conversation::default();
            delta
                .apply(&mut request, None)
                .map_err(|e| damaged(seq, e.to_string(), None))?;
            return Ok(request);
        };
        let builds_on = |why: &str| damaged(seq, format!("it builds on turn {base}, {why}"), Some(base));
        let Some(last) = self.last.take().filter(|last| last.seq == base) else {
            return Err(builds_on("which is missing"));
        };
        let Ok(mut request) = last.request else {
            return Err(builds_on("which could not be read"));
        };
        let reply = match (delta.with_reply, &last.reply) {
            (false, _) => None,
            (true, Ok(reply)) => Some(reply.as_slice()),
            (true, Err(())) => return Err(builds_on("whose answer could not be read")),
        };
        delta
            .apply(&mut request, reply)
            .map_err(|e| builds_on(&format!("but {e}")))?;
        Ok(request)
    }

    /// What the next turn's request is stored against: the last turn, when its request could be read (with
    /// its reply once it has ended); `None` stores the next request whole.
    pub fn base(&self) -> Option<Base<'_>> {
        let last = self.last.as_ref()?;
        Some(Base {
            seq: last.seq,
            request: last.request.as_ref().ok()?,
            reply: last
                .reply
                .as_ref()
                .ok()
                .filter(|_| !last.running)
                .map(Vec::as_slice),
        })
    }
}

fn damaged(seq: u32, error: String, builds_on: Option<u32>) -> DamagedTurn {
    DamagedTurn {
        seq,
        error,
        builds_on,
    }
}
