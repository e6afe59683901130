//! The seeded account: what a real account in the configured Region would see.

use serde::{Deserialize, Serialize};

const FOUNDATION_MODELS: &str = include_str!("../data/foundation-models.json");

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

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ModelLifecycle {
    pub status: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SeedFile {
    models: Vec<SeedModel>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
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
}

/// Everything the server knows. Read-only for now; profiles and caches will join it.
#[derive(Debug)]
pub struct World {
    pub region: String,
    pub account_id: String,
    pub foundation_models: Vec<FoundationModel>,
}

impl World {
    /// The seeded world for a Region and account.
    pub fn seeded(region: &str, account_id: &str) -> Self {
        #[allow(clippy::expect_used)] // bundled data, checked by the tests
        let seed: SeedFile =
            serde_json::from_str(FOUNDATION_MODELS).expect("bundled foundation models parse");
        let foundation_models = seed
            .models
            .into_iter()
            .map(|m| FoundationModel {
                model_arn: format!("arn:aws:bedrock:{region}::foundation-model/{}", m.model_id),
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
        Self {
            region: region.to_owned(),
            account_id: account_id.to_owned(),
            foundation_models,
        }
    }

    /// A model by ID or foundation-model ARN.
    pub fn foundation_model(&self, identifier: &str) -> Option<&FoundationModel> {
        self.foundation_models
            .iter()
            .find(|m| m.model_id == identifier || m.model_arn == identifier)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_covers_the_models_outcrop_demos() {
        let world = World::seeded("eu-west-1", "123456789012");
        for id in [
            "anthropic.claude-3-5-sonnet-20241022-v2:0",
            "anthropic.claude-3-5-haiku-20241022-v1:0",
            "anthropic.claude-3-7-sonnet-20250219-v1:0",
            "anthropic.claude-sonnet-4-20250514-v1:0",
            "anthropic.claude-opus-4-20250514-v1:0",
            "anthropic.claude-sonnet-4-5-20250929-v1:0",
            "anthropic.claude-haiku-4-5-20251001-v1:0",
            "anthropic.claude-opus-4-5-20251101-v1:0",
            "amazon.nova-micro-v1:0",
            "amazon.nova-lite-v1:0",
            "amazon.nova-pro-v1:0",
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
}
