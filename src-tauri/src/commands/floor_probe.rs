//! The cache-floor probe: what it will send and cost, run it with progress over a channel, stop it, and the
//! floors it measured (listed, deleted). The model choice resolves as the playground resolves it, on the
//! active connection and its Region.

use outcrop_bedrock::playground::{FloorProbeEvent, FloorProbePlan, FloorProbeReport, StoredFloorProbe};
use tauri::State;
use tauri::ipc::Channel;

use crate::IpcError;
use crate::blocking::blocking;
use crate::commands::playground::target;
use crate::state::AppState;

/// What a probe of `model_choice` would send: the candidates, at most how many requests, the worst-case cost
/// at the current prices.
#[tauri::command]
pub async fn floor_probe_plan(
    state: State<'_, AppState>,
    model_choice: String,
) -> Result<FloorProbePlan, IpcError> {
    let (target, _, _) = target(&state, &model_choice).await?;
    blocking(state.playground()?, move |playground| {
        playground.floor_probe_plan(&target)
    })
    .await
}

/// Runs the probe; each request's event goes to `on_event`, and how it ended is the result. A floor found is
/// kept and planning uses it; a stopped probe keeps nothing.
#[tauri::command]
pub async fn floor_probe_run(
    state: State<'_, AppState>,
    model_choice: String,
    on_event: Channel<FloorProbeEvent>,
) -> Result<FloorProbeReport, IpcError> {
    // Reserved first, so Stop works while credentials are resolved and the catalogue loads.
    let playground = state.playground()?;
    let reservation = playground.reserve_floor_probe()?;
    let (target, saved, clients) = target(&state, &model_choice).await?;
    let client = clients.runtime;
    let sink = move |event: FloorProbeEvent| {
        if let Err(error) = on_event.send(event) {
            tracing::debug!(%error, "the window stopped listening to the floor probe");
        }
    };
    playground
        .run_floor_probe(&client, &reservation, &target, &sink)
        .await
        .map_err(|e| IpcError::from(e.for_connection(&saved)))
}

/// Stops the running probe; nothing it found is kept. False when none was running.
#[tauri::command]
pub fn floor_probe_stop(state: State<'_, AppState>) -> Result<bool, IpcError> {
    Ok(state.playground()?.stop_floor_probe())
}

/// Every floor measured, oldest first.
#[tauri::command]
pub async fn floor_probes_list(state: State<'_, AppState>) -> Result<Vec<StoredFloorProbe>, IpcError> {
    blocking(state.playground()?, |playground| playground.floor_probes()).await
}

/// Forgets a measured floor: planning goes back to the published claims.
#[tauri::command]
pub async fn floor_probe_delete(state: State<'_, AppState>, id: i64) -> Result<(), IpcError> {
    blocking(state.playground()?, move |playground| {
        playground.delete_floor_probe(id)
    })
    .await
}
