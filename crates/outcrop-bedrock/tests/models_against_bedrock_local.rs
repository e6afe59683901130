//! Foundation models through the real AWS SDK, over HTTP, against bedrock-local.

#![allow(clippy::unwrap_used)] // a test fails loudly; helpers included

use bedrock_local::{BedrockLocal, Config};
use outcrop_bedrock::models::list_foundation_models;
use outcrop_bedrock::{Connection, CredentialSource, FoundationModelFilter};
use outcrop_core::ErrorCode;

mod support;

async fn client_for(server: &BedrockLocal) -> aws_sdk_bedrock::Client {
    let connection = support::example_keys_to(server.url(), "eu-central-1");
    connection.bedrock().await
}

#[tokio::test]
async fn lists_models_with_profile_only_inference_type() {
    let server = BedrockLocal::start(Config {
        region: "eu-central-1".into(),
        ..Config::default()
    })
    .await
    .unwrap();
    let client = client_for(&server).await;

    let models = list_foundation_models(&client, &FoundationModelFilter::default())
        .await
        .unwrap();
    let sonnet = models
        .iter()
        .find(|m| m.model_id == "anthropic.claude-3-7-sonnet-20250219-v1:0")
        .unwrap();
    assert_eq!(
        sonnet.inference_types_supported,
        ["INFERENCE_PROFILE"],
        "the enum gap survives the SDK"
    );
    assert!(!sonnet.on_demand());
    assert_eq!(
        sonnet.model_arn,
        "arn:aws:bedrock:eu-central-1::foundation-model/anthropic.claude-3-7-sonnet-20250219-v1:0"
    );
    assert!(models.iter().any(|m| m.on_demand() && m.provider_name == "Meta"));

    let embeddings = list_foundation_models(
        &client,
        &FoundationModelFilter {
            output_modality: Some("EMBEDDING".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert!(!embeddings.is_empty());
    assert!(
        embeddings
            .iter()
            .all(|m| m.output_modalities.contains(&"EMBEDDING".to_owned()))
    );

    let anthropic = list_foundation_models(
        &client,
        &FoundationModelFilter {
            provider: Some("anthropic".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(anthropic.len(), 12);
    server.shutdown().await;
}

#[tokio::test]
async fn a_bad_filter_is_a_classified_validation_error() {
    let server = BedrockLocal::start(Config::default()).await.unwrap();
    let client = client_for(&server).await;
    let error = list_foundation_models(
        &client,
        &FoundationModelFilter {
            output_modality: Some("SMELL".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap_err();
    assert_eq!(error.code, ErrorCode::Validation);
    assert!(error.message.contains("byOutputModality"), "{}", error.message);
    assert!(
        error.detail.starts_with("ListFoundationModels:"),
        "{}",
        error.detail
    );
    server.shutdown().await;
}

#[tokio::test]
async fn an_unreachable_endpoint_is_a_network_error() {
    // Bind, learn the port, close: nothing listens there any more.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let connection = Connection {
        source: CredentialSource::StaticKeys {
            access_key_id: "AKIAIOSFODNN7EXAMPLE".into(),
            secret_access_key: outcrop_core::Secret::new("secret"),
            session_token: None,
        },
        region: "us-east-1".into(),
        endpoint_url: Some(format!("http://127.0.0.1:{port}")),
        simulated: false,
        runtime_endpoint_url: None,
        messages_endpoint: outcrop_core::MessagesEndpoint::Runtime,
    };
    let client = connection.bedrock().await;
    let error = list_foundation_models(&client, &FoundationModelFilter::default())
        .await
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::Network, "{error:?}");
}
