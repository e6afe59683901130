//! Converse and ConverseStream.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::event_stream::{Sender, event_frame, event_stream_response};
use super::project;
use super::turn::{Request, Turn, parse_json, resolve, stream_fault};
use crate::error::AwsError;
use crate::limits;
use crate::prompt::Prompt;
use crate::responder;
use crate::service::Service;
use crate::support::{Api, ServiceTier};

/// The most characters of a tool call's input in one `contentBlockDelta` (the service sends the JSON in
/// several pieces).
pub(super) const INPUT_FRAGMENT_CHARS: usize = 12;

/// A Converse or ConverseStream body after resolution, checking and the cache.
fn converse_turn(service: &Service, model_id: &str, body: &Bytes, streaming: bool) -> Result<Turn, AwsError> {
    let body = parse_json(body)?;
    limits::check_converse_documents(&body)?;
    let tier = ServiceTier::from_converse(&body)?;
    let requested = match body.get("projectIdentifier") {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(id)) => Some(id.as_str()),
        Some(_) => return Err(AwsError::serialization("projectIdentifier must be a string.")),
    };
    let model = resolve(service, model_id)?;
    let project = project::project_of(service, model_id, requested)?;
    let request = Request::runtime(Api::Converse, tier, model_id, project, streaming);
    Turn::run(service, model, request, Prompt::from_converse(&body)?)
}

pub(super) async fn converse(
    State(service): State<Arc<Service>>,
    Path(model_id): Path<String>,
    body: Bytes,
) -> Result<Response, AwsError> {
    let turn = converse_turn(&service, &model_id, &body, false)?;
    turn.wait_whole_answer(&service).await;
    let mut content = Vec::new();
    if let Some(reasoning) = &turn.reply.reasoning {
        content.push(json!({"reasoningContent": {"reasoningText": {
            "text": reasoning.text, "signature": reasoning.signature}}}));
    }
    if !turn.reply.text.is_empty() {
        content.push(json!({"text": turn.reply.text}));
    }
    if let Some(tool) = &turn.reply.tool_use {
        content.push(
            json!({"toolUse": {"toolUseId": tool.converse_id(), "name": tool.name, "input": tool.input}}),
        );
    }
    let mut body = json!({
        "output": {"message": {"role": "assistant", "content": content}},
        "stopReason": turn.reply.stop_reason,
        "usage": turn.converse_usage(),
        "metrics": {"latencyMs": turn.elapsed_ms()},
    });
    if let Some(tier) = turn.service_tier_json() {
        body["serviceTier"] = tier;
    }
    Ok(axum::Json(body).into_response())
}

pub(super) async fn converse_stream(
    State(service): State<Arc<Service>>,
    Path(model_id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AwsError> {
    let turn = converse_turn(&service, &model_id, &body, true)?;
    let fault = stream_fault(&headers, &service);
    let service = Arc::clone(&service);
    Ok(event_stream_response(Vec::new(), move |tx| async move {
        let mut out = Sender::new(tx, fault);
        out.pause(turn.first_token_delay(&service)).await;
        if !out
            .send(event_frame("messageStart", &json!({"role": "assistant"})))
            .await
        {
            return;
        }
        let mut index = 0;
        let pace = |piece: &str| turn.generation(&service, crate::tokenizer::count(piece));
        let stop = |index: u32| event_frame("contentBlockStop", &json!({"contentBlockIndex": index}));
        // Reasoning first, as Bedrock streams it: text pieces, then one signature, then the block's stop.
        if let Some(reasoning) = &turn.reply.reasoning {
            let signature = json!({"contentBlockIndex": index, "delta": {"reasoningContent": {"signature": reasoning.signature}}});
            if !out
                .paced(responder::chunks(&reasoning.text, 3), pace, |chunk| {
                    event_frame(
                        "contentBlockDelta",
                        &json!({"contentBlockIndex": index, "delta": {"reasoningContent": {"text": chunk}}}),
                    )
                })
                .await
                || !out
                    .send_all([event_frame("contentBlockDelta", &signature), stop(index)])
                    .await
            {
                return;
            }
            index += 1;
        }
        if !turn.reply.text.is_empty() {
            if !out
                .paced(responder::chunks(&turn.reply.text, 3), pace, |chunk| {
                    event_frame(
                        "contentBlockDelta",
                        &json!({"contentBlockIndex": index, "delta": {"text": chunk}}),
                    )
                })
                .await
                || !out.send(stop(index)).await
            {
                return;
            }
            index += 1;
        }
        if let Some(tool) = &turn.reply.tool_use {
            let start = json!({"contentBlockIndex": index, "start": {"toolUse": {"toolUseId": tool.converse_id(), "name": tool.name}}});
            let fragments = responder::json_fragments(&tool.input.to_string(), INPUT_FRAGMENT_CHARS);
            if !out.send(event_frame("contentBlockStart", &start)).await
                || !out
                    .paced(fragments, pace, |fragment| {
                        event_frame(
                            "contentBlockDelta",
                            &json!({"contentBlockIndex": index, "delta": {"toolUse": {"input": fragment}}}),
                        )
                    })
                    .await
                || !out.send(stop(index)).await
            {
                return;
            }
        }
        if !out
            .send(event_frame(
                "messageStop",
                &json!({"stopReason": turn.reply.stop_reason}),
            ))
            .await
        {
            return;
        }
        let mut metadata =
            json!({"usage": turn.converse_usage(), "metrics": {"latencyMs": turn.elapsed_ms()}});
        if let Some(tier) = turn.service_tier_json() {
            metadata["serviceTier"] = tier;
        }
        if out.send(event_frame("metadata", &metadata)).await {
            out.flush().await;
        }
    }))
}
