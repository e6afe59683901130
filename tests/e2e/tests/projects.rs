//! A team lead attributes spend with a Bedrock project, on Local Bedrock: creates a tagged project on Models &
//! profiles → Projects (its AWS CLI command shown), sees it listed, sends a playground turn under it (the turn says
//! so), and archives it — in a layout that holds in both languages and in presenter mode. Screenshots:
//! `projects-list.png`, `projects-turn.png`, `projects-archived.png`.

#![allow(clippy::unwrap_used)]

use outcrop_e2e::App;

const SONNET_37: &str = "us.anthropic.claude-3-7-sonnet-20250219-v1:0";

#[tokio::test]
async fn a_project_is_created_sent_under_and_archived() {
    let app = App::launch().await;
    app.dismiss_welcome().await;
    app.click("a[data-page='models']").await;
    app.click("[data-tab='projects']").await;
    app.wait_css("[data-testid='projects-tab']").await;
    app.click("[data-testid='create-project']").await;
    app.fill(
        "[data-testid='create-project-form'] input[name='name']",
        "Support assistant",
    )
    .await;
    let cli = app
        .wait_text("[data-testid='create-project-cli']", |t| {
            t.contains("Support assistant")
        })
        .await;
    assert!(cli.contains("aws bedrock create-project"), "{cli}");
    app.click("[data-testid='submit-project']").await;
    let row = "[data-testid='project-row']:not(:has([data-testid='project-default']))";
    let name = app
        .wait_text(&format!("{row} [data-testid='project-name']"), |t| {
            t == "Support assistant"
        })
        .await;
    assert_eq!(name, "Support assistant");
    let id = app
        .wait_text(&format!("{row} [data-testid='project-id']"), |t| {
            t.starts_with("proj_")
        })
        .await;
    app.settle().await;
    app.screenshot("projects-list").await;
    for (locale, presenter) in [("en", false), ("ja", false), ("ja", true), ("en", true)] {
        app.set_language(locale).await;
        app.set_presenter(presenter).await;
        app.settle().await;
        assert_eq!(
            app.layout_problems().await,
            Vec::<String>::new(),
            "{locale}, presenter {presenter}"
        );
        if presenter {
            assert_eq!(app.presenter_leaks().await, Vec::<String>::new(), "{locale}");
        }
    }
    app.set_presenter(false).await;
    app.set_language("en").await;

    // A turn under the project.
    app.click("a[data-page='playground']").await;
    app.click("[data-testid='load-example']").await;
    app.fill("[data-testid='model-picker']", &format!("{SONNET_37}\u{E007}"))
        .await;
    app.wait_text("[data-testid='model-caching-rules']", |t| {
        t.contains("Claude 3.7 Sonnet")
    })
    .await;
    app.wait_css(&format!("[data-testid='project-choice'] option[value='{id}']"))
        .await;
    app.client
        .execute(
            &format!(
                "const s = document.querySelector(\"[data-testid='project-choice']\"); s.value = '{id}'; \
                 s.dispatchEvent(new Event('change', {{bubbles: true}}));"
            ),
            vec![],
        )
        .await
        .unwrap();
    app.send_when_ready().await;
    let project = app
        .wait_text(
            "[data-testid='turn'][data-seq='1'] [data-testid='usage-project']",
            |t| t.contains(&id),
        )
        .await;
    assert!(project.contains(&id));
    app.settle().await;
    app.screenshot("projects-turn").await;

    // Archived, it is final.
    app.click("a[data-page='models']").await;
    app.click("[data-tab='projects']").await;
    app.click(&format!("{row} [data-testid='archive-project']")).await;
    app.click(&format!("{row} [data-testid='confirm-archive-project']"))
        .await;
    app.wait_text(&format!("{row} [data-testid='project-status']"), |t| {
        t.to_lowercase().contains("archived")
    })
    .await;
    app.screenshot("projects-archived").await;

    app.close().await;
}
