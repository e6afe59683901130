//! "Create this dashboard in CloudWatch": the prompt-caching dashboard (cache read and write tokens beside the
//! uncached input, and the invocations, for each model or profile), its name's rules, the `aws cloudwatch
//! put-dashboard` command that creates it, and the console address that opens it.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use ts_rs::TS;

use super::metrics::{MODEL_ID_DIMENSION, MetricKind, NAMESPACE, PublishedTarget};
use crate::connection_input::FieldError;
use crate::field_rule::Rule;

/// The name of the dashboard the workflow Outcrop grew from creates.
pub const DEFAULT_DASHBOARD_NAME: &str = "BedrockPromptCaching";
/// PutDashboard's limit on a name (CloudWatch API Reference, PutDashboard: "DashboardName … Maximum 255").
pub const MAX_NAME_LENGTH: usize = 255;

/// The dashboard, ready to show and to create.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DashboardPlan {
    pub name: String,
    pub region: String,
    /// The dashboard body, as pretty JSON (what `dashboard.json` holds).
    pub body: String,
    /// `aws cloudwatch put-dashboard … --dashboard-body file://dashboard.json`.
    pub cli: String,
    /// Where the console shows it.
    pub console_url: String,
}

/// A model or profile the dashboard charts, with the label its widgets carry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DashboardTarget {
    pub published: PublishedTarget,
    pub label: String,
}

/// The rules a dashboard name breaks: 1 to 255 characters, letters, digits, `-` and `_` only (PutDashboard:
/// "can contain only alphanumerics, dash (-), and underscore (_)").
pub fn check_name(name: &str) -> Option<FieldError> {
    if name.is_empty() {
        return Some(FieldError::new(
            "dashboardName",
            Rule::DashboardNameEmpty,
            "Name the dashboard.",
        ));
    }
    let length = name.chars().count();
    if length > MAX_NAME_LENGTH {
        return Some(FieldError::new(
            "dashboardName",
            Rule::DashboardNameTooLong {
                length: length as u32,
                max: MAX_NAME_LENGTH as u32,
            },
            format!("A dashboard name has at most {MAX_NAME_LENGTH} characters; this one has {length}."),
        ));
    }
    if let Some((position, character)) = name
        .chars()
        .enumerate()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        return Some(FieldError::new(
            "dashboardName",
            Rule::DashboardNameCharacter {
                character: character.to_string(),
                position: position as u32 + 1,
            },
            format!(
                "“{character}” at position {} is not allowed: a dashboard name has only letters, digits, - and _.",
                position + 1
            ),
        ));
    }
    None
}

/// A dashboard name made from a profile's or model's name: every other character becomes `-`, so a profile
/// of its own gets `BedrockPromptCaching-<name>`.
pub fn name_for(label: &str) -> String {
    let cleaned: String = label
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let cleaned = cleaned.trim_matches('-');
    let name = if cleaned.is_empty() {
        DEFAULT_DASHBOARD_NAME.to_owned()
    } else {
        format!("{DEFAULT_DASHBOARD_NAME}-{cleaned}")
    };
    name.chars().take(MAX_NAME_LENGTH).collect()
}

/// The metric name a target publishes for `kind`, else the documented one.
fn metric_name(target: &PublishedTarget, kind: MetricKind) -> &'static str {
    kind.names()
        .iter()
        .find(|name| target.metric_names.iter().any(|found| found == *name))
        .copied()
        .unwrap_or(kind.names()[0])
}

/// Two widgets a target: its input tokens by kind (cache read, cache write, uncached) as a stacked series, and
/// its invocations; each titled with the target's label.
fn widgets(region: &str, targets: &[DashboardTarget], period: u32) -> Vec<Value> {
    let mut widgets = Vec::new();
    for (
        row,
        DashboardTarget {
            published: target,
            label,
        },
    ) in targets.iter().enumerate()
    {
        let y = row as u32 * 6;
        let line = |kind: MetricKind| {
            json!([
                NAMESPACE,
                metric_name(target, kind),
                MODEL_ID_DIMENSION,
                target.model_id
            ])
        };
        widgets.push(json!({
            "type": "metric",
            "x": 0,
            "y": y,
            "width": 16,
            "height": 6,
            "properties": {
                "title": format!("Prompt cache tokens — {label}"),
                "view": "timeSeries",
                "stacked": false,
                "region": region,
                "stat": "Sum",
                "period": period,
                "metrics": [
                    line(MetricKind::CacheReadTokens),
                    line(MetricKind::CacheWriteTokens),
                    line(MetricKind::InputTokens),
                ],
            },
        }));
        widgets.push(json!({
            "type": "metric",
            "x": 16,
            "y": y,
            "width": 8,
            "height": 6,
            "properties": {
                "title": format!("Invocations — {label}"),
                "view": "timeSeries",
                "region": region,
                "stat": "Sum",
                "period": period,
                "metrics": [line(MetricKind::Invocations)],
            },
        }));
    }
    widgets
}

/// The prompt-caching dashboard for `targets` (each with the label its widgets carry), named `name`, in
/// `region`, or the rule the name (or an empty choice) breaks.
pub fn plan(name: &str, region: &str, targets: &[DashboardTarget]) -> Result<DashboardPlan, FieldError> {
    if let Some(error) = check_name(name) {
        return Err(error);
    }
    if targets.is_empty() {
        return Err(FieldError::new(
            "dashboardTargets",
            Rule::DashboardNoTargets,
            "Choose at least one model or profile with metrics.",
        ));
    }
    let body = json!({ "widgets": widgets(region, targets, 300) });
    let body = serde_json::to_string_pretty(&body).unwrap_or_default();
    Ok(DashboardPlan {
        name: name.to_owned(),
        region: region.to_owned(),
        cli: format!(
            "aws cloudwatch put-dashboard --region {region} --dashboard-name {name} --dashboard-body file://dashboard.json"
        ),
        console_url: console_url(region, name),
        body,
    })
}

/// The CloudWatch console's page of a dashboard.
pub fn console_url(region: &str, name: &str) -> String {
    format!(
        "https://{region}.console.aws.amazon.com/cloudwatch/home?region={region}#dashboards/dashboard/{name}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(id: &str, names: &[&str]) -> DashboardTarget {
        DashboardTarget {
            published: PublishedTarget {
                model_id: id.to_owned(),
                metric_names: names.iter().map(|n| (*n).to_owned()).collect(),
            },
            label: id.to_owned(),
        }
    }

    #[test]
    fn the_dashboard_charts_each_targets_cache_tokens_under_the_names_it_publishes() {
        let targets = [
            target(
                "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
                &["CacheReadInputTokens", "CacheWriteInputTokens", "InputTokenCount"],
            ),
            target(
                "arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/abc",
                &[],
            ),
        ];
        let plan = plan(DEFAULT_DASHBOARD_NAME, "us-east-1", &targets).unwrap();
        let body: Value = serde_json::from_str(&plan.body).unwrap();
        let widgets = body["widgets"].as_array().unwrap();
        assert_eq!(widgets.len(), 4);
        assert_eq!(
            widgets[0]["properties"]["metrics"][0],
            json!([
                "AWS/Bedrock",
                "CacheReadInputTokens",
                "ModelId",
                "us.anthropic.claude-sonnet-4-5-20250929-v1:0"
            ])
        );
        // A target that published nothing yet is charted under the documented names.
        assert_eq!(
            widgets[2]["properties"]["metrics"][0][1],
            "CacheReadInputTokenCount"
        );
        assert_eq!(widgets[2]["y"], 6);
        assert_eq!(
            plan.cli,
            "aws cloudwatch put-dashboard --region us-east-1 --dashboard-name BedrockPromptCaching --dashboard-body file://dashboard.json"
        );
        assert_eq!(
            plan.console_url,
            "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards/dashboard/BedrockPromptCaching"
        );
    }

    #[test]
    fn a_name_is_letters_digits_dash_and_underscore_up_to_255() {
        assert_eq!(check_name("BedrockPromptCaching-sales_1"), None);
        assert_eq!(check_name("").unwrap().rule, Rule::DashboardNameEmpty);
        assert_eq!(
            check_name("Cache dashboard").unwrap().rule,
            Rule::DashboardNameCharacter {
                character: " ".into(),
                position: 6
            }
        );
        assert!(matches!(
            check_name(&"a".repeat(256)).unwrap().rule,
            Rule::DashboardNameTooLong {
                length: 256,
                max: 255
            }
        ));
        assert_eq!(name_for("Sales · Claude"), "BedrockPromptCaching-Sales---Claude");
        assert_eq!(check_name(&name_for("販売")), None);
        assert_eq!(name_for("販売"), DEFAULT_DASHBOARD_NAME);
        assert!(plan("x", "us-east-1", &[]).is_err());
    }
}
