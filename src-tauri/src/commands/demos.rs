//! Scripted demos: the library (shipped, imported and recorded demos), importing a demo file, recording a
//! session as a demo, saving one as a file and deleting a kept one. Playing a demo is the playground's own send.

use outcrop_bedrock::playground::demos::{DemoEntry, DemoLibrary};
use outcrop_core::conversation::ContentItem;
use tauri::State;

use crate::IpcError;
use crate::blocking::blocking;
use crate::state::AppState;

/// Every demo: the shipped ones first, then the kept ones by title, and the kept files that cannot be read.
#[tauri::command]
pub async fn demo_list(state: State<'_, AppState>) -> Result<DemoLibrary, IpcError> {
    blocking(state.playground()?, |playground| playground.demos()).await
}

/// Keeps a demo file (its text) in the library; a file that is not a playable demo is refused with the rule.
#[tauri::command]
pub async fn demo_import(state: State<'_, AppState>, json: String) -> Result<DemoEntry, IpcError> {
    blocking(state.playground()?, move |playground| {
        playground.import_demo(&json)
    })
    .await
}

/// Records a session as a demo (its questions, what came before the first, what its tools answered), kept as
/// `session-<id>`.
#[tauri::command]
pub async fn demo_from_session(
    state: State<'_, AppState>,
    session_id: String,
    title: String,
    lang: String,
) -> Result<DemoEntry, IpcError> {
    blocking(state.playground()?, move |playground| {
        playground.demo_from_session(&session_id, &format!("session-{session_id}"), &title, &lang)
    })
    .await
}

/// Saves a demo as a file in the exports folder and returns its path.
#[tauri::command]
pub async fn demo_save_to_downloads(state: State<'_, AppState>, id: String) -> Result<String, IpcError> {
    let dir = state.exports_dir.clone();
    let path = blocking(state.playground()?, move |playground| {
        playground.export_demo_to(&id, &dir)
    })
    .await?;
    Ok(path.display().to_string())
}

/// The scripted results that answer the tool calls in `reply`, as the next user message's content (empty when the
/// reply calls no tool).
#[tauri::command]
pub async fn demo_tool_results(
    state: State<'_, AppState>,
    id: String,
    reply: Vec<ContentItem>,
) -> Result<Vec<ContentItem>, IpcError> {
    blocking(state.playground()?, move |playground| {
        playground.demo(&id).map(|demo| demo.tool_results_for(&reply))
    })
    .await
}

/// Deletes a kept demo; false when there was none to delete (shipped demos stay).
#[tauri::command]
pub async fn demo_delete(state: State<'_, AppState>, id: String) -> Result<bool, IpcError> {
    blocking(state.playground()?, move |playground| playground.delete_demo(&id)).await
}
