//! `connections.json` in the app's data directory: read once, kept aside (never overwritten) when damaged,
//! written atomically.

use std::path::{Path, PathBuf};

use outcrop_core::ErrorCode;
use serde::{Deserialize, Serialize};

use super::types::SavedConnection;
use crate::error::OutcropError;

const FILE_NAME: &str = "connections.json";

/// What the file holds.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ConnectionsFile {
    pub(super) connections: Vec<SavedConnection>,
    pub(super) active_id: Option<String>,
    pub(super) welcome_done: bool,
}

/// Where the file lives, and whether it may be written.
#[derive(Debug)]
pub(super) struct ConnectionsStore {
    path: PathBuf,
    /// Set when the file could not be read and was kept aside.
    pub(super) notice: Option<String>,
    /// The file on disk could not be read or kept aside: saving would overwrite it.
    read_only: bool,
}

pub(super) fn internal(message: impl Into<String>, detail: impl Into<String>) -> OutcropError {
    OutcropError {
        code: ErrorCode::Internal,
        message: message.into(),
        detail: detail.into(),
        fields: Vec::new(),
        aws: None,
    }
}

impl ConnectionsStore {
    /// Reads the file in `data_dir`. A damaged file is kept aside (never overwritten) and `notice` says so.
    pub(super) fn open(data_dir: &Path) -> (Self, ConnectionsFile) {
        let path = data_dir.join(FILE_NAME);
        let mut read_only = false;
        let (file, notice) = match std::fs::read(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (ConnectionsFile::default(), None),
            Err(e) => {
                read_only = true;
                let notice = format!(
                    "Saved connections in {} could not be read ({e}); nothing will be saved until that is fixed, so the file is not overwritten.",
                    path.display()
                );
                (ConnectionsFile::default(), Some(notice))
            }
            Ok(bytes) => match serde_json::from_slice::<ConnectionsFile>(&bytes) {
                Ok(file) => (file, None),
                Err(e) => {
                    let kept = data_dir.join(format!("{FILE_NAME}.damaged"));
                    let moved = std::fs::rename(&path, &kept).is_ok();
                    tracing::warn!(error = %e, "connections.json is damaged");
                    let notice = if moved {
                        format!(
                            "Saved connections were damaged and have been kept as {}; add your connections again.",
                            kept.display()
                        )
                    } else {
                        read_only = true;
                        format!(
                            "Saved connections in {} are damaged ({e}) and could not be moved aside; nothing will be saved until that is fixed, so the file is not overwritten.",
                            path.display()
                        )
                    };
                    (ConnectionsFile::default(), Some(notice))
                }
            },
        };
        (
            Self {
                path,
                notice,
                read_only,
            },
            file,
        )
    }

    /// Writes the file atomically (a temporary file, then a rename).
    pub(super) fn save(&self, file: &ConnectionsFile) -> Result<(), OutcropError> {
        if self.read_only {
            return Err(internal(
                format!(
                    "Outcrop will not overwrite {}, which it could not read; move or repair it and restart Outcrop",
                    self.path.display()
                ),
                self.notice.clone().unwrap_or_default(),
            ));
        }
        let fail = |e: std::io::Error| {
            internal(
                format!(
                    "Outcrop could not save connections to {}; check the folder's permissions",
                    self.path.display()
                ),
                e.to_string(),
            )
        };
        let json = serde_json::to_vec_pretty(file)
            .map_err(|e| internal("Outcrop could not save connections", e.to_string()))?;
        crate::private_files::write_private(&self.path, &json).map_err(fail)
    }
}
