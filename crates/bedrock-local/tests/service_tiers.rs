//! Service tiers through the real SDK: Converse's `serviceTier` and InvokeModel's `X-Amzn-Bedrock-Service-Tier`
//! are echoed where the model serves the tier, and refused as AWS refuses them where it does not.

#![allow(clippy::unwrap_used)] // a test fails loudly

mod support;

use aws_sdk_bedrockruntime::error::ProvideErrorMetadata;
use aws_sdk_bedrockruntime::types::{ConverseStreamOutput, ServiceTier, ServiceTierType};
use bedrock_local::Config;
use support::{anthropic_body, start_local, user};

const OPUS_47: &str = "us.anthropic.claude-opus-4-7";
const SONNET_46: &str = "us.anthropic.claude-sonnet-4-6";
const SONNET_45: &str = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
const NOVA_PRO: &str = "amazon.nova-pro-v1:0";

fn tier(kind: ServiceTierType) -> ServiceTier {
    ServiceTier::builder().r#type(kind).build().unwrap()
}

#[tokio::test]
async fn converse_echoes_the_tier_in_the_answer_and_the_streams_metadata() {
    let local = start_local(Config::default()).await;
    for (model, kind) in [
        (SONNET_45, ServiceTierType::Priority),
        (NOVA_PRO, ServiceTierType::Flex),
        (SONNET_46, ServiceTierType::Reserved),
        (OPUS_47, ServiceTierType::Default),
    ] {
        let output = local
            .runtime
            .converse()
            .model_id(model)
            .messages(user("hi"))
            .service_tier(tier(kind.clone()))
            .send()
            .await
            .unwrap_or_else(|e| panic!("{model} {kind:?}: {e:?}"));
        assert_eq!(
            output.service_tier().map(ServiceTier::r#type),
            Some(&kind),
            "{model}"
        );
    }
    let untiered = local
        .runtime
        .converse()
        .model_id(SONNET_45)
        .messages(user("hi"))
        .send()
        .await
        .unwrap();
    assert_eq!(untiered.service_tier(), None, "no tier asked for, none echoed");

    let mut stream = local
        .runtime
        .converse_stream()
        .model_id(SONNET_45)
        .messages(user("stream on priority"))
        .service_tier(tier(ServiceTierType::Priority))
        .send()
        .await
        .unwrap()
        .stream;
    let mut echoed = None;
    while let Some(event) = stream.recv().await.unwrap() {
        if let ConverseStreamOutput::Metadata(metadata) = event {
            echoed = metadata.service_tier().map(|t| t.r#type().clone());
        }
    }
    assert_eq!(echoed, Some(ServiceTierType::Priority));
    local.server.shutdown().await;
}

#[tokio::test]
async fn invoke_model_takes_and_answers_the_tier_header() {
    let local = start_local(Config::default()).await;
    let output = local
        .runtime
        .invoke_model()
        .model_id(SONNET_45)
        .service_tier(ServiceTierType::Flex)
        .body(anthropic_body("hi"))
        .send()
        .await
        .unwrap();
    assert_eq!(output.service_tier(), Some(&ServiceTierType::Flex));
    let untiered = local
        .runtime
        .invoke_model()
        .model_id(SONNET_45)
        .body(anthropic_body("hi"))
        .send()
        .await
        .unwrap();
    assert_eq!(untiered.service_tier(), None);

    let streamed = local
        .runtime
        .invoke_model_with_response_stream()
        .model_id(SONNET_46)
        .service_tier(ServiceTierType::Reserved)
        .body(anthropic_body("hi"))
        .send()
        .await
        .unwrap();
    assert_eq!(streamed.service_tier(), Some(&ServiceTierType::Reserved));
    let mut body = streamed.body;
    while body.recv().await.unwrap().is_some() {}
    local.server.shutdown().await;
}

#[tokio::test]
async fn a_tier_the_model_does_not_serve_is_refused() {
    let local = start_local(Config::default()).await;
    let message = "The provided service tier is not supported for this model.";
    let opus = local
        .runtime
        .converse()
        .model_id(OPUS_47)
        .messages(user("hi"))
        .service_tier(tier(ServiceTierType::Priority))
        .send()
        .await
        .unwrap_err();
    assert_eq!(opus.code(), Some("ValidationException"));
    assert_eq!(opus.message(), Some(message));
    let sonnet = local
        .runtime
        .converse_stream()
        .model_id(SONNET_46)
        .messages(user("hi"))
        .service_tier(tier(ServiceTierType::Flex))
        .send()
        .await
        .unwrap_err();
    assert_eq!(sonnet.message(), Some(message));
    let invoke = local
        .runtime
        .invoke_model()
        .model_id(OPUS_47)
        .service_tier(ServiceTierType::Flex)
        .body(anthropic_body("hi"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(invoke.message(), Some(message));
    let unknown = local
        .runtime
        .invoke_model()
        .model_id(SONNET_45)
        .service_tier(ServiceTierType::from("turbo"))
        .body(anthropic_body("hi"))
        .send()
        .await
        .unwrap_err();
    assert!(
        unknown
            .message()
            .unwrap()
            .contains("Member must satisfy enum value set: [priority, default, flex, reserved]"),
        "{:?}",
        unknown.message()
    );
    local.server.shutdown().await;
}
