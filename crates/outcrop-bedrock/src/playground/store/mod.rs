//! Sessions and turns in SQLite (`playground.sqlite3` in the app data directory).
//!
//! Write-ahead logging, one transaction per change: a turn is written as `running` when it is sent and
//! completed in one statement when it ends, so a process killed mid-stream leaves a readable database with
//! every completed turn; on the next open, turns left `running` are marked `interrupted`.
//!
//! The schema is versioned (`PRAGMA user_version`); opening a database written by an older Outcrop applies the
//! migrations it lacks, each in its own transaction.
//!
//! A turn keeps only what its request added to the turn before it ([`request_delta`], read back in order by
//! [`chain`]), so a long conversation over a large document stores the document once; the session list
//! searches an FTS5 index of titles, questions and answers ([`search`]).
//!
//! [`sessions`] opens the database and keeps sessions, [`turns`] their turns, [`runs`] groups them, [`schema`]
//! migrates, [`floor_probes`] keeps the floors the cache-floor probe measured; [`types`] is what it keeps besides drafts and turns.

mod chain;
mod errors;
pub mod floor_probes;
pub mod request_delta;
pub mod runs;
pub mod schema;
mod search;
pub mod sessions;
pub mod turns;
pub mod types;

#[cfg(test)]
mod large_tests;
#[cfg(test)]
mod tests;

pub use floor_probes::StoredFloorProbe;
pub use request_delta::RequestDelta;
pub use sessions::SessionStore;
pub use turns::TurnPage;
pub use types::{
    ImportedSession, RunKind, RunMember, SessionRun, SessionSummary, TitleSource, bakeoff_label,
    parse_bakeoff_label, placement_key,
};
