//! Predicted against actual after a turn, the likely causes of a difference, and what changed in a prefix.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::predict::Prediction;
use crate::cache_plan::Block;
use crate::pricing::Usage;

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
    /// Of `actual_read`, the tokens no cache point accounts for, on a model that caches on its own (implicit
    /// caching): read at the read rate, and not a misprediction.
    #[serde(default)]
    #[ts(type = "number")]
    pub implicit_read: u64,
    #[ts(type = "number")]
    pub predicted_write: u64,
    #[ts(type = "number")]
    pub actual_write: u64,
    /// The likely causes, most likely first, when they differ or when a read was expected and missed.
    pub causes: Vec<MissCause>,
}

/// Compares what was predicted with what the service reported, and names the likely causes of a difference.
/// `cross_region` is true when the ID invoked is a cross-Region profile (it can route to a Region whose
/// cache is separate). `implicit_caching` is true when the model caches prefixes on its own: reads beyond
/// the predicted ones are then implicit reads, not another session's warm cache.
pub fn reconcile(
    prediction: &Prediction,
    usage: &Usage,
    cross_region: bool,
    implicit_caching: bool,
) -> Reconciliation {
    let predicted_read = u64::from(prediction.read_tokens);
    let predicted_write = u64::from(prediction.write_tokens());
    let actual_read = usage.cache_read_input_tokens;
    let actual_write = usage.cache_write_tokens();
    let beyond = actual_read.saturating_sub(predicted_read);
    let implicit_read = if implicit_caching { beyond } else { 0 };
    let explicit_read = actual_read - implicit_read;
    let exact = predicted_read == explicit_read && predicted_write == actual_write;
    let matches = (predicted_read > 0) == (explicit_read > 0) && (predicted_write > 0) == (actual_write > 0);
    let mut causes = prediction.misses.clone();
    if explicit_read == 0 && predicted_read > 0 {
        if cross_region {
            causes.push(MissCause::RoutedToAnotherRegion);
        }
        causes.push(MissCause::ExpiredOrEvicted);
    } else if beyond > 0 && !implicit_caching {
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
        implicit_read,
        predicted_write,
        actual_write,
        causes,
    }
}

const DIFF_CONTEXT: usize = 40;

/// The first block (below `limit`) whose text differs between the last send and now.
pub(super) fn first_difference(before: &[String], now: &[Block], limit: u32) -> Option<BlockDiff> {
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
    use crate::cache_tracker::CacheTracker;
    use crate::cache_tracker::fixture::{SCOPE, plan, point, turn, usage};

    #[test]
    fn reconcile_names_causes_when_the_service_disagrees() {
        let blocks = turn("the handbook", "Q2");
        let p = plan(&blocks, &[point(2)]);
        let mut tracker = CacheTracker::default();
        let first = tracker.predict(&blocks, &p, SCOPE, 0);
        tracker.record(&blocks, &p, &first, &usage(0, 3010, 20), SCOPE, 0);
        let predicted = tracker.predict(&blocks, &p, SCOPE, 1000);
        let agreed = reconcile(&predicted, &usage(3010, 0, 20), true, false);
        assert!(agreed.matches && agreed.causes.is_empty());
        let missed = reconcile(&predicted, &usage(0, 3010, 20), true, false);
        assert!(!missed.matches);
        assert_eq!(
            missed.causes,
            [MissCause::RoutedToAnotherRegion, MissCause::ExpiredOrEvicted]
        );
        let warmed = reconcile(&first, &usage(3010, 0, 20), false, false);
        assert_eq!(warmed.causes, [MissCause::WarmedElsewhere]);
    }

    #[test]
    fn reads_no_cache_point_asked_for_are_implicit_on_a_model_that_caches_on_its_own() {
        let blocks = turn("the handbook", "Q2");
        let none = plan(&blocks, &[]);
        let predicted = CacheTracker::default().predict(&blocks, &none, SCOPE, 0);
        let implicit = reconcile(&predicted, &usage(2000, 0, 20), false, true);
        assert_eq!((implicit.implicit_read, implicit.actual_read), (2000, 2000));
        assert!(
            implicit.matches && implicit.exact && implicit.causes.is_empty(),
            "{implicit:?}"
        );
        // Beyond an explicit read, the rest is implicit too.
        let with_point = plan(&blocks, &[point(2)]);
        let mut tracker = CacheTracker::default();
        let first = tracker.predict(&blocks, &with_point, SCOPE, 0);
        tracker.record(&blocks, &with_point, &first, &usage(0, 3010, 20), SCOPE, 0);
        let predicted = tracker.predict(&blocks, &with_point, SCOPE, 1000);
        let both = reconcile(&predicted, &usage(3500, 0, 20), false, true);
        assert_eq!(both.implicit_read, 490);
        assert!(both.matches && both.causes.is_empty());
        // On a model without implicit caching the same read is someone else's warm cache.
        let elsewhere = reconcile(
            &CacheTracker::default().predict(&blocks, &none, SCOPE, 0),
            &usage(2000, 0, 20),
            false,
            false,
        );
        assert_eq!(elsewhere.implicit_read, 0);
        assert_eq!(elsewhere.causes, [MissCause::WarmedElsewhere]);
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
}
