//! Connections: list, add, check, test, switch, move to another Region, choose where the Messages API goes and
//! remove them. Secrets arrive here from the form once and go
//! to the keychain; no command ever returns one.

use outcrop_bedrock::connections::{
    self, ConnectionReport, ConnectionsOverview, NewConnection, SavedConnection,
};
use outcrop_core::MessagesEndpoint;
use outcrop_core::aws_profiles::AwsProfile;
use outcrop_core::connection_input::FieldError;
use tauri::State;

use crate::IpcError;
use crate::blocking::blocking;
use crate::state::AppState;

/// The Connections page's overview, with the API-key variables present in Outcrop's environment (named,
/// never their values).
fn overview(state: &AppState) -> ConnectionsOverview {
    let mut overview = state.connections.overview();
    overview.api_key_variables = connections::API_KEY_VARIABLES
        .into_iter()
        .filter(|name| std::env::var_os(name).is_some_and(|value| !value.is_empty()))
        .map(str::to_owned)
        .collect();
    overview
}

// Every command here is async: Tauri runs synchronous commands on the main thread, and these wait on the
// connections lock, which a keychain call elsewhere may be holding up. Keychain calls (D-Bus on Linux) and
// writes of the connections file run through `blocking`.

#[tauri::command]
pub async fn connections_overview(state: State<'_, AppState>) -> Result<ConnectionsOverview, IpcError> {
    Ok(overview(&state))
}

#[tauri::command]
pub async fn aws_profiles(state: State<'_, AppState>) -> Result<Vec<AwsProfile>, IpcError> {
    // Reads ~/.aws/config and ~/.aws/credentials.
    blocking(state.connections.clone(), |service| {
        Ok::<_, IpcError>(service.aws_profiles())
    })
    .await
}

/// Every rule the form breaks, for showing next to its fields as the person types.
#[tauri::command]
pub async fn connection_check(
    state: State<'_, AppState>,
    draft: NewConnection,
) -> Result<Vec<FieldError>, IpcError> {
    Ok(state.connections.check(&draft))
}

#[tauri::command]
pub async fn connection_add(
    state: State<'_, AppState>,
    draft: NewConnection,
) -> Result<SavedConnection, IpcError> {
    blocking(state.connections.clone(), move |service| service.add(draft)).await
}

#[tauri::command]
pub async fn connection_remove(
    state: State<'_, AppState>,
    id: String,
) -> Result<ConnectionsOverview, IpcError> {
    blocking(state.connections.clone(), move |service| service.remove(&id)).await?;
    Ok(overview(&state))
}

#[tauri::command]
pub async fn connection_activate(
    state: State<'_, AppState>,
    id: String,
) -> Result<SavedConnection, IpcError> {
    blocking(state.connections.clone(), move |service| service.activate(&id)).await
}

/// Moves a connection to another Region (the format is checked). The catalogue kept for it is dropped, so
/// nothing of the old Region's is served; a short-term API key from another Region is warned about in the UI
/// before this is called, and its refusals then name the mismatch.
#[tauri::command]
pub async fn connection_set_region(
    state: State<'_, AppState>,
    id: String,
    region: String,
) -> Result<SavedConnection, IpcError> {
    let saved = blocking(state.connections.clone(), move |service| {
        service.set_region(&id, &region)
    })
    .await?;
    state.region_changed();
    Ok(saved)
}

/// Sends the connection's Messages API to bedrock-runtime or bedrock-mantle from now on; its secret stays in
/// the keychain untouched.
#[tauri::command]
pub async fn connection_set_messages_endpoint(
    state: State<'_, AppState>,
    id: String,
    endpoint: MessagesEndpoint,
) -> Result<SavedConnection, IpcError> {
    blocking(state.connections.clone(), move |service| {
        service.set_messages_endpoint(&id, endpoint)
    })
    .await
}

/// Sets a saved connection's endpoint overrides (the control plane's, and bedrock-runtime's when it differs),
/// keeping its secret where it is.
#[tauri::command]
pub async fn connection_set_endpoints(
    state: State<'_, AppState>,
    id: String,
    endpoint_url: Option<String>,
    runtime_endpoint_url: Option<String>,
) -> Result<SavedConnection, IpcError> {
    blocking(state.connections.clone(), move |service| {
        service.set_endpoints(&id, endpoint_url, runtime_endpoint_url)
    })
    .await
}

#[tauri::command]
pub async fn welcome_finish(state: State<'_, AppState>) -> Result<ConnectionsOverview, IpcError> {
    blocking(state.connections.clone(), |service| service.finish_welcome()).await?;
    Ok(overview(&state))
}

/// A cheap read (ListFoundationModels) and "who am I" (STS) with the connection's credentials.
#[tauri::command]
pub async fn connection_test(state: State<'_, AppState>, id: String) -> Result<ConnectionReport, IpcError> {
    let saved = state.connections.get(&id).map_err(IpcError::from)?;
    let local = if saved.simulated() {
        Some(state.local.endpoint(&saved.region).await?)
    } else {
        None
    };
    let resolve_saved = saved.clone();
    let connection = blocking(state.connections.clone(), move |service| {
        service.resolve(&resolve_saved, local.as_ref())
    })
    .await?;
    connections::test_connection(&saved, &connection)
        .await
        .map_err(IpcError::from)
}

/// Forgets every application profile made on Local Bedrock, in every Region, and starts it afresh.
#[tauri::command]
pub async fn local_bedrock_reset(state: State<'_, AppState>) -> Result<(), IpcError> {
    state.reset_local_bedrock().await
}
