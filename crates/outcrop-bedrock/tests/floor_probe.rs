//! The cache-floor probe through the real AWS SDK, over HTTP, against bedrock-local: it must find exactly the
//! floor bedrock-local was given (read from bedrock-local's own table, not from Outcrop's) for every seeded
//! Claude and Nova model, within its request bound; Stop mid-probe keeps nothing; a floor found is what
//! planning uses until it is deleted.

#![allow(clippy::unwrap_used)] // a test fails loudly; helpers included

use std::sync::{Arc, Mutex};

use bedrock_local::{BedrockLocal, Config};
use outcrop_bedrock::playground::{
    Api, Backoff, FloorProbeEvent, FloorProbeReport, PlaygroundService, SystemClock, Target,
};
use outcrop_bedrock::profiles::Catalog;
use outcrop_core::conversation::Conversation;
use outcrop_core::floor_probe::FloorOutcome;

mod support;

const REGION: &str = "us-east-1";

struct World {
    _server: BedrockLocal,
    service: PlaygroundService,
    runtime: outcrop_bedrock::Runtime,
    catalog: Catalog,
    _dir: tempfile::TempDir,
}

async fn world() -> World {
    let server = BedrockLocal::start(Config {
        region: REGION.into(),
        ..Config::default()
    })
    .await
    .unwrap();
    let connection = support::example_keys_to(server.url(), REGION);
    let dir = tempfile::tempdir().unwrap();
    let service = PlaygroundService::open(dir.path(), Arc::new(SystemClock), Backoff::default()).unwrap();
    let catalog = outcrop_bedrock::profiles::catalog(&connection.bedrock().await, REGION)
        .await
        .unwrap();
    World {
        runtime: connection.runtime().await,
        _server: server,
        service,
        catalog,
        _dir: dir,
    }
}

impl World {
    /// The target the playground would send to for a choice: resolved through the Region's catalogue.
    fn target(&self, choice: &str) -> Target {
        Target {
            resolution: self.catalog.resolve(choice).unwrap(),
            region: REGION.into(),
            messages_endpoint: outcrop_core::MessagesEndpoint::Runtime,
        }
    }

    async fn probe(
        &self,
        target: &Target,
        on_event: impl Fn(&FloorProbeEvent, &PlaygroundService) + Send + Sync,
    ) -> (FloorProbeReport, Vec<FloorProbeEvent>) {
        let events = Mutex::new(Vec::new());
        let reservation = self.service.reserve_floor_probe().unwrap();
        let report = self
            .service
            .run_floor_probe(&self.runtime, &reservation, target, &|event| {
                on_event(&event, &self.service);
                events.lock().unwrap().push(event);
            })
            .await
            .unwrap();
        (report, events.into_inner().unwrap())
    }
}

#[tokio::test]
async fn the_probe_finds_every_seeded_claude_and_nova_floor_within_its_bound() {
    let w = world().await;
    // bedrock-local's own table: the test holds whatever floors bedrock-local was given.
    let floors = bedrock_local::CacheRules::bundled();
    let mut probed = Vec::new();
    for model in &w.catalog.models {
        let id = &model.model.model_id;
        let family = id.starts_with("anthropic.claude") || id.starts_with("amazon.nova");
        let (Some(choice), Some(expected)) = (model.recommended.as_ref(), floors.min_tokens(id)) else {
            continue;
        };
        if !family {
            continue;
        }
        let target = w.target(choice);
        let plan = w.service.floor_probe_plan(&target).unwrap();
        assert!(
            plan.plan.candidates.contains(&expected),
            "{id}: bedrock-local's floor {expected} is a candidate of {:?}",
            plan.plan.candidates
        );
        for claim in &plan.floor_claims {
            assert!(
                plan.plan.candidates.contains(&claim.tokens),
                "{id}: every claim is tried"
            );
        }
        let (report, events) = w.probe(&target, |_, _| {}).await;
        let FloorProbeReport::Measured { probe, outcome } = report else {
            panic!("{id} through {choice}: {report:?}");
        };
        assert_eq!(probe.floor.tokens, expected, "{id} through {choice}: {outcome:?}");
        assert_eq!(probe.floor.invoked_id, *choice);
        assert_eq!(probe.floor.region, REGION);
        assert!(
            probe.floor.requests <= plan.plan.max_requests,
            "{id}: {} requests, bound {}",
            probe.floor.requests,
            plan.plan.max_requests
        );
        assert_eq!(probe.requests.len() as u32, probe.floor.requests);
        if let FloorOutcome::Floor {
            not_at: Some(not_at), ..
        } = outcome
        {
            assert!(not_at < expected, "{id}: did not cache at {not_at}");
        }
        let requests = events
            .iter()
            .filter(|e| matches!(e, FloorProbeEvent::Request { .. }))
            .count();
        assert_eq!(requests as u32, probe.floor.requests, "one event per request");
        assert!(matches!(events[0], FloorProbeEvent::Started { .. }));
        // Planning uses what was measured.
        let rules = w
            .service
            .plan(
                None,
                &Conversation::simple("system", "question"),
                Api::Converse,
                &target,
            )
            .unwrap()
            .caching
            .unwrap();
        assert_eq!(
            rules.min_tokens, expected,
            "{id}: the plan uses the measured floor"
        );
        assert_eq!(rules.measured.unwrap().tokens, expected);
        probed.push((id.clone(), probe.floor.requests));
    }
    let claude = probed
        .iter()
        .filter(|(id, _)| id.starts_with("anthropic."))
        .count();
    let nova = probed
        .iter()
        .filter(|(id, _)| id.starts_with("amazon.nova"))
        .count();
    assert!(claude >= 6 && nova >= 3, "probed {probed:?}");
    // The current models with suffix-free IDs are among them (Opus 4.7 without CountTokens: sized from usage).
    for current in [
        "anthropic.claude-opus-4-7",
        "anthropic.claude-opus-4-6-v1",
        "anthropic.claude-sonnet-4-6",
        "amazon.nova-2-lite-v1:0",
        "amazon.nova-premier-v1:0",
    ] {
        assert!(
            probed.iter().any(|(id, _)| id == current),
            "{current} not probed: {probed:?}"
        );
    }
    assert_eq!(w.service.floor_probes().unwrap().len(), probed.len());
}

#[tokio::test]
async fn stop_mid_probe_records_nothing_and_delete_returns_to_the_claims() {
    let w = world().await;
    let choice = "us.anthropic.claude-3-7-sonnet-20250219-v1:0";
    let target = w.target(choice);
    let before = w.service.facts();
    let (report, events) = w
        .probe(&target, |event, service| {
            if matches!(event, FloorProbeEvent::Request { .. }) {
                assert!(service.stop_floor_probe());
            }
        })
        .await;
    let FloorProbeReport::Stopped { requests } = report else {
        panic!("{report:?}");
    };
    assert_eq!(requests.len(), 1, "stopped after the first request: {events:?}");
    assert!(w.service.floor_probes().unwrap().is_empty(), "nothing recorded");
    assert_eq!(*w.service.facts(), *before);
    assert!(!w.service.stop_floor_probe(), "nothing runs any more");

    // A full run keeps a floor; a re-run replaces it; delete brings back the published claims.
    let (first, _) = w.probe(&target, |_, _| {}).await;
    let (second, _) = w.probe(&target, |_, _| {}).await;
    let (FloorProbeReport::Measured { probe: a, .. }, FloorProbeReport::Measured { probe: b, .. }) =
        (first, second)
    else {
        panic!("both runs measure");
    };
    let kept = w.service.floor_probes().unwrap();
    assert_eq!(kept.len(), 1, "the re-run replaced the first");
    assert_eq!(kept[0].id, b.id);
    assert_ne!(a.id, b.id);
    w.service.delete_floor_probe(b.id).unwrap();
    assert!(w.service.floor_probes().unwrap().is_empty());
    let model = target.resolution.foundation_model_id.as_deref().unwrap();
    let facts = w.service.facts();
    let cache = &facts.lookup(model).unwrap().cache;
    assert!(cache.measured.is_none());
    assert_eq!(cache.min_tokens, cache.conservative_floor());
}

#[tokio::test]
async fn one_probe_runs_at_a_time_and_the_plan_names_its_cost() {
    let w = world().await;
    let target = w.target("us.anthropic.claude-3-7-sonnet-20250219-v1:0");
    let plan = w.service.floor_probe_plan(&target).unwrap();
    assert!(plan.plan.counted, "Claude is sized with CountTokens");
    assert!(plan.plan.worst_case_cost.unwrap() > 0.0);
    assert_eq!(plan.plan.max_requests, 6);
    let nova = w
        .service
        .floor_probe_plan(&w.target("us.amazon.nova-lite-v1:0"))
        .unwrap();
    assert!(!nova.plan.counted, "Nova is sized from the replies");
    let _running = w.service.reserve_floor_probe().unwrap();
    assert_eq!(
        w.service.reserve_floor_probe().unwrap_err().code,
        outcrop_core::ErrorCode::Conflict
    );
}
