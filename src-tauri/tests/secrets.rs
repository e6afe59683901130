//! Secrets never leave Rust: every command is called with real credentials saved, and neither a response,
//! nor the data directory, nor the logs contain a secret (or a request signature).

#![allow(clippy::unwrap_used)]

mod support;

use std::io::Write;
use std::sync::{Arc, Mutex};

use bedrock_local::{AuthPolicy, BedrockLocal, Config};
use serde_json::json;
use support::TestApp;

const KEY_ID: &str = "AKIASECRETSCANTEST01";
const SECRET: &str = "scan/ME/if+you+can+0123456789abcdefghij";
const SESSION_TOKEN: &str = "IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKENscanme";
const API_KEY: &str = "ABSKc2NhbnRoaXNhcGlrZXlwbGVhc2U=";

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle.as_bytes())
}

fn scan_dir(dir: &std::path::Path, needles: &[&str]) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            scan_dir(&path, needles);
        } else {
            let bytes = std::fs::read(&path).unwrap();
            for needle in needles {
                assert!(!contains(&bytes, needle), "{} contains a secret", path.display());
            }
        }
    }
}

#[test]
fn no_command_response_file_or_log_line_carries_a_secret() {
    let logs = Captured::default();
    let writer = logs.clone();
    tracing_subscriber::fmt()
        .with_env_filter(outcrop_app::log_filter("trace"))
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .init();

    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime
        .block_on(BedrockLocal::start(Config {
            auth: AuthPolicy {
                credentials: vec![(KEY_ID.into(), SECRET.into())],
                api_keys: vec![API_KEY.into()],
            },
            ..Config::default()
        }))
        .unwrap();
    let app = TestApp::new("secrets");
    let keys_draft = |name: &str| {
        json!({"draft": {"name": name, "region": "us-east-1", "endpointUrl": server.url(),
            "source": {"kind": "accessKeys", "accessKeyId": KEY_ID, "secretAccessKey": SECRET, "sessionToken": SESSION_TOKEN}}})
    };
    let keys = app.invoke("connection_add", keys_draft("Keys")).unwrap();
    let api = app
        .invoke(
            "connection_add",
            json!({"draft": {"name": "API key", "region": "us-east-1", "endpointUrl": server.url(),
                "source": {"kind": "apiKey", "apiKey": API_KEY}}}),
        )
        .unwrap();
    assert_eq!(keys["source"]["accessKeyIdMasked"], "AKIA…ST01");
    let keys_id = keys["id"].as_str().unwrap().to_owned();
    let api_id = api["id"].as_str().unwrap().to_owned();

    // The keys connection is active for the profile commands below.
    app.invoke("connection_activate", json!({"id": keys_id})).unwrap();
    let create = json!({"request": {"name": "scan-profile", "description": null,
        "copyFrom": "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0", "tags": [{"key": "Team", "value": "QA"}]}});
    let profile = app.invoke("profile_create", create.clone()).unwrap();
    let (profile_id, profile_arn) = (profile["id"].clone(), profile["arn"].clone());

    // A playground session on the keys connection: sent, counted, exported.
    let conversation = json!({"system": [{"type": "text", "text": "alpha beta gamma ".repeat(400)}, {"type": "cachePoint", "ttl": "5m"}],
        "messages": [{"role": "user", "content": [{"type": "text", "text": "Summarise"}]}]});
    let model = "us.anthropic.claude-3-7-sonnet-20250219-v1:0";
    let draft = json!({"conversation": conversation, "modelChoice": model, "api": "converse"});
    let session = app
        .invoke("session_create", json!({"title": "scan", "draft": draft}))
        .unwrap();
    let session_id = session["id"].clone();
    let plan_request =
        json!({"request": {"sessionId": session_id, "conversation": conversation, "modelChoice": model}});
    let send = app
        .invoke(
            "playground_send",
            json!({"request": {"sessionId": session_id, "draft": draft}, "onEvent": "__CHANNEL__:1"}),
        )
        .unwrap();
    assert_eq!(send["status"], "complete", "{send}");
    let exported = app.invoke("session_export", json!({"id": session_id})).unwrap();
    let probe = app
        .invoke(
            "floor_probe_run",
            json!({"modelChoice": model, "onEvent": "__CHANNEL__:4"}),
        )
        .unwrap();
    assert_eq!(probe["status"], "measured", "{probe}");
    let probe_id = probe["probe"]["id"].clone();
    let prices = app.invoke("prices_get", json!({})).unwrap();

    // Every command there is, with arguments that exercise the saved secrets.
    let calls: Vec<(&str, serde_json::Value)> = vec![
        ("models_catalog", json!({})),
        (
            "model_resolve",
            json!({"input": "anthropic.claude-3-7-sonnet-20250219-v1:0"}),
        ),
        (
            "model_verdict",
            json!({"input": "anthropic.claude-3-7-sonnet-20250219-v1:0"}),
        ),
        ("profile_preview", create.clone()),
        (
            "profile_check_tags",
            json!({"tags": [{"key": "Team", "value": "Ops"}]}),
        ),
        ("profile_create", create),
        ("profile_details", json!({"id": profile_id})),
        (
            "profile_set_tags",
            json!({"arn": profile_arn, "tags": [{"key": "Team", "value": "Ops"}]}),
        ),
        ("profile_delete", json!({"id": profile_id})),
        ("app_info", json!({})),
        ("connections_overview", json!({})),
        ("aws_profiles", json!({})),
        ("connection_check", keys_draft("Another")),
        ("connection_add", keys_draft("Keys again")),
        ("connection_activate", json!({"id": keys_id})),
        ("connection_test", json!({"id": keys_id})),
        ("connection_test", json!({"id": api_id})),
        (
            "connection_set_region",
            json!({"id": api_id, "region": "us-west-2"}),
        ),
        (
            "connection_set_messages_endpoint",
            json!({"id": api_id, "endpoint": "mantle"}),
        ),
        (
            "connection_set_endpoints",
            json!({"id": api_id, "endpointUrl": server.url(), "runtimeEndpointUrl": server.url()}),
        ),
        ("welcome_finish", json!({})),
        ("playground_plan", plan_request.clone()),
        ("playground_count_tokens", plan_request.clone()),
        (
            "playground_send",
            json!({"request": {"sessionId": session_id, "draft": draft}, "onEvent": "__CHANNEL__:2"}),
        ),
        ("playground_cancel", json!({"sessionId": session_id})),
        (
            "playground_bakeoff",
            json!({"request": {"draft": draft, "followUps": ["And then?"], "placements": ["noCache", "systemOnly"], "ttl": "5m"},
                "onEvent": "__CHANNEL__:3"}),
        ),
        ("playground_bakeoff_cancel", json!({})),
        ("floor_probe_plan", json!({"modelChoice": model})),
        ("floor_probe_delete", json!({"id": probe_id})),
        (
            "floor_probe_run",
            json!({"modelChoice": model, "onEvent": "__CHANNEL__:5"}),
        ),
        ("floor_probe_stop", json!({})),
        ("floor_probes_list", json!({})),
        (
            "playground_copy_as_code",
            json!({"request": {"sessionId": session_id, "draft": draft}, "format": "boto3"}),
        ),
        ("session_create", json!({"title": "another", "draft": draft})),
        ("session_get", json!({"id": session_id})),
        ("sessions_list", json!({"query": ""})),
        ("session_save_draft", json!({"id": session_id, "draft": draft})),
        ("session_rename", json!({"id": session_id, "title": "renamed"})),
        ("session_import", json!({"json": exported})),
        ("session_export", json!({"id": session_id})),
        ("session_save_to_downloads", json!({"id": session_id})),
        (
            "session_create",
            json!({"title": "", "draft": draft, "run": {"id": "c-scan", "kind": "compare", "label": "column"}}),
        ),
        ("session_run_export", json!({"runId": "c-scan"})),
        ("session_run_save_to_downloads", json!({"runId": "c-scan"})),
        ("session_run_delete", json!({"runId": "c-scan"})),
        ("session_delete", json!({"id": session_id})),
        ("prices_get", json!({})),
        ("prices_save", json!({"json": prices["json"]})),
        ("prices_reset", json!({})),
        ("local_bedrock_reset", json!({})),
        ("connection_remove", json!({"id": api_id})),
    ];
    let called: std::collections::BTreeSet<&str> = calls.iter().map(|(name, _)| *name).collect();
    for signature in outcrop_app::ipc::signatures(&ts_rs::Config::new()) {
        assert!(
            called.contains(signature.name),
            "the scan does not call {}: add it",
            signature.name
        );
    }
    let secrets = [SECRET, SESSION_TOKEN, API_KEY, KEY_ID];
    for (name, args) in calls {
        let response = app.invoke(name, args);
        let text = match &response {
            Ok(value) | Err(value) => value.to_string(),
        };
        for secret in secrets {
            assert!(!text.contains(secret), "{name} returned a secret: {text}");
        }
        let may_fail = name == "profile_create"; // the second create of the same name is a conflict
        if !may_fail {
            assert!(response.is_ok(), "{name}: {text}");
        }
    }

    scan_dir(&app.dir, &secrets);
    let logs = logs.0.lock().unwrap().clone();
    assert!(!logs.is_empty(), "the logs were captured");
    for needle in [SECRET, SESSION_TOKEN, API_KEY, "Signature=", "Authorization"] {
        assert!(!contains(&logs, needle), "the logs contain {needle:?}");
    }
    // Removing the connections deletes their keychain entries.
    let overview = app.invoke("connections_overview", json!({})).unwrap();
    for connection in overview["connections"].as_array().unwrap() {
        app.invoke("connection_remove", json!({"id": connection["id"]}))
            .unwrap();
    }
    runtime.block_on(server.shutdown());
}
