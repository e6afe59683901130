//! What the next send will read and write at each checkpoint, and why a prefix cached before is missed.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::explain::{MissCause, first_difference};
use super::prefix::{is_refused, prefix_hashes, prefix_tokens};
use super::tracker::CacheTracker;
use crate::cache_plan::{Block, CachePlan, PointProblem};
use crate::model_facts::CacheTtl;
use crate::pricing::Usage;

/// How far back (in content blocks) from a checkpoint the service looks for a cached prefix.
pub const LOOKBACK_BLOCKS: u32 = 20;

/// What the next send does at one cache point.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum PointAction {
    /// Its prefix (or a longer one) is read from the cache.
    Read { tokens: u32 },
    /// Its prefix is written (the tokens after what is read).
    Write { tokens: u32, ttl: CacheTtl },
    /// It will not cache (see the plan's problems for why).
    Nothing,
}

/// "Writes N tokens at checkpoint k, reads M" for the next send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Prediction {
    pub read_tokens: u32,
    /// Blocks in the prefix read, when one is.
    pub read_boundary: Option<u32>,
    pub write5m_tokens: u32,
    pub write1h_tokens: u32,
    /// Input billed at the plain rate.
    pub uncached_tokens: u32,
    /// One action per point of the plan.
    pub points: Vec<PointAction>,
    /// Why something cached before will not be read.
    pub misses: Vec<MissCause>,
    /// True when the figures rest on local token estimates.
    pub estimated: bool,
}

impl Prediction {
    pub fn write_tokens(&self) -> u32 {
        self.write5m_tokens + self.write1h_tokens
    }

    /// The prediction as usage, for pricing the send before it happens (no output yet).
    pub fn as_usage(&self) -> Usage {
        Usage {
            input_tokens: u64::from(self.uncached_tokens),
            output_tokens: 0,
            cache_read_input_tokens: u64::from(self.read_tokens),
            cache_write5m_tokens: u64::from(self.write5m_tokens),
            cache_write1h_tokens: u64::from(self.write1h_tokens),
            implicit_read_tokens: 0,
        }
    }
}

impl CacheTracker {
    /// What sending `blocks` under `scope` at `now` will read and write, given `plan` (the cache plan of the
    /// same blocks on the model).
    pub fn predict(&self, blocks: &[Block], plan: &CachePlan, scope: &str, now_ms: u64) -> Prediction {
        let hashes = prefix_hashes(blocks);
        let tokens = prefix_tokens(blocks, plan);
        // Points Bedrock accepts: a live entry near one is read even when the estimate says it is too small.
        let eligible: Vec<_> = plan
            .points
            .iter()
            .filter(|p| p.problems.iter().all(|problem| !is_refused(problem)))
            .collect();

        let live_at = |boundary: u32| {
            self.live(scope, now_ms)
                .any(|e| e.boundary == boundary && hashes.get(boundary as usize) == Some(&e.prefix_hash))
        };
        let mut hit: Option<u32> = None;
        for point in &eligible {
            let lowest = point.after_blocks.saturating_sub(LOOKBACK_BLOCKS).max(1);
            for boundary in (lowest..=point.after_blocks).rev() {
                // A live entry was written, so it reached the minimum, whatever the estimates say.
                if live_at(boundary) {
                    hit = hit.max(Some(boundary));
                    break;
                }
            }
        }
        let covered_start = hit.unwrap_or(0);
        // What the entry holds, as the service reported it when it was written or read.
        let read_tokens = hit.map_or(0, |b| {
            self.live(scope, now_ms)
                .find(|e| e.boundary == b && hashes.get(b as usize) == Some(&e.prefix_hash))
                .map_or(tokens[b as usize], |e| e.tokens)
        });
        let mut covered = covered_start;
        let (mut write5m, mut write1h) = (0u32, 0u32);
        let mut actions = Vec::with_capacity(plan.points.len());
        for point in &plan.points {
            let refused = point.problems.iter().any(is_refused);
            if !refused && hit.is_some() && point.after_blocks <= covered {
                actions.push(PointAction::Read {
                    tokens: if point.after_blocks == covered_start {
                        read_tokens
                    } else {
                        tokens[point.after_blocks as usize]
                    },
                });
                continue;
            }
            if !point.caches {
                actions.push(PointAction::Nothing);
                continue;
            }
            let written = tokens[point.after_blocks as usize] - tokens[covered as usize];
            match point.ttl {
                CacheTtl::FiveMinutes => write5m += written,
                CacheTtl::OneHour => write1h += written,
            }
            covered = point.after_blocks;
            actions.push(PointAction::Write {
                tokens: written,
                ttl: point.ttl,
            });
        }
        let total = plan.total_tokens.max(tokens.last().copied().unwrap_or(0));
        let misses = self.misses(blocks, plan, &hashes, scope, now_ms, hit);
        Prediction {
            read_tokens,
            read_boundary: hit,
            write5m_tokens: write5m,
            write1h_tokens: write1h,
            uncached_tokens: total.saturating_sub(read_tokens + write5m + write1h),
            points: actions,
            misses,
            estimated: plan.estimated,
        }
    }

    /// Why the longest prefix this session cached last will not be read by this send.
    fn misses(
        &self,
        blocks: &[Block],
        plan: &CachePlan,
        hashes: &[String],
        scope: &str,
        now_ms: u64,
        hit: Option<u32>,
    ) -> Vec<MissCause> {
        let mut causes = Vec::new();
        for point in &plan.points {
            if point.problems.iter().all(|p| !is_refused(p))
                && let Some(PointProblem::BelowMinimum { missing_tokens }) = point
                    .problems
                    .iter()
                    .find(|p| matches!(p, PointProblem::BelowMinimum { .. }))
            {
                causes.push(MissCause::BelowFloor {
                    point: point.index,
                    missing_tokens: *missing_tokens,
                });
            }
        }
        // The longest prefix the last send left cached (or read).
        let Some(last) = &self.last_sent else {
            return causes;
        };
        let Some(expected) = self
            .entries
            .iter()
            .filter(|e| e.scope == last.scope)
            .max_by_key(|e| (e.boundary, e.expires_at_ms))
        else {
            return causes;
        };
        if hit.is_some_and(|h| h >= expected.boundary) {
            return causes;
        }
        if expected.scope != scope {
            causes.push(MissCause::ScopeChanged {
                from: expected.scope.clone(),
                to: scope.to_owned(),
            });
        } else if hashes.get(expected.boundary as usize) != Some(&expected.prefix_hash) {
            if let Some(diff) = first_difference(&last.texts, blocks, expected.boundary) {
                causes.push(MissCause::PrefixChanged { diff });
            }
        } else if expected.expires_at_ms <= now_ms {
            causes.push(MissCause::TtlExpired {
                expired_at_ms: expected.expires_at_ms,
                ago_ms: now_ms - expected.expires_at_ms,
            });
        } else if plan.points.iter().filter(|p| p.caches).all(|p| {
            p.after_blocks < expected.boundary || p.after_blocks > expected.boundary + LOOKBACK_BLOCKS
        }) {
            causes.push(MissCause::BeyondLookback {
                boundary: expected.boundary,
            });
        }
        causes
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache_tracker::fixture::{SCOPE, block, plan, point, turn, usage};
    use crate::model_facts::CacheField;

    #[test]
    fn a_changed_prefix_names_the_block_and_shows_the_diff() {
        let mut tracker = CacheTracker::default();
        let blocks = vec![
            block(CacheField::System, "Today is 2026-11-27T10:00:00Z. Be brief.", 10),
            block(CacheField::Messages, "the handbook", 3000),
            block(CacheField::Messages, "Q1", 20),
        ];
        let p = plan(&blocks, &[point(2)]);
        let first = tracker.predict(&blocks, &p, SCOPE, 0);
        tracker.record(&blocks, &p, &first, &usage(0, 3010, 20), SCOPE, 0);

        let mut next = blocks.clone();
        next[0].text = "Today is 2026-11-27T10:05:00Z. Be brief.".into();
        let p = plan(&next, &[point(2)]);
        let second = tracker.predict(&next, &p, SCOPE, 1000);
        assert_eq!(second.read_tokens, 0);
        let [MissCause::PrefixChanged { diff }] = second.misses.as_slice() else {
            panic!("{:?}", second.misses)
        };
        assert_eq!(diff.block, 0);
        assert_eq!(diff.offset, 24);
        assert_eq!(diff.before, "Today is 2026-11-27T10:00:00Z. Be brief.");
        assert_eq!(diff.after, "Today is 2026-11-27T10:05:00Z. Be brief.");
    }

    #[test]
    fn a_new_model_or_region_starts_a_new_cache() {
        let mut tracker = CacheTracker::default();
        let blocks = turn("the handbook", "Q1");
        let p = plan(&blocks, &[point(2)]);
        let first = tracker.predict(&blocks, &p, SCOPE, 0);
        tracker.record(&blocks, &p, &first, &usage(0, 3010, 20), SCOPE, 0);
        let other = "eu-west-1|eu.anthropic.claude-3-7-sonnet-20250219-v1:0";
        let moved = tracker.predict(&blocks, &p, other, 1000);
        assert_eq!(moved.read_tokens, 0);
        assert!(matches!(moved.misses[0], MissCause::ScopeChanged { .. }));
    }

    #[test]
    fn a_moving_checkpoint_reads_the_earlier_prefix() {
        let mut tracker = CacheTracker::default();
        let mut blocks = turn("the handbook", "Q1");
        let p = plan(&blocks, &[point(3)]);
        let first = tracker.predict(&blocks, &p, SCOPE, 0);
        assert_eq!(first.write_tokens(), 3030);
        tracker.record(&blocks, &p, &first, &usage(0, 3030, 0), SCOPE, 0);
        blocks.push(block(CacheField::Messages, "A1", 40));
        blocks.push(block(CacheField::Messages, "Q2", 20));
        let p = plan(&blocks, &[point(5)]);
        let second = tracker.predict(&blocks, &p, SCOPE, 1000);
        assert_eq!(
            (second.read_tokens, second.write_tokens(), second.uncached_tokens),
            (3030, 60, 0)
        );
    }

    #[test]
    fn below_the_floor_predicts_nothing_and_says_why() {
        let tracker = CacheTracker::default();
        let blocks = vec![
            block(CacheField::System, "short", 1023),
            block(CacheField::Messages, "Q", 5),
        ];
        let p = plan(&blocks, &[point(1)]);
        let prediction = tracker.predict(&blocks, &p, SCOPE, 0);
        assert_eq!(prediction.points, [PointAction::Nothing]);
        assert_eq!((prediction.write_tokens(), prediction.uncached_tokens), (0, 1028));
        assert_eq!(
            prediction.misses,
            [MissCause::BelowFloor {
                point: 0,
                missing_tokens: 1
            }]
        );
    }
}
