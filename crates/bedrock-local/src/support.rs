//! What each foundation model supports on bedrock-runtime (`data/model-support.json`): which APIs it answers and
//! which service tiers it serves, each a dated, sourced claim. Requests outside that are refused as AWS refuses
//! them.

use axum::http::HeaderMap;
use serde::Deserialize;
use serde_json::Value;

use crate::claim::Claim;
use crate::error::AwsError;

const SUPPORT: &str = include_str!("../data/model-support.json");

/// The request and response header InvokeModel and InvokeModelWithResponseStream carry the service tier in.
pub const SERVICE_TIER_HEADER: &str = "x-amzn-bedrock-service-tier";

/// A family of runtime operations a model may or may not answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Api {
    /// Converse and ConverseStream.
    Converse,
    /// InvokeModel and InvokeModelWithResponseStream.
    InvokeModel,
    /// CountTokens, with the bare foundation-model ID.
    CountTokens,
    /// Anthropic's Messages API on bedrock-runtime (`/anthropic/v1/messages`, through an inference profile).
    Messages,
    /// Anthropic's Messages API on bedrock-mantle (`/anthropic/v1/messages` and `.../count_tokens`).
    MantleMessages,
}

/// A service tier as the wire spells it (`ServiceTierType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ServiceTier {
    Default,
    Priority,
    Flex,
    Reserved,
}

impl ServiceTier {
    pub const ALL: [Self; 4] = [Self::Priority, Self::Default, Self::Flex, Self::Reserved];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Default => "default",
            Self::Priority => "priority",
            Self::Flex => "flex",
            Self::Reserved => "reserved",
        }
    }

    /// A tier by its wire name; anything else is the constraint violation AWS's validator reports.
    pub fn parse(value: &str, member: &str) -> Result<Self, AwsError> {
        Self::ALL
            .into_iter()
            .find(|tier| tier.as_str() == value)
            .ok_or_else(|| {
                AwsError::constraint(
                    value,
                    member,
                    "Member must satisfy enum value set: [priority, default, flex, reserved]",
                )
            })
    }

    /// Converse's `serviceTier: {"type": …}`, when the request names one.
    pub fn from_converse(body: &Value) -> Result<Option<Self>, AwsError> {
        match body.get("serviceTier") {
            None | Some(Value::Null) => Ok(None),
            Some(tier) => match tier.get("type") {
                Some(Value::String(value)) => Self::parse(value, "serviceTier.type").map(Some),
                _ => Err(AwsError::validation(
                    "1 validation error detected: Value null at 'serviceTier.type' failed to satisfy constraint: Member must not be null",
                )),
            },
        }
    }

    /// InvokeModel's `X-Amzn-Bedrock-Service-Tier` header, when the request sends one.
    pub fn from_headers(headers: &HeaderMap) -> Result<Option<Self>, AwsError> {
        match headers.get(SERVICE_TIER_HEADER) {
            None => Ok(None),
            Some(value) => Self::parse(value.to_str().unwrap_or_default(), "serviceTier").map(Some),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Apis {
    pub converse: bool,
    pub invoke_model: bool,
    pub count_tokens: bool,
    #[serde(flatten)]
    pub claim: Claim,
}

/// Whether Anthropic's Messages API answers for a model, on each endpoint that serves it.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MessagesSupport {
    /// bedrock-runtime's `/anthropic/v1/messages`.
    pub runtime: bool,
    /// bedrock-mantle's `/anthropic/v1/messages` and `/anthropic/v1/messages/count_tokens`.
    pub mantle: bool,
    #[serde(flatten)]
    pub claim: Claim,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Tiers {
    pub tiers: Vec<ServiceTier>,
    #[serde(flatten)]
    pub claim: Claim,
}

/// What one foundation model supports.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ModelSupport {
    pub model_id: String,
    pub apis: Apis,
    pub messages: MessagesSupport,
    pub service_tiers: Tiers,
}

impl ModelSupport {
    pub fn supports(&self, api: Api) -> bool {
        match api {
            Api::Converse => self.apis.converse,
            Api::InvokeModel => self.apis.invoke_model,
            Api::CountTokens => self.apis.count_tokens,
            Api::Messages => self.messages.runtime,
            Api::MantleMessages => self.messages.mantle,
        }
    }
}

#[derive(Debug, Deserialize)]
struct SupportFile {
    models: Vec<ModelSupport>,
}

/// Every model's support, from `data/model-support.json`.
#[derive(Debug, Clone)]
pub struct SupportTable {
    models: Vec<ModelSupport>,
}

/// AWS's answer to an operation the model does not serve.
pub fn action_not_supported() -> AwsError {
    AwsError::validation(
        "This action doesn't support the model that you provided. Try again with a supported text or chat model.",
    )
}

/// AWS's answer to a service tier the model does not serve.
pub fn tier_not_supported() -> AwsError {
    AwsError::validation("The provided service tier is not supported for this model.")
}

impl SupportTable {
    pub fn bundled() -> Self {
        #[allow(clippy::expect_used)] // bundled data, checked by the tests
        let file: SupportFile = serde_json::from_str(SUPPORT).expect("bundled model support parses");
        Self::new(file.models)
    }

    pub fn new(models: Vec<ModelSupport>) -> Self {
        Self { models }
    }

    /// A foundation model's entry, by its exact ID.
    pub fn for_model(&self, model_id: &str) -> Option<&ModelSupport> {
        self.models.iter().find(|m| m.model_id == model_id)
    }

    pub fn models(&self) -> &[ModelSupport] {
        &self.models
    }

    /// Refuses an operation the model does not answer (a model without an entry answers nothing).
    pub fn check_api(&self, model_id: &str, api: Api) -> Result<(), AwsError> {
        match self.for_model(model_id) {
            Some(model) if model.supports(api) => Ok(()),
            _ if api == Api::CountTokens => Err(AwsError::validation(
                "The provided model doesn't support counting tokens.",
            )),
            _ => Err(action_not_supported()),
        }
    }

    /// Refuses a service tier the model does not serve. No tier asked for is the default tier, which every
    /// model serves.
    pub fn check_tier(&self, model_id: &str, tier: Option<ServiceTier>) -> Result<(), AwsError> {
        let Some(tier) = tier else { return Ok(()) };
        match self.for_model(model_id) {
            Some(model) if model.service_tiers.tiers.contains(&tier) => Ok(()),
            _ => Err(tier_not_supported()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const OPUS_47: &str = "anthropic.claude-opus-4-7";
    const SONNET_46: &str = "anthropic.claude-sonnet-4-6";

    #[test]
    fn every_claim_is_dated_and_sourced() {
        let table = SupportTable::bundled();
        for model in table.models() {
            assert!(model.apis.claim.is_complete(), "{}", model.model_id);
            assert!(model.service_tiers.claim.is_complete(), "{}", model.model_id);
            assert!(model.messages.claim.is_complete(), "{}", model.model_id);
            assert!(
                !model.service_tiers.tiers.is_empty(),
                "{} serves no tier",
                model.model_id
            );
        }
    }

    #[test]
    fn per_model_apis() {
        let table = SupportTable::bundled();
        assert!(table.check_api(OPUS_47, Api::Converse).is_ok());
        assert!(table.check_api(OPUS_47, Api::InvokeModel).is_ok());
        assert_eq!(
            table.check_api(OPUS_47, Api::CountTokens).unwrap_err().message,
            "The provided model doesn't support counting tokens."
        );
        assert!(table.check_api(SONNET_46, Api::CountTokens).is_ok());
        assert!(table.check_api("amazon.nova-pro-v1:0", Api::CountTokens).is_err());
        assert!(
            table
                .check_api("amazon.titan-embed-text-v2:0", Api::Converse)
                .unwrap_err()
                .message
                .starts_with("This action doesn't support the model")
        );
        assert!(table.check_api("anthropic.claude-9", Api::Converse).is_err());
    }

    #[test]
    fn the_messages_api_per_model() {
        let table = SupportTable::bundled();
        assert!(table.check_api(OPUS_47, Api::Messages).is_ok());
        assert!(table.check_api(OPUS_47, Api::MantleMessages).is_ok());
        assert!(
            table
                .check_api(SONNET_46, Api::Messages)
                .unwrap_err()
                .message
                .starts_with("This action doesn't support the model")
        );
        assert!(table.check_api("amazon.nova-pro-v1:0", Api::Messages).is_err());
    }

    #[test]
    fn a_model_without_invoke_model_refuses_it() {
        let mut model = SupportTable::bundled().for_model(SONNET_46).unwrap().clone();
        model.model_id = "example.converse-only".to_owned();
        model.apis.invoke_model = false;
        let table = SupportTable::new(vec![model]);
        assert!(table.check_api("example.converse-only", Api::Converse).is_ok());
        assert_eq!(
            table
                .check_api("example.converse-only", Api::InvokeModel)
                .unwrap_err()
                .message,
            "This action doesn't support the model that you provided. Try again with a supported text or chat model."
        );
    }

    #[test]
    fn per_model_tiers() {
        let table = SupportTable::bundled();
        assert_eq!(
            table.for_model(OPUS_47).unwrap().service_tiers.tiers,
            [ServiceTier::Default]
        );
        assert!(table.check_tier(OPUS_47, None).is_ok());
        assert!(table.check_tier(OPUS_47, Some(ServiceTier::Default)).is_ok());
        assert_eq!(
            table
                .check_tier(OPUS_47, Some(ServiceTier::Priority))
                .unwrap_err()
                .message,
            "The provided service tier is not supported for this model."
        );
        assert!(table.check_tier(SONNET_46, Some(ServiceTier::Reserved)).is_ok());
        assert!(table.check_tier(SONNET_46, Some(ServiceTier::Flex)).is_err());
        assert!(
            table
                .check_tier("amazon.nova-pro-v1:0", Some(ServiceTier::Flex))
                .is_ok()
        );
    }

    #[test]
    fn tiers_parse_from_converse_and_headers() {
        assert_eq!(
            ServiceTier::from_converse(&json!({"serviceTier": {"type": "priority"}})).unwrap(),
            Some(ServiceTier::Priority)
        );
        assert_eq!(ServiceTier::from_converse(&json!({})).unwrap(), None);
        let bad = ServiceTier::from_converse(&json!({"serviceTier": {"type": "turbo"}})).unwrap_err();
        assert!(bad.message.contains("serviceTier.type"), "{}", bad.message);
        assert!(bad.message.contains("[priority, default, flex, reserved]"));
        assert!(ServiceTier::from_converse(&json!({"serviceTier": {}})).is_err());
        let mut headers = HeaderMap::new();
        assert_eq!(ServiceTier::from_headers(&headers).unwrap(), None);
        headers.insert(SERVICE_TIER_HEADER, "flex".parse().unwrap());
        assert_eq!(
            ServiceTier::from_headers(&headers).unwrap(),
            Some(ServiceTier::Flex)
        );
    }
}
