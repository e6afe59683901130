//! Models and inference profiles through the real SDK against bedrock-local: the catalogue with its routes,
//! every page of profiles, create with tags, tag edits, delete, and the resolver on application profiles.

#![allow(clippy::unwrap_used)]

use bedrock_local::{BedrockLocal, Config};
use outcrop_bedrock::profiles::{self, CreateProfile};
use outcrop_bedrock::{Connection, CredentialSource};
use outcrop_core::ErrorCode;
use outcrop_core::profiles::Tag;
use outcrop_core::resolver::{ModelInfo, Route, resolve};

const SONNET_37: &str = "anthropic.claude-3-7-sonnet-20250219-v1:0";

async fn client(server: &BedrockLocal, region: &str) -> aws_sdk_bedrock::Client {
    Connection {
        source: CredentialSource::StaticKeys {
            access_key_id: "AKIAPROFILESTEST0001".into(),
            secret_access_key: outcrop_core::Secret::new("profiles-test-secret-0123456789"),
            session_token: None,
        },
        region: region.into(),
        endpoint_url: Some(server.url()),
        simulated: false,
    }
    .bedrock()
    .await
}

fn tag(key: &str, value: &str) -> Tag {
    Tag {
        key: key.into(),
        value: value.into(),
    }
}

#[tokio::test]
async fn the_catalogue_says_how_to_call_each_model_from_the_region() {
    for (region, geography) in [
        ("us-east-1", "us"),
        ("eu-west-1", "eu"),
        ("ap-northeast-1", "jp"),
        ("ap-southeast-2", "au"),
    ] {
        let server = BedrockLocal::start(Config {
            region: region.into(),
            ..Config::default()
        })
        .await
        .unwrap();
        let catalog = profiles::catalog(&client(&server, region).await, region)
            .await
            .unwrap();
        let sonnet = catalog
            .models
            .iter()
            .find(|m| m.model.model_id == "anthropic.claude-sonnet-4-5-20250929-v1:0")
            .unwrap();
        assert_eq!(sonnet.on_demand_id, None, "{region}");
        assert_eq!(
            sonnet.recommended.as_deref(),
            Some(format!("{geography}.anthropic.claude-sonnet-4-5-20250929-v1:0").as_str()),
            "{region}"
        );
        assert!(
            sonnet
                .profiles
                .iter()
                .any(|r| r.geography.as_deref() == Some("global")),
            "{region}: global is listed too"
        );
        assert!(
            sonnet.profiles[0]
                .destination_regions
                .contains(&region.to_owned()),
            "{region}"
        );
        assert_eq!(sonnet.cache_min_tokens, Some(4096));
        assert_eq!(sonnet.cache_ttls, ["5m", "1h"]);
        let llama = catalog
            .models
            .iter()
            .find(|m| m.model.model_id == "meta.llama3-8b-instruct-v1:0")
            .unwrap();
        assert_eq!(
            llama.on_demand_id.as_deref(),
            Some("meta.llama3-8b-instruct-v1:0")
        );
        assert!(llama.profiles.is_empty());
        server.shutdown().await;
    }
}

#[tokio::test]
async fn create_tag_and_delete_an_application_profile() {
    let server = BedrockLocal::start(Config::default()).await.unwrap();
    let client = client(&server, "us-east-1").await;
    let before = profiles::list_profiles(&client).await.unwrap();
    assert!(before.iter().all(|p| !p.application));

    let request = CreateProfile {
        name: "finance-assistant".into(),
        description: Some("Claude 3.7 for finance".into()),
        copy_from: format!("arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.{SONNET_37}"),
        tags: vec![tag("Department", "Finance"), tag("CostCenter", "1234")],
    };
    let created = profiles::create_profile(&client, &request).await.unwrap();
    assert!(created.application);
    assert_eq!(created.model_id.as_deref(), Some(SONNET_37));
    assert_eq!(
        created.destination_regions,
        ["us-east-1", "us-east-2", "us-west-2"]
    );
    assert!(created.created_at.as_deref().unwrap().ends_with('Z'));
    let all = profiles::list_profiles(&client).await.unwrap();
    assert_eq!(all.len(), before.len() + 1);

    let tags = profiles::set_tags(
        &client,
        &created.arn,
        &[tag("Department", "Treasury"), tag("Project", "Ledger")],
    )
    .await
    .unwrap();
    let mut keys: Vec<(String, String)> = tags.into_iter().map(|t| (t.key, t.value)).collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            ("Department".into(), "Treasury".into()),
            ("Project".into(), "Ledger".into())
        ]
    );

    // The catalogue carries each application profile's tags, so a search finds it by one; system profiles
    // have none of yours.
    let catalog = profiles::catalog(&client, "us-east-1").await.unwrap();
    let listed = catalog.profiles.iter().find(|p| p.arn == created.arn).unwrap();
    let mut listed_tags: Vec<(String, String)> = listed
        .tags
        .clone()
        .unwrap()
        .into_iter()
        .map(|t| (t.key, t.value))
        .collect();
    listed_tags.sort();
    assert_eq!(listed_tags, keys);
    assert!(
        catalog
            .profiles
            .iter()
            .filter(|p| !p.application)
            .all(|p| p.tags.is_none())
    );

    // The resolver knows the model behind the application profile's ARN.
    let models: Vec<ModelInfo> = vec![ModelInfo {
        model_id: SONNET_37.into(),
        on_demand: false,
    }];
    let infos: Vec<_> = all.iter().map(|p| p.info()).collect();
    let resolution = resolve(&created.arn, "us-east-1", &models, &infos).unwrap();
    assert_eq!(
        (resolution.route, resolution.foundation_model_id.as_deref()),
        (Route::ApplicationProfile, Some(SONNET_37))
    );

    let duplicate = profiles::create_profile(&client, &request).await.unwrap_err();
    assert_eq!(duplicate.code, ErrorCode::Conflict);
    profiles::delete_profile(&client, &created.id).await.unwrap();
    let gone = profiles::get_profile(&client, &created.arn).await.unwrap_err();
    assert_eq!(gone.code, ErrorCode::NotFound);
    server.shutdown().await;
}

#[tokio::test]
async fn nothing_invalid_is_sent() {
    let server = BedrockLocal::start(Config::default()).await.unwrap();
    let client = client(&server, "us-east-1").await;
    let error = profiles::create_profile(
        &client,
        &CreateProfile {
            name: "bad name!".into(),
            description: Some("has, commas".into()),
            copy_from: "us.amazon.nova-lite-v1:0".into(),
            tags: vec![tag("", "x")],
        },
    )
    .await
    .unwrap_err();
    assert_eq!(error.code, ErrorCode::Validation);
    let fields: Vec<String> = error.field_errors().into_iter().map(|e| e.field).collect();
    assert_eq!(fields, ["name", "description", "copyFrom", "tags.0.key"]);
    assert!(
        profiles::list_profiles(&client)
            .await
            .unwrap()
            .iter()
            .all(|p| !p.application),
        "nothing was created"
    );
    server.shutdown().await;
}
