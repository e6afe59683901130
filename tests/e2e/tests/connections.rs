//! A person's path through Connections: add access keys (kept in the keychain) pointed at a bedrock-local that
//! verifies their signatures, see the test pass, switch to the connection, and remove it.

#![allow(clippy::unwrap_used)]

use outcrop_e2e::{App, verifying_bedrock_local};

const KEY_ID: &str = "AKIAE2ECONNECTION001";
const SECRET: &str = "e2e/secret+access+key/0123456789abcdefgh";

/// A JavaScript expression: the row of the connection named `name`.
fn row(name: &str) -> String {
    format!(
        "[...document.querySelectorAll('[data-connection-id]')].find(r => r.textContent.includes('{name}'))"
    )
}

#[tokio::test]
async fn add_test_use_and_remove_a_keychain_connection() {
    let server = verifying_bedrock_local(KEY_ID, SECRET).await;
    let app = App::launch().await;

    // First run without AWS credentials: Local Bedrock is active and the welcome explains the choices.
    app.wait_css("[data-testid='welcome']").await;
    let status = app
        .wait_text("[data-testid='status-connection']", |t| {
            t.contains("Local Bedrock")
        })
        .await;
    assert!(status.contains("us-east-1"), "{status}");
    app.wait_css("[data-testid='status-simulated']").await;
    app.screenshot("connections-welcome").await;
    app.dismiss_welcome().await;

    app.fill_access_keys_form("E2E keys", "us-east-1", &server.url(), KEY_ID, SECRET)
        .await;
    app.wait_until(
        "the form to accept the input",
        "document.querySelector(\"[data-testid='submit-connection']\").getAttribute('aria-disabled') !== 'true'",
        10,
    )
    .await;
    app.screenshot("connections-add-form").await;
    app.click("[data-testid='submit-connection']").await;

    // Added, masked, and tested at once against the verifying server.
    let row = row("E2E keys");
    app.wait_until("the new connection", &row, 10).await;
    app.wait_until(
        "a passing test",
        &format!("{row}?.querySelector(\"[data-testid='test-result'].ok\")"),
        20,
    )
    .await;
    let text = app
        .client
        .execute(&format!("return {row}.textContent"), vec![])
        .await
        .unwrap();
    let text = text.as_str().unwrap();
    assert!(text.contains("AKIA…N001"), "the key ID is shown masked: {text}");
    assert!(!text.contains(KEY_ID) && !text.contains(SECRET), "{text}");
    assert!(
        text.contains("local-akiae2econnection001"),
        "the identity STS gave: {text}"
    );

    // Use it: the status bar follows.
    app.client
        .execute(
            &format!("{row}.querySelector(\"[data-action='use']\").click()"),
            vec![],
        )
        .await
        .unwrap();
    app.wait_text("[data-testid='status-connection']", |t| t.contains("E2E keys"))
        .await;
    app.screenshot("connections-active").await;

    // Remove it, after confirming.
    app.client
        .execute(
            &format!("{row}.querySelector(\"[data-action='remove']\").click()"),
            vec![],
        )
        .await
        .unwrap();
    app.wait_until(
        "the confirmation",
        &format!("{row}?.querySelector(\"[data-action='confirm-remove']\")"),
        10,
    )
    .await;
    app.client
        .execute(
            &format!("{row}.querySelector(\"[data-action='confirm-remove']\").click()"),
            vec![],
        )
        .await
        .unwrap();
    app.wait_until("the row to go", &format!("!{row}"), 10).await;
    app.wait_text("[data-testid='status-connection']", |t| {
        t.contains("Not connected")
    })
    .await;

    app.close().await;
    server.shutdown().await;
}
