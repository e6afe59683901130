//! The models of late 2026 through the real SDKs: identifiers without a date or version suffix on every
//! operation, their per-geography profiles, and what each model supports (APIs) as AWS answers otherwise.

#![allow(clippy::unwrap_used)] // a test fails loudly

mod support;

use aws_sdk_bedrock::types::{InferenceProfileModelSource, InferenceType};
use aws_sdk_bedrockruntime::error::ProvideErrorMetadata;
use aws_sdk_bedrockruntime::types::{
    CachePointBlock, CachePointType, CacheTtl, ContentBlock, ConverseOutput, ConverseStreamOutput,
    ConverseTokensRequest, CountTokensInput, ResponseStream, SystemContentBlock,
};
use bedrock_local::Config;
use support::{anthropic_body, document, start_local, system, user};

const OPUS_47: &str = "anthropic.claude-opus-4-7";
const OPUS_46: &str = "anthropic.claude-opus-4-6-v1";
const SONNET_46: &str = "anthropic.claude-sonnet-4-6";
const OPUS_41: &str = "anthropic.claude-opus-4-1-20250805-v1:0";
const NOVA_2_LITE: &str = "amazon.nova-2-lite-v1:0";
const NOVA_PREMIER: &str = "amazon.nova-premier-v1:0";

/// CountTokens of one short user message on `model`.
async fn count_tokens(
    runtime: &aws_sdk_bedrockruntime::Client,
    model: &str,
) -> Result<
    aws_sdk_bedrockruntime::operation::count_tokens::CountTokensOutput,
    aws_sdk_bedrockruntime::error::SdkError<
        aws_sdk_bedrockruntime::operation::count_tokens::CountTokensError,
    >,
> {
    runtime
        .count_tokens()
        .model_id(model)
        .input(CountTokensInput::Converse(
            ConverseTokensRequest::builder()
                .messages(user("How many?"))
                .build(),
        ))
        .send()
        .await
}

fn cache_point(ttl: Option<CacheTtl>) -> SystemContentBlock {
    SystemContentBlock::CachePoint(
        CachePointBlock::builder()
            .r#type(CachePointType::Default)
            .set_ttl(ttl)
            .build()
            .unwrap(),
    )
}

#[tokio::test]
async fn us_east_1_lists_the_current_models_and_their_profiles() {
    let local = start_local(Config::default()).await;
    let models = local.control.list_foundation_models().send().await.unwrap();
    for id in [OPUS_47, OPUS_46, SONNET_46, OPUS_41, NOVA_2_LITE, NOVA_PREMIER] {
        let model = models
            .model_summaries()
            .iter()
            .find(|m| m.model_id() == id)
            .unwrap_or_else(|| panic!("{id} is listed"));
        assert_eq!(
            model.model_arn(),
            format!("arn:aws:bedrock:us-east-1::foundation-model/{id}")
        );
        assert_eq!(
            model.inference_types_supported(),
            [InferenceType::from("INFERENCE_PROFILE")],
            "{id} runs through profiles only"
        );
    }
    for identifier in [
        OPUS_47.to_owned(),
        format!("arn:aws:bedrock:us-east-1::foundation-model/{OPUS_46}"),
    ] {
        let details = local
            .control
            .get_foundation_model()
            .model_identifier(&identifier)
            .send()
            .await
            .unwrap();
        assert!(
            identifier.ends_with(details.model_details().unwrap().model_id()),
            "{identifier}"
        );
    }

    let profiles = local
        .control
        .list_inference_profiles()
        .max_results(1000)
        .send()
        .await
        .unwrap();
    let ids: Vec<&str> = profiles
        .inference_profile_summaries()
        .iter()
        .map(|p| p.inference_profile_id())
        .collect();
    for id in [
        "us.anthropic.claude-opus-4-7",
        "global.anthropic.claude-opus-4-7",
        "us.anthropic.claude-sonnet-4-6",
        "global.anthropic.claude-sonnet-4-6",
        "us.anthropic.claude-opus-4-6-v1",
        "us.anthropic.claude-opus-4-1-20250805-v1:0",
        "us.amazon.nova-2-lite-v1:0",
        "us.amazon.nova-premier-v1:0",
    ] {
        assert!(ids.contains(&id), "{id} in {ids:?}");
    }
    assert!(
        !ids.iter()
            .any(|id| id.starts_with("eu.") || id.starts_with("jp.")),
        "only the geographies us-east-1 is a source of"
    );
    let arn = "arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.anthropic.claude-opus-4-7";
    let profile = local
        .control
        .get_inference_profile()
        .inference_profile_identifier(arn)
        .send()
        .await
        .unwrap();
    assert_eq!(profile.inference_profile_id(), "us.anthropic.claude-opus-4-7");
    assert!(profile.models().iter().all(|m| {
        m.model_arn()
            .unwrap()
            .ends_with(":foundation-model/anthropic.claude-opus-4-7")
    }));

    // Sonnet 4.6 in Sydney and Tokyo, Opus 4.7 in Frankfurt: each geography where the model has one.
    for (region, id) in [
        ("ap-southeast-2", "au.anthropic.claude-sonnet-4-6"),
        ("ap-northeast-1", "jp.anthropic.claude-sonnet-4-6"),
        ("ap-northeast-1", "jp.anthropic.claude-opus-4-7"),
        ("eu-central-1", "eu.anthropic.claude-opus-4-7"),
    ] {
        let (server, control) = support::start_with(Config {
            region: region.to_owned(),
            ..Config::default()
        })
        .await;
        control
            .get_inference_profile()
            .inference_profile_identifier(id)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{id} in {region}: {e:?}"));
        server.shutdown().await;
    }
    local.server.shutdown().await;
}

#[tokio::test]
async fn the_bare_opus_4_7_id_gets_the_on_demand_error() {
    let local = start_local(Config::default()).await;
    let error = local
        .runtime
        .converse()
        .model_id(OPUS_47)
        .messages(user("hi"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("ValidationException"));
    assert_eq!(
        error.message(),
        Some(
            "Invocation of model ID anthropic.claude-opus-4-7 with on-demand throughput isn\u{2019}t supported. Retry your request with the ID or ARN of an inference profile that contains this model."
        )
    );
    let invoke = local
        .runtime
        .invoke_model()
        .model_id(OPUS_47)
        .body(anthropic_body("hi"))
        .send()
        .await
        .unwrap_err();
    assert!(
        invoke
            .message()
            .unwrap()
            .contains("with on-demand throughput isn")
    );
    local.server.shutdown().await;
}

#[tokio::test]
async fn suffix_free_ids_work_on_every_runtime_operation() {
    let local = start_local(Config::default()).await;

    // Converse through a profile ID, with a cache point past Sonnet 4.6's 2,048-token floor.
    let converse = || {
        local
            .runtime
            .converse()
            .model_id(format!("us.{SONNET_46}"))
            .system(system(&document(2500)))
            .system(cache_point(Some(CacheTtl::OneHour)))
            .messages(user("What is in the document?"))
            .send()
    };
    let first = converse().await.unwrap();
    let usage = first.usage().unwrap();
    assert_eq!(usage.cache_write_input_tokens(), Some(2500));
    assert_eq!(usage.cache_details()[0].ttl().as_str(), "1h");
    let second = converse().await.unwrap();
    assert_eq!(second.usage().unwrap().cache_read_input_tokens(), Some(2500));
    let Some(ConverseOutput::Message(message)) = first.output() else {
        panic!("no message")
    };
    let ContentBlock::Text(answer) = &message.content()[0] else {
        panic!("no text")
    };
    assert!(answer.contains("Claude Sonnet 4.6"), "{answer}");

    // ConverseStream through a profile ARN.
    let mut stream = local
        .runtime
        .converse_stream()
        .model_id(format!(
            "arn:aws:bedrock:us-east-1:111122223333:inference-profile/global.{OPUS_47}"
        ))
        .messages(user("Stream please"))
        .send()
        .await
        .unwrap()
        .stream;
    let mut metadata = false;
    while let Some(event) = stream.recv().await.unwrap() {
        metadata |= matches!(event, ConverseStreamOutput::Metadata(_));
    }
    assert!(metadata);

    // InvokeModel and its stream.
    let invoked = local
        .runtime
        .invoke_model()
        .model_id(format!("us.{OPUS_46}"))
        .body(anthropic_body("Invoke me"))
        .send()
        .await
        .unwrap();
    let body: serde_json::Value = serde_json::from_slice(invoked.body().as_ref()).unwrap();
    assert_eq!(body["model"], OPUS_46);
    let mut events = local
        .runtime
        .invoke_model_with_response_stream()
        .model_id(format!("us.{OPUS_47}"))
        .body(anthropic_body("Stream me"))
        .send()
        .await
        .unwrap()
        .body;
    let mut chunks = 0;
    while let Some(event) = events.recv().await.unwrap() {
        if let ResponseStream::Chunk(_) = event {
            chunks += 1;
        }
    }
    assert!(chunks > 3);

    // CountTokens with the bare suffix-free IDs of models that support it.
    for model in [SONNET_46, OPUS_46] {
        let counted = count_tokens(&local.runtime, model).await.unwrap();
        assert!(counted.input_tokens() > 0, "{model}");
    }

    // Nova with suffixed IDs through their profiles, and an application profile of a suffix-free one.
    for model in [NOVA_2_LITE, NOVA_PREMIER] {
        local
            .runtime
            .converse()
            .model_id(format!("us.{model}"))
            .messages(user("hi"))
            .send()
            .await
            .unwrap();
    }
    let created = local
        .control
        .create_inference_profile()
        .inference_profile_name("opus-team")
        .model_source(InferenceProfileModelSource::CopyFrom(format!(
            "arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.{OPUS_47}"
        )))
        .send()
        .await
        .unwrap();
    local
        .runtime
        .converse()
        .model_id(created.inference_profile_arn())
        .messages(user("hi"))
        .send()
        .await
        .unwrap();
    local.server.shutdown().await;
}

#[tokio::test]
async fn a_model_refuses_an_api_it_does_not_support() {
    let local = start_local(Config::default()).await;
    let opus_count = count_tokens(&local.runtime, OPUS_47).await.unwrap_err();
    assert_eq!(opus_count.code(), Some("ValidationException"));
    assert_eq!(
        opus_count.message(),
        Some("The provided model doesn't support counting tokens.")
    );
    let embeddings = local
        .runtime
        .converse()
        .model_id("amazon.titan-embed-text-v2:0")
        .messages(user("hi"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        embeddings.message(),
        Some(
            "This action doesn't support the model that you provided. Try again with a supported text or chat model."
        )
    );
    local.server.shutdown().await;
}
