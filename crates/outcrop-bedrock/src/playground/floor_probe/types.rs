//! What the cache-floor probe shows and reports: its plan before it runs, its progress, how it ended, and
//! the reservation that lets Stop work from the first moment.

use std::sync::{Arc, Mutex, PoisonError};

use outcrop_core::ErrorCode;
use outcrop_core::floor_probe::{FloorOutcome, ProbePlan, ProbeRequestLog};
use outcrop_core::model_facts::{FloorClaim, MeasuredFloor};
use serde::Serialize;
use tokio_util::sync::CancellationToken;
use ts_rs::TS;

use crate::OutcropError;
use crate::playground::store::StoredFloorProbe;

/// What a probe of a model will send and can cost, for the person to confirm.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FloorProbePlan {
    /// The foundation model measured.
    pub model_id: String,
    /// The ID the probe invokes (the profile the playground would call).
    pub invoked_id: String,
    pub region: String,
    /// The model's name in Outcrop's facts, when it has them.
    pub model_name: Option<String>,
    pub plan: ProbePlan,
    /// The published claims the probe tests, with their sources.
    pub floor_claims: Vec<FloorClaim>,
    /// What an earlier probe measured, when one did.
    pub measured: Option<MeasuredFloor>,
    /// The date of the prices the worst case is computed from.
    pub prices_as_of: Option<String>,
}

/// Progress of a probe, one event per request.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "event", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum FloorProbeEvent {
    Started {
        invoked_id: String,
        region: String,
        max_requests: u32,
        candidates: Vec<u32>,
        /// Sizes are counted with CountTokens (else estimated and corrected from usage).
        counted: bool,
    },
    /// Request `number` (from 1) came back.
    Request {
        number: u32,
        log: ProbeRequestLog,
        /// Whether the candidate cached, once this request decided it.
        cached: Option<bool>,
    },
}

/// How a probe ended.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "status", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum FloorProbeReport {
    /// A floor was found and kept; planning uses it from now on.
    Measured {
        outcome: FloorOutcome,
        probe: StoredFloorProbe,
    },
    /// Nothing cached even at the largest candidate: nothing is kept.
    AboveEvery {
        not_at: u32,
        requests: Vec<ProbeRequestLog>,
    },
    /// Stopped before the floor was decided: nothing is kept.
    Stopped { requests: Vec<ProbeRequestLog> },
    /// The request bound was reached before the floor was decided (sizes estimated far off): nothing is kept.
    Undecided { requests: Vec<ProbeRequestLog> },
    /// The answers contradict a fixed floor (a size cached, a larger one did not; a cross-Region profile may
    /// have routed requests to different Regions): nothing is kept.
    Inconsistent {
        cached_at: u32,
        missed_at: u32,
        requests: Vec<ProbeRequestLog>,
    },
}

/// The running probe, reserved so Stop works from the first moment; dropping it frees the slot.
#[derive(Debug)]
pub struct FloorProbeReservation {
    pub(super) slot: Arc<Mutex<Option<CancellationToken>>>,
    pub(super) token: CancellationToken,
}

impl Drop for FloorProbeReservation {
    fn drop(&mut self) {
        *self.slot.lock().unwrap_or_else(PoisonError::into_inner) = None;
    }
}

pub(super) fn stopped() -> OutcropError {
    OutcropError {
        code: ErrorCode::Conflict,
        message: "The probe was stopped.".into(),
        detail: "floor probe cancelled".into(),
        fields: Vec::new(),
        aws: None,
    }
}
