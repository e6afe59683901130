//! The equivalent AWS CLI commands, written as the AWS CLI reference writes them.

use serde::Serialize;
use ts_rs::TS;

use super::tag::Tag;
use crate::resolver::ProfileInfo;

/// What a command does, as a code the UI words in the person's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum CliAction {
    Get,
    ListTags,
    Tag,
    Delete,
    List,
}

/// One AWS CLI command and what it does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CliCommand {
    pub action: CliAction,
    pub command: String,
}

/// What the details panel offers for `profile` in `region`: get it; for an application profile also
/// list its tags, set the ones it has (`tags`), and delete it; then list the profiles of its kind.
pub fn for_profile(region: &str, profile: &ProfileInfo, tags: &[Tag]) -> Vec<CliCommand> {
    let labelled = |action: CliAction, command: String| CliCommand { action, command };
    let mut commands = vec![labelled(CliAction::Get, get(region, &profile.id))];
    if profile.application {
        commands.push(labelled(CliAction::ListTags, list_tags(region, &profile.arn)));
        if !tags.is_empty() {
            commands.push(labelled(CliAction::Tag, tag(region, &profile.arn, tags)));
        }
        commands.push(labelled(CliAction::Delete, delete(region, &profile.id)));
    }
    commands.push(labelled(CliAction::List, list(region, profile.application)));
    commands
}

pub fn create(region: &str, name: &str, description: Option<&str>, copy_from: &str, tags: &[Tag]) -> String {
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

/// Quotes a value for a POSIX shell when it needs it.
pub(crate) fn shell(value: &str) -> String {
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

/// Tags in the AWS CLI's shorthand (`key=K,value=V …`), each quoted for the shell when it needs it.
pub(crate) fn tags_shorthand(tags: &[Tag]) -> String {
    tags.iter()
        .map(|t| shell(&format!("key={},value={}", t.key, t.value)))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profiles::fixture::{application_profile, tag};

    #[test]
    fn cli_commands_read_like_the_cli_reference() {
        let command = create(
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
        assert!(untag("eu-west-1", "arn:x", &["a b".into()]).contains("--tag-keys 'a b'"));
        assert!(delete("us-east-1", "abc").starts_with("aws bedrock delete-inference-profile"));
    }

    #[test]
    fn an_application_profile_offers_get_list_tags_tag_delete_and_list() {
        let profile = application_profile();
        let commands = for_profile("us-east-1", &profile, &[tag("team", "rocks")]);
        let actions: Vec<CliAction> = commands.iter().map(|c| c.action).collect();
        use CliAction::*;
        assert_eq!(actions, [Get, ListTags, Tag, Delete, List]);
        assert_eq!(
            commands[1].command,
            "aws bedrock list-tags-for-resource \\\n    \
             --resource-arn arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/abc123 \\\n    \
             --region us-east-1"
        );
        assert!(commands[2].command.contains("--tags key=team,value=rocks"));
        assert!(commands[4].command.contains("--type-equals APPLICATION"));
        // Without tags there is nothing to set.
        let untagged: Vec<CliAction> = for_profile("us-east-1", &profile, &[])
            .into_iter()
            .map(|c| c.action)
            .collect();
        assert_eq!(untagged, [Get, ListTags, Delete, List]);
    }

    #[test]
    fn a_system_profile_offers_get_and_list_only() {
        let profile = ProfileInfo {
            application: false,
            id: "us.amazon.nova-lite-v1:0".into(),
            ..application_profile()
        };
        let commands = for_profile("eu-west-1", &profile, &[]);
        let actions: Vec<CliAction> = commands.iter().map(|c| c.action).collect();
        assert_eq!(actions, [CliAction::Get, CliAction::List]);
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
}
