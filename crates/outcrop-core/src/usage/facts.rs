//! The dated figures the Usage and Spend pages rest on, read from `data/usage-facts.json`: each with what it
//! means, its source, the date it was checked and how sure Outcrop is.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model_facts::Sureness;

/// The bundled facts.
pub const BUNDLED_USAGE_FACTS: &str = include_str!("../../data/usage-facts.json");

/// One figure and where it comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Fact<T> {
    pub value: T,
    /// What the figure means, in a sentence.
    pub what: String,
    pub source: String,
    pub as_of: String,
    pub sure: Sureness,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UsageFacts {
    pub as_of: String,
    pub note: String,
    pub cost_explorer_request_usd: Fact<f64>,
    pub cost_data_delay_hours: Fact<u32>,
    pub tag_activation_delay_hours: Fact<u32>,
    pub cost_explorer_enable_delay_hours: Fact<u32>,
    pub metrics_delay_minutes: Fact<u32>,
    pub cache_metric_names: Fact<Vec<String>>,
    pub model_id_dimension: Fact<String>,
    pub cost_explorer_region: Fact<String>,
}

impl UsageFacts {
    pub fn bundled() -> Self {
        serde_json::from_str(BUNDLED_USAGE_FACTS).expect("data/usage-facts.json is valid (checked by a test)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_facts_parse_and_every_one_is_dated_and_sourced() {
        let facts = UsageFacts::bundled();
        assert_eq!(facts.cost_explorer_request_usd.value, 0.01);
        assert_eq!(facts.cost_explorer_region.value, "us-east-1");
        let value: serde_json::Value = serde_json::from_str(BUNDLED_USAGE_FACTS).unwrap();
        for (name, entry) in value.as_object().unwrap() {
            if !entry.is_object() {
                continue;
            }
            for field in ["value", "what", "source", "asOf", "sure"] {
                assert!(entry.get(field).is_some(), "{name} lacks {field}");
            }
            let date = entry["asOf"].as_str().unwrap();
            assert!(date.len() == 10 && date.as_bytes()[4] == b'-', "{name}: {date}");
        }
    }
}
