//! Foundation models of the connection's Region.

use aws_sdk_bedrock::types::{FoundationModelSummary, ModelModality};
use serde::Serialize;
use ts_rs::TS;

use crate::error::OutcropError;

/// A foundation model as Outcrop shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FoundationModel {
    pub model_id: String,
    pub model_arn: String,
    pub model_name: String,
    pub provider_name: String,
    pub input_modalities: Vec<String>,
    pub output_modalities: Vec<String>,
    pub response_streaming_supported: bool,
    /// `ON_DEMAND`, `PROVISIONED` and `INFERENCE_PROFILE` (which the SDK only knows as an unknown variant).
    pub inference_types_supported: Vec<String>,
    /// `ACTIVE` or `LEGACY`.
    pub lifecycle_status: Option<String>,
}

impl FoundationModel {
    /// Whether the bare model ID can be invoked, or only through an inference profile.
    pub fn on_demand(&self) -> bool {
        self.inference_types_supported.iter().any(|t| t == "ON_DEMAND")
    }
}

/// The server-side filters of ListFoundationModels.
#[derive(Debug, Clone, Default)]
pub struct FoundationModelFilter {
    pub provider: Option<String>,
    /// `TEXT`, `IMAGE` or `EMBEDDING`.
    pub output_modality: Option<String>,
}

/// Lists the foundation models of the client's Region.
pub async fn list_foundation_models(
    client: &aws_sdk_bedrock::Client,
    filter: &FoundationModelFilter,
) -> Result<Vec<FoundationModel>, OutcropError> {
    let output = client
        .list_foundation_models()
        .set_by_provider(filter.provider.clone())
        .set_by_output_modality(filter.output_modality.as_deref().map(ModelModality::from))
        .send()
        .await
        .map_err(|e| OutcropError::from_sdk("ListFoundationModels", e))?;
    Ok(output.model_summaries().iter().map(from_summary).collect())
}

fn from_summary(m: &FoundationModelSummary) -> FoundationModel {
    FoundationModel {
        model_id: m.model_id().to_owned(),
        model_arn: m.model_arn().to_owned(),
        model_name: m.model_name().unwrap_or(m.model_id()).to_owned(),
        provider_name: m.provider_name().unwrap_or_default().to_owned(),
        input_modalities: m
            .input_modalities()
            .iter()
            .map(|x| x.as_str().to_owned())
            .collect(),
        output_modalities: m
            .output_modalities()
            .iter()
            .map(|x| x.as_str().to_owned())
            .collect(),
        response_streaming_supported: m.response_streaming_supported().unwrap_or(false),
        inference_types_supported: m
            .inference_types_supported()
            .iter()
            .map(|x| x.as_str().to_owned())
            .collect(),
        lifecycle_status: m.model_lifecycle().map(|l| l.status().as_str().to_owned()),
    }
}
