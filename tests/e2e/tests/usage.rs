//! A team lead sees what two departments used and spent, on Local Bedrock: creates two application profiles
//! tagged Department=Sales and Department=Support, sends a turn through each from the Playground, then opens
//! Usage & spend — each profile's CloudWatch totals, cache hit rate and charts, the prompt-caching dashboard
//! created, and Cost Explorer's cost per department — in English and Japanese, presenter mode off and on (the
//! layout holds, no account shows), and in the light and the dark theme. Screenshots: `usage-{en,ja}-{light,dark}.png`,
//! `usage-dashboard.png`, `spend-{en,ja}-{light,dark}.png`.

#![allow(clippy::unwrap_used)]

use outcrop_e2e::App;

const SOURCE: &str =
    "arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.anthropic.claude-3-7-sonnet-20250219-v1:0";

/// Sends the long-document example through `model` from the Playground as turn `seq`, and waits for its answer.
async fn send_through(app: &App, model: &str, seq: u32) {
    app.click("a[data-page='playground']").await;
    if seq == 1 {
        app.click("[data-testid='load-example']").await;
        app.wait_css("[data-testid='cache-point-marker']").await;
    } else {
        app.fill("[data-testid='composer']", "Which rocks split into sheets?")
            .await;
    }
    app.fill("[data-testid='model-picker']", &format!("{model}\u{E007}"))
        .await;
    app.wait_text("[data-testid='model-caching-rules']", |t| {
        t.contains("Claude 3.7 Sonnet")
    })
    .await;
    app.send_when_ready().await;
    app.wait_css(&format!(
        "[data-testid='turn'][data-seq='{seq}'][data-status='complete']"
    ))
    .await;
}

/// Two tagged profiles, a turn through each.
async fn two_departments(app: &App) {
    app.dismiss_welcome().await;
    let sales = app
        .create_application_profile("sales-assistant", SOURCE, Some("Sales"))
        .await;
    let support = app
        .create_application_profile("support-assistant", SOURCE, Some("Support"))
        .await;
    send_through(app, &sales, 1).await;
    send_through(app, &support, 2).await;
    // Sales again: its document is read from the cache this time.
    send_through(app, &sales, 3).await;
}

/// Looks at the page in both languages, presenter mode off and on; screenshots each language with presenter
/// mode off as `{name}-{locale}-{theme}`, scrolled to `focus` first.
async fn look(app: &App, name: &str, theme: &str, focus: &str) {
    app.client
        .execute(
            &format!("document.querySelector(\"{focus}\").scrollIntoView({{block: 'start'}});"),
            vec![],
        )
        .await
        .unwrap();
    for locale in ["en", "ja"] {
        app.set_language(locale).await;
        for presenter in [false, true] {
            app.set_presenter(presenter).await;
            app.settle().await;
            assert_eq!(
                app.layout_problems().await,
                Vec::<String>::new(),
                "{name} ({locale}, presenter {presenter}, {theme})"
            );
            if presenter {
                assert_eq!(
                    app.presenter_leaks().await,
                    Vec::<String>::new(),
                    "{name} ({locale})"
                );
            } else {
                app.screenshot(&format!("{name}-{locale}-{theme}")).await;
            }
        }
    }
    app.set_presenter(false).await;
    app.set_language("en").await;
}

/// Opens Usage & spend on the Sales profile's usage; checks what the tiles say.
async fn open_usage(app: &App) {
    app.click("a[data-page='usage']").await;
    app.wait_css("[data-testid='usage-totals']").await;
    let target = app
        .wait_text("[data-testid='usage-target'] option:checked", |t| !t.is_empty())
        .await;
    assert_eq!(target.trim(), "sales-assistant");
    let invocations = app
        .wait_text("[data-testid='usage-total-invocations']", |t| t == "2")
        .await;
    assert_eq!(invocations, "2");
    let written = app
        .wait_text("[data-testid='usage-total-cacheWriteTokens']", |t| t != "—")
        .await;
    assert_ne!(written, "0", "the example's document is written to the cache");
    let read = app
        .wait_text("[data-testid='usage-total-cacheReadTokens']", |t| t != "—")
        .await;
    assert_ne!(read, "0", "then read back");
    let rate = app
        .wait_text("[data-testid='usage-total-hitRate']", |t| t.ends_with('%'))
        .await;
    assert_ne!(rate, "0%", "{rate}");
    app.wait_css("[data-testid='usage-chart-tokens'] canvas").await;
}

/// Opens the Spend tab and asks for cost by Department: a row per department, Sales and Support.
async fn open_spend(app: &App) {
    app.click("[data-tab='spend']").await;
    app.wait_css("[data-testid='spend-local-note']").await;
    app.fill("#spend-tag-key", "Department").await;
    app.click("[data-testid='spend-query']").await;
    let table = app
        .wait_text("[data-testid='spend-table']", |t| {
            t.contains("Sales") && t.contains("Support")
        })
        .await;
    assert!(
        table.contains("sales-assistant"),
        "the profile carrying the value: {table}"
    );
    assert!(table.contains('$'), "{table}");
}

#[tokio::test]
async fn two_departments_usage_and_spend_in_light_and_dark() {
    let app = App::launch().await;
    two_departments(&app).await;
    open_usage(&app).await;
    look(&app, "usage", "light", "[data-testid='usage-tab']").await;

    // The prompt-caching dashboard for the Sales profile, shown and then created.
    app.click("[data-testid='dashboard-open']").await;
    let cli = app
        .wait_text("[data-testid='dashboard-cli']", |t| t.contains("put-dashboard"))
        .await;
    assert!(
        cli.contains("--dashboard-name BedrockPromptCaching-sales-assistant"),
        "{cli}"
    );
    app.wait_until(
        "the dashboard form to accept the name",
        "!document.querySelector(\"[data-testid='dashboard-create']\").disabled",
        10,
    )
    .await;
    app.click("[data-testid='dashboard-create']").await;
    app.wait_text("[data-testid='dashboard-created']", |t| {
        t.contains("BedrockPromptCaching-sales-assistant")
    })
    .await;
    app.screenshot("usage-dashboard").await;
    app.click("[data-testid='dashboard-close']").await;

    open_spend(&app).await;
    look(&app, "spend", "light", "[data-testid='spend-result']").await;
    app.close().await;

    let app = App::launch_dark().await;
    two_departments(&app).await;
    open_usage(&app).await;
    look(&app, "usage", "dark", "[data-testid='usage-tab']").await;
    open_spend(&app).await;
    look(&app, "spend", "dark", "[data-testid='spend-result']").await;
    app.close().await;
}
