//! InvokeModel and InvokeModelWithResponseStream, with Anthropic Messages bodies.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::anthropic_reply::{self, StreamShape};
use super::event_stream::{Sender, event_frame, event_stream_response};
use super::project;
use super::turn::{Request, Turn, parse_json, resolve, stream_fault};
use crate::error::AwsError;
use crate::limits;
use crate::prompt::Prompt;
use crate::service::Service;
use crate::support::{Api, SERVICE_TIER_HEADER, ServiceTier};
use crate::world::FoundationModel;

/// An InvokeModel or InvokeModelWithResponseStream request after resolution, checking and the cache.
fn invoke_turn(
    service: &Service,
    model_id: &str,
    headers: &HeaderMap,
    body: &Bytes,
    streaming: bool,
) -> Result<Turn, AwsError> {
    limits::check_invoke_model_body(body)?;
    let tier = ServiceTier::from_headers(headers)?;
    let (model, prompt) = anthropic_prompt(service, model_id, body)?;
    let project = project::project_of(service, model_id, project::from_headers(headers).as_deref())?;
    let request = Request::runtime(Api::InvokeModel, tier, model_id, project, streaming);
    Turn::run(service, model, request, prompt)
}

/// The `X-Amzn-Bedrock-Service-Tier` answer header, when the request named a tier.
fn tier_header(turn: &Turn) -> Option<(&'static str, String)> {
    turn.tier
        .map(|tier| (SERVICE_TIER_HEADER, tier.as_str().to_owned()))
}

fn anthropic_prompt(
    service: &Service,
    model_id: &str,
    body: &Bytes,
) -> Result<(FoundationModel, Prompt), AwsError> {
    let model = resolve(service, model_id)?;
    service.support.check_api(&model.model_id, Api::InvokeModel)?;
    if model.provider_name != "Anthropic" {
        return Err(AwsError::validation(format!(
            "bedrock-local reads InvokeModel bodies in the Anthropic Messages format only; call {} with Converse instead.",
            model.model_id
        )));
    }
    let prompt = Prompt::from_anthropic(&parse_json(body)?)?;
    Ok((model, prompt))
}

fn token_headers(turn: &Turn) -> Vec<(&'static str, String)> {
    let mut headers = vec![
        (
            "x-amzn-bedrock-input-token-count",
            turn.uncached_input().to_string(),
        ),
        (
            "x-amzn-bedrock-output-token-count",
            turn.reply.output_tokens.to_string(),
        ),
        (
            "x-amzn-bedrock-cache-read-input-token-count",
            turn.cache.read.to_string(),
        ),
        (
            "x-amzn-bedrock-cache-write-input-token-count",
            turn.cache.write().to_string(),
        ),
        ("x-amzn-bedrock-invocation-latency", turn.elapsed_ms().to_string()),
    ];
    headers.extend(tier_header(turn));
    headers
}

pub(super) async fn invoke_model(
    State(service): State<Arc<Service>>,
    Path(model_id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AwsError> {
    let turn = invoke_turn(&service, &model_id, &headers, &body, false)?;
    turn.wait_whole_answer(&service).await;
    let body = anthropic_reply::message(&turn, &turn.model.model_id);
    let mut response = axum::Json(body).into_response();
    for (name, value) in token_headers(&turn) {
        if let Ok(value) = axum::http::HeaderValue::from_str(&value) {
            response.headers_mut().insert(name, value);
        }
    }
    Ok(response)
}

/// A `chunk` event: the Anthropic event's JSON, base64-encoded in `bytes`.
fn chunk_frame(event: &Value) -> Bytes {
    event_frame(
        "chunk",
        &json!({"bytes": aws_smithy_types::base64::encode(event.to_string())}),
    )
}

pub(super) async fn invoke_model_stream(
    State(service): State<Arc<Service>>,
    Path(model_id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AwsError> {
    let turn = invoke_turn(&service, &model_id, &headers, &body, true)?;
    let fault = stream_fault(&headers, &service);
    let service = Arc::clone(&service);
    let mut extra = vec![("x-amzn-bedrock-content-type", "application/json".to_owned())];
    extra.extend(tier_header(&turn));
    Ok(event_stream_response(extra, move |tx| async move {
        let mut out = Sender::new(tx, fault);
        out.pause(turn.first_token_delay(&service)).await;
        let first_byte_ms = turn.elapsed_ms();
        let shape = StreamShape {
            model: &turn.model.model_id,
            frame: chunk_frame,
            ping: false,
            full_delta_usage: false,
        };
        if !anthropic_reply::send_events(&turn, &service, &mut out, &shape).await {
            return;
        }
        let stop = json!({"type": "message_stop", "amazon-bedrock-invocationMetrics": {
            "inputTokenCount": turn.uncached_input(),
            "outputTokenCount": turn.reply.output_tokens,
            "invocationLatency": turn.elapsed_ms(),
            "firstByteLatency": first_byte_ms,
            "cacheReadInputTokenCount": turn.cache.read,
            "cacheWriteInputTokenCount": turn.cache.write(),
        }});
        if out.send(chunk_frame(&stop)).await {
            out.flush().await;
        }
    }))
}
