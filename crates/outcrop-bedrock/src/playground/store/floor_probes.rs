//! The floors the cache-floor probe measured: one per model, invoked ID and Region (a re-run replaces it),
//! each with every request the probe made.

use outcrop_core::floor_probe::ProbeRequestLog;
use outcrop_core::model_facts::MeasuredFloor;
use rusqlite::params;
use serde::Serialize;
use ts_rs::TS;

use super::errors::storage_error;
use super::sessions::SessionStore;
use crate::OutcropError;

/// A measured floor as kept: what planning uses, and the requests that proved it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StoredFloorProbe {
    #[ts(type = "number")]
    pub id: i64,
    pub floor: MeasuredFloor,
    #[ts(type = "number")]
    pub measured_at_ms: u64,
    /// Each request: the candidate it tested, the prefix's size, the usage the service reported.
    pub requests: Vec<ProbeRequestLog>,
}

fn not_found(id: i64) -> OutcropError {
    OutcropError {
        code: outcrop_core::ErrorCode::NotFound,
        message: "There is no such measured floor; it may have been deleted.".into(),
        detail: format!("floor probe {id} not found"),
        fields: Vec::new(),
        aws: None,
    }
}

impl SessionStore {
    /// Keeps a measured floor, replacing the one measured before for the same model, invoked ID and Region.
    pub fn save_floor_probe(
        &self,
        floor: &MeasuredFloor,
        measured_at_ms: u64,
        requests: &[ProbeRequestLog],
    ) -> Result<StoredFloorProbe, OutcropError> {
        let requests_json = serde_json::to_string(requests).map_err(storage_error)?;
        let mut db = self.db();
        let tx = db.transaction().map_err(storage_error)?;
        tx.execute(
            "DELETE FROM floor_probes WHERE model_id = ?1 AND invoked_id = ?2 AND region = ?3",
            params![floor.model_id, floor.invoked_id, floor.region],
        )
        .map_err(storage_error)?;
        tx.execute(
            "INSERT INTO floor_probes (model_id, invoked_id, region, measured_on, measured_at_ms, tokens, not_at,
                 request_count, requests_json)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                floor.model_id,
                floor.invoked_id,
                floor.region,
                floor.measured_on,
                measured_at_ms as i64,
                floor.tokens,
                floor.not_at,
                floor.requests,
                requests_json
            ],
        )
        .map_err(storage_error)?;
        let id = tx.last_insert_rowid();
        tx.commit().map_err(storage_error)?;
        Ok(StoredFloorProbe {
            id,
            floor: floor.clone(),
            measured_at_ms,
            requests: requests.to_vec(),
        })
    }

    /// Every measured floor, oldest first (so the latest wins where two measure one model).
    pub fn floor_probes(&self) -> Result<Vec<StoredFloorProbe>, OutcropError> {
        let db = self.db();
        let mut statement = db
            .prepare(
                "SELECT id, model_id, invoked_id, region, measured_on, measured_at_ms, tokens, not_at,
                        request_count, requests_json
                 FROM floor_probes ORDER BY measured_at_ms, id",
            )
            .map_err(storage_error)?;
        let rows = statement
            .query_map([], |r| {
                let requests_json: String = r.get(9)?;
                Ok(StoredFloorProbe {
                    id: r.get(0)?,
                    floor: MeasuredFloor {
                        model_id: r.get(1)?,
                        invoked_id: r.get(2)?,
                        region: r.get(3)?,
                        measured_on: r.get(4)?,
                        tokens: r.get(6)?,
                        not_at: r.get(7)?,
                        requests: r.get(8)?,
                    },
                    measured_at_ms: u64::try_from(r.get::<_, i64>(5)?).unwrap_or(0),
                    requests: serde_json::from_str(&requests_json).unwrap_or_default(),
                })
            })
            .map_err(storage_error)?;
        rows.collect::<rusqlite::Result<_>>().map_err(storage_error)
    }

    /// Forgets a measured floor: planning goes back to the published claims (or an older measurement).
    pub fn delete_floor_probe(&self, id: i64) -> Result<(), OutcropError> {
        let deleted = self
            .db()
            .execute("DELETE FROM floor_probes WHERE id = ?1", params![id])
            .map_err(storage_error)?;
        if deleted == 0 {
            return Err(not_found(id));
        }
        Ok(())
    }
}
