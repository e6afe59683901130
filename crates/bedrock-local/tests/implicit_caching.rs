//! Implicit prompt caching through the real SDK: Nova reads a repeated prefix without cache points, Claude does
//! not unless told to, and explicit cache points keep their meaning.

#![allow(clippy::unwrap_used)] // a test fails loudly

mod support;

use std::collections::BTreeMap;
use std::time::Duration;

use aws_sdk_bedrockruntime::types::{CachePointBlock, CachePointType, SystemContentBlock, TokenUsage};
use bedrock_local::{BedrockLocal, Config};
use support::{Local, document, start_local, system, user};

const NOVA_PRO: &str = "amazon.nova-pro-v1:0";
const SONNET_46: &str = "us.anthropic.claude-sonnet-4-6";

async fn ask(
    local: &Local,
    model: &str,
    system_blocks: Vec<SystemContentBlock>,
    question: &str,
) -> TokenUsage {
    local
        .runtime
        .converse()
        .model_id(model)
        .set_system(Some(system_blocks))
        .messages(user(question))
        .send()
        .await
        .unwrap()
        .usage()
        .unwrap()
        .clone()
}

fn counters(usage: &TokenUsage) -> (Option<i32>, Option<i32>) {
    (usage.cache_read_input_tokens(), usage.cache_write_input_tokens())
}

#[tokio::test]
async fn nova_reads_a_repeated_prefix_without_cache_points() {
    let local = start_local(Config::default()).await;
    let doc = document(1500);
    let first = ask(&local, NOVA_PRO, vec![system(&doc)], "first question").await;
    assert_eq!(
        counters(&first),
        (Some(0), Some(0)),
        "remembering reports no write"
    );
    let second = ask(&local, NOVA_PRO, vec![system(&doc)], "second question").await;
    assert_eq!(counters(&second), (Some(1500), Some(0)));
    assert_eq!(
        second.input_tokens() + 1500,
        first.input_tokens(),
        "the read part is no longer uncached input"
    );
    // Below Nova Pro's 1,024-token floor nothing is remembered.
    let short = document(900);
    ask(&local, NOVA_PRO, vec![system(&short)], "q").await;
    let again = ask(&local, NOVA_PRO, vec![system(&short)], "q").await;
    assert_eq!(counters(&again), (Some(0), Some(0)));
    // Five minutes after the last read, the prefix is gone.
    local.clock.advance(Duration::from_secs(301));
    let later = ask(&local, NOVA_PRO, vec![system(&doc)], "third question").await;
    assert_eq!(counters(&later), (Some(0), Some(0)));
    local.server.shutdown().await;
}

#[tokio::test]
async fn explicit_cache_points_take_precedence() {
    let local = start_local(Config::default()).await;
    let doc = document(1500);
    let with_point = || {
        vec![
            system(&doc),
            SystemContentBlock::CachePoint(
                CachePointBlock::builder()
                    .r#type(CachePointType::Default)
                    .build()
                    .unwrap(),
            ),
        ]
    };
    let first = ask(&local, NOVA_PRO, with_point(), "q1").await;
    assert_eq!(
        counters(&first),
        (Some(0), Some(1500)),
        "an explicit write is reported"
    );
    let second = ask(&local, NOVA_PRO, with_point(), "q2").await;
    assert_eq!(counters(&second), (Some(1500), Some(0)));
    local.server.shutdown().await;
}

#[tokio::test]
async fn claude_reads_implicitly_only_when_configured() {
    let doc = document(2500);
    let default = start_local(Config::default()).await;
    for question in ["q1", "q2"] {
        let usage = ask(&default, SONNET_46, vec![system(&doc)], question).await;
        assert_eq!(counters(&usage), (Some(0), Some(0)), "off for Claude by default");
    }
    default.server.shutdown().await;

    let on = start_local(Config {
        implicit_cache: BTreeMap::from([("anthropic.claude-sonnet-4-6".to_owned(), true)]),
        ..Config::default()
    })
    .await;
    ask(&on, SONNET_46, vec![system(&doc)], "q1").await;
    let second = ask(&on, SONNET_46, vec![system(&doc)], "q2").await;
    assert_eq!(counters(&second), (Some(2500), Some(0)));
    on.server.shutdown().await;

    let off = start_local(Config {
        implicit_cache: BTreeMap::from([(NOVA_PRO.to_owned(), false)]),
        ..Config::default()
    })
    .await;
    ask(&off, NOVA_PRO, vec![system(&doc)], "q1").await;
    let second = ask(&off, NOVA_PRO, vec![system(&doc)], "q2").await;
    assert_eq!(counters(&second), (Some(0), Some(0)));
    off.server.shutdown().await;
}

#[tokio::test]
async fn a_model_that_cannot_cache_is_refused_at_start() {
    let error = BedrockLocal::start(Config {
        implicit_cache: BTreeMap::from([("meta.llama3-8b-instruct-v1:0".to_owned(), true)]),
        ..Config::default()
    })
    .await
    .unwrap_err();
    assert_eq!(error.kind(), std::io::ErrorKind::InvalidInput);
    assert!(
        error.to_string().contains("meta.llama3-8b-instruct-v1:0"),
        "{error}"
    );
}
