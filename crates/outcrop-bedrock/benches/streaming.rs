//! Outcrop's streaming path against the raw SDK, side by side on the same local server: a ConverseStream turn
//! drained by the AWS SDK alone, and the same turn through the playground runner (events assembled, each one
//! serialised to JSON as the app's IPC channel does). Alternating rounds, one process; prints the ratio.
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

async fn outcrop(runtime: &outcrop_bedrock::Runtime, conversation: &Conversation) -> usize {
    let cancel = CancellationToken::new();
    let ctx = RunContext {
        client: &runtime.client,
        messages: &runtime.messages,
        invoke_id: MODEL,
        api: Api::Converse,
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
        server.shutdown().await;
    });
}
