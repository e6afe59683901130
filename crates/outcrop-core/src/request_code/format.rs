//! The formats copy as code writes, and the request for a transport written in one of them.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{converse, invoke_model, messages_api};
use crate::conversation::{Api, Conversation};
use crate::messages_endpoint::MessagesEndpoint;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum CodeFormat {
    AwsCli,
    Boto3,
    Rust,
    Json,
    /// curl signed with SigV4 (`--aws-sigv4`): the Messages API route.
    Curl,
    /// curl with a Bedrock API key: the Messages API route.
    CurlApiKey,
    /// Python with Anthropic's SDK at the Messages API route.
    AnthropicPython,
    /// TypeScript with Anthropic's SDK at the Messages API route.
    AnthropicTypescript,
}

impl CodeFormat {
    /// The formats copy as code offers for a transport.
    pub fn for_api(api: Api) -> &'static [CodeFormat] {
        match api {
            Api::Converse | Api::InvokeModel => &[Self::AwsCli, Self::Boto3, Self::Rust, Self::Json],
            Api::Messages => &[
                Self::Curl,
                Self::CurlApiKey,
                Self::AnthropicPython,
                Self::AnthropicTypescript,
                Self::Json,
            ],
        }
    }
}

/// The request for `conversation` sent through `api` to `model_id` in `region`, as `format` (a format the
/// transport does not offer, see [`CodeFormat::for_api`], is written as the transport's nearest one); the
/// Messages API on bedrock-runtime.
pub fn request_code(
    conversation: &Conversation,
    api: Api,
    model_id: &str,
    region: &str,
    format: CodeFormat,
) -> String {
    request_code_at(
        conversation,
        api,
        model_id,
        region,
        MessagesEndpoint::Runtime,
        format,
    )
}

/// [`request_code`] with the Messages API sent to `endpoint`; `model_id` is the ID the request names (on
/// bedrock-mantle, the foundation-model ID: see [`MessagesEndpoint::model_id`]).
pub fn request_code_at(
    conversation: &Conversation,
    api: Api,
    model_id: &str,
    region: &str,
    endpoint: MessagesEndpoint,
    format: CodeFormat,
) -> String {
    match api {
        Api::Converse => converse::code(conversation, model_id, region, format),
        Api::Messages => messages_api::code(conversation, model_id, region, endpoint, format),
        Api::InvokeModel => invoke_model::code(
            &conversation.invoke_model_body(),
            conversation.service_tier,
            conversation.named_project(),
            model_id,
            region,
            format,
        ),
    }
}
