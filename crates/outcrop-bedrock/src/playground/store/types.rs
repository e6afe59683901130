//! What the session database keeps besides drafts and turns: where a title comes from, the Compare or
//! bake-off run a session belongs to, a line of the session list, a session to import.

use outcrop_core::bakeoff::Placement;
use outcrop_core::conversation::{Api, Conversation};
use outcrop_core::session_title::session_title;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::playground::types::{Draft, TurnRecord};

/// Where a session's title comes from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum TitleSource {
    /// The first question (empty until there is one); follows the draft until the first turn is sent.
    #[default]
    Auto,
    /// Given or renamed by the person; never replaced.
    User,
}

impl TitleSource {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Self::Auto => "auto",
            Self::User => "user",
        }
    }

    pub(super) fn parse(text: &str) -> Self {
        if text == "auto" { Self::Auto } else { Self::User }
    }
}

/// What kind of run made a group of sessions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum RunKind {
    /// Compare: one session per target column.
    Compare,
    /// The placement bake-off: one session per placement.
    Bakeoff,
}

impl RunKind {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Self::Compare => "compare",
            Self::Bakeoff => "bakeoff",
        }
    }

    pub(super) fn parse(text: &str) -> Option<Self> {
        match text {
            "compare" => Some(Self::Compare),
            "bakeoff" => Some(Self::Bakeoff),
            _ => None,
        }
    }
}

/// The run a session belongs to, and its place in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SessionRun {
    /// Shared by every session of the run.
    pub id: String,
    pub kind: RunKind,
    /// Compare: the column's target (model ID, profile ID or ARN). Bake-off: the placement and the transport
    /// (`systemOnly/invokeModel`; runs kept before there was a transport choice: the placement alone).
    pub label: String,
}

pub(super) fn run_from(
    id: Option<String>,
    kind: Option<String>,
    label: Option<String>,
) -> Option<SessionRun> {
    Some(SessionRun {
        id: id?,
        kind: RunKind::parse(&kind?)?,
        label: label.unwrap_or_default(),
    })
}

/// The automatic title of a session: its first question, from the first turn sent, else from the draft.
pub(super) fn auto_title(first_request: Option<&Conversation>, draft: &Conversation) -> String {
    session_title(first_request.unwrap_or(draft)).unwrap_or_default()
}

/// A placement as the UI and the database name it (`systemOnly`).
pub fn placement_key(placement: Placement) -> String {
    serde_json::to_value(placement)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// A bake-off session's label: its placement and its transport, as the UI and the database name them
/// (`systemOnly/invokeModel`).
pub fn bakeoff_label(placement: Placement, api: Api) -> String {
    let api = serde_json::to_value(api)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    format!("{}/{api}", placement_key(placement))
}

/// The placement and transport a bake-off label names; `None` for the transport of a label kept before there
/// was a transport choice (the run went through its draft's transport).
pub fn parse_bakeoff_label(label: &str) -> Option<(Placement, Option<Api>)> {
    let (placement, api) = match label.split_once('/') {
        Some((placement, api)) => (placement, Some(api)),
        None => (label, None),
    };
    let word = |w: &str| serde_json::Value::String(w.to_owned());
    let placement = serde_json::from_value(word(placement)).ok()?;
    match api {
        Some(api) => Some((placement, Some(serde_json::from_value(word(api)).ok()?))),
        None => Some((placement, None)),
    }
}

/// A session to add with its turns, as they were (an import).
#[derive(Debug, Clone)]
pub struct ImportedSession {
    pub id: String,
    pub title: String,
    pub title_source: TitleSource,
    pub run: Option<SessionRun>,
    pub draft: Draft,
    pub turns: Vec<TurnRecord>,
}

/// A member of a run, in the run's order.
#[derive(Debug, Clone, PartialEq)]
pub struct RunMember {
    pub id: String,
    pub title: String,
    pub title_source: TitleSource,
    pub label: String,
}

/// One line of the session list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SessionSummary {
    pub id: String,
    /// Empty while an automatic title has no question to come from (the UI words "Untitled").
    pub title: String,
    pub title_source: TitleSource,
    /// The Compare or bake-off run the session belongs to; `None` for a session of its own.
    pub run: Option<SessionRun>,
    #[ts(type = "number")]
    pub created_at_ms: u64,
    #[ts(type = "number")]
    pub updated_at_ms: u64,
    pub model_choice: String,
    pub turns: u32,
    pub cost: f64,
    pub saved: f64,
}
