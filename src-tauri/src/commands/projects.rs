//! Bedrock projects through the active connection: list, the create form's live check, create, rename,
//! archive. The SDK lacks these operations; outcrop-bedrock signs them itself.

use outcrop_bedrock::projects::{CreateProject, Project};
use outcrop_core::connection_input::FieldError;
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use crate::IpcError;
use crate::state::AppState;

/// The Projects tab: every project of the connection's Region (active and archived), and the least-privilege
/// IAM policy for managing them from Outcrop.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProjectsOverview {
    pub projects: Vec<Project>,
    pub iam_policy: String,
}

/// The create form, checked: every broken rule, and the AWS CLI command it amounts to.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProjectPreview {
    pub errors: Vec<FieldError>,
    pub cli: String,
}

#[tauri::command]
pub async fn projects_overview(state: State<'_, AppState>) -> Result<ProjectsOverview, IpcError> {
    let (saved, clients) = state.active_clients().await?;
    let projects = clients
        .projects
        .list(None)
        .await
        .map_err(|e| IpcError::from(e.for_connection(&saved)))?;
    Ok(ProjectsOverview {
        projects,
        iam_policy: outcrop_core::projects::iam_policy_text(),
    })
}

/// The rules a new project breaks, and its `aws bedrock create-project` command, in the active connection's
/// Region.
#[tauri::command]
pub async fn project_preview(
    state: State<'_, AppState>,
    request: CreateProject,
) -> Result<ProjectPreview, IpcError> {
    let region = state
        .connections
        .active()
        .map(|c| c.region)
        .unwrap_or_else(|| "us-east-1".into());
    Ok(preview(&region, &request))
}

/// [`project_preview`] without the state.
pub fn preview(region: &str, request: &CreateProject) -> ProjectPreview {
    ProjectPreview {
        errors: outcrop_core::projects::check_create(&request.name, &request.tags),
        cli: outcrop_core::projects::cli_create(region, &request.name, &request.tags, request.data_retention),
    }
}

/// The rules a project name breaks: the rename box's check as the person types.
#[tauri::command]
pub async fn project_check_name(name: String) -> Result<Vec<FieldError>, IpcError> {
    Ok(outcrop_core::projects::check_name(&name).into_iter().collect())
}

#[tauri::command]
pub async fn project_create(state: State<'_, AppState>, request: CreateProject) -> Result<Project, IpcError> {
    let (saved, clients) = state.active_clients().await?;
    clients
        .projects
        .create(&request)
        .await
        .map_err(|e| IpcError::from(e.for_connection(&saved)))
}

#[tauri::command]
pub async fn project_rename(
    state: State<'_, AppState>,
    id: String,
    name: String,
) -> Result<Project, IpcError> {
    let (saved, clients) = state.active_clients().await?;
    clients
        .projects
        .rename(&id, &name)
        .await
        .map_err(|e| IpcError::from(e.for_connection(&saved)))
}

/// Archives a project: final, it takes no more requests or changes.
#[tauri::command]
pub async fn project_archive(state: State<'_, AppState>, id: String) -> Result<Project, IpcError> {
    let (saved, clients) = state.active_clients().await?;
    clients
        .projects
        .archive(&id)
        .await
        .map_err(|e| IpcError::from(e.for_connection(&saved)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use outcrop_core::projects::DataRetentionMode;

    #[test]
    fn the_preview_checks_the_form_and_writes_its_command() {
        let preview = preview(
            "eu-west-1",
            &CreateProject {
                name: String::new(),
                tags: Vec::new(),
                data_retention: DataRetentionMode::AwsReview,
            },
        );
        assert_eq!(preview.errors[0].field, "name");
        assert!(
            preview.cli.contains("--data-retention mode=aws_review"),
            "{}",
            preview.cli
        );
        assert!(preview.cli.ends_with("--region eu-west-1"), "{}", preview.cli);
    }
}
