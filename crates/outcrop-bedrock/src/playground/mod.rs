//! The caching-aware playground engine: plans a conversation as it is edited, sends turns, accounts for
//! every token and cent, explains cache misses, and keeps sessions.
//!
//! Decisions come from outcrop-core (plan, lint, prediction, reconciliation, pricing); this module adds the
//! calls (ConverseStream, InvokeModel, CountTokens), the clock, the session database and the price table.
//!
//! One file per concern: [`types`] (what the UI sees), [`service`] (the engine's state), [`sessions`], [`plan`]
//! (planning and CountTokens caching), `offer` (the transport and tier a model offers), [`sending`], [`bakeoff`], [`runs`] (Compare and bake-off runs as one),
//! [`copy_code`], [`floor_probe`] (the cache-floor probe), [`what_if`] (the cost what-if); [`runner`] sends a turn through its transport, [`store`] keeps sessions in SQLite.

pub mod bakeoff;
pub mod copy_code;
mod counting;
pub mod demos;
pub mod export_file;
pub mod floor_probe;
mod offer;
pub mod plan;
pub mod prices;
pub mod runner;
pub mod runs;
pub mod sending;
mod sent_turns;
pub mod service;
pub mod sessions;
pub mod sizes;
pub mod store;
pub mod types;
pub mod what_if;

pub use copy_code::{CopiedCode, CopiedRequest};
pub use floor_probe::{FloorProbeEvent, FloorProbePlan, FloorProbeReport, FloorProbeReservation};
pub use plan::Target;
pub use prices::{PriceStore, PriceTableText};
pub use runner::{Api, Backoff};
pub use sending::TurnReservation;
pub use service::{Clock, PlaygroundService, SystemClock};
pub use store::{
    RequestDelta, RunKind, SessionRun, SessionStore, SessionSummary, StoredFloorProbe, TitleSource,
    bakeoff_label, parse_bakeoff_label,
};
pub use types::{
    BakeoffEvent, BakeoffReport, BakeoffRequest, CachingRules, DamagedTurn, Draft, EarlierTurns,
    EstimateReason, Latency, PlanView, PrefixFraming, Session, SizeBasis, TURN_PAGE, TokenCountReport,
    TurnError, TurnEvent, TurnRecord, TurnStatus,
};
