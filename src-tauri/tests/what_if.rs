//! The cost what-if over IPC on the mock runtime: its models, its inputs from a session's real turns, its
//! answer with the price entry that priced it, and a bad input refused with the rule it breaks.

#![allow(clippy::unwrap_used)] // a test fails loudly; helpers included

mod support;

use serde_json::json;
use support::TestApp;

fn input() -> serde_json::Value {
    json!({"modelId": "anthropic.claude-sonnet-4-6", "geography": "global", "tier": "default",
        "prefixTokens": 10000, "questionTokens": 100, "answerTokens": 500, "requestsPerHour": 60,
        "spread": {"kind": "steady"}})
}

#[test]
fn the_what_if_answers_with_its_price_entry_and_refuses_bad_input() {
    let app = TestApp::new("what-if");
    let models = app.invoke("what_if_models", json!({})).unwrap();
    assert!(
        models
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["modelId"] == "anthropic.claude-sonnet-4-6" && m["ttls"] == json!(["5m", "1h"]))
    );

    let answer = app.invoke("what_if", json!({"input": input()})).unwrap();
    // 43,833.6 requests a month; no cache: 1,656.91008 (see outcrop-core's what_if tests for the arithmetic).
    assert!(
        (answer["noCache"]["total"].as_f64().unwrap() - 1_656.910_08).abs() < 1e-6,
        "{answer}"
    );
    assert_eq!(answer["fiveMinutes"]["status"]["kind"], "caches");
    assert_eq!(
        answer["fiveMinutes"]["breakEven"],
        json!({"kind": "above", "requestsPerHour": 12.0})
    );
    assert_eq!(answer["quote"]["route"], "global");
    assert_eq!(answer["quote"]["modelIdPrefix"], "anthropic.claude-sonnet-4-6");
    assert_eq!(answer["quote"]["asOf"].as_str().unwrap().len(), 10);
    assert_eq!(answer["series"].as_array().unwrap().len(), 30);

    let mut bad = input();
    bad["prefixTokens"] = json!(-1);
    bad["requestsPerHour"] = json!(null);
    let error = app.invoke("what_if", json!({"input": bad})).unwrap_err();
    assert_eq!(error["code"], "validation");
    let fields: Vec<_> = error["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].clone())
        .collect();
    assert_eq!(
        fields,
        [json!("prefixTokens"), json!("requestsPerHour")],
        "{error}"
    );
    assert_eq!(
        error["fields"][0]["rule"],
        json!({"code": "whatIfTokens", "min": 1, "max": 10_000_000})
    );
}

#[test]
fn the_what_if_fills_in_from_a_sessions_turns() {
    let app = TestApp::new("what-if-prefill");
    // No session yet: the example, and nothing said to come from a session.
    let empty = app.invoke("what_if_prefill", json!({"sessionId": null})).unwrap();
    assert_eq!(empty["turns"], 0);
    assert_eq!(empty["fromSession"], json!([]));

    let model = "us.anthropic.claude-3-7-sonnet-20250219-v1:0";
    let conversation = json!({
        "system": [{"type": "text", "text": "alpha beta gamma ".repeat(400)}, {"type": "cachePoint", "ttl": "5m"}],
        "messages": [{"role": "user", "content": [{"type": "text", "text": "Summarise"}]}]
    });
    let draft = json!({"conversation": conversation, "modelChoice": model, "api": "converse"});
    let session = app
        .invoke("session_create", json!({"title": "what-if", "draft": draft}))
        .unwrap();
    let id = session["id"].clone();
    let turn = app
        .invoke(
            "playground_send",
            json!({"request": {"sessionId": id, "draft": draft}, "onEvent": "__CHANNEL__:3"}),
        )
        .unwrap();
    assert_eq!(turn["status"], "complete");
    let written = turn["usage"]["cacheWrite5mTokens"].as_u64().unwrap();

    for session_id in [id.clone(), json!(null)] {
        let filled = app
            .invoke("what_if_prefill", json!({"sessionId": session_id}))
            .unwrap();
        assert_eq!(filled["turns"], 1);
        assert_eq!(
            filled["input"]["modelId"],
            "anthropic.claude-3-7-sonnet-20250219-v1:0"
        );
        assert_eq!(filled["input"]["geography"], "us");
        assert_eq!(filled["input"]["prefixTokens"].as_f64().unwrap(), written as f64);
        assert_eq!(
            filled["input"]["answerTokens"].as_f64().unwrap(),
            turn["usage"]["outputTokens"].as_f64().unwrap()
        );
        // One turn gives no pace: the rate stays the example's.
        assert!(
            !filled["fromSession"]
                .as_array()
                .unwrap()
                .contains(&json!("requestsPerHour"))
        );
        // And the filled-in input prices as it is.
        let answer = app.invoke("what_if", json!({"input": filled["input"]})).unwrap();
        assert_eq!(answer["oneHour"]["status"]["kind"], "notOffered");
    }
}
