//! Stop pressed while a turn still loads its connection's catalogue (behind a connection that does not answer):
//! the send ends at once, stopped, instead of when the catalogue's call times out.

#![allow(clippy::unwrap_used)]

mod support;

use std::time::Duration;

use serde_json::json;
use support::TestApp;

#[test]
fn stop_ends_a_send_still_loading_the_catalogue() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    // A Bedrock that takes every request and never answers.
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    runtime.spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });

    let app = TestApp::new("stop-loading");
    // An AWS profile with static keys: no keychain, credentials at once; the catalogue is what hangs.
    std::fs::write(
        app.dir.join("aws-credentials"),
        "[silent]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
    )
    .unwrap();
    std::fs::write(
        app.dir.join("aws-config"),
        "[profile silent]\nregion = us-east-1\n",
    )
    .unwrap();
    let connection = app
        .invoke(
            "connection_add",
            json!({"draft": {"name": "Silent", "region": "us-east-1", "endpointUrl": url,
                "source": {"kind": "awsProfile", "profile": "silent"}}}),
        )
        .unwrap();
    app.invoke("connection_activate", json!({"id": connection["id"]}))
        .unwrap();
    let model = "us.anthropic.claude-3-7-sonnet-20250219-v1:0";
    let conversation =
        json!({"messages": [{"role": "user", "content": [{"type": "text", "text": "Hello"}]}]});
    let draft = json!({"conversation": conversation, "modelChoice": model, "api": "converse"});
    let session = app
        .invoke("session_create", json!({"title": "stop", "draft": draft}))
        .unwrap();
    let id = session["id"].clone();

    let (done, ended) = std::sync::mpsc::channel();
    std::thread::scope(|scope| {
        let invoker = app.invoker();
        let request = json!({"request": {"sessionId": id, "draft": draft}, "onEvent": "__CHANNEL__:1"});
        scope.spawn(move || {
            let sent = invoker.invoke("playground_send", request);
            done.send(sent).unwrap();
        });
        // The send is loading the catalogue: Stop finds its turn, however long that would take.
        let stopped = (0..100).any(|_| {
            std::thread::sleep(Duration::from_millis(20));
            app.invoke("playground_cancel", json!({"sessionId": id})) == Ok(json!(true))
        });
        assert!(stopped, "Stop found the turn being loaded");
        let sent = ended
            .recv_timeout(Duration::from_secs(10))
            .expect("the send went on loading after Stop");
        let error = sent.unwrap_err();
        assert_eq!(error["code"], "conflict", "{error}");
    });
    // Nothing was sent or saved, and the session takes its next turn.
    let saved = app.invoke("session_get", json!({"id": id})).unwrap();
    assert_eq!(saved["turns"].as_array().unwrap().len(), 0, "{saved}");
}
