//! The seeded account: what a real account in the configured Region would see, and what it has created.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use serde::{Deserialize, Serialize};

use crate::claim::Claim;
use crate::clock::{Clock, iso8601};
use crate::state_file::StateFile;

const FOUNDATION_MODELS: &str = include_str!("../data/foundation-models.json");
const GEOGRAPHIES: &str = include_str!("../data/geographies.json");

/// A foundation model as ListFoundationModels and GetFoundationModel describe it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FoundationModel {
    pub model_arn: String,
    pub model_id: String,
    pub model_name: String,
    pub provider_name: String,
    pub input_modalities: Vec<String>,
    pub output_modalities: Vec<String>,
    pub response_streaming_supported: bool,
    pub customizations_supported: Vec<String>,
    pub inference_types_supported: Vec<String>,
    pub model_lifecycle: ModelLifecycle,
}

impl FoundationModel {
    /// Whether the bare model ID may be invoked (otherwise only through an inference profile).
    pub fn on_demand(&self) -> bool {
        self.inference_types_supported.iter().any(|t| t == "ON_DEMAND")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ModelLifecycle {
    pub status: String,
}

/// An inference profile, system-defined or application, in the shape GetInferenceProfile returns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InferenceProfile {
    pub inference_profile_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub inference_profile_arn: String,
    pub models: Vec<ProfileModel>,
    pub inference_profile_id: String,
    pub status: &'static str,
    #[serde(rename = "type")]
    pub profile_type: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProfileModel {
    pub model_arn: String,
}

/// A project (CreateProject and the others, botocore 1.44.8's `bedrock` model): a workload boundary inference
/// requests can be sent under. There is no delete: archived is the terminal state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Project {
    pub id: String,
    pub arn: String,
    pub name: String,
    /// `active` or `archived`.
    pub status: &'static str,
    pub created_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub archived_at: Option<String>,
    pub data_retention: DataRetention,
}

/// `dataRetention`: `default`, `none`, `aws_review`, `provider_data_share` or `inherit`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataRetention {
    pub mode: String,
}

pub const PROJECT_ACTIVE: &str = "active";
pub const PROJECT_ARCHIVED: &str = "archived";
/// The ID of the project every account has, used when a request names none.
pub const DEFAULT_PROJECT: &str = "default";

pub const SYSTEM_DEFINED: &str = "SYSTEM_DEFINED";
pub const APPLICATION: &str = "APPLICATION";

/// A tag as the API carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tag {
    pub key: String,
    pub value: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ModelSeed {
    models: Vec<SeedModel>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SeedModel {
    model_id: String,
    model_name: String,
    provider_name: String,
    input_modalities: Vec<String>,
    output_modalities: Vec<String>,
    response_streaming_supported: bool,
    customizations_supported: Vec<String>,
    inference_types_supported: Vec<String>,
    lifecycle: String,
    #[serde(flatten)]
    #[allow(dead_code)] // data for people and for the test that every entry is dated and sourced
    claim: Claim,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GeographySeed {
    created_at: String,
    geographies: Vec<Geography>,
    profiles: Vec<ModelProfiles>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Geography {
    prefix: String,
    name: String,
    partition: String,
    sources: Vec<String>,
    destinations: Vec<String>,
}

/// The geographies that have a system-defined profile of one model.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ModelProfiles {
    model_id: String,
    geographies: Vec<String>,
    #[serde(flatten)]
    #[allow(dead_code)] // data for people and for the test that every entry is dated and sourced
    claim: Claim,
}

/// How a model takes sampling parameters (`temperature`, `top_p`, `top_k`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sampling {
    /// Any of them, in range.
    Free,
    /// `temperature` or `top_p`, not both.
    OneOfTemperatureTopP,
    /// None of them: each is deprecated for the model.
    Deprecated,
}

/// Which kinds of extended thinking a model takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Thinking {
    /// No thinking: a `thinking` field is an extraneous key.
    None,
    /// `{"type": "enabled", "budget_tokens": N}` only.
    Enabled,
    /// `enabled` with a budget, or `adaptive`.
    EnabledOrAdaptive,
    /// `adaptive` only.
    AdaptiveOnly,
}

/// What a model accepts of the inference parameters, by foundation-model ID.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParameterFacts {
    pub model_id: &'static str,
    pub sampling: Sampling,
    pub thinking: Thinking,
}

/// The models' parameter rules, as of 2026-12-01. Sources: Anthropic's extended-thinking documentation
/// (thinking models, `budget_tokens` ≥ 1024 and below `max_tokens`; with thinking `temperature` only 1,
/// no `top_k`, `top_p` in [0.95, 1]; adaptive thinking on Opus 4.6, Sonnet 4.6 and Opus 4.7); Amazon Bedrock
/// User Guide, Anthropic Claude parameters; "`temperature` and `top_p` cannot both be specified for this model"
/// as Bedrock answers for Claude 4.5 and later (reported: lobehub/lobehub#9523, Sonnet 4.5 through Bedrock);
/// Opus 4.7 refusing `temperature`, `top_p` and `top_k`, and `thinking.type.enabled` (reported:
/// apache/seatunnel#11509 for `temperature`; the rest as the release notes and users report them). Nova
/// models take no `thinking` (Nova 2 Lite reasons through its own `reasoningConfig`, which bedrock-local does
/// not simulate).
pub const PARAMETER_FACTS: &[ParameterFacts] = &[
    facts(
        "anthropic.claude-3-5-sonnet-20241022-v2:0",
        Sampling::Free,
        Thinking::None,
    ),
    facts(
        "anthropic.claude-3-5-haiku-20241022-v1:0",
        Sampling::Free,
        Thinking::None,
    ),
    facts(
        "anthropic.claude-3-7-sonnet-20250219-v1:0",
        Sampling::Free,
        Thinking::Enabled,
    ),
    facts(
        "anthropic.claude-sonnet-4-20250514-v1:0",
        Sampling::Free,
        Thinking::Enabled,
    ),
    facts(
        "anthropic.claude-opus-4-20250514-v1:0",
        Sampling::Free,
        Thinking::Enabled,
    ),
    facts(
        "anthropic.claude-opus-4-1-20250805-v1:0",
        Sampling::OneOfTemperatureTopP,
        Thinking::Enabled,
    ),
    facts(
        "anthropic.claude-sonnet-4-5-20250929-v1:0",
        Sampling::OneOfTemperatureTopP,
        Thinking::Enabled,
    ),
    facts(
        "anthropic.claude-haiku-4-5-20251001-v1:0",
        Sampling::OneOfTemperatureTopP,
        Thinking::Enabled,
    ),
    facts(
        "anthropic.claude-opus-4-5-20251101-v1:0",
        Sampling::OneOfTemperatureTopP,
        Thinking::Enabled,
    ),
    facts(
        "anthropic.claude-opus-4-6-v1",
        Sampling::OneOfTemperatureTopP,
        Thinking::EnabledOrAdaptive,
    ),
    facts(
        "anthropic.claude-sonnet-4-6",
        Sampling::OneOfTemperatureTopP,
        Thinking::EnabledOrAdaptive,
    ),
    facts(
        "anthropic.claude-opus-4-7",
        Sampling::Deprecated,
        Thinking::AdaptiveOnly,
    ),
];

const fn facts(model_id: &'static str, sampling: Sampling, thinking: Thinking) -> ParameterFacts {
    ParameterFacts {
        model_id,
        sampling,
        thinking,
    }
}

/// The parameter rules of a model (a model the table does not name takes any parameter and no thinking).
pub fn parameter_facts(model: &FoundationModel) -> ParameterFacts {
    PARAMETER_FACTS
        .iter()
        .find(|f| f.model_id == model.model_id)
        .copied()
        .unwrap_or(ParameterFacts {
            model_id: "",
            sampling: Sampling::Free,
            thinking: Thinking::None,
        })
}

/// What the account has created: application profiles (in creation order), tags, idempotency tokens.
#[derive(Debug, Default)]
pub struct AccountState {
    pub application_profiles: Vec<InferenceProfile>,
    pub tags: BTreeMap<String, Vec<Tag>>,
    /// clientRequestToken → (fingerprint of the request, the ARN it created).
    pub client_tokens: BTreeMap<String, (String, String)>,
    pub next_profile_number: u64,
    /// Created projects, in creation order (the default project is not stored: every account has it).
    pub projects: Vec<Project>,
    pub next_project_number: u64,
}

/// An error and its causes on one line, for the log.
struct DisplayChain<'a>(&'a dyn std::error::Error);

impl std::fmt::Display for DisplayChain<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)?;
        let mut source = self.0.source();
        while let Some(cause) = source {
            write!(f, ": {cause}")?;
            source = cause.source();
        }
        Ok(())
    }
}

/// Everything the server knows.
#[derive(Debug)]
pub struct World {
    pub region: String,
    pub account_id: String,
    pub partition: String,
    pub foundation_models: Vec<FoundationModel>,
    /// Listed in this Region, sorted by ID.
    pub system_profiles: Vec<InferenceProfile>,
    pub clock: Arc<dyn Clock>,
    /// When this world was seeded (the server started): the default project's creation date.
    seeded_at: String,
    state: Mutex<AccountState>,
    /// Where what the account makes is kept across restarts, when it is.
    state_file: Option<StateFile>,
}

impl World {
    /// The seeded world for a Region and account.
    pub fn seeded(region: &str, account_id: &str, clock: Arc<dyn Clock>) -> Self {
        #[allow(clippy::expect_used)] // bundled data, checked by the tests
        let models: ModelSeed =
            serde_json::from_str(FOUNDATION_MODELS).expect("bundled foundation models parse");
        #[allow(clippy::expect_used)]
        let geographies: GeographySeed =
            serde_json::from_str(GEOGRAPHIES).expect("bundled geographies parse");
        let partition = if region.starts_with("us-gov-") {
            "aws-us-gov"
        } else if region.starts_with("cn-") {
            "aws-cn"
        } else {
            "aws"
        }
        .to_owned();

        let foundation_models: Vec<FoundationModel> = models
            .models
            .into_iter()
            .map(|m| FoundationModel {
                model_arn: format!(
                    "arn:{partition}:bedrock:{region}::foundation-model/{}",
                    m.model_id
                ),
                model_id: m.model_id,
                model_name: m.model_name,
                provider_name: m.provider_name,
                input_modalities: m.input_modalities,
                output_modalities: m.output_modalities,
                response_streaming_supported: m.response_streaming_supported,
                customizations_supported: m.customizations_supported,
                inference_types_supported: m.inference_types_supported,
                model_lifecycle: ModelLifecycle { status: m.lifecycle },
            })
            .collect();

        let mut system_profiles = Vec::new();
        for geo in geographies
            .geographies
            .iter()
            .filter(|g| g.sources.iter().any(|s| s == region))
        {
            let models = geographies
                .profiles
                .iter()
                .filter(|p| p.geographies.contains(&geo.prefix))
                .map(|p| &p.model_id);
            for model_id in models {
                let Some(model) = foundation_models.iter().find(|m| &m.model_id == model_id) else {
                    continue;
                };
                let id = format!("{}.{model_id}", geo.prefix);
                let regions = geo.destinations.join(", ");
                system_profiles.push(InferenceProfile {
                    inference_profile_name: format!(
                        "{} {} {}",
                        geo.name, model.provider_name, model.model_name
                    ),
                    description: Some(format!(
                        "Routes requests to {} {} in {regions}.",
                        model.provider_name, model.model_name
                    )),
                    created_at: geographies.created_at.clone(),
                    updated_at: geographies.created_at.clone(),
                    inference_profile_arn: format!(
                        "arn:{}:bedrock:{region}:{account_id}:inference-profile/{id}",
                        geo.partition
                    ),
                    models: geo
                        .destinations
                        .iter()
                        .map(|dest| ProfileModel {
                            model_arn: format!(
                                "arn:{}:bedrock:{dest}::foundation-model/{model_id}",
                                geo.partition
                            ),
                        })
                        .collect(),
                    inference_profile_id: id,
                    status: "ACTIVE",
                    profile_type: SYSTEM_DEFINED,
                });
            }
        }
        system_profiles.sort_by(|a, b| a.inference_profile_id.cmp(&b.inference_profile_id));

        Self {
            region: region.to_owned(),
            account_id: account_id.to_owned(),
            partition,
            foundation_models,
            system_profiles,
            seeded_at: iso8601(clock.now()),
            clock,
            state: Mutex::new(AccountState::default()),
            state_file: None,
        }
    }

    /// Keeps what the account makes in `path`: loads what it held for this account and Region now, and
    /// [`World::save`] writes it back. A file that cannot be read is moved aside (see [`StateFile::open`]);
    /// one that cannot even be moved aside is left alone, and the world runs without a state file.
    pub fn keep_state_in(mut self, path: &Path) -> Self {
        match StateFile::open(path, &self.account_id, &self.region, self.clock.now()) {
            Ok((file, state)) => {
                if !state.application_profiles.is_empty() {
                    tracing::info!(
                        file = %path.display(),
                        profiles = state.application_profiles.len(),
                        "restored application inference profiles"
                    );
                }
                self.state = Mutex::new(state);
                self.state_file = Some(file);
            }
            Err(error) => tracing::error!(
                error = %DisplayChain(&error),
                "application inference profiles will not be kept across restarts"
            ),
        }
        self
    }

    /// Writes the account's state to the state file, if there is one. Called with the state's lock held
    /// after every change, so writes follow the changes in order. A failed write is logged; the change
    /// itself stands.
    pub fn save(&self, state: &AccountState) {
        if let Some(file) = &self.state_file
            && let Err(error) = file.save(state)
        {
            tracing::error!(
                file = %file.path().display(),
                %error,
                "could not write the state file; the latest change will not survive a restart"
            );
        }
    }

    /// Forgets everything the account made — application profiles, tags, idempotency tokens — and deletes
    /// the state file, with the worlds of other Regions it held.
    pub fn reset(&self) -> std::io::Result<()> {
        let mut state = self.state();
        *state = AccountState::default();
        match &self.state_file {
            Some(file) => file.clear(),
            None => Ok(()),
        }
    }

    /// The account's mutable state. A panic while it was held cannot leave it half-written in a way that
    /// matters to a simulator, so a poisoned lock is used as it stands.
    pub fn state(&self) -> MutexGuard<'_, AccountState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn now_iso(&self) -> String {
        iso8601(self.clock.now())
    }

    /// A model by ID or foundation-model ARN of this Region.
    pub fn foundation_model(&self, identifier: &str) -> Option<&FoundationModel> {
        self.foundation_models
            .iter()
            .find(|m| m.model_id == identifier || m.model_arn == identifier)
    }

    /// A foundation model by an ARN of any Region (profiles name models in other Regions).
    pub fn foundation_model_by_any_arn(&self, arn: &str) -> Option<&FoundationModel> {
        let model_id = arn.rsplit_once(":foundation-model/").map(|(_, id)| id)?;
        self.foundation_models.iter().find(|m| m.model_id == model_id)
    }

    /// A system or application profile by ID or ARN.
    pub fn profile(&self, identifier: &str) -> Option<InferenceProfile> {
        if let Some(profile) = self
            .system_profiles
            .iter()
            .find(|p| p.inference_profile_id == identifier || p.inference_profile_arn == identifier)
        {
            return Some(profile.clone());
        }
        self.state()
            .application_profiles
            .iter()
            .find(|p| p.inference_profile_id == identifier || p.inference_profile_arn == identifier)
            .cloned()
    }

    /// The next application-profile ID: 12 lowercase alphanumerics, as AWS's are, derived deterministically
    /// from the account, the name and a counter so runs are reproducible.
    /// The default project, as GetProject returns it: it exists in every account and cannot be archived; its
    /// creation date is when this server's world was seeded (AWS's is the account's, which a simulator has not).
    pub fn default_project(&self) -> Project {
        Project {
            id: DEFAULT_PROJECT.to_owned(),
            arn: self.project_arn(DEFAULT_PROJECT),
            name: "Default".to_owned(),
            status: PROJECT_ACTIVE,
            created_at: self.seeded_at.clone(),
            archived_at: None,
            data_retention: DataRetention {
                mode: "default".to_owned(),
            },
        }
    }

    pub fn project_arn(&self, id: &str) -> String {
        format!(
            "arn:{}:bedrock:{}:{}:project/{id}",
            self.partition, self.region, self.account_id
        )
    }

    /// A project by ID or ARN (the default one included).
    pub fn project(&self, identifier: &str) -> Option<Project> {
        let id = identifier
            .strip_prefix(&format!(
                "arn:{}:bedrock:{}:{}:project/",
                self.partition, self.region, self.account_id
            ))
            .unwrap_or(identifier);
        if id == DEFAULT_PROJECT {
            return Some(self.default_project());
        }
        self.state().projects.iter().find(|p| p.id == id).cloned()
    }

    /// A new project's ID: `proj_` and a suffix, stable for the account, the name and the count.
    pub fn next_project_id(&self, state: &mut AccountState, name: &str) -> String {
        state.next_project_number += 1;
        let number = state.next_project_number;
        let suffix = self.id_suffix(&format!("project/{name}"), number);
        format!("proj_{suffix}")
    }

    pub fn next_application_profile_id(&self, state: &mut AccountState, name: &str) -> String {
        state.next_profile_number += 1;
        self.id_suffix(name, state.next_profile_number)
    }

    /// Twelve lowercase letters and digits, stable for the account, `seed` and `number`.
    fn id_suffix(&self, seed: &str, number: u64) -> String {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in self
            .account_id
            .bytes()
            .chain(seed.bytes())
            .chain(number.to_le_bytes())
        {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
        (0..12)
            .map(|i| {
                let mixed = hash.rotate_left(i * 5) ^ (hash >> (i % 7));
                char::from(ALPHABET[(mixed % 36) as usize])
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::SystemClock;

    fn world(region: &str) -> World {
        World::seeded(region, "123456789012", Arc::new(SystemClock))
    }

    #[test]
    fn seed_covers_the_models_outcrop_demos() {
        let world = world("eu-west-1");
        for id in [
            "anthropic.claude-3-5-sonnet-20241022-v2:0",
            "anthropic.claude-3-5-haiku-20241022-v1:0",
            "anthropic.claude-3-7-sonnet-20250219-v1:0",
            "anthropic.claude-sonnet-4-20250514-v1:0",
            "anthropic.claude-opus-4-20250514-v1:0",
            "anthropic.claude-sonnet-4-5-20250929-v1:0",
            "anthropic.claude-haiku-4-5-20251001-v1:0",
            "anthropic.claude-opus-4-5-20251101-v1:0",
            "anthropic.claude-opus-4-7",
            "anthropic.claude-opus-4-6-v1",
            "anthropic.claude-sonnet-4-6",
            "anthropic.claude-opus-4-1-20250805-v1:0",
            "amazon.nova-micro-v1:0",
            "amazon.nova-lite-v1:0",
            "amazon.nova-pro-v1:0",
            "amazon.nova-2-lite-v1:0",
            "amazon.nova-premier-v1:0",
        ] {
            let model = world
                .foundation_model(id)
                .unwrap_or_else(|| panic!("{id} is seeded"));
            assert_eq!(
                model.model_arn,
                format!("arn:aws:bedrock:eu-west-1::foundation-model/{id}")
            );
        }
        assert!(
            world
                .foundation_models
                .iter()
                .any(|m| m.inference_types_supported == ["ON_DEMAND"]
                    && m.output_modalities == ["TEXT"]
                    && m.provider_name != "Amazon"),
            "at least one on-demand-only text model"
        );
    }

    #[test]
    fn system_profiles_follow_the_servers_region() {
        let us = world("us-east-1");
        let prefixes: std::collections::BTreeSet<&str> = us
            .system_profiles
            .iter()
            .filter_map(|p| p.inference_profile_id.split('.').next())
            .collect();
        assert_eq!(prefixes.into_iter().collect::<Vec<_>>(), ["global", "us"]);

        let tokyo = world("ap-northeast-1");
        let prefixes: std::collections::BTreeSet<&str> = tokyo
            .system_profiles
            .iter()
            .filter_map(|p| p.inference_profile_id.split('.').next())
            .collect();
        assert_eq!(prefixes.into_iter().collect::<Vec<_>>(), ["apac", "global", "jp"]);

        let sydney = world("ap-southeast-2");
        assert!(
            sydney
                .system_profiles
                .iter()
                .any(|p| p.inference_profile_id.starts_with("au."))
        );
        let canada = world("ca-central-1");
        assert!(canada.profile("ca.amazon.nova-lite-v1:0").is_some());
        let gov = world("us-gov-west-1");
        let profile = gov
            .profile("us-gov.anthropic.claude-3-7-sonnet-20250219-v1:0")
            .unwrap();
        assert!(
            profile
                .inference_profile_arn
                .starts_with("arn:aws-us-gov:bedrock:us-gov-west-1:123456789012:")
        );
    }

    #[test]
    fn parameter_facts_name_known_models_and_every_claude() {
        let models: ModelSeed = serde_json::from_str(FOUNDATION_MODELS).unwrap();
        for facts in PARAMETER_FACTS {
            assert!(
                models.models.iter().any(|m| m.model_id == facts.model_id),
                "{} is not a seeded model",
                facts.model_id
            );
        }
        for model in models.models.iter().filter(|m| m.provider_name == "Anthropic") {
            assert!(
                PARAMETER_FACTS.iter().any(|f| f.model_id == model.model_id),
                "{} has no parameter facts",
                model.model_id
            );
        }
    }

    #[test]
    fn every_seed_entry_is_dated_sourced_and_supported() {
        let models: ModelSeed = serde_json::from_str(FOUNDATION_MODELS).unwrap();
        let geographies: GeographySeed = serde_json::from_str(GEOGRAPHIES).unwrap();
        let support = crate::support::SupportTable::bundled();
        let caching = crate::cache::CacheRules::bundled();
        for model in &models.models {
            assert!(model.claim.is_complete(), "{}", model.model_id);
            assert!(
                support.for_model(&model.model_id).is_some(),
                "{} has no entry in model-support.json",
                model.model_id
            );
        }
        let known = |id: &str| models.models.iter().any(|m| m.model_id == id);
        for entry in &geographies.profiles {
            assert!(entry.claim.is_complete(), "{}", entry.model_id);
            assert!(known(&entry.model_id), "profiles name unknown {}", entry.model_id);
            for prefix in &entry.geographies {
                assert!(
                    geographies.geographies.iter().any(|g| &g.prefix == prefix),
                    "{}: unknown geography {prefix}",
                    entry.model_id
                );
            }
        }
        for entry in support.models() {
            assert!(
                known(&entry.model_id),
                "model-support names unknown {}",
                entry.model_id
            );
        }
        for rule in caching.rules() {
            assert!(
                known(&rule.model_id),
                "prompt-caching names unknown {}",
                rule.model_id
            );
        }
    }

    #[test]
    fn new_models_have_their_geographies_and_no_in_region_id() {
        let geos = |region: &str, model: &str| -> Vec<String> {
            world(region)
                .system_profiles
                .iter()
                .filter_map(|p| {
                    p.inference_profile_id
                        .strip_suffix(&format!(".{model}"))
                        .map(str::to_owned)
                })
                .collect()
        };
        assert_eq!(geos("us-east-1", "anthropic.claude-opus-4-7"), ["global", "us"]);
        assert_eq!(
            geos("eu-central-1", "anthropic.claude-opus-4-7"),
            ["eu", "global"]
        );
        assert_eq!(
            geos("ap-northeast-1", "anthropic.claude-opus-4-7"),
            ["global", "jp"]
        );
        assert_eq!(
            geos("ap-southeast-2", "anthropic.claude-opus-4-7"),
            ["au", "global"]
        );
        assert_eq!(
            geos("ap-southeast-2", "anthropic.claude-sonnet-4-6"),
            ["au", "global"]
        );
        assert_eq!(
            geos("ap-northeast-1", "anthropic.claude-sonnet-4-6"),
            ["global", "jp"]
        );
        assert_eq!(geos("us-east-1", "amazon.nova-premier-v1:0"), ["us"]);
        let us = world("us-east-1");
        let opus = us.foundation_model("anthropic.claude-opus-4-7").unwrap();
        assert!(!opus.on_demand(), "Opus 4.7 runs through profiles only");
        let profile = us.profile("us.anthropic.claude-opus-4-7").unwrap();
        assert_eq!(
            profile.models[0].model_arn,
            "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-opus-4-7"
        );
        assert_eq!(profile.inference_profile_name, "US Anthropic Claude Opus 4.7");
    }

    #[test]
    fn profile_shapes_are_as_the_api_constrains_them() {
        for region in ["us-east-1", "eu-central-1", "ap-northeast-1", "ap-southeast-2"] {
            for profile in &world(region).system_profiles {
                assert!(
                    (1..=5).contains(&profile.models.len()),
                    "{}",
                    profile.inference_profile_id
                );
                assert!(profile.inference_profile_name.len() <= 64);
                assert!(
                    profile
                        .inference_profile_arn
                        .contains(&format!(":{region}:123456789012:inference-profile/"))
                );
            }
        }
    }

    #[test]
    fn application_profile_ids_look_like_aws_ones() {
        let world = world("us-east-1");
        let mut state = AccountState::default();
        let a = world.next_application_profile_id(&mut state, "team-a");
        let b = world.next_application_profile_id(&mut state, "team-a");
        assert_ne!(a, b);
        for id in [a, b] {
            assert_eq!(id.len(), 12);
            assert!(
                id.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()),
                "{id}"
            );
        }
    }
}
