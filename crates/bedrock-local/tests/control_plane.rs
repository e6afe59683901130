//! The control plane through the real Rust SDK (`aws-sdk-bedrock`), over HTTP.

#![allow(clippy::unwrap_used)] // a test fails loudly; helpers included

use aws_sdk_bedrock::Client;
use aws_sdk_bedrock::error::ProvideErrorMetadata;
use aws_sdk_bedrock::types::{InferenceProfileModelSource, InferenceProfileType};
use bedrock_local::{BedrockLocal, Config};

mod support;
use support::tag;

async fn start(region: &str) -> (BedrockLocal, Client) {
    support::start_with(Config {
        region: region.into(),
        ..Config::default()
    })
    .await
}

const SONNET_37: &str = "anthropic.claude-3-7-sonnet-20250219-v1:0";

#[tokio::test]
async fn lists_system_profiles_by_default_and_pages_through_them() {
    let (server, client) = start("us-east-1").await;
    let all = client.list_inference_profiles().send().await.unwrap();
    let summaries = all.inference_profile_summaries();
    assert!(summaries.len() > 10);
    assert!(
        summaries
            .iter()
            .all(|p| p.r#type() == &InferenceProfileType::SystemDefined)
    );
    assert!(all.next_token().is_none());

    let us = summaries
        .iter()
        .find(|p| p.inference_profile_id() == format!("us.{SONNET_37}"))
        .unwrap();
    assert_eq!(
        us.inference_profile_arn(),
        format!("arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.{SONNET_37}")
    );
    let regions: Vec<&str> = us
        .models()
        .iter()
        .map(|m| m.model_arn().unwrap().split(':').nth(3).unwrap())
        .collect();
    assert_eq!(regions, ["us-east-1", "us-east-2", "us-west-2"]);
    assert!(
        summaries
            .iter()
            .any(|p| p.inference_profile_id().starts_with("global."))
    );

    // The SDK's paginator, five at a time, sees the same profiles in the same order.
    let paged: Vec<String> = client
        .list_inference_profiles()
        .max_results(5)
        .into_paginator()
        .items()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .unwrap()
        .iter()
        .map(|p| p.inference_profile_id().to_owned())
        .collect();
    let unpaged: Vec<String> = summaries
        .iter()
        .map(|p| p.inference_profile_id().to_owned())
        .collect();
    assert_eq!(paged, unpaged);

    let bad = client
        .list_inference_profiles()
        .max_results(1001)
        .send()
        .await
        .unwrap_err();
    assert_eq!(bad.code(), Some("ValidationException"));
    server.shutdown().await;
}

#[tokio::test]
async fn get_by_id_or_arn_and_not_found() {
    let (server, client) = start("eu-west-1").await;
    let id = format!("eu.{SONNET_37}");
    let by_id = client
        .get_inference_profile()
        .inference_profile_identifier(&id)
        .send()
        .await
        .unwrap();
    let by_arn = client
        .get_inference_profile()
        .inference_profile_identifier(by_id.inference_profile_arn())
        .send()
        .await
        .unwrap();
    assert_eq!(by_arn.inference_profile_id(), id);
    assert!(by_id.created_at().is_some());
    let missing = client
        .get_inference_profile()
        .inference_profile_identifier(format!("us.{SONNET_37}"))
        .send()
        .await;
    assert!(
        missing
            .unwrap_err()
            .into_service_error()
            .is_resource_not_found_exception()
    );
    server.shutdown().await;
}

#[tokio::test]
async fn application_profile_lifecycle_with_tags() {
    let (server, client) = start("us-east-1").await;
    let source = format!("arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.{SONNET_37}");
    let created = client
        .create_inference_profile()
        .inference_profile_name("finance-assistant")
        .description("Claude 3.7 for the finance team")
        .model_source(InferenceProfileModelSource::CopyFrom(source.clone()))
        .tags(tag("Department", "Finance"))
        .tags(tag("CostCenter", "1234"))
        .client_request_token("create-finance-1")
        .send()
        .await
        .unwrap();
    let arn = created.inference_profile_arn().to_owned();
    let id = arn.rsplit('/').next().unwrap();
    assert!(arn.starts_with("arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/"));
    assert!(
        id.len() == 12 && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()),
        "{id}"
    );

    // Same token, same request: the same profile, no error.
    let again = client
        .create_inference_profile()
        .inference_profile_name("finance-assistant")
        .description("Claude 3.7 for the finance team")
        .model_source(InferenceProfileModelSource::CopyFrom(source.clone()))
        .tags(tag("Department", "Finance"))
        .tags(tag("CostCenter", "1234"))
        .client_request_token("create-finance-1")
        .send()
        .await
        .unwrap();
    assert_eq!(again.inference_profile_arn(), arn);

    let profile = client
        .get_inference_profile()
        .inference_profile_identifier(&arn)
        .send()
        .await
        .unwrap();
    assert_eq!(profile.r#type(), &InferenceProfileType::Application);
    assert_eq!(
        profile.models().len(),
        3,
        "copies the system profile's destinations"
    );
    assert_eq!(profile.description(), Some("Claude 3.7 for the finance team"));

    let apps = client
        .list_inference_profiles()
        .type_equals(InferenceProfileType::Application)
        .send()
        .await
        .unwrap();
    assert_eq!(apps.inference_profile_summaries().len(), 1);

    let duplicate = client
        .create_inference_profile()
        .inference_profile_name("finance-assistant")
        .model_source(InferenceProfileModelSource::CopyFrom(source.clone()))
        .send()
        .await
        .unwrap_err();
    assert!(duplicate.into_service_error().is_conflict_exception());

    let tags = |client: Client, arn: String| async move {
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
    };
    assert_eq!(
        tags(client.clone(), arn.clone()).await,
        [
            ("CostCenter".into(), "1234".into()),
            ("Department".into(), "Finance".into())
        ]
    );
    client
        .tag_resource()
        .resource_arn(&arn)
        .tags(tag("CostCenter", "5678"))
        .tags(tag("Project", "Ledger"))
        .send()
        .await
        .unwrap();
    client
        .untag_resource()
        .resource_arn(&arn)
        .tag_keys("Department")
        .send()
        .await
        .unwrap();
    assert_eq!(
        tags(client.clone(), arn.clone()).await,
        [
            ("CostCenter".into(), "5678".into()),
            ("Project".into(), "Ledger".into())
        ]
    );

    let mut request = client.tag_resource().resource_arn(&arn);
    for i in 0..199 {
        request = request.tags(tag(&format!("k{i}"), "v"));
    }
    let too_many = request.send().await.unwrap_err().into_service_error();
    assert!(too_many.is_too_many_tags_exception(), "{too_many:?}");

    let system_delete = client
        .delete_inference_profile()
        .inference_profile_identifier(format!("us.{SONNET_37}"))
        .send()
        .await;
    assert_eq!(system_delete.unwrap_err().code(), Some("ValidationException"));
    client
        .delete_inference_profile()
        .inference_profile_identifier(id)
        .send()
        .await
        .unwrap();
    let gone = client
        .get_inference_profile()
        .inference_profile_identifier(&arn)
        .send()
        .await
        .unwrap_err();
    assert!(gone.into_service_error().is_resource_not_found_exception());
    let tags_gone = client
        .list_tags_for_resource()
        .resource_arn(&arn)
        .send()
        .await
        .unwrap_err();
    assert_eq!(tags_gone.code(), Some("ResourceNotFoundException"));
    server.shutdown().await;
}

#[tokio::test]
async fn create_checks_every_constraint_with_the_rule_in_the_message() {
    let (server, client) = start("us-east-1").await;
    let fm = format!("arn:aws:bedrock:us-east-1::foundation-model/{SONNET_37}");
    let error = client
        .create_inference_profile()
        .inference_profile_name("finance team!")
        .description("has, a comma")
        .model_source(InferenceProfileModelSource::CopyFrom(fm.clone()))
        .tags(tag("", "v"))
        .send()
        .await
        .unwrap_err();
    let message = error.message().unwrap().to_owned();
    assert_eq!(error.code(), Some("ValidationException"));
    assert!(message.starts_with("3 validation errors detected"), "{message}");
    assert!(message.contains("Value 'finance team!' at 'inferenceProfileName' failed to satisfy constraint: Member must satisfy regular expression pattern: ([0-9a-zA-Z][ _-]?)+"), "{message}");
    assert!(
        message.contains("Value at 'description'"),
        "the sensitive description is not echoed: {message}"
    );
    assert!(message.contains("'tags.1.member.key'"), "{message}");

    let token_reuse = |name: &'static str| {
        client
            .create_inference_profile()
            .inference_profile_name(name)
            .model_source(InferenceProfileModelSource::CopyFrom(fm.clone()))
            .client_request_token("tok-1")
            .send()
    };
    token_reuse("first").await.unwrap();
    assert!(
        token_reuse("second")
            .await
            .unwrap_err()
            .into_service_error()
            .is_conflict_exception()
    );

    let wrong_region = client
        .create_inference_profile()
        .inference_profile_name("elsewhere")
        .model_source(InferenceProfileModelSource::CopyFrom(format!(
            "arn:aws:bedrock:eu-west-1::foundation-model/{SONNET_37}"
        )))
        .send()
        .await
        .unwrap_err();
    assert_eq!(wrong_region.code(), Some("ValidationException"));
    server.shutdown().await;
}

#[tokio::test]
async fn unknown_paths_are_unknown_operations() {
    let (server, _) = start("us-east-1").await;
    // A raw request, as a client of an operation bedrock-local does not serve would send it.
    let stream = tokio::net::TcpStream::connect(server.local_addr()).await.unwrap();
    let (mut read, mut write) = stream.into_split();
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    write
        .write_all(b"GET /custom-models HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut response = String::new();
    read.read_to_string(&mut response).await.unwrap();
    assert!(response.starts_with("HTTP/1.1 404"), "{response}");
    assert!(
        response
            .to_ascii_lowercase()
            .contains("x-amzn-errortype: unknownoperationexception"),
        "{response}"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn foundation_models_with_filters_and_by_id_or_arn() {
    let (server, client) = start("us-west-2").await;
    let on_demand = client
        .list_foundation_models()
        .by_inference_type(aws_sdk_bedrock::types::InferenceType::OnDemand)
        .send()
        .await
        .unwrap();
    assert!(!on_demand.model_summaries().is_empty());
    assert!(on_demand.model_summaries().iter().all(|m| {
        m.inference_types_supported()
            .iter()
            .any(|t| t.as_str() == "ON_DEMAND")
    }));
    assert!(
        !on_demand
            .model_summaries()
            .iter()
            .any(|m| m.model_id() == SONNET_37),
        "profile-only models are not ON_DEMAND"
    );

    let by_id = client
        .get_foundation_model()
        .model_identifier(SONNET_37)
        .send()
        .await
        .unwrap();
    let details = by_id.model_details().unwrap();
    assert_eq!(
        details.model_arn(),
        format!("arn:aws:bedrock:us-west-2::foundation-model/{SONNET_37}")
    );
    assert_eq!(
        details.inference_types_supported()[0].as_str(),
        "INFERENCE_PROFILE"
    );
    let by_arn = client
        .get_foundation_model()
        .model_identifier(details.model_arn())
        .send()
        .await
        .unwrap();
    assert_eq!(by_arn.model_details().unwrap().model_id(), SONNET_37);
    let unknown = client
        .get_foundation_model()
        .model_identifier("acme.model-v1:0")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        unknown.message(),
        Some("The provided model identifier is invalid.")
    );
    server.shutdown().await;
}

/// Sends a raw request and returns the status line and the error type header.
async fn raw(server: &BedrockLocal, authorization: &str) -> (String, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let stream = tokio::net::TcpStream::connect(server.local_addr()).await.unwrap();
    let (mut read, mut write) = stream.into_split();
    let request = format!(
        "GET /foundation-models HTTP/1.1\r\nhost: x\r\nauthorization: {authorization}\r\nconnection: close\r\n\r\n"
    );
    write.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    read.read_to_string(&mut response).await.unwrap();
    let status = response.lines().next().unwrap_or_default().to_owned();
    let error_type = response
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("x-amzn-errortype: ")
                .map(str::to_owned)
        })
        .unwrap_or_default();
    (status, error_type)
}

#[tokio::test]
async fn a_verifying_server_accepts_nothing_it_cannot_check() {
    let server = BedrockLocal::start(Config {
        auth: bedrock_local::AuthPolicy {
            credentials: vec![("AKIDONLY".into(), "secret".into())],
            api_keys: vec![],
        },
        ..Config::default()
    })
    .await
    .unwrap();
    let (status, kind) = raw(&server, "x").await;
    assert!(status.contains("400"), "{status}");
    assert_eq!(kind, "incompletesignatureexception");
    let (status, kind) = raw(&server, "Bearer some-token").await;
    assert!(
        status.contains("403"),
        "no API keys are configured, so no bearer token passes: {status}"
    );
    assert_eq!(kind, "unrecognizedclientexception");
    server.shutdown().await;
}
