//! Sessions: create, read, list, save the draft, rename, delete, export (to JSON or a file) and import.

use std::path::Path;
use std::sync::PoisonError;

use outcrop_core::ErrorCode;
use outcrop_core::connection_input::Rule;
use outcrop_core::field_rule::count;
use serde::{Deserialize, Serialize};

use super::export_file::save_export;
use super::runs;
use super::service::{PlaygroundService, session_id, validation};
use super::store::{self, SessionRun, SessionSummary, TitleSource};
use super::types::{Draft, EarlierTurns, Session, TURN_PAGE, TurnRecord};
use crate::OutcropError;

/// The exported form of a session (`outcrop-session`, version 1).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SessionExport {
    format: String,
    version: u32,
    title: String,
    draft: Draft,
    turns: Vec<TurnRecord>,
}

const EXPORT_FORMAT: &str = "outcrop-session";

impl PlaygroundService {
    /// A new session; with no `title`, it is named after its first question. `run` puts it in a Compare or
    /// bake-off run, listed as one with the run's other sessions.
    pub fn create_session(
        &self,
        title: &str,
        draft: Draft,
        run: Option<SessionRun>,
    ) -> Result<Session, OutcropError> {
        if let Some(run) = &run {
            runs::check_run(run)?;
        }
        let now = self.clock.now_ms();
        let id = session_id(now);
        self.store.create(&id, title, run.as_ref(), &draft, now)?;
        self.session(&id)
    }

    /// The session as the screen opens it: its latest [`TURN_PAGE`] turns, every damaged turn named, and the
    /// totals of every turn.
    pub fn session(&self, id: &str) -> Result<Session, OutcropError> {
        let now = self.clock.now_ms();
        let page = self.store.turn_page(id, None, TURN_PAGE)?;
        Ok(Session {
            id: id.to_owned(),
            title: self.store.title(id)?,
            draft: self.store.draft(id)?,
            turns: page.turns,
            earlier_turns: page.earlier,
            damaged_turns: page.damaged,
            totals: page.totals,
            cache: self.tracker(id)?.countdown(now),
            now_ms: now,
        })
    }

    /// The [`TURN_PAGE`] turns before turn `before` of a session (fewer at its start).
    pub fn earlier_turns(&self, id: &str, before: u32) -> Result<EarlierTurns, OutcropError> {
        self.store.title(id)?;
        let page = self.store.turn_page(id, Some(before), TURN_PAGE)?;
        Ok(EarlierTurns {
            turns: page.turns,
            earlier_turns: page.earlier,
        })
    }

    pub fn list_sessions(&self, query: &str) -> Result<Vec<SessionSummary>, OutcropError> {
        self.store.list(query)
    }

    /// Saves the editor's draft and returns the session's title (named after the draft's question until the
    /// first send, unless renamed). Refused while a turn of the session runs: the turn saves the draft it sent
    /// (with the answer) when it ends, and an edit saved in between would be overwritten or lose the answer.
    pub fn save_draft(&self, id: &str, draft: &Draft) -> Result<String, OutcropError> {
        if self
            .running
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .contains_key(id)
        {
            return Err(OutcropError {
                code: ErrorCode::Conflict,
                message: "A turn of this session is running; the draft is saved when it ends.".into(),
                detail: format!("session {id} is sending"),
                fields: Vec::new(),
                aws: None,
            });
        }
        self.store.save_draft(id, draft, self.clock.now_ms())
    }

    pub fn rename_session(&self, id: &str, title: &str) -> Result<(), OutcropError> {
        if title.trim().is_empty() {
            return Err(validation(
                "title",
                Rule::SessionTitleEmpty,
                "A session needs a title.",
            ));
        }
        self.store.rename(id, title.trim())
    }

    pub fn delete_session(&self, id: &str) -> Result<(), OutcropError> {
        self.trackers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(id);
        self.store.delete(id)
    }

    /// The session as JSON another Outcrop can import.
    pub fn export_session(&self, id: &str) -> Result<String, OutcropError> {
        let export = SessionExport {
            format: EXPORT_FORMAT.into(),
            version: 1,
            title: self.store.title(id)?,
            draft: self.store.draft(id)?,
            turns: self.store.turns(id)?,
        };
        serde_json::to_string_pretty(&export).map_err(|e| OutcropError {
            code: ErrorCode::Internal,
            message: "The session could not be written as JSON.".into(),
            detail: e.to_string(),
            fields: Vec::new(),
            aws: None,
        })
    }

    /// Writes the exported session into `dir` as `<title>.outcrop-session.json` (never over an existing
    /// file: `… (2).outcrop-session.json` and so on) and returns the file's path.
    pub fn export_session_to(&self, id: &str, dir: &Path) -> Result<std::path::PathBuf, OutcropError> {
        let json = self.export_session(id)?;
        let title = self.store.title(id)?;
        save_export(dir, &title, "session", "outcrop-session.json", &json)
    }

    /// Imports an exported session as a new one, or an exported run as a new run (opening its first session).
    pub fn import_session(&self, json: &str) -> Result<Session, OutcropError> {
        if runs::is_run_export(json) {
            return self.import_run(json);
        }
        let export: SessionExport = serde_json::from_str(json).map_err(|e| {
            validation(
                "file",
                Rule::NotSessionExport {
                    line: count(e.line()),
                    column: count(e.column()),
                    error: e.to_string(),
                },
                format!(
                    "This is not an Outcrop session export (line {}, column {}: {e}).",
                    e.line(),
                    e.column()
                ),
            )
        })?;
        if export.format != EXPORT_FORMAT || export.version != 1 {
            return Err(validation(
                "file",
                Rule::SessionExportVersion {
                    format: export.format.clone(),
                    version: export.version,
                },
                format!(
                    "This file is \"{}\" version {}; Outcrop imports \"{EXPORT_FORMAT}\" version 1.",
                    export.format, export.version
                ),
            ));
        }
        let now = self.clock.now_ms();
        let id = session_id(now);
        let (title, title_source) = if export.title.trim().is_empty() {
            (String::new(), TitleSource::Auto)
        } else {
            (format!("{} (imported)", export.title), TitleSource::User)
        };
        self.store.import(
            &[store::ImportedSession {
                id: id.clone(),
                title,
                title_source,
                run: None,
                draft: export.draft,
                turns: export.turns,
            }],
            now,
        )?;
        self.session(&id)
    }
}
