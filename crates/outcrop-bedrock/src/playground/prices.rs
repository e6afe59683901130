//! The price table the playground charges turns with: the bundled one, or the person's own copy
//! (`prices.json` in the app data directory) once they edit it.

use std::path::{Path, PathBuf};
use std::sync::{PoisonError, RwLock};

use outcrop_core::ErrorCode;
use outcrop_core::connection_input::{FieldError, Rule};
use outcrop_core::pricing::{BUNDLED_PRICES, PriceTable};
use serde::Serialize;
use ts_rs::TS;

use crate::OutcropError;

/// The table as the editor shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PriceTableText {
    /// The table's JSON, as saved (or as bundled).
    pub json: String,
    /// True when the person's own copy is in use.
    pub customised: bool,
    pub as_of: String,
    pub source: String,
    /// The bundled table, to compare with or go back to.
    pub bundled_as_of: String,
}

/// The table in use: parsed, as the JSON it was read from, and whether it is the person's own copy.
#[derive(Debug)]
struct CurrentTable {
    table: PriceTable,
    json: String,
    customised: bool,
}

impl CurrentTable {
    fn bundled() -> Self {
        Self {
            table: PriceTable::bundled(),
            json: BUNDLED_PRICES.to_owned(),
            customised: false,
        }
    }
}

#[derive(Debug)]
pub struct PriceStore {
    path: PathBuf,
    current: RwLock<CurrentTable>,
}

impl PriceStore {
    /// Loads the person's copy from `data_dir` when there is a valid one; otherwise the bundled table.
    pub fn open(data_dir: &Path) -> Self {
        let path = data_dir.join("prices.json");
        let current = match std::fs::read_to_string(&path) {
            Ok(json) => match PriceTable::from_json(&json) {
                Ok(table) => CurrentTable {
                    table,
                    json,
                    customised: true,
                },
                Err(error) => {
                    tracing::warn!(%error, path = %path.display(), "the saved price table is invalid; using the bundled one");
                    CurrentTable::bundled()
                }
            },
            Err(_) => CurrentTable::bundled(),
        };
        Self {
            path,
            current: RwLock::new(current),
        }
    }

    pub fn table(&self) -> PriceTable {
        self.current
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .table
            .clone()
    }

    pub fn text(&self) -> PriceTableText {
        let current = self.current.read().unwrap_or_else(PoisonError::into_inner);
        PriceTableText {
            json: current.json.clone(),
            customised: current.customised,
            as_of: current.table.as_of.clone(),
            source: current.table.source.clone(),
            bundled_as_of: PriceTable::bundled().as_of,
        }
    }

    /// Checks and saves an edited table; on any error nothing changes and the error says what to fix.
    pub fn save(&self, json: &str) -> Result<PriceTableText, OutcropError> {
        let table = PriceTable::from_json(json).map_err(|error| {
            OutcropError::from_field_errors(&[FieldError::new(
                "prices",
                Rule::PriceTableInvalid {
                    error: error.to_string(),
                },
                format!("The price table was not saved: {error}."),
            )])
        })?;
        if table.models.is_empty() {
            return Err(OutcropError::from_field_errors(&[FieldError::new(
                "prices",
                Rule::PriceTableEmpty,
                "The price table was not saved: it lists no models.",
            )]));
        }
        crate::private_files::write_private(&self.path, json.as_bytes()).map_err(|error| OutcropError {
            code: ErrorCode::Internal,
            message: format!("The price table could not be written to {}.", self.path.display()),
            detail: error.to_string(),
            fields: Vec::new(),
            aws: None,
        })?;
        *self.current.write().unwrap_or_else(PoisonError::into_inner) = CurrentTable {
            table,
            json: json.to_owned(),
            customised: true,
        };
        Ok(self.text())
    }

    /// Goes back to the bundled table (the person's copy is removed).
    pub fn reset(&self) -> Result<PriceTableText, OutcropError> {
        match std::fs::remove_file(&self.path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => {
                return Err(OutcropError {
                    code: ErrorCode::Internal,
                    message: format!("{} could not be removed.", self.path.display()),
                    detail: error.to_string(),
                    fields: Vec::new(),
                    aws: None,
                });
            }
        }
        *self.current.write().unwrap_or_else(PoisonError::into_inner) = CurrentTable::bundled();
        Ok(self.text())
    }
}
