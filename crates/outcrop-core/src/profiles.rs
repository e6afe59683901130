//! Application inference profiles, decided without a network: the constraints of CreateInferenceProfile and
//! the tag operations checked as the person types (with the rule in each message), cost-allocation tag
//! templates, the equivalent AWS CLI commands, and a least-privilege IAM policy for using a profile.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::connection_input::{FieldError, Rule};
use crate::field_rule::{TextProblem, count};
use crate::resolver::ProfileInfo;

/// A tag as the Bedrock API carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Tag {
    pub key: String,
    pub value: String,
}

/// Cost-allocation tags teams use most; offered as templates. Tags only appear in Cost Explorer after they are
/// activated under Billing → Cost allocation tags.
pub const TAG_TEMPLATES: &[&str] = &["Department", "Project", "CostCenter", "Environment"];

fn error(field: impl Into<String>, rule: Rule, message: impl Into<String>) -> FieldError {
    FieldError::new(field, rule, message)
}

/// `([0-9a-zA-Z][ _-]?)+`, 1–64 characters.
pub fn check_name(name: &str) -> Option<FieldError> {
    let len = name.chars().count();
    if len == 0 {
        return Some(error(
            "name",
            Rule::ProfileNameEmpty,
            "Enter a name (1–64 characters)",
        ));
    }
    if len > 64 {
        return Some(error(
            "name",
            Rule::ProfileNameTooLong {
                length: count(len),
                max: 64,
            },
            format!("The name has {len} characters; at most 64 are allowed"),
        ));
    }
    separated_runs(name, |c| c.is_ascii_alphanumeric()).err().map(|problem| {
        let sentence = problem.sentence();
        error("name", Rule::ProfileNameCharacters { problem }, format!("{sentence}. A name is letters and digits, joined by single spaces, _ or - (pattern ([0-9a-zA-Z][ _-]?)+)"))
    })
}

/// `([0-9a-zA-Z:.][ _-]?)+`, 1–200 characters; optional.
pub fn check_description(description: &str) -> Option<FieldError> {
    let len = description.chars().count();
    if len == 0 {
        return None;
    }
    if len > 200 {
        return Some(error(
            "description",
            Rule::DescriptionTooLong {
                length: count(len),
                max: 200,
            },
            format!("The description has {len} characters; at most 200 are allowed"),
        ));
    }
    separated_runs(description, |c| c.is_ascii_alphanumeric() || c == ':' || c == '.').err().map(|problem| {
        let sentence = problem.sentence();
        error(
            "description",
            Rule::DescriptionCharacters { problem },
            format!("{sentence}. A description allows letters, digits, : and . joined by single spaces, _ or - — no commas, parentheses or slashes"),
        )
    })
}

fn separated_runs(text: &str, allowed: impl Fn(char) -> bool) -> Result<(), TextProblem> {
    let mut previous_separator = true;
    for (i, c) in text.chars().enumerate() {
        if allowed(c) {
            previous_separator = false;
        } else if matches!(c, ' ' | '_' | '-') {
            if previous_separator {
                return Err(if i == 0 {
                    TextProblem::StartsWithSeparator {
                        character: c.to_string(),
                    }
                } else {
                    TextProblem::DoubledSeparator {
                        character: c.to_string(),
                        position: count(i + 1),
                    }
                });
            }
            previous_separator = true;
        } else {
            return Err(TextProblem::NotAllowed {
                character: c.to_string(),
                position: count(i + 1),
            });
        }
    }
    Ok(())
}

fn tag_text_ok(text: &str) -> Option<char> {
    text.chars()
        .find(|c| !(c.is_ascii_alphanumeric() || c.is_whitespace() || "._:/=+@-".contains(*c)))
}

/// At most 200 tags; keys 1–128 and values 0–256 characters of `[a-zA-Z0-9\s._:/=+@-]`; keys unique.
/// Fields are named `tags.N.key` / `tags.N.value` (N from 0).
pub fn check_tags(tags: &[Tag]) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if tags.len() > 200 {
        errors.push(error(
            "tags",
            Rule::TooManyTags {
                count: count(tags.len()),
                max: 200,
            },
            format!("{} tags; a profile can have at most 200", tags.len()),
        ));
    }
    for (i, tag) in tags.iter().enumerate() {
        let key_field = format!("tags.{i}.key");
        let value_field = format!("tags.{i}.value");
        let key_len = tag.key.chars().count();
        if key_len == 0 {
            errors.push(error(&key_field, Rule::TagKeyEmpty, "A tag key cannot be empty"));
        } else if key_len > 128 {
            errors.push(error(
                &key_field,
                Rule::TagKeyTooLong {
                    length: count(key_len),
                    max: 128,
                },
                format!("The key has {key_len} characters; at most 128 are allowed"),
            ));
        }
        if let Some(c) = tag_text_ok(&tag.key) {
            errors.push(error(
                &key_field,
                Rule::TagKeyCharacter {
                    character: c.to_string(),
                },
                format!("“{c}” is not allowed in a tag key; use letters, digits, spaces and . _ : / = + @ -"),
            ));
        }
        if tag.key.starts_with("aws:") {
            errors.push(error(
                &key_field,
                Rule::TagKeyReserved,
                "Keys starting with aws: are reserved for AWS",
            ));
        }
        let value_len = tag.value.chars().count();
        if value_len > 256 {
            errors.push(error(
                &value_field,
                Rule::TagValueTooLong {
                    length: count(value_len),
                    max: 256,
                },
                format!("The value has {value_len} characters; at most 256 are allowed"),
            ));
        }
        if let Some(c) = tag_text_ok(&tag.value) {
            errors.push(error(
                &value_field,
                Rule::TagValueCharacter {
                    character: c.to_string(),
                },
                format!(
                    "“{c}” is not allowed in a tag value; use letters, digits, spaces and . _ : / = + @ -"
                ),
            ));
        }
        if tags[..i].iter().any(|earlier| earlier.key == tag.key) && key_len > 0 {
            errors.push(error(
                &key_field,
                Rule::TagKeyDuplicate { key: tag.key.clone() },
                format!("The key “{}” appears twice; each key can be used once", tag.key),
            ));
        }
    }
    errors
}

/// A foundation-model ARN (single-Region profile) or a system inference-profile ARN (multi-Region).
pub fn check_copy_from(arn: &str) -> Option<FieldError> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let ok = parts.len() == 6
        && parts[0] == "arn"
        && ["aws", "aws-us-gov", "aws-cn", "aws-iso", "aws-iso-b"].contains(&parts[1])
        && parts[2] == "bedrock"
        && parts[5].split_once('/').is_some_and(|(kind, id)| {
            matches!(kind, "foundation-model" | "inference-profile")
                && !id.is_empty()
                && id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b':' | b'.'))
        });
    (!ok).then(|| {
        error(
            "copyFrom",
            Rule::CopyFromArn,
            "Copy from a foundation model ARN (…:foundation-model/…) or a system inference profile ARN (…:inference-profile/…)",
        )
    })
}

/// Quotes a value for a POSIX shell when it needs it.
fn shell(value: &str) -> String {
    if !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.:/=+@,".contains(c))
    {
        value.to_owned()
    } else {
        format!("'{}'", value.replace('\'', "'\\''"))
    }
}

fn tags_shorthand(tags: &[Tag]) -> String {
    tags.iter()
        .map(|t| shell(&format!("key={},value={}", t.key, t.value)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// One AWS CLI command, labelled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CliCommand {
    pub label: String,
    pub command: String,
}

/// The equivalent AWS CLI commands, written as the AWS CLI reference writes them.
pub mod cli {
    use super::{CliCommand, ProfileInfo, Tag, shell, tags_shorthand};

    /// What the details panel offers for `profile` in `region`: get it; for an application profile also
    /// list its tags, set the ones it has (`tags`), and delete it; then list the profiles of its kind.
    pub fn for_profile(region: &str, profile: &ProfileInfo, tags: &[Tag]) -> Vec<CliCommand> {
        let labelled = |label: &str, command: String| CliCommand {
            label: label.to_owned(),
            command,
        };
        let mut commands = vec![labelled("Get", get(region, &profile.id))];
        if profile.application {
            commands.push(labelled("List tags", list_tags(region, &profile.arn)));
            if !tags.is_empty() {
                commands.push(labelled("Tag", tag(region, &profile.arn, tags)));
            }
            commands.push(labelled("Delete", delete(region, &profile.id)));
        }
        commands.push(labelled("List", list(region, profile.application)));
        commands
    }

    pub fn create(
        region: &str,
        name: &str,
        description: Option<&str>,
        copy_from: &str,
        tags: &[Tag],
    ) -> String {
        let mut lines = vec![
            "aws bedrock create-inference-profile".to_owned(),
            format!("--inference-profile-name {}", shell(name)),
        ];
        if let Some(description) = description.filter(|d| !d.is_empty()) {
            lines.push(format!("--description {}", shell(description)));
        }
        lines.push(format!("--model-source copyFrom={}", shell(copy_from)));
        if !tags.is_empty() {
            lines.push(format!("--tags {}", tags_shorthand(tags)));
        }
        lines.push(format!("--region {region}"));
        lines.join(" \\\n    ")
    }

    pub fn get(region: &str, identifier: &str) -> String {
        format!(
            "aws bedrock get-inference-profile \\\n    --inference-profile-identifier {} \\\n    --region {region}",
            shell(identifier)
        )
    }

    pub fn delete(region: &str, identifier: &str) -> String {
        format!(
            "aws bedrock delete-inference-profile \\\n    --inference-profile-identifier {} \\\n    --region {region}",
            shell(identifier)
        )
    }

    pub fn list(region: &str, application: bool) -> String {
        let kind = if application {
            "APPLICATION"
        } else {
            "SYSTEM_DEFINED"
        };
        format!("aws bedrock list-inference-profiles \\\n    --type-equals {kind} \\\n    --region {region}")
    }

    pub fn list_tags(region: &str, arn: &str) -> String {
        format!(
            "aws bedrock list-tags-for-resource \\\n    --resource-arn {} \\\n    --region {region}",
            shell(arn)
        )
    }

    pub fn tag(region: &str, arn: &str, tags: &[Tag]) -> String {
        format!(
            "aws bedrock tag-resource \\\n    --resource-arn {} \\\n    --tags {} \\\n    --region {region}",
            shell(arn),
            tags_shorthand(tags)
        )
    }

    pub fn untag(region: &str, arn: &str, keys: &[String]) -> String {
        let keys: Vec<String> = keys.iter().map(|k| shell(k)).collect();
        format!(
            "aws bedrock untag-resource \\\n    --resource-arn {} \\\n    --tag-keys {} \\\n    --region {region}",
            shell(arn),
            keys.join(" ")
        )
    }
}

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

    fn tag(key: &str, value: &str) -> Tag {
        Tag {
            key: key.into(),
            value: value.into(),
        }
    }

    #[test]
    fn names() {
        assert_eq!(check_name("finance-assistant"), None);
        assert_eq!(check_name("Team A_2-"), None);
        assert!(check_name("").unwrap().message.contains("1–64"));
        assert!(
            check_name(&"a".repeat(65))
                .unwrap()
                .message
                .contains("65 characters")
        );
        assert!(check_name("-a").unwrap().message.contains("starts with"));
        assert_eq!(
            check_name("a--b").unwrap().rule,
            Rule::ProfileNameCharacters {
                problem: TextProblem::DoubledSeparator {
                    character: "-".into(),
                    position: 3
                }
            }
        );
        assert_eq!(
            check_name(&"a".repeat(65)).unwrap().rule,
            Rule::ProfileNameTooLong { length: 65, max: 64 }
        );
        assert!(
            check_name("a--b")
                .unwrap()
                .message
                .contains("follows another separator at position 3")
        );
        let dot = check_name("team.a").unwrap().message;
        assert!(
            dot.contains("“.” at position 5") && dot.contains("([0-9a-zA-Z][ _-]?)+"),
            "{dot}"
        );
    }

    #[test]
    fn descriptions() {
        assert_eq!(check_description(""), None);
        assert_eq!(check_description("Claude 3.7 for team:finance"), None);
        assert!(check_description("a, b").unwrap().message.contains("no commas"));
        assert!(
            check_description(&"a".repeat(201))
                .unwrap()
                .message
                .contains("201")
        );
    }

    #[test]
    fn tags() {
        assert!(check_tags(&[tag("Department", "Finance"), tag("CostCenter", "")]).is_empty());
        let errors = check_tags(&[
            tag("", "x"),
            tag("a,b", "v"),
            tag("k", "naïve"),
            tag("aws:x", "v"),
            tag("k", "again"),
        ]);
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "tags.0.key",
                "tags.1.key",
                "tags.2.value",
                "tags.3.key",
                "tags.4.key"
            ]
        );
        assert!(errors[4].message.contains("appears twice"));
        let rules: Vec<&Rule> = errors.iter().map(|e| &e.rule).collect();
        assert_eq!(
            rules,
            [
                &Rule::TagKeyEmpty,
                &Rule::TagKeyCharacter {
                    character: ",".into()
                },
                &Rule::TagValueCharacter {
                    character: "ï".into()
                },
                &Rule::TagKeyReserved,
                &Rule::TagKeyDuplicate { key: "k".into() },
            ]
        );
        let many: Vec<Tag> = (0..201).map(|i| tag(&format!("k{i}"), "v")).collect();
        assert_eq!(check_tags(&many)[0].field, "tags");
    }

    #[test]
    fn copy_from() {
        assert_eq!(
            check_copy_from("arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0"),
            None
        );
        assert_eq!(
            check_copy_from(
                "arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.amazon.nova-lite-v1:0"
            ),
            None
        );
        assert!(
            check_copy_from("arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/abc")
                .is_some()
        );
        assert!(check_copy_from("us.amazon.nova-lite-v1:0").is_some());
    }

    #[test]
    fn cli_commands_read_like_the_cli_reference() {
        let command = cli::create(
            "us-east-1",
            "finance-assistant",
            Some("Claude for finance"),
            "arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.anthropic.claude-3-7-sonnet-20250219-v1:0",
            &[tag("Department", "Finance"), tag("Cost Center", "12")],
        );
        assert_eq!(
            command,
            "aws bedrock create-inference-profile \\\n    --inference-profile-name finance-assistant \\\n    \
             --description 'Claude for finance' \\\n    \
             --model-source copyFrom=arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.anthropic.claude-3-7-sonnet-20250219-v1:0 \\\n    \
             --tags key=Department,value=Finance 'key=Cost Center,value=12' \\\n    --region us-east-1"
        );
        assert!(cli::untag("eu-west-1", "arn:x", &["a b".into()]).contains("--tag-keys 'a b'"));
        assert!(cli::delete("us-east-1", "abc").starts_with("aws bedrock delete-inference-profile"));
    }

    fn application_profile() -> ProfileInfo {
        ProfileInfo {
            id: "abc123".into(),
            arn: "arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/abc123".into(),
            application: true,
            model_arns: vec!["arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0".into()],
        }
    }

    #[test]
    fn an_application_profile_offers_get_list_tags_tag_delete_and_list() {
        let profile = application_profile();
        let commands = cli::for_profile("us-east-1", &profile, &[tag("team", "rocks")]);
        let labels: Vec<&str> = commands.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(labels, ["Get", "List tags", "Tag", "Delete", "List"]);
        assert_eq!(
            commands[1].command,
            "aws bedrock list-tags-for-resource \\\n    \
             --resource-arn arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/abc123 \\\n    \
             --region us-east-1"
        );
        assert!(commands[2].command.contains("--tags key=team,value=rocks"));
        assert!(commands[4].command.contains("--type-equals APPLICATION"));
        // Without tags there is nothing to set.
        let untagged: Vec<String> = cli::for_profile("us-east-1", &profile, &[])
            .into_iter()
            .map(|c| c.label)
            .collect();
        assert_eq!(untagged, ["Get", "List tags", "Delete", "List"]);
    }

    #[test]
    fn a_system_profile_offers_get_and_list_only() {
        let profile = ProfileInfo {
            application: false,
            id: "us.amazon.nova-lite-v1:0".into(),
            ..application_profile()
        };
        let commands = cli::for_profile("eu-west-1", &profile, &[]);
        let labels: Vec<&str> = commands.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(labels, ["Get", "List"]);
        assert!(
            commands[0]
                .command
                .contains("--inference-profile-identifier us.amazon.nova-lite-v1:0")
        );
        assert!(
            commands[1]
                .command
                .contains("--type-equals SYSTEM_DEFINED \\\n    --region eu-west-1")
        );
    }

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
