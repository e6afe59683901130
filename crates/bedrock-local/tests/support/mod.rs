//! What the integration tests share: a server on a free port with an SDK client for it, and small builders.

#![allow(dead_code, clippy::unwrap_used)] // each test file uses what it needs

pub mod http;

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use aws_sdk_bedrock::Client;
use aws_sdk_bedrock::types::Tag;
use aws_sdk_bedrockruntime::types::{ContentBlock, ConversationRole, Message, SystemContentBlock};
use bedrock_local::{BedrockLocal, Config, ManualClock};

pub async fn sdk_config(region: String, url: String) -> aws_config::SdkConfig {
    aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new(region))
        .endpoint_url(url)
        .credentials_provider(aws_credential_types::Credentials::for_tests())
        .load()
        .await
}

/// Starts a server with `config` and returns it with an `aws-sdk-bedrock` client in its Region.
pub async fn start_with(config: Config) -> (BedrockLocal, Client) {
    let region = config.region.clone();
    let server = BedrockLocal::start(config).await.unwrap();
    let sdk = sdk_config(region, server.url()).await;
    (server, Client::new(&sdk))
}

pub fn tag(key: &str, value: &str) -> Tag {
    Tag::builder().key(key).value(value).build().unwrap()
}

/// A server on a manual clock, with clients for both planes.
pub struct Local {
    pub server: BedrockLocal,
    pub control: Client,
    pub runtime: aws_sdk_bedrockruntime::Client,
    pub clock: ManualClock,
}

/// Starts a server with `config` on a manual clock, with a control-plane and a runtime client.
pub async fn start_local(config: Config) -> Local {
    let clock = ManualClock::new(SystemTime::UNIX_EPOCH + Duration::from_secs(1_790_000_000));
    let region = config.region.clone();
    let server = BedrockLocal::start(Config {
        clock: Arc::new(clock.clone()),
        ..config
    })
    .await
    .unwrap();
    let sdk = sdk_config(region, server.url()).await;
    Local {
        control: Client::new(&sdk),
        runtime: aws_sdk_bedrockruntime::Client::new(&sdk),
        server,
        clock,
    }
}

pub fn user(text: &str) -> Message {
    Message::builder()
        .role(ConversationRole::User)
        .content(ContentBlock::Text(text.to_owned()))
        .build()
        .unwrap()
}

pub fn system(text: &str) -> SystemContentBlock {
    SystemContentBlock::Text(text.to_owned())
}

/// A long, stable document: `n` tokens by bedrock-local's tokenizer (one per short word).
pub fn document(n: usize) -> String {
    vec!["rock"; n].join(" ")
}

/// An Anthropic Messages body for InvokeModel.
pub fn anthropic_body(question: &str) -> aws_sdk_bedrockruntime::primitives::Blob {
    aws_sdk_bedrockruntime::primitives::Blob::new(
        serde_json::json!({
            "anthropic_version": "bedrock-2023-05-31",
            "max_tokens": 100,
            "messages": [{"role": "user", "content": question}]
        })
        .to_string(),
    )
}

/// JSON as the SDK's `Document` (tool schemas, additional model request fields).
pub fn doc(value: &serde_json::Value) -> aws_smithy_types::Document {
    use aws_smithy_types::{Document, Number};
    use serde_json::Value;
    match value {
        Value::Null => Document::Null,
        Value::Bool(b) => Document::Bool(*b),
        Value::Number(n) => match n.as_u64() {
            Some(u) => Document::Number(Number::PosInt(u)),
            None => Document::Number(Number::Float(n.as_f64().unwrap())),
        },
        Value::String(s) => Document::String(s.clone()),
        Value::Array(items) => Document::Array(items.iter().map(doc).collect()),
        Value::Object(map) => Document::Object(map.iter().map(|(k, v)| (k.clone(), doc(v))).collect()),
    }
}

/// The SDK configuration for the local server in us-east-1 (CloudWatch's and Cost Explorer's clients).
pub async fn us_east_1(local: &Local) -> aws_config::SdkConfig {
    sdk_config("us-east-1".into(), local.server.url()).await
}

/// An application profile copied from the US Claude 3.7 Sonnet profile, tagged `Department=department`; its ARN.
pub async fn department_profile(local: &Local, name: &str, department: &str) -> String {
    let source = "arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.anthropic.claude-3-7-sonnet-20250219-v1:0";
    local
        .control
        .create_inference_profile()
        .inference_profile_name(name)
        .model_source(aws_sdk_bedrock::types::InferenceProfileModelSource::CopyFrom(
            source.into(),
        ))
        .tags(tag("Department", department))
        .send()
        .await
        .unwrap()
        .inference_profile_arn()
        .to_owned()
}

/// A Converse turn on `model` with a cached 2,000-word document (a system block behind a cache point): the first
/// through a model or profile writes the cache, the next ones read it. Its usage.
pub async fn converse_cached(
    local: &Local,
    model: &str,
    question: &str,
) -> aws_sdk_bedrockruntime::types::TokenUsage {
    let checkpoint = aws_sdk_bedrockruntime::types::CachePointBlock::builder()
        .r#type(aws_sdk_bedrockruntime::types::CachePointType::Default)
        .build()
        .unwrap();
    local
        .runtime
        .converse()
        .model_id(model)
        .system(SystemContentBlock::Text(document(2_000)))
        .system(SystemContentBlock::CachePoint(checkpoint))
        .messages(user(question))
        .send()
        .await
        .unwrap()
        .usage()
        .unwrap()
        .clone()
}
