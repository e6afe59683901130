//! The one way a command does blocking work. Tauri runs synchronous commands on the main thread, so every
//! command that touches the disk (SQLite sessions, files), the keychain (D-Bus on Linux) or the network is
//! async; the blocking part of its work runs here, on the async runtime's blocking pool, so it holds up
//! neither the window nor the runtime's worker threads.

use std::sync::Arc;

use outcrop_core::ErrorCode;

use crate::IpcError;

/// Runs `work` on `service` off the async runtime's worker threads; its error becomes an [`IpcError`], and
/// so does a task that panicked.
pub async fn blocking<S, T, E>(
    service: Arc<S>,
    work: impl FnOnce(&S) -> Result<T, E> + Send + 'static,
) -> Result<T, IpcError>
where
    S: Send + Sync + ?Sized + 'static,
    T: Send + 'static,
    E: Send + 'static,
    IpcError: From<E>,
{
    tauri::async_runtime::spawn_blocking(move || work(&service))
        .await
        .map_err(|e| IpcError::new(ErrorCode::Internal, "A background task failed").with_source(&e))?
        .map_err(IpcError::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_work_runs_and_its_error_is_an_ipc_error() {
        tauri::async_runtime::block_on(async {
            let answer = blocking(Arc::new(40), |n| Ok::<_, IpcError>(n + 2)).await;
            assert_eq!(answer, Ok(42));
            let refused = blocking(Arc::new(()), |()| {
                Err::<(), _>(IpcError::new(ErrorCode::NotFound, "gone"))
            })
            .await;
            assert_eq!(refused.unwrap_err().code, ErrorCode::NotFound);
        });
    }

    #[test]
    fn a_panicking_task_is_an_internal_error() {
        tauri::async_runtime::block_on(async {
            let failed = blocking(Arc::new(()), |()| -> Result<(), IpcError> { panic!("boom") }).await;
            let error = failed.unwrap_err();
            assert_eq!(error.code, ErrorCode::Internal);
            assert!(error.detail.unwrap_or_default().contains("panic"));
        });
    }
}
