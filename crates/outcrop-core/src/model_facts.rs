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

/// How sure Outcrop is of a figure: what kind of source says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Sureness {
    /// AWS documentation says so.
    Documented,
    /// A third party reports it (code, an observation, another vendor's documentation): a claim, not a contract.
    Reported,
    /// Outcrop measured it on the user's account.
    Measured,
}

/// One source's claim of a model's minimum tokens per cache checkpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FloorClaim {
    pub tokens: u32,
    /// Who claims it, in a few words ("AWS table", "AWS toolkit").
    pub by: String,
    /// Where it can be read (a URL, or a repository and path).
    pub source: String,
    /// When the claim was checked (YYYY-MM-DD).
    pub as_of: String,
    pub sure: Sureness,
}

/// A floor Outcrop measured with the cache-floor probe: the smallest tried prefix that cached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MeasuredFloor {
    /// The smallest prefix (in tokens) that cached.
    pub tokens: u32,
    /// The largest tried prefix that did not cache, when one was tried: the floor lies above it.
    pub not_at: Option<u32>,
    /// The foundation model measured.
    pub model_id: String,
    /// The ID the probe invoked (a profile, or the model itself).
    pub invoked_id: String,
    pub region: String,
    /// When it was measured (YYYY-MM-DD, UTC).
    pub measured_on: String,
    /// The requests the probe sent to find it.
    pub requests: u32,
}

/// Prompt-caching rules of one model family.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CacheFacts {
    /// The minimum cumulative prefix tokens planning uses: the measured floor when there is one, else the
    /// highest published claim (a checkpoint planned on a lower claim could silently cache nothing).
    #[serde(skip_deserializing)]
    pub min_tokens: u32,
    /// Every published claim of the minimum, with its source; they disagree for some models.
    pub floor_claims: Vec<FloorClaim>,
    /// What the cache-floor probe measured on the user's account, when it has run.
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub measured: Option<MeasuredFloor>,
    pub ttls: Vec<CacheTtl>,
    pub fields: Vec<CacheField>,
    /// The service also caches prefixes on its own (implicit caching): reads may come without a checkpoint.
    #[serde(default)]
    pub implicit: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// An API a model may or may not serve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ModelApi {
    Converse,
    InvokeModel,
    CountTokens,
    /// Anthropic's Messages API.
    Messages,
}

/// Which APIs a model serves on bedrock-runtime (an API in neither list is unknown), and on bedrock-mantle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ApiFacts {
    /// Served on `bedrock-runtime.{region}.amazonaws.com`.
    pub runtime: Vec<ModelApi>,
    /// Refused on bedrock-runtime.
    #[serde(default)]
    pub not_runtime: Vec<ModelApi>,
    /// Served on `bedrock-mantle.{region}.api.aws`.
    #[serde(default)]
    pub mantle: Vec<ModelApi>,
    pub source: String,
    pub as_of: String,
    pub sure: Sureness,
}

/// A Bedrock service tier (Converse `serviceTier.type`, InvokeModel `X-Amzn-Bedrock-Service-Tier`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ServiceTier {
    Default,
    Priority,
    Flex,
    Reserved,
}

/// The service tiers a model offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TierFacts {
    pub tiers: Vec<ServiceTier>,
    pub source: String,
    pub as_of: String,
    pub sure: Sureness,
}

/// A sampling parameter a model may refuse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum SamplingParam {
    Temperature,
    TopP,
    TopK,
}

impl SamplingParam {
    /// The conversation's field for it (`inference.temperature`, …).
    pub fn field(self) -> &'static str {
        match self {
            Self::Temperature => "inference.temperature",
            Self::TopP => "inference.topP",
            Self::TopK => "inference.topK",
        }
    }
}

/// How a model thinks when asked to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ThinkingMode {
    /// `thinking.type: enabled` with `budget_tokens`.
    Budget,
    /// `thinking.type: adaptive`.
    Adaptive,
}

/// Which inference parameters a model takes, and in which combinations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ParameterFacts {
    /// Sampling parameters the model refuses outright (Opus 4.7: "`temperature` is deprecated for this model.").
    #[serde(default)]
    pub refused: Vec<SamplingParam>,
    /// `temperature` and `top_p` may not be sent together ("`temperature` and `top_p` cannot both be specified
    /// for this model. Please use only one.").
    #[serde(default)]
    pub temperature_or_top_p: bool,
    /// The thinking modes the model offers; empty when it does not think on request.
    #[serde(default)]
    pub thinking: Vec<ThinkingMode>,
    pub source: String,
    pub as_of: String,
    pub sure: Sureness,
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
    /// Which APIs serve the model; `None` when unknown (nothing is refused on that account).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub apis: Option<ApiFacts>,
    /// Which service tiers the model offers; `None` when unknown (the service's answer decides).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_tiers: Option<TierFacts>,
    /// Which inference parameters the model takes; `None` when unknown (nothing is refused on that account).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameters: Option<ParameterFacts>,
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

impl CacheFacts {
    /// The highest published claim: the floor below which no source says a checkpoint caches.
    pub fn conservative_floor(&self) -> u32 {
        self.floor_claims.iter().map(|c| c.tokens).max().unwrap_or(0)
    }

    fn settle_floor(&mut self) {
        self.min_tokens = self
            .measured
            .as_ref()
            .map_or_else(|| self.conservative_floor(), |m| m.tokens);
    }
}

impl ModelFacts {
    /// Whether the model serves `api` on bedrock-runtime: `None` when Outcrop does not know.
    pub fn serves(&self, api: ModelApi) -> Option<bool> {
        let apis = self.apis.as_ref()?;
        if apis.runtime.contains(&api) {
            Some(true)
        } else if apis.not_runtime.contains(&api) {
            Some(false)
        } else {
            None
        }
    }

    /// Whether the model offers `tier`: `None` when Outcrop does not know.
    pub fn offers_tier(&self, tier: ServiceTier) -> Option<bool> {
        self.service_tiers.as_ref().map(|t| t.tiers.contains(&tier))
    }
}

impl ServiceTier {
    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Default => "default",
            Self::Priority => "priority",
            Self::Flex => "flex",
            Self::Reserved => "reserved",
        }
    }
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
        let mut table: Self = serde_json::from_str(json)?;
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
            if entry.cache.floor_claims.is_empty() {
                return Err(invalid(
                    "at least one floor claim (tokens, by, source, asOf, sure) is required",
                ));
            }
            if entry.cache.floor_claims.iter().any(|c| c.as_of.len() != 10) {
                return Err(invalid("a floor claim's asOf is a YYYY-MM-DD date"));
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
        for entry in &mut table.models {
            entry.cache.settle_floor();
        }
        Ok(table)
    }

    /// The table with measured floors in force: each applies to the family of the model it measured, the
    /// latest measurement winning.
    pub fn with_measured(mut self, measured: &[MeasuredFloor]) -> Self {
        for floor in measured {
            let Some(entry) = self
                .models
                .iter_mut()
                .filter(|facts| matches_family(&floor.model_id, &facts.model_id_prefix))
                .max_by_key(|facts| facts.model_id_prefix.len())
            else {
                continue;
            };
            let newer = entry
                .cache
                .measured
                .as_ref()
                .is_none_or(|current| current.measured_on <= floor.measured_on);
            if newer {
                entry.cache.measured = Some(floor.clone());
                entry.cache.settle_floor();
            }
        }
        self
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
        assert!(table.models.len() >= 17);
        for model in &table.models {
            assert!(
                model.apis.is_some(),
                "{}: which APIs serve it is data",
                model.name
            );
            for claim in &model.cache.floor_claims {
                assert!(!claim.by.is_empty() && !claim.source.is_empty(), "{}", model.name);
            }
        }
    }

    #[test]
    fn every_model_of_2026_is_covered_including_suffix_free_ids() {
        let table = ModelFactsTable::bundled();
        let cases = [
            ("anthropic.claude-opus-4-7", "Claude Opus 4.7", 4096),
            ("anthropic.claude-opus-4-6-v1", "Claude Opus 4.6", 4096),
            ("anthropic.claude-sonnet-4-6", "Claude Sonnet 4.6", 2048),
            ("anthropic.claude-opus-4-1-20250805-v1:0", "Claude Opus 4.1", 1024),
            ("amazon.nova-2-lite-v1:0", "Amazon Nova 2 Lite", 1536),
            ("amazon.nova-micro-v1:0", "Amazon Nova Micro", 1536),
            ("amazon.nova-premier-v1:0", "Amazon Nova Premier", 1000),
        ];
        for (model_id, name, floor) in cases {
            let facts = table
                .lookup(model_id)
                .unwrap_or_else(|| panic!("no facts for {model_id}"));
            assert_eq!(
                (facts.name.as_str(), facts.cache.min_tokens),
                (name, floor),
                "{model_id}"
            );
        }
        assert!(
            table.lookup("anthropic.claude-opus-4-8").is_none(),
            "4.8 is not 4.7"
        );
    }

    #[test]
    fn conflicting_claims_are_kept_and_planning_takes_the_higher_until_measured() {
        let table = ModelFactsTable::bundled();
        let sonnet = &table.lookup("anthropic.claude-sonnet-4-6").unwrap().cache;
        assert!(sonnet.floor_claims.iter().any(|c| c.tokens == 1024));
        assert_eq!(sonnet.min_tokens, 2048);
        let measured = MeasuredFloor {
            tokens: 1024,
            not_at: None,
            model_id: "anthropic.claude-sonnet-4-5-20250929-v1:0".into(),
            invoked_id: "us.anthropic.claude-sonnet-4-5-20250929-v1:0".into(),
            region: "us-east-1".into(),
            measured_on: "2026-12-02".into(),
            requests: 4,
        };
        let older = MeasuredFloor {
            tokens: 4096,
            measured_on: "2026-11-02".into(),
            ..measured.clone()
        };
        let table = table.with_measured(&[measured.clone(), older]);
        let sonnet_45 = &table
            .lookup("anthropic.claude-sonnet-4-5-20250929-v1:0")
            .unwrap()
            .cache;
        assert_eq!(
            sonnet_45.min_tokens, 1024,
            "the latest measurement wins over every claim"
        );
        assert_eq!(sonnet_45.conservative_floor(), 4096);
        assert_eq!(sonnet_45.measured.as_ref(), Some(&measured));
        assert_eq!(
            table
                .lookup("anthropic.claude-sonnet-4-6")
                .unwrap()
                .cache
                .min_tokens,
            2048
        );
    }

    #[test]
    fn apis_and_tiers_are_per_model_and_unknown_stays_unknown() {
        let table = ModelFactsTable::bundled();
        let opus_47 = table.lookup("anthropic.claude-opus-4-7").unwrap();
        assert_eq!(opus_47.serves(ModelApi::CountTokens), Some(false));
        assert!(
            opus_47
                .apis
                .as_ref()
                .unwrap()
                .mantle
                .contains(&ModelApi::CountTokens)
        );
        assert_eq!(opus_47.offers_tier(ServiceTier::Priority), Some(false));
        let sonnet_46 = table.lookup("anthropic.claude-sonnet-4-6").unwrap();
        assert_eq!(sonnet_46.serves(ModelApi::CountTokens), Some(true));
        assert_eq!(sonnet_46.serves(ModelApi::Messages), Some(false));
        assert_eq!(sonnet_46.offers_tier(ServiceTier::Reserved), Some(true));
        let nova = table.lookup("amazon.nova-lite-v1:0").unwrap();
        assert_eq!(nova.serves(ModelApi::CountTokens), Some(false));
        assert!(nova.cache.implicit);
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
            ("amazon.nova-lite-v1:0", "Amazon Nova Lite", 1536),
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
            {"modelIdPrefix":"a.b","name":"B","provider":"A","cache":{"floorClaims":[{"tokens":1,"by":"x","source":"x","asOf":"2026-01-01","sure":"documented"}],"ttls":["5m"],"fields":["system"]}},
            {"modelIdPrefix":"a.b","name":"B","provider":"A","cache":{"floorClaims":[{"tokens":1,"by":"x","source":"x","asOf":"2026-01-01","sure":"documented"}],"ttls":["5m"],"fields":["system"]}}]}"#;
        let err = ModelFactsTable::from_json(dup).unwrap_err().to_string();
        assert!(err.contains("more than once") && err.contains("a.b"), "{err}");

        let no_ttl = r#"{"asOf":"2026-01-01","source":"x","models":[
            {"modelIdPrefix":"a.b","name":"B","provider":"A","cache":{"floorClaims":[],"ttls":[],"fields":["system"]}}]}"#;
        assert!(
            ModelFactsTable::from_json(no_ttl)
                .unwrap_err()
                .to_string()
                .contains("TTL")
        );

        let bad_ttl = r#"{"asOf":"2026-01-01","source":"x","models":[
            {"modelIdPrefix":"a.b","name":"B","provider":"A","cache":{"floorClaims":[],"ttls":["2h"],"fields":["system"]}}]}"#;
        assert!(ModelFactsTable::from_json(bad_ttl).is_err());

        let no_claim = r#"{"asOf":"2026-01-01","source":"x","models":[
            {"modelIdPrefix":"a.b","name":"B","provider":"A","cache":{"floorClaims":[],"ttls":["5m"],"fields":["system"]}}]}"#;
        let err = ModelFactsTable::from_json(no_claim).unwrap_err().to_string();
        assert!(err.contains("floor claim"), "{err}");
    }
}
