//! The session database's failures, as the person reads them.

use outcrop_core::ErrorCode;

use crate::OutcropError;

pub(super) fn storage_error(error: impl std::fmt::Display) -> OutcropError {
    OutcropError {
        code: ErrorCode::Internal,
        message: "The playground's session database could not be read or written.".into(),
        detail: format!("sqlite: {error}"),
        fields: Vec::new(),
        aws: None,
    }
}

pub(super) fn not_found(id: &str) -> OutcropError {
    OutcropError {
        code: ErrorCode::NotFound,
        message: format!("There is no session {id}; it may have been deleted."),
        detail: format!("session {id} not found"),
        fields: Vec::new(),
        aws: None,
    }
}

pub(super) fn run_not_found(id: &str) -> OutcropError {
    OutcropError {
        code: ErrorCode::NotFound,
        message: format!("There is no run {id}; it may have been deleted."),
        detail: format!("run {id} not found"),
        fields: Vec::new(),
        aws: None,
    }
}
