//! The cache-floor probe's cost: how many requests it sends to find each seeded Claude and Nova model's floor
//! on bedrock-local (the bound it promises beside it), what that costs at worst at the bundled prices, and
//! how long it takes locally. Requests are the probe's cost on a real account; the time is the local
//! server's and Outcrop's alone.
//!
//! `cargo bench -p outcrop-bedrock --bench floor_probe` (or `cargo xtask bench`).

#![allow(clippy::print_stdout, clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::time::Instant;

use bedrock_local::{BedrockLocal, Config};
use outcrop_bedrock::playground::{Backoff, FloorProbeReport, PlaygroundService, SystemClock, Target};
use outcrop_bedrock::{Connection, CredentialSource};

const REGION: &str = "us-east-1";

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
            region: REGION.into(),
            endpoint_url: Some(server.url()),
            simulated: false,
            runtime_endpoint_url: None,
            messages_endpoint: outcrop_core::MessagesEndpoint::Runtime,
        };
        let dir = tempfile::tempdir().unwrap();
        let service = PlaygroundService::open(dir.path(), Arc::new(SystemClock), Backoff::default()).unwrap();
        let catalog = outcrop_bedrock::profiles::catalog(&connection.bedrock().await, REGION)
            .await
            .unwrap();
        let client = connection.runtime().await;
        println!("Cache-floor probe on bedrock-local ({REGION}): requests sent to find each model's floor");
        println!(
            "  {:<44} {:>7} {:>9} {:>6} {:>11} {:>8}",
            "model (invoked ID)", "floor", "requests", "bound", "worst case", "ms"
        );
        let (mut total, mut models) = (0u32, 0u32);
        for model in &catalog.models {
            let id = &model.model.model_id;
            if !(id.starts_with("anthropic.claude") || id.starts_with("amazon.nova")) {
                continue;
            }
            let Some(choice) = model.recommended.as_ref() else {
                continue;
            };
            let target = Target {
                resolution: catalog.resolve(choice).unwrap(),
                region: REGION.into(),
                messages_endpoint: outcrop_core::MessagesEndpoint::Runtime,
            };
            let Ok(plan) = service.floor_probe_plan(&target) else {
                continue;
            };
            let reservation = service.reserve_floor_probe().unwrap();
            let started = Instant::now();
            let report = service
                .run_floor_probe(&client, &reservation, &target, &|_| {})
                .await;
            let ms = started.elapsed().as_secs_f64() * 1000.0;
            drop(reservation);
            let cost = plan
                .plan
                .worst_case_cost
                .map_or_else(|| "—".to_owned(), |c| format!("${c:.4}"));
            let (floor, requests) = match report {
                Ok(FloorProbeReport::Measured { probe, .. }) => {
                    (probe.floor.tokens.to_string(), probe.floor.requests)
                }
                Ok(FloorProbeReport::AboveEvery { requests, .. }) => {
                    ("none".to_owned(), requests.len() as u32)
                }
                Ok(FloorProbeReport::Stopped { requests }) => ("stopped".to_owned(), requests.len() as u32),
                Ok(FloorProbeReport::Undecided { requests }) => {
                    ("undecided".to_owned(), requests.len() as u32)
                }
                Ok(FloorProbeReport::Inconsistent { requests, .. }) => {
                    ("inconsistent".to_owned(), requests.len() as u32)
                }
                // A model bedrock-local gives no caching rule refuses cache points: nothing to measure.
                Err(_) => continue,
            };
            total += requests;
            models += 1;
            println!(
                "  {:<44} {:>7} {:>9} {:>6} {:>11} {:>8.1}",
                choice, floor, requests, plan.plan.max_requests, cost, ms
            );
        }
        println!(
            "  {models} models, {total} requests in all, {:.1} per model",
            f64::from(total) / f64::from(models.max(1))
        );
        server.shutdown().await;
    });
}
