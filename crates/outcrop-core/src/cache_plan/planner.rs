//! The cache plan's analysis, keeping per-block work between recomputations.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use super::block::{Block, BlockKind, CachePoint};
use super::lint::{LintFinding, LintFix, LintKind, json_equal_but_reordered, lint_text};
use super::plan::{CachePlan, PointPlan, PointProblem};
use crate::model_facts::{CacheField, CacheTtl, ModelFacts};

#[derive(Debug, Clone)]
struct BlockFacts {
    tokens: u32,
    estimated: bool,
    lints: Vec<(u32, u32, LintKind, String, LintFix)>,
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
                tokens: block.tokens(),
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
                automatic: point.automatic,
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
                    fix: *fix,
                    fix_message: fix.sentence().to_owned(),
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
                    fix: LintFix::SortJsonKeys,
                    fix_message: LintFix::SortJsonKeys.sentence().to_owned(),
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
            estimated_tokens: None,
            label: String::new(),
        }
    }

    fn point(after: u32, ttl: CacheTtl) -> CachePoint {
        CachePoint {
            after_blocks: after,
            ttl,
            automatic: false,
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
        assert_eq!(timestamp.fix, LintFix::MoveTimestamp);
        assert!(timestamp.fix_message.contains("after the last cache point"));
        // The question's time is after the cache point: not a finding.
        assert!(plan.lints.iter().all(|l| l.block == 0));
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
        assert_eq!(plan.lints[0].fix, LintFix::SortJsonKeys);
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
            first.total_tokens + crate::cache_plan::estimate_tokens(" edited")
        );
    }
}
