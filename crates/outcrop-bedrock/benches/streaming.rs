//! Outcrop's streaming paths against the raw requests, side by side on the same local server: a ConverseStream
//! turn drained by the AWS SDK alone against the same turn through the playground runner (events assembled, each
//! one serialised to JSON as the app's IPC channel does); a Messages API turn as a bare HTTP request with its
//! server-sent events drained against the same turn through the runner; and one model through the three
//! transports. Alternating rounds, one process; prints the ratios.
//!
//! `cargo bench -p outcrop-bedrock --bench streaming` (or `cargo xtask bench`).

#![allow(clippy::print_stdout, clippy::unwrap_used, clippy::expect_used)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use aws_sdk_bedrockruntime::types::{
    ContentBlock, ContentBlockDelta, ConversationRole, ConverseStreamOutput, Message, SystemContentBlock,
};
use bedrock_local::{BedrockLocal, Config};
use outcrop_bedrock::playground::runner::{Api, Backoff, RunContext, TurnEvent, run_turn};
use outcrop_bedrock::{Connection, CredentialSource};
use outcrop_core::conversation::{ContentItem, Conversation};
use tokio_util::sync::CancellationToken;

const ROUNDS: usize = 300;
const MODEL: &str = "us.anthropic.claude-3-7-sonnet-20250219-v1:0";
const SYSTEM: &str = "You answer questions about rocks.";
const QUESTION: &str = "What is an outcrop, and how do geologists read one?";

async fn raw_sdk(client: &aws_sdk_bedrockruntime::Client) -> usize {
    let message = Message::builder()
        .role(ConversationRole::User)
        .content(ContentBlock::Text(QUESTION.into()))
        .build()
        .unwrap();
    let mut stream = client
        .converse_stream()
        .model_id(MODEL)
        .system(SystemContentBlock::Text(SYSTEM.into()))
        .messages(message)
        .send()
        .await
        .unwrap()
        .stream;
    let mut text = 0;
    while let Some(event) = stream.recv().await.unwrap() {
        if let ConverseStreamOutput::ContentBlockDelta(delta) = event
            && let Some(ContentBlockDelta::Text(t)) = delta.delta()
        {
            text += t.len();
        }
    }
    text
}

const MESSAGES_MODEL: &str = "us.anthropic.claude-opus-4-7";
const API_KEY: &str = "bedrock-api-key-bench";

/// The Messages API by hand: one POST with the API key, the server-sent events drained.
async fn raw_messages(http: &reqwest::Client, url: &str, body: &str) -> usize {
    use eventsource_stream::Eventsource;
    use futures_util::StreamExt;
    let response = http
        .post(url)
        .header("content-type", "application/json")
        .header("anthropic-version", "2023-06-01")
        .header("authorization", format!("Bearer {API_KEY}"))
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success());
    let mut events = response.bytes_stream().eventsource();
    let mut text = 0;
    while let Some(event) = events.next().await {
        let event: serde_json::Value = serde_json::from_str(&event.unwrap().data).unwrap();
        if event["type"] == "content_block_delta" {
            text += event["delta"]["text"].as_str().map_or(0, str::len);
        }
    }
    text
}

async fn outcrop(runtime: &outcrop_bedrock::Runtime, conversation: &Conversation) -> usize {
    outcrop_through(runtime, conversation, MODEL, Api::Converse).await
}

async fn outcrop_through(
    runtime: &outcrop_bedrock::Runtime,
    conversation: &Conversation,
    model: &str,
    api: Api,
) -> usize {
    let cancel = CancellationToken::new();
    let ctx = RunContext {
        client: &runtime.client,
        messages: &runtime.messages,
        invoke_id: model,
        model_id: model,
        api,
        backoff: Backoff::default(),
        cancel: &cancel,
    };
    let bytes = AtomicUsize::new(0);
    // What the app's channel does with each event: serialise it.
    let sink = |event: TurnEvent| {
        let json = serde_json::to_string(&event).unwrap();
        bytes.fetch_add(json.len(), Ordering::Relaxed);
    };
    let outcome = run_turn(&ctx, conversation, &sink).await;
    assert!(outcome.usage.is_some(), "{:?}", outcome.error);
    outcome
        .reply
        .iter()
        .map(|item| match item {
            ContentItem::Text { text } => text.len(),
            _ => 0,
        })
        .sum()
}

fn main() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let server = BedrockLocal::start(Config::default()).await.unwrap();
        let connection = Connection {
            source: CredentialSource::StaticKeys {
                access_key_id: "AKIAIOSFODNN7EXAMPLE".into(),
                secret_access_key: outcrop_core::Secret::new("bench"),
                session_token: None,
            },
            region: "us-east-1".into(),
            endpoint_url: Some(server.url()),
            simulated: false,
            runtime_endpoint_url: None,
            messages_endpoint: outcrop_core::MessagesEndpoint::Runtime,
        };
        let client = connection.runtime().await;
        let conversation = Conversation::simple(SYSTEM, QUESTION);
        // Warm both paths (connections, lazy credentials) before timing; both read the same answer.
        assert_eq!(raw_sdk(&client).await, outcrop(&client, &conversation).await);
        let (mut sdk, mut ours) = (Duration::ZERO, Duration::ZERO);
        for _ in 0..ROUNDS {
            let started = Instant::now();
            raw_sdk(&client).await;
            sdk += started.elapsed();
            let started = Instant::now();
            outcrop(&client, &conversation).await;
            ours += started.elapsed();
        }
        let per = |d: Duration| d.as_secs_f64() * 1000.0 / ROUNDS as f64;
        println!("ConverseStream turn, {ROUNDS} alternating rounds on bedrock-local (latency model off):");
        println!(
            "  raw AWS SDK, events drained        {:>8.3} ms per turn",
            per(sdk)
        );
        println!(
            "  Outcrop runner, events to JSON     {:>8.3} ms per turn",
            per(ours)
        );
        println!(
            "  ratio Outcrop / raw SDK            {:>8.2}x",
            ours.as_secs_f64() / sdk.as_secs_f64()
        );

        // The Messages API: a bare request against the runner, both with the same API key.
        let keyed = Connection {
            source: CredentialSource::BearerToken(outcrop_core::Secret::new(API_KEY)),
            region: "us-east-1".into(),
            endpoint_url: Some(server.url()),
            simulated: false,
            runtime_endpoint_url: None,
            messages_endpoint: outcrop_core::MessagesEndpoint::Runtime,
        }
        .runtime()
        .await;
        let http = reqwest::Client::new();
        let body = conversation.messages_api_body(MESSAGES_MODEL, true).to_string();
        let url = keyed.messages.url.clone();
        assert_eq!(
            raw_messages(&http, &url, &body).await,
            outcrop_through(&keyed, &conversation, MESSAGES_MODEL, Api::Messages).await
        );
        let (mut raw, mut ours) = (Duration::ZERO, Duration::ZERO);
        for _ in 0..ROUNDS {
            let started = Instant::now();
            raw_messages(&http, &url, &body).await;
            raw += started.elapsed();
            let started = Instant::now();
            outcrop_through(&keyed, &conversation, MESSAGES_MODEL, Api::Messages).await;
            ours += started.elapsed();
        }
        println!("Messages API turn, {ROUNDS} alternating rounds on bedrock-local (latency model off):");
        println!(
            "  bare HTTP request, SSE drained     {:>8.3} ms per turn",
            per(raw)
        );
        println!(
            "  Outcrop runner, events to JSON     {:>8.3} ms per turn",
            per(ours)
        );
        println!(
            "  Outcrop − bare                     {:>8.3} ms per turn (budget 1 ms)",
            per(ours) - per(raw)
        );

        // One model through each transport, alternating.
        let apis = [Api::Converse, Api::InvokeModel, Api::Messages];
        let mut times = [Duration::ZERO; 3];
        for _ in 0..ROUNDS {
            for (i, api) in apis.iter().enumerate() {
                let started = Instant::now();
                outcrop_through(&keyed, &conversation, MESSAGES_MODEL, *api).await;
                times[i] += started.elapsed();
            }
        }
        println!("{MESSAGES_MODEL} through each transport, {ROUNDS} alternating rounds (runner, API key):");
        for (api, time) in apis.iter().zip(times) {
            println!("  {:<34} {:>8.3} ms per turn", format!("{api:?}"), per(time));
        }
        server.shutdown().await;
    });
}
