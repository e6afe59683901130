//! The Outcrop desktop shell: a thin layer of Tauri commands over `outcrop-bedrock` and `outcrop-core`.
//!
//! Commands are adapters: they take their inputs from the webview and the app's state, call a function that
//! does not know about Tauri, and return Outcrop types or an [`IpcError`]. Every command is listed once, in
//! [`ipc`], which registers it with Tauri and generates its TypeScript signature.

pub mod blocking;
pub mod commands;
pub mod error;
pub mod ipc;
pub mod report_pdf;
pub mod single_instance;
pub mod state;

pub use error::IpcError;

use tauri::Manager;

/// The bundle identifier; the keychain service name of Outcrop's secrets.
pub const APP_IDENTIFIER: &str = "app.outcrop.desktop";

/// The log filter: `RUST_LOG` (or `default`), with the AWS SDK's and the HTTP stack's signing, environment and
/// wire logging held back at every level ([`outcrop_bedrock::QUIET_LOG_DIRECTIVES`]), so logs never carry a
/// signature, a session token, an API key or a request body.
pub fn log_filter(default: &str) -> tracing_subscriber::EnvFilter {
    let mut filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| default.into());
    for directive in outcrop_bedrock::QUIET_LOG_DIRECTIVES {
        if let Ok(directive) = directive.parse() {
            filter = filter.add_directive(directive);
        }
    }
    filter
}

/// Adds Outcrop's commands to a Tauri builder; `run` and the tests (on the mock runtime) share it.
pub fn with_commands<R: tauri::Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder.invoke_handler(ipc::handler())
}

/// Starts the app. Logging goes to stderr; `RUST_LOG` sets the level (default `outcrop=info`).
pub fn run() {
    commands::startup::mark_process_start();
    tracing_subscriber::fmt()
        .with_env_filter(log_filter(
            "outcrop_app=info,outcrop_bedrock=info,bedrock_local=info",
        ))
        .with_writer(std::io::stderr)
        .init();
    // The folder picker, opened from Rust (`report_pick_folder`); the webview is granted none of its commands.
    let app_builder = tauri::Builder::default().plugin(tauri_plugin_dialog::init());
    let builder = with_commands(app_builder).setup(|app| {
        let data_dir = app.path().app_data_dir()?;
        // One Outcrop per data directory: a second launch brings the first window forward and leaves before it
        // reads or writes anything.
        let handle = app.handle().clone();
        match single_instance::claim(&data_dir, move || show_main_window(&handle)) {
            Ok(single_instance::Claim::First(guard)) => {
                app.manage(guard);
            }
            Ok(single_instance::Claim::Second) => {
                tracing::info!("Outcrop is already running on this data; its window was brought forward");
                std::process::exit(0);
            }
            Err(error) => {
                tracing::warn!(%error, "could not check for another running Outcrop; going on");
            }
        }
        let env_has_aws_keys =
            std::env::var_os("AWS_ACCESS_KEY_ID").is_some() || std::env::var_os("AWS_PROFILE").is_some();
        let mut state = state::AppState::open(
            &data_dir,
            std::sync::Arc::new(outcrop_bedrock::OsKeychain::new(APP_IDENTIFIER)),
            outcrop_bedrock::AwsFiles::from_env(),
            env_has_aws_keys,
        );
        if let Ok(downloads) = app.path().download_dir() {
            state.exports_dir = downloads;
        }
        if let Ok(documents) = app.path().document_dir().or_else(|_| app.path().home_dir()) {
            state.reports_dir = outcrop_bedrock::report_files::default_report_folder(&documents);
        }
        #[cfg(target_os = "linux")]
        {
            state.pdf_printer = std::sync::Arc::new(report_pdf::WebKitPdfPrinter::new(
                app.handle().clone(),
                report_pdf::PRINT_TIMEOUT,
            ));
        }
        app.manage(state);
        Ok(())
    });
    if let Err(error) = builder.run(tauri::generate_context!()) {
        tracing::error!(%error, "Outcrop could not start");
        eprintln!("Outcrop could not start: {error}");
        std::process::exit(1);
    }
}

/// Brings the main window forward: shown, restored and focused (a second launch asked for it).
fn show_main_window<R: tauri::Runtime>(app: &tauri::AppHandle<R>) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.show();
        let _ = window.unminimize();
        let _ = window.set_focus();
    }
}
