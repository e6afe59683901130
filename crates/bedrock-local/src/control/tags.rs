//! TagResource, UntagResource and ListTagsForResource, on application inference profiles and projects.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use serde::Deserialize;
use serde_json::{Value, json};

use super::input::{MAX_TAGS, check_tags, parse_body};
use crate::error::AwsError;
use crate::validate::Violations;
use crate::world::{Tag, World};

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct TagRequest {
    #[serde(rename = "resourceARN")]
    resource_arn: Option<String>,
    tags: Option<Vec<Tag>>,
    tag_keys: Option<Vec<String>>,
}

/// The resource must be an application profile or a created project of this account; system profiles are AWS's
/// and take no tags.
fn taggable(world: &World, arn: Option<&str>) -> Result<String, AwsError> {
    let Some(arn) = arn else {
        let mut v = Violations::default();
        v.missing("resourceARN");
        return Err(v
            .into_result()
            .err()
            .unwrap_or_else(|| AwsError::validation("resourceARN is required")));
    };
    if world
        .system_profiles
        .iter()
        .any(|p| p.inference_profile_arn == arn)
    {
        return Err(AwsError::validation(format!(
            "{arn} is a system-defined inference profile; tags can only be set on resources you own."
        )));
    }
    let state = world.state();
    let owned = state
        .application_profiles
        .iter()
        .any(|p| p.inference_profile_arn == arn)
        || state.projects.iter().any(|p| p.arn == arn);
    drop(state);
    if owned {
        Ok(arn.to_owned())
    } else {
        Err(AwsError::not_found(format!(
            "The resource {arn} could not be found."
        )))
    }
}

pub(super) async fn tag_resource(
    State(world): State<Arc<crate::service::Service>>,
    body: Bytes,
) -> Result<Json<Value>, AwsError> {
    let request: TagRequest = parse_body(&body)?;
    let arn = taggable(&world, request.resource_arn.as_deref())?;
    let mut violations = Violations::default();
    let Some(tags) = request.tags else {
        violations.missing("tags");
        violations.into_result()?;
        return Ok(Json(json!({})));
    };
    check_tags(&mut violations, &tags, "tags");
    violations.into_result()?;
    let mut state = world.state();
    let mut merged = state.tags.get(&arn).cloned().unwrap_or_default();
    for tag in tags {
        match merged.iter_mut().find(|t| t.key == tag.key) {
            Some(existing) => existing.value = tag.value,
            None => merged.push(tag),
        }
    }
    if merged.len() > MAX_TAGS {
        return Err(AwsError::too_many_tags(
            format!(
                "The request would give {arn} {} tags; a resource can have at most {MAX_TAGS}.",
                merged.len()
            ),
            &arn,
        ));
    }
    state.tags.insert(arn, merged);
    world.save(&state);
    Ok(Json(json!({})))
}

pub(super) async fn untag_resource(
    State(world): State<Arc<crate::service::Service>>,
    body: Bytes,
) -> Result<Json<Value>, AwsError> {
    let request: TagRequest = parse_body(&body)?;
    let arn = taggable(&world, request.resource_arn.as_deref())?;
    let Some(keys) = request.tag_keys else {
        let mut v = Violations::default();
        v.missing("tagKeys");
        v.into_result()?;
        return Ok(Json(json!({})));
    };
    let mut violations = Violations::default();
    violations.list_length(keys.len(), "tagKeys", MAX_TAGS);
    violations.into_result()?;
    let mut state = world.state();
    if let Some(tags) = state.tags.get_mut(&arn) {
        tags.retain(|t| !keys.contains(&t.key));
    }
    world.save(&state);
    Ok(Json(json!({})))
}

pub(super) async fn list_tags_for_resource(
    State(world): State<Arc<crate::service::Service>>,
    body: Bytes,
) -> Result<Json<Value>, AwsError> {
    let request: TagRequest = parse_body(&body)?;
    let arn = taggable(&world, request.resource_arn.as_deref())?;
    let tags = world.state().tags.get(&arn).cloned().unwrap_or_default();
    Ok(Json(json!({ "tags": tags })))
}
