//! What the Usage page reads from AWS/Bedrock: which published metric is which quantity (the names are
//! discovered with ListMetrics, and the sources disagree on the cache metrics'), the GetMetricData queries for
//! them, and the series, totals and cache hit rate drawn from the answers.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::window::UsageWindow;

/// The namespace bedrock-runtime publishes its metrics to.
pub const NAMESPACE: &str = "AWS/Bedrock";
/// The dimension that names the model, profile or application profile a metric counts.
pub const MODEL_ID_DIMENSION: &str = "ModelId";

/// A quantity the Usage page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum MetricKind {
    Invocations,
    InputTokens,
    OutputTokens,
    CacheReadTokens,
    CacheWriteTokens,
    /// Milliseconds from the request to the last token.
    Latency,
    /// Milliseconds from the request to the first token (streamed answers).
    TimeToFirstToken,
    ClientErrors,
    ServerErrors,
    Throttles,
}

/// How a kind is summed up over a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Aggregate {
    /// A count: the period's sum.
    Sum,
    /// A duration: the period's mean, computed as Sum / SampleCount so a window's mean weighs every request.
    Mean,
}

impl MetricKind {
    pub const ALL: [Self; 10] = [
        Self::Invocations,
        Self::InputTokens,
        Self::OutputTokens,
        Self::CacheReadTokens,
        Self::CacheWriteTokens,
        Self::Latency,
        Self::TimeToFirstToken,
        Self::ClientErrors,
        Self::ServerErrors,
        Self::Throttles,
    ];

    /// The metric names that stand for this quantity, the documented one first. AWS's runtime-metrics page
    /// names the cache metrics `CacheReadInputTokenCount` / `CacheWriteInputTokenCount`; other AWS pages and
    /// posts write `CacheReadInputTokens` / `CacheWriteInputTokens` (see `data/usage-facts.json`). Whichever
    /// ListMetrics finds is read.
    pub fn names(self) -> &'static [&'static str] {
        match self {
            Self::Invocations => &["Invocations"],
            Self::InputTokens => &["InputTokenCount"],
            Self::OutputTokens => &["OutputTokenCount"],
            Self::CacheReadTokens => &["CacheReadInputTokenCount", "CacheReadInputTokens"],
            Self::CacheWriteTokens => &["CacheWriteInputTokenCount", "CacheWriteInputTokens"],
            Self::Latency => &["InvocationLatency"],
            Self::TimeToFirstToken => &["TimeToFirstToken"],
            Self::ClientErrors => &["InvocationClientErrors"],
            Self::ServerErrors => &["InvocationServerErrors"],
            Self::Throttles => &["InvocationThrottles"],
        }
    }

    fn aggregate(self) -> Aggregate {
        match self {
            Self::Latency | Self::TimeToFirstToken => Aggregate::Mean,
            _ => Aggregate::Sum,
        }
    }

    /// The kind a published metric name stands for.
    pub fn of_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.names().contains(&name))
    }
}

/// A model, profile or application profile with metrics in AWS/Bedrock: its `ModelId` value and the metric
/// names ListMetrics found for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PublishedTarget {
    pub model_id: String,
    pub metric_names: Vec<String>,
}

/// ListMetrics' answer (metric name, `ModelId` value) grouped by `ModelId`, in the order of the IDs.
pub fn targets(listed: impl IntoIterator<Item = (String, String)>) -> Vec<PublishedTarget> {
    let mut by_id: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (metric, model_id) in listed {
        let names = by_id.entry(model_id).or_default();
        if !names.contains(&metric) {
            names.push(metric);
        }
    }
    by_id
        .into_iter()
        .map(|(model_id, mut metric_names)| {
            metric_names.sort();
            PublishedTarget {
                model_id,
                metric_names,
            }
        })
        .collect()
}

/// One GetMetricData query: its ID, the metric and the statistic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetricQuery {
    /// `[a-z][a-zA-Z0-9_]*`, as GetMetricData requires.
    pub id: String,
    pub metric_name: String,
    /// `Sum` or `SampleCount`.
    pub statistic: &'static str,
    kind: MetricKind,
}

/// The queries for every quantity the target publishes (the first of its names ListMetrics found): Sum for a
/// count, Sum and SampleCount for a duration. A target ListMetrics does not list (a profile idle for two
/// weeks, or one whose first metrics CloudWatch has not listed yet: that takes up to 15 minutes) is asked for
/// every quantity under its documented name.
pub fn queries(target: &PublishedTarget) -> Vec<MetricQuery> {
    let mut queries = Vec::new();
    for kind in MetricKind::ALL {
        let listed = kind
            .names()
            .iter()
            .find(|name| target.metric_names.iter().any(|found| found == *name));
        let Some(name) = listed.or(target.metric_names.is_empty().then(|| &kind.names()[0])) else {
            continue;
        };
        let statistics: &[&'static str] = match kind.aggregate() {
            Aggregate::Sum => &["Sum"],
            Aggregate::Mean => &["Sum", "SampleCount"],
        };
        for statistic in statistics {
            queries.push(MetricQuery {
                id: format!("q{}", queries.len()),
                metric_name: (*name).to_owned(),
                statistic,
                kind,
            });
        }
    }
    queries
}

/// One quantity over the window: a value per period (`None` where CloudWatch has no data point: no request
/// then, or for a mean, nothing to average).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MetricSeries {
    pub kind: MetricKind,
    /// The metric's name as AWS/Bedrock publishes it.
    pub metric_name: String,
    pub values: Vec<Option<f64>>,
    /// The window's sum (counts), or its mean over every request (durations); `None` with no data.
    pub total: Option<f64>,
}

/// What the Usage page shows for one target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UsageReport {
    pub model_id: String,
    pub window: UsageWindow,
    /// The start of each period (seconds since the epoch), the x axis of every series.
    #[ts(type = "number[]")]
    pub period_starts: Vec<i64>,
    pub series: Vec<MetricSeries>,
    /// The share of input tokens read from the cache per period: cache read / (cache read + cache write +
    /// uncached input); `None` where no input was counted.
    pub hit_rate: Vec<Option<f64>>,
    /// The same over the whole window.
    pub hit_rate_total: Option<f64>,
    /// Metrics published for the target that the page does not know, by name.
    pub other_metrics: Vec<String>,
}

/// Assembles GetMetricData's answers — per query ID, (timestamp, value) pairs — into the report.
pub fn report(
    target: &PublishedTarget,
    window: UsageWindow,
    queries: &[MetricQuery],
    answers: &HashMap<String, Vec<(i64, f64)>>,
) -> UsageReport {
    let starts = window.period_starts();
    let period = i64::from(window.period_seconds);
    let per_period = |id: &str| -> Vec<Option<f64>> {
        let mut values = vec![None; starts.len()];
        for &(time, value) in answers.get(id).map(Vec::as_slice).unwrap_or_default() {
            let index = (time - window.start).div_euclid(period);
            if let Some(slot) = usize::try_from(index).ok().and_then(|i| values.get_mut(i)) {
                *slot = Some(slot.unwrap_or(0.0) + value);
            }
        }
        values
    };
    let mut series = Vec::new();
    for kind in MetricKind::ALL {
        let of_kind: Vec<&MetricQuery> = queries.iter().filter(|q| q.kind == kind).collect();
        let Some(first) = of_kind.first() else {
            continue;
        };
        let sums = per_period(&first.id);
        let (values, total) = match kind.aggregate() {
            Aggregate::Sum => {
                let total = sums.iter().flatten().copied().reduce(|a, b| a + b);
                (sums, total)
            }
            Aggregate::Mean => {
                let counts = of_kind
                    .iter()
                    .find(|q| q.statistic == "SampleCount")
                    .map(|q| per_period(&q.id))
                    .unwrap_or_else(|| vec![None; starts.len()]);
                let values = sums
                    .iter()
                    .zip(&counts)
                    .map(|(sum, count)| match (sum, count) {
                        (Some(sum), Some(count)) if *count > 0.0 => Some(sum / count),
                        _ => None,
                    })
                    .collect();
                let sum: f64 = sums.iter().flatten().sum();
                let count: f64 = counts.iter().flatten().sum();
                (values, (count > 0.0).then(|| sum / count))
            }
        };
        series.push(MetricSeries {
            kind,
            metric_name: first.metric_name.clone(),
            values,
            total,
        });
    }
    let values_of = |kind: MetricKind| series.iter().find(|s| s.kind == kind).map(|s| &s.values);
    let at = |kind: MetricKind, i: usize| values_of(kind).and_then(|v| v[i]).unwrap_or(0.0);
    let hit_rate: Vec<Option<f64>> = (0..starts.len())
        .map(|i| {
            rate(
                at(MetricKind::CacheReadTokens, i),
                at(MetricKind::CacheWriteTokens, i),
                at(MetricKind::InputTokens, i),
            )
        })
        .collect();
    let total_of = |kind: MetricKind| {
        series
            .iter()
            .find(|s| s.kind == kind)
            .and_then(|s| s.total)
            .unwrap_or(0.0)
    };
    let has_cache =
        values_of(MetricKind::CacheReadTokens).is_some() || values_of(MetricKind::CacheWriteTokens).is_some();
    let hit_rate_total = has_cache
        .then(|| {
            rate(
                total_of(MetricKind::CacheReadTokens),
                total_of(MetricKind::CacheWriteTokens),
                total_of(MetricKind::InputTokens),
            )
        })
        .flatten();
    UsageReport {
        model_id: target.model_id.clone(),
        window,
        period_starts: starts,
        series,
        hit_rate: if has_cache {
            hit_rate
        } else {
            vec![None; window.period_starts().len()]
        },
        hit_rate_total,
        other_metrics: target
            .metric_names
            .iter()
            .filter(|name| MetricKind::of_name(name).is_none())
            .cloned()
            .collect(),
    }
}

/// Cache read over all input (read, written and uncached); `None` with no input at all.
fn rate(read: f64, write: f64, input: f64) -> Option<f64> {
    let all = read + write + input;
    (all > 0.0).then(|| read / all)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::usage::UsageRange;
    use std::time::{Duration, UNIX_EPOCH};

    fn target(names: &[&str]) -> PublishedTarget {
        PublishedTarget {
            model_id: "us.anthropic.claude-sonnet-4-5-20250929-v1:0".into(),
            metric_names: names.iter().map(|n| (*n).to_owned()).collect(),
        }
    }

    #[test]
    fn listed_metrics_group_by_model_id_once_each() {
        let listed = [
            ("Invocations", "b"),
            ("InputTokenCount", "a"),
            ("Invocations", "a"),
            ("Invocations", "a"),
        ]
        .map(|(m, id)| (m.to_owned(), id.to_owned()));
        let found = targets(listed);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].model_id, "a");
        assert_eq!(found[0].metric_names, ["InputTokenCount", "Invocations"]);
    }

    #[test]
    fn the_cache_metrics_are_read_under_whichever_name_is_published() {
        let documented = queries(&target(&["CacheReadInputTokenCount", "Invocations"]));
        let other = queries(&target(&["CacheReadInputTokens", "Invocations"]));
        assert!(
            documented
                .iter()
                .any(|q| q.metric_name == "CacheReadInputTokenCount")
        );
        assert!(other.iter().any(|q| q.metric_name == "CacheReadInputTokens"));
        let unlisted = queries(&target(&[]));
        assert_eq!(unlisted.len(), MetricKind::ALL.len() + 2);
        assert!(
            unlisted
                .iter()
                .any(|q| q.metric_name == "CacheWriteInputTokenCount")
        );
        let latency = queries(&target(&["InvocationLatency"]));
        let statistics: Vec<_> = latency.iter().map(|q| q.statistic).collect();
        assert_eq!(statistics, ["Sum", "SampleCount"]);
        assert!(latency.iter().all(|q| q.id.starts_with('q')));
    }

    #[test]
    fn a_report_places_points_in_their_periods_sums_counts_weighs_means_and_derives_the_hit_rate() {
        let now = UNIX_EPOCH + Duration::from_secs(1_800_000_030);
        let window = UsageWindow::new(UsageRange::LastHour, 300, now).unwrap();
        let t = target(&[
            "Invocations",
            "InputTokenCount",
            "CacheReadInputTokenCount",
            "CacheWriteInputTokenCount",
            "InvocationLatency",
            "EstimatedTPMQuotaUsage",
        ]);
        let qs = queries(&t);
        let id = |name: &str, statistic: &str| {
            qs.iter()
                .find(|q| q.metric_name == name && q.statistic == statistic)
                .unwrap()
                .id
                .clone()
        };
        let last = window.end - 300;
        let first = window.start;
        let mut answers = HashMap::new();
        answers.insert(id("Invocations", "Sum"), vec![(first, 1.0), (last, 2.0)]);
        answers.insert(id("InputTokenCount", "Sum"), vec![(first, 100.0), (last, 20.0)]);
        answers.insert(id("CacheWriteInputTokenCount", "Sum"), vec![(first, 3_000.0)]);
        answers.insert(id("CacheReadInputTokenCount", "Sum"), vec![(last, 6_000.0)]);
        answers.insert(
            id("InvocationLatency", "Sum"),
            vec![(first, 900.0), (last, 600.0)],
        );
        answers.insert(
            id("InvocationLatency", "SampleCount"),
            vec![(first, 1.0), (last, 2.0)],
        );
        let report = report(&t, window, &qs, &answers);

        assert_eq!(report.period_starts.len(), 12);
        let series = |kind| report.series.iter().find(|s| s.kind == kind).unwrap();
        assert_eq!(series(MetricKind::Invocations).values[0], Some(1.0));
        assert_eq!(series(MetricKind::Invocations).values[1], None);
        assert_eq!(series(MetricKind::Invocations).values[11], Some(2.0));
        assert_eq!(series(MetricKind::Invocations).total, Some(3.0));
        assert_eq!(series(MetricKind::Latency).values[11], Some(300.0));
        assert_eq!(series(MetricKind::Latency).total, Some(500.0));
        assert_eq!(report.hit_rate[0], Some(0.0));
        assert_eq!(report.hit_rate[11], Some(6_000.0 / 6_020.0));
        assert_eq!(report.hit_rate[5], None);
        assert_eq!(report.hit_rate_total, Some(6_000.0 / 9_120.0));
        assert_eq!(report.other_metrics, ["EstimatedTPMQuotaUsage"]);
    }

    #[test]
    fn a_target_without_cache_metrics_has_no_hit_rate() {
        let now = UNIX_EPOCH + Duration::from_secs(1_800_000_030);
        let window = UsageWindow::new(UsageRange::LastHour, 300, now).unwrap();
        let t = target(&["Invocations", "InputTokenCount"]);
        let qs = queries(&t);
        let mut answers = HashMap::new();
        answers.insert(qs[1].id.clone(), vec![(window.start, 50.0)]);
        let report = report(&t, window, &qs, &answers);
        assert_eq!(report.hit_rate_total, None);
        assert!(report.hit_rate.iter().all(Option::is_none));
    }
}
