//! Models & profiles: the Region's catalogue, the resolver, and application-profile management, all through
//! the active connection.

use outcrop_bedrock::profiles::{self, Catalog, CreateProfile, Profile, ProfileDetails};
use outcrop_core::connection_input::FieldError;
use outcrop_core::profiles::{Tag, cli};
use outcrop_core::resolver::{Resolution, Verdict};
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use crate::IpcError;
use crate::state::AppState;

/// The catalogue of the active connection's Region; kept for the resolver. Its caching facts are the ones
/// planning uses: floors the cache-floor probe measured are in force.
#[tauri::command]
pub async fn models_catalog(state: State<'_, AppState>) -> Result<Catalog, IpcError> {
    let (saved, client) = state.active_bedrock().await?;
    let mut catalog = Catalog::clone(&*state.reload_catalog(&saved, &client).await?);
    if let Ok(playground) = state.playground() {
        catalog.apply_facts(&playground.facts());
    }
    Ok(catalog)
}

/// The ID Outcrop would invoke for `input` (a model ID, a profile ID or an ARN) on the active connection.
#[tauri::command]
pub async fn model_resolve(state: State<'_, AppState>, input: String) -> Result<Resolution, IpcError> {
    let (saved, client) = state.active_bedrock().await?;
    let catalog = state.catalog_for(&saved, &client).await?;
    resolve_in(&catalog, &input)
}

/// What Outcrop would call for `input`, or why Bedrock would refuse it from the active connection's Region,
/// for the person asking ("Which ID would Outcrop call?"). Only an identifier that is not one at all is an error.
#[tauri::command]
pub async fn model_verdict(state: State<'_, AppState>, input: String) -> Result<Verdict, IpcError> {
    let (saved, client) = state.active_bedrock().await?;
    let catalog = state.catalog_for(&saved, &client).await?;
    verdict_in(&catalog, &input)
}

/// The resolver's verdict on `input` in a catalogue's Region.
pub fn verdict_in(catalog: &Catalog, input: &str) -> Result<Verdict, IpcError> {
    Verdict::of(catalog.resolve(input))
        .map_err(|e| IpcError::new(outcrop_core::ErrorCode::Validation, e.to_string()))
}

/// What the resolver says about `input` in a catalogue's Region.
pub fn resolve_in(catalog: &Catalog, input: &str) -> Result<Resolution, IpcError> {
    catalog
        .resolve(input)
        .map_err(|e| IpcError::new(outcrop_core::ErrorCode::Validation, e.to_string()))
}

/// The profile with its tags, the IAM policy for invoking through it and its AWS CLI commands.
#[tauri::command]
pub async fn profile_details(state: State<'_, AppState>, id: String) -> Result<ProfileDetails, IpcError> {
    let (saved, client) = state.active_bedrock().await?;
    profiles::profile_details(&client, &saved.region, &id)
        .await
        .map_err(|e| IpcError::from(e.for_connection(&saved)))
}

/// The create form, checked: every broken rule, and the AWS CLI command it amounts to.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CreatePreview {
    pub errors: Vec<FieldError>,
    pub cli: String,
}

#[tauri::command]
pub async fn profile_preview(
    state: State<'_, AppState>,
    request: CreateProfile,
) -> Result<CreatePreview, IpcError> {
    let region = state
        .connections
        .active()
        .map(|c| c.region)
        .unwrap_or_else(|| "us-east-1".into());
    Ok(CreatePreview {
        errors: profiles::check_create(&request),
        cli: cli::create(
            &region,
            request.name.trim(),
            request.description.as_deref(),
            &request.copy_from,
            &request.tags,
        ),
    })
}

/// The rules a set of tags breaks, by field (`tags.N.key`, `tags.N.value`): the tag editor's check as you
/// type, the same rules creation checks.
#[tauri::command]
pub async fn profile_check_tags(tags: Vec<Tag>) -> Result<Vec<FieldError>, IpcError> {
    Ok(outcrop_core::profiles::check_tags(&tags))
}

#[tauri::command]
pub async fn profile_create(state: State<'_, AppState>, request: CreateProfile) -> Result<Profile, IpcError> {
    let (saved, client) = state.active_bedrock().await?;
    let created = profiles::create_profile(&client, &request)
        .await
        .map_err(|e| IpcError::from(e.for_connection(&saved)))?;
    state.profiles_changed();
    Ok(created)
}

/// Sets an application profile's tags to exactly `tags` (adds, changes and removes).
#[tauri::command]
pub async fn profile_set_tags(
    state: State<'_, AppState>,
    arn: String,
    tags: Vec<Tag>,
) -> Result<Vec<Tag>, IpcError> {
    let (saved, client) = state.active_bedrock().await?;
    profiles::set_tags(&client, &arn, &tags)
        .await
        .map_err(|e| IpcError::from(e.for_connection(&saved)))
}

#[tauri::command]
pub async fn profile_delete(state: State<'_, AppState>, id: String) -> Result<(), IpcError> {
    let (saved, client) = state.active_bedrock().await?;
    profiles::delete_profile(&client, &id)
        .await
        .map_err(|e| IpcError::from(e.for_connection(&saved)))?;
    state.profiles_changed();
    Ok(())
}
