//! The state file through the real Rust SDK: what a client made survives a restart, per Region; an unreadable
//! file is moved aside, not lost; a reset forgets it all.

#![allow(clippy::unwrap_used)] // a test fails loudly; helpers included

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use aws_sdk_bedrock::Client;
use aws_sdk_bedrock::types::{InferenceProfileModelSource, InferenceProfileType};
use bedrock_local::{BedrockLocal, Config, ManualClock};

const SONNET_37: &str = "anthropic.claude-3-7-sonnet-20250219-v1:0";
/// 2026-12-01T10:00:00Z.
const NOW: Duration = Duration::from_secs(1_796_119_200);

mod support;
use support::tag;

async fn start(region: &str, state_file: &Path) -> (BedrockLocal, Client) {
    support::start_with(Config {
        region: region.into(),
        clock: Arc::new(ManualClock::new(UNIX_EPOCH + NOW)),
        state_file: Some(state_file.to_owned()),
        ..Config::default()
    })
    .await
}

async fn create(client: &Client, region: &str, name: &str) -> String {
    let prefix = if region.starts_with("eu-") { "eu" } else { "us" };
    client
        .create_inference_profile()
        .inference_profile_name(name)
        .description("kept across restarts")
        .model_source(InferenceProfileModelSource::CopyFrom(format!(
            "arn:aws:bedrock:{region}:111122223333:inference-profile/{prefix}.{SONNET_37}"
        )))
        .tags(tag("Department", "Finance"))
        .tags(tag("CostCenter", "1234"))
        .send()
        .await
        .unwrap()
        .inference_profile_arn()
        .to_owned()
}

/// Application profiles as (name, ARN, description, created at, model ARNs).
async fn application_profiles(client: &Client) -> Vec<(String, String, String, String, Vec<String>)> {
    client
        .list_inference_profiles()
        .type_equals(InferenceProfileType::Application)
        .send()
        .await
        .unwrap()
        .inference_profile_summaries()
        .iter()
        .map(|p| {
            (
                p.inference_profile_name().to_owned(),
                p.inference_profile_arn().to_owned(),
                p.description().unwrap_or_default().to_owned(),
                p.created_at().unwrap().to_string(),
                p.models()
                    .iter()
                    .map(|m| m.model_arn().unwrap().to_owned())
                    .collect(),
            )
        })
        .collect()
}

async fn tags(client: &Client, arn: &str) -> Vec<(String, String)> {
    let mut tags: Vec<(String, String)> = client
        .list_tags_for_resource()
        .resource_arn(arn)
        .send()
        .await
        .unwrap()
        .tags()
        .iter()
        .map(|t| (t.key().to_owned(), t.value().to_owned()))
        .collect();
    tags.sort();
    tags
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

fn state_path(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("local-bedrock").join("world.json")
}

#[tokio::test]
async fn an_application_profile_and_its_tags_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = state_path(&dir);

    let (server, client) = start("us-east-1", &path).await;
    let arn = create(&client, "us-east-1", "finance-assistant").await;
    let gone = create(&client, "us-east-1", "short-lived").await;
    client
        .delete_inference_profile()
        .inference_profile_identifier(&gone)
        .send()
        .await
        .unwrap();
    client
        .untag_resource()
        .resource_arn(&arn)
        .tag_keys("CostCenter")
        .send()
        .await
        .unwrap();
    client
        .tag_resource()
        .resource_arn(&arn)
        .tags(tag("Project", "Ledger"))
        .send()
        .await
        .unwrap();
    let before = application_profiles(&client).await;
    server.shutdown().await;

    // The seed is not written: no system-defined profile or foundation model is in the file.
    let text = std::fs::read_to_string(&path).unwrap();
    let saved: serde_json::Value = serde_json::from_str(&text).unwrap();
    let worlds = saved["worlds"].as_array().unwrap();
    assert_eq!(worlds.len(), 1);
    let names: Vec<&str> = worlds[0]["applicationProfiles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["inferenceProfileName"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["finance-assistant"]);
    assert!(!text.contains(&format!("\"us.{SONNET_37}\"")), "{text}");
    assert!(!text.contains("modelName"), "{text}");
    assert_eq!(files_in(path.parent().unwrap()), ["world.json"]);

    let (server, client) = start("us-east-1", &path).await;
    let after = application_profiles(&client).await;
    assert_eq!(after, before);
    assert_eq!(after.len(), 1);
    assert_eq!(after[0].1, arn);
    assert_eq!(after[0].3, "2026-12-01T10:00:00Z");
    assert_eq!(
        tags(&client, &arn).await,
        [
            ("Department".to_owned(), "Finance".to_owned()),
            ("Project".to_owned(), "Ledger".to_owned())
        ]
    );
    let got = client
        .get_inference_profile()
        .inference_profile_identifier(&arn)
        .send()
        .await
        .unwrap();
    assert_eq!(got.inference_profile_name(), "finance-assistant");

    // The name is still taken; a new profile gets an ARN of its own.
    let duplicate = client
        .create_inference_profile()
        .inference_profile_name("finance-assistant")
        .model_source(InferenceProfileModelSource::CopyFrom(format!(
            "arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.{SONNET_37}"
        )))
        .send()
        .await
        .unwrap_err();
    assert!(duplicate.into_service_error().is_conflict_exception());
    let second = create(&client, "us-east-1", "second").await;
    assert_ne!(second, arn);
    assert_ne!(second, gone);
    server.shutdown().await;
}

#[tokio::test]
async fn each_region_keeps_its_own_profiles_in_one_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = state_path(&dir);

    let (server, client) = start("us-east-1", &path).await;
    let us = create(&client, "us-east-1", "us-team").await;
    server.shutdown().await;

    let (server, client) = start("eu-west-1", &path).await;
    assert!(application_profiles(&client).await.is_empty());
    let eu = create(&client, "eu-west-1", "eu-team").await;
    server.shutdown().await;

    let (server, client) = start("us-east-1", &path).await;
    let listed = application_profiles(&client).await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].1, us);
    server.shutdown().await;

    let (server, client) = start("eu-west-1", &path).await;
    let listed = application_profiles(&client).await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].1, eu);
    server.shutdown().await;
}

#[tokio::test]
async fn a_corrupt_state_file_is_moved_aside_and_the_server_starts_fresh() {
    let dir = tempfile::tempdir().unwrap();
    let path = state_path(&dir);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let damaged = "{\"format\":\"bedrock-local-state\",\"version\":1,\"worlds\":[{\"accountId\":";
    std::fs::write(&path, damaged).unwrap();

    let (server, client) = start("us-east-1", &path).await;
    assert!(application_profiles(&client).await.is_empty());
    assert_eq!(
        files_in(path.parent().unwrap()),
        ["world.json.corrupt-20261201T100000Z"]
    );
    assert_eq!(
        std::fs::read_to_string(path.with_file_name("world.json.corrupt-20261201T100000Z")).unwrap(),
        damaged,
        "what was in the file is kept"
    );

    let arn = create(&client, "us-east-1", "fresh-start").await;
    server.shutdown().await;
    let (server, client) = start("us-east-1", &path).await;
    assert_eq!(application_profiles(&client).await[0].1, arn);
    server.shutdown().await;
}

#[tokio::test]
async fn reset_forgets_every_regions_profiles_and_keeps_serving() {
    let dir = tempfile::tempdir().unwrap();
    let path = state_path(&dir);

    let (server, client) = start("eu-west-1", &path).await;
    create(&client, "eu-west-1", "eu-team").await;
    server.shutdown().await;

    let (server, client) = start("us-east-1", &path).await;
    let arn = create(&client, "us-east-1", "us-team").await;
    server.reset().unwrap();
    assert!(!path.exists());
    assert!(application_profiles(&client).await.is_empty());
    let gone = client
        .get_inference_profile()
        .inference_profile_identifier(&arn)
        .send()
        .await
        .unwrap_err();
    assert!(gone.into_service_error().is_resource_not_found_exception());
    // The seeded world is untouched, and the name can be used again.
    assert!(
        client
            .get_inference_profile()
            .inference_profile_identifier(format!("us.{SONNET_37}"))
            .send()
            .await
            .is_ok()
    );
    let again = create(&client, "us-east-1", "us-team").await;
    server.shutdown().await;

    let (server, client) = start("us-east-1", &path).await;
    let listed = application_profiles(&client).await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].1, again);
    server.shutdown().await;
    let (server, client) = start("eu-west-1", &path).await;
    assert!(application_profiles(&client).await.is_empty());
    server.shutdown().await;
}
