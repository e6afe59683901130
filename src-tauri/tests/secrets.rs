//! Secrets never leave Rust: every command is called with real credentials saved, and neither a response (an
//! error's included), nor a channel event, nor the data directory, nor the logs contain a secret (or a request
//! signature) — as it is, percent-encoded, in base64 (standard or URL-safe) or JSON-escaped. The scan runs in a
//! child process with `AWS_BEARER_TOKEN_BEDROCK` set, whose key must not leak either; wrong keys are tried so
//! AWS's refusals are scanned too, and so is a keychain that fails.

#![allow(clippy::unwrap_used)]

mod support;

use std::io::Write;
use std::sync::{Arc, Mutex};

use bedrock_local::{AuthPolicy, BedrockLocal, Config, Fault, FaultPlan};
use serde_json::json;
use support::TestApp;

const KEY_ID: &str = "AKIASECRETSCANTEST01";
const SECRET: &str = "scan/ME/if+you+can+0123456789abcdefghij";
const SESSION_TOKEN: &str = "IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKENscanme";
const API_KEY: &str = "ABSKc2NhbnRoaXNhcGlrZXlwbGVhc2U=";
/// In the environment, as AWS tells API-key users to set it.
const ENV_API_KEY: &str = "ABSKZW52aXJvbm1lbnRrZXlzY2FubWU=";
/// Keys bedrock-local does not know: what they are refused with must not carry them.
const WRONG_SECRET: &str = "wrong/SECRET+scan+me+9876543210zyxwvuts";
const WRONG_API_KEY: &str = "ABSKd3JvbmdhcGlrZXlzY2FubWVwbGVhc2U=";
/// Set in the child process the test runs the scan in.
const CHILD: &str = "OUTCROP_SECRET_SCAN_CHILD";

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

/// Base64 of `bytes` with the given alphabet's last two characters, unpadded.
fn base64(bytes: &[u8], extra: [u8; 2]) -> String {
    let mut alphabet: Vec<u8> = (b'A'..=b'Z').chain(b'a'..=b'z').chain(b'0'..=b'9').collect();
    alphabet.extend(extra);
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(char::from(alphabet[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

/// A secret and the forms it could be found in: as it is, percent-encoded, JSON-escaped, and base64 (standard
/// and URL-safe) at each of the three alignments it can have inside a longer base64 text (the characters
/// that depend on the secret's bytes alone).
fn forms(secret: &str) -> Vec<String> {
    let percent = |lower: bool| -> String {
        secret
            .bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    char::from(b).to_string()
                }
                _ if lower => format!("%{b:02x}"),
                _ => format!("%{b:02X}"),
            })
            .collect()
    };
    let json = serde_json::to_string(secret).unwrap();
    let mut forms = vec![
        secret.to_owned(),
        percent(false),
        percent(true),
        json[1..json.len() - 1].to_owned(),
        secret.replace('/', "\\/"),
    ];
    for extra in [*b"+/", *b"-_"] {
        for offset in 0..3 {
            let mut bytes = vec![0u8; offset];
            bytes.extend_from_slice(secret.as_bytes());
            let encoded = base64(&bytes, extra);
            let from = (offset * 4).div_ceil(3);
            let to = (offset + secret.len()) * 4 / 3;
            forms.push(encoded[from..to].to_owned());
        }
    }
    forms.sort();
    forms.dedup();
    forms
}

/// Every form of every secret.
fn every_form(secrets: &[&str]) -> Vec<String> {
    secrets.iter().flat_map(|s| forms(s)).collect()
}

fn assert_clean(what: &str, bytes: &[u8], needles: &[String]) {
    for needle in needles {
        assert!(
            !contains(bytes, needle),
            "{what} carries a secret ({needle:?}): {}",
            String::from_utf8_lossy(bytes)
        );
    }
}

/// A keychain that refuses everything, as a locked or missing one does.
#[derive(Debug)]
struct FailingKeychain;

impl outcrop_bedrock::SecretStore for FailingKeychain {
    fn set(&self, account: &str, _: &outcrop_core::Secret) -> Result<(), outcrop_bedrock::OutcropError> {
        Err(keychain_refused(account))
    }
    fn get(&self, account: &str) -> Result<Option<outcrop_core::Secret>, outcrop_bedrock::OutcropError> {
        Err(keychain_refused(account))
    }
    fn delete(&self, account: &str) -> Result<(), outcrop_bedrock::OutcropError> {
        Err(keychain_refused(account))
    }
}

fn keychain_refused(account: &str) -> outcrop_bedrock::OutcropError {
    outcrop_bedrock::OutcropError {
        code: outcrop_core::ErrorCode::Keychain,
        message: "The keychain is locked.".into(),
        detail: format!("keychain entry {account}: locked"),
        fields: Vec::new(),
        aws: None,
    }
}

#[test]
fn the_scan_finds_a_secret_however_it_is_encoded() {
    assert_eq!(base64(b"foobar", *b"+/"), "Zm9vYmFy");
    assert_eq!(base64(b"fo", *b"+/"), "Zm8");
    assert_eq!(base64(&[0xfb, 0xff], *b"-_"), "-_8");
    let needles = every_form(&[SECRET]);
    let found = |text: &str| needles.iter().any(|n| contains(text.as_bytes(), n));
    for prefix in ["", "a", "ab", "abc"] {
        let text = format!("{prefix}{SECRET}tail");
        assert!(found(&base64(text.as_bytes(), *b"+/")), "base64 after {prefix:?}");
        assert!(
            found(&base64(text.as_bytes(), *b"-_")),
            "URL-safe base64 after {prefix:?}"
        );
    }
    assert!(found("key=scan%2FME%2Fif%2Byou%2Bcan%2B0123456789abcdefghij&"));
    assert!(found(r#"{"k":"scan\/ME\/if+you+can+0123456789abcdefghij"}"#));
    assert!(
        !found("scan/ME/if+you+can"),
        "a part of a secret is not the secret"
    );
}

#[test]
fn the_scan_runs_with_an_api_key_in_the_environment() {
    if std::env::var_os(CHILD).is_some() {
        return;
    }
    let status = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "no_command_response_event_file_or_log_line_carries_a_secret",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD, "1")
        .env("AWS_BEARER_TOKEN_BEDROCK", ENV_API_KEY)
        .status()
        .unwrap();
    assert!(
        status.success(),
        "the scan failed with AWS_BEARER_TOKEN_BEDROCK set"
    );
}

fn scan_dir(dir: &std::path::Path, needles: &[&str]) {
    if !dir.exists() {
        return;
    }
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
fn no_command_response_event_file_or_log_line_carries_a_secret() {
    // Run by the test above, in a process of its own with AWS_BEARER_TOKEN_BEDROCK set.
    if std::env::var_os(CHILD).is_none() {
        return;
    }
    assert_eq!(
        std::env::var("AWS_BEARER_TOKEN_BEDROCK").as_deref(),
        Ok(ENV_API_KEY)
    );
    let secrets = [
        SECRET,
        SESSION_TOKEN,
        API_KEY,
        KEY_ID,
        ENV_API_KEY,
        WRONG_SECRET,
        WRONG_API_KEY,
    ];
    let needles = every_form(&secrets);
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
    assert_clean(
        "connection_add (access keys)",
        keys.to_string().as_bytes(),
        &needles,
    );
    assert_clean("connection_add (API key)", api.to_string().as_bytes(), &needles);
    let keys_id = keys["id"].as_str().unwrap().to_owned();
    let api_id = api["id"].as_str().unwrap().to_owned();

    // The keys connection is active for the profile commands below.
    app.invoke("connection_activate", json!({"id": keys_id})).unwrap();
    let create = json!({"request": {"name": "scan-profile", "description": null,
        "copyFrom": "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0", "tags": [{"key": "Team", "value": "QA"}]}});
    let profile = app.invoke("profile_create", create.clone()).unwrap();
    let (profile_id, profile_arn) = (profile["id"].clone(), profile["arn"].clone());
    let project_create = json!({"request": {"name": "scan-project", "tags": [{"key": "Team", "value": "QA"}],
        "dataRetention": "default"}});
    let project = app.invoke("project_create", project_create.clone()).unwrap();
    let project_id = project["id"].clone();

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

    let mut imported_demo: serde_json::Value =
        serde_json::from_str(outcrop_core::demo::SHIPPED_DEMOS[0]).unwrap();
    imported_demo["id"] = "scan-demo".into();
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
        ("projects_overview", json!({})),
        ("project_preview", project_create.clone()),
        ("project_check_name", json!({"name": "scan-project"})),
        ("project_create", project_create),
        (
            "project_rename",
            json!({"id": project_id, "name": "scan-project-2"}),
        ),
        ("project_archive", json!({"id": project_id})),
        ("usage_overview", json!({})),
        (
            "usage_report",
            json!({"target": {"modelId": "us.amazon.nova-lite-v1:0", "metricNames": []}, "range": "lastHour", "periodSeconds": 60}),
        ),
        (
            "usage_dashboard_preview",
            json!({"name": "BedrockPromptCaching", "targets": [{"published": {"modelId": "m", "metricNames": []}, "label": "m"}]}),
        ),
        (
            "usage_put_dashboard",
            json!({"name": "BedrockPromptCaching", "targets": [{"published": {"modelId": "m", "metricNames": []}, "label": "m"}]}),
        ),
        ("spend_overview", json!({})),
        ("spend_report", json!({"tagKey": "Team", "range": "last7Days"})),
        ("app_info", json!({})),
        ("app_started", json!({"phase": "interactive"})),
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
        (
            "session_earlier_turns",
            json!({"id": session_id, "before": 1_000_000}),
        ),
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
        ("demo_list", json!({})),
        (
            "demo_from_session",
            json!({"sessionId": session_id, "title": "Scan", "lang": "en"}),
        ),
        ("demo_save_to_downloads", json!({"id": "long-document-qa.en"})),
        ("demo_import", json!({"json": imported_demo.to_string()})),
        (
            "demo_tool_results",
            json!({"id": "travel-agent.en", "reply": [{"type": "toolUse", "toolUseId": "t1", "name": "get_weather", "input": "{\"city\": \"Lisbon\"}"}]}),
        ),
        ("demo_delete", json!({"id": format!("session-{session_id}")})),
        ("session_delete", json!({"id": session_id})),
        ("prices_get", json!({})),
        ("prices_save", json!({"json": prices["json"]})),
        ("prices_reset", json!({})),
        ("what_if_models", json!({})),
        ("what_if_prefill", json!({"sessionId": null})),
        (
            "what_if",
            json!({"input": {"modelId": "anthropic.claude-sonnet-4-6", "geography": "us", "tier": "default",
                "prefixTokens": 6000, "questionTokens": 50, "answerTokens": 400, "requestsPerHour": 60,
                "spread": {"kind": "steady"}}}),
        ),
        ("report_default_folder", json!({})),
        // No desktop here: the folder picker is unavailable, and says so without a secret.
        (
            "report_pick_folder",
            json!({"title": "Pick a folder", "start": ""}),
        ),
        (
            "report_save",
            json!({
                "input": {"kind": "session", "title": "scan", "generatedAt": "now", "redacted": true,
                    "groups": [{"label": "scan", "target": {"modelChoice": model, "resolvedId": model,
                        "region": "us-east-1", "transport": "Converse", "tier": "", "parameters": []},
                        "turns": [], "price": null}],
                    "recommendation": null},
                "labels": outcrop_core::report::ReportLabels::default(),
                "folder": app.dir.join("reports-scan"),
                "name": "scan"
            }),
        ),
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
    for (name, args) in calls {
        let response = app.invoke(name, args);
        let text = match &response {
            Ok(value) | Err(value) => value.to_string(),
        };
        assert_clean(name, text.as_bytes(), &needles);
        // The second create of the same name is a conflict; a test app has no folder picker.
        let may_fail = matches!(name, "profile_create" | "report_pick_folder");
        if !may_fail {
            assert!(response.is_ok(), "{name}: {text}");
        }
    }

    // Error paths: keys and an API key bedrock-local does not know, so AWS's refusals (and their reasons) come
    // back through every command that calls it.
    let wrong_keys = app
        .invoke(
            "connection_add",
            json!({"draft": {"name": "Wrong keys", "region": "us-east-1", "endpointUrl": server.url(),
                "source": {"kind": "accessKeys", "accessKeyId": KEY_ID, "secretAccessKey": WRONG_SECRET}}}),
        )
        .unwrap();
    let wrong_api = app
        .invoke(
            "connection_add",
            json!({"draft": {"name": "Wrong API key", "region": "us-east-1", "endpointUrl": server.url(),
                "source": {"kind": "apiKey", "apiKey": WRONG_API_KEY}}}),
        )
        .unwrap();
    let mut refused = 0;
    for wrong in [&wrong_keys, &wrong_api] {
        let id = wrong["id"].clone();
        assert_clean("connection_add (wrong)", wrong.to_string().as_bytes(), &needles);
        let error_session = app
            .invoke("session_create", json!({"title": "refused", "draft": draft}))
            .unwrap();
        let calls = [
            ("connection_test", json!({"id": id})),
            ("connection_activate", json!({"id": id})),
            ("models_catalog", json!({})),
            ("projects_overview", json!({})),
            ("playground_count_tokens", plan_request.clone()),
            (
                "playground_send",
                json!({"request": {"sessionId": error_session["id"], "draft": draft}, "onEvent": "__CHANNEL__:6"}),
            ),
            ("connection_remove", json!({"id": id})),
        ];
        for (name, args) in calls {
            let response = app.invoke(name, args);
            let text = match &response {
                Ok(value) | Err(value) => value.to_string(),
            };
            refused += usize::from(response.is_err() || text.contains("\"failed\""));
            assert_clean(&format!("{name} (wrong credentials)"), text.as_bytes(), &needles);
        }
    }
    assert!(
        refused >= 6,
        "the wrong credentials were refused ({refused} errors)"
    );

    // A turn the service fails mid-stream: its error reaches the window as channel events.
    let failing = runtime
        .block_on(BedrockLocal::start(Config {
            auth: AuthPolicy {
                credentials: vec![(KEY_ID.into(), SECRET.into())],
                api_keys: vec![API_KEY.into()],
            },
            faults: Some(FaultPlan {
                fault: Fault::StreamError { after: 2 },
                every: 1,
            }),
            ..Config::default()
        }))
        .unwrap();
    let failing_keys = json!({"draft": {"name": "Failing", "region": "us-east-1", "endpointUrl": failing.url(),
        "source": {"kind": "accessKeys", "accessKeyId": KEY_ID, "secretAccessKey": SECRET, "sessionToken": SESSION_TOKEN}}});
    let failing_id = app.invoke("connection_add", failing_keys).unwrap()["id"].clone();
    app.invoke("connection_activate", json!({"id": failing_id}))
        .unwrap();
    let failing_session = app
        .invoke("session_create", json!({"title": "failing", "draft": draft}))
        .unwrap();
    let failed = app
        .invoke(
            "playground_send",
            json!({"request": {"sessionId": failing_session["id"], "draft": draft}, "onEvent": "__CHANNEL__:7"}),
        )
        .unwrap();
    assert_eq!(failed["status"], "failed", "{failed}");
    assert_clean(
        "playground_send (failed mid-stream)",
        failed.to_string().as_bytes(),
        &needles,
    );
    app.invoke("connection_remove", json!({"id": failing_id}))
        .unwrap();
    runtime.block_on(failing.shutdown());

    let events = app.channel_events.lock().unwrap().clone();
    assert!(
        events.len() > 10,
        "the channels' events were captured: {}",
        events.len()
    );
    for (i, event) in events.iter().enumerate() {
        assert_clean(&format!("channel event {i}"), event, &needles);
    }

    let needles_ref: Vec<&str> = needles.iter().map(String::as_str).collect();
    scan_dir(&app.dir, &needles_ref);
    let logs = logs.0.lock().unwrap().clone();
    assert!(!logs.is_empty(), "the logs were captured");
    let log_secrets = [
        SECRET,
        SESSION_TOKEN,
        API_KEY,
        ENV_API_KEY,
        WRONG_SECRET,
        WRONG_API_KEY,
    ];
    assert_clean("the logs", &logs, &every_form(&log_secrets));
    for needle in ["Signature=", "Authorization"] {
        assert!(!contains(&logs, needle), "the logs contain {needle:?}");
    }

    // A keychain that fails: what the commands say about it carries no secret either.
    let locked = TestApp::with_secret_store("secrets-locked", Arc::new(FailingKeychain));
    for (name, args) in [
        ("connection_add", keys_draft("Locked keys")),
        (
            "connection_add",
            json!({"draft": {"name": "Locked API key", "region": "us-east-1", "endpointUrl": server.url(),
                "source": {"kind": "apiKey", "apiKey": API_KEY}}}),
        ),
        ("connections_overview", json!({})),
    ] {
        let response = locked.invoke(name, args);
        let text = match &response {
            Ok(value) | Err(value) => value.to_string(),
        };
        if name == "connection_add" {
            assert!(response.is_err(), "a locked keychain refuses to save: {text}");
        }
        assert_clean(&format!("{name} (locked keychain)"), text.as_bytes(), &needles);
    }
    drop(locked);
    // Removing the connections deletes their keychain entries.
    let overview = app.invoke("connections_overview", json!({})).unwrap();
    for connection in overview["connections"].as_array().unwrap() {
        app.invoke("connection_remove", json!({"id": connection["id"]}))
            .unwrap();
    }
    runtime.block_on(server.shutdown());
}
