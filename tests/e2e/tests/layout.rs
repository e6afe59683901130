//! Every page and tab as a person sees it at the app's own window size, in English and Japanese, with presenter
//! mode off and on: nothing scrolls sideways, no number in a table is cut short, no short header wraps letter by
//! letter, and presenter mode shows no account ID or ARN — with an application profile in use, after Copy as code
//! is opened, after a send and after a compare.

#![allow(clippy::unwrap_used)]

use outcrop_e2e::App;

const SOURCE: &str =
    "arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.anthropic.claude-3-7-sonnet-20250219-v1:0";
const SYSTEM_PROFILE: &str = "us.anthropic.claude-3-7-sonnet-20250219-v1:0";

/// Looks at the view in both languages, presenter mode off and on, and notes what is wrong.
async fn sweep(app: &App, view: &str, findings: &mut Vec<String>) {
    sweep_with(app, view, false, findings).await;
}

/// `sweep`, with a screenshot of every combination when `shoot` is set (failing ones are always kept).
async fn sweep_with(app: &App, view: &str, shoot: bool, findings: &mut Vec<String>) {
    for locale in ["en", "ja"] {
        app.set_language(locale).await;
        for presenter in [false, true] {
            app.set_presenter(presenter).await;
            app.settle().await;
            let mode = if presenter { "presenter" } else { "normal" };
            let mut here = Vec::new();
            for problem in app.layout_problems().await {
                here.push(format!("{view} ({locale}, {mode}): {problem}"));
            }
            if presenter {
                for leak in app.presenter_leaks().await {
                    here.push(format!("{view} ({locale}, presenter) shows {leak}"));
                }
            }
            for line in &here {
                eprintln!("layout: {line}");
            }
            if shoot || !here.is_empty() {
                app.screenshot(&format!("layout-{}-{locale}-{mode}", view.replace('/', "-")))
                    .await;
            }
            findings.extend(here);
        }
    }
    app.set_presenter(false).await;
    app.set_language("en").await;
}

#[tokio::test]
async fn every_page_fits_the_window_and_presenter_mode_hides_accounts() {
    let app = App::launch().await;
    let size = app
        .client
        .execute("return [window.innerWidth, window.innerHeight];", vec![])
        .await
        .unwrap();
    eprintln!("window content size: {size}");
    let width = size[0].as_u64().unwrap_or(0);
    assert!(
        (1000..=1200).contains(&width),
        "the app opens at its default size (1200 × 780): {size}"
    );
    let mut findings = Vec::new();

    app.dismiss_welcome().await;

    // The probes can fail: a cut-short cell, a page wider than the window and an ARN in an input are each found.
    app.client
        .execute(
            "const probe = document.createElement('div'); probe.id = 'layout-probe'; \
             const table = document.createElement('table'); table.style.tableLayout = 'fixed'; table.style.width = '40px'; \
             const cell = table.insertRow().insertCell(); cell.textContent = '$0.000123456 per token'; \
             cell.style.overflow = 'hidden'; cell.style.whiteSpace = 'nowrap'; \
             const wide = document.createElement('div'); wide.style.width = '5000px'; wide.style.height = '1px'; \
             const input = document.createElement('input'); input.value = 'arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/probe'; \
             probe.append(table, wide, input); document.querySelector('main').prepend(probe);",
            vec![],
        )
        .await
        .unwrap();
    let caught = app.layout_problems().await.join("\n");
    assert!(
        caught.contains("cut short") && caught.contains("main overflows"),
        "{caught}"
    );
    app.set_presenter(true).await;
    let leaks = app.presenter_leaks().await.join("\n");
    assert!(leaks.contains("111122223333"), "{leaks}");
    app.set_presenter(false).await;
    app.client
        .execute("document.getElementById('layout-probe').remove();", vec![])
        .await
        .unwrap();

    sweep(&app, "connections", &mut findings).await;

    // Models & profiles, with an application profile made for the rest of the walk.
    app.click("a[data-page='models']").await;
    app.wait_css("[data-model-id]").await;
    sweep(&app, "models/models", &mut findings).await;
    let arn = app.create_application_profile("layout-demo", SOURCE, None).await;
    sweep(&app, "models/profiles", &mut findings).await;

    // The playground on that profile: the plan, Copy as code with a document in the request, a send.
    app.click("a[data-page='playground']").await;
    app.click("[data-testid='load-example']").await;
    app.wait_css("[data-testid='cache-point-marker']").await;
    // Typed, then Enter (WebDriver's U+E007): the picker commits what was typed.
    app.fill("[data-testid='model-picker']", &format!("{arn}\u{E007}"))
        .await;
    app.wait_text("[data-testid='model-caching-rules']", |t| {
        t.contains("Claude 3.7 Sonnet") && t.contains("1,024")
    })
    .await;
    sweep(&app, "playground/plan", &mut findings).await;
    // The parameters panel open, with thinking on (its budget, the note and the disabled controls' reasons).
    app.click("[data-testid='parameters-toggle']").await;
    app.wait_css("[data-testid='param-thinking']").await;
    app.client
        .execute(
            "const s = document.querySelector(\"[data-testid='param-thinking']\"); s.value = 'enabled'; \
             s.dispatchEvent(new Event('change', {bubbles: true}));",
            vec![],
        )
        .await
        .unwrap();
    app.wait_css("[data-testid='param-thinking-budget']").await;
    app.client
        .execute(
            "document.querySelector(\"[data-testid='param-thinking']\").scrollIntoView({block: 'center'});",
            vec![],
        )
        .await
        .unwrap();
    sweep_with(&app, "playground/parameters", true, &mut findings).await;
    app.client
        .execute(
            "const s = document.querySelector(\"[data-testid='param-thinking']\"); s.value = ''; \
             s.dispatchEvent(new Event('change', {bubbles: true}));",
            vec![],
        )
        .await
        .unwrap();
    app.click("[data-testid='copy-as-code'] [data-format='boto3']")
        .await;
    app.wait_css("[data-testid='code-output']").await;
    sweep(&app, "playground/copy-as-code", &mut findings).await;
    app.send_when_ready().await;
    app.wait_css("[data-testid='turn'][data-seq='1'] [data-testid='usage-saved']")
        .await;
    sweep(&app, "playground/after-send", &mut findings).await;

    // Compare the next question: the application profile against its system profile.
    app.fill("[data-testid='composer']", "Which rocks split into sheets?")
        .await;
    app.click("[data-tab='compare']").await;
    app.fill("input[name='compare-target-0']", &arn).await;
    app.fill("input[name='compare-target-1']", SYSTEM_PROFILE).await;
    app.wait_until(
        "Run to be enabled",
        "!document.querySelector(\"[data-testid='compare-run']\").disabled",
        30,
    )
    .await;
    app.click("[data-testid='compare-run']").await;
    app.screenshot("layout-compare-running").await;
    app.wait_until(
        "both columns to finish",
        "document.querySelectorAll(\"[data-testid='compare-totals']\").length === 2",
        60,
    )
    .await;
    app.client
        .execute(
            "document.querySelector(\"[data-testid='compare-usage']\").scrollIntoView({block: 'center'});",
            vec![],
        )
        .await
        .unwrap();
    sweep_with(&app, "playground/compare", true, &mut findings).await;

    app.click("[data-tab='bakeoff']").await;
    app.wait_css("[data-testid='bakeoff-panel']").await;
    sweep(&app, "playground/bakeoff", &mut findings).await;
    app.click("[data-tab='prices']").await;
    sweep(&app, "playground/prices", &mut findings).await;
    app.click("[data-tab='demos']").await;
    app.wait_css("[data-testid='demo-play']").await;
    sweep(&app, "playground/demos", &mut findings).await;

    app.close().await;
    assert!(
        findings.is_empty(),
        "{} problems a person would see:\n{}",
        findings.len(),
        findings.join("\n")
    );
}
