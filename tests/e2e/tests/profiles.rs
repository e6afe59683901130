//! A person's path through Models & profiles on Local Bedrock: see how a profile-only model is called from
//! here, create a tagged application profile, find it, edit a tag, delete it.

#![allow(clippy::unwrap_used)]

use outcrop_e2e::App;

const SOURCE: &str =
    "arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.anthropic.claude-3-7-sonnet-20250219-v1:0";

/// A JavaScript expression: the profile row whose text includes `text`.
fn profile_row(text: &str) -> String {
    format!("[...document.querySelectorAll('[data-profile-id]')].find(r => r.textContent.includes('{text}'))")
}

#[tokio::test]
async fn create_find_retag_and_delete_an_application_profile() {
    let app = App::launch().await;
    app.dismiss_welcome().await;
    app.click("a[data-page='models']").await;
    app.wait_text("main h1", |t| t == "Models & profiles").await;

    // The catalogue: a profile-only model says so, and how to call it from us-east-1.
    let sonnet = "[data-model-id='anthropic.claude-3-7-sonnet-20250219-v1:0']";
    app.wait_css(sonnet).await;
    let row = app
        .wait_text(sonnet, |t| t.contains("us.anthropic.claude-3-7-sonnet"))
        .await;
    assert!(row.contains("Profile only"), "{row}");
    assert!(row.contains("us-east-2"), "destination Regions are shown: {row}");
    app.screenshot("models").await;

    // Create a tagged application profile from the US system profile.
    app.click("[data-tab='profiles']").await;
    app.click("[data-testid='create-profile']").await;
    app.fill(
        "[data-testid='create-profile-form'] input[name='name']",
        "e2e-finance",
    )
    .await;
    app.fill(
        "[data-testid='create-profile-form'] [name='description']",
        "Created by the end to end test",
    )
    .await;
    app.client
        .execute(
            &format!(
                "const s = document.querySelector(\"[data-testid='create-profile-form'] select[name='copyFrom']\"); \
                 s.value = '{SOURCE}'; s.dispatchEvent(new Event('change', {{bubbles: true}}));"
            ),
            vec![],
        )
        .await
        .unwrap();
    app.click("[data-testid='create-profile-form'] [data-template='Department']")
        .await;
    app.fill(
        "[data-testid='create-profile-form'] input[name='tag-value-0']",
        "Finance",
    )
    .await;
    let cli = app
        .wait_text("[data-testid='create-cli']", |t| {
            t.contains("key=Department,value=Finance")
        })
        .await;
    assert!(
        cli.contains("aws bedrock create-inference-profile")
            && cli.contains("--inference-profile-name e2e-finance"),
        "{cli}"
    );
    app.wait_until(
        "the form to accept the input",
        "!document.querySelector(\"[data-testid='submit-profile']\").disabled",
        10,
    )
    .await;
    app.screenshot("profile-create").await;
    app.click("[data-testid='submit-profile']").await;

    // It is listed, and its details show the tag, the IAM policy and the CLI.
    let row = profile_row("e2e-finance");
    app.wait_until("the new profile in the list", &row, 15).await;
    let details = app
        .wait_text("[data-testid='profile-details']", |t| t.contains("e2e-finance"))
        .await;
    assert!(details.contains("Finance"), "{details}");
    assert!(
        details.contains("bedrock:InferenceProfileArn"),
        "the IAM policy: {details}"
    );
    assert!(details.contains("application-inference-profile/"), "{details}");
    app.screenshot("profile-details").await;

    // Edit the tag: the saved list shows the new value.
    app.click("[data-testid='profile-details'] [data-action='edit-tags']")
        .await;
    app.fill(
        "[data-testid='profile-details'] input[name='tag-value-0']",
        "Treasury",
    )
    .await;
    app.click("[data-testid='profile-details'] [data-action='save-tags']")
        .await;
    let tags = app
        .wait_text("[data-testid='profile-tags']", |t| t.contains("Treasury"))
        .await;
    assert!(tags.contains("Department") && !tags.contains("Finance"), "{tags}");

    // Delete it, after confirming.
    app.click("[data-testid='profile-details'] [data-action='delete-profile']")
        .await;
    app.click("[data-action='confirm-delete']").await;
    app.wait_until("the profile to go", &format!("!{row}"), 15).await;
    app.close().await;
}
