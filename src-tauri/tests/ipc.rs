//! Commands invoked through Tauri's IPC layer on the mock runtime, as the webview would call them.

#![allow(clippy::unwrap_used)] // a test fails loudly; helpers included

use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{INVOKE_KEY, get_ipc_response, mock_builder, mock_context, noop_assets};
use tauri::webview::InvokeRequest;

fn invoke(cmd: &str) -> Result<serde_json::Value, serde_json::Value> {
    let app = outcrop_app::with_commands(mock_builder())
        .build(mock_context(noop_assets()))
        .unwrap();
    let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    get_ipc_response(
        &webview,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::default(),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|body| body.deserialize::<serde_json::Value>().unwrap())
}

#[test]
fn app_info_answers_over_ipc() {
    let info = invoke("app_info").unwrap();
    assert_eq!(info["name"], "Outcrop");
    assert_eq!(info["version"], env!("CARGO_PKG_VERSION"));
    assert!(!info["dataDir"].as_str().unwrap().is_empty());
    assert!(info["build"]["target"].as_str().unwrap().contains('-'));
}

#[test]
fn an_unknown_command_is_refused() {
    assert!(invoke("no_such_command").is_err());
}
