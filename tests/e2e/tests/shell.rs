//! The app shell as a person meets it: the navigation renders, pages switch by mouse and keyboard,
//! the status bar names the connection, Region and version.

#![allow(clippy::unwrap_used)] // a test fails loudly; helpers included

use fantoccini::Locator;
use fantoccini::key::Key;
use outcrop_e2e::App;

#[tokio::test]
async fn navigation_renders_and_switches_pages() {
    let app = App::launch().await;

    assert_eq!(app.client.title().await.unwrap(), "Outcrop");
    app.wait_css("nav[aria-label='Main']").await;
    let labels: Vec<String> = {
        let mut labels = Vec::new();
        for link in app
            .client
            .find_all(Locator::Css("nav[aria-label='Main'] a[data-page]"))
            .await
            .unwrap()
        {
            labels.push(link.text().await.unwrap());
        }
        labels
    };
    assert_eq!(labels.len(), 5, "{labels:?}");
    for (label, expected) in labels.iter().zip([
        "Connections",
        "Models & profiles",
        "Playground",
        "What-if",
        "Usage & spend",
    ]) {
        assert!(
            label.starts_with(expected),
            "{label:?} should start with {expected:?}"
        );
    }

    // The first page is Connections; on a first run without AWS credentials the status bar names Local
    // Bedrock, its Region, and that it is simulated.
    app.wait_text("main h1", |t| t == "Connections").await;
    let status = app
        .wait_text("[data-testid='status-connection']", |t| {
            t.contains("Local Bedrock")
        })
        .await;
    assert!(
        status.contains("Region us-east-1") && status.contains("Simulated"),
        "{status}"
    );
    let version = app
        .wait_text("[data-testid='status-version']", |t| !t.is_empty())
        .await;
    assert!(version.contains(env!("CARGO_PKG_VERSION")), "{version}");
    app.screenshot("shell-connections").await;

    // Click to Models & profiles.
    app.client
        .find(Locator::Css("a[data-page='models']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    app.wait_text("main h1", |t| t == "Models & profiles").await;
    let current = app
        .client
        .find(Locator::Css("a[aria-current='page']"))
        .await
        .unwrap();
    assert_eq!(
        current.attr("data-page").await.unwrap().as_deref(),
        Some("models")
    );
    assert_eq!(
        app.client.current_url().await.unwrap().fragment(),
        Some("/models")
    );

    // Ctrl+3 opens the Playground and puts focus on its heading.
    let body = app.client.find(Locator::Css("body")).await.unwrap();
    body.send_keys(&format!("{}3{}", char::from(Key::Control), char::from(Key::Null)))
        .await
        .unwrap();
    app.wait_text("main h1", |t| t == "Playground").await;
    let focused = app
        .client
        .execute(
            "return document.activeElement && document.activeElement.tagName",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        focused,
        serde_json::json!("H1"),
        "focus moves to the new page's heading"
    );
    app.screenshot("shell-playground").await;

    app.close().await;
}
