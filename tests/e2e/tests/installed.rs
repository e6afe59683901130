//! The app as a person first starts it: with an empty home, its welcome page offers Local Bedrock, Local
//! Bedrock answers, and the status bar names the version. `cargo xtask test` runs this against the app the
//! .deb installed (`OUTCROP_APP_BINARY=/usr/bin/outcrop`) as its install test, and with the other end-to-end
//! tests against the debug build. Screenshots: `installed-welcome.png`, `installed-about.png`.

#![allow(clippy::unwrap_used)]

use outcrop_e2e::App;

#[tokio::test]
async fn a_first_start_welcomes_with_local_bedrock() {
    let app = App::launch().await;
    let welcome = app
        .wait_text("[data-testid='welcome']", |t| t.contains("Local Bedrock"))
        .await;
    assert!(!welcome.is_empty());
    let status = app
        .wait_text("[data-testid='status-connection']", |t| {
            t.contains("Local Bedrock")
        })
        .await;
    assert!(status.contains("Region us-east-1"), "{status}");
    let version = app
        .wait_text("[data-testid='status-version']", |t| !t.is_empty())
        .await;
    assert!(version.contains(env!("CARGO_PKG_VERSION")), "{version}");
    app.settle().await;
    app.screenshot("installed-welcome").await;

    // About, from the status bar's version: the same version, and how this binary was built.
    app.click("[data-testid='status-version']").await;
    let about = app
        .wait_text("[data-testid='about-version']", |t| !t.is_empty())
        .await;
    assert_eq!(about, env!("CARGO_PKG_VERSION"));
    app.wait_text("[data-testid='about-build']", |t| t.contains("linux"))
        .await;
    app.settle().await;
    app.screenshot("installed-about").await;
    app.click("[data-testid='about-close']").await;

    // Local Bedrock answers: the Playground opens on a model its catalogue describes.
    app.click("[data-action='start-local']").await;
    app.wait_text("main h1", |t| t == "Playground").await;
    let rules = app
        .wait_text("[data-testid='model-caching-rules']", |t| t.contains("tokens"))
        .await;
    assert!(!rules.is_empty());

    // What the app keeps for the person is in their home, where uninstalling leaves it.
    let data = outcrop_e2e::data_dir(app.home());
    assert!(data.is_dir(), "{} holds the app's data", data.display());
    app.close().await;
}
