//! Per-model prompt-caching facts, read from `data/model-facts.json`.
//!
//! The table is data, not code: AWS revises the minimum token counts and TTLs, and its tables have disagreed
//! with each other. Each file carries the date it was checked and its source; entries may carry a note.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The bundled table, checked against AWS's documentation on the date it names.
pub const BUNDLED_MODEL_FACTS: &str = include_str!("../data/model-facts.json");

/// A cache time-to-live Bedrock accepts on a `cachePoint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub enum CacheTtl {
    #[serde(rename = "5m")]
    FiveMinutes,
    #[serde(rename = "1h")]
    OneHour,
}

/// Where in a request a `cachePoint` may stand (and, in the cache plan, where a block stands).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum CacheField {
    Tools,
    System,
    Messages,
}

/// Prompt-caching rules of one model family.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CacheFacts {
    /// Minimum cumulative prefix tokens for a checkpoint to cache anything.
    pub min_tokens: u32,
    pub ttls: Vec<CacheTtl>,
    pub fields: Vec<CacheField>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Facts about one model family, matched by model-ID prefix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ModelFacts {
    /// `anthropic.claude-sonnet-4-5` matches `anthropic.claude-sonnet-4-5-20250929-v1:0`.
    pub model_id_prefix: String,
    pub name: String,
    pub provider: String,
    /// The most input tokens a request may hold (the context window); the source is the table's `contextSource`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context_tokens: Option<u32>,
    pub cache: CacheFacts,
}

/// The whole table with its provenance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ModelFactsTable {
    /// The date the figures were checked (YYYY-MM-DD).
    pub as_of: String,
    pub source: String,
    /// Where the context windows come from, with the date they were checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context_source: Option<String>,
    pub models: Vec<ModelFacts>,
}

/// A table that cannot be used, with the rule it breaks.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ModelFactsError {
    #[error("the model facts file is not valid JSON of the expected shape")]
    Parse(#[from] serde_json::Error),
    #[error("model facts entry {prefix:?}: {rule}")]
    Invalid { prefix: String, rule: &'static str },
}

impl CacheTtl {
    /// The wire spelling: `5m` or `1h`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::FiveMinutes => "5m",
            Self::OneHour => "1h",
        }
    }
}

impl ModelFactsTable {
    /// The table shipped with Outcrop.
    pub fn bundled() -> Self {
        #[allow(clippy::expect_used)] // the bundled file is checked by a unit test
        Self::from_json(BUNDLED_MODEL_FACTS).expect("bundled model facts are valid")
    }

    /// Parses and checks a table (the bundled one, or one a user corrected).
    pub fn from_json(json: &str) -> Result<Self, ModelFactsError> {
        let table: Self = serde_json::from_str(json)?;
        for entry in &table.models {
            let invalid = |rule| ModelFactsError::Invalid {
                prefix: entry.model_id_prefix.clone(),
                rule,
            };
            if entry.cache.ttls.is_empty() {
                return Err(invalid("at least one TTL is required"));
            }
            if entry.cache.fields.is_empty() {
                return Err(invalid("at least one cacheable field is required"));
            }
            if table
                .models
                .iter()
                .filter(|other| other.model_id_prefix == entry.model_id_prefix)
                .count()
                > 1
            {
                return Err(invalid("the prefix appears more than once"));
            }
        }
        Ok(table)
    }

    /// The facts for a foundation-model ID (not a profile ID: resolve that first). The most specific prefix
    /// wins, and a prefix matches only up to a family boundary, so `anthropic.claude-opus-4` (Opus 4,
    /// `…-opus-4-20250514-v1:0`) does not claim Opus 4.5 (`…-opus-4-5-20251101-v1:0`).
    pub fn lookup(&self, model_id: &str) -> Option<&ModelFacts> {
        self.models
            .iter()
            .filter(|facts| matches_family(model_id, &facts.model_id_prefix))
            .max_by_key(|facts| facts.model_id_prefix.len())
    }
}

pub(crate) fn matches_family(model_id: &str, prefix: &str) -> bool {
    let Some(rest) = model_id.strip_prefix(prefix) else {
        return false;
    };
    if rest.is_empty() || rest.starts_with(':') || rest.starts_with("-v") {
        return true;
    }
    // A release date (`-20250514`) ends the family name; any other suffix (`-5`, `-1`) names another family.
    rest.strip_prefix('-')
        .is_some_and(|after| after.len() >= 8 && after.as_bytes()[..8].iter().all(u8::is_ascii_digit))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_table_is_valid_and_dated() {
        let table = ModelFactsTable::bundled();
        assert_eq!(table.as_of.len(), 10, "as_of is a YYYY-MM-DD date");
        assert!(table.source.contains("docs.aws.amazon.com"));
        assert!(table.models.len() >= 15);
    }

    #[test]
    fn families_are_told_apart() {
        let table = ModelFactsTable::bundled();
        let cases = [
            ("anthropic.claude-opus-4-20250514-v1:0", "Claude Opus 4", 1024),
            ("anthropic.claude-opus-4-1-20250805-v1:0", "Claude Opus 4.1", 1024),
            ("anthropic.claude-opus-4-5-20251101-v1:0", "Claude Opus 4.5", 4096),
            ("anthropic.claude-sonnet-4-20250514-v1:0", "Claude Sonnet 4", 1024),
            (
                "anthropic.claude-sonnet-4-5-20250929-v1:0",
                "Claude Sonnet 4.5",
                4096,
            ),
            (
                "anthropic.claude-haiku-4-5-20251001-v1:0",
                "Claude Haiku 4.5",
                4096,
            ),
            (
                "anthropic.claude-3-5-haiku-20241022-v1:0",
                "Claude 3.5 Haiku",
                2048,
            ),
            (
                "anthropic.claude-3-5-sonnet-20241022-v2:0",
                "Claude 3.5 Sonnet v2",
                1024,
            ),
            ("amazon.nova-lite-v1:0", "Amazon Nova Lite", 1000),
        ];
        for (model_id, name, min_tokens) in cases {
            let facts = table
                .lookup(model_id)
                .unwrap_or_else(|| panic!("no facts for {model_id}"));
            assert_eq!(facts.name, name, "{model_id}");
            assert_eq!(facts.cache.min_tokens, min_tokens, "{model_id}");
        }
    }

    #[test]
    fn unknown_and_future_families_have_no_facts() {
        let table = ModelFactsTable::bundled();
        assert!(table.lookup("anthropic.claude-opus-4-9-20270101-v1:0").is_none());
        assert!(table.lookup("meta.llama3-1-8b-instruct-v1:0").is_none());
        assert!(
            table
                .lookup("anthropic.claude-3-5-sonnet-20240620-v1:0")
                .is_none(),
            "v1 is not v2"
        );
    }

    #[test]
    fn only_some_models_keep_an_hour_and_nova_has_no_tool_cache() {
        let table = ModelFactsTable::bundled();
        let one_hour = |id| table.lookup(id).unwrap().cache.ttls.contains(&CacheTtl::OneHour);
        assert!(one_hour("anthropic.claude-sonnet-4-5-20250929-v1:0"));
        assert!(!one_hour("anthropic.claude-3-7-sonnet-20250219-v1:0"));
        assert!(
            !table
                .lookup("amazon.nova-pro-v1:0")
                .unwrap()
                .cache
                .fields
                .contains(&CacheField::Tools)
        );
    }

    #[test]
    fn a_corrected_table_is_checked() {
        let dup = r#"{"asOf":"2026-01-01","source":"x","models":[
            {"modelIdPrefix":"a.b","name":"B","provider":"A","cache":{"minTokens":1,"ttls":["5m"],"fields":["system"]}},
            {"modelIdPrefix":"a.b","name":"B","provider":"A","cache":{"minTokens":1,"ttls":["5m"],"fields":["system"]}}]}"#;
        let err = ModelFactsTable::from_json(dup).unwrap_err().to_string();
        assert!(err.contains("more than once") && err.contains("a.b"), "{err}");

        let no_ttl = r#"{"asOf":"2026-01-01","source":"x","models":[
            {"modelIdPrefix":"a.b","name":"B","provider":"A","cache":{"minTokens":1,"ttls":[],"fields":["system"]}}]}"#;
        assert!(
            ModelFactsTable::from_json(no_ttl)
                .unwrap_err()
                .to_string()
                .contains("TTL")
        );

        let bad_ttl = r#"{"asOf":"2026-01-01","source":"x","models":[
            {"modelIdPrefix":"a.b","name":"B","provider":"A","cache":{"minTokens":1,"ttls":["2h"],"fields":["system"]}}]}"#;
        assert!(ModelFactsTable::from_json(bad_ttl).is_err());
    }
}
