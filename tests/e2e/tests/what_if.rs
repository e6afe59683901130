//! The What-if page after a played demo: its inputs are filled in from the session's real turns, the three monthly
//! costs and their break-evens show with their price entry, a bad rate is refused at its field and kept as typed,
//! and the page keeps its layout in both languages with presenter mode off and on. Screenshots:
//! `what-if-en.png`, `what-if-ja-presenter.png`, `what-if-bad-rate.png`.

#![allow(clippy::unwrap_used)]

use outcrop_e2e::App;

#[tokio::test]
async fn the_what_if_starts_from_the_session_and_answers_in_both_languages() {
    let app = App::launch().await;
    app.dismiss_welcome().await;
    app.click("a[data-page='playground']").await;
    app.wait_text("main h1", |t| t == "Playground").await;

    // Two questions of the shipped handbook demo: one write, one read.
    app.click("[data-tab='demos']").await;
    app.click("[data-demo='long-document-qa.en'] [data-testid='demo-play']")
        .await;
    for n in 1..=2 {
        app.click("[data-testid='demo-next']").await;
        app.wait_text("[data-testid='demo-progress']", |t| {
            t == format!("Question {n} of 5")
        })
        .await;
        app.wait_until(
            &format!("question {n} to be answered"),
            &format!(
                "document.querySelectorAll(\"[data-testid='turn']\").length === {n} && \
                      !document.querySelector(\"[data-testid='demo-next']\").disabled"
            ),
            60,
        )
        .await;
    }

    app.click("a[data-page='what-if']").await;
    let prefill = app
        .wait_text("[data-testid='what-if-prefill']", |t| !t.is_empty())
        .await;
    assert!(
        prefill.contains("session"),
        "the inputs say where they come from: {prefill}"
    );
    let five = app
        .wait_text("[data-testid='what-if-5m']", |t| t.contains('$'))
        .await;
    app.wait_text("[data-testid='what-if-no-cache']", |t| t.contains('$'))
        .await;
    app.wait_css("[data-testid='what-if-5m-break-even']").await;
    let sources = app
        .wait_text("[data-testid='what-if-sources']", |t| !t.is_empty())
        .await;
    assert!(
        sources.contains("2026-"),
        "every figure names its price entry's date: {sources}"
    );
    app.settle().await;
    app.screenshot("what-if-en").await;
    assert_eq!(app.layout_problems().await, Vec::<String>::new());

    // A rate that is not one is refused at its field, kept as typed, and the last answer stays.
    app.fill("[data-testid='what-if-rate']", "-3").await;
    app.wait_css("[data-testid='what-if-inputs'] .error").await;
    let typed = app
        .client
        .execute(
            "return document.querySelector(\"[data-testid='what-if-rate']\").value",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(typed, serde_json::json!("-3"));
    app.screenshot("what-if-bad-rate").await;
    app.fill("[data-testid='what-if-rate']", "600").await;
    app.wait_until(
        "the answer for 600 requests an hour",
        "!document.querySelector(\"[data-testid='what-if-inputs'] .error\")",
        10,
    )
    .await;
    let busier = app
        .wait_text("[data-testid='what-if-5m']", |t| t.contains('$'))
        .await;
    assert_ne!(busier, five, "the costs follow the rate");

    for (locale, presenter) in [("ja", false), ("ja", true), ("en", true)] {
        app.set_language(locale).await;
        app.set_presenter(presenter).await;
        app.settle().await;
        let problems = app.layout_problems().await;
        let leaks = if presenter {
            app.presenter_leaks().await
        } else {
            Vec::new()
        };
        if presenter && locale == "ja" {
            app.screenshot("what-if-ja-presenter").await;
        }
        assert_eq!(problems, Vec::<String>::new(), "{locale}, presenter {presenter}");
        assert_eq!(leaks, Vec::<String>::new(), "{locale}");
    }

    app.close().await;
}
