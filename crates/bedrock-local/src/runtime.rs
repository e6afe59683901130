//! The runtime (`bedrock-runtime`): Converse, ConverseStream, InvokeModel, InvokeModelWithResponseStream and
//! CountTokens, with the prompt cache and the simulated model behind them.

use std::sync::Arc;
use std::time::{Duration, Instant};

use aws_smithy_eventstream::frame::write_message_to;
use aws_smithy_types::event_stream::{Header, HeaderValue, Message};
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};
use tokio::sync::mpsc;

use crate::Service;
use crate::cache::{CacheUsage, CachingRule};
use crate::error::AwsError;
use crate::faults::Fault;
use crate::prompt::Prompt;
use crate::responder::{self, Reply};
use crate::world::FoundationModel;

pub fn routes() -> Router<Arc<Service>> {
    Router::new()
        .route("/model/{model_id}/converse", post(converse))
        .route("/model/{model_id}/converse-stream", post(converse_stream))
        .route("/model/{model_id}/invoke", post(invoke_model))
        .route(
            "/model/{model_id}/invoke-with-response-stream",
            post(invoke_model_stream),
        )
        .route("/model/{model_id}/count-tokens", post(count_tokens))
}

/// The exact message AWS gives for a bare ID of a model that only runs through an inference profile.
pub fn on_demand_not_supported(model_id: &str) -> AwsError {
    AwsError::validation(format!(
        "Invocation of model ID {model_id} with on-demand throughput isn\u{2019}t supported. Retry your request with the ID or ARN of an inference profile that contains this model."
    ))
}

fn invalid_model() -> AwsError {
    AwsError::validation("The provided model identifier is invalid.")
}

/// The foundation model a model ID, profile ID or ARN invokes here.
pub fn resolve(service: &Service, identifier: &str) -> Result<FoundationModel, AwsError> {
    let world = &service.world;
    if let Some(model) = world.foundation_model(identifier) {
        return if model.on_demand() {
            Ok(model.clone())
        } else {
            Err(on_demand_not_supported(&model.model_id))
        };
    }
    if identifier.contains(":foundation-model/") {
        return Err(invalid_model());
    }
    let profile = world.profile(identifier).ok_or_else(invalid_model)?;
    profile
        .models
        .first()
        .and_then(|m| world.foundation_model_by_any_arn(&m.model_arn))
        .cloned()
        .ok_or_else(invalid_model)
}

fn parse_json(body: &Bytes) -> Result<Value, AwsError> {
    serde_json::from_slice(body)
        .map_err(|e| AwsError::serialization(format!("The request body is not valid JSON: {e}")))
}

/// A request after resolution, checking and the cache: everything the answer needs.
struct Turn {
    model: FoundationModel,
    prompt: Prompt,
    rule: Option<CachingRule>,
    cache: CacheUsage,
    reply: Reply,
    started: Instant,
}

impl Turn {
    fn run(service: &Service, model_id: &str, prompt: Prompt) -> Result<Self, AwsError> {
        let started = Instant::now();
        let model = resolve(service, model_id)?;
        if !model.output_modalities.iter().any(|m| m == "TEXT") {
            return Err(AwsError::validation(format!(
                "The model {} does not support this operation.",
                model.model_id
            )));
        }
        let rule = service.rules.check(&model.model_id, &prompt)?.cloned();
        let cache = match &rule {
            Some(rule) if !prompt.checkpoints.is_empty() => {
                let scope = format!("{}/{}", service.world.account_id, model.model_id);
                service
                    .cache
                    .apply(&scope, &prompt, rule, service.world.clock.now())
            }
            _ => CacheUsage::default(),
        };
        let reply = responder::reply(&prompt, &model.model_name, cache);
        Ok(Self {
            model,
            prompt,
            rule,
            cache,
            reply,
            started,
        })
    }

    fn uncached_input(&self) -> u32 {
        self.prompt.total_tokens() - self.cache.read - self.cache.write()
    }

    /// Converse's `usage`: `inputTokens` counts only uncached input; the whole input is its sum with the
    /// cache reads and writes.
    fn converse_usage(&self) -> Value {
        let input = self.uncached_input();
        let mut usage = json!({
            "inputTokens": input,
            "outputTokens": self.reply.output_tokens,
            "totalTokens": input + self.cache.read + self.cache.write() + self.reply.output_tokens,
        });
        if self.rule.is_some() {
            usage["cacheReadInputTokens"] = json!(self.cache.read);
            usage["cacheWriteInputTokens"] = json!(self.cache.write());
            if self.cache.write() > 0 {
                let mut details = Vec::new();
                if self.cache.write_1h > 0 {
                    details.push(json!({"ttl": "1h", "inputTokens": self.cache.write_1h}));
                }
                if self.cache.write_5m > 0 {
                    details.push(json!({"ttl": "5m", "inputTokens": self.cache.write_5m}));
                }
                usage["cacheDetails"] = json!(details);
            }
        }
        usage
    }

    /// Time to first token under the latency model.
    fn first_token_delay(&self, service: &Service) -> Duration {
        service
            .latency
            .first_token(self.uncached_input() + self.cache.write(), self.cache.read)
    }

    /// A non-streaming answer arrives whole: after the first token and the whole generation.
    async fn wait_whole_answer(&self, service: &Service) {
        let delay = self.first_token_delay(service) + service.latency.generation(self.reply.output_tokens);
        if !delay.is_zero() {
            tokio::time::sleep(delay).await;
        }
    }

    fn elapsed_ms(&self) -> u64 {
        u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX)
    }
}

fn stream_fault(headers: &HeaderMap, service: &Service) -> Option<Fault> {
    crate::faults::requested(headers, service).filter(Fault::is_stream_fault)
}

// ---------------------------------------------------------------------------------------------------------
// Converse

async fn converse(
    State(service): State<Arc<Service>>,
    Path(model_id): Path<String>,
    body: Bytes,
) -> Result<Response, AwsError> {
    let turn = Turn::run(&service, &model_id, Prompt::from_converse(&parse_json(&body)?)?)?;
    turn.wait_whole_answer(&service).await;
    let mut content = Vec::new();
    if !turn.reply.text.is_empty() {
        content.push(json!({"text": turn.reply.text}));
    }
    if let Some(tool) = &turn.reply.tool_use {
        content.push(json!({"toolUse": {"toolUseId": tool.id, "name": tool.name, "input": tool.input}}));
    }
    let body = json!({
        "output": {"message": {"role": "assistant", "content": content}},
        "stopReason": turn.reply.stop_reason,
        "usage": turn.converse_usage(),
        "metrics": {"latencyMs": turn.elapsed_ms()},
    });
    Ok(axum::Json(body).into_response())
}

// ---------------------------------------------------------------------------------------------------------
// Event streams

/// One event-stream frame: `:message-type event`, its `:event-type`, a JSON payload.
pub fn event_frame(event_type: &str, payload: &Value) -> Bytes {
    frame(
        vec![
            Header::new(":event-type", HeaderValue::String(event_type.to_owned().into())),
            Header::new(":content-type", HeaderValue::String("application/json".into())),
            Header::new(":message-type", HeaderValue::String("event".into())),
        ],
        payload,
    )
}

/// An exception frame, as the service sends an error after the stream has begun.
pub fn exception_frame(error: &AwsError) -> Bytes {
    frame(
        vec![
            Header::new(
                ":exception-type",
                HeaderValue::String(error.stream_exception_type().into()),
            ),
            Header::new(":content-type", HeaderValue::String("application/json".into())),
            Header::new(":message-type", HeaderValue::String("exception".into())),
        ],
        &error.body(),
    )
}

fn frame(headers: Vec<Header>, payload: &Value) -> Bytes {
    let message = Message::new_from_parts(headers, payload.to_string().into_bytes());
    let mut buffer = Vec::new();
    // Writing to a Vec only fails for frames over the 16 MB limit, which these never approach.
    if let Err(error) = write_message_to(&message, &mut buffer) {
        tracing::error!(%error, "could not encode an event-stream frame");
    }
    Bytes::from(buffer)
}

type Frame = Result<Bytes, std::io::Error>;

/// Streams frames produced by `produce` as an `application/vnd.amazon.eventstream` response.
fn event_stream_response<F, Fut>(extra_headers: Vec<(&'static str, String)>, produce: F) -> Response
where
    F: FnOnce(mpsc::Sender<Frame>) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let (tx, rx) = mpsc::channel::<Frame>(32);
    tokio::spawn(produce(tx));
    let stream =
        futures_util::stream::unfold(
            rx,
            |mut rx| async move { rx.recv().await.map(|frame| (frame, rx)) },
        );
    let mut response = Response::new(Body::from_stream(stream));
    *response.status_mut() = StatusCode::OK;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        axum::http::HeaderValue::from_static("application/vnd.amazon.eventstream"),
    );
    for (name, value) in extra_headers {
        if let Ok(value) = axum::http::HeaderValue::from_str(&value) {
            headers.insert(name, value);
        }
    }
    response
}

/// Frames gathered before a write when nothing makes the stream wait (latency model at zero).
const COALESCE_BYTES: usize = 32 * 1024;

/// Sends frames, applying a stream fault: `stream-error` replaces the frame after `after` with an exception;
/// `stream-cut` ends the connection there, with no closing frames. Frames are written as they come when the
/// stream paces itself, and gathered into larger writes when it does not.
struct Sender {
    tx: mpsc::Sender<Frame>,
    sent: usize,
    fault: Option<Fault>,
    buffer: Vec<u8>,
}

impl Sender {
    fn new(tx: mpsc::Sender<Frame>, fault: Option<Fault>) -> Self {
        Self {
            tx,
            sent: 0,
            fault,
            buffer: Vec::new(),
        }
    }

    /// `false` once the stream is over (client gone or fault applied).
    async fn send(&mut self, frame: Bytes) -> bool {
        match self.fault {
            Some(Fault::StreamCut { after }) if self.sent >= after => {
                self.flush().await;
                // Let the frames already sent reach the client, as they would before a real connection drop.
                tokio::time::sleep(Duration::from_millis(50)).await;
                let cut = std::io::Error::other("bedrock-local: stream cut (fault injection)");
                let _ = self.tx.send(Err(cut)).await;
                return false;
            }
            Some(Fault::StreamError { after }) if self.sent >= after => {
                let error = AwsError::new(
                    StatusCode::FAILED_DEPENDENCY,
                    "ModelStreamErrorException",
                    "The model stream failed (fault injected by bedrock-local).",
                );
                self.buffer.extend_from_slice(&exception_frame(&error));
                self.flush().await;
                return false;
            }
            _ => {}
        }
        self.sent += 1;
        self.buffer.extend_from_slice(&frame);
        self.buffer.len() < COALESCE_BYTES || self.flush().await
    }

    /// Writes what is gathered; `false` when the client has gone.
    async fn flush(&mut self) -> bool {
        if self.buffer.is_empty() {
            return true;
        }
        let bytes = Bytes::from(std::mem::take(&mut self.buffer));
        self.tx.send(Ok(bytes)).await.is_ok()
    }

    /// Waits as the latency model says, after writing what the client should already have.
    async fn pause(&mut self, delay: Duration) -> bool {
        if delay.is_zero() {
            return true;
        }
        let open = self.flush().await;
        tokio::time::sleep(delay).await;
        open
    }
}

async fn converse_stream(
    State(service): State<Arc<Service>>,
    Path(model_id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AwsError> {
    let turn = Turn::run(&service, &model_id, Prompt::from_converse(&parse_json(&body)?)?)?;
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
        if !turn.reply.text.is_empty() {
            for chunk in responder::chunks(&turn.reply.text, 3) {
                if !out
                    .pause(service.latency.generation(crate::tokenizer::count(&chunk)))
                    .await
                {
                    return;
                }
                let delta = json!({"contentBlockIndex": index, "delta": {"text": chunk}});
                if !out.send(event_frame("contentBlockDelta", &delta)).await {
                    return;
                }
            }
            if !out
                .send(event_frame(
                    "contentBlockStop",
                    &json!({"contentBlockIndex": index}),
                ))
                .await
            {
                return;
            }
            index += 1;
        }
        if let Some(tool) = &turn.reply.tool_use {
            let start = json!({"contentBlockIndex": index, "start": {"toolUse": {"toolUseId": tool.id, "name": tool.name}}});
            let delta =
                json!({"contentBlockIndex": index, "delta": {"toolUse": {"input": tool.input.to_string()}}});
            for frame in [
                event_frame("contentBlockStart", &start),
                event_frame("contentBlockDelta", &delta),
                event_frame("contentBlockStop", &json!({"contentBlockIndex": index})),
            ] {
                if !out.send(frame).await {
                    return;
                }
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
        let metadata = json!({"usage": turn.converse_usage(), "metrics": {"latencyMs": turn.elapsed_ms()}});
        if out.send(event_frame("metadata", &metadata)).await {
            out.flush().await;
        }
    }))
}

// ---------------------------------------------------------------------------------------------------------
// InvokeModel (Anthropic Messages bodies)

fn anthropic_prompt(service: &Service, model_id: &str, body: &Bytes) -> Result<Prompt, AwsError> {
    let model = resolve(service, model_id)?;
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
    vec![
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
    ]
}

async fn invoke_model(
    State(service): State<Arc<Service>>,
    Path(model_id): Path<String>,
    body: Bytes,
) -> Result<Response, AwsError> {
    let turn = Turn::run(&service, &model_id, anthropic_prompt(&service, &model_id, &body)?)?;
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

async fn invoke_model_stream(
    State(service): State<Arc<Service>>,
    Path(model_id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AwsError> {
    let turn = Turn::run(&service, &model_id, anthropic_prompt(&service, &model_id, &body)?)?;
    let fault = stream_fault(&headers, &service);
    let service = Arc::clone(&service);
    let extra = vec![("x-amzn-bedrock-content-type", "application/json".to_owned())];
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
                    .pause(service.latency.generation(crate::tokenizer::count(&chunk)))
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

// ---------------------------------------------------------------------------------------------------------
// CountTokens

async fn count_tokens(
    State(service): State<Arc<Service>>,
    Path(model_id): Path<String>,
    body: Bytes,
) -> Result<Response, AwsError> {
    let unsupported = || AwsError::validation("The provided model doesn't support counting tokens.");
    // CountTokens takes a bare foundation-model ID of a Claude model; profiles are refused.
    let model = service.world.foundation_model(&model_id).ok_or_else(|| {
        if service.world.profile(&model_id).is_some() {
            unsupported()
        } else {
            invalid_model()
        }
    })?;
    if model.provider_name != "Anthropic" {
        return Err(unsupported());
    }
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
