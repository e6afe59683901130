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
    // The rules broken travel as typed fields (code and parameters); detail is only for a cause chain.
    assert_eq!(error["detail"], serde_json::Value::Null, "{error}");
    let region = error["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == "region")
        .unwrap_or_else(|| panic!("{error}"));
    assert_eq!(
        region["rule"],
        serde_json::json!({"code": "regionFormat", "region": "mars"})
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
fn local_bedrock_keeps_application_profiles_across_restarts_until_reset() {
    let app = TestApp::new("local-reset");
    let copy_from = "arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.anthropic.claude-3-7-sonnet-20250219-v1:0";
    let created = app
        .invoke(
            "profile_create",
            serde_json::json!({"request": {"name": "kept", "description": null, "copyFrom": copy_from,
                "tags": [{"key": "team", "value": "rocks"}]}}),
        )
        .unwrap();
    let arn = created["arn"].as_str().unwrap().to_owned();
    let state_file = app.dir.join("data").join("local-bedrock").join("world.json");
    assert!(std::fs::read_to_string(&state_file).unwrap().contains(&arn));
    let application_arns = |app: &TestApp| -> Vec<String> {
        let catalog = app.invoke("models_catalog", serde_json::json!({})).unwrap();
        catalog["profiles"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["application"] == true)
            .map(|p| p["arn"].as_str().unwrap().to_owned())
            .collect()
    };

    // Quit and start again: the profile is still there, with its tags.
    let app = app.reopen();
    assert_eq!(application_arns(&app), std::slice::from_ref(&arn));
    let details = app
        .invoke("profile_details", serde_json::json!({"id": arn}))
        .unwrap();
    assert_eq!(
        details["tags"],
        serde_json::json!([{"key": "team", "value": "rocks"}])
    );
    let policy: serde_json::Value = serde_json::from_str(details["iamPolicy"].as_str().unwrap()).unwrap();
    assert_eq!(policy["Statement"][0]["Resource"][0], arn.as_str());
    let list_tags = details["cli"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["action"] == "listTags")
        .unwrap();
    assert!(
        list_tags["command"]
            .as_str()
            .unwrap()
            .starts_with("aws bedrock list-tags-for-resource"),
        "{list_tags}"
    );

    app.invoke("local_bedrock_reset", serde_json::json!({})).unwrap();
    assert!(!state_file.exists());
    assert!(application_arns(&app).is_empty());
    let app = app.reopen();
    assert!(application_arns(&app).is_empty());
    // A reset with no server running (nothing used Local Bedrock since the start) deletes the file too.
    app.invoke(
        "profile_create",
        serde_json::json!({"request": {"name": "again", "description": null, "copyFrom": copy_from, "tags": []}}),
    )
    .unwrap();
    let app = app.reopen();
    assert!(state_file.exists());
    app.invoke("local_bedrock_reset", serde_json::json!({})).unwrap();
    assert!(!state_file.exists());
    assert!(application_arns(&app).is_empty());
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
    assert_eq!(error["fields"][0]["field"], "system[9]", "{error}");
    assert_eq!(error["fields"][0]["rule"]["code"], "cachePoint", "{error}");
    assert_eq!(
        error["fields"][0]["rule"]["problem"]["kind"], "beyondLimit",
        "{error}"
    );

    let saved = app.invoke("session_get", serde_json::json!({"id": id})).unwrap();
    assert_eq!(saved["turns"].as_array().unwrap().len(), 1);
    assert_eq!(saved["earlierTurns"], 0);
    assert_eq!(saved["draft"]["conversation"]["messages"][1]["role"], "assistant");
    // Earlier turns load through their own command: none before the first.
    let earlier = app
        .invoke(
            "session_earlier_turns",
            serde_json::json!({"id": id, "before": 1}),
        )
        .unwrap();
    assert_eq!(earlier, serde_json::json!({"turns": [], "earlierTurns": 0}));
}

#[test]
fn the_resolver_says_what_bedrock_would_refuse_and_the_playground_refuses_it_before_sending() {
    let app = TestApp::new("verdict");
    let sonnet_4 = "anthropic.claude-sonnet-4-20250514-v1:0";
    let refused = app
        .invoke(
            "model_verdict",
            serde_json::json!({"input": "claude-sonnet-4-20250514"}),
        )
        .unwrap();
    assert_eq!(refused["verdict"], "refused", "{refused}");
    assert_eq!(refused["refusal"]["kind"], "notABedrockId");
    assert_eq!(refused["refusal"]["suggestions"][0], sonnet_4);

    let elsewhere = app
        .invoke(
            "model_verdict",
            serde_json::json!({"input": format!("apac.{sonnet_4}")}),
        )
        .unwrap();
    assert_eq!(elsewhere["refusal"]["kind"], "notCallableHere", "{elsewhere}");
    assert_eq!(elsewhere["refusal"]["region"], "us-east-1");

    let callable = app
        .invoke("model_verdict", serde_json::json!({"input": sonnet_4}))
        .unwrap();
    assert_eq!(callable["verdict"], "callable", "{callable}");
    assert_eq!(callable["resolution"]["invokeId"], format!("us.{sonnet_4}"));

    // Not an identifier at all: an error with the rule, as before.
    let malformed = app
        .invoke("model_verdict", serde_json::json!({"input": "  "}))
        .unwrap_err();
    assert_eq!(malformed["code"], "validation");

    // The playground refuses the same name before anything is sent.
    let conversation = serde_json::json!({
        "system": [],
        "messages": [{"role": "user", "content": [{"type": "text", "text": "Hello"}]}]
    });
    let draft = serde_json::json!({"conversation": conversation, "modelChoice": "claude-sonnet-4-20250514", "api": "converse"});
    let session = app
        .invoke(
            "session_create",
            serde_json::json!({"title": "refused", "draft": draft}),
        )
        .unwrap();
    let error = app
        .invoke(
            "playground_plan",
            serde_json::json!({"request": {"sessionId": session["id"], "conversation": conversation, "modelChoice": "claude-sonnet-4-20250514"}}),
        )
        .unwrap_err();
    assert_eq!(error["code"], "validation");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("not a Bedrock model ID"),
        "{error}"
    );
}

#[test]
fn tags_are_checked_over_ipc_by_the_creation_rules() {
    let app = TestApp::new("check-tags");
    let errors = app
        .invoke(
            "profile_check_tags",
            serde_json::json!({"tags": [{"key": "aws:team", "value": "Ops"}, {"key": "Team", "value": "ok"}]}),
        )
        .unwrap();
    let fields: Vec<&str> = errors
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert_eq!(fields, ["tags.0.key"]);
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

#[test]
fn the_resolver_sees_a_profile_created_or_deleted_after_the_catalogue_was_loaded() {
    let app = TestApp::new("catalogue-cache");
    app.invoke("models_catalog", serde_json::json!({})).unwrap();
    let copy_from = "arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.anthropic.claude-3-7-sonnet-20250219-v1:0";
    let created = app
        .invoke(
            "profile_create",
            serde_json::json!({"request": {"name": "fresh", "description": null, "copyFrom": copy_from, "tags": []}}),
        )
        .unwrap();
    let arn = created["arn"].as_str().unwrap().to_owned();
    let resolved = app
        .invoke("model_resolve", serde_json::json!({"input": arn}))
        .unwrap();
    assert_eq!(resolved["invokeId"], arn.as_str(), "{resolved}");
    assert_eq!(resolved["route"], "applicationProfile");

    app.invoke("profile_delete", serde_json::json!({"id": created["id"]}))
        .unwrap();
    let after = app
        .invoke("model_resolve", serde_json::json!({"input": arn}))
        .unwrap();
    assert_eq!(
        after["route"], "unverified",
        "no longer in the Region's list: {after}"
    );
}

#[test]
fn a_local_bedrock_connection_sends_the_messages_api_to_bedrock_mantle_once_chosen() {
    let app = TestApp::new("mantle");
    let overview = app.invoke("connections_overview", serde_json::json!({})).unwrap();
    let id = overview["activeId"].as_str().unwrap().to_owned();
    assert_eq!(overview["connections"][0]["messagesEndpoint"], "runtime");
    let saved = app
        .invoke(
            "connection_set_messages_endpoint",
            serde_json::json!({"id": id, "endpoint": "mantle"}),
        )
        .unwrap();
    assert_eq!(saved["messagesEndpoint"], "mantle");

    let model = "us.anthropic.claude-opus-4-7";
    let conversation = serde_json::json!({
        "messages": [{"role": "user", "content": [{"type": "text", "text": "What is a rock?"}]}]
    });
    let draft = serde_json::json!({"conversation": conversation, "modelChoice": model, "api": "messages"});
    let session = app
        .invoke(
            "session_create",
            serde_json::json!({"title": "mantle", "draft": draft}),
        )
        .unwrap();
    let plan = app
        .invoke(
            "playground_plan",
            serde_json::json!({"request": {"sessionId": session["id"], "conversation": conversation, "modelChoice": model, "api": "messages"}}),
        )
        .unwrap();
    assert_eq!(plan["messagesEndpoint"], "mantle");
    assert_eq!(plan["problems"], serde_json::json!([]), "{plan}");
    let turn = app
        .invoke(
            "playground_send",
            serde_json::json!({"request": {"sessionId": session["id"], "draft": draft}, "onEvent": "__CHANNEL__:9"}),
        )
        .unwrap();
    assert_eq!(turn["status"], "complete", "{turn}");
    assert_eq!(turn["invokeId"], "anthropic.claude-opus-4-7");
    assert_eq!(turn["messagesEndpoint"], "mantle");
}

#[test]
fn a_region_change_reloads_the_catalogue_for_the_new_region() {
    let app = TestApp::new("set-region");
    let overview = app.invoke("connections_overview", serde_json::json!({})).unwrap();
    let id = overview["activeId"].as_str().unwrap().to_owned();
    let before = app.invoke("models_catalog", serde_json::json!({})).unwrap();
    assert_eq!(before["region"], "us-east-1");

    let refused = app
        .invoke(
            "connection_set_region",
            serde_json::json!({"id": id, "region": "eu west 1"}),
        )
        .unwrap_err();
    assert_eq!(refused["code"], "validation");
    assert_eq!(refused["fields"][0]["rule"]["code"], "regionFormat");

    let moved = app
        .invoke(
            "connection_set_region",
            serde_json::json!({"id": id, "region": "eu-west-1"}),
        )
        .unwrap();
    assert_eq!(moved["region"], "eu-west-1");
    let after = app.invoke("models_catalog", serde_json::json!({})).unwrap();
    assert_eq!(after["region"], "eu-west-1", "not the old Region's catalogue");
    let overview = app.invoke("connections_overview", serde_json::json!({})).unwrap();
    assert_eq!(overview["connections"][0]["region"], "eu-west-1");
}

#[test]
fn a_measured_floor_reaches_the_plan_and_the_model_cards_until_it_is_deleted() {
    let app = TestApp::new("floor-probe");
    let model = "us.anthropic.claude-3-7-sonnet-20250219-v1:0";
    let foundation = "anthropic.claude-3-7-sonnet-20250219-v1:0";
    let card = |app: &TestApp| {
        let catalog = app.invoke("models_catalog", serde_json::json!({})).unwrap();
        catalog["models"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["model"]["modelId"] == foundation)
            .unwrap()
            .clone()
    };
    let before = card(&app);
    assert_eq!(before["cacheMeasured"], serde_json::Value::Null);
    assert!(!before["cacheFloorClaims"].as_array().unwrap().is_empty());

    let plan = app
        .invoke("floor_probe_plan", serde_json::json!({"modelChoice": model}))
        .unwrap();
    assert_eq!(plan["invokedId"], model);
    assert_eq!(plan["plan"]["maxRequests"], 6);
    assert!(plan["plan"]["worstCaseCost"].as_f64().unwrap() > 0.0);

    let report = app
        .invoke(
            "floor_probe_run",
            serde_json::json!({"modelChoice": model, "onEvent": "__CHANNEL__:9"}),
        )
        .unwrap();
    assert_eq!(report["status"], "measured", "{report}");
    let tokens = report["probe"]["floor"]["tokens"].clone();
    assert_eq!(report["probe"]["floor"]["region"], "us-east-1");

    let measured = card(&app);
    assert_eq!(measured["cacheMeasured"]["tokens"], tokens);
    assert_eq!(measured["cacheMinTokens"], tokens);
    let conversation = serde_json::json!({"system": [{"type": "text", "text": "hello"}], "messages": []});
    let planned = app
        .invoke(
            "playground_plan",
            serde_json::json!({"request": {"conversation": conversation, "modelChoice": model}}),
        )
        .unwrap();
    assert_eq!(planned["caching"]["measured"]["invokedId"], model);

    let kept = app.invoke("floor_probes_list", serde_json::json!({})).unwrap();
    assert_eq!(kept.as_array().unwrap().len(), 1);
    app.invoke("floor_probe_delete", serde_json::json!({"id": kept[0]["id"]}))
        .unwrap();
    assert_eq!(card(&app)["cacheMeasured"], serde_json::Value::Null);
    let missing = app
        .invoke("floor_probe_delete", serde_json::json!({"id": kept[0]["id"]}))
        .unwrap_err();
    assert_eq!(missing["code"], "not_found");
    assert_eq!(
        app.invoke("floor_probe_stop", serde_json::json!({})).unwrap(),
        false
    );
}
