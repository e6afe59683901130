//! Compare and bake-off runs as one thing: a run's sessions are deleted, exported and imported together.
//!
//! A run's export is `outcrop-run` version 1: its kind and, per session in the run's order, the label (the
//! column's target or the placement), the title and where it comes from, the draft and the turns.

use std::path::{Path, PathBuf};
use std::sync::PoisonError;

use outcrop_core::ErrorCode;
use outcrop_core::connection_input::Rule;
use outcrop_core::field_rule::count;
use serde::{Deserialize, Serialize};

use super::export_file::save_export;
use super::service::{PlaygroundService, session_id, validation};
use super::store::{ImportedSession, RunKind, SessionRun, TitleSource};
use super::types::{Draft, Session, TurnRecord};
use crate::OutcropError;

const RUN_FORMAT: &str = "outcrop-run";

/// The longest run ID and label accepted (a label is a target: a model ID, profile ID or ARN).
const MAX_RUN_ID: usize = 64;
const MAX_LABEL: usize = 2048;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RunExport {
    format: String,
    version: u32,
    kind: RunKind,
    sessions: Vec<RunSessionExport>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RunSessionExport {
    label: String,
    title: String,
    #[serde(default)]
    title_source: TitleSource,
    draft: Draft,
    turns: Vec<TurnRecord>,
}

/// Refuses a run the store should not keep: an empty or overlong ID or label.
pub(super) fn check_run(run: &SessionRun) -> Result<(), OutcropError> {
    if run.id.trim().is_empty() || run.id.len() > MAX_RUN_ID {
        return Err(validation(
            "run.id",
            Rule::RunIdLength {
                max: count(MAX_RUN_ID),
            },
            format!("A run needs an ID of 1 to {MAX_RUN_ID} characters."),
        ));
    }
    if run.label.len() > MAX_LABEL {
        return Err(validation(
            "run.label",
            Rule::RunLabelTooLong {
                max: count(MAX_LABEL),
            },
            format!("A run's label is at most {MAX_LABEL} characters."),
        ));
    }
    Ok(())
}

/// Whether `json` is a run's export (rather than a session's).
pub(super) fn is_run_export(json: &str) -> bool {
    #[derive(Deserialize)]
    struct Format {
        format: String,
    }
    serde_json::from_str::<Format>(json).is_ok_and(|f| f.format == RUN_FORMAT)
}

fn run_id(now_ms: u64) -> String {
    // Session IDs are unique per call; a run's takes one with its own prefix.
    format!("r{}", &session_id(now_ms)[1..])
}

impl PlaygroundService {
    /// Deletes every session of a run, with their turns; returns how many there were.
    pub fn delete_run(&self, run_id: &str) -> Result<usize, OutcropError> {
        let ids = self.store.delete_run(run_id)?;
        let mut trackers = self.trackers.lock().unwrap_or_else(PoisonError::into_inner);
        for id in &ids {
            trackers.remove(id);
        }
        Ok(ids.len())
    }

    /// The run as JSON another Outcrop can import: every session of it, in the run's order.
    pub fn export_run(&self, run_id: &str) -> Result<String, OutcropError> {
        let (kind, members) = self.store.run_members(run_id)?;
        let mut sessions = Vec::with_capacity(members.len());
        for member in members {
            sessions.push(RunSessionExport {
                label: member.label,
                title: member.title,
                title_source: member.title_source,
                draft: self.store.draft(&member.id)?,
                turns: self.store.turns(&member.id)?,
            });
        }
        let export = RunExport {
            format: RUN_FORMAT.into(),
            version: 1,
            kind,
            sessions,
        };
        serde_json::to_string_pretty(&export).map_err(|e| OutcropError {
            code: ErrorCode::Internal,
            message: "The run could not be written as JSON.".into(),
            detail: e.to_string(),
            fields: Vec::new(),
            aws: None,
        })
    }

    /// Writes the exported run into `dir` as `<kind> - <question>.outcrop-run.json` (never over an existing
    /// file) and returns the file's path.
    pub fn export_run_to(&self, run_id: &str, dir: &Path) -> Result<PathBuf, OutcropError> {
        let json = self.export_run(run_id)?;
        let (kind, members) = self.store.run_members(run_id)?;
        let kind = match kind {
            RunKind::Compare => "compare",
            RunKind::Bakeoff => "bake-off",
        };
        let question = members
            .iter()
            .find(|m| m.title_source == TitleSource::Auto && !m.title.is_empty())
            .or(members.first())
            .map(|m| m.title.as_str())
            .unwrap_or_default();
        let title = if question.is_empty() {
            kind.to_owned()
        } else {
            format!("{kind} - {question}")
        };
        save_export(dir, &title, kind, "outcrop-run.json", &json)
    }

    /// Imports an exported run as a new run; returns its first session.
    pub(super) fn import_run(&self, json: &str) -> Result<Session, OutcropError> {
        let export: RunExport = serde_json::from_str(json).map_err(|e| {
            validation(
                "file",
                Rule::NotRunExport {
                    line: count(e.line()),
                    column: count(e.column()),
                    error: e.to_string(),
                },
                format!(
                    "This is not an Outcrop run export (line {}, column {}: {e}).",
                    e.line(),
                    e.column()
                ),
            )
        })?;
        if export.version != 1 {
            return Err(validation(
                "file",
                Rule::RunExportVersion {
                    version: export.version,
                },
                format!(
                    "This file is \"{RUN_FORMAT}\" version {}; Outcrop imports version 1.",
                    export.version
                ),
            ));
        }
        if export.sessions.is_empty() {
            return Err(validation(
                "file",
                Rule::RunExportEmpty,
                "This run export holds no sessions.",
            ));
        }
        let now = self.clock.now_ms();
        let run = run_id(now);
        let sessions: Vec<ImportedSession> = export
            .sessions
            .into_iter()
            .map(|member| {
                let session = SessionRun {
                    id: run.clone(),
                    kind: export.kind,
                    label: member.label,
                };
                check_run(&session)?;
                Ok(ImportedSession {
                    id: session_id(now),
                    title: member.title,
                    title_source: member.title_source,
                    run: Some(session),
                    draft: member.draft,
                    turns: member.turns,
                })
            })
            .collect::<Result<_, OutcropError>>()?;
        self.store.import(&sessions, now)?;
        self.session(&sessions[0].id)
    }
}
