//! CloudWatch dashboards: PutDashboard, GetDashboard and ListDashboards, kept in memory by name. A body is
//! checked as CloudWatch checks it first — JSON, an object, with a `widgets` list — and kept as sent.

use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};
use std::time::SystemTime;

use ciborium::Value;

use super::protocol::{CloudWatchError, Input, structure, text, timestamp, validation_messages};

/// The most characters of a dashboard name (PutDashboard's reference).
const MAX_NAME: usize = 255;

#[derive(Debug, Clone, PartialEq, Eq)]
struct Dashboard {
    body: String,
    last_modified: SystemTime,
}

/// The account's dashboards, by name.
#[derive(Debug, Default)]
pub struct Dashboards(Mutex<BTreeMap<String, Dashboard>>);

impl Dashboards {
    pub fn clear(&self) {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).clear();
    }
}

/// `arn:aws:cloudwatch::111122223333:dashboard/Name`: dashboards are global, so the ARN names no Region.
fn arn(account: &str, name: &str) -> String {
    format!("arn:aws:cloudwatch::{account}:dashboard/{name}")
}

fn check_name(name: &str) -> Result<(), CloudWatchError> {
    let ok = !name.is_empty()
        && name.len() <= MAX_NAME
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(CloudWatchError::invalid_parameter(format!(
            "The value {name} for parameter DashboardName is not valid: it must be 1 to {MAX_NAME} letters, digits, dashes and underscores."
        )))
    }
}

/// What is wrong with a dashboard body, as (DataPath, Message) pairs; empty when it is acceptable.
fn body_problems(body: &str) -> Vec<(&'static str, &'static str)> {
    match serde_json::from_str::<serde_json::Value>(body) {
        Err(_) => vec![("", "Should be valid JSON")],
        Ok(serde_json::Value::Object(members)) => match members.get("widgets") {
            None => vec![("", "Should have required property 'widgets'")],
            Some(serde_json::Value::Array(_)) => Vec::new(),
            Some(_) => vec![("/widgets", "Should be array")],
        },
        Ok(_) => vec![("", "Should be object")],
    }
}

pub fn put_dashboard(
    dashboards: &Dashboards,
    input: &Input,
    now: SystemTime,
) -> Result<Value, CloudWatchError> {
    let name = input.required_text("DashboardName")?;
    check_name(&name)?;
    let body = input.required_text("DashboardBody")?;
    let problems = body_problems(&body);
    if !problems.is_empty() {
        return Err(CloudWatchError::dashboard_invalid(&problems));
    }
    dashboards
        .0
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .insert(
            name,
            Dashboard {
                body,
                last_modified: now,
            },
        );
    Ok(structure([(
        "DashboardValidationMessages",
        validation_messages(&[]),
    )]))
}

pub fn get_dashboard(
    dashboards: &Dashboards,
    input: &Input,
    account: &str,
) -> Result<Value, CloudWatchError> {
    let name = input.required_text("DashboardName")?;
    let all = dashboards.0.lock().unwrap_or_else(PoisonError::into_inner);
    let dashboard = all
        .get(&name)
        .ok_or_else(|| CloudWatchError::dashboard_not_found(&name))?;
    Ok(structure([
        ("DashboardArn", text(&arn(account, &name))),
        ("DashboardBody", text(&dashboard.body)),
        ("DashboardName", text(&name)),
    ]))
}

pub fn list_dashboards(
    dashboards: &Dashboards,
    input: &Input,
    account: &str,
) -> Result<Value, CloudWatchError> {
    let prefix = input.text("DashboardNamePrefix")?.unwrap_or_default();
    let all = dashboards.0.lock().unwrap_or_else(PoisonError::into_inner);
    let entries = all
        .iter()
        .filter(|(name, _)| name.starts_with(&prefix))
        .map(|(name, dashboard)| {
            structure([
                ("DashboardName", text(name)),
                ("DashboardArn", text(&arn(account, name))),
                ("LastModified", timestamp(dashboard.last_modified)),
                ("Size", Value::Integer(dashboard.body.len().into())),
            ])
        })
        .collect();
    Ok(structure([("DashboardEntries", Value::Array(entries))]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_need_a_widgets_list() {
        assert!(body_problems(r#"{"widgets": []}"#).is_empty());
        assert_eq!(
            body_problems(r#"{"panels": []}"#),
            [("", "Should have required property 'widgets'")]
        );
        assert_eq!(
            body_problems(r#"{"widgets": {}}"#),
            [("/widgets", "Should be array")]
        );
        assert_eq!(body_problems("[]"), [("", "Should be object")]);
        assert_eq!(body_problems("{"), [("", "Should be valid JSON")]);
    }

    #[test]
    fn names_are_letters_digits_dashes_and_underscores() {
        assert!(check_name("BedrockPromptCaching").is_ok());
        assert!(check_name("team_a-usage").is_ok());
        assert!(check_name("").is_err());
        assert!(check_name("has space").is_err());
        assert!(check_name(&"x".repeat(256)).is_err());
    }
}
