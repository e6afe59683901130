//! Turns sent under a Bedrock project through the real SDK against bedrock-local, which checks the project each
//! request names: Converse carries `projectIdentifier` in its body and InvokeModel the
//! `X-Amzn-Bedrock-ProjectIdentifier` header (added by Outcrop's interceptor: the SDK has neither), the turn
//! keeps the project, and an application profile or the Messages API under a named project is refused before
//! anything is sent.

#![allow(clippy::unwrap_used)]

use outcrop_bedrock::playground::{Api, TurnStatus};
use outcrop_bedrock::projects::CreateProject;
use outcrop_core::ErrorCode;
use outcrop_core::conversation::{ContentItem, Conversation, Message, Role};
use outcrop_core::field_rule::Rule;
use outcrop_core::profiles::Tag;
use outcrop_core::projects::DataRetentionMode;

mod playground_support;
mod support;

use playground_support::*;

const NOVA: &str = "us.amazon.nova-lite-v1:0";

fn question(project: Option<&str>) -> Conversation {
    Conversation {
        messages: vec![Message {
            role: Role::User,
            content: vec![ContentItem::Text {
                text: "What is a rock?".into(),
            }],
        }],
        project: project.map(str::to_owned),
        ..Conversation::default()
    }
}

/// A project in the world's bedrock-local, tagged, and its ID.
async fn project(w: &World, name: &str) -> String {
    support::example_keys_to(w.server.url(), REGION)
        .projects()
        .await
        .create(&CreateProject {
            name: name.into(),
            tags: vec![Tag {
                key: "Department".into(),
                value: "Finance".into(),
            }],
            data_retention: DataRetentionMode::Default,
        })
        .await
        .unwrap()
        .id
}

#[tokio::test]
async fn a_turn_under_a_project_is_sent_with_it_on_both_transports_and_keeps_it() {
    let w = world().await;
    let id = project(&w, "Finance").await;
    let target = w.target(NOVA).await;
    let (session, draft) = session_on(&w, NOVA, question(Some(&id)));
    let (turn, _) = w.send(&session, &draft, &target).await;
    assert_eq!(turn.status, TurnStatus::Complete, "{:?}", turn.error);
    assert_eq!(turn.request.project.as_deref(), Some(id.as_str()));
    let kept = w.service.session(&session).unwrap();
    assert_eq!(
        kept.turns[0].request.project.as_deref(),
        Some(id.as_str()),
        "read back from the session store"
    );

    // A project that does not exist is refused by the service: proof the body carried it.
    let (session, draft) = session_on(&w, NOVA, question(Some("no-such-project")));
    let (turn, _) = w.send(&session, &draft, &target).await;
    assert_eq!(turn.status, TurnStatus::Failed);
    assert_eq!(turn.error.unwrap().code, ErrorCode::NotFound);

    // InvokeModel carries it as the header; an Anthropic model reads the InvokeModel body.
    let sonnet = w.target(SONNET_37_PROFILE).await;
    for (project, expected) in [
        (id.as_str(), TurnStatus::Complete),
        ("no-such-project", TurnStatus::Failed),
    ] {
        let (session, mut draft) = w.session(question(Some(project)), Api::InvokeModel);
        draft.model_choice = SONNET_37_PROFILE.into();
        let (turn, _) = w.send(&session, &draft, &sonnet).await;
        assert_eq!(turn.status, expected, "{project}: {:?}", turn.error);
    }
}

#[tokio::test]
async fn a_named_project_with_an_application_profile_or_the_messages_api_is_refused_before_sending() {
    let w = world().await;
    let id = project(&w, "Finance").await;
    // An application profile copied from the system profile's ARN, as the create form does.
    let catalog = outcrop_bedrock::profiles::catalog(&w.bedrock, REGION)
        .await
        .unwrap();
    let arn = catalog
        .profiles
        .iter()
        .find(|p| p.id == NOVA)
        .unwrap()
        .arn
        .clone();
    let created = outcrop_bedrock::profiles::create_profile(
        &w.bedrock,
        &outcrop_bedrock::profiles::CreateProfile {
            name: "finance-nova".into(),
            description: None,
            copy_from: arn,
            tags: Vec::new(),
        },
    )
    .await
    .unwrap();
    let application = w.target(&created.arn).await;
    let (session, draft) = session_on(&w, &created.arn, question(Some(&id)));
    // The plan says so as the person edits, before Send is pressed.
    let plan = w
        .service
        .plan(Some(&session), &draft.conversation, Api::Converse, &application)
        .unwrap();
    assert!(
        plan.problems
            .iter()
            .any(|p| p.field == "project"
                && p.rule == Rule::ProjectWithApplicationProfile { project: id.clone() }),
        "{:?}",
        plan.problems
    );
    let refused = refused_before_sending(&w, &session, &draft, &application).await;
    assert_eq!(refused.fields[0].field, "project");
    assert_eq!(
        refused.fields[0].rule,
        Rule::ProjectWithApplicationProfile { project: id.clone() }
    );
    // The default project goes anywhere.
    let (session, draft) = session_on(&w, &created.arn, question(Some("default")));
    let (turn, _) = w.send(&session, &draft, &application).await;
    assert_eq!(turn.status, TurnStatus::Complete, "{:?}", turn.error);

    // A bake-off under the project through the application profile is refused before anything is sent too.
    let bakeoff = w
        .service
        .bakeoff(
            &w.runtime,
            &outcrop_bedrock::playground::BakeoffRequest {
                draft: outcrop_bedrock::playground::Draft {
                    conversation: question(Some(&id)),
                    model_choice: created.arn.clone(),
                    api: Api::Converse,
                },
                follow_ups: vec!["And a pebble?".into()],
                placements: vec![outcrop_core::bakeoff::Placement::PerDocument],
                apis: vec![Api::Converse, Api::InvokeModel],
                ttl: outcrop_core::model_facts::CacheTtl::FiveMinutes,
            },
            &application,
            &|_| panic!("nothing is sent"),
        )
        .await
        .unwrap_err();
    assert!(
        bakeoff
            .field_errors()
            .iter()
            .any(|e| e.rule == Rule::ProjectWithApplicationProfile { project: id.clone() }),
        "{bakeoff:?}"
    );

    let opus = w.target("us.anthropic.claude-opus-4-7").await;
    let (session, mut draft) = w.session(question(Some(&id)), Api::Messages);
    draft.model_choice = "us.anthropic.claude-opus-4-7".into();
    let refused = refused_before_sending(&w, &session, &draft, &opus).await;
    assert_eq!(
        refused.fields[0].rule,
        Rule::ProjectNotOnMessagesApi { project: id }
    );
}
