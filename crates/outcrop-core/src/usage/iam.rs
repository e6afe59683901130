//! The IAM actions the Usage and Spend pages call, as a least-privilege policy.
//!
//! None of them can be narrowed to a resource but PutDashboard (a dashboard ARN): CloudWatch's metric reads and
//! Cost Explorer's GetCostAndUsage take `"Resource": "*"` (Service Authorization Reference, "Actions defined by
//! Amazon CloudWatch" and "… by AWS Cost Explorer Service").

use serde_json::{Value, json};

/// The read-only actions the Usage page needs.
pub const USAGE_ACTIONS: [&str; 2] = ["cloudwatch:ListMetrics", "cloudwatch:GetMetricData"];
/// What "Create this dashboard in CloudWatch" needs besides.
pub const DASHBOARD_ACTIONS: [&str; 2] = ["cloudwatch:PutDashboard", "cloudwatch:GetDashboard"];
/// What the Spend page needs.
pub const SPEND_ACTIONS: [&str; 1] = ["ce:GetCostAndUsage"];

/// The policy: reading usage and spend anywhere, and creating the prompt-caching dashboards only.
pub fn iam_policy() -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "ReadBedrockUsage",
                "Effect": "Allow",
                "Action": USAGE_ACTIONS,
                "Resource": "*",
            },
            {
                "Sid": "CreatePromptCachingDashboards",
                "Effect": "Allow",
                "Action": DASHBOARD_ACTIONS,
                "Resource": "arn:aws:cloudwatch::*:dashboard/BedrockPromptCaching*",
            },
            {
                "Sid": "ReadBedrockSpend",
                "Effect": "Allow",
                "Action": SPEND_ACTIONS,
                "Resource": "*",
            },
        ],
    })
}

/// [`iam_policy`] as pretty JSON.
pub fn iam_policy_text() -> String {
    serde_json::to_string_pretty(&iam_policy()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_allows_every_action_the_pages_call_and_dashboards_only_by_their_prefix() {
        let policy = iam_policy();
        let actions: Vec<&str> = policy["Statement"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|s| s["Action"].as_array().unwrap())
            .map(|a| a.as_str().unwrap())
            .collect();
        for action in USAGE_ACTIONS
            .iter()
            .chain(&DASHBOARD_ACTIONS)
            .chain(&SPEND_ACTIONS)
        {
            assert!(actions.contains(action), "{action}");
        }
        assert!(!actions.iter().any(|a| a.contains("Delete")));
        assert_eq!(
            policy["Statement"][1]["Resource"],
            "arn:aws:cloudwatch::*:dashboard/BedrockPromptCaching*"
        );
        assert!(iam_policy_text().contains("ce:GetCostAndUsage"));
    }
}
