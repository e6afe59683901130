//! An Outcrop app on Tauri's mock runtime with its real state: saved connections in a temporary data
//! directory, secrets in the OS keychain under a service name of its own.

#![allow(dead_code, clippy::unwrap_used)]

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use outcrop_app::state::AppState;
use outcrop_bedrock::{AwsFiles, OsKeychain, SecretStore};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder, mock_context, noop_assets};
use tauri::webview::InvokeRequest;

pub struct TestApp {
    pub dir: PathBuf,
    pub keychain_service: String,
    /// Every message a command sent over a channel (`onEvent: "__CHANNEL__:N"`), as the webview would receive it.
    pub channel_events: Arc<Mutex<Vec<Vec<u8>>>>,
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

    /// An app whose secrets go to `secrets` instead of the OS keychain (one that fails, say).
    pub fn with_secret_store(label: &str, secrets: Arc<dyn SecretStore>) -> Self {
        let mut app = Self::new(label);
        let dir = std::mem::take(&mut app.dir);
        let keychain_service = app.keychain_service.clone();
        drop(app);
        std::fs::create_dir_all(&dir).unwrap();
        Self::open_with(dir, keychain_service, Some(secrets))
    }

    fn open(dir: PathBuf, keychain_service: String) -> Self {
        Self::open_with(dir, keychain_service, None)
    }

    fn open_with(dir: PathBuf, keychain_service: String, secrets: Option<Arc<dyn SecretStore>>) -> Self {
        let files = AwsFiles {
            config: dir.join("aws-config"),
            credentials: dir.join("aws-credentials"),
        };
        let secrets = secrets.unwrap_or_else(|| Arc::new(OsKeychain::new(&keychain_service)));
        let state = AppState::open(&dir.join("data"), secrets, files, false);
        let channel_events = Arc::new(Mutex::new(Vec::new()));
        let captured = Arc::clone(&channel_events);
        let builder = mock_builder().channel_interceptor(move |_, _, _, body| {
            let bytes = match body {
                tauri::ipc::InvokeResponseBody::Json(json) => json.as_bytes().to_vec(),
                tauri::ipc::InvokeResponseBody::Raw(raw) => raw.clone(),
            };
            captured.lock().unwrap().push(bytes);
            true
        });
        let app = outcrop_app::with_commands(builder)
            .manage(state)
            .build(mock_context(noop_assets()))
            .unwrap();
        let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .unwrap();
        Self {
            dir,
            keychain_service,
            channel_events,
            _app: app,
            webview,
        }
    }

    /// Calls a command as the webview would; `Err` carries the error JSON.
    pub fn invoke(&self, cmd: &str, args: serde_json::Value) -> Result<serde_json::Value, serde_json::Value> {
        self.invoker().invoke(cmd, args)
    }

    /// What calls commands from another thread while the app stays on this one.
    pub fn invoker(&self) -> Invoker {
        Invoker(self.webview.clone())
    }
}

/// Calls commands on an app's window, from any thread.
#[derive(Clone)]
pub struct Invoker(tauri::WebviewWindow<MockRuntime>);

impl Invoker {
    pub fn invoke(&self, cmd: &str, args: serde_json::Value) -> Result<serde_json::Value, serde_json::Value> {
        get_ipc_response(
            &self.0,
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
