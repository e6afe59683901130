//! The cost what-if: the models it prices, its inputs filled in from a session, and its answer, at the price
//! table and floors in force. No call to Bedrock.

use outcrop_core::what_if::{WhatIf, WhatIfInput, WhatIfModel, WhatIfPrefill};
use tauri::State;

use crate::IpcError;
use crate::blocking::blocking;
use crate::state::AppState;

/// A month's cost with no cache and with each TTL, the break-even rates and cost against traffic; a rule the
/// input breaks is a validation error on its field.
#[tauri::command]
pub async fn what_if(state: State<'_, AppState>, input: WhatIfInput) -> Result<WhatIf, IpcError> {
    blocking(state.playground()?, move |playground| playground.what_if(&input)).await
}

/// The models with caching facts and a price entry.
#[tauri::command]
pub async fn what_if_models(state: State<'_, AppState>) -> Result<Vec<WhatIfModel>, IpcError> {
    blocking(state.playground()?, |playground| {
        Ok::<_, IpcError>(playground.what_if_models())
    })
    .await
}

/// The inputs from session `session_id`'s turns (the latest session when `None`), or the example's.
#[tauri::command]
pub async fn what_if_prefill(
    state: State<'_, AppState>,
    session_id: Option<String>,
) -> Result<WhatIfPrefill, IpcError> {
    blocking(state.playground()?, move |playground| {
        playground.what_if_prefill(session_id.as_deref())
    })
    .await
}
