//! The playground: plan as the person types, count tokens, send a turn over a channel, stop it; sessions,
//! the price table and copy as code.

use outcrop_bedrock::playground::{
    Api, BakeoffEvent, BakeoffReport, BakeoffRequest, CopiedCode, Draft, EarlierTurns, PlanView,
    PriceTableText, Session, SessionRun, SessionSummary, Target, TokenCountReport, TurnEvent, TurnRecord,
};
use outcrop_core::conversation::Conversation;
use outcrop_core::request_code::CodeFormat;
use serde::Deserialize;
use tauri::State;
use tauri::ipc::Channel;
use ts_rs::TS;

use crate::IpcError;
use crate::blocking::blocking;
use crate::commands::profiles::resolve_in;
use crate::state::AppState;

/// A conversation and the model it would go to; the session gives the cache state to predict from.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlanRequest {
    #[serde(default)]
    #[ts(optional)]
    pub session_id: Option<String>,
    pub conversation: Conversation,
    /// A model ID, a profile ID or an application-profile ARN, resolved on the active connection.
    pub model_choice: String,
    /// The transport the send will use (Converse when absent): blocks are counted on its wire.
    #[serde(default)]
    #[ts(optional)]
    pub api: Option<Api>,
}

/// The next turn of a session.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SendRequest {
    pub session_id: String,
    pub draft: Draft,
}

/// What Copy as code shows: the session's last request sent, else the draft's next one.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CopyRequest {
    #[serde(default)]
    #[ts(optional)]
    pub session_id: Option<String>,
    pub draft: Draft,
}

/// Resolves the choice on the active connection; returns the target and a runtime client for it.
pub(crate) async fn target(
    state: &AppState,
    model_choice: &str,
) -> Result<(Target, outcrop_bedrock::SavedConnection, outcrop_bedrock::Clients), IpcError> {
    if model_choice.trim().is_empty() {
        return Err(IpcError::from(outcrop_bedrock::OutcropError::from_field_errors(
            &[outcrop_core::connection_input::FieldError::new(
                "model",
                outcrop_core::connection_input::Rule::ChooseModel,
                "Choose a model or inference profile to send to.",
            )],
        )));
    }
    let (saved, clients) = state.active_clients().await?;
    let catalog = state.catalog_for(&saved, &clients.bedrock).await?;
    let resolution = resolve_in(&catalog, model_choice)?;
    let target = Target {
        resolution,
        region: saved.region.clone(),
        messages_endpoint: saved.messages_endpoint,
    };
    Ok((target, saved, clients))
}

/// The target from the catalogue already loaded for the active connection, without touching credentials
/// (the plan runs on every keystroke); the full path when no catalogue is loaded yet.
async fn planning_target(state: &AppState, model_choice: &str) -> Result<Target, IpcError> {
    if let Some(saved) = state.connections.active()
        && let Some(catalog) = state.kept_catalog(&saved)
        && !model_choice.trim().is_empty()
    {
        return Ok(Target {
            resolution: resolve_in(&catalog, model_choice)?,
            region: saved.region.clone(),
            messages_endpoint: saved.messages_endpoint,
        });
    }
    Ok(target(state, model_choice).await?.0)
}

/// The cache plan, lint, prediction and predicted cost; no call to Bedrock once the catalogue is loaded
/// (the session's cache state may come from its database).
#[tauri::command]
pub async fn playground_plan(state: State<'_, AppState>, request: PlanRequest) -> Result<PlanView, IpcError> {
    let target = planning_target(&state, &request.model_choice).await?;
    blocking(state.playground()?, move |playground| {
        playground.plan(
            request.session_id.as_deref(),
            &request.conversation,
            request.api.unwrap_or_default(),
            &target,
        )
    })
    .await
}

/// Counts the blocks CountTokens has not counted yet; the next plan uses the counts. A newer count of the same
/// session stops this one, which then answers `superseded`.
#[tauri::command]
pub async fn playground_count_tokens(
    state: State<'_, AppState>,
    request: PlanRequest,
) -> Result<TokenCountReport, IpcError> {
    let (target, saved, clients) = target(&state, &request.model_choice).await?;
    let playground = state.playground()?;
    let client = clients.runtime;
    playground
        .count_tokens_latest(
            request.session_id.as_deref(),
            &client,
            &request.conversation,
            request.api.unwrap_or_default(),
            &target,
        )
        .await
        .map_err(|e| IpcError::from(e.for_connection(&saved)))
}

/// Sends the next turn; events stream to `on_event` and the saved turn is the result.
#[tauri::command]
pub async fn playground_send(
    state: State<'_, AppState>,
    request: SendRequest,
    on_event: Channel<TurnEvent>,
) -> Result<TurnRecord, IpcError> {
    // Reserved first, so Stop works while credentials are resolved and the catalogue loads.
    let playground = state.playground()?;
    let reservation = playground.reserve_turn(&request.session_id)?;
    let (target, saved, clients) = reservation
        .unless_stopped(target(&state, &request.draft.model_choice))
        .await??;
    let client = clients.runtime;
    let sink = move |event: TurnEvent| {
        if let Err(error) = on_event.send(event) {
            tracing::debug!(%error, "the window stopped listening to a turn");
        }
    };
    playground
        .send_reserved(&client, &reservation, &request.draft, &target, &sink)
        .await
        .map_err(|e| IpcError::from(e.for_connection(&saved)))
}

/// Stops the running turn of a session, keeping what has arrived. False when nothing was running.
#[tauri::command]
pub fn playground_cancel(state: State<'_, AppState>, session_id: String) -> Result<bool, IpcError> {
    Ok(state.playground()?.cancel(&session_id))
}

/// Runs the placement bake-off; progress streams to `on_event` and the report is the result.
#[tauri::command]
pub async fn playground_bakeoff(
    state: State<'_, AppState>,
    request: BakeoffRequest,
    on_event: Channel<BakeoffEvent>,
) -> Result<BakeoffReport, IpcError> {
    let (target, saved, clients) = target(&state, &request.draft.model_choice).await?;
    let playground = state.playground()?;
    let client = clients.runtime;
    let sink = move |event: BakeoffEvent| {
        if let Err(error) = on_event.send(event) {
            tracing::debug!(%error, "the window stopped listening to the bake-off");
        }
    };
    playground
        .bakeoff(&client, &request, &target, &sink)
        .await
        .map_err(|e| IpcError::from(e.for_connection(&saved)))
}

/// Stops the running bake-off. False when none was running.
#[tauri::command]
pub fn playground_bakeoff_cancel(state: State<'_, AppState>) -> Result<bool, IpcError> {
    Ok(state.playground()?.cancel_bakeoff())
}

/// The exact request as an AWS CLI command, a boto3 script, Rust SDK code or JSON: the one the session's last
/// completed or failed turn sent, or before any send the one Send would make of the draft.
#[tauri::command]
pub async fn playground_copy_as_code(
    state: State<'_, AppState>,
    request: CopyRequest,
    format: CodeFormat,
) -> Result<CopiedCode, IpcError> {
    if let Some(session_id) = request.session_id.clone() {
        let last_sent = blocking(state.playground()?, move |playground| {
            playground.copy_last_sent(&session_id, format)
        })
        .await?;
        if let Some(sent) = last_sent {
            return Ok(sent);
        }
    }
    let target = planning_target(&state, &request.draft.model_choice).await?;
    Ok(state
        .playground()?
        .copy_next_send(&request.draft, &target, format)?)
}

/// A new session; an empty title names it after its first question. `run` puts it in a Compare run.
#[tauri::command]
pub async fn session_create(
    state: State<'_, AppState>,
    title: String,
    draft: Draft,
    run: Option<SessionRun>,
) -> Result<Session, IpcError> {
    blocking(state.playground()?, move |playground| {
        playground.create_session(&title, draft, run)
    })
    .await
}

#[tauri::command]
pub async fn session_get(state: State<'_, AppState>, id: String) -> Result<Session, IpcError> {
    blocking(state.playground()?, move |playground| playground.session(&id)).await
}

/// The turns of a session before turn `before`, a page at a time (the session opens on its latest page).
#[tauri::command]
pub async fn session_earlier_turns(
    state: State<'_, AppState>,
    id: String,
    before: u32,
) -> Result<EarlierTurns, IpcError> {
    blocking(state.playground()?, move |playground| {
        playground.earlier_turns(&id, before)
    })
    .await
}

/// Sessions, most recent first; `query` searches titles, run labels, questions and answers.
#[tauri::command]
pub async fn sessions_list(
    state: State<'_, AppState>,
    query: String,
) -> Result<Vec<SessionSummary>, IpcError> {
    blocking(state.playground()?, move |playground| {
        playground.list_sessions(&query)
    })
    .await
}

/// Saves the draft; returns the session's title (it follows the first question until the first send).
#[tauri::command]
pub async fn session_save_draft(
    state: State<'_, AppState>,
    id: String,
    draft: Draft,
) -> Result<String, IpcError> {
    blocking(state.playground()?, move |playground| {
        playground.save_draft(&id, &draft)
    })
    .await
}

#[tauri::command]
pub async fn session_rename(state: State<'_, AppState>, id: String, title: String) -> Result<(), IpcError> {
    blocking(state.playground()?, move |playground| {
        playground.rename_session(&id, &title)
    })
    .await
}

#[tauri::command]
pub async fn session_delete(state: State<'_, AppState>, id: String) -> Result<(), IpcError> {
    blocking(state.playground()?, move |playground| {
        playground.delete_session(&id)
    })
    .await
}

/// The session as JSON, to save as a file.
#[tauri::command]
pub async fn session_export(state: State<'_, AppState>, id: String) -> Result<String, IpcError> {
    blocking(state.playground()?, move |playground| {
        playground.export_session(&id)
    })
    .await
}

/// Saves the exported session as a file in the exports folder (the Downloads folder in the app) and returns
/// its path.
#[tauri::command]
pub async fn session_save_to_downloads(state: State<'_, AppState>, id: String) -> Result<String, IpcError> {
    let dir = state.exports_dir.clone();
    let path = blocking(state.playground()?, move |playground| {
        playground.export_session_to(&id, &dir)
    })
    .await?;
    Ok(path.display().to_string())
}

/// Deletes every session of a Compare or bake-off run; returns how many.
#[tauri::command]
pub async fn session_run_delete(state: State<'_, AppState>, run_id: String) -> Result<u32, IpcError> {
    let deleted = blocking(state.playground()?, move |playground| {
        playground.delete_run(&run_id)
    })
    .await?;
    Ok(deleted as u32)
}

/// The run (all its sessions) as JSON, to save as a file.
#[tauri::command]
pub async fn session_run_export(state: State<'_, AppState>, run_id: String) -> Result<String, IpcError> {
    blocking(state.playground()?, move |playground| {
        playground.export_run(&run_id)
    })
    .await
}

/// Saves the exported run as a file in the exports folder and returns its path.
#[tauri::command]
pub async fn session_run_save_to_downloads(
    state: State<'_, AppState>,
    run_id: String,
) -> Result<String, IpcError> {
    let dir = state.exports_dir.clone();
    let path = blocking(state.playground()?, move |playground| {
        playground.export_run_to(&run_id, &dir)
    })
    .await?;
    Ok(path.display().to_string())
}

/// Imports an exported session or run (the file's text) as a new session or run.
#[tauri::command]
pub async fn session_import(state: State<'_, AppState>, json: String) -> Result<Session, IpcError> {
    blocking(state.playground()?, move |playground| {
        playground.import_session(&json)
    })
    .await
}

#[tauri::command]
pub async fn prices_get(state: State<'_, AppState>) -> Result<PriceTableText, IpcError> {
    blocking(state.playground()?, |playground| {
        Ok::<_, IpcError>(playground.prices().text())
    })
    .await
}

/// Saves an edited price table (a file in the data folder); a table with a mistake is refused with the rule
/// it breaks.
#[tauri::command]
pub async fn prices_save(state: State<'_, AppState>, json: String) -> Result<PriceTableText, IpcError> {
    blocking(state.playground()?, move |playground| {
        playground.prices().save(&json)
    })
    .await
}

/// Goes back to the bundled table (the saved copy is deleted).
#[tauri::command]
pub async fn prices_reset(state: State<'_, AppState>) -> Result<PriceTableText, IpcError> {
    blocking(state.playground()?, |playground| playground.prices().reset()).await
}
