//! What is cached now, what the next send will write and read, and — after it — why the service did
//! something else.
//!
//! The tracker keeps every prefix a turn wrote (by a hash of its blocks, under the scope it was written in:
//! the invoked ID and the Region), with the time it expires; every read renews it. The prediction follows
//! Bedrock's documented behaviour: the longest live prefix that ends at a checkpoint, or up to
//! [`LOOKBACK_BLOCKS`] blocks before one, is read; every checkpoint after it that reaches the model's minimum
//! is written. Times are milliseconds since the Unix epoch, passed in: the tracker has no clock of its own.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::cache_plan::{Block, CachePlan, PointProblem};
use crate::model_facts::CacheTtl;
use crate::pricing::Usage;

/// How far back (in content blocks) from a checkpoint the service looks for a cached prefix.
pub const LOOKBACK_BLOCKS: u32 = 20;

impl CacheTtl {
    pub fn millis(self) -> u64 {
        match self {
            Self::FiveMinutes => 5 * 60 * 1000,
            Self::OneHour => 60 * 60 * 1000,
        }
    }
}

/// A prefix the service holds, as far as this session knows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CachedPrefix {
    /// The ID invoked and the Region: a cache entry belongs to both.
    pub scope: String,
    /// Blocks in the prefix (tools → system → messages).
    pub boundary: u32,
    /// A stable hash of those blocks, in hex.
    pub prefix_hash: String,
    pub tokens: u32,
    pub ttl: CacheTtl,
    #[ts(type = "number")]
    pub written_at_ms: u64,
    #[ts(type = "number")]
    pub expires_at_ms: u64,
    pub reads: u32,
}

/// The blocks of the last request sent, for telling what changed since.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SentPrefix {
    pub scope: String,
    pub texts: Vec<String>,
    pub sent_at_ms: u64,
}

/// Every prefix this session has cached, and the last request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CacheTracker {
    pub entries: Vec<CachedPrefix>,
    pub last_sent: Option<SentPrefix>,
}

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

/// A text change inside one block, trimmed to where it differs, with a little context.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BlockDiff {
    pub block: u32,
    /// Byte offset of the first difference in the current text.
    pub offset: u32,
    pub before: String,
    pub after: String,
}

/// Why a prefix that was cached is not (or was not) read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum MissCause {
    /// The prefix changed at a block: everything from there on is a new prefix.
    PrefixChanged { diff: BlockDiff },
    /// The cached prefix expired before this send.
    TtlExpired {
        #[ts(type = "number")]
        expired_at_ms: u64,
        #[ts(type = "number")]
        ago_ms: u64,
    },
    /// The model, profile or Region changed: the cache belongs to the one it was written under.
    ScopeChanged { from: String, to: String },
    /// The prefix is below the model's minimum: nothing is cached, no error is given.
    BelowFloor { point: u32, missing_tokens: u32 },
    /// No checkpoint stands within the lookback of the cached prefix.
    BeyondLookback { boundary: u32 },
    /// Prefix predicted to be read expired between the plan and the send, or the service evicted it early.
    ExpiredOrEvicted,
    /// A cross-Region profile can route to another Region, whose cache is separate: that costs a write.
    RoutedToAnotherRegion,
    /// Token counts were local estimates; the real prefix was below the minimum.
    EstimateBelowFloor,
    /// The service read more than this session cached: another session or client warmed the same prefix.
    WarmedElsewhere,
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
        }
    }
}

/// Predicted against actual, after a turn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Reconciliation {
    /// True when the cache did what was predicted: a read where one was expected, a write where one was
    /// expected, and neither where none was.
    pub matches: bool,
    /// True when the token figures are the predicted ones exactly (they differ by a little when the
    /// prediction rested on local estimates).
    pub exact: bool,
    #[ts(type = "number")]
    pub predicted_read: u64,
    #[ts(type = "number")]
    pub actual_read: u64,
    #[ts(type = "number")]
    pub predicted_write: u64,
    #[ts(type = "number")]
    pub actual_write: u64,
    /// The likely causes, most likely first, when they differ or when a read was expected and missed.
    pub causes: Vec<MissCause>,
}

/// FNV-1a, 64-bit: a hash that stays the same across builds, so a saved session's prefixes still match.
#[derive(Debug, Clone, Copy)]
struct Fnv(u64);

impl Fnv {
    const START: Self = Self(0xcbf2_9ce4_8422_2325);

    fn bytes(mut self, bytes: &[u8]) -> Self {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
        self
    }
}

/// The hash of the prefix of `n` blocks, for every `n` (index 0 is the empty prefix).
pub fn prefix_hashes(blocks: &[Block]) -> Vec<String> {
    let mut hashes = Vec::with_capacity(blocks.len() + 1);
    let mut h = Fnv::START;
    hashes.push(format!("{:016x}", h.0));
    for block in blocks {
        h = h
            .bytes(
                format!(
                    "{:?}/{:?}/{}/{}:",
                    block.section,
                    block.kind,
                    block.label,
                    block.text.len()
                )
                .as_bytes(),
            )
            .bytes(block.text.as_bytes());
        hashes.push(format!("{:016x}", h.0));
    }
    hashes
}

/// Cumulative tokens of each prefix, from the plan's per-block figures (index 0 is the empty prefix).
fn prefix_tokens(blocks: &[Block], plan: &CachePlan) -> Vec<u32> {
    let mut tokens = Vec::with_capacity(blocks.len() + 1);
    tokens.push(0u32);
    for (i, block) in blocks.iter().enumerate() {
        let n = plan.block_tokens.get(i).copied().unwrap_or_else(|| {
            block
                .counted_tokens
                .unwrap_or_else(|| crate::cache_plan::estimate_tokens(&block.text))
        });
        tokens.push(tokens.last().copied().unwrap_or(0).saturating_add(n));
    }
    tokens
}

fn is_refused(problem: &PointProblem) -> bool {
    !matches!(problem, PointProblem::BelowMinimum { .. })
}

impl CacheTracker {
    /// Live entries in `scope` at `now`.
    pub fn live(&self, scope: &str, now_ms: u64) -> impl Iterator<Item = &CachedPrefix> {
        self.entries
            .iter()
            .filter(move |e| e.scope == scope && e.expires_at_ms > now_ms)
    }

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

    /// Live entries, soonest to expire first, for the TTL countdown.
    pub fn countdown(&self, now_ms: u64) -> Vec<CachedPrefix> {
        let mut live: Vec<_> = self
            .entries
            .iter()
            .filter(|e| e.expires_at_ms > now_ms)
            .cloned()
            .collect();
        live.sort_by_key(|e| e.expires_at_ms);
        live
    }
}

/// Compares what was predicted with what the service reported, and names the likely causes of a difference.
/// `cross_region` is true when the ID invoked is a cross-Region profile (it can route to a Region whose
/// cache is separate).
pub fn reconcile(prediction: &Prediction, usage: &Usage, cross_region: bool) -> Reconciliation {
    let predicted_read = u64::from(prediction.read_tokens);
    let predicted_write = u64::from(prediction.write_tokens());
    let actual_read = usage.cache_read_input_tokens;
    let actual_write = usage.cache_write_tokens();
    let exact = predicted_read == actual_read && predicted_write == actual_write;
    let matches = (predicted_read > 0) == (actual_read > 0) && (predicted_write > 0) == (actual_write > 0);
    let mut causes = prediction.misses.clone();
    if actual_read == 0 && predicted_read > 0 {
        if cross_region {
            causes.push(MissCause::RoutedToAnotherRegion);
        }
        causes.push(MissCause::ExpiredOrEvicted);
    } else if actual_read > 0 && predicted_read == 0 {
        causes.push(MissCause::WarmedElsewhere);
    }
    if actual_read == 0 && actual_write == 0 && predicted_write > 0 && prediction.estimated {
        causes.push(MissCause::EstimateBelowFloor);
    }
    if matches && actual_read > 0 {
        // Everything expected was read: earlier misses are history, not news.
        causes.clear();
    }
    Reconciliation {
        matches,
        exact,
        predicted_read,
        actual_read,
        predicted_write,
        actual_write,
        causes,
    }
}

const DIFF_CONTEXT: usize = 40;

/// The first block (below `limit`) whose text differs between the last send and now.
fn first_difference(before: &[String], now: &[Block], limit: u32) -> Option<BlockDiff> {
    let n = (limit as usize).min(before.len().max(now.len()));
    for i in 0..n {
        let old = before.get(i).map_or("", String::as_str);
        let new = now.get(i).map_or("", |b| b.text.as_str());
        if old != new {
            return Some(diff_text(i as u32, old, new));
        }
    }
    None
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// The changed part of a block with a little context each side; "…" marks what was cut.
pub fn diff_text(block: u32, old: &str, new: &str) -> BlockDiff {
    let common_start = old
        .char_indices()
        .zip(new.chars())
        .find(|((_, a), b)| a != b)
        .map_or(old.len().min(new.len()), |((i, _), _)| i);
    let max_suffix = old.len().min(new.len()) - common_start;
    let common_end = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    let clip = |s: &str| {
        let start = floor_char(s, common_start.saturating_sub(DIFF_CONTEXT));
        let end = ceil_char(s, (s.len() - common_end + DIFF_CONTEXT).min(s.len()));
        let start = start.min(end);
        format!(
            "{}{}{}",
            if start > 0 { "…" } else { "" },
            &s[start..end],
            if end < s.len() { "…" } else { "" }
        )
    };
    BlockDiff {
        block,
        offset: common_start as u32,
        before: clip(old),
        after: clip(new),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache_plan::{BlockKind, CachePoint, Planner};
    use crate::model_facts::{CacheField, ModelFactsTable};

    const SONNET_37: &str = "anthropic.claude-3-7-sonnet-20250219-v1:0";
    const SCOPE: &str = "us-east-1|us.anthropic.claude-3-7-sonnet-20250219-v1:0";

    fn block(section: CacheField, text: &str, tokens: u32) -> Block {
        Block {
            section,
            kind: BlockKind::Text,
            text: text.into(),
            counted_tokens: Some(tokens),
            label: String::new(),
        }
    }

    fn point(after: u32) -> CachePoint {
        CachePoint {
            after_blocks: after,
            ttl: CacheTtl::FiveMinutes,
        }
    }

    fn plan(blocks: &[Block], points: &[CachePoint]) -> CachePlan {
        let facts = ModelFactsTable::bundled().lookup(SONNET_37).cloned();
        Planner::new().plan(blocks, points, facts.as_ref(), None)
    }

    fn usage(read: u64, write: u64, input: u64) -> Usage {
        Usage {
            input_tokens: input,
            output_tokens: 50,
            cache_read_input_tokens: read,
            cache_write5m_tokens: write,
            cache_write1h_tokens: 0,
        }
    }

    fn turn(document: &str, question: &str) -> Vec<Block> {
        vec![
            block(CacheField::System, "You answer from the handbook.", 10),
            block(CacheField::Messages, document, 3000),
            block(CacheField::Messages, question, 20),
        ]
    }

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

    #[test]
    fn renaming_a_document_changes_the_prefix() {
        let mut a = vec![block(CacheField::Messages, "same text", 10)];
        let mut b = a.clone();
        a[0].label = "report.txt".into();
        b[0].label = "report-v2.txt".into();
        assert_ne!(prefix_hashes(&a)[1], prefix_hashes(&b)[1]);
    }

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

    #[test]
    fn reconcile_names_causes_when_the_service_disagrees() {
        let blocks = turn("the handbook", "Q2");
        let p = plan(&blocks, &[point(2)]);
        let mut tracker = CacheTracker::default();
        let first = tracker.predict(&blocks, &p, SCOPE, 0);
        tracker.record(&blocks, &p, &first, &usage(0, 3010, 20), SCOPE, 0);
        let predicted = tracker.predict(&blocks, &p, SCOPE, 1000);
        let agreed = reconcile(&predicted, &usage(3010, 0, 20), true);
        assert!(agreed.matches && agreed.causes.is_empty());
        let missed = reconcile(&predicted, &usage(0, 3010, 20), true);
        assert!(!missed.matches);
        assert_eq!(
            missed.causes,
            [MissCause::RoutedToAnotherRegion, MissCause::ExpiredOrEvicted]
        );
        let warmed = reconcile(&first, &usage(3010, 0, 20), false);
        assert_eq!(warmed.causes, [MissCause::WarmedElsewhere]);
    }

    #[test]
    fn diffs_clip_long_text_on_char_boundaries() {
        let old = format!("{}é at 10:00 {}", "x".repeat(100), "y".repeat(100));
        let new = format!("{}é at 10:05 {}", "x".repeat(100), "y".repeat(100));
        let diff = diff_text(3, &old, &new);
        assert!(diff.before.starts_with('…') && diff.before.ends_with('…'));
        assert!(diff.before.contains("10:00") && diff.after.contains("10:05"));
        assert!(diff.before.len() < 120);
        let grown = diff_text(0, "abc", "abcdef");
        assert_eq!(
            (grown.offset, grown.before.as_str(), grown.after.as_str()),
            (3, "abc", "abcdef")
        );
    }

    #[test]
    fn hashes_are_stable_and_prefix_sensitive() {
        let a = vec![
            block(CacheField::System, "one", 1),
            block(CacheField::Messages, "two", 1),
        ];
        let mut b = a.clone();
        b[1].text = "three".into();
        let (ha, hb) = (prefix_hashes(&a), prefix_hashes(&b));
        assert_eq!(ha[1], hb[1]);
        assert_ne!(ha[2], hb[2]);
        assert_eq!(ha[0], "cbf29ce484222325");
    }
}
