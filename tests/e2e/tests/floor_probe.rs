//! A prompt engineer measures a current model's cache floor on Local Bedrock before trusting it: the published
//! claims disagree (Claude Sonnet 4.6: 2,048 or 1,024), the probe says what it will send and cost, runs with its
//! requests shown, and the measured floor becomes the one planning uses; then a turn on that model writes its
//! prefix to the cache.

#![allow(clippy::unwrap_used)]

use outcrop_e2e::{App, number_in};

#[tokio::test]
async fn a_floor_is_measured_then_a_current_model_caches_at_it() {
    let app = App::launch().await;
    app.open_example().await;

    // The claims disagree; planning takes the higher one until something is measured.
    let rules = "[data-testid='model-caching-rules']";
    let claims = app
        .wait_text(&format!("{rules} [data-testid='floor-claims']"), |t| {
            t.contains("2,048") && t.contains("1,024")
        })
        .await;
    assert!(claims.contains("measured here: —"), "{claims}");
    app.wait_text(&format!("{rules} [data-testid='floor-uses']"), |t| {
        t.contains("2,048")
    })
    .await;

    // Measure floor: what it sends, at most how many requests, the worst case — then Confirm.
    app.click(&format!("{rules} [data-action='measure-floor']")).await;
    let requests = app
        .wait_text("[data-testid='floor-probe-requests']", |t| number_in(t) > 0)
        .await;
    app.wait_text("[data-testid='floor-probe-cost']", |t| t.contains('$'))
        .await;
    app.screenshot("floor-probe-confirm").await;
    app.click("[data-action='confirm-probe']").await;
    let result = app
        .wait_text("[data-testid='floor-probe-result']", |t| t.contains("2,048"))
        .await;
    // Each request is shown as it came back: a size that did not cache, and the floor read back.
    let log = app
        .wait_text("[data-testid='floor-probe-log']", |t| {
            t.contains("caches at 2,048")
        })
        .await;
    assert!(log.contains("did not cache"), "{log} ({result})");
    let status = app
        .client
        .execute(
            "return document.querySelector(\"[data-testid='floor-probe-result']\").dataset.status;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(status, "measured", "{result} (at most {requests})");
    let uses = app
        .wait_text(&format!("{rules} [data-testid='floor-uses']"), |t| {
            t.to_lowercase().contains("measured")
        })
        .await;
    assert!(uses.contains("2,048"), "{uses}");
    app.screenshot("floor-probe-measured").await;

    // A turn on the model: the 6,000-token guide is past the measured floor, so the prefix is written.
    app.click("[data-action='close-probe']").await;
    app.send_when_ready().await;
    let written = app
        .wait_text(
            "[data-testid='turn'][data-seq='1'] [data-testid='usage-write']",
            |t| number_in(t) > 2048,
        )
        .await;
    assert!(number_in(&written) > 2048, "{written}");
    app.wait_text(
        "[data-testid='turn'][data-seq='1'] [data-testid='usage-billing']",
        |t| t.contains("geographic"),
    )
    .await;
    // The session counts the turn: the cache is primed.
    app.wait_until(
        "the totals to count the turn",
        "document.querySelector(\"[data-testid='session-totals']\").dataset.tone === 'primed'",
        10,
    )
    .await;
    app.client
        .execute(
            "document.querySelector(\"[data-testid='turn'][data-seq='1'] [data-testid='usage-strip']\").scrollIntoView({block: 'center'});",
            vec![],
        )
        .await
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    app.screenshot("floor-probe-then-turn").await;
}
