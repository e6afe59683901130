//! The cache-floor probe on the user's account: fresh synthetic prefixes sent through Converse to the ID the
//! person would call, in the connection's Region, bisecting between the documented floors (outcrop-core's
//! [`outcrop_core::floor_probe`] decides what to send and what the answers prove). Sizes come from CountTokens
//! (bare foundation-model ID) where the model serves it, else from Outcrop's estimate corrected by the usage
//! each reply reports. Stop works at any moment; a stopped or failed probe records nothing. A floor it finds
//! is kept in the session database and planning uses it from then on.
//!
//! [`types`] is what the UI sees, [`run`] the probe as the engine runs it, [`requests`] each request.

pub mod requests;
pub mod run;
pub mod types;

pub use types::{FloorProbeEvent, FloorProbePlan, FloorProbeReport, FloorProbeReservation};
