//! The control plane (`bedrock`): foundation models for now.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::error::AwsError;
use crate::world::World;

pub fn routes() -> Router<Arc<World>> {
    Router::new()
        .route("/foundation-models", get(list_foundation_models))
        .route("/foundation-models/{model_identifier}", get(get_foundation_model))
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ListFoundationModelsQuery {
    by_provider: Option<String>,
    by_customization_type: Option<String>,
    by_output_modality: Option<String>,
    by_inference_type: Option<String>,
}

const CUSTOMIZATION_TYPES: [&str; 3] = ["FINE_TUNING", "CONTINUED_PRE_TRAINING", "DISTILLATION"];
const OUTPUT_MODALITIES: [&str; 3] = ["TEXT", "IMAGE", "EMBEDDING"];
const INFERENCE_TYPES: [&str; 2] = ["ON_DEMAND", "PROVISIONED"];

fn check_enum(value: Option<&str>, member: &str, allowed: &[&str]) -> Result<(), AwsError> {
    match value {
        Some(value) if !allowed.contains(&value) => Err(AwsError::constraint(
            value,
            member,
            &format!("Member must satisfy enum value set: [{}]", allowed.join(", ")),
        )),
        _ => Ok(()),
    }
}

async fn list_foundation_models(
    State(world): State<Arc<World>>,
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

async fn get_foundation_model(
    State(world): State<Arc<World>>,
    Path(model_identifier): Path<String>,
) -> Result<Json<Value>, AwsError> {
    world
        .foundation_model(&model_identifier)
        .map(|model| Json(json!({ "modelDetails": model })))
        .ok_or_else(|| AwsError::validation("The provided model identifier is invalid."))
}
