//! A Japanese demo shows no English sentence that Outcrop wrote: a rule the connection form breaks, and an AWS
//! error (a secret key that does not match, against a bedrock-local that verifies signatures), are both worded in
//! Japanese. Screenshots: `ja-rule.png`, `ja-aws-error.png`.

#![allow(clippy::unwrap_used)]

use outcrop_e2e::{App, verifying_bedrock_local};

const KEY_ID: &str = "AKIAE2EJAPANESE00001";
const SECRET: &str = "e2e/secret+access+key/0123456789abcdefgh";

/// Whether `text` reads as Japanese: it has kana or kanji, and no run of four English words (identifiers, key IDs,
/// commands and numbers may stand inside it).
fn japanese(text: &str) -> bool {
    let has_japanese = text
        .chars()
        .any(|c| matches!(c, '\u{3040}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}'));
    let mut run = 0;
    let mut longest = 0;
    for word in text.split(|c: char| c.is_whitespace()) {
        let english = word.len() > 1
            && word
                .chars()
                .all(|c| c.is_ascii_alphabetic() || ",.;:'’".contains(c));
        run = if english { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    has_japanese && longest < 4
}

#[test]
fn the_japanese_check_tells_english_from_japanese() {
    assert!(japanese(
        "シークレットアクセスキーがアクセスキー ID と一致しません。"
    ));
    assert!(japanese("`aws sso login --profile dev` を実行してください。"));
    assert!(!japanese(
        "The secret access key does not match the access key ID."
    ));
    assert!(!japanese("リージョン: The Region is not a valid AWS Region name"));
}

#[tokio::test]
async fn a_rule_and_an_aws_error_are_worded_in_japanese() {
    let server = verifying_bedrock_local(KEY_ID, SECRET).await;
    let app = App::launch().await;
    app.set_language("ja").await;
    app.dismiss_welcome().await;

    // A rule: a Region that is not one, shown under its field once the form is submitted.
    app.fill_access_keys_form(
        "E2E 日本語",
        "not a region",
        &server.url(),
        KEY_ID,
        "not-the-secret-that-was-issued-to-this-key",
    )
    .await;
    app.click("[data-testid='submit-connection']").await;
    let rule = app
        .wait_text("[data-error-for='region']", |t| !t.is_empty())
        .await;
    app.screenshot("ja-rule").await;
    assert!(japanese(&rule), "the rule is worded in Japanese: {rule}");

    // An AWS error: the secret does not match the key ID; the test after adding says so.
    app.fill("input[name='region']", "us-east-1").await;
    app.wait_until(
        "the form to accept the input",
        "document.querySelector(\"[data-testid='submit-connection']\").getAttribute('aria-disabled') !== 'true'",
        10,
    )
    .await;
    app.click("[data-testid='submit-connection']").await;
    let message = app
        .wait_text("[data-testid='test-result'].error .error-message", |t| {
            !t.is_empty()
        })
        .await;
    app.screenshot("ja-aws-error").await;
    assert!(
        japanese(&message),
        "the AWS error is worded in Japanese: {message}"
    );

    app.close().await;
    server.shutdown().await;
}
