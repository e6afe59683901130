//! Load over loopback: Converse requests per second and ConverseStream tokens per second, server and load
//! generator in one process on this machine, latency model at zero. Bounded in time; stops by itself.
//!
//! `cargo bench -p bedrock-local --bench throughput` (or `cargo xtask bench`).

#![allow(clippy::print_stdout, clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use bedrock_local::{BedrockLocal, Config};
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

const CONNECTIONS: usize = 32;
const RUN_FOR: Duration = Duration::from_secs(4);
const STREAM_OUTPUT_TOKENS: u64 = 4000;

async fn load(url: String, body: String, tokens_per_request: u64) -> (f64, f64) {
    let client: Client<HttpConnector, Full<Bytes>> = Client::builder(TokioExecutor::new()).build_http();
    let requests = Arc::new(AtomicU64::new(0));
    let bytes = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let deadline = started + RUN_FOR;
    let mut tasks = Vec::new();
    for _ in 0..CONNECTIONS {
        let (client, url, body, requests, bytes) = (
            client.clone(),
            url.clone(),
            body.clone(),
            Arc::clone(&requests),
            Arc::clone(&bytes),
        );
        tasks.push(tokio::spawn(async move {
            while Instant::now() < deadline {
                let request = hyper::Request::post(&url)
                    .header("content-type", "application/json")
                    .header("authorization", "AWS4-HMAC-SHA256 Credential=AKIDBENCH/20260101/us-east-1/bedrock/aws4_request, SignedHeaders=host, Signature=00")
                    .body(Full::new(Bytes::from(body.clone())))
                    .unwrap();
                let response = client.request(request).await.expect("request failed");
                assert!(response.status().is_success(), "status {}", response.status());
                let collected = response.into_body().collect().await.expect("body failed").to_bytes();
                bytes.fetch_add(collected.len() as u64, Ordering::Relaxed);
                requests.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let seconds = started.elapsed().as_secs_f64();
    let n = requests.load(Ordering::Relaxed) as f64;
    (n / seconds, n * tokens_per_request as f64 / seconds)
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let server = BedrockLocal::start(Config::default()).await.unwrap();
        let base = server.url();
        println!("bedrock-local throughput on {} cores, {CONNECTIONS} connections, {RUN_FOR:?} per measurement", std::thread::available_parallelism().map_or(0, |n| n.get()));

        let converse = serde_json::json!({
            "system": [{"text": "You are a concise assistant for questions about rocks."}],
            "messages": [{"role": "user", "content": [{"text": "What is an outcrop?"}]}],
            "inferenceConfig": {"maxTokens": 200}
        });
        let (rps, _) = load(format!("{base}/model/amazon.nova-pro-v1%3A0/converse"), converse.to_string(), 0).await;
        println!("converse:        {rps:>10.0} requests/s   (target 5,000)");

        let stream = serde_json::json!({
            "messages": [{"role": "user", "content": [{"text": "Tell me everything."}]}],
            "additionalModelRequestFields": {"simulatedOutputTokens": STREAM_OUTPUT_TOKENS}
        });
        let probe: serde_json::Value = {
            let client: Client<HttpConnector, Full<Bytes>> = Client::builder(TokioExecutor::new()).build_http();
            let request = hyper::Request::post(format!("{base}/model/amazon.nova-pro-v1%3A0/converse"))
                .body(Full::new(Bytes::from(stream.to_string())))
                .unwrap();
            let body = client.request(request).await.unwrap().into_body().collect().await.unwrap().to_bytes();
            serde_json::from_slice(&body).unwrap()
        };
        let tokens = probe["usage"]["outputTokens"].as_u64().unwrap();
        let (streams, tps) =
            load(format!("{base}/model/amazon.nova-pro-v1%3A0/converse-stream"), stream.to_string(), tokens).await;
        println!("converse-stream: {tps:>10.0} tokens/s     (target 1,000,000; {streams:.0} streams/s of {tokens} tokens)");
        server.shutdown().await;
    });
}
