//! Commands invoked through Tauri's IPC layer on the mock runtime, as the webview calls them.

#![allow(clippy::unwrap_used)] // a test fails loudly; helpers included

mod support;

use support::TestApp;

#[test]
fn app_info_answers_over_ipc() {
    let app = TestApp::new("app-info");
    let info = app.invoke("app_info", serde_json::json!({})).unwrap();
    assert_eq!(info["name"], "Outcrop");
    assert_eq!(info["version"], env!("CARGO_PKG_VERSION"));
    assert!(!info["dataDir"].as_str().unwrap().is_empty());
    assert!(info["build"]["target"].as_str().unwrap().contains('-'));
}

#[test]
fn an_unknown_command_is_refused() {
    let app = TestApp::new("unknown");
    assert!(app.invoke("no_such_command", serde_json::json!({})).is_err());
}

#[test]
fn first_run_without_aws_credentials_is_connected_to_local_bedrock() {
    let app = TestApp::new("first-run");
    let overview = app.invoke("connections_overview", serde_json::json!({})).unwrap();
    let connections = overview["connections"].as_array().unwrap();
    assert_eq!(connections.len(), 1);
    assert_eq!(connections[0]["source"]["kind"], "localBedrock");
    assert_eq!(overview["activeId"], connections[0]["id"]);
}

#[test]
fn errors_cross_ipc_as_code_message_detail() {
    let app = TestApp::new("errors");
    let error = app
        .invoke(
            "connection_add",
            serde_json::json!({"draft": {"name": "", "region": "mars", "endpointUrl": null, "source": {"kind": "localBedrock"}}}),
        )
        .unwrap_err();
    assert_eq!(error["code"], "validation");
    assert!(error["message"].as_str().unwrap().contains("Region"), "{error}");
    assert!(
        error["detail"].as_str().unwrap().contains("\"field\":\"region\""),
        "{error}"
    );
    let missing = app
        .invoke("connection_activate", serde_json::json!({"id": "nope"}))
        .unwrap_err();
    assert_eq!(missing["code"], "not_found");
}

#[test]
fn the_embedded_local_bedrock_answers_a_connection_test() {
    let app = TestApp::new("local-test");
    let overview = app.invoke("connections_overview", serde_json::json!({})).unwrap();
    let id = overview["activeId"].as_str().unwrap().to_owned();
    let report = app
        .invoke("connection_test", serde_json::json!({"id": id}))
        .unwrap();
    assert_eq!(report["simulated"], true);
    assert_eq!(report["region"], "us-east-1");
    assert!(report["foundationModels"].as_u64().unwrap() > 10);
    assert!(
        report["identity"]
            .as_str()
            .unwrap()
            .starts_with("arn:aws:iam::111122223333:user/local-")
    );
}

#[test]
fn the_playground_plans_sends_and_refuses_over_ipc_on_local_bedrock() {
    let app = TestApp::new("playground");
    let model = "us.anthropic.claude-3-7-sonnet-20250219-v1:0";
    let conversation = serde_json::json!({
        "system": [{"type": "text", "text": "alpha beta gamma ".repeat(400)}, {"type": "cachePoint", "ttl": "5m"}],
        "messages": [{"role": "user", "content": [{"type": "text", "text": "Summarise"}]}]
    });
    let draft = serde_json::json!({"conversation": conversation, "modelChoice": model, "api": "converse"});
    let session = app
        .invoke(
            "session_create",
            serde_json::json!({"title": "ipc", "draft": draft}),
        )
        .unwrap();
    let id = session["id"].clone();

    let plan = app
        .invoke(
            "playground_plan",
            serde_json::json!({"request": {"sessionId": id, "conversation": conversation, "modelChoice": model}}),
        )
        .unwrap();
    assert_eq!(plan["resolution"]["invokeId"], model);
    assert_eq!(plan["caching"]["minTokens"], 1024);
    assert_eq!(plan["prediction"]["points"][0]["kind"], "write");

    let turn = app
        .invoke(
            "playground_send",
            serde_json::json!({"request": {"sessionId": id, "draft": draft}, "onEvent": "__CHANNEL__:7"}),
        )
        .unwrap();
    assert_eq!(turn["status"], "complete");
    assert!(turn["usage"]["cacheWrite5mTokens"].as_u64().unwrap() > 1024);
    assert!(turn["cost"]["total"].as_f64().unwrap() > 0.0);

    // Five cache points: refused before sending, with the field that breaks the rule.
    let mut five = conversation.clone();
    let system = five["system"].as_array_mut().unwrap();
    for _ in 0..4 {
        system.push(serde_json::json!({"type": "text", "text": "more"}));
        system.push(serde_json::json!({"type": "cachePoint", "ttl": "5m"}));
    }
    let error = app
        .invoke(
            "playground_send",
            serde_json::json!({"request": {"sessionId": id, "draft": {"conversation": five, "modelChoice": model, "api": "converse"}}, "onEvent": "__CHANNEL__:8"}),
        )
        .unwrap_err();
    assert_eq!(error["code"], "validation");
    let fields: serde_json::Value = serde_json::from_str(error["detail"].as_str().unwrap()).unwrap();
    assert_eq!(fields[0]["field"], "system[9]");

    let saved = app.invoke("session_get", serde_json::json!({"id": id})).unwrap();
    assert_eq!(saved["turns"].as_array().unwrap().len(), 1);
    assert_eq!(saved["draft"]["conversation"]["messages"][1]["role"], "assistant");
}

#[test]
fn sessions_are_named_after_their_question_and_a_compare_run_is_listed_and_deleted_whole() {
    let app = TestApp::new("session-runs");
    let draft = |question: &str, model: &str| {
        serde_json::json!({
            "conversation": {"messages": [{"role": "user", "content": [{"type": "text", "text": question}]}]},
            "modelChoice": model,
            "api": "converse"
        })
    };
    // No title: named after the first question; the title follows the draft until the first send.
    let plain = app
        .invoke(
            "session_create",
            serde_json::json!({"title": "", "draft": draft("", "amazon.nova-pro-v1:0")}),
        )
        .unwrap();
    assert_eq!(plain["title"], "");
    let title = app
        .invoke(
            "session_save_draft",
            serde_json::json!({"id": plain["id"], "draft": draft("Which river is longest?", "amazon.nova-pro-v1:0")}),
        )
        .unwrap();
    assert_eq!(title, "Which river is longest?");

    for model in ["amazon.nova-pro-v1:0", "us.amazon.nova-pro-v1:0"] {
        app.invoke(
            "session_create",
            serde_json::json!({
                "title": "",
                "draft": draft("Which is cheaper?", model),
                "run": {"id": "c-ipc", "kind": "compare", "label": model}
            }),
        )
        .unwrap();
    }
    let list = app
        .invoke("sessions_list", serde_json::json!({"query": "us.amazon"}))
        .unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(
        list.len(),
        2,
        "a match in one column brings its run whole: {list:?}"
    );
    assert!(
        list.iter()
            .all(|s| s["run"]["id"] == "c-ipc" && s["run"]["kind"] == "compare")
    );
    assert!(
        list.iter()
            .all(|s| s["title"] == "Which is cheaper?" && s["titleSource"] == "auto")
    );

    let json = app
        .invoke("session_run_export", serde_json::json!({"runId": "c-ipc"}))
        .unwrap();
    assert!(json.as_str().unwrap().contains("\"format\": \"outcrop-run\""));
    assert_eq!(
        app.invoke("session_run_delete", serde_json::json!({"runId": "c-ipc"}))
            .unwrap(),
        2
    );
    let rest = app
        .invoke("sessions_list", serde_json::json!({"query": ""}))
        .unwrap();
    assert_eq!(rest.as_array().unwrap().len(), 1);
}
