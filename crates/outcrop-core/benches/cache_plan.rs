//! The cache plan of a 200k-token conversation with four cache points: from cold, and after a one-block edit.
//! Targets (issue #6): at most 100 ms cold and 5 ms incremental on a 2-core machine.

#![allow(clippy::unwrap_used, missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};
use outcrop_core::cache_plan::{Block, BlockKind, CachePoint, Planner, estimate_tokens};
use outcrop_core::cache_tracker::CacheTracker;
use outcrop_core::model_facts::{CacheField, CacheTtl, ModelFactsTable};
use outcrop_core::pricing::Usage;

/// About 200,000 estimated tokens: a long system document in 40 blocks, then 160 turns of conversation.
fn conversation() -> Vec<Block> {
    let paragraph = "Sedimentary rocks form where layers of sand, silt and shell settle and harden over long ages; \
                     an outcrop is where those layers break the surface and can be read like pages. ";
    let mut blocks = Vec::new();
    for i in 0..40 {
        blocks.push(Block {
            section: CacheField::System,
            kind: BlockKind::Document,
            text: format!("Chapter {i}. {}", paragraph.repeat(90)),
            counted_tokens: None,
            estimated_tokens: None,
            label: String::new(),
        });
    }
    for i in 0..160 {
        blocks.push(Block {
            section: CacheField::Messages,
            kind: BlockKind::Text,
            text: format!("Question {i} about the strata: {}", paragraph.repeat(12)),
            counted_tokens: None,
            estimated_tokens: None,
            label: String::new(),
        });
    }
    blocks
}

fn points() -> Vec<CachePoint> {
    [20, 40, 120, 200]
        .into_iter()
        .map(|after_blocks| CachePoint {
            after_blocks,
            ttl: CacheTtl::FiveMinutes,
            automatic: false,
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let blocks = conversation();
    let total: u32 = blocks.iter().map(|b| estimate_tokens(&b.text)).sum();
    assert!((180_000..260_000).contains(&total), "{total} tokens");
    let facts = ModelFactsTable::bundled()
        .lookup("anthropic.claude-3-7-sonnet-20250219-v1:0")
        .cloned();
    let points = points();

    c.bench_function("cache plan, 200k tokens, 4 points, cold", |b| {
        b.iter(|| Planner::new().plan(&blocks, &points, facts.as_ref(), None))
    });

    let mut planner = Planner::new();
    planner.plan(&blocks, &points, facts.as_ref(), None);
    let mut edited = blocks.clone();
    let mut n = 0u64;
    c.bench_function("cache plan, 200k tokens, 4 points, after a one-block edit", |b| {
        b.iter(|| {
            n += 1;
            edited[150].text = format!("Question edited {n}: what does the cliff show?");
            planner.plan(&edited, &points, facts.as_ref(), None)
        })
    });

    // What the playground does on every keystroke: the plan, then the prediction against what is cached.
    let scope = "us-east-1|us.anthropic.claude-3-7-sonnet-20250219-v1:0";
    let mut tracker = CacheTracker::default();
    let plan = planner.plan(&blocks, &points, facts.as_ref(), None);
    let prediction = tracker.predict(&blocks, &plan, scope, 0);
    let written = Usage {
        cache_write5m_tokens: u64::from(prediction.write_tokens()),
        ..Usage::default()
    };
    tracker.record(&blocks, &plan, &prediction, &written, scope, 0);
    c.bench_function(
        "plan + prediction, 200k tokens, 4 points, after a one-block edit",
        |b| {
            b.iter(|| {
                n += 1;
                edited[150].text = format!("Question edited {n}: what does the cliff show?");
                let plan = planner.plan(&edited, &points, facts.as_ref(), None);
                tracker.predict(&edited, &plan, scope, 1_000)
            })
        },
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(4));
    targets = bench
}
criterion_main!(benches);
