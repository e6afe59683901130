//! Connections: list, add, check, test, switch and remove them. Secrets arrive here from the form once and go
//! to the keychain; no command ever returns one.

use outcrop_bedrock::connections::{
    self, ConnectionReport, ConnectionsOverview, NewConnection, SavedConnection,
};
use outcrop_core::aws_profiles::AwsProfile;
use outcrop_core::connection_input::FieldError;
use tauri::State;

use crate::IpcError;
use crate::state::AppState;

/// Keychain calls block (D-Bus on Linux); they run off the async runtime's worker threads.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T, IpcError> {
    tauri::async_runtime::spawn_blocking(f).await.map_err(|e| {
        IpcError::new(outcrop_core::ErrorCode::Internal, "A background task failed").with_source(&e)
    })
}

// Every command here is async: Tauri runs synchronous commands on the main thread, and these wait on the
// connections lock, which a keychain call elsewhere may be holding up.

#[tauri::command]
pub async fn connections_overview(state: State<'_, AppState>) -> Result<ConnectionsOverview, IpcError> {
    Ok(state.connections.overview())
}

#[tauri::command]
pub async fn aws_profiles(state: State<'_, AppState>) -> Result<Vec<AwsProfile>, IpcError> {
    Ok(state.connections.aws_profiles())
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
    let service = state.connections.clone();
    blocking(move || service.add(draft))
        .await?
        .map_err(IpcError::from)
}

#[tauri::command]
pub async fn connection_remove(
    state: State<'_, AppState>,
    id: String,
) -> Result<ConnectionsOverview, IpcError> {
    let service = state.connections.clone();
    blocking(move || service.remove(&id))
        .await?
        .map_err(IpcError::from)?;
    Ok(state.connections.overview())
}

#[tauri::command]
pub async fn connection_activate(
    state: State<'_, AppState>,
    id: String,
) -> Result<SavedConnection, IpcError> {
    state.connections.activate(&id).map_err(IpcError::from)
}

#[tauri::command]
pub async fn welcome_finish(state: State<'_, AppState>) -> Result<ConnectionsOverview, IpcError> {
    state.connections.finish_welcome().map_err(IpcError::from)?;
    Ok(state.connections.overview())
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
    let service = state.connections.clone();
    let resolve_saved = saved.clone();
    let connection = blocking(move || service.resolve(&resolve_saved, local.as_deref()))
        .await?
        .map_err(IpcError::from)?;
    connections::test_connection(&saved, &connection)
        .await
        .map_err(IpcError::from)
}

/// Forgets every application profile made on Local Bedrock, in every Region, and starts it afresh.
#[tauri::command]
pub async fn local_bedrock_reset(state: State<'_, AppState>) -> Result<(), IpcError> {
    state.reset_local_bedrock().await
}
