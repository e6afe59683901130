//! `app_started`: the webview says when the app has painted and when it answers a click; Rust logs how long
//! each took since the process's `main`, once each (`outcrop_app::startup` at info level, as
//! `startup phase=interactive ms=412`). `cargo xtask bench` reads these lines beside its own clock.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use serde::Deserialize;
use ts_rs::TS;

use crate::IpcError;

/// When `main` began: set first thing in [`crate::run`].
static STARTED: OnceLock<Instant> = OnceLock::new();
static PAINTED: AtomicBool = AtomicBool::new(false);
static INTERACTIVE: AtomicBool = AtomicBool::new(false);

/// Notes the process's start; later calls keep the first.
pub fn mark_process_start() {
    let _ = STARTED.set(Instant::now());
}

/// A moment of the start the webview reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum StartupPhase {
    /// The first frame with the shell drawn.
    Painted,
    /// The navigation and the first page are there and answer a click.
    Interactive,
}

/// Milliseconds since the process started, logged the first time each phase is reported; `None` for a repeat.
pub fn report(phase: StartupPhase, now: Instant) -> Option<u64> {
    let flag = match phase {
        StartupPhase::Painted => &PAINTED,
        StartupPhase::Interactive => &INTERACTIVE,
    };
    if flag.swap(true, Ordering::Relaxed) {
        return None;
    }
    let started = *STARTED.get_or_init(|| now);
    let ms = now.saturating_duration_since(started).as_millis() as u64;
    let phase_name = match phase {
        StartupPhase::Painted => "painted",
        StartupPhase::Interactive => "interactive",
    };
    tracing::info!(target: "outcrop_app::startup", phase = phase_name, ms, "startup");
    Some(ms)
}

#[tauri::command]
pub async fn app_started(phase: StartupPhase) -> Result<(), IpcError> {
    report(phase, Instant::now());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_phase_is_reported_once_in_milliseconds_since_the_start() {
        mark_process_start();
        let start = *STARTED.get().unwrap();
        let later = start + std::time::Duration::from_millis(250);
        assert_eq!(report(StartupPhase::Painted, later), Some(250));
        assert_eq!(report(StartupPhase::Painted, later), None);
        let interactive = report(
            StartupPhase::Interactive,
            start + std::time::Duration::from_millis(400),
        );
        assert_eq!(interactive, Some(400));
    }
}
