//! Models and inference profiles through the real SDK against bedrock-local: the catalogue with its routes,
//! every page of profiles, create with tags, tag edits, delete, and the resolver on application profiles.

#![allow(clippy::unwrap_used)]

use bedrock_local::{BedrockLocal, Config};
use outcrop_bedrock::profiles::{self, CreateProfile};
use outcrop_bedrock::{Connection, CredentialSource};
use outcrop_core::ErrorCode;
use outcrop_core::profiles::Tag;
use outcrop_core::resolver::{ModelInfo, ResolutionReason, Route, Verdict, resolve};

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
        runtime_endpoint_url: None,
        messages_endpoint: outcrop_core::MessagesEndpoint::Runtime,
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
        // Why, as a code the UI words: the profile it calls, and where that profile sends requests.
        assert!(
            matches!(&sonnet.verdict, Some(Verdict::Callable { resolution })
                if matches!(&resolution.reason, ResolutionReason::ProfileOnly { profile_id, destinations, .. }
                    if Some(profile_id) == sonnet.recommended.as_ref() && destinations.contains(&region.to_owned()))),
            "{region}: {:?}",
            sonnet.verdict
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

fn saved(id: &str, region: &str) -> outcrop_bedrock::SavedConnection {
    outcrop_bedrock::SavedConnection {
        id: id.into(),
        name: id.into(),
        source: outcrop_bedrock::connections::SavedSource::LocalBedrock,
        region: region.into(),
        endpoint_url: None,
        runtime_endpoint_url: None,
        messages_endpoint: outcrop_core::MessagesEndpoint::Runtime,
    }
}

fn application_arns(catalog: &profiles::Catalog) -> Vec<String> {
    catalog
        .profiles
        .iter()
        .filter(|p| p.application)
        .map(|p| p.arn.clone())
        .collect()
}

fn request(name: &str) -> CreateProfile {
    CreateProfile {
        name: name.into(),
        description: None,
        copy_from: format!("arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.{SONNET_37}"),
        tags: vec![tag("team", "rocks")],
    }
}

#[tokio::test]
async fn profile_details_carry_tags_the_iam_policy_and_the_cli_commands() {
    let server = BedrockLocal::start(Config::default()).await.unwrap();
    let client = client(&server, "us-east-1").await;
    let created = profiles::create_profile(&client, &request("details"))
        .await
        .unwrap();

    let details = profiles::profile_details(&client, "us-east-1", &created.arn)
        .await
        .unwrap();
    assert_eq!(details.profile, created);
    assert_eq!(details.tags, [tag("team", "rocks")]);
    let policy: serde_json::Value = serde_json::from_str(&details.iam_policy).unwrap();
    assert_eq!(policy["Statement"][0]["Resource"][0], created.arn);
    use outcrop_core::profiles::CliAction::*;
    let actions: Vec<_> = details.cli.iter().map(|c| c.action).collect();
    assert_eq!(actions, [Get, ListTags, Tag, Delete, List]);
    assert!(
        details.cli[1]
            .command
            .starts_with("aws bedrock list-tags-for-resource")
            && details.cli[1].command.contains(&created.arn)
    );

    let system = profiles::profile_details(&client, "us-east-1", &format!("us.{SONNET_37}"))
        .await
        .unwrap();
    assert!(system.tags.is_empty());
    let actions: Vec<_> = system.cli.iter().map(|c| c.action).collect();
    assert_eq!(actions, [Get, List]);

    let missing = profiles::profile_details(&client, "us-east-1", "no-such-profile")
        .await
        .unwrap_err();
    assert_eq!(missing.code, ErrorCode::NotFound);
    server.shutdown().await;
}

#[tokio::test]
async fn the_catalogue_cache_keeps_one_catalogue_until_it_is_invalidated() {
    let server = BedrockLocal::start(Config::default()).await.unwrap();
    let client = client(&server, "us-east-1").await;
    let cache = outcrop_bedrock::CatalogCache::default();
    let home = saved("home", "us-east-1");
    assert!(cache.kept(&home).is_none());

    let first = cache.get_or_load(&home, &client).await.unwrap();
    assert!(application_arns(&first).is_empty());
    let created = profiles::create_profile(&client, &request("cached"))
        .await
        .unwrap();
    // Kept: no call to Bedrock, so the new profile is not in it yet.
    assert!(application_arns(&cache.get_or_load(&home, &client).await.unwrap()).is_empty());
    assert!(std::sync::Arc::ptr_eq(&first, &cache.kept(&home).unwrap()));
    // Another connection, or the same one in another Region, is not served this one's catalogue.
    assert!(cache.kept(&saved("other", "us-east-1")).is_none());
    assert!(cache.kept(&saved("home", "eu-west-1")).is_none());

    cache.invalidate();
    assert!(cache.kept(&home).is_none());
    let fresh = cache.get_or_load(&home, &client).await.unwrap();
    assert_eq!(application_arns(&fresh), std::slice::from_ref(&created.arn));

    // `load` always asks Bedrock, and keeps the answer.
    profiles::delete_profile(&client, &created.id).await.unwrap();
    assert!(application_arns(&cache.load(&home, &client).await.unwrap()).is_empty());
    assert!(application_arns(&cache.kept(&home).unwrap()).is_empty());
    server.shutdown().await;
}

#[tokio::test]
async fn a_catalogue_loading_while_it_is_invalidated_is_not_kept() {
    let server = BedrockLocal::start(Config::default()).await.unwrap();
    let client = client(&server, "us-east-1").await;
    let cache = outcrop_bedrock::CatalogCache::default();
    let home = saved("home", "us-east-1");

    let mut loading = std::pin::pin!(cache.load(&home, &client));
    let first_poll = std::future::poll_fn(|cx| std::task::Poll::Ready(loading.as_mut().poll(cx))).await;
    assert!(first_poll.is_pending(), "the load waits for Bedrock");
    // A profile is created meanwhile, so what the load reads may be out of date.
    cache.invalidate();
    let loaded = loading.await.unwrap();
    assert!(!loaded.models.is_empty(), "the caller still gets its answer");
    assert!(cache.kept(&home).is_none(), "but it is not kept");
    server.shutdown().await;
}

/// Makes bedrock-local fail every TagResource (and only it) with an internal error.
#[derive(Debug)]
struct FailTagResource;

impl aws_smithy_runtime_api::client::interceptors::Intercept for FailTagResource {
    fn name(&self) -> &'static str {
        "FailTagResource"
    }

    fn modify_before_transmit(
        &self,
        context: &mut aws_smithy_runtime_api::client::interceptors::context::BeforeTransmitInterceptorContextMut<'_>,
        _components: &aws_smithy_runtime_api::client::runtime_components::RuntimeComponents,
        _cfg: &mut aws_smithy_types::config_bag::ConfigBag,
    ) -> Result<(), aws_smithy_runtime_api::box_error::BoxError> {
        let request = context.request_mut();
        if request.uri().ends_with("/tagResource") {
            request
                .headers_mut()
                .insert(bedrock_local::FAULT_HEADER, "internal");
        }
        Ok(())
    }
}

#[tokio::test]
async fn a_tag_change_that_fails_loses_no_tag_and_a_bad_arn_is_refused_before_sending() {
    let server = BedrockLocal::start(Config::default()).await.unwrap();
    let client = client(&server, "us-east-1").await;
    let created = profiles::create_profile(&client, &request("keeps-its-tags"))
        .await
        .unwrap();
    profiles::set_tags(
        &client,
        &created.arn,
        &[tag("team", "rocks"), tag("Department", "Treasury")],
    )
    .await
    .unwrap();

    let failing =
        aws_sdk_bedrock::Client::from_conf(client.config().to_builder().interceptor(FailTagResource).build());
    let error = profiles::set_tags(&failing, &created.arn, &[tag("team", "stones")])
        .await
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::Internal, "{error:?}");
    let mut kept: Vec<(String, String)> = profiles::list_tags(&client, &created.arn)
        .await
        .unwrap()
        .into_iter()
        .map(|t| (t.key, t.value))
        .collect();
    kept.sort();
    assert_eq!(
        kept,
        [
            ("Department".into(), "Treasury".into()),
            ("team".into(), "rocks".into())
        ],
        "a failed TagResource removed nothing"
    );

    for arn in [
        "not-an-arn",
        "arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.amazon.nova-lite-v1:0",
        "arn:aws:s3:::bucket",
    ] {
        let refused = profiles::set_tags(&client, arn, &[tag("team", "x")])
            .await
            .unwrap_err();
        assert_eq!(refused.code, ErrorCode::Validation, "{arn}: {refused:?}");
        assert_eq!(refused.field_errors()[0].field, "arn", "{arn}");
    }
    server.shutdown().await;
}
