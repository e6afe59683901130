//! ListFoundationModels and GetFoundationModel.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, Query, State};
use serde::Deserialize;
use serde_json::{Value, json};

use super::input::check_enum;
use crate::error::AwsError;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ListFoundationModelsQuery {
    by_provider: Option<String>,
    by_customization_type: Option<String>,
    by_output_modality: Option<String>,
    by_inference_type: Option<String>,
}

const CUSTOMIZATION_TYPES: [&str; 3] = ["FINE_TUNING", "CONTINUED_PRE_TRAINING", "DISTILLATION"];
const OUTPUT_MODALITIES: [&str; 3] = ["TEXT", "IMAGE", "EMBEDDING"];
const INFERENCE_TYPES: [&str; 2] = ["ON_DEMAND", "PROVISIONED"];

pub(super) async fn list_foundation_models(
    State(world): State<Arc<crate::service::Service>>,
    Query(query): Query<ListFoundationModelsQuery>,
) -> Result<Json<Value>, AwsError> {
    check_enum(
        query.by_customization_type.as_deref(),
        "byCustomizationType",
        &CUSTOMIZATION_TYPES,
    )?;
    check_enum(
        query.by_output_modality.as_deref(),
        "byOutputModality",
        &OUTPUT_MODALITIES,
    )?;
    check_enum(
        query.by_inference_type.as_deref(),
        "byInferenceType",
        &INFERENCE_TYPES,
    )?;
    if let Some(provider) = &query.by_provider {
        let valid = (1..=63).contains(&provider.len())
            && provider
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ' ');
        if !valid {
            return Err(AwsError::constraint(
                provider,
                "byProvider",
                "Member must satisfy regular expression pattern: ^[A-Za-z0-9- ]{1,63}$",
            ));
        }
    }
    let has = |list: &[String], wanted: &Option<String>| wanted.as_ref().is_none_or(|w| list.contains(w));
    let summaries: Vec<_> = world
        .foundation_models
        .iter()
        .filter(|m| {
            query
                .by_provider
                .as_ref()
                .is_none_or(|p| m.provider_name.eq_ignore_ascii_case(p))
                && has(&m.customizations_supported, &query.by_customization_type)
                && has(&m.output_modalities, &query.by_output_modality)
                && has(&m.inference_types_supported, &query.by_inference_type)
        })
        .collect();
    Ok(Json(json!({ "modelSummaries": summaries })))
}

pub(super) async fn get_foundation_model(
    State(world): State<Arc<crate::service::Service>>,
    Path(model_identifier): Path<String>,
) -> Result<Json<Value>, AwsError> {
    world
        .foundation_model(&model_identifier)
        .map(|model| Json(json!({ "modelDetails": model })))
        .ok_or_else(|| AwsError::validation("The provided model identifier is invalid."))
}
