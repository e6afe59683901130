//! What the control-plane tests share: a server on a free port with a control-plane client for it, and tags.

#![allow(dead_code, clippy::unwrap_used)] // each test file uses what it needs

use aws_sdk_bedrock::Client;
use aws_sdk_bedrock::types::Tag;
use bedrock_local::{BedrockLocal, Config};

/// Starts a server with `config` and returns it with an `aws-sdk-bedrock` client in its Region.
pub async fn start_with(config: Config) -> (BedrockLocal, Client) {
    let region = config.region.clone();
    let server = BedrockLocal::start(config).await.unwrap();
    let sdk = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new(region))
        .endpoint_url(server.url())
        .credentials_provider(aws_credential_types::Credentials::for_tests())
        .load()
        .await;
    (server, Client::new(&sdk))
}

pub fn tag(key: &str, value: &str) -> Tag {
    Tag::builder().key(key).value(value).build().unwrap()
}
