//! The Outcrop desktop shell: a thin layer of Tauri commands over `outcrop-bedrock` and `outcrop-core`.
//!
//! Commands are adapters: they take their inputs from the webview and the app's state, call a function that
//! does not know about Tauri, and return Outcrop types or an [`IpcError`]. Every command is listed once, in
//! [`ipc`], which registers it with Tauri and generates its TypeScript signature.

pub mod commands;
pub mod error;
pub mod ipc;

pub use error::IpcError;

/// Adds Outcrop's commands to a Tauri builder; `run` and the tests (on the mock runtime) share it.
pub fn with_commands<R: tauri::Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder.invoke_handler(ipc::handler())
}

/// Starts the app. Logging goes to stderr; `RUST_LOG` sets the level (default `outcrop=info`).
pub fn run() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "outcrop=info,outcrop_app=info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    if let Err(error) = with_commands(tauri::Builder::default()).run(tauri::generate_context!()) {
        tracing::error!(%error, "Outcrop could not start");
        eprintln!("Outcrop could not start: {error}");
        std::process::exit(1);
    }
}
