//! Bedrock projects through Outcrop's own signed requests against bedrock-local, which verifies every
//! signature: create with tags and a data-retention mode, list (every page, by status), get by ID and by ARN,
//! rename, archive, and the refusals classified as the SDK's are.

#![allow(clippy::unwrap_used)]

use bedrock_local::{BedrockLocal, Config, LaunchKey};
use outcrop_bedrock::projects::{CreateProject, ProjectStatus, ProjectsClient};
use outcrop_bedrock::{AwsReason, Connection, CredentialSource};
use outcrop_core::ErrorCode;
use outcrop_core::connection_input::Rule;
use outcrop_core::profiles::Tag;
use outcrop_core::projects::DataRetentionMode;

/// A Local Bedrock that accepts only its own key, and the project client of a connection signing with `secret`.
async fn server_and_client(secret: Option<&str>) -> (BedrockLocal, ProjectsClient) {
    let key = LaunchKey::generate().unwrap();
    let server = BedrockLocal::start(Config {
        region: "eu-west-1".into(),
        ..Config::private(&key)
    })
    .await
    .unwrap();
    let client = Connection {
        source: CredentialSource::StaticKeys {
            access_key_id: key.access_key_id().to_owned(),
            secret_access_key: outcrop_core::Secret::new(secret.unwrap_or(key.secret_access_key())),
            session_token: None,
        },
        region: "eu-west-1".into(),
        endpoint_url: Some(format!("{}/", server.url())),
        simulated: false,
        runtime_endpoint_url: None,
        messages_endpoint: outcrop_core::MessagesEndpoint::Runtime,
    }
    .clients()
    .await
    .projects;
    (server, client)
}

fn tag(key: &str, value: &str) -> Tag {
    Tag {
        key: key.into(),
        value: value.into(),
    }
}

fn create(name: &str) -> CreateProject {
    CreateProject {
        name: name.into(),
        tags: Vec::new(),
        data_retention: DataRetentionMode::Default,
    }
}

#[tokio::test]
async fn create_list_rename_and_archive_a_project() {
    let (_server, client) = server_and_client(None).await;
    let created = client
        .create(&CreateProject {
            name: "Team A (finance)".into(),
            tags: vec![tag("Department", "Finance")],
            data_retention: DataRetentionMode::None,
        })
        .await
        .unwrap();
    assert_eq!(created.name, "Team A (finance)");
    assert_eq!(created.status, "active");
    assert_eq!(created.data_retention.as_deref(), Some("none"));
    assert_eq!(created.tags, [tag("Department", "Finance")]);
    assert!(
        created.arn.starts_with("arn:aws:bedrock:eu-west-1:"),
        "{}",
        created.arn
    );
    assert!(created.created_at.is_some());
    assert!(!created.default);
    assert!(
        created
            .cli
            .iter()
            .any(|c| c.command.starts_with("aws bedrock archive-project")),
        "{:?}",
        created.cli
    );

    let listed = client.list(None).await.unwrap();
    assert!(
        listed.iter().any(|p| p.default && p.id == "default"),
        "{listed:?}"
    );
    assert!(
        listed
            .iter()
            .any(|p| p.id == created.id && p.tags == created.tags)
    );

    // By ARN too: its `/` and `:` are percent-encoded in the path, and the signature still verifies.
    let by_arn = client.get(&created.arn).await.unwrap();
    assert_eq!(by_arn.id, created.id);

    let renamed = client.rename(&created.id, "Team A").await.unwrap();
    assert_eq!(renamed.name, "Team A");
    assert_eq!(client.get(&created.id).await.unwrap().name, "Team A");

    let archived = client.archive(&created.id).await.unwrap();
    assert_eq!(archived.status, "archived");
    assert!(archived.archived_at.is_some());
    assert!(!archived.active());
    let active = client.list(Some(ProjectStatus::Active)).await.unwrap();
    assert!(!active.iter().any(|p| p.id == created.id), "{active:?}");
    let gone = client.list(Some(ProjectStatus::Archived)).await.unwrap();
    assert_eq!(
        gone.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(),
        [created.id.as_str()]
    );

    // Archiving is final: the project takes no more changes.
    let error = client.rename(&created.id, "Again").await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Conflict, "{error:?}");
}

#[tokio::test]
async fn every_page_of_projects_is_read() {
    let (_server, client) = server_and_client(None).await;
    for i in 0..101 {
        client.create(&create(&format!("p{i}"))).await.unwrap();
    }
    // 101 created and the default one: two pages of at most 100.
    let all = client.list(None).await.unwrap();
    assert_eq!(all.len(), 102);
    assert!(all.iter().any(|p| p.name == "p100"));
}

#[tokio::test]
async fn refusals_are_classified_as_the_sdks_are() {
    let (_server, client) = server_and_client(None).await;
    let missing = client.get("no-such-project").await.unwrap_err();
    assert_eq!(missing.code, ErrorCode::NotFound, "{missing:?}");
    assert!(matches!(
        missing.reason(),
        Some(AwsReason::Refused { operation, aws_code, .. })
            if operation == "GetProject" && aws_code == "ResourceNotFoundException"
    ));
    let default = client.archive("default").await.unwrap_err();
    assert_eq!(default.code, ErrorCode::Validation, "{default:?}");
}

#[tokio::test]
async fn broken_rules_are_refused_before_anything_is_sent() {
    let (_server, client) = server_and_client(None).await;
    let error = client
        .create(&CreateProject {
            name: "   ".into(),
            tags: vec![tag("aws:reserved", "x")],
            data_retention: DataRetentionMode::Default,
        })
        .await
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::Validation);
    assert_eq!(error.fields[0].rule, Rule::ProjectNameBlank);
    assert!(
        error.fields.iter().any(|f| f.rule == Rule::TagKeyReserved),
        "{error:?}"
    );
    let rename = client.rename("default", "").await.unwrap_err();
    assert_eq!(rename.fields[0].rule, Rule::ProjectNameEmpty);
    // Nothing reached the server: only its default project exists.
    assert_eq!(client.list(None).await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_wrong_secret_is_named_as_such() {
    let (_server, client) = server_and_client(Some("not-the-secret-0123456789abcdefghijklmn")).await;
    let error = client.list(None).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::AccessDenied, "{error:?}");
    assert_eq!(error.reason(), Some(&AwsReason::SignatureMismatch));
}

#[test]
fn an_access_denial_names_the_project_action() {
    let error = outcrop_bedrock::signed_http::aws_refusal(
        "CreateProject",
        403,
        Some("AccessDeniedException:http://internal.amazon.com/coral/com.amazon.coral.service/"),
        r#"{"message":"User: arn:aws:iam::111122223333:user/a is not authorized to perform: bedrock:CreateProject on resource: *"}"#,
    );
    assert_eq!(error.code, ErrorCode::AccessDenied);
    assert!(matches!(
        error.reason(),
        Some(AwsReason::MissingIamAction { action, .. }) if action == "bedrock:CreateProject"
    ));
    // Without AWS's words the operation's own action is named.
    let bare = outcrop_bedrock::signed_http::aws_refusal("ArchiveProject", 403, None, "");
    assert!(matches!(
        bare.reason(),
        Some(AwsReason::MissingIamAction { action, .. }) if action == "bedrock:ArchiveProject"
    ));
}
