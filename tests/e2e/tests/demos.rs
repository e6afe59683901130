//! A shipped demo played as a presenter would: in Japanese, in presenter mode, one question per Page Down (the key a
//! presentation clicker sends) and the Next button, on the embedded Local Bedrock. The savings headline builds up,
//! nothing on screen names an account or an ARN, the page keeps its layout, and the tool-using demo answers its tool
//! call from the script; the session's report is exported (redacted) as HTML and PDF and the PDF looked at as an
//! image. Screenshots: `demo-ja-list.png`, `demo-ja-presenter.png`, `report-ja-panel.png`, `report-ja-page-1.png`,
//! `demo-ja-agent.png`.

#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use std::process::Command;

use fantoccini::Locator;
use fantoccini::key::Key;
use outcrop_e2e::App;

/// Waits until the demo has asked `n` questions and is ready for the next (or done).
async fn asked(app: &App, n: usize, total: usize) {
    app.wait_text("[data-testid='demo-progress']", |t| {
        t == format!("質問 {n} / {total}")
    })
    .await;
    app.wait_until(
        &format!("question {n} to be answered"),
        &format!(
            "(() => {{ const next = document.querySelector(\"[data-testid='demo-next']\"); \
             const status = document.querySelector(\"[data-testid='demo-status']\").textContent; \
             return next && (!next.disabled || status.includes('すべて')) && !status.includes('送信中') && \
             document.querySelectorAll(\"[data-testid='turn']\").length >= {n}; }})()"
        ),
        60,
    )
    .await;
}

/// Exports the session's report from the chat tab and looks at it: the HTML is the page's language, carries no
/// script and says it was redacted; the PDF's first page is rendered to `report-ja-page-1.png`.
async fn export_report(app: &App) {
    app.click("[data-testid='export-report']").await;
    app.wait_css("[data-testid='report-panel']").await;
    app.wait_css("[data-testid='report-redacted']").await;
    app.wait_text("[data-testid='report-folder']", |t| t != "…" && !t.is_empty())
        .await;
    app.settle().await;
    app.screenshot("report-ja-panel").await;
    assert_eq!(app.presenter_leaks().await, Vec::<String>::new());
    app.click("[data-testid='report-export']").await;
    app.wait_until(
        "the report to be saved",
        "(() => { const r = document.querySelector(\"[data-testid='report-result']\"); return r && r.dataset.pdf; })()",
        90,
    )
    .await;
    let saved = app
        .client
        .execute(
            "const r = document.querySelector(\"[data-testid='report-result']\"); \
             return [r.dataset.pdf, r.dataset.htmlPath, r.dataset.pdfPath || ''];",
            vec![],
        )
        .await
        .unwrap();
    let field = |i: usize| saved[i].as_str().unwrap_or_default().to_owned();
    assert_eq!(field(0), "saved", "the PDF was printed: {saved}");
    let (html, pdf) = (PathBuf::from(field(1)), PathBuf::from(field(2)));
    assert!(
        html.starts_with(app.home()),
        "reports go under the person's home: {}",
        html.display()
    );
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("lang=\"ja\""), "the report is in Japanese");
    assert!(!page.contains("<script"), "no script in a report");
    assert!(!page.contains("111122223333"), "nothing names the account");
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF"), "{} is a PDF", pdf.display());
    let out = PathBuf::from(std::env::var_os("OUTCROP_E2E_OUT").unwrap()).join("report-ja-page");
    let status = Command::new("pdftoppm")
        .args(["-png", "-r", "70", "-f", "1", "-l", "1"])
        .arg(&pdf)
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success(), "pdftoppm renders the report's first page");
    eprintln!("screenshot: {}-1.png", out.display());
}

#[tokio::test]
async fn a_shipped_demo_plays_in_japanese_in_presenter_mode_one_key_at_a_time() {
    let app = App::launch().await;
    app.set_language("ja").await;
    app.dismiss_welcome().await;
    app.click("a[data-page='playground']").await;
    app.wait_text("main h1", |t| t == "プレイグラウンド").await;
    app.set_presenter(true).await;
    app.click("[data-tab='demos']").await;
    app.wait_css("[data-demo='long-document-qa.ja']").await;
    app.settle().await;
    app.screenshot("demo-ja-list").await;
    assert_eq!(app.layout_problems().await, Vec::<String>::new());

    app.click("[data-demo='long-document-qa.ja'] [data-testid='demo-play']")
        .await;
    app.wait_css("[data-testid='demo-bar']").await;
    app.wait_text("[data-testid='demo-progress']", |t| t == "質問 0 / 5")
        .await;

    // A clicker's Page Down asks the first question; the Next button the second and third.
    let body = app.client.find(Locator::Css("body")).await.unwrap();
    body.send_keys(&char::from(Key::PageDown).to_string())
        .await
        .unwrap();
    asked(&app, 1, 5).await;
    for n in 2..=3 {
        app.click("[data-testid='demo-next']").await;
        asked(&app, n, 5).await;
    }
    app.settle().await;
    app.wait_until(
        "the headline to say what caching saved",
        "document.querySelector(\"[data-testid='session-totals']\").dataset.tone === 'saved'",
        10,
    )
    .await;
    let headline = app
        .wait_text("[data-testid='session-totals'] .headline", |t| !t.is_empty())
        .await;
    assert!(
        headline.contains("3 ターンで") && headline.contains('$') && headline.contains("節約"),
        "the savings headline names the turns and the amount saved: {headline}"
    );
    app.screenshot("demo-ja-presenter").await;
    assert_eq!(app.presenter_leaks().await, Vec::<String>::new());
    assert_eq!(app.layout_problems().await, Vec::<String>::new());

    // The report to hand out, exported in presenter mode: redacted, in Japanese, as HTML and as a PDF.
    export_report(&app).await;
    app.click("[data-testid='demo-end']").await;

    // The tool-using demo: its first question calls a tool, the script answers, the model answers in text.
    app.click("[data-tab='demos']").await;
    app.click("[data-demo='travel-agent.ja'] [data-testid='demo-play']")
        .await;
    app.wait_text("[data-testid='demo-progress']", |t| t == "質問 0 / 5")
        .await;
    app.click("[data-testid='demo-next']").await;
    asked(&app, 1, 5).await;
    app.wait_until(
        "the tool round and the answer",
        "document.querySelectorAll(\"[data-testid='turn']\").length >= 2",
        60,
    )
    .await;
    let transcript = app
        .wait_text("[data-testid='transcript']", |t| t.contains("get_weather"))
        .await;
    assert!(
        transcript.contains("リスボン"),
        "the answer quotes the scripted result: {transcript}"
    );
    app.settle().await;
    app.screenshot("demo-ja-agent").await;
    assert_eq!(app.presenter_leaks().await, Vec::<String>::new());
    assert_eq!(app.layout_problems().await, Vec::<String>::new());

    app.close().await;
}
