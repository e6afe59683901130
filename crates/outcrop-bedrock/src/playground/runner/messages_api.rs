//! Anthropic's Messages API (`POST /anthropic/v1/messages`) on the connection's endpoint, bedrock-runtime or
//! bedrock-mantle: the SDK has no operation for it, so the request is signed with the SDK's own SigV4 (the
//! endpoint's signing name) or carries the connection's Bedrock API key, is sent with reqwest, and its server-sent events are read by a maintained SSE parser into the same
//! turn events as InvokeModel's stream (the events are Anthropic's in both).

use std::time::{Duration, Instant};

use eventsource_stream::Eventsource;
use futures_util::StreamExt;
use outcrop_core::conversation::Conversation;
use outcrop_core::pricing::Usage;
use outcrop_core::request_code::MESSAGES_API_VERSION;
use outcrop_core::{ErrorCode, MessagesEndpoint};
use serde_json::Value;

use super::invoke_model::apply_anthropic_event;
use super::outcome::{
    Reply, RunContext, RunOutcome, ended_early, failed_midway, malformed, settle_anthropic_stream,
    unless_cancelled,
};
use crate::playground::types::{TurnEvent, TurnStatus};
pub(super) use crate::signed_http::{MAX_JSON_BYTES, bounded_body, bounded_text};
use crate::{MessagesRoute, OutcropError};

const OPERATION: &str = "Messages API";
const TIER_HEADER: &str = "x-amzn-bedrock-service-tier";

/// At most this many bytes of an answer's event stream: the answer itself is bounded by
/// [`super::outcome::MAX_REPLY_BYTES`], and the events' framing adds a few times that at most.
const MAX_STREAM_BYTES: usize = 64 << 20;
/// At most this many bytes in one line of the event stream: one event's `data:` is one small delta, and the
/// SSE parser reads a line again with each chunk until it ends, so an endless line would cost time squared.
const MAX_STREAM_LINE_BYTES: usize = 1 << 20;
/// The AWS error shape an Anthropic error type stands for, so both envelopes are classified alike.
fn aws_shape(anthropic_type: &str) -> &'static str {
    match anthropic_type {
        "rate_limit_error" => "ThrottlingException",
        "overloaded_error" => "ServiceUnavailableException",
        "authentication_error" => "UnrecognizedClientException",
        "permission_error" => "AccessDeniedException",
        "not_found_error" => "ResourceNotFoundException",
        "request_too_large" | "invalid_request_error" => "ValidationException",
        _ => "InternalServerException",
    }
}

/// A refusal in either envelope: AWS's (`x-amzn-ErrorType` header, `{"message"}`) or Anthropic's
/// (`{"type":"error","error":{"type","message"}}`).
pub(super) fn refusal(status: u16, aws_type: Option<&str>, body: &str) -> OutcropError {
    let json: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    if let Some(error) = json.get("error").filter(|e| e.is_object()) {
        let code = aws_shape(error["type"].as_str().unwrap_or_default());
        let message = error["message"].as_str().unwrap_or(body).to_owned();
        OutcropError::from_service(OPERATION, code, message)
    } else {
        crate::signed_http::aws_refusal(OPERATION, status, aws_type, body)
    }
}

/// The headers a POST of `body` to `url` on `endpoint` carries — the Anthropic ones, what it accepts back, the
/// tier, the `Host` to name on an endpoint override for bedrock-mantle — signed with the endpoint's signing name
/// when the connection signs, or with its API key.
pub(super) async fn signed_headers(
    route: &MessagesRoute,
    url: &str,
    endpoint: MessagesEndpoint,
    body: &[u8],
    accept: &str,
    tier: Option<&str>,
) -> Result<Vec<(String, String)>, OutcropError> {
    let mut headers = vec![
        ("content-type".to_owned(), "application/json".to_owned()),
        ("accept".to_owned(), accept.to_owned()),
        ("anthropic-version".to_owned(), MESSAGES_API_VERSION.to_owned()),
    ];
    if let Some(tier) = tier {
        headers.push((TIER_HEADER.to_owned(), tier.to_owned()));
    }
    if endpoint == MessagesEndpoint::Mantle
        && let Some(host) = &route.mantle_host
    {
        // An endpoint override serves both hosts on one address: the Host header says which one is meant.
        headers.push(("host".to_owned(), host.clone()));
    }
    crate::signed_http::authorize(
        &route.auth,
        &route.region,
        endpoint.signing_name(),
        crate::signed_http::Request {
            operation: OPERATION,
            method: "POST",
            url,
            body,
        },
        &mut headers,
    )
    .await?;
    Ok(headers)
}

/// The Messages API, streamed: the same events and accounting as the other transports.
pub(super) async fn messages_api(
    ctx: &RunContext<'_>,
    conversation: &Conversation,
    sink: &(dyn Fn(TurnEvent) + Send + Sync),
    started: Instant,
) -> RunOutcome {
    let mut outcome = RunOutcome::nothing_yet();
    let body = conversation
        .messages_api_body(ctx.invoke_id, true)
        .to_string()
        .into_bytes();
    let tier = conversation.service_tier.map(|t| t.as_str());
    let signing = Instant::now();
    let headers = match signed_headers(
        ctx.messages,
        &ctx.messages.url,
        ctx.messages.endpoint,
        &body,
        "text/event-stream",
        tier,
    )
    .await
    {
        Ok(headers) => headers,
        Err(error) => {
            outcome.error = Some(error);
            return outcome;
        }
    };
    // Timings leave out the time credentials took to fetch for the signature.
    let started = started + signing.elapsed();
    let mut request = ctx.messages.http.post(&ctx.messages.url).body(body);
    for (name, value) in &headers {
        request = request.header(name, value);
    }
    let sent = unless_cancelled(ctx, request.send()).await;
    outcome.latency.total_ms = started.elapsed().as_millis() as u64;
    let response = match sent {
        None => {
            outcome.status = TurnStatus::Cancelled;
            return outcome;
        }
        Some(Err(error)) => {
            outcome.error = Some(OutcropError::from_http(OPERATION, &error));
            return outcome;
        }
        Some(Ok(response)) => response,
    };
    if !response.status().is_success() {
        let status = response.status().as_u16();
        let aws_type = response
            .headers()
            .get("x-amzn-errortype")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let text = unless_cancelled(ctx, bounded_text(response, MAX_JSON_BYTES)).await;
        match text {
            None => outcome.status = TurnStatus::Cancelled,
            Some(text) => {
                outcome.error = Some(refusal(status, aws_type.as_deref(), &text.unwrap_or_default()));
            }
        }
        return outcome;
    }
    outcome.service_tier = response
        .headers()
        .get(TIER_HEADER)
        .and_then(|v| v.to_str().ok())
        .and_then(|t| serde_json::from_value(Value::String(t.to_owned())).ok());
    let mut events =
        std::pin::pin!(bounded_body(response, MAX_STREAM_BYTES, MAX_STREAM_LINE_BYTES).eventsource());
    let mut reply = Reply::default();
    let mut usage = Usage::default();
    let mut first_token: Option<Duration> = None;
    loop {
        let Some(next) = unless_cancelled(ctx, events.next()).await else {
            outcome.status = TurnStatus::Cancelled;
            break;
        };
        match next {
            Some(Ok(event)) => {
                let data: Value = match serde_json::from_str(&event.data) {
                    Ok(data) => data,
                    Err(error) => {
                        outcome.error = Some(OutcropError {
                            code: ErrorCode::Internal,
                            message: "The answer stream carried an event that is not Anthropic JSON.".into(),
                            detail: format!("{OPERATION}: {error}"),
                            fields: Vec::new(),
                            aws: None,
                        });
                        break;
                    }
                };
                if data["type"] == "error" || event.event == "error" {
                    outcome.error = Some(failed_midway(refusal(200, None, &event.data), &reply));
                    break;
                }
                match apply_anthropic_event(&data, &mut reply, &mut usage, &mut outcome, sink) {
                    Ok(true) if first_token.is_none() => first_token = Some(started.elapsed()),
                    Ok(_) => {}
                    Err(error) => {
                        outcome.error = Some(failed_midway(error, &reply));
                        break;
                    }
                }
            }
            Some(Err(eventsource_stream::EventStreamError::Transport(error)))
                if error.kind() == std::io::ErrorKind::InvalidData =>
            {
                outcome.error = Some(failed_midway(malformed(error.to_string()), &reply));
                break;
            }
            Some(Err(eventsource_stream::EventStreamError::Transport(error)))
                if error.kind() == std::io::ErrorKind::TimedOut =>
            {
                outcome.error = Some(failed_midway(OutcropError::timed_out(OPERATION, &error), &reply));
                break;
            }
            Some(Err(error)) => {
                outcome.error = Some(failed_midway(
                    OutcropError::unreachable(OPERATION, &error),
                    &reply,
                ));
                break;
            }
            None => {
                if outcome.status != TurnStatus::Complete {
                    outcome.error = Some(ended_early(OPERATION, "message_stop"));
                }
                break;
            }
        }
    }
    settle_anthropic_stream(outcome, reply, first_token, started, sink)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_envelopes_are_classified_alike() {
        let anthropic = refusal(
            429,
            None,
            r#"{"type":"error","error":{"type":"rate_limit_error","message":"Too many requests"}}"#,
        );
        assert_eq!(anthropic.code, ErrorCode::Throttled);
        let aws = refusal(
            429,
            Some("ThrottlingException:http://internal"),
            r#"{"message":"Too many requests"}"#,
        );
        assert_eq!(aws.code, ErrorCode::Throttled);
        let tier = refusal(
            400,
            None,
            r#"{"type":"error","error":{"type":"invalid_request_error","message":"The provided service tier is not supported for this model."}}"#,
        );
        assert!(matches!(
            tier.reason(),
            Some(crate::AwsReason::TierNotSupported { .. })
        ));
        let bare = refusal(
            400,
            Some("ValidationException"),
            r#"{"message":"Invocation of model ID anthropic.claude-opus-4-7 with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model."}"#,
        );
        assert_eq!(bare.code, ErrorCode::NeedsInferenceProfile);
    }
}
