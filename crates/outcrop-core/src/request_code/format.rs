//! The formats copy as code writes, and the request for a transport written in one of them.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{converse, invoke_model};
use crate::conversation::{Api, Conversation};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum CodeFormat {
    AwsCli,
    Boto3,
    Rust,
    Json,
}

/// The request for `conversation` sent through `api` to `model_id` in `region`, as `format`.
pub fn request_code(
    conversation: &Conversation,
    api: Api,
    model_id: &str,
    region: &str,
    format: CodeFormat,
) -> String {
    match api {
        Api::Converse => converse::code(conversation, model_id, region, format),
        Api::InvokeModel => invoke_model::code(
            &conversation.invoke_model_body(),
            conversation.service_tier,
            model_id,
            region,
            format,
        ),
    }
}
