//! The control plane (`bedrock`): foundation models, inference profiles, projects and their tags.
//!
//! - `foundation_models`, `inference_profiles`, `projects`, `tags`: one file per resource.
//! - `input`: reading a request body and checking enum members and tags, as every operation does.

use std::sync::Arc;

use axum::Router;
use axum::routing::{get, post};

mod foundation_models;
mod inference_profiles;
mod input;
mod projects;
mod tags;

pub fn routes() -> Router<Arc<crate::service::Service>> {
    Router::new()
        .route(
            "/foundation-models",
            get(foundation_models::list_foundation_models),
        )
        .route(
            "/foundation-models/{model_identifier}",
            get(foundation_models::get_foundation_model),
        )
        .route(
            "/inference-profiles",
            get(inference_profiles::list_inference_profiles)
                .post(inference_profiles::create_inference_profile),
        )
        .route(
            "/inference-profiles/{identifier}",
            get(inference_profiles::get_inference_profile)
                .delete(inference_profiles::delete_inference_profile),
        )
        .route(
            "/projects",
            get(projects::list_projects).post(projects::create_project),
        )
        .route(
            "/projects/{identifier}",
            get(projects::get_project).post(projects::update_project),
        )
        .route("/projects/{identifier}/archive", post(projects::archive_project))
        .route("/tagResource", post(tags::tag_resource))
        .route("/untagResource", post(tags::untag_resource))
        .route("/listTagsForResource", post(tags::list_tags_for_resource))
}
