//! The sessions of a Compare or bake-off run, as one: its members in order, deleted together.

use rusqlite::params;

use super::errors::{run_not_found, storage_error};
use super::sessions::SessionStore;
use super::types::{RunKind, RunMember, TitleSource};
use crate::OutcropError;

impl SessionStore {
    /// Deletes every session of a run (and their turns) at once; returns their IDs.
    pub fn delete_run(&self, run_id: &str) -> Result<Vec<String>, OutcropError> {
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
    pub fn run_members(&self, run_id: &str) -> Result<(RunKind, Vec<RunMember>), OutcropError> {
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
}
