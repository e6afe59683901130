//! InvokeModel and InvokeModelWithResponseStream, with Anthropic Messages bodies.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::event_stream::{Sender, event_frame, event_stream_response};
use super::turn::{Request, Turn, parse_json, resolve, stream_fault};
use crate::error::AwsError;
use crate::prompt::Prompt;
use crate::responder;
use crate::service::Service;
use crate::support::{Api, SERVICE_TIER_HEADER, ServiceTier};

/// An InvokeModel or InvokeModelWithResponseStream request after resolution, checking and the cache.
fn invoke_turn(
    service: &Service,
    model_id: &str,
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<Turn, AwsError> {
    let request = Request {
        api: Api::InvokeModel,
        tier: ServiceTier::from_headers(headers)?,
    };
    Turn::run(
        service,
        model_id,
        request,
        anthropic_prompt(service, model_id, body)?,
    )
}

/// The `X-Amzn-Bedrock-Service-Tier` answer header, when the request named a tier.
fn tier_header(turn: &Turn) -> Option<(&'static str, String)> {
    turn.tier
        .map(|tier| (SERVICE_TIER_HEADER, tier.as_str().to_owned()))
}

fn anthropic_prompt(service: &Service, model_id: &str, body: &Bytes) -> Result<Prompt, AwsError> {
    let model = resolve(service, model_id)?;
    service.support.check_api(&model.model_id, Api::InvokeModel)?;
    if model.provider_name != "Anthropic" {
        return Err(AwsError::validation(format!(
            "bedrock-local reads InvokeModel bodies in the Anthropic Messages format only; call {} with Converse instead.",
            model.model_id
        )));
    }
    Prompt::from_anthropic(&parse_json(body)?)
}

fn anthropic_usage(turn: &Turn, output_tokens: u32) -> Value {
    json!({
        "input_tokens": turn.uncached_input(),
        "cache_creation_input_tokens": turn.cache.write(),
        "cache_read_input_tokens": turn.cache.read,
        "cache_creation": {
            "ephemeral_5m_input_tokens": turn.cache.write_5m,
            "ephemeral_1h_input_tokens": turn.cache.write_1h,
        },
        "output_tokens": output_tokens,
    })
}

fn message_id(turn: &Turn) -> String {
    format!(
        "msg_bdrk_{:016x}",
        turn.prompt.prefix_hashes.last().copied().unwrap_or(0)
    )
}

fn anthropic_content(turn: &Turn) -> Vec<Value> {
    let mut content = Vec::new();
    if !turn.reply.text.is_empty() {
        content.push(json!({"type": "text", "text": turn.reply.text}));
    }
    if let Some(tool) = &turn.reply.tool_use {
        content.push(json!({"type": "tool_use", "id": tool.id, "name": tool.name, "input": tool.input}));
    }
    content
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
    let turn = invoke_turn(&service, &model_id, &headers, &body)?;
    turn.wait_whole_answer(&service).await;
    let body = json!({
        "id": message_id(&turn),
        "type": "message",
        "role": "assistant",
        "model": turn.model.model_id,
        "content": anthropic_content(&turn),
        "stop_reason": turn.reply.stop_reason,
        "stop_sequence": turn.reply.stop_sequence,
        "usage": anthropic_usage(&turn, turn.reply.output_tokens),
    });
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
    let turn = invoke_turn(&service, &model_id, &headers, &body)?;
    let fault = stream_fault(&headers, &service);
    let service = Arc::clone(&service);
    let mut extra = vec![("x-amzn-bedrock-content-type", "application/json".to_owned())];
    extra.extend(tier_header(&turn));
    Ok(event_stream_response(extra, move |tx| async move {
        let mut out = Sender::new(tx, fault);
        out.pause(turn.first_token_delay(&service)).await;
        let first_byte_ms = turn.elapsed_ms();
        let start = json!({"type": "message_start", "message": {
            "id": message_id(&turn), "type": "message", "role": "assistant", "model": turn.model.model_id,
            "content": [], "stop_reason": null, "stop_sequence": null, "usage": anthropic_usage(&turn, 1)}});
        if !out.send(chunk_frame(&start)).await {
            return;
        }
        let mut index = 0;
        if !turn.reply.text.is_empty() {
            let block_start = json!({"type": "content_block_start", "index": index, "content_block": {"type": "text", "text": ""}});
            if !out.send(chunk_frame(&block_start)).await {
                return;
            }
            for chunk in responder::chunks(&turn.reply.text, 3) {
                if !out
                    .pause(turn.generation(&service, crate::tokenizer::count(&chunk)))
                    .await
                {
                    return;
                }
                let delta = json!({"type": "content_block_delta", "index": index, "delta": {"type": "text_delta", "text": chunk}});
                if !out.send(chunk_frame(&delta)).await {
                    return;
                }
            }
            if !out
                .send(chunk_frame(
                    &json!({"type": "content_block_stop", "index": index}),
                ))
                .await
            {
                return;
            }
            index += 1;
        }
        if let Some(tool) = &turn.reply.tool_use {
            for event in [
                json!({"type": "content_block_start", "index": index, "content_block": {"type": "tool_use", "id": tool.id, "name": tool.name, "input": {}}}),
                json!({"type": "content_block_delta", "index": index, "delta": {"type": "input_json_delta", "partial_json": tool.input.to_string()}}),
                json!({"type": "content_block_stop", "index": index}),
            ] {
                if !out.send(chunk_frame(&event)).await {
                    return;
                }
            }
        }
        let delta = json!({"type": "message_delta",
            "delta": {"stop_reason": turn.reply.stop_reason, "stop_sequence": turn.reply.stop_sequence},
            "usage": {"output_tokens": turn.reply.output_tokens}});
        if !out.send(chunk_frame(&delta)).await {
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
