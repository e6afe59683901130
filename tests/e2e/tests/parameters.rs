//! A person experimenting with a model's parameters: on Claude 3.7 Sonnet they turn extended thinking on (the budget
//! makes room for itself under max tokens), see a temperature refused while thinking is on, send, read the
//! reasoning in the turn, and ask again — the signed thinking block goes back with the conversation and Local
//! Bedrock accepts it. On Claude Opus 4.7 the temperature control is disabled with the reason. Screenshots:
//! `parameters-refused.png`, `parameters-thinking-turns.png`, `parameters-opus-4-7.png`.

#![allow(clippy::unwrap_used)]

use outcrop_e2e::App;

const SONNET_37: &str = "us.anthropic.claude-3-7-sonnet-20250219-v1:0";
const OPUS_47: &str = "us.anthropic.claude-opus-4-7";

/// Sets a select or input through the DOM (its change event, as a person's choice sends it).
async fn set(app: &App, testid: &str, value: &str) {
    app.client
        .execute(
            &format!(
                "const e = document.querySelector(\"[data-testid='{testid}']\"); e.value = '{value}'; \
                 e.dispatchEvent(new Event('change', {{bubbles: true}}));"
            ),
            vec![],
        )
        .await
        .unwrap();
}

async fn choose_model(app: &App, model: &str, name: &str) {
    app.fill("[data-testid='model-picker']", &format!("{model}\u{E007}"))
        .await;
    app.wait_text("[data-testid='model-caching-rules']", |t| t.contains(name))
        .await;
}

#[tokio::test]
async fn thinking_is_set_checked_sent_and_sent_back() {
    let app = App::launch().await;
    app.open_example().await;
    choose_model(&app, SONNET_37, "Claude 3.7 Sonnet").await;
    app.click("[data-testid='parameters-toggle']").await;
    set(&app, "param-thinking", "enabled").await;
    app.wait_text("[data-testid='param-max-raised']", |t| t.contains("2,048"))
        .await;

    // A temperature with thinking on is refused at its field, and Send waits.
    set(&app, "param-temperature", "0.5").await;
    let refused = app
        .wait_text(
            "[data-testid='parameter-problem'][data-field='inference.temperature']",
            |t| !t.is_empty(),
        )
        .await;
    assert!(refused.contains("With thinking on"), "{refused}");
    app.wait_until(
        "Send to wait for the fix",
        "document.querySelector(\"[data-testid='send-button']\").disabled",
        10,
    )
    .await;
    app.screenshot("parameters-refused").await;
    set(&app, "param-temperature", "").await;

    app.send_when_ready().await;
    app.wait_css("[data-testid='turn'][data-seq='1'][data-status='complete']")
        .await;
    let first = app
        .wait_text(
            "[data-testid='turn'][data-seq='1'] [data-testid='turn-reply']",
            |t| !t.is_empty(),
        )
        .await;
    app.wait_css("[data-testid='turn'][data-seq='1'] details.reasoning")
        .await;
    assert!(!first.is_empty());

    // The next question goes with the signed reasoning of the first answer; Local Bedrock checks the signature.
    app.fill("[data-testid='composer']", "And which layer is the youngest?")
        .await;
    app.send_when_ready().await;
    app.wait_css("[data-testid='turn'][data-seq='2'][data-status='complete']")
        .await;
    app.wait_css("[data-testid='turn'][data-seq='2'] details.reasoning")
        .await;
    app.settle().await;
    app.screenshot("parameters-thinking-turns").await;
    assert_eq!(app.layout_problems().await, Vec::<String>::new());

    // Opus 4.7 takes no temperature: the control says so.
    set(&app, "param-thinking", "").await;
    choose_model(&app, OPUS_47, "Claude Opus 4.7").await;
    let why = app
        .wait_text("[data-testid='param-temperature-why']", |t| !t.is_empty())
        .await;
    assert!(why.contains("does not take temperature"), "{why}");
    let disabled = app
        .client
        .execute(
            "return document.querySelector(\"[data-testid='param-temperature']\").disabled",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(disabled, serde_json::json!(true));
    app.client
        .execute(
            "document.querySelector(\"[data-testid='param-temperature']\").scrollIntoView({block: 'center'});",
            vec![],
        )
        .await
        .unwrap();
    app.screenshot("parameters-opus-4-7").await;

    app.close().await;
}
