//! A prompt engineer checks the same model through each way of sending it: Converse, InvokeModel and Anthropic's
//! Messages API side by side in Compare, on Local Bedrock; then copies the Messages API request as curl.

#![allow(clippy::unwrap_used)]

use outcrop_e2e::App;

const OPUS_47: &str = "us.anthropic.claude-opus-4-7";

#[tokio::test]
async fn one_model_through_every_transport_side_by_side_then_the_messages_api_copied() {
    let app = App::launch().await;
    app.open_example().await;
    // Claude Opus 4.7 is served by all three transports.
    app.fill("[data-testid='model-picker']", &format!("{OPUS_47}\u{E007}"))
        .await;
    app.wait_text("[data-testid='model-caching-rules']", |t| {
        t.contains("Claude Opus 4.7")
    })
    .await;

    app.click("[data-tab='compare']").await;
    app.wait_css("[data-testid='compare-panel']").await;
    app.click("[data-action='add-column']").await;
    for (i, api) in ["converse", "invokeModel", "messages"].iter().enumerate() {
        app.fill(&format!("input[name='compare-target-{i}']"), OPUS_47)
            .await;
        app.client
            .execute(
                &format!(
                    "const s = document.querySelectorAll(\"[data-testid='compare-api']\")[{i}]; \
                     s.value = '{api}'; s.dispatchEvent(new Event('change', {{bubbles: true}}));"
                ),
                vec![],
            )
            .await
            .unwrap();
    }
    app.run_compare(3).await;
    let transports = app
        .client
        .execute(
            "return [...document.querySelectorAll(\"[data-testid='compare-column-api']\")].map(e => e.textContent).join(' | ');",
            vec![],
        )
        .await
        .unwrap();
    let transports = transports.as_str().unwrap_or_default().to_owned();
    assert!(
        transports.contains("Converse")
            && transports.contains("InvokeModel")
            && transports.contains("Messages API"),
        "{transports}"
    );
    let errors = app
        .client
        .execute(
            "return document.querySelectorAll(\"[data-testid='compare-error']\").length;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(errors, 0, "every transport answered");
    app.client
        .execute(
            "document.querySelector(\"[data-testid='compare-column']\").scrollIntoView({block: 'start'});",
            vec![],
        )
        .await
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    app.screenshot("compare-transports").await;

    // Back in Chat: the Messages API chosen, its request copied as curl signed with SigV4.
    app.click("[data-tab='chat']").await;
    app.click("input[data-api='messages']").await;
    app.click("[data-testid='copy-as-code'] [data-format='curl']")
        .await;
    let code = app
        .wait_text("[data-testid='code-output']", |t| {
            t.contains("/anthropic/v1/messages")
        })
        .await;
    assert!(code.contains("--aws-sigv4") && code.contains(OPUS_47), "{code}");
    app.client
        .execute(
            "document.querySelector(\"[data-testid='copy-as-code']\").scrollIntoView({block: 'start'});",
            vec![],
        )
        .await
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    app.screenshot("copy-messages-api").await;

    // Automatic placement: the top-level cache_control, drawn after the last message, sent and copied.
    app.client
        .execute(
            "const s = document.querySelector(\"[data-testid='automatic-cache']\"); \
             s.value = '5m'; s.dispatchEvent(new Event('change', {bubbles: true}));",
            vec![],
        )
        .await
        .unwrap();
    let marker = app
        .wait_text("[data-testid='automatic-point-marker']", |t| {
            t.contains("top-level cache_control")
        })
        .await;
    assert!(marker.contains("caches"), "{marker}");
    // Picking the open format again closes it; picking it once more asks for the request as it stands now.
    for _ in 0..2 {
        app.click("[data-testid='copy-as-code'] [data-format='curl']")
            .await;
    }
    let code = app
        .wait_text("[data-testid='code-output']", |t| {
            t.contains("\"cache_control\":{\"type\":\"ephemeral\"},\"max_tokens\"")
        })
        .await;
    assert!(code.contains("/anthropic/v1/messages"), "{code}");
    app.client
        .execute(
            "document.querySelector(\"[data-testid='automatic-point-marker']\").scrollIntoView({block: 'center'});",
            vec![],
        )
        .await
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    app.screenshot("automatic-cache-point").await;
    let problems = app.layout_problems().await;
    assert!(problems.is_empty(), "{problems:?}");
    app.close().await;
}
