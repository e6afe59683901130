//! Bedrock projects, decided without a network: the rules CreateProject and UpdateProject put on what a person
//! types (botocore 1.44.8's `bedrock` model: a name of 1–127 characters matching `.*\S.*`, tags as for every
//! Bedrock resource, a `DataRetentionMode`), the AWS CLI commands for each operation, and the IAM actions
//! managing projects takes.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::connection_input::{FieldError, Rule};
use crate::field_rule::count;
use crate::profiles::Tag;
use crate::profiles::cli::{shell, tags_shorthand};

/// The project every account has, used when a request names none; it cannot be renamed or archived.
pub const DEFAULT_PROJECT: &str = "default";

/// At most this many characters in a project name (botocore: `ProjectName`, max 127).
pub const MAX_NAME: usize = 127;

/// What Bedrock keeps of a project's requests and responses (`DataRetentionMode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DataRetentionMode {
    Default,
    None,
    AwsReview,
    ProviderDataShare,
    Inherit,
}

impl DataRetentionMode {
    pub const ALL: [Self; 5] = [
        Self::Default,
        Self::None,
        Self::AwsReview,
        Self::ProviderDataShare,
        Self::Inherit,
    ];

    /// The mode as the API spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Default => "default",
            Self::None => "none",
            Self::AwsReview => "aws_review",
            Self::ProviderDataShare => "provider_data_share",
            Self::Inherit => "inherit",
        }
    }

    /// The mode the API names, if Outcrop knows it.
    pub fn parse(mode: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == mode)
    }
}

/// The name of a project: 1–127 characters, not only whitespace.
pub fn check_name(name: &str) -> Option<FieldError> {
    let length = name.chars().count();
    if length == 0 {
        return Some(FieldError::new(
            "name",
            Rule::ProjectNameEmpty,
            format!("Enter a name (1–{MAX_NAME} characters)"),
        ));
    }
    if length > MAX_NAME {
        return Some(FieldError::new(
            "name",
            Rule::ProjectNameTooLong {
                length: count(length),
                max: count(MAX_NAME),
            },
            format!("The name has {length} characters; at most {MAX_NAME} are allowed"),
        ));
    }
    name.chars().all(char::is_whitespace).then(|| {
        FieldError::new(
            "name",
            Rule::ProjectNameBlank,
            "The name is only spaces; it needs at least one other character",
        )
    })
}

/// Every rule a new project breaks: its name and its tags (the rules of every Bedrock resource's tags).
pub fn check_create(name: &str, tags: &[Tag]) -> Vec<FieldError> {
    let mut errors: Vec<FieldError> = check_name(name).into_iter().collect();
    errors.extend(crate::profiles::check_tags(tags));
    errors
}

/// What stops a request from running under the conversation's project, decided before anything is sent: a
/// non-default project with an application inference profile (AWS: "Application inference profiles don't
/// support non-default projects"), or through Anthropic's Messages API, which has no project field (only
/// Converse, ConverseStream and InvokeModel take `projectIdentifier`). Field `project`.
pub fn send_problems(
    conversation: &crate::conversation::Conversation,
    route: crate::resolver::Route,
    api: crate::conversation::Api,
) -> Vec<FieldError> {
    let Some(project) = conversation.named_project() else {
        return Vec::new();
    };
    let mut problems = Vec::new();
    if route == crate::resolver::Route::ApplicationProfile {
        problems.push(FieldError::new(
            "project",
            Rule::ProjectWithApplicationProfile {
                project: project.to_owned(),
            },
            format!(
                "Application inference profiles don't support non-default projects: send under project {project} to a foundation model or a system-defined profile, or choose the default project"
            ),
        ));
    }
    if api == crate::conversation::Api::Messages {
        problems.push(FieldError::new(
            "project",
            Rule::ProjectNotOnMessagesApi {
                project: project.to_owned(),
            },
            format!(
                "The Messages API has no project field: send under project {project} with Converse or InvokeModel, or choose the default project"
            ),
        ));
    }
    problems
}

/// What a project command does, as a code the UI words in the person's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ProjectCliAction {
    Create,
    Get,
    Rename,
    Archive,
    List,
}

/// One AWS CLI command for a project and what it does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProjectCliCommand {
    pub action: ProjectCliAction,
    pub command: String,
}

fn command(lines: Vec<String>) -> String {
    lines.join(" \\\n    ")
}

/// `aws bedrock create-project …`; the data retention only when it is not the default.
pub fn cli_create(region: &str, name: &str, tags: &[Tag], retention: DataRetentionMode) -> String {
    let mut lines = vec![
        "aws bedrock create-project".to_owned(),
        format!("--name {}", shell(name)),
    ];
    if !tags.is_empty() {
        lines.push(format!("--tags {}", tags_shorthand(tags)));
    }
    if retention != DataRetentionMode::Default {
        lines.push(format!("--data-retention mode={}", retention.as_str()));
    }
    lines.push(format!("--region {region}"));
    command(lines)
}

pub fn cli_get(region: &str, id: &str) -> String {
    command(vec![
        "aws bedrock get-project".to_owned(),
        format!("--project-identifier {}", shell(id)),
        format!("--region {region}"),
    ])
}

pub fn cli_rename(region: &str, id: &str, name: &str) -> String {
    command(vec![
        "aws bedrock update-project".to_owned(),
        format!("--project-identifier {}", shell(id)),
        format!("--name {}", shell(name)),
        format!("--region {region}"),
    ])
}

pub fn cli_archive(region: &str, id: &str) -> String {
    command(vec![
        "aws bedrock archive-project".to_owned(),
        format!("--project-identifier {}", shell(id)),
        format!("--region {region}"),
    ])
}

pub fn cli_list(region: &str) -> String {
    command(vec![
        "aws bedrock list-projects".to_owned(),
        "--status-filter active".to_owned(),
        format!("--region {region}"),
    ])
}

/// The commands for an existing project: get it, and — unless it is the default project or archived — rename
/// it (to its own name, for the person to edit) and archive it; then list the active projects.
pub fn cli_for_project(region: &str, id: &str, name: &str, active: bool) -> Vec<ProjectCliCommand> {
    let mut commands = vec![ProjectCliCommand {
        action: ProjectCliAction::Get,
        command: cli_get(region, id),
    }];
    if active && id != DEFAULT_PROJECT {
        commands.push(ProjectCliCommand {
            action: ProjectCliAction::Rename,
            command: cli_rename(region, id, name),
        });
        commands.push(ProjectCliCommand {
            action: ProjectCliAction::Archive,
            command: cli_archive(region, id),
        });
    }
    commands.push(ProjectCliCommand {
        action: ProjectCliAction::List,
        command: cli_list(region),
    });
    commands
}

/// The IAM actions Outcrop calls to manage projects: listing and reading them, creating them with tags
/// (`bedrock:TagResource` authorises tags given on create), renaming and archiving.
pub const IAM_ACTIONS: [&str; 6] = [
    "bedrock:ListProjects",
    "bedrock:GetProject",
    "bedrock:CreateProject",
    "bedrock:TagResource",
    "bedrock:UpdateProject",
    "bedrock:ArchiveProject",
];

/// A least-privilege IAM policy for managing projects from Outcrop, as pretty JSON.
pub fn iam_policy_text() -> String {
    let policy = serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "ManageBedrockProjects",
                "Effect": "Allow",
                "Action": IAM_ACTIONS,
                "Resource": "*",
            },
        ],
    });
    serde_json::to_string_pretty(&policy).unwrap_or_default()
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
    fn a_name_is_one_to_127_characters_and_not_only_whitespace() {
        assert_eq!(check_name("").map(|e| e.rule), Some(Rule::ProjectNameEmpty));
        assert_eq!(check_name(" \t ").map(|e| e.rule), Some(Rule::ProjectNameBlank));
        assert_eq!(
            check_name(&"é".repeat(128)).map(|e| e.rule),
            Some(Rule::ProjectNameTooLong {
                length: 128,
                max: 127
            })
        );
        // Counted in characters, not bytes; spaces, punctuation and any script are fine.
        assert_eq!(check_name(&"é".repeat(127)), None);
        assert_eq!(check_name("Finance (Q3) — チーム"), None);
        assert_eq!(check_name(" x "), None);
    }

    #[test]
    fn create_checks_the_name_and_the_tags_field_by_field() {
        let errors = check_create("", &[tag("aws:team", "x"), tag("", "y")]);
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields[0], "name");
        assert!(fields.iter().any(|f| f.starts_with("tags.0")), "{fields:?}");
        assert!(fields.iter().any(|f| f.starts_with("tags.1")), "{fields:?}");
        assert!(check_create("Team A", &[tag("Department", "Finance")]).is_empty());
    }

    #[test]
    fn retention_modes_are_spelled_as_the_api_spells_them() {
        for mode in DataRetentionMode::ALL {
            assert_eq!(DataRetentionMode::parse(mode.as_str()), Some(mode));
            assert_eq!(
                serde_json::to_value(mode).unwrap(),
                serde_json::json!(mode.as_str())
            );
        }
        assert_eq!(DataRetentionMode::parse("forever"), None);
    }

    #[test]
    fn cli_commands_read_like_the_cli_reference() {
        assert_eq!(
            cli_create(
                "us-east-1",
                "Team A",
                &[tag("Department", "Finance")],
                DataRetentionMode::None
            ),
            "aws bedrock create-project \\\n    --name 'Team A' \\\n    --tags key=Department,value=Finance \\\n    --data-retention mode=none \\\n    --region us-east-1"
        );
        assert_eq!(
            cli_create("us-east-1", "a", &[], DataRetentionMode::Default),
            "aws bedrock create-project \\\n    --name a \\\n    --region us-east-1"
        );
        assert_eq!(
            cli_rename("eu-west-1", "proj-1", "It's new"),
            "aws bedrock update-project \\\n    --project-identifier proj-1 \\\n    --name 'It'\\''s new' \\\n    --region eu-west-1"
        );
        let actions = |active, id| {
            cli_for_project("us-east-1", id, "n", active)
                .into_iter()
                .map(|c| c.action)
                .collect::<Vec<_>>()
        };
        use ProjectCliAction::*;
        assert_eq!(actions(true, "p1"), [Get, Rename, Archive, List]);
        assert_eq!(actions(false, "p1"), [Get, List]);
        assert_eq!(actions(true, DEFAULT_PROJECT), [Get, List]);
        assert!(cli_archive("us-east-1", "p1").starts_with("aws bedrock archive-project"));
    }

    #[test]
    fn a_named_project_is_refused_with_an_application_profile_and_on_the_messages_api() {
        use crate::conversation::{Api, Conversation};
        use crate::resolver::Route;
        let under = |project: Option<&str>| Conversation {
            project: project.map(str::to_owned),
            ..Conversation::default()
        };
        let rules = |c: &Conversation, route, api| {
            send_problems(c, route, api)
                .into_iter()
                .map(|e| (e.field, e.rule))
                .collect::<Vec<_>>()
        };
        let team = under(Some("proj-1"));
        assert_eq!(
            rules(&team, Route::ApplicationProfile, Api::Converse),
            [(
                "project".to_owned(),
                Rule::ProjectWithApplicationProfile {
                    project: "proj-1".into()
                }
            )]
        );
        assert_eq!(
            rules(&team, Route::SystemProfile, Api::Messages),
            [(
                "project".to_owned(),
                Rule::ProjectNotOnMessagesApi {
                    project: "proj-1".into()
                }
            )]
        );
        assert!(rules(&team, Route::SystemProfile, Api::InvokeModel).is_empty());
        assert!(rules(&team, Route::OnDemand, Api::Converse).is_empty());
        // The default project, named or not, goes anywhere.
        for default in [None, Some("default"), Some("")] {
            assert!(rules(&under(default), Route::ApplicationProfile, Api::Messages).is_empty());
        }
    }

    #[test]
    fn the_policy_allows_every_project_action_outcrop_calls() {
        let policy: serde_json::Value = serde_json::from_str(&iam_policy_text()).unwrap();
        let actions = policy["Statement"][0]["Action"].as_array().unwrap();
        for action in [
            "bedrock:CreateProject",
            "bedrock:ArchiveProject",
            "bedrock:ListProjects",
        ] {
            assert!(actions.iter().any(|a| a == action), "{action}");
        }
    }
}
