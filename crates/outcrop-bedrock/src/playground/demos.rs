//! The demo library: the demos shipped with Outcrop, and those imported or recorded from a session, kept as one
//! file each in the data folder; exported to the exports folder like sessions.

use std::path::{Path, PathBuf};

use outcrop_core::ErrorCode;
use outcrop_core::connection_input::Rule;
use outcrop_core::demo::{Demo, DemoSource, shipped_demos};
use serde::Serialize;
use ts_rs::TS;

use super::export_file::save_export;
use super::service::{PlaygroundService, validation};
use crate::OutcropError;

/// A demo and where it came from.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DemoEntry {
    pub demo: Demo,
    pub source: DemoSource,
}

/// The demos there are, and the kept files that could not be read (named, so they can be looked at).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DemoLibrary {
    pub demos: Vec<DemoEntry>,
    pub unreadable: Vec<String>,
}

fn io_error(what: &str, path: &Path, error: &std::io::Error) -> OutcropError {
    OutcropError {
        code: ErrorCode::Internal,
        message: format!("The demo could not be {what} {}.", path.display()),
        detail: error.to_string(),
        fields: Vec::new(),
        aws: None,
    }
}

impl PlaygroundService {
    /// The shipped demos, then the kept ones by title.
    pub fn demos(&self) -> Result<DemoLibrary, OutcropError> {
        let mut demos: Vec<DemoEntry> = shipped_demos()
            .into_iter()
            .map(|demo| DemoEntry {
                demo,
                source: DemoSource::Shipped,
            })
            .collect();
        let mut kept = Vec::new();
        let mut unreadable = Vec::new();
        let entries = match std::fs::read_dir(&self.demos_dir) {
            Ok(entries) => entries.flatten().collect::<Vec<_>>(),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(error) => return Err(io_error("read from", &self.demos_dir, &error)),
        };
        for entry in entries {
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "json") {
                continue;
            }
            match std::fs::read_to_string(&path)
                .ok()
                .and_then(|json| Demo::from_json(&json).ok())
            {
                Some(demo) => kept.push(DemoEntry {
                    demo,
                    source: DemoSource::Imported,
                }),
                None => unreadable.push(entry.file_name().to_string_lossy().into_owned()),
            }
        }
        kept.sort_by(|a, b| a.demo.title.cmp(&b.demo.title).then(a.demo.id.cmp(&b.demo.id)));
        unreadable.sort();
        demos.extend(kept);
        Ok(DemoLibrary { demos, unreadable })
    }

    /// One demo by its ID.
    pub fn demo(&self, id: &str) -> Result<Demo, OutcropError> {
        self.demos()?
            .demos
            .into_iter()
            .find(|entry| entry.demo.id == id)
            .map(|entry| entry.demo)
            .ok_or_else(|| OutcropError {
                code: ErrorCode::NotFound,
                message: format!("There is no demo “{id}”."),
                detail: String::new(),
                fields: Vec::new(),
                aws: None,
            })
    }

    /// Keeps a demo file's text (checked) in the library; a shipped demo's ID is refused, another kept one's is
    /// replaced.
    pub fn import_demo(&self, json: &str) -> Result<DemoEntry, OutcropError> {
        let demo = Demo::from_json(json).map_err(|problems| OutcropError::from_field_errors(&problems))?;
        self.keep(demo)
    }

    /// Records `session_id` as a demo: its questions in order, the conversation before the first one, and what
    /// its tools answered; kept in the library as `id`.
    pub fn demo_from_session(
        &self,
        session_id: &str,
        id: &str,
        title: &str,
        lang: &str,
    ) -> Result<DemoEntry, OutcropError> {
        let turns = self.store.turns(session_id)?;
        let Some(last) = turns.last() else {
            return Err(validation(
                "session",
                Rule::DemoQuestionCount { max: 20 },
                "This session has no turns yet: send a question first.",
            ));
        };
        let requests: Vec<_> = turns.iter().map(|t| t.request.clone()).collect();
        let mut demo = Demo::from_turns(id, title, lang, &last.model_choice, last.api, &requests)
            .ok_or_else(|| {
                validation(
                    "session",
                    Rule::DemoQuestionCount { max: 20 },
                    "No turn of this session asked a question.",
                )
            })?;
        demo.questions.truncate(outcrop_core::demo::MAX_DEMO_QUESTIONS);
        let problems = demo.problems();
        if !problems.is_empty() {
            return Err(OutcropError::from_field_errors(&problems));
        }
        self.keep(demo)
    }

    fn keep(&self, demo: Demo) -> Result<DemoEntry, OutcropError> {
        if shipped_demos().iter().any(|shipped| shipped.id == demo.id) {
            return Err(validation(
                "id",
                Rule::DemoIdShipped { id: demo.id.clone() },
                format!(
                    "“{}” is the ID of a demo that ships with Outcrop; give yours another.",
                    demo.id
                ),
            ));
        }
        let path = self.demos_dir.join(format!("{}.json", demo.id));
        crate::private_files::write_private(&path, demo.to_json().as_bytes())
            .map_err(|e| io_error("saved to", &path, &e))?;
        Ok(DemoEntry {
            demo,
            source: DemoSource::Imported,
        })
    }

    /// Deletes a kept demo; false when there was none (shipped demos cannot be deleted).
    pub fn delete_demo(&self, id: &str) -> Result<bool, OutcropError> {
        if shipped_demos().iter().any(|shipped| shipped.id == id) {
            return Ok(false);
        }
        let path = self.demos_dir.join(format!("{id}.json"));
        if !self
            .demos()?
            .demos
            .iter()
            .any(|e| e.demo.id == id && e.source == DemoSource::Imported)
        {
            return Ok(false);
        }
        std::fs::remove_file(&path).map_err(|e| io_error("deleted from", &path, &e))?;
        Ok(true)
    }

    /// Saves a demo as a file in `dir` (never over another) and returns its path.
    pub fn export_demo_to(&self, id: &str, dir: &Path) -> Result<PathBuf, OutcropError> {
        let demo = self.demo(id)?;
        save_export(dir, &demo.title, "demo", "outcrop-demo.json", &demo.to_json())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::playground::{Backoff, SystemClock};

    #[test]
    fn demos_are_imported_kept_exported_and_deleted_and_shipped_ones_stay() {
        let dir = tempfile::tempdir().unwrap();
        let service = PlaygroundService::open(dir.path(), Arc::new(SystemClock), Backoff::default()).unwrap();
        let shipped = service.demos().unwrap().demos;
        assert_eq!(shipped.len(), 4);
        assert!(shipped.iter().all(|e| e.source == DemoSource::Shipped));

        let mut mine = shipped[0].demo.clone();
        let refused = service.import_demo(&mine.to_json()).unwrap_err();
        assert_eq!(
            refused.fields[0].rule,
            Rule::DemoIdShipped { id: mine.id.clone() }
        );

        mine.id = "my-handbook".into();
        mine.title = "My handbook".into();
        service.import_demo(&mine.to_json()).unwrap();
        std::fs::write(dir.path().join("demos").join("broken.json"), "{").unwrap();
        let library = service.demos().unwrap();
        assert_eq!(library.demos.len(), 5);
        assert_eq!(library.demos[4].source, DemoSource::Imported);
        assert_eq!(library.unreadable, ["broken.json"]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join("demos").join("my-handbook.json"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }

        let exports = dir.path().join("exports");
        let path = service.export_demo_to("my-handbook", &exports).unwrap();
        assert!(path.ends_with("My handbook.outcrop-demo.json"));
        let back = Demo::from_json(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(back, mine);

        assert!(!service.delete_demo(&shipped[0].demo.id).unwrap());
        assert!(service.delete_demo("my-handbook").unwrap());
        assert!(!service.delete_demo("my-handbook").unwrap());
        assert_eq!(service.demos().unwrap().demos.len(), 4);
        assert_eq!(service.demo("nope").unwrap_err().code, ErrorCode::NotFound);
    }
}
