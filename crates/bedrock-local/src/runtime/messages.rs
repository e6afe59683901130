//! Anthropic's Messages API: `POST /anthropic/v1/messages` on bedrock-runtime and on bedrock-mantle, and
//! `POST /anthropic/v1/messages/count_tokens` on bedrock-mantle only. Both endpoints share the port and the
//! path; [`Endpoint::of`] tells them apart. Bodies are read by the same prompt pipeline as InvokeModel's, and
//! answered through the same turn, so caching, floors, TTLs and faults behave as they do there; errors come in
//! Anthropic's envelope.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::anthropic_reply::{self, StreamShape};
use super::event_stream::{Sender, streaming_response};
use super::turn::{Request, Turn, invalid_model, on_demand_not_supported, parse_json, resolve, stream_fault};
use crate::anthropic_error::AnthropicError;
use crate::endpoint::Endpoint;
use crate::error::{AwsError, unknown_operation};
use crate::prompt::Prompt;
use crate::service::Service;
use crate::support::Api;
use crate::world::{DEFAULT_PROJECT, FoundationModel};

/// The `anthropic-version` values the routes accept: the Messages API's long-standing version and the one
/// Anthropic's SDK 2.x sends.
pub const ANTHROPIC_VERSIONS: [&str; 2] = ["2023-06-01", "2026-10-21"];

/// Fields Bedrock refuses on this route although Anthropic's API takes them, by JSON pointer and the name the
/// error gives them.
const REFUSED_FIELDS: [(&str, &str); 2] = [
    ("/output_config/format", "output_config.format"),
    ("/inference_geo", "inference_geo"),
];

fn check_version(headers: &HeaderMap) -> Result<(), AnthropicError> {
    match headers
        .get("anthropic-version")
        .map(|v| v.to_str().unwrap_or_default())
    {
        None => Err(AnthropicError::invalid_request(
            "anthropic-version: header is required",
        )),
        Some(version) if ANTHROPIC_VERSIONS.contains(&version) => Ok(()),
        // Anthropic's own wording (reported in users' bug reports of the API).
        Some(version) => Err(AnthropicError::invalid_request(format!(
            "anthropic-version: \"{version}\" is not a valid version"
        ))),
    }
}

/// Refuses what Bedrock refuses on this route with "Extra inputs are not permitted".
fn check_refused_fields(body: &Value) -> Result<(), AnthropicError> {
    let extra =
        |name: &str| AnthropicError::invalid_request(format!("{name}: Extra inputs are not permitted"));
    for (pointer, name) in REFUSED_FIELDS {
        if body.pointer(pointer).is_some() {
            return Err(extra(name));
        }
    }
    if let Some(tools) = body.get("tools").and_then(Value::as_array) {
        for (i, tool) in tools.iter().enumerate() {
            if tool.get("strict").is_some() {
                return Err(extra(&format!("tools.{i}.strict")));
            }
        }
    }
    Ok(())
}

/// The model a body names, as the endpoint takes it: bedrock-runtime an inference profile (ID or ARN; a bare
/// foundation-model ID is refused as on-demand invocation), bedrock-mantle a foundation-model ID without a
/// profile prefix.
fn resolve_model(
    service: &Service,
    endpoint: Endpoint,
    body: &Value,
) -> Result<(FoundationModel, String), AwsError> {
    let Some(id) = body.get("model").and_then(Value::as_str) else {
        return Err(AwsError::validation("model: Field required"));
    };
    let world = &service.world;
    let model = match endpoint {
        Endpoint::Runtime => match world.foundation_model(id) {
            Some(model) => return Err(on_demand_not_supported(&model.model_id)),
            None => resolve(service, id)?,
        },
        Endpoint::Mantle => world.foundation_model(id).cloned().ok_or_else(invalid_model)?,
    };
    Ok((model, id.to_owned()))
}

/// A request read and checked: the endpoint, the model, the ID it was named by, its prompt and body.
struct Read {
    endpoint: Endpoint,
    model: FoundationModel,
    named: String,
    prompt: Prompt,
    body: Value,
}

fn read(
    service: &Service,
    uri: &Uri,
    headers: &HeaderMap,
    body: &Bytes,
    counting: bool,
) -> Result<Read, AnthropicError> {
    let endpoint = Endpoint::of(uri, headers);
    check_version(headers)?;
    let body = parse_json(body)?;
    check_refused_fields(&body)?;
    let (model, named) = resolve_model(service, endpoint, &body)?;
    let api = match endpoint {
        Endpoint::Runtime => Api::Messages,
        Endpoint::Mantle => Api::MantleMessages,
    };
    service.support.check_api(&model.model_id, api)?;
    let prompt = Prompt::from_messages_api(&body, counting)?;
    Ok(Read {
        endpoint,
        model,
        named,
        prompt,
        body,
    })
}

/// A server-sent event named by the event's `type`.
fn sse_frame(event: &Value) -> Bytes {
    let name = event.get("type").and_then(Value::as_str).unwrap_or("message");
    Bytes::from(format!("event: {name}\ndata: {event}\n\n"))
}

fn sse_error(error: &AwsError) -> Bytes {
    AnthropicError(error.clone()).sse_event()
}

/// `POST /anthropic/v1/messages`: JSON, or server-sent events with `"stream": true`.
pub(super) async fn messages(
    State(service): State<Arc<Service>>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    match answer(service, &uri, &headers, &body).await {
        Ok(response) => response,
        Err(error) => error.into_response(),
    }
}

async fn answer(
    service: Arc<Service>,
    uri: &Uri,
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<Response, AnthropicError> {
    let read = read(&service, uri, headers, body, false)?;
    let stream = match read.body.get("stream") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(stream)) => *stream,
        Some(_) => {
            return Err(AnthropicError::invalid_request(
                "stream: Input should be a valid boolean",
            ));
        }
    };
    let request = Request {
        api: Api::Messages,
        tier: None,
        endpoint: read.endpoint,
        invoked: read.named.clone(),
        project: DEFAULT_PROJECT.to_owned(),
        streaming: stream,
    };
    let turn = Turn::run(&service, read.model, request, read.prompt)?;
    let named = read.named;
    if !stream {
        turn.wait_whole_answer(&service).await;
        return Ok(axum::Json(anthropic_reply::message(&turn, &named)).into_response());
    }
    let fault = stream_fault(headers, &service);
    let extra = vec![("cache-control", "no-cache".to_owned())];
    Ok(streaming_response(
        "text/event-stream",
        extra,
        move |tx| async move {
            let mut out = Sender::failing_with(tx, fault, sse_error);
            out.pause(turn.first_token_delay(&service)).await;
            let shape = StreamShape {
                model: &named,
                frame: sse_frame,
                ping: true,
                full_delta_usage: true,
            };
            if anthropic_reply::send_events(&turn, &service, &mut out, &shape).await
                && out.send(sse_frame(&json!({"type": "message_stop"}))).await
            {
                out.flush().await;
            }
        },
    ))
}

/// `POST /anthropic/v1/messages/count_tokens`: bedrock-mantle counts (Opus 4.7 included); bedrock-runtime has
/// no such operation.
pub(super) async fn count_tokens(
    State(service): State<Arc<Service>>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if Endpoint::of(&uri, &headers) == Endpoint::Runtime {
        return unknown_operation(uri).await.into_response();
    }
    match read(&service, &uri, &headers, &body, true) {
        Ok(read) => axum::Json(json!({"input_tokens": read.prompt.total_tokens()})).into_response(),
        Err(error) => error.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_and_refused_fields() {
        let mut headers = HeaderMap::new();
        assert!(
            check_version(&headers)
                .unwrap_err()
                .0
                .message
                .contains("required")
        );
        headers.insert("anthropic-version", "2024-01-01".parse().unwrap());
        assert_eq!(
            check_version(&headers).unwrap_err().0.message,
            "anthropic-version: \"2024-01-01\" is not a valid version"
        );
        for version in ANTHROPIC_VERSIONS {
            headers.insert("anthropic-version", version.parse().unwrap());
            assert!(check_version(&headers).is_ok());
        }
        for (body, name) in [
            (
                json!({"output_config": {"format": {"type": "json_schema"}}}),
                "output_config.format",
            ),
            (json!({"inference_geo": "us"}), "inference_geo"),
            (
                json!({"tools": [{"name": "a"}, {"name": "b", "strict": true}]}),
                "tools.1.strict",
            ),
        ] {
            assert_eq!(
                check_refused_fields(&body).unwrap_err().0.message,
                format!("{name}: Extra inputs are not permitted")
            );
        }
        assert!(check_refused_fields(&json!({"output_config": {"effort": "high"}})).is_ok());
    }

    #[test]
    fn events_are_named_by_type() {
        let frame = sse_frame(&json!({"type": "ping"}));
        assert_eq!(&frame[..], b"event: ping\ndata: {\"type\":\"ping\"}\n\n");
    }
}
