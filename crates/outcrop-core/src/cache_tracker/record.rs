//! A completed send, as the service's usage reports it: what was read is renewed, what was written added.

use super::predict::{PointAction, Prediction};
use super::prefix::{is_refused, prefix_hashes, prefix_tokens};
use super::tracker::{CacheTracker, CachedPrefix, SentPrefix};
use crate::cache_plan::{Block, CachePlan};
use crate::model_facts::CacheTtl;
use crate::pricing::Usage;

impl CacheTracker {
    /// Records a completed send: renews what was read, adds what was written, forgets what expired.
    /// The service's usage decides: a prediction that did not come true records what did.
    pub fn record(
        &mut self,
        blocks: &[Block],
        plan: &CachePlan,
        prediction: &Prediction,
        usage: &Usage,
        scope: &str,
        now_ms: u64,
    ) {
        self.entries.retain(|e| e.expires_at_ms > now_ms);
        let hashes = prefix_hashes(blocks);
        let tokens = prefix_tokens(blocks, plan);
        if usage.cache_read_input_tokens > 0 {
            // The read prefix: the predicted one, or else the boundary whose tokens match what was read.
            let boundary = prediction.read_boundary.or_else(|| {
                tokens
                    .iter()
                    .rposition(|t| u64::from(*t) <= usage.cache_read_input_tokens)
                    .map(|b| b as u32)
            });
            if let Some(boundary) = boundary {
                let hash = hashes[boundary as usize].clone();
                match self
                    .entries
                    .iter_mut()
                    .find(|e| e.scope == scope && e.prefix_hash == hash && e.boundary == boundary)
                {
                    Some(entry) => {
                        entry.expires_at_ms = now_ms + entry.ttl.millis();
                        entry.reads += 1;
                        entry.tokens = u32::try_from(usage.cache_read_input_tokens).unwrap_or(u32::MAX);
                    }
                    None => self.entries.push(CachedPrefix {
                        scope: scope.to_owned(),
                        boundary,
                        prefix_hash: hash,
                        tokens: u32::try_from(usage.cache_read_input_tokens).unwrap_or(u32::MAX),
                        ttl: CacheTtl::FiveMinutes,
                        written_at_ms: now_ms,
                        expires_at_ms: now_ms + CacheTtl::FiveMinutes.millis(),
                        reads: 1,
                    }),
                }
            }
        }
        if usage.cache_write_tokens() > 0 {
            // The service's figures beat the plan's estimates: the last prefix written holds what was read
            // plus what was written. A write nobody predicted (an estimate below the minimum, an entry evicted
            // early) happened at the last point Bedrock accepted.
            let mut actions = prediction.points.clone();
            if !actions.iter().any(|a| matches!(a, PointAction::Write { .. }))
                && let Some(i) = plan
                    .points
                    .iter()
                    .rposition(|p| p.problems.iter().all(|problem| !is_refused(problem)))
            {
                actions[i] = PointAction::Write {
                    tokens: 0,
                    ttl: plan.points[i].ttl,
                };
            }
            let prediction = Prediction {
                points: actions,
                ..prediction.clone()
            };
            let last_written = prediction
                .points
                .iter()
                .rposition(|a| matches!(a, PointAction::Write { .. }));
            let actual_prefix =
                u32::try_from(usage.cache_read_input_tokens + usage.cache_write_tokens()).unwrap_or(u32::MAX);
            for (i, (point, action)) in plan.points.iter().zip(&prediction.points).enumerate() {
                if let PointAction::Write { ttl, .. } = action {
                    let boundary = point.after_blocks;
                    let hash = hashes[boundary as usize].clone();
                    self.entries
                        .retain(|e| !(e.scope == scope && e.prefix_hash == hash && e.boundary == boundary));
                    self.entries.push(CachedPrefix {
                        scope: scope.to_owned(),
                        boundary,
                        prefix_hash: hash,
                        tokens: if Some(i) == last_written {
                            actual_prefix
                        } else {
                            tokens[boundary as usize]
                        },
                        ttl: *ttl,
                        written_at_ms: now_ms,
                        expires_at_ms: now_ms + ttl.millis(),
                        reads: 0,
                    });
                }
            }
        }
        self.last_sent = Some(SentPrefix {
            scope: scope.to_owned(),
            texts: blocks.iter().map(|b| b.text.clone()).collect(),
            sent_at_ms: now_ms,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache_tracker::MissCause;
    use crate::cache_tracker::fixture::{SCOPE, block, plan, point, turn, usage};
    use crate::model_facts::CacheField;

    #[test]
    fn first_send_writes_then_reads_then_expires() {
        let mut tracker = CacheTracker::default();
        let blocks = turn("the handbook", "Q1");
        let p = plan(&blocks, &[point(2)]);
        let first = tracker.predict(&blocks, &p, SCOPE, 0);
        assert_eq!(
            (first.read_tokens, first.write_tokens(), first.uncached_tokens),
            (0, 3010, 20)
        );
        assert_eq!(
            first.points,
            [PointAction::Write {
                tokens: 3010,
                ttl: CacheTtl::FiveMinutes
            }]
        );
        tracker.record(&blocks, &p, &first, &usage(0, 3010, 20), SCOPE, 0);

        let blocks = turn("the handbook", "Q2");
        let p = plan(&blocks, &[point(2)]);
        let second = tracker.predict(&blocks, &p, SCOPE, 60_000);
        assert_eq!((second.read_tokens, second.write_tokens()), (3010, 0));
        assert!(second.misses.is_empty());
        tracker.record(&blocks, &p, &second, &usage(3010, 0, 20), SCOPE, 60_000);
        assert_eq!(
            tracker.countdown(60_000)[0].expires_at_ms,
            60_000 + 300_000,
            "a read renews the TTL"
        );

        assert_eq!(tracker.countdown(60_000)[0].tokens, 3010);

        let late = tracker.predict(&blocks, &p, SCOPE, 60_000 + 300_001);
        assert_eq!((late.read_tokens, late.write_tokens()), (0, 3010));
        assert_eq!(
            late.misses,
            [MissCause::TtlExpired {
                expired_at_ms: 360_000,
                ago_ms: 1
            }]
        );
    }

    #[test]
    fn the_service_figures_replace_estimates() {
        let mut tracker = CacheTracker::default();
        let blocks = turn("the handbook", "Q1");
        let p = plan(&blocks, &[point(2)]);
        let first = tracker.predict(&blocks, &p, SCOPE, 0);
        tracker.record(&blocks, &p, &first, &usage(0, 2990, 20), SCOPE, 0);
        assert_eq!(tracker.countdown(0)[0].tokens, 2990);
    }

    #[test]
    fn a_write_nobody_predicted_is_recorded_and_read_next() {
        // Estimated below Claude 3.7's 1,024 minimum, but the service counted enough and wrote.
        let mut tracker = CacheTracker::default();
        let blocks = vec![
            block(CacheField::System, "guide", 1000),
            block(CacheField::Messages, "Q1", 5),
        ];
        let p = plan(&blocks, &[point(1)]);
        let first = tracker.predict(&blocks, &p, SCOPE, 0);
        assert_eq!(first.write_tokens(), 0);
        tracker.record(&blocks, &p, &first, &usage(0, 1100, 5), SCOPE, 0);
        assert_eq!(tracker.countdown(0)[0].tokens, 1100);
        let next = tracker.predict(&blocks, &p, SCOPE, 1000);
        assert_eq!(
            next.read_tokens, 1100,
            "the live entry is read, at the size the service reported"
        );
    }
}
