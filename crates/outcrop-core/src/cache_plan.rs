//! The cache plan: for a conversation and a model, where each cache point stands, how many tokens its prefix
//! holds (tools → system → messages), whether it can cache at all on this model, and what is wrong with the
//! placement — decided as the person types, without a network.
//!
//! Also the prefix-stability lint: text inside a cached prefix that changes from one request to the next
//! (timestamps, dates, UUIDs, random IDs, counters, JSON whose key order moved) silently turns every cache
//! read into a fresh write. Each finding carries its span and the move that fixes it.
//!
//! Recomputing is incremental: token counts and lint findings are kept per block content hash, so after a
//! one-block edit only that block is read again.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model_facts::{CacheField, CacheTtl, ModelFacts};

/// What a block holds; a checkpoint may not follow a reasoning block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum BlockKind {
    Text,
    Document,
    Image,
    ToolSpec,
    ToolUse,
    ToolResult,
    Reasoning,
}

/// One content block of the request.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Block {
    pub section: CacheField,
    pub kind: BlockKind,
    /// The text the model reads (a tool's JSON spec, a document's text).
    pub text: String,
    /// A counted size (from CountTokens) when known; otherwise the plan estimates it.
    pub counted_tokens: Option<u32>,
    /// What else makes the block itself besides its text (a document's name and format, a tool call's ID):
    /// part of the prefix, so part of its identity.
    #[serde(default)]
    pub label: String,
}

/// A cache point after `after_blocks` blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CachePoint {
    pub after_blocks: u32,
    pub ttl: CacheTtl,
}

/// Something wrong with one cache point.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum PointProblem {
    /// The prefix is below the model's minimum: the request succeeds and nothing is cached.
    BelowMinimum { missing_tokens: u32 },
    /// The model does not offer this TTL.
    TtlNotSupported { ttl: CacheTtl },
    /// A longer TTL after a shorter one: Bedrock refuses the request.
    LongerTtlAfterShorter,
    /// The model cannot cache this section (Nova: tools).
    SectionNotCacheable { section: CacheField },
    /// Right after a reasoning block: Bedrock refuses the request.
    AfterReasoning,
    /// The fifth or later point: Bedrock refuses the request.
    BeyondLimit { limit: u32 },
}

impl PointProblem {
    /// True when Bedrock refuses the whole request for it (a point below the minimum only caches nothing).
    pub fn refuses(&self) -> bool {
        !matches!(self, Self::BelowMinimum { .. })
    }

    /// What is wrong with cache point `number` (counted from 1) and what to do.
    pub fn describe(&self, number: u32) -> String {
        match self {
            Self::BelowMinimum { missing_tokens } => format!(
                "Cache point {number} caches nothing: its prefix needs {missing_tokens} more tokens to reach the model's minimum. Move it later or add content before it."
            ),
            Self::TtlNotSupported { ttl } => format!(
                "Cache point {number}: this model does not offer the {} TTL; use 5m.",
                ttl.as_str()
            ),
            Self::LongerTtlAfterShorter => format!(
                "Cache point {number}: a 1h point cannot follow a 5m one; put the 1h points first or make this one 5m."
            ),
            Self::SectionNotCacheable { section } => format!(
                "Cache point {number}: this model cannot cache {}; remove the point or move it into {}.",
                match section {
                    CacheField::Tools => "tool specifications",
                    CacheField::System => "the system prompt",
                    CacheField::Messages => "messages",
                },
                if *section == CacheField::Tools {
                    "the system prompt or the messages"
                } else {
                    "another section"
                }
            ),
            Self::AfterReasoning => format!(
                "Cache point {number} follows a reasoning block, which Bedrock refuses (\"Cache point cannot be inserted after reasoning block\"); move it before the reasoning or after the next block."
            ),
            Self::BeyondLimit { limit } => format!(
                "Cache point {number}: Bedrock allows at most {limit} cache points per request; remove one."
            ),
        }
    }
}

/// One cache point, analysed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PointPlan {
    pub index: u32,
    pub after_blocks: u32,
    pub section: CacheField,
    pub ttl: CacheTtl,
    /// Cumulative tokens of the prefix this point closes.
    pub prefix_tokens: u32,
    /// The model's minimum per checkpoint, when known.
    pub min_tokens: Option<u32>,
    /// True when this point will cache (reaches the minimum, nothing refused).
    pub caches: bool,
    pub problems: Vec<PointProblem>,
}

/// What a lint finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum LintKind {
    Timestamp,
    Date,
    Time,
    Uuid,
    RandomId,
    Counter,
    JsonKeyOrder,
}

/// Text in a cached prefix that will change between requests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LintFinding {
    pub block: u32,
    /// Byte offsets in the block's text.
    pub start: u32,
    pub end: u32,
    pub kind: LintKind,
    pub text: String,
    /// The move that fixes it.
    pub fix: String,
}

/// The whole plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CachePlan {
    pub total_tokens: u32,
    /// Tokens of each block, counted or estimated (the ruler draws them).
    pub block_tokens: Vec<u32>,
    /// True when any block's size is a local estimate rather than a count from the service.
    pub estimated: bool,
    pub points: Vec<PointPlan>,
    /// Findings inside the prefix of the last point that can cache (or of the last point).
    pub lints: Vec<LintFinding>,
    /// Known caching rules for the model; `false` means the floors and TTLs could not be checked.
    pub model_known: bool,
}

/// Estimates tokens of text the model has not counted: about four characters of English a token, with
/// punctuation and digits weighing more; always reported as an estimate.
pub fn estimate_tokens(text: &str) -> u32 {
    let mut tokens = 0u32;
    let mut word = 0u32;
    for c in text.chars() {
        if c.is_alphabetic() {
            word += 1;
            continue;
        }
        if word > 0 {
            tokens += word.div_ceil(5);
            word = 0;
        }
        if !c.is_whitespace() {
            tokens += 1;
        }
    }
    if word > 0 {
        tokens += word.div_ceil(5);
    }
    tokens
}

struct Rule {
    kind: LintKind,
    pattern: Regex,
    fix: &'static str,
}

#[allow(clippy::expect_used)] // fixed patterns, exercised by the tests
static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    let rule = |kind, pattern: &str, fix| Rule {
        kind,
        pattern: Regex::new(pattern).expect("lint pattern"),
        fix,
    };
    vec![
        rule(
            LintKind::Timestamp,
            r"\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?\b",
            "Move this timestamp after the last cache point (into the latest user turn), or round it to the day.",
        ),
        rule(
            LintKind::Uuid,
            r"(?i)\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b",
            "Move this ID after the last cache point; IDs that change per request make every read a write.",
        ),
        rule(
            LintKind::Date,
            r"\b(\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4})\b",
            "If this date changes (today's date, a report date), move it after the last cache point.",
        ),
        rule(
            LintKind::Time,
            r"\b\d{1,2}:\d{2}(:\d{2})?\s?(?i:am|pm)?\b",
            "A time of day changes every minute: move it after the last cache point.",
        ),
        rule(
            LintKind::RandomId,
            r"\b[A-Za-z0-9_-]{16,}\b",
            "This looks like a generated ID: if it differs per request, move it after the last cache point.",
        ),
        rule(
            LintKind::Counter,
            r"(?i)\b(?:request|turn|attempt|run|iteration|call|message|session)\s*(?:#|no\.?|number|count|id)?\s*:?\s*\d+\b",
            "A counter changes every request: move it after the last cache point.",
        ),
    ]
});

/// Random-looking tokens: 16+ characters where letters and digits alternate often (generated IDs, hex
/// digests), unlike words and version strings such as `claude-3-7-sonnet-20250219-v1`.
fn looks_random(text: &str) -> bool {
    let chars: Vec<char> = text.chars().filter(char::is_ascii_alphanumeric).collect();
    if chars.len() < 16
        || !chars.iter().any(char::is_ascii_digit)
        || !chars.iter().any(char::is_ascii_alphabetic)
    {
        return false;
    }
    let switches = chars
        .windows(2)
        .filter(|w| w[0].is_ascii_digit() != w[1].is_ascii_digit())
        .count();
    switches * 4 >= chars.len()
}

fn lint_text(text: &str) -> Vec<(u32, u32, LintKind, String, &'static str)> {
    let mut found: Vec<(usize, usize, LintKind, &'static str)> = Vec::new();
    for rule in RULES.iter() {
        for m in rule.pattern.find_iter(text) {
            if rule.kind == LintKind::RandomId && !looks_random(m.as_str()) {
                continue;
            }
            // The first (most specific) rule to claim a span keeps it.
            if found.iter().any(|(s, e, _, _)| m.start() < *e && *s < m.end()) {
                continue;
            }
            found.push((m.start(), m.end(), rule.kind, rule.fix));
        }
    }
    found.sort_by_key(|(s, ..)| *s);
    found
        .into_iter()
        .map(|(s, e, kind, fix)| (s as u32, e as u32, kind, text[s..e].to_owned(), fix))
        .collect()
}

#[derive(Debug, Clone)]
struct BlockFacts {
    tokens: u32,
    estimated: bool,
    lints: Vec<(u32, u32, LintKind, String, &'static str)>,
}

/// Keeps per-block work between recomputations: after an edit, only changed blocks are read again.
#[derive(Debug, Default)]
pub struct Planner {
    blocks: HashMap<u64, BlockFacts>,
}

fn block_hash(block: &Block) -> u64 {
    let mut hasher = DefaultHasher::new();
    block.hash(&mut hasher);
    hasher.finish()
}

impl Planner {
    pub fn new() -> Self {
        Self::default()
    }

    fn facts(&mut self, block: &Block) -> BlockFacts {
        self.blocks
            .entry(block_hash(block))
            .or_insert_with(|| BlockFacts {
                tokens: block
                    .counted_tokens
                    .unwrap_or_else(|| estimate_tokens(&block.text)),
                estimated: block.counted_tokens.is_none(),
                lints: lint_text(&block.text),
            })
            .clone()
    }

    /// The plan for `blocks` with `points` on a model with `facts` (`None`: rules unknown). `previous`, the
    /// blocks of the last request sent, lets the lint see JSON whose key order changed.
    pub fn plan(
        &mut self,
        blocks: &[Block],
        points: &[CachePoint],
        facts: Option<&ModelFacts>,
        previous: Option<&[Block]>,
    ) -> CachePlan {
        let per_block: Vec<BlockFacts> = blocks.iter().map(|b| self.facts(b)).collect();
        // Keep only what the current conversation holds, so a long editing session does not grow the memo.
        if self.blocks.len() > blocks.len() * 2 + 64 {
            let current: std::collections::HashSet<u64> = blocks.iter().map(block_hash).collect();
            self.blocks.retain(|hash, _| current.contains(hash));
        }
        let mut prefix = Vec::with_capacity(blocks.len() + 1);
        prefix.push(0u32);
        for f in &per_block {
            prefix.push(prefix.last().copied().unwrap_or(0).saturating_add(f.tokens));
        }
        const LIMIT: u32 = 4;
        let mut plans = Vec::with_capacity(points.len());
        let mut shorter_seen = false;
        for (i, point) in points.iter().enumerate() {
            let after = (point.after_blocks as usize).min(blocks.len());
            let section = blocks[..after].last().map_or(CacheField::Tools, |b| b.section);
            let prefix_tokens = prefix[after];
            let mut problems = Vec::new();
            if i as u32 >= LIMIT {
                problems.push(PointProblem::BeyondLimit { limit: LIMIT });
            }
            if blocks[..after]
                .last()
                .is_some_and(|b| b.kind == BlockKind::Reasoning)
            {
                problems.push(PointProblem::AfterReasoning);
            }
            if point.ttl == CacheTtl::OneHour && shorter_seen {
                problems.push(PointProblem::LongerTtlAfterShorter);
            }
            shorter_seen |= point.ttl == CacheTtl::FiveMinutes;
            if let Some(facts) = facts {
                if !facts.cache.ttls.contains(&point.ttl) {
                    problems.push(PointProblem::TtlNotSupported { ttl: point.ttl });
                }
                if !facts.cache.fields.contains(&section) {
                    problems.push(PointProblem::SectionNotCacheable { section });
                }
                if prefix_tokens < facts.cache.min_tokens {
                    problems.push(PointProblem::BelowMinimum {
                        missing_tokens: facts.cache.min_tokens - prefix_tokens,
                    });
                }
            }
            plans.push(PointPlan {
                index: i as u32,
                after_blocks: after as u32,
                section,
                ttl: point.ttl,
                prefix_tokens,
                min_tokens: facts.map(|f| f.cache.min_tokens),
                caches: facts.is_some() && problems.is_empty(),
                problems,
            });
        }

        // Lint the prefix the cache would keep: up to the last point that caches, else the last point.
        let linted_blocks = plans
            .iter()
            .rev()
            .find(|p| p.caches)
            .or(plans.last())
            .map_or(0, |p| p.after_blocks as usize);
        let mut lints = Vec::new();
        for (index, facts) in per_block.iter().enumerate().take(linted_blocks) {
            for (start, end, kind, text, fix) in &facts.lints {
                lints.push(LintFinding {
                    block: index as u32,
                    start: *start,
                    end: *end,
                    kind: *kind,
                    text: text.clone(),
                    fix: (*fix).to_owned(),
                });
            }
            if let Some(previous) = previous.and_then(|p| p.get(index))
                && previous.text != blocks[index].text
                && json_equal_but_reordered(&previous.text, &blocks[index].text)
            {
                lints.push(LintFinding {
                    block: index as u32,
                    start: 0,
                    end: blocks[index].text.len() as u32,
                    kind: LintKind::JsonKeyOrder,
                    text: String::new(),
                    fix: "The same JSON arrived with its keys in another order, which is a different prefix: serialise it with sorted keys.".into(),
                });
            }
        }
        CachePlan {
            total_tokens: prefix.last().copied().unwrap_or(0),
            block_tokens: per_block.iter().map(|f| f.tokens).collect(),
            estimated: per_block.iter().any(|f| f.estimated),
            points: plans,
            lints,
            model_known: facts.is_some(),
        }
    }
}

fn json_equal_but_reordered(before: &str, after: &str) -> bool {
    match (
        serde_json::from_str::<serde_json::Value>(before),
        serde_json::from_str::<serde_json::Value>(after),
    ) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model_facts::ModelFactsTable;

    fn block(section: CacheField, text: &str, tokens: Option<u32>) -> Block {
        Block {
            section,
            kind: BlockKind::Text,
            text: text.into(),
            counted_tokens: tokens,
            label: String::new(),
        }
    }

    fn point(after: u32, ttl: CacheTtl) -> CachePoint {
        CachePoint {
            after_blocks: after,
            ttl,
        }
    }

    fn facts(model: &str) -> ModelFacts {
        ModelFactsTable::bundled().lookup(model).unwrap().clone()
    }

    const SONNET_37: &str = "anthropic.claude-3-7-sonnet-20250219-v1:0";
    const SONNET_45: &str = "anthropic.claude-sonnet-4-5-20250929-v1:0";

    #[test]
    fn cumulative_tokens_and_the_floor_one_token_short_and_exactly_enough() {
        let blocks = vec![
            block(CacheField::Tools, "tool", Some(100)),
            block(CacheField::System, "system", Some(923)),
            block(CacheField::Messages, "doc", Some(1)),
        ];
        let mut planner = Planner::new();
        let plan = planner.plan(
            &blocks,
            &[point(2, CacheTtl::FiveMinutes), point(3, CacheTtl::FiveMinutes)],
            Some(&facts(SONNET_37)),
            None,
        );
        assert_eq!(plan.total_tokens, 1024);
        assert!(!plan.estimated);
        assert_eq!(plan.points[0].prefix_tokens, 1023);
        assert_eq!(
            plan.points[0].problems,
            [PointProblem::BelowMinimum { missing_tokens: 1 }]
        );
        assert!(!plan.points[0].caches);
        assert_eq!(plan.points[1].prefix_tokens, 1024);
        assert!(plan.points[1].caches, "exactly the minimum caches");
        assert_eq!(plan.points[1].section, CacheField::Messages);
    }

    #[test]
    fn refusals_are_named_before_sending() {
        let blocks: Vec<Block> = (0..6)
            .map(|i| block(CacheField::System, &format!("part {i}"), Some(5000)))
            .collect();
        let points: Vec<CachePoint> = (1..=5).map(|i| point(i, CacheTtl::FiveMinutes)).collect();
        let plan = Planner::new().plan(&blocks, &points, Some(&facts(SONNET_37)), None);
        assert_eq!(plan.points[4].problems, [PointProblem::BeyondLimit { limit: 4 }]);

        let order = Planner::new().plan(
            &blocks,
            &[point(1, CacheTtl::FiveMinutes), point(2, CacheTtl::OneHour)],
            Some(&facts(SONNET_45)),
            None,
        );
        assert_eq!(order.points[1].problems, [PointProblem::LongerTtlAfterShorter]);

        let no_hour = Planner::new().plan(
            &blocks,
            &[point(1, CacheTtl::OneHour)],
            Some(&facts(SONNET_37)),
            None,
        );
        assert_eq!(
            no_hour.points[0].problems,
            [PointProblem::TtlNotSupported {
                ttl: CacheTtl::OneHour
            }]
        );

        let tools = vec![block(CacheField::Tools, "spec", Some(5000))];
        let nova = Planner::new().plan(
            &tools,
            &[point(1, CacheTtl::FiveMinutes)],
            Some(&facts("amazon.nova-pro-v1:0")),
            None,
        );
        assert_eq!(
            nova.points[0].problems,
            [PointProblem::SectionNotCacheable {
                section: CacheField::Tools
            }]
        );

        let mut reasoning = block(CacheField::Messages, "thinking", Some(5000));
        reasoning.kind = BlockKind::Reasoning;
        let after = Planner::new().plan(
            &[reasoning],
            &[point(1, CacheTtl::FiveMinutes)],
            Some(&facts(SONNET_37)),
            None,
        );
        assert_eq!(after.points[0].problems, [PointProblem::AfterReasoning]);
    }

    #[test]
    fn unknown_models_are_planned_without_rules() {
        let plan = Planner::new().plan(
            &[block(CacheField::System, "x", Some(10))],
            &[point(1, CacheTtl::FiveMinutes)],
            None,
            None,
        );
        assert!(!plan.model_known);
        assert_eq!(plan.points[0].min_tokens, None);
        assert!(!plan.points[0].caches);
    }

    #[test]
    fn the_classic_mistake_a_timestamp_before_the_cache_point() {
        let system = "You are a support assistant. Current time: 2026-11-27T14:03:12Z. Session 8f14e45f-ceea-467f-a5c1-0c3c8a3a7b2e.";
        let blocks = vec![
            block(CacheField::System, system, Some(2000)),
            block(CacheField::Messages, "What changed at 10:30?", Some(8)),
        ];
        let plan = Planner::new().plan(
            &blocks,
            &[point(1, CacheTtl::FiveMinutes)],
            Some(&facts(SONNET_37)),
            None,
        );
        let kinds: Vec<LintKind> = plan.lints.iter().map(|l| l.kind).collect();
        assert_eq!(kinds, [LintKind::Timestamp, LintKind::Uuid], "{:?}", plan.lints);
        let timestamp = &plan.lints[0];
        assert_eq!(
            &system[timestamp.start as usize..timestamp.end as usize],
            "2026-11-27T14:03:12Z"
        );
        assert!(timestamp.fix.contains("after the last cache point"));
        // The question's time is after the cache point: not a finding.
        assert!(plan.lints.iter().all(|l| l.block == 0));
    }

    #[test]
    fn lint_kinds() {
        let kinds = |text: &str| {
            lint_text(text)
                .into_iter()
                .map(|(_, _, k, t, _)| (k, t))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            kinds("Report for 2026-11-27"),
            [(LintKind::Date, "2026-11-27".into())]
        );
        assert_eq!(kinds("as of 27/11/2026"), [(LintKind::Date, "27/11/2026".into())]);
        assert_eq!(
            kinds("request #42 of the day"),
            [(LintKind::Counter, "request #42".into())]
        );
        assert_eq!(
            kinds("trace a3f9c2e1b4d5f6a7b8c9"),
            [(LintKind::RandomId, "a3f9c2e1b4d5f6a7b8c9".into())]
        );
        assert_eq!(
            kinds("token x7Kq2Lm9Pz4Rt8Wv1Ny6Bc"),
            [(LintKind::RandomId, "x7Kq2Lm9Pz4Rt8Wv1Ny6Bc".into())]
        );
        assert!(kinds("Claude 3.7 Sonnet answers questions about rocks and minerals.").is_empty());
        assert!(
            kinds("anthropic.claude-3-7-sonnet-20250219-v1:0")
                .iter()
                .all(|(k, _)| *k != LintKind::Timestamp)
        );
    }

    #[test]
    fn json_key_order_changes_are_found_against_the_last_request() {
        let before = vec![block(
            CacheField::System,
            r#"{"user":"ana","plan":"pro"}"#,
            Some(2000),
        )];
        let after = vec![block(
            CacheField::System,
            r#"{"plan":"pro","user":"ana"}"#,
            Some(2000),
        )];
        let plan = Planner::new().plan(
            &after,
            &[point(1, CacheTtl::FiveMinutes)],
            Some(&facts(SONNET_37)),
            Some(&before),
        );
        assert_eq!(
            plan.lints.iter().map(|l| l.kind).collect::<Vec<_>>(),
            [LintKind::JsonKeyOrder]
        );
    }

    #[test]
    fn incremental_recompute_reads_only_the_changed_block() {
        let mut blocks: Vec<Block> = (0..50)
            .map(|i| {
                block(
                    CacheField::Messages,
                    &format!("message {i} {}", "word ".repeat(200)),
                    None,
                )
            })
            .collect();
        let mut planner = Planner::new();
        let first = planner.plan(
            &blocks,
            &[point(50, CacheTtl::FiveMinutes)],
            Some(&facts(SONNET_37)),
            None,
        );
        assert!(first.estimated);
        assert_eq!(planner.blocks.len(), 50);
        blocks[10].text.push_str(" edited");
        let second = planner.plan(
            &blocks,
            &[point(50, CacheTtl::FiveMinutes)],
            Some(&facts(SONNET_37)),
            None,
        );
        assert_eq!(planner.blocks.len(), 51, "one block read again");
        assert_eq!(
            second.total_tokens,
            first.total_tokens + estimate_tokens(" edited")
        );
    }

    #[test]
    fn estimates_are_about_four_characters_a_token() {
        let text = "Prompt caching lets you reuse a long, stable prefix across requests.";
        let ratio = text.len() as f64 / f64::from(estimate_tokens(text));
        assert!((3.0..6.0).contains(&ratio), "{ratio}");
    }
}
