//! ListInferenceProfiles, GetInferenceProfile, CreateInferenceProfile and DeleteInferenceProfile.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::{Value, json};

use super::input::{check_enum, check_tags, page_size, page_start, parse_body};
use crate::error::AwsError;
use crate::validate::{self, Violations};
use crate::world::{APPLICATION, InferenceProfile, ProfileModel, SYSTEM_DEFINED, Tag, World};

/// Application inference profiles an account may hold (the service quota).
const MAX_APPLICATION_PROFILES: usize = 1000;
const PROFILE_TYPES: [&str; 2] = [SYSTEM_DEFINED, APPLICATION];

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ListInferenceProfilesQuery {
    max_results: Option<String>,
    next_token: Option<String>,
    #[serde(rename = "type")]
    type_equals: Option<String>,
}

const PAGE_TOKEN_PREFIX: &str = "bl1-";

pub(super) async fn list_inference_profiles(
    State(world): State<Arc<crate::service::Service>>,
    Query(query): Query<ListInferenceProfilesQuery>,
) -> Result<Json<Value>, AwsError> {
    check_enum(query.type_equals.as_deref(), "typeEquals", &PROFILE_TYPES)?;
    let max_results = page_size(query.max_results.as_deref(), 1000, 1000)?;
    let start = page_start(query.next_token.as_deref(), PAGE_TOKEN_PREFIX)?;
    // The service lists system-defined profiles when no type is asked for.
    let all: Vec<InferenceProfile> = match query.type_equals.as_deref() {
        Some(APPLICATION) => world.state().application_profiles.clone(),
        _ => world.system_profiles.clone(),
    };
    let page: Vec<&InferenceProfile> = all.iter().skip(start).take(max_results).collect();
    let mut body = json!({ "inferenceProfileSummaries": page });
    if start + page.len() < all.len() {
        body["nextToken"] = json!(format!("{PAGE_TOKEN_PREFIX}{}", start + page.len()));
    }
    Ok(Json(body))
}

pub(super) async fn get_inference_profile(
    State(world): State<Arc<crate::service::Service>>,
    Path(identifier): Path<String>,
) -> Result<Json<InferenceProfile>, AwsError> {
    world
        .profile(&identifier)
        .map(Json)
        .ok_or_else(|| profile_not_found(&identifier))
}

fn profile_not_found(identifier: &str) -> AwsError {
    AwsError::not_found(format!("The inference profile {identifier} could not be found."))
}

#[derive(Debug, Deserialize, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
struct CreateInferenceProfileRequest {
    inference_profile_name: Option<String>,
    description: Option<String>,
    client_request_token: Option<String>,
    model_source: Option<ModelSource>,
    tags: Option<Vec<Tag>>,
}

#[derive(Debug, Deserialize, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
struct ModelSource {
    copy_from: Option<String>,
}

pub(super) async fn create_inference_profile(
    State(world): State<Arc<crate::service::Service>>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), AwsError> {
    let request: CreateInferenceProfileRequest = parse_body(&body)?;
    let mut violations = Violations::default();
    let name = request.inference_profile_name.clone().unwrap_or_default();
    match &request.inference_profile_name {
        None => violations.missing("inferenceProfileName"),
        Some(name) => {
            violations.length(name, "inferenceProfileName", 1, 64, true);
            violations.pattern(
                name,
                "inferenceProfileName",
                validate::NAME_PATTERN,
                validate::is_profile_name(name),
                true,
            );
        }
    }
    if let Some(description) = &request.description {
        violations.length(description, "description", 1, 200, false);
        violations.pattern(
            description,
            "description",
            validate::DESCRIPTION_PATTERN,
            validate::is_profile_description(description),
            false,
        );
    }
    if let Some(token) = &request.client_request_token {
        violations.length(token, "clientRequestToken", 1, 256, true);
        violations.pattern(
            token,
            "clientRequestToken",
            validate::TOKEN_PATTERN,
            validate::is_client_request_token(token),
            true,
        );
    }
    let copy_from = request.model_source.as_ref().and_then(|s| s.copy_from.clone());
    match (&request.model_source, &copy_from) {
        (None, _) => violations.missing("modelSource"),
        (Some(_), None) => violations.missing("modelSource.copyFrom"),
        (Some(_), Some(arn)) => {
            violations.length(arn, "modelSource.copyFrom", 1, 2048, true);
            violations.pattern(
                arn,
                "modelSource.copyFrom",
                validate::COPY_FROM_PATTERN,
                validate::parse_copy_from(arn).is_some(),
                true,
            );
        }
    }
    let tags = request.tags.clone().unwrap_or_default();
    check_tags(&mut violations, &tags, "tags");
    violations.into_result()?;
    let copy_from = copy_from.unwrap_or_default();

    // Same token, same request: the same answer. Same token, another request: a conflict.
    let fingerprint = serde_json::to_string(&json!({
        "name": name, "description": request.description, "copyFrom": copy_from, "tags": tags,
    }))
    .unwrap_or_default();
    let models = source_models(&world, &copy_from)?;
    let mut state = world.state();
    if let Some(token) = &request.client_request_token
        && let Some((seen, arn)) = state.client_tokens.get(token)
    {
        return if *seen == fingerprint {
            Ok((
                StatusCode::CREATED,
                Json(json!({ "inferenceProfileArn": arn, "status": "ACTIVE" })),
            ))
        } else {
            Err(AwsError::conflict(
                "The clientRequestToken was already used with different request parameters. Use a new token for a new request.",
            ))
        };
    }
    if state
        .application_profiles
        .iter()
        .any(|p| p.inference_profile_name == name)
    {
        return Err(AwsError::conflict(format!(
            "An inference profile with the name {name} already exists."
        )));
    }
    if state.application_profiles.len() >= MAX_APPLICATION_PROFILES {
        return Err(AwsError::quota(format!(
            "You have reached the quota of {MAX_APPLICATION_PROFILES} application inference profiles in this Region."
        )));
    }
    let id = world.next_application_profile_id(&mut state, &name);
    let arn = format!(
        "arn:{}:bedrock:{}:{}:application-inference-profile/{id}",
        world.partition, world.region, world.account_id
    );
    let now = world.now_iso();
    state.application_profiles.push(InferenceProfile {
        inference_profile_name: name,
        description: request.description.clone(),
        created_at: now.clone(),
        updated_at: now,
        inference_profile_arn: arn.clone(),
        models,
        inference_profile_id: id,
        status: "ACTIVE",
        profile_type: APPLICATION,
    });
    if !tags.is_empty() {
        state.tags.insert(arn.clone(), tags);
    }
    if let Some(token) = request.client_request_token {
        state.client_tokens.insert(token, (fingerprint, arn.clone()));
    }
    world.save(&state);
    tracing::info!(%arn, "created application inference profile");
    Ok((
        StatusCode::CREATED,
        Json(json!({ "inferenceProfileArn": arn, "status": "ACTIVE" })),
    ))
}

/// The models an application profile copies: one foundation model of this Region, or every destination of a
/// system-defined profile.
fn source_models(world: &World, copy_from: &str) -> Result<Vec<ProfileModel>, AwsError> {
    let source = validate::parse_copy_from(copy_from)
        .ok_or_else(|| AwsError::validation("modelSource.copyFrom is not a valid ARN"))?;
    match source.resource_type {
        "foundation-model" => {
            if source.region != world.region {
                return Err(AwsError::validation(format!(
                    "The foundation model ARN must be in the Region of the request ({}); got {}.",
                    world.region, source.region
                )));
            }
            let model = world
                .foundation_model(source.resource_id)
                .ok_or_else(|| AwsError::not_found(format!("The model {copy_from} could not be found.")))?;
            Ok(vec![ProfileModel {
                model_arn: model.model_arn.clone(),
            }])
        }
        _ => world
            .system_profiles
            .iter()
            .find(|p| p.inference_profile_arn == copy_from)
            .map(|p| p.models.clone())
            .ok_or_else(|| profile_not_found(copy_from)),
    }
}

pub(super) async fn delete_inference_profile(
    State(world): State<Arc<crate::service::Service>>,
    Path(identifier): Path<String>,
) -> Result<Json<Value>, AwsError> {
    if world
        .system_profiles
        .iter()
        .any(|p| p.inference_profile_id == identifier || p.inference_profile_arn == identifier)
    {
        return Err(AwsError::validation(format!(
            "{identifier} is a system-defined inference profile. Only application inference profiles can be deleted."
        )));
    }
    let mut state = world.state();
    let position = state
        .application_profiles
        .iter()
        .position(|p| p.inference_profile_id == identifier || p.inference_profile_arn == identifier)
        .ok_or_else(|| profile_not_found(&identifier))?;
    let removed = state.application_profiles.remove(position);
    state.tags.remove(&removed.inference_profile_arn);
    world.save(&state);
    tracing::info!(arn = %removed.inference_profile_arn, "deleted application inference profile");
    Ok(Json(json!({})))
}
