//! A least-privilege IAM policy for invoking through a profile.

use crate::resolver::ProfileInfo;

/// A least-privilege policy for invoking through `profile`: the profile itself, and its model in every
/// destination Region (only when called through this profile).
pub fn iam_policy(profile: &ProfileInfo) -> serde_json::Value {
    let actions = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"];
    serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "InvokeThroughTheProfile",
                "Effect": "Allow",
                "Action": actions,
                "Resource": [profile.arn],
            },
            {
                "Sid": "InvokeTheModelInEveryDestinationRegion",
                "Effect": "Allow",
                "Action": actions,
                "Resource": profile.model_arns,
                "Condition": { "StringEquals": { "bedrock:InferenceProfileArn": profile.arn } },
            },
        ],
    })
}

/// [`iam_policy`] as the details panel shows it: pretty JSON.
pub fn iam_policy_text(profile: &ProfileInfo) -> Result<String, serde_json::Error> {
    serde_json::to_string_pretty(&iam_policy(profile))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profiles::fixture::application_profile;

    #[test]
    fn the_iam_policy_text_is_the_policy_as_pretty_json() {
        let profile = application_profile();
        let text = iam_policy_text(&profile).unwrap();
        assert!(text.contains("\n  \"Statement\""), "{text}");
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(parsed, iam_policy(&profile));
    }

    #[test]
    fn iam_policy_covers_the_profile_and_every_destination() {
        let profile = ProfileInfo {
            id: "us.amazon.nova-lite-v1:0".into(),
            arn: "arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.amazon.nova-lite-v1:0".into(),
            application: false,
            model_arns: ["us-east-1", "us-east-2", "us-west-2"]
                .iter()
                .map(|r| format!("arn:aws:bedrock:{r}::foundation-model/amazon.nova-lite-v1:0"))
                .collect(),
        };
        let policy = iam_policy(&profile);
        assert_eq!(policy["Statement"][0]["Resource"][0], profile.arn);
        assert_eq!(policy["Statement"][1]["Resource"].as_array().unwrap().len(), 3);
        assert_eq!(
            policy["Statement"][1]["Condition"]["StringEquals"]["bedrock:InferenceProfileArn"],
            profile.arn
        );
    }
}
