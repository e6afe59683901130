//! AWS/Bedrock's runtime metrics, from the invocation record: ListMetrics and GetMetricData.
//!
//! Names and units are those of AWS's "Monitor bedrock-runtime inference using CloudWatch metrics" page
//! (docs.aws.amazon.com/bedrock/latest/userguide/monitoring-runtime-metrics.html); every metric carries the one
//! dimension `ModelId`. Which value an inference profile reports under is [`MODEL_ID_VALUE`] (see the README).

use std::collections::BTreeSet;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use ciborium::Value;

use super::protocol::{CloudWatchError, Input, structure, text, timestamp};
use crate::endpoint::Endpoint;
use crate::record::{Invocation, Outcome};

/// The namespace bedrock-runtime publishes to.
pub const NAMESPACE: &str = "AWS/Bedrock";
/// The dimension every AWS/Bedrock runtime metric carries.
pub const MODEL_ID: &str = "ModelId";

/// Which value an invocation reports under in the `ModelId` dimension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelIdValue {
    /// The model ID or inference profile ID as the request named it, an application profile by its ID (the
    /// last part of its ARN) however it was named: each profile shows its own usage.
    AsInvoked,
    /// The foundation model every request resolved to, whatever it named.
    FoundationModel,
}

/// bedrock-local's choice where AWS's page is silent on profiles: the identifier as sent (see the README).
pub const MODEL_ID_VALUE: ModelIdValue = ModelIdValue::AsInvoked;

/// The metrics served, in AWS's order.
pub const METRIC_NAMES: [&str; 10] = [
    "Invocations",
    "InvocationLatency",
    "InvocationClientErrors",
    "InvocationServerErrors",
    "InvocationThrottles",
    "InputTokenCount",
    "OutputTokenCount",
    "CacheReadInputTokenCount",
    "CacheWriteInputTokenCount",
    "TimeToFirstToken",
];

/// How long ListMetrics lists a metric after its last data point: two weeks (ListMetrics' reference).
const LISTED_FOR: Duration = Duration::from_secs(14 * 86_400);

/// The statistics GetMetricData computes here.
const STATISTICS: [&str; 5] = ["Sum", "Average", "Minimum", "Maximum", "SampleCount"];

/// One published value: metric, ModelId, time, value.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    pub metric: &'static str,
    pub model_id: String,
    pub time: SystemTime,
    pub value: f64,
}

fn model_id_of(invocation: &Invocation) -> String {
    match (MODEL_ID_VALUE, &invocation.foundation_model) {
        (ModelIdValue::FoundationModel, Some(model)) => model.clone(),
        _ => application_profile_id(&invocation.invoked)
            .unwrap_or(&invocation.invoked)
            .to_owned(),
    }
}

/// The ID of an application inference profile named by its ARN: AWS's cost-allocation sample reads an
/// application profile's metrics under "the last part of [its] ARN … not [the] full ARN" (see the README).
fn application_profile_id(invoked: &str) -> Option<&str> {
    let (head, id) = invoked.rsplit_once(":application-inference-profile/")?;
    head.starts_with("arn:").then_some(id)
}

/// What one invocation publishes to AWS/Bedrock. bedrock-mantle's requests publish to another namespace
/// (AWS/BedrockMantle) and are left out.
pub fn samples(invocation: &Invocation) -> Vec<Sample> {
    if invocation.endpoint != Endpoint::Runtime {
        return Vec::new();
    }
    let mut values: Vec<(&'static str, f64)> = Vec::new();
    match (invocation.outcome, &invocation.usage) {
        (Outcome::Served, Some(usage)) => {
            values.push(("Invocations", 1.0));
            values.push(("InvocationLatency", usage.latency_ms));
            values.push(("InputTokenCount", f64::from(usage.input_tokens)));
            values.push(("OutputTokenCount", f64::from(usage.output_tokens)));
            if let Some(read) = usage.cache_read_tokens {
                values.push(("CacheReadInputTokenCount", f64::from(read)));
            }
            if let Some(write) = usage.cache_write_tokens {
                values.push(("CacheWriteInputTokenCount", f64::from(write)));
            }
            if let Some(first) = usage.time_to_first_token_ms {
                values.push(("TimeToFirstToken", first));
            }
        }
        (Outcome::Served, None) => {}
        (Outcome::ClientError, _) => values.push(("InvocationClientErrors", 1.0)),
        (Outcome::ServerError, _) => values.push(("InvocationServerErrors", 1.0)),
        (Outcome::Throttled, _) => values.push(("InvocationThrottles", 1.0)),
    }
    let model_id = model_id_of(invocation);
    values
        .into_iter()
        .map(|(metric, value)| Sample {
            metric,
            model_id: model_id.clone(),
            time: invocation.time,
            value,
        })
        .collect()
}

fn metric_value(name: &str, model_id: &str) -> Value {
    structure([
        ("Namespace", text(NAMESPACE)),
        ("MetricName", text(name)),
        (
            "Dimensions",
            Value::Array(vec![structure([
                ("Name", text(MODEL_ID)),
                ("Value", text(model_id)),
            ])]),
        ),
    ])
}

/// A dimension filter of ListMetrics: a name, and a value unless any value matches.
struct DimensionFilter {
    name: String,
    value: Option<String>,
}

/// ListMetrics: the metrics with data, filtered by namespace, name and dimensions.
pub fn list_metrics(samples: &[Sample], input: &Input, now: SystemTime) -> Result<Value, CloudWatchError> {
    let namespace = input.text("Namespace")?;
    let metric_name = input.text("MetricName")?;
    let filters = input
        .structures("Dimensions")?
        .iter()
        .map(|filter| {
            Ok(DimensionFilter {
                name: filter.required_text("Name")?,
                value: filter.text("Value")?,
            })
        })
        .collect::<Result<Vec<_>, CloudWatchError>>()?;
    if filters.len() > 10 {
        return Err(CloudWatchError::invalid_parameter(
            "The collection Dimensions must not have more than 10 members.",
        ));
    }
    // CloudWatch lists metrics with data in the past two weeks; `PT3H`, the only value `RecentlyActive` takes,
    // narrows that to the past three hours.
    let ago = |secs: u64| now.checked_sub(Duration::from_secs(secs)).unwrap_or(UNIX_EPOCH);
    let since = match input.text("RecentlyActive")?.as_deref() {
        None => ago(LISTED_FOR.as_secs()),
        Some("PT3H") => ago(3 * 3600),
        Some(other) => {
            return Err(CloudWatchError::invalid_parameter(format!(
                "The value {other} for parameter RecentlyActive is not valid: it must be PT3H."
            )));
        }
    };
    let wanted_namespace = namespace.as_deref().is_none_or(|n| n == NAMESPACE);
    let metrics: BTreeSet<(&str, &str)> = samples
        .iter()
        .filter(|_| wanted_namespace)
        .filter(|s| s.time >= since)
        .filter(|s| metric_name.as_deref().is_none_or(|name| name == s.metric))
        .filter(|s| {
            filters
                .iter()
                .all(|f| f.name == MODEL_ID && f.value.as_deref().is_none_or(|v| v == s.model_id))
        })
        .map(|s| (s.metric, s.model_id.as_str()))
        .collect();
    let listed = metrics
        .into_iter()
        .map(|(name, model_id)| metric_value(name, model_id))
        .collect();
    Ok(structure([("Metrics", Value::Array(listed))]))
}

/// One MetricStat query, read and checked.
struct Query {
    id: String,
    label: String,
    metric: String,
    model_id: Option<String>,
    period: u64,
    stat: String,
    return_data: bool,
}

fn query_of(query: &Input) -> Result<Query, CloudWatchError> {
    let id = query.required_text("Id")?;
    let first_ok = id.chars().next().is_some_and(|c| c.is_ascii_lowercase());
    if !first_ok || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') || id.len() > 255 {
        return Err(CloudWatchError::invalid_parameter(format!(
            "The value {id} for parameter MetricDataQueries.member.Id is not valid: it must start with a lowercase letter and contain only letters, numbers and underscores."
        )));
    }
    if query.text("Expression")?.is_some() {
        return Err(CloudWatchError::invalid_parameter(
            "bedrock-local does not evaluate metric math: give each query a MetricStat instead of an Expression.",
        ));
    }
    let stat_input = query.structure("MetricStat")?.ok_or_else(|| {
        CloudWatchError::invalid_parameter(format!(
            "The query {id} must have exactly one of MetricStat and Expression."
        ))
    })?;
    let metric = stat_input
        .structure("Metric")?
        .ok_or_else(|| CloudWatchError::missing_parameter("MetricStat.Metric"))?;
    let stat = stat_input.required_text("Stat")?;
    if !STATISTICS.contains(&stat.as_str()) {
        return Err(CloudWatchError::invalid_parameter(format!(
            "The value {stat} for parameter MetricDataQueries.member.MetricStat.Stat is not valid: bedrock-local computes {}.",
            STATISTICS.join(", ")
        )));
    }
    let period = stat_input
        .integer("Period")?
        .ok_or_else(|| CloudWatchError::missing_parameter("MetricStat.Period"))?;
    // CloudWatch: "1, 5, 10, 20, 30, 60, or any multiple of 60".
    if period <= 0 || !([1, 5, 10, 20, 30].contains(&period) || period % 60 == 0) {
        return Err(CloudWatchError::invalid_parameter(format!(
            "The value {period} for parameter MetricDataQueries.member.MetricStat.Period is not valid: it must be 1, 5, 10, 20, 30, 60 or a multiple of 60."
        )));
    }
    let namespace = metric.text("Namespace")?.unwrap_or_default();
    let metric_name = metric.required_text("MetricName")?;
    let mut model_id = None;
    let mut other_dimension = false;
    for dimension in metric.structures("Dimensions")? {
        let name = dimension.required_text("Name")?;
        let value = dimension.required_text("Value")?;
        if name == MODEL_ID && model_id.is_none() {
            model_id = Some(value);
        } else {
            other_dimension = true;
        }
    }
    // A metric is its namespace, name and exact set of dimensions; any other set names no data here.
    let model_id = (namespace == NAMESPACE && !other_dimension)
        .then_some(model_id)
        .flatten();
    Ok(Query {
        label: query.text("Label")?.unwrap_or_else(|| metric_name.clone()),
        id,
        metric: metric_name,
        model_id,
        period: period.unsigned_abs(),
        stat,
        return_data: query.boolean("ReturnData")?.unwrap_or(true),
    })
}

fn seconds(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH).unwrap_or_default().as_secs()
}

/// Where CloudWatch starts the first period: StartTime rounded down to the minute when it is under 15 days
/// old, to 5 minutes up to 63 days, to the hour beyond (the GetMetricData reference, StartTime).
pub fn aligned_start(start: SystemTime, now: SystemTime) -> u64 {
    let age = now.duration_since(start).unwrap_or_default().as_secs();
    let unit = if age < 15 * 86_400 {
        60
    } else if age < 63 * 86_400 {
        300
    } else {
        3600
    };
    let secs = seconds(start);
    secs - secs % unit
}

/// One statistic over the values of a period.
fn statistic(stat: &str, values: &[f64]) -> f64 {
    let sum: f64 = values.iter().sum();
    match stat {
        "Sum" => sum,
        "Average" => sum / values.len() as f64,
        "Minimum" => values.iter().copied().fold(f64::INFINITY, f64::min),
        "Maximum" => values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        _ => values.len() as f64,
    }
}

/// The datapoints of a query: (period start, value), oldest first, periods without data absent.
pub fn datapoints(
    samples: &[Sample],
    metric: &str,
    model_id: &str,
    stat: &str,
    start: u64,
    end: u64,
    period: u64,
) -> Vec<(u64, f64)> {
    let mut periods: std::collections::BTreeMap<u64, Vec<f64>> = std::collections::BTreeMap::new();
    for sample in samples {
        let at = seconds(sample.time);
        if sample.metric == metric && sample.model_id == model_id && at >= start && at < end {
            let bucket = start + (at - start) / period * period;
            periods.entry(bucket).or_default().push(sample.value);
        }
    }
    periods
        .into_iter()
        .map(|(at, values)| (at, statistic(stat, &values)))
        .collect()
}

/// GetMetricData for MetricStat queries: each query's datapoints per period, StatusCode Complete.
pub fn get_metric_data(samples: &[Sample], input: &Input, now: SystemTime) -> Result<Value, CloudWatchError> {
    let queries = input.structures("MetricDataQueries")?;
    if queries.is_empty() {
        return Err(CloudWatchError::missing_parameter("MetricDataQueries"));
    }
    if queries.len() > 500 {
        return Err(CloudWatchError::invalid_parameter(
            "The collection MetricDataQueries must not have more than 500 members.",
        ));
    }
    let start = input
        .timestamp("StartTime")?
        .ok_or_else(|| CloudWatchError::missing_parameter("StartTime"))?;
    let end = input
        .timestamp("EndTime")?
        .ok_or_else(|| CloudWatchError::missing_parameter("EndTime"))?;
    if end <= start {
        return Err(CloudWatchError::invalid_parameter(
            "The parameter StartTime must be less than the parameter EndTime.",
        ));
    }
    let descending = match input.text("ScanBy")?.as_deref() {
        None | Some("TimestampDescending") => true,
        Some("TimestampAscending") => false,
        Some(other) => {
            return Err(CloudWatchError::invalid_parameter(format!(
                "The value {other} for parameter ScanBy is not valid: use TimestampDescending or TimestampAscending."
            )));
        }
    };
    let queries = queries.iter().map(query_of).collect::<Result<Vec<_>, _>>()?;
    let mut ids = BTreeSet::new();
    if let Some(repeated) = queries.iter().find(|q| !ids.insert(q.id.as_str())) {
        return Err(CloudWatchError::invalid_parameter(format!(
            "The value {} for parameter MetricDataQueries.member.Id is not unique.",
            repeated.id
        )));
    }
    let first = aligned_start(start, now);
    let last = seconds(end);
    let results = queries
        .iter()
        .filter(|query| query.return_data)
        .map(|query| {
            let mut points = match &query.model_id {
                Some(model_id) => datapoints(
                    samples,
                    &query.metric,
                    model_id,
                    &query.stat,
                    first,
                    last,
                    query.period,
                ),
                None => Vec::new(),
            };
            if descending {
                points.reverse();
            }
            structure([
                ("Id", text(&query.id)),
                ("Label", text(&query.label)),
                (
                    "Timestamps",
                    Value::Array(
                        points
                            .iter()
                            .map(|(at, _)| timestamp(UNIX_EPOCH + Duration::from_secs(*at)))
                            .collect(),
                    ),
                ),
                (
                    "Values",
                    Value::Array(points.iter().map(|(_, value)| Value::Float(*value)).collect()),
                ),
                ("StatusCode", text("Complete")),
                ("Messages", Value::Array(Vec::new())),
            ])
        })
        .collect();
    Ok(structure([
        ("MetricDataResults", Value::Array(results)),
        ("Messages", Value::Array(Vec::new())),
    ]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(metric: &'static str, at: u64, value: f64) -> Sample {
        Sample {
            metric,
            model_id: "m".to_owned(),
            time: UNIX_EPOCH + Duration::from_secs(at),
            value,
        }
    }

    #[test]
    fn an_invocation_publishes_its_metrics_on_bedrock_runtime_only() {
        use crate::record::Usage;
        use crate::support::ServiceTier;
        let served = Invocation {
            time: UNIX_EPOCH,
            invoked: "us.anthropic.claude-sonnet-4-6".to_owned(),
            foundation_model: Some("anthropic.claude-sonnet-4-6".to_owned()),
            project: "default".to_owned(),
            endpoint: Endpoint::Runtime,
            tier: ServiceTier::Default,
            outcome: Outcome::Served,
            usage: Some(Usage {
                input_tokens: 10,
                output_tokens: 20,
                cache_read_tokens: None,
                cache_write_tokens: None,
                cache_write_1h_tokens: 0,
                latency_ms: 5.0,
                time_to_first_token_ms: None,
            }),
            tags: Vec::new(),
        };
        let published: Vec<(&str, f64)> = samples(&served).iter().map(|s| (s.metric, s.value)).collect();
        assert_eq!(
            published,
            [
                ("Invocations", 1.0),
                ("InvocationLatency", 5.0),
                ("InputTokenCount", 10.0),
                ("OutputTokenCount", 20.0),
            ]
        );
        assert!(
            samples(&served)
                .iter()
                .all(|s| s.model_id == "us.anthropic.claude-sonnet-4-6")
        );
        assert!(published.iter().all(|(name, _)| METRIC_NAMES.contains(name)));
        let mantle = Invocation {
            endpoint: Endpoint::Mantle,
            ..served
        };
        assert!(
            samples(&mantle).is_empty(),
            "bedrock-mantle publishes to AWS/BedrockMantle"
        );
    }

    #[test]
    fn list_metrics_lists_two_weeks_or_three_hours_of_data() {
        let now = UNIX_EPOCH + Duration::from_secs(30 * 86_400);
        let samples = [
            sample("InputTokenCount", 30 * 86_400 - 3600, 1.0),
            sample("OutputTokenCount", 20 * 86_400, 1.0),
            sample("Invocations", 10 * 86_400, 1.0),
        ];
        let names = |input: Input| {
            let Value::Map(members) = list_metrics(&samples, &input, now).unwrap() else {
                panic!("not a map")
            };
            let Value::Array(metrics) = &members[0].1 else {
                panic!("not a list")
            };
            metrics
                .iter()
                .map(|m| match m {
                    Value::Map(fields) => fields[1].1.as_text().unwrap_or_default().to_owned(),
                    _ => String::new(),
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(names(Input::default()), ["InputTokenCount", "OutputTokenCount"]);
        let recent = Input(vec![(text("RecentlyActive"), text("PT3H"))]);
        assert_eq!(names(recent), ["InputTokenCount"]);
    }

    #[test]
    fn periods_start_where_cloudwatch_starts_them() {
        let now = UNIX_EPOCH + Duration::from_secs(100 * 86_400);
        let at = |secs: u64| UNIX_EPOCH + Duration::from_secs(secs);
        // Under 15 days old: to the minute.
        assert_eq!(aligned_start(at(99 * 86_400 + 754), now), 99 * 86_400 + 720);
        // 15 to 63 days: to five minutes.
        assert_eq!(aligned_start(at(50 * 86_400 + 754), now), 50 * 86_400 + 600);
        // Older: to the hour.
        assert_eq!(aligned_start(at(10 * 86_400 + 3754), now), 10 * 86_400 + 3600);
    }

    #[test]
    fn statistics_per_period_and_empty_periods_absent() {
        let samples = [
            sample("OutputTokenCount", 0, 10.0),
            sample("OutputTokenCount", 59, 30.0),
            sample("OutputTokenCount", 180, 5.0),
            sample("InputTokenCount", 10, 99.0),
        ];
        let points = |stat| datapoints(&samples, "OutputTokenCount", "m", stat, 0, 600, 60);
        assert_eq!(points("Sum"), [(0, 40.0), (180, 5.0)]);
        assert_eq!(points("Average"), [(0, 20.0), (180, 5.0)]);
        assert_eq!(points("Minimum"), [(0, 10.0), (180, 5.0)]);
        assert_eq!(points("Maximum"), [(0, 30.0), (180, 5.0)]);
        assert_eq!(points("SampleCount"), [(0, 2.0), (180, 1.0)]);
        assert_eq!(
            datapoints(&samples, "OutputTokenCount", "m", "Sum", 0, 600, 300),
            [(0, 45.0)]
        );
        // The end is exclusive.
        assert_eq!(
            datapoints(&samples, "OutputTokenCount", "m", "Sum", 0, 180, 60),
            [(0, 40.0)]
        );
    }
}
