//! A report to hand out: a session, a Compare or a bake-off as one self-contained HTML document (inline CSS,
//! charts drawn in as SVG, no script, nothing fetched from the network), ready to print to PDF.
//!
//! Every word a person reads comes from the caller: the UI words the report in the person's language and passes
//! the words as [`ReportLabels`]; the rows' names, the parameters and the recommendation's reasons arrive already
//! worded in [`ReportInput`]. Rust adds only numbers, formatted one way for every language ("12,345",
//! "$0.0123"), and the layout.

mod chart;
mod format;
mod html;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use format::{escape, format_count, format_ms, format_usd, format_usd_tick};
pub use html::render_html;

/// What the report is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ReportKind {
    /// One playground session: a row per turn.
    Session,
    /// A Compare run: a group per column.
    Compare,
    /// A placement bake-off: a group per run (strategy).
    Bakeoff,
}

/// A parameter and its value, both as the person reads them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReportPair {
    pub name: String,
    pub value: String,
}

/// Where a group's requests went.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReportTarget {
    /// What the person picked (a model ID, a profile ID or ARN, a name).
    pub model_choice: String,
    /// The ID requests were sent to; empty when nothing was resolved.
    pub resolved_id: String,
    pub region: String,
    /// The transport, worded (e.g. "Converse").
    pub transport: String,
    /// The service tier, worded; empty for the default.
    pub tier: String,
    /// The inference parameters set (empty: the model's defaults).
    pub parameters: Vec<ReportPair>,
}

/// One row: a turn of a session (or of a column or a run).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReportTurn {
    /// The row's name, worded ("Turn 1").
    pub label: String,
    /// The question sent (redacted when presenting).
    pub question: String,
    /// Uncached input.
    #[ts(type = "number")]
    pub input_tokens: u64,
    #[ts(type = "number")]
    pub output_tokens: u64,
    #[ts(type = "number")]
    pub cache_read_tokens: u64,
    #[ts(type = "number")]
    pub cache_write_tokens: u64,
    /// US dollars.
    pub cost: f64,
    pub cost_without_cache: f64,
    /// `cost_without_cache - cost`; negative while cache writes have not paid back.
    pub saved: f64,
    /// Time to first token, in milliseconds; `None` when not measured.
    #[ts(type = "number | null")]
    pub first_token_ms: Option<u64>,
}

/// A price list entry the costs come from.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReportPriceSource {
    /// The entry's date.
    pub as_of: String,
    /// Where the prices come from (a URL or a note), shown as text, never linked.
    pub source: String,
}

/// A session, a Compare column or a bake-off run.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReportGroup {
    /// Its name, worded (the session title, the column's label, the placement).
    pub label: String,
    pub target: ReportTarget,
    pub turns: Vec<ReportTurn>,
    /// The prices used; `None` when the model has no price entry.
    pub price: Option<ReportPriceSource>,
}

/// The bake-off's recommendation, worded.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReportRecommendation {
    pub headline: String,
    pub reasons: Vec<String>,
}

/// Everything a report shows, gathered and worded by the UI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReportInput {
    pub kind: ReportKind,
    pub title: String,
    /// When it was made, as the person reads it (the caller's clock and language).
    pub generated_at: String,
    /// The texts were redacted for an audience (presenter mode); the report says so.
    pub redacted: bool,
    pub groups: Vec<ReportGroup>,
    pub recommendation: Option<ReportRecommendation>,
}

/// Every word of the report, in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReportLabels {
    /// The document's language (`en`, `ja`): its `lang` attribute.
    pub lang: String,
    /// The kind of report, under the title.
    pub kind: String,
    pub generated_at: String,
    pub redacted_notice: String,
    pub summary: String,
    pub model_choice: String,
    pub resolved_id: String,
    pub region: String,
    pub transport: String,
    pub tier: String,
    pub default_tier: String,
    pub parameters: String,
    pub default_parameters: String,
    pub turn: String,
    pub question: String,
    pub input_tokens: String,
    pub output_tokens: String,
    pub cache_read_tokens: String,
    pub cache_write_tokens: String,
    pub cost: String,
    pub cost_without_cache: String,
    pub saved: String,
    pub first_token: String,
    pub not_measured: String,
    pub total: String,
    /// Title of the chart of cost per turn, with and without caching.
    pub chart_cost_per_turn: String,
    /// Title of the chart of tokens per turn (cache reads, cache writes, uncached input).
    pub chart_tokens_per_turn: String,
    /// Title of the Compare chart: a bar per column.
    pub chart_cost_per_column: String,
    /// Title of the bake-off chart: a bar per run.
    pub chart_cost_per_run: String,
    pub legend_with_cache: String,
    pub legend_without_cache: String,
    pub legend_cache_read: String,
    pub legend_cache_write: String,
    pub legend_uncached: String,
    pub recommendation: String,
    pub prices: String,
    pub price_as_of: String,
    pub price_source: String,
    pub no_price: String,
    pub no_turns: String,
}

/// A group's sums.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ReportTotals {
    pub input_tokens: u64,
    pub output_tokens: u64,
    pub cache_read_tokens: u64,
    pub cache_write_tokens: u64,
    pub cost: f64,
    pub cost_without_cache: f64,
    pub saved: f64,
}

impl std::ops::AddAssign for ReportTotals {
    fn add_assign(&mut self, other: Self) {
        self.input_tokens += other.input_tokens;
        self.output_tokens += other.output_tokens;
        self.cache_read_tokens += other.cache_read_tokens;
        self.cache_write_tokens += other.cache_write_tokens;
        self.cost += other.cost;
        self.cost_without_cache += other.cost_without_cache;
        self.saved += other.saved;
    }
}

impl From<&ReportTurn> for ReportTotals {
    fn from(turn: &ReportTurn) -> Self {
        Self {
            input_tokens: turn.input_tokens,
            output_tokens: turn.output_tokens,
            cache_read_tokens: turn.cache_read_tokens,
            cache_write_tokens: turn.cache_write_tokens,
            cost: turn.cost,
            cost_without_cache: turn.cost_without_cache,
            saved: turn.saved,
        }
    }
}

impl ReportGroup {
    /// Every turn added up.
    pub fn totals(&self) -> ReportTotals {
        self.turns.iter().fold(ReportTotals::default(), |mut sum, turn| {
            sum += ReportTotals::from(turn);
            sum
        })
    }
}

#[cfg(test)]
mod tests;
