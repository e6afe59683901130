//! CountTokens, for a Converse input or an InvokeModel body.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::turn::{invalid_model, parse_json};
use crate::error::AwsError;
use crate::prompt::Prompt;
use crate::service::Service;
use crate::support::Api;

pub(super) async fn count_tokens(
    State(service): State<Arc<Service>>,
    Path(model_id): Path<String>,
    body: Bytes,
) -> Result<Response, AwsError> {
    let unsupported = || AwsError::validation("The provided model doesn't support counting tokens.");
    // CountTokens takes a bare foundation-model ID of a model that supports it (data/model-support.json);
    // profiles are refused.
    let model = service.world.foundation_model(&model_id).ok_or_else(|| {
        if service.world.profile(&model_id).is_some() {
            unsupported()
        } else {
            invalid_model()
        }
    })?;
    service.support.check_api(&model.model_id, Api::CountTokens)?;
    let request = parse_json(&body)?;
    let prompt = if let Some(converse) = request.pointer("/input/converse") {
        Prompt::from_converse(converse)?
    } else if let Some(blob) = request.pointer("/input/invokeModel/body").and_then(Value::as_str) {
        let bytes = aws_smithy_types::base64::decode(blob)
            .map_err(|_| AwsError::validation("input.invokeModel.body must be base64-encoded JSON"))?;
        Prompt::from_anthropic(
            &serde_json::from_slice(&bytes)
                .map_err(|e| AwsError::validation(format!("input.invokeModel.body is not JSON: {e}")))?,
        )?
    } else {
        return Err(AwsError::validation(
            "input must hold either converse or invokeModel.",
        ));
    };
    Ok(axum::Json(json!({"inputTokens": prompt.total_tokens()})).into_response())
}
