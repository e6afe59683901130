//! The playground as a prompt engineer and a presenter use it, on Local Bedrock: a long document behind a cache
//! point, several questions; the first turn writes the cache and every later one reads it; the charts fill in;
//! presenter mode in Japanese.

#![allow(clippy::unwrap_used)]

use outcrop_e2e::{App, number_in};

fn turn(seq: usize, part: &str) -> String {
    format!("[data-testid='turn'][data-seq='{seq}'] [data-testid='{part}']")
}

#[tokio::test]
async fn a_long_document_is_written_once_then_read_by_every_question() {
    let app = App::launch().await;
    // The example: a long field guide behind a cache point, on a current Claude model (a suffix-free ID).
    app.open_example().await;
    let rules = app
        .wait_text("[data-testid='model-caching-rules']", |t| {
            t.contains("Claude Sonnet 4.6") && t.contains("2,048")
        })
        .await;
    assert!(rules.contains("5m") && rules.contains("1h"), "{rules}");
    let status = app
        .wait_text("[data-testid='cache-point-status']", |t| !t.trim().is_empty())
        .await;
    assert!(
        !status.contains("needed"),
        "the guide is past the minimum: {status}"
    );
    app.wait_text("[data-testid='plan-summary']", |t| {
        t.contains("4,") || t.contains("5,") || t.contains("6,")
    })
    .await;
    app.screenshot("playground-plan").await;

    // First question: the prefix is written to the cache.
    app.click("[data-testid='send-button']").await;
    let written = app
        .wait_text(&turn(1, "usage-write"), |t| number_in(t) > 2048)
        .await;
    let first_write = number_in(&written);
    let read = app.wait_text(&turn(1, "usage-read"), |_| true).await;
    assert_eq!(number_in(&read), 0, "nothing to read yet: {read}");

    // Three more questions: each reads what the first wrote.
    let questions = [
        "What does cross-bedding in sandstone tell me?",
        "Why does limestone country have caves?",
        "What should I check before working on a coastal platform?",
    ];
    for (i, question) in questions.iter().enumerate() {
        let seq = i + 2;
        app.wait_css(&turn(seq - 1, "usage-saved")).await;
        app.fill("[data-testid='composer']", question).await;
        app.send_when_ready().await;
        let read = app
            .wait_text(&turn(seq, "usage-read"), |t| number_in(t) > 0)
            .await;
        assert_eq!(
            number_in(&read),
            first_write,
            "turn {seq} reads the whole prefix: {read}"
        );
        let saved = app.wait_text(&turn(seq, "usage-saved"), |t| !t.is_empty()).await;
        assert!(
            !saved.contains('-') && !saved.contains('−'),
            "a read saves money: {saved}"
        );
    }
    let totals = app
        .wait_text("[data-testid='session-totals']", |t| t.contains('4'))
        .await;
    assert!(totals.contains('$'), "{totals}");
    app.wait_css("[data-testid='ttl-countdown']").await;
    app.screenshot("playground").await;

    // The charts: per-turn tokens and cumulative cost.
    app.client
        .execute(
            "document.querySelector(\"[data-testid='chart-tokens']\").scrollIntoView({block: 'center'});",
            vec![],
        )
        .await
        .unwrap();
    app.wait_css("[data-testid='chart-cost']").await;
    app.screenshot("playground-chart").await;

    // Presenter mode, in Japanese.
    app.client
        .execute(
            "const s = document.querySelector(\"[data-testid='language-switch']\"); s.value = 'ja'; \
             s.dispatchEvent(new Event('change', {bubbles: true}));",
            vec![],
        )
        .await
        .unwrap();
    app.wait_text("main h1", |t| t == "プレイグラウンド").await;
    app.click("[data-testid='presenter-toggle']").await;
    app.wait_css(".presenter").await;
    app.client
        .execute(
            "window.scrollTo(0, 0); document.querySelector('main').scrollTo(0, 0);",
            vec![],
        )
        .await
        .unwrap();
    app.screenshot("presenter-ja").await;
    app.close().await;
}

#[tokio::test]
async fn the_placement_bakeoff_runs_and_recommends_a_placement() {
    let app = App::launch().await;
    app.dismiss_welcome().await;
    app.click("a[data-page='playground']").await;
    app.click("[data-testid='load-example']").await;
    app.wait_css("[data-testid='cache-point-marker']").await;

    app.click("[data-tab='bakeoff']").await;
    app.wait_css("[data-testid='bakeoff-panel']").await;
    app.click("[data-testid='bakeoff-run']").await;
    app.wait_css("[data-testid='bakeoff-progress']").await;
    app.screenshot("bakeoff-running").await;
    // Three strategies, four turns each, on Local Bedrock's realistic latency.
    app.wait_until(
        "the bake-off's recommendation",
        "document.querySelector(\"[data-testid='bakeoff-recommendation']\")",
        180,
    )
    .await;
    let recommendation = app
        .wait_text("[data-testid='bakeoff-recommendation']", |t| !t.is_empty())
        .await;
    let placement = app
        .client
        .execute(
            "return document.querySelector(\"[data-testid='bakeoff-recommendation']\").dataset.placement;",
            vec![],
        )
        .await
        .unwrap();
    assert_ne!(
        placement, "noCache",
        "caching the document pays: {recommendation}"
    );
    assert!(recommendation.contains('$'), "{recommendation}");
    app.client
        .execute(
            "document.querySelector(\"[data-testid='bakeoff-recommendation']\").scrollIntoView({block: 'end'});",
            vec![],
        )
        .await
        .unwrap();
    // Let WebKit paint the scrolled page before the screenshot.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    app.screenshot("bakeoff").await;

    // Compare: the same conversation through the us. and global. profiles, side by side.
    app.click("[data-tab='compare']").await;
    app.wait_css("[data-testid='compare-panel']").await;
    for route in [
        "us.anthropic.claude-sonnet-4-6",
        "global.anthropic.claude-sonnet-4-6",
    ] {
        app.client
            .execute(
                &format!(
                    "[...document.querySelectorAll(\"[data-testid='compare-panel'] button\")].find(b => b.textContent.includes('{route}')).click();"
                ),
                vec![],
            )
            .await
            .unwrap();
    }
    app.run_compare(2).await;
    let ids = app
        .client
        .execute(
            "return [...document.querySelectorAll(\"[data-testid='compare-invoke-id']\")].map(e => e.textContent).join(' ');",
            vec![],
        )
        .await
        .unwrap();
    let ids = ids.as_str().unwrap_or_default().to_owned();
    assert!(
        ids.contains("us.anthropic") && ids.contains("global.anthropic"),
        "{ids}"
    );
    app.client
        .execute(
            "document.querySelector(\"[data-testid='compare-column']\").scrollIntoView({block: 'start'});",
            vec![],
        )
        .await
        .unwrap();
    app.screenshot("compare").await;
    app.close().await;
}
