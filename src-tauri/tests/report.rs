//! Saving a report through the IPC command, as the webview calls it: the HTML in the folder given, the PDF's
//! outcome said (this test app has no PDF printer), bad input refused.

#![allow(clippy::unwrap_used)]

mod support;

use serde_json::json;
use support::TestApp;

fn input(question: &str) -> serde_json::Value {
    json!({
        "kind": "session",
        "title": "Field guide Q&A",
        "generatedAt": "2026-12-01 18:30",
        "redacted": false,
        "groups": [{
            "label": "Field guide Q&A",
            "target": {"modelChoice": "us.anthropic.claude-sonnet-4-5-20250929-v1:0", "resolvedId": "",
                "region": "us-east-1", "transport": "Converse", "tier": "", "parameters": []},
            "turns": [{"label": "Turn 1", "question": question, "inputTokens": 12345, "outputTokens": 10,
                "cacheReadTokens": 0, "cacheWriteTokens": 0, "cost": 0.0123, "costWithoutCache": 0.0123,
                "saved": 0.0, "firstTokenMs": null}],
            "price": null
        }],
        "recommendation": null
    })
}

fn labels() -> serde_json::Value {
    let mut labels = serde_json::to_value(outcrop_core::report::ReportLabels::default()).unwrap();
    labels["lang"] = json!("ja");
    labels["summary"] = json!("概要");
    labels
}

#[test]
fn a_report_is_saved_where_asked_and_says_what_became_of_the_pdf() {
    let app = TestApp::new("report-save");
    let default = app.invoke("report_default_folder", json!({})).unwrap();
    assert_eq!(
        default,
        json!(app.dir.join("data").join("reports").display().to_string())
    );

    let folder = app.dir.join("picked");
    let saved = app
        .invoke(
            "report_save",
            json!({"input": input("<script>x</script>"), "labels": labels(), "folder": folder, "name": "Q/A: one"}),
        )
        .unwrap();
    let html_path = folder.join("Q-A- one.html");
    assert_eq!(saved["html"], json!(html_path.display().to_string()));
    assert_eq!(saved["folder"], json!(folder.display().to_string()));
    assert_eq!(saved["pdf"], json!({"outcome": "unsupported"}));
    let html = std::fs::read_to_string(&html_path).unwrap();
    assert!(html.contains(r#"<html lang="ja">"#) && html.contains("概要"));
    assert!(html.contains("12,345") && html.contains("$0.0123"));
    assert!(!html.contains("<script>"));
    assert!(
        !folder.join("Q-A- one.pdf").exists(),
        "no PDF, and no half-printed file left"
    );
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 1);

    let again = app
        .invoke(
            "report_save",
            json!({"input": input("again"), "labels": labels(), "folder": folder, "name": "Q/A: one"}),
        )
        .unwrap();
    assert_eq!(
        again["html"],
        json!(folder.join("Q-A- one (2).html").display().to_string())
    );
}

#[test]
fn a_report_without_a_name_or_a_full_folder_path_is_refused() {
    let app = TestApp::new("report-refused");
    let folder = app.dir.join("picked");
    let unnamed = app
        .invoke(
            "report_save",
            json!({"input": input("q"), "labels": labels(), "folder": folder, "name": "  "}),
        )
        .unwrap_err();
    assert_eq!(unnamed["code"], json!("validation"));
    let relative = app
        .invoke(
            "report_save",
            json!({"input": input("q"), "labels": labels(), "folder": "reports", "name": "r"}),
        )
        .unwrap_err();
    assert_eq!(relative["code"], json!("validation"));
}
