//! CreateProject, GetProject, ListProjects, UpdateProject and ArchiveProject, as botocore 1.44.8's `bedrock` model
//! shapes them (rest-json): a project has a name (1–127 characters, not only whitespace, not unique), tags and a
//! data-retention mode; archiving is the terminal state ("An archived project rejects new inference requests and
//! mutations"). Every account has the `default` project, which GetProject and ListProjects show and which cannot
//! be renamed or archived.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use serde::Deserialize;
use serde_json::{Value, json};

use super::input::{check_enum, check_tags, page_size, page_start, parse_body};
use crate::error::AwsError;
use crate::validate::Violations;
use crate::world::{DEFAULT_PROJECT, DataRetention, PROJECT_ACTIVE, PROJECT_ARCHIVED, Project, Tag};

/// `DataRetentionMode` in botocore's model.
const RETENTION_MODES: [&str; 5] = ["default", "none", "aws_review", "provider_data_share", "inherit"];
const STATUSES: [&str; 2] = [PROJECT_ACTIVE, PROJECT_ARCHIVED];
/// Projects an account may hold here (Local Bedrock's own limit; AWS states a service quota).
const MAX_PROJECTS: usize = 1000;
const PAGE_TOKEN_PREFIX: &str = "bp1-";

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CreateProjectRequest {
    name: Option<String>,
    tags: Option<Vec<Tag>>,
    data_retention: Option<DataRetention>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct UpdateProjectRequest {
    name: Option<String>,
    data_retention: Option<DataRetention>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ListProjectsQuery {
    max_results: Option<String>,
    next_token: Option<String>,
    status_filter: Option<String>,
}

fn check_name(violations: &mut Violations, name: &str) {
    violations.length(name, "name", 1, 127, false);
    if !name.chars().any(|c| !c.is_whitespace()) {
        violations.pattern(name, "name", ".*\\S.*", false, false);
    }
}

fn check_retention(retention: Option<&DataRetention>) -> Result<(), AwsError> {
    check_enum(
        retention.map(|r| r.mode.as_str()),
        "dataRetention.mode",
        &RETENTION_MODES,
    )
}

fn not_found(identifier: &str) -> AwsError {
    AwsError::not_found(format!("The project {identifier} could not be found."))
}

pub(super) async fn create_project(
    State(service): State<Arc<crate::service::Service>>,
    body: Bytes,
) -> Result<Json<Project>, AwsError> {
    let request: CreateProjectRequest = parse_body(&body)?;
    let mut violations = Violations::default();
    match &request.name {
        None => violations.missing("name"),
        Some(name) => check_name(&mut violations, name),
    }
    let tags = request.tags.unwrap_or_default();
    check_tags(&mut violations, &tags, "tags");
    violations.into_result()?;
    check_retention(request.data_retention.as_ref())?;
    let name = request.name.unwrap_or_default();
    let world = &service.world;
    let mut state = world.state();
    if state.projects.len() >= MAX_PROJECTS {
        return Err(AwsError::quota(format!(
            "You have reached the quota of {MAX_PROJECTS} projects in this Region."
        )));
    }
    let id = world.next_project_id(&mut state, &name);
    let project = Project {
        arn: world.project_arn(&id),
        id,
        name,
        status: PROJECT_ACTIVE,
        created_at: world.now_iso(),
        archived_at: None,
        data_retention: request.data_retention.unwrap_or(DataRetention {
            mode: "default".to_owned(),
        }),
    };
    if !tags.is_empty() {
        state.tags.insert(project.arn.clone(), tags);
    }
    state.projects.push(project.clone());
    world.save(&state);
    tracing::info!(arn = %project.arn, "created project");
    Ok(Json(project))
}

pub(super) async fn get_project(
    State(service): State<Arc<crate::service::Service>>,
    Path(identifier): Path<String>,
) -> Result<Json<Project>, AwsError> {
    service
        .world
        .project(&identifier)
        .map(Json)
        .ok_or_else(|| not_found(&identifier))
}

pub(super) async fn list_projects(
    State(service): State<Arc<crate::service::Service>>,
    Query(query): Query<ListProjectsQuery>,
) -> Result<Json<Value>, AwsError> {
    check_enum(query.status_filter.as_deref(), "statusFilter", &STATUSES)?;
    let max_results = page_size(query.max_results.as_deref(), 100, 100)?;
    let start = page_start(query.next_token.as_deref(), PAGE_TOKEN_PREFIX)?;
    let world = &service.world;
    let mut all = vec![world.default_project()];
    all.extend(world.state().projects.iter().cloned());
    all.retain(|p| query.status_filter.as_deref().is_none_or(|s| p.status == s));
    let page: Vec<&Project> = all.iter().skip(start).take(max_results).collect();
    let mut body = json!({ "projectSummaries": page });
    if start + page.len() < all.len() {
        body["nextToken"] = json!(format!("{PAGE_TOKEN_PREFIX}{}", start + page.len()));
    }
    Ok(Json(body))
}

/// Applies `change` to a created, active project and saves it; the default project and archived ones refuse.
fn mutate(
    service: &crate::service::Service,
    identifier: &str,
    what: &str,
    change: impl FnOnce(&mut Project, &str),
) -> Result<Project, AwsError> {
    let world = &service.world;
    let project = world.project(identifier).ok_or_else(|| not_found(identifier))?;
    if project.id == DEFAULT_PROJECT {
        return Err(AwsError::validation(format!(
            "The default project cannot be {what}."
        )));
    }
    if project.status == PROJECT_ARCHIVED {
        return Err(AwsError::conflict(format!(
            "The project {} is archived; an archived project accepts no changes.",
            project.id
        )));
    }
    let now = world.now_iso();
    let mut state = world.state();
    let stored = state
        .projects
        .iter_mut()
        .find(|p| p.id == project.id)
        .ok_or_else(|| not_found(identifier))?;
    change(stored, &now);
    let updated = stored.clone();
    world.save(&state);
    Ok(updated)
}

pub(super) async fn update_project(
    State(service): State<Arc<crate::service::Service>>,
    Path(identifier): Path<String>,
    body: Bytes,
) -> Result<Json<Project>, AwsError> {
    let request: UpdateProjectRequest = parse_body(&body)?;
    let mut violations = Violations::default();
    if let Some(name) = &request.name {
        check_name(&mut violations, name);
    }
    violations.into_result()?;
    check_retention(request.data_retention.as_ref())?;
    let project = mutate(&service, &identifier, "renamed or changed", |project, _| {
        if let Some(name) = request.name {
            project.name = name;
        }
        if let Some(retention) = request.data_retention {
            project.data_retention = retention;
        }
    })?;
    Ok(Json(project))
}

pub(super) async fn archive_project(
    State(service): State<Arc<crate::service::Service>>,
    Path(identifier): Path<String>,
) -> Result<Json<Project>, AwsError> {
    let project = mutate(&service, &identifier, "archived", |project, now| {
        project.status = PROJECT_ARCHIVED;
        project.archived_at = Some(now.to_owned());
    })?;
    tracing::info!(arn = %project.arn, "archived project");
    Ok(Json(project))
}
