//! An Outcrop app on Tauri's mock runtime with its real state: saved connections in a temporary data
//! directory, secrets in the OS keychain under a service name of its own.

#![allow(dead_code, clippy::unwrap_used)]

use std::path::PathBuf;
use std::sync::Arc;

use outcrop_app::state::AppState;
use outcrop_bedrock::{AwsFiles, OsKeychain};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder, mock_context, noop_assets};
use tauri::webview::InvokeRequest;

pub struct TestApp {
    pub dir: PathBuf,
    pub keychain_service: String,
    _app: tauri::App<MockRuntime>,
    webview: tauri::WebviewWindow<MockRuntime>,
}

impl TestApp {
    pub fn new(label: &str) -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let dir = std::env::temp_dir().join(format!("outcrop-ipc-{label}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let keychain_service = format!("app.outcrop.desktop.test-{label}-{nanos}");
        Self::open(dir, keychain_service)
    }

    /// The same data directory and keychain service opened by a new app, as after quitting Outcrop and
    /// starting it again.
    pub fn reopen(mut self) -> Self {
        let dir = std::mem::take(&mut self.dir);
        let keychain_service = self.keychain_service.clone();
        drop(self);
        Self::open(dir, keychain_service)
    }

    fn open(dir: PathBuf, keychain_service: String) -> Self {
        let files = AwsFiles {
            config: dir.join("aws-config"),
            credentials: dir.join("aws-credentials"),
        };
        let state = AppState::open(
            &dir.join("data"),
            Arc::new(OsKeychain::new(&keychain_service)),
            files,
            false,
        );
        let app = outcrop_app::with_commands(mock_builder())
            .manage(state)
            .build(mock_context(noop_assets()))
            .unwrap();
        let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .unwrap();
        Self {
            dir,
            keychain_service,
            _app: app,
            webview,
        }
    }

    /// Calls a command as the webview would; `Err` carries the error JSON.
    pub fn invoke(&self, cmd: &str, args: serde_json::Value) -> Result<serde_json::Value, serde_json::Value> {
        get_ipc_response(
            &self.webview,
            InvokeRequest {
                cmd: cmd.into(),
                callback: CallbackFn(0),
                error: CallbackFn(1),
                url: "tauri://localhost".parse().unwrap(),
                body: InvokeBody::Json(args),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        )
        .map(|body| body.deserialize::<serde_json::Value>().unwrap())
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if !self.dir.as_os_str().is_empty() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}
