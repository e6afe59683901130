//! GetCostAndUsage over the line items: a result per period of the granularity (every period, empty ones
//! too), totals when not grouped, groups (up to two of TAG and the dimensions SERVICE, USAGE_TYPE, REGION,
//! LINKED_ACCOUNT) when grouped, after a filter of Dimensions, Tags, And, Or and Not. Amounts are decimal
//! strings, as Cost Explorer sends them. What bedrock-local does not support it refuses with a
//! ValidationException naming it.

use std::collections::BTreeMap;
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{Map, Value, json};

use super::CostExplorerError;
use super::filter::Filter;
use super::input::{list, null_member, text};
use super::line_items::{DIMENSIONS, LineItem};
use crate::clock::{civil_from_days, days_from_civil};

const DAY: u64 = 86_400;
const HOUR: u64 = 3_600;

/// Metrics that are a cost in USD: with no discounts, credits or reservations they are all the same here.
const COST_METRICS: [&str; 5] = [
    "UnblendedCost",
    "BlendedCost",
    "AmortizedCost",
    "NetUnblendedCost",
    "NetAmortizedCost",
];
const USAGE_QUANTITY: &str = "UsageQuantity";
/// How far back Cost Explorer keeps data: 13 months before the current one (DAILY, MONTHLY), 14 days (HOURLY).
const MONTHS_KEPT: i64 = 13;
const HOURLY_DAYS_KEPT: u64 = 14;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Granularity {
    Daily,
    Monthly,
    Hourly,
}

/// A period's bounds, in epoch seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Period {
    start: u64,
    end: u64,
}

fn secs(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH).unwrap_or_default().as_secs()
}

fn date(secs: u64) -> String {
    let (y, m, d) = civil_from_days((secs / DAY) as i64);
    format!("{y:04}-{m:02}-{d:02}")
}

fn date_time(secs: u64) -> String {
    let rem = secs % DAY;
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        date(secs),
        rem / HOUR,
        (rem % HOUR) / 60,
        rem % 60
    )
}

/// The first day of the month `secs` falls in, `months` months later (negative: earlier).
fn month_start(secs: u64, months: i64) -> u64 {
    let (y, m, _) = civil_from_days((secs / DAY) as i64);
    let index = y * 12 + i64::from(m) - 1 + months;
    let days = days_from_civil(index.div_euclid(12), (index.rem_euclid(12) + 1) as u32, 1);
    u64::try_from(days).unwrap_or(0) * DAY
}

/// `yyyy-MM-dd` or, with `with_time`, `yyyy-MM-ddThh:mm:ssZ`, as epoch seconds; `None` when it is not that
/// form or not a real date.
fn parse_time(text: &str, with_time: bool) -> Option<u64> {
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = text.get(range)?;
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let b = text.as_bytes();
    let expected_len = if with_time { 20 } else { 10 };
    if b.len() != expected_len || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let days = days_from_civil(i64::from(year), month, day);
    if civil_from_days(days) != (i64::from(year), month, day) {
        return None;
    }
    let mut secs = u64::try_from(days).ok()? * DAY;
    if with_time {
        if b[10] != b'T' || b[13] != b':' || b[16] != b':' || b[19] != b'Z' {
            return None;
        }
        let (h, m, s) = (digits(11..13)?, digits(14..16)?, digits(17..19)?);
        if h > 23 || m > 59 || s > 59 {
            return None;
        }
        secs += u64::from(h * 3600 + m * 60 + s);
    }
    Some(secs)
}

fn granularity(input: &Value) -> Result<Granularity, CostExplorerError> {
    match text(input, "Granularity")? {
        None => Err(null_member("granularity")),
        Some("DAILY") => Ok(Granularity::Daily),
        Some("MONTHLY") => Ok(Granularity::Monthly),
        Some("HOURLY") => Ok(Granularity::Hourly),
        Some(other) => Err(CostExplorerError::validation(format!(
            "1 validation error detected: Value '{other}' at 'granularity' failed to satisfy constraint: Member must satisfy enum value set: [DAILY, MONTHLY, HOURLY]"
        ))),
    }
}

/// The periods `TimePeriod` covers at `granularity`, checked as Cost Explorer checks them.
fn periods(
    input: &Value,
    granularity: Granularity,
    now: SystemTime,
) -> Result<Vec<Period>, CostExplorerError> {
    let Some(time_period) = input.get("TimePeriod").filter(|v| !v.is_null()) else {
        return Err(null_member("timePeriod"));
    };
    let hourly = granularity == Granularity::Hourly;
    let bound = |member: &str| -> Result<u64, CostExplorerError> {
        let value = text(time_period, member)?
            .ok_or_else(|| null_member(&format!("timePeriod.{}", member.to_lowercase())))?;
        parse_time(value, hourly).ok_or_else(|| {
            CostExplorerError::validation(if hourly {
                format!("{member} {value} is not a time of the form yyyy-MM-ddThh:mm:ssZ, which HOURLY granularity takes.")
            } else {
                format!("{member} {value} is not a date of the form yyyy-MM-dd.")
            })
        })
    };
    let (start, end) = (bound("Start")?, bound("End")?);
    if start >= end {
        return Err(CostExplorerError::validation(
            "Start date (and hour) should be before end date (and hour)",
        ));
    }
    let now = secs(now);
    let oldest = if hourly {
        (now / DAY).saturating_sub(HOURLY_DAYS_KEPT) * DAY
    } else {
        month_start(now, -MONTHS_KEPT)
    };
    if start > now {
        return Err(CostExplorerError::validation(
            "The start date must be equal to or no later than the current date.",
        ));
    }
    if start < oldest {
        return Err(CostExplorerError::data_unavailable());
    }
    let mut periods = Vec::new();
    let mut from = match granularity {
        Granularity::Hourly => start - start % HOUR,
        _ => start,
    };
    while from < end {
        let next = match granularity {
            Granularity::Hourly => from + HOUR,
            Granularity::Daily => from + DAY,
            Granularity::Monthly => month_start(from, 1),
        };
        periods.push(Period {
            start: from,
            end: next.min(end),
        });
        from = next;
    }
    Ok(periods)
}

fn metrics(input: &Value) -> Result<Vec<String>, CostExplorerError> {
    let names = list(input, "Metrics")?;
    if names.is_empty() {
        return Err(null_member("metrics"));
    }
    names
        .iter()
        .map(|name| match name.as_str() {
            Some(name) if name == USAGE_QUANTITY || COST_METRICS.contains(&name) => Ok(name.to_owned()),
            Some(name) => Err(CostExplorerError::validation(format!(
                "Unsupported metric {name}: bedrock-local answers {} and {USAGE_QUANTITY}.",
                COST_METRICS.join(", ")
            ))),
            None => Err(CostExplorerError::validation("Metrics must be strings.")),
        })
        .collect()
}

/// A grouping: a tag key or a dimension.
#[derive(Debug, Clone, PartialEq, Eq)]
enum GroupBy {
    Tag(String),
    Dimension(String),
}

impl GroupBy {
    /// The group key a line item falls under: `Key$value` for a tag (`Key$` untagged), the value for a
    /// dimension.
    fn key(&self, item: &LineItem) -> String {
        match self {
            Self::Tag(key) => format!("{key}${}", item.tag(key).unwrap_or("")),
            Self::Dimension(key) => item.dimension(key).unwrap_or("").to_owned(),
        }
    }

    fn definition(&self) -> Value {
        match self {
            Self::Tag(key) => json!({"Type": "TAG", "Key": key}),
            Self::Dimension(key) => json!({"Type": "DIMENSION", "Key": key}),
        }
    }
}

fn group_by(input: &Value) -> Result<Vec<GroupBy>, CostExplorerError> {
    let definitions = list(input, "GroupBy")?;
    if definitions.len() > 2 {
        return Err(CostExplorerError::validation(
            "You can only group by up to two different groups.",
        ));
    }
    let mut groups = Vec::new();
    for definition in definitions {
        let kind = text(definition, "Type")?.ok_or_else(|| null_member("groupBy.type"))?;
        let key = text(definition, "Key")?.ok_or_else(|| null_member("groupBy.key"))?;
        let group = match kind {
            "TAG" => GroupBy::Tag(key.to_owned()),
            "DIMENSION" if DIMENSIONS.contains(&key) => GroupBy::Dimension(key.to_owned()),
            "DIMENSION" => {
                return Err(CostExplorerError::validation(format!(
                    "bedrock-local does not group by the dimension {key}: it groups by {}.",
                    DIMENSIONS.join(", ")
                )));
            }
            other => {
                return Err(CostExplorerError::validation(format!(
                    "bedrock-local does not group by {other}: it groups by TAG and DIMENSION."
                )));
            }
        };
        if groups.contains(&group) {
            return Err(CostExplorerError::validation(
                "Duplicate group by definitions are not allowed.",
            ));
        }
        groups.push(group);
    }
    Ok(groups)
}

/// Cost and tokens summed.
#[derive(Debug, Clone, Copy, Default)]
struct Sum {
    cost: f64,
    quantity: u64,
}

/// An amount as Cost Explorer writes one: a decimal string, at most ten decimals, no trailing zeros.
fn amount(value: f64) -> String {
    let text = format!("{value:.10}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text.is_empty() || text == "-" {
        "0".to_owned()
    } else {
        text.to_owned()
    }
}

fn metric_values(metrics: &[String], sum: Sum) -> Value {
    let mut map = Map::new();
    for metric in metrics {
        let value = if metric == USAGE_QUANTITY {
            json!({"Amount": sum.quantity.to_string(), "Unit": "N/A"})
        } else {
            json!({"Amount": amount(sum.cost), "Unit": "USD"})
        };
        map.insert(metric.clone(), value);
    }
    Value::Object(map)
}

pub fn get_cost_and_usage(
    input: &Value,
    items: &[LineItem],
    now: SystemTime,
) -> Result<Value, CostExplorerError> {
    let granularity = granularity(input)?;
    let periods = periods(input, granularity, now)?;
    let metrics = metrics(input)?;
    let groups = group_by(input)?;
    let filter = match input.get("Filter").filter(|v| !v.is_null()) {
        Some(value) => Some(Filter::read(value)?),
        None => None,
    };
    if text(input, "NextPageToken")?.is_some() {
        return Err(CostExplorerError::validation(
            "bedrock-local answers in one page: there is no next page.",
        ));
    }
    let estimated_from = month_start(secs(now), 0);
    let format = |secs: u64| match granularity {
        Granularity::Hourly => date_time(secs),
        _ => date(secs),
    };
    let results: Vec<Value> = periods
        .iter()
        .map(|period| {
            let mut total = Sum::default();
            let mut by_group: BTreeMap<Vec<String>, Sum> = BTreeMap::new();
            for item in items.iter().filter(|item| {
                let t = secs(item.time);
                t >= period.start && t < period.end && filter.as_ref().is_none_or(|f| f.matches(item))
            }) {
                total.cost += item.cost;
                total.quantity += item.quantity;
                if !groups.is_empty() {
                    let sum = by_group
                        .entry(groups.iter().map(|g| g.key(item)).collect())
                        .or_default();
                    sum.cost += item.cost;
                    sum.quantity += item.quantity;
                }
            }
            let (total, groups_out) = if groups.is_empty() {
                (metric_values(&metrics, total), Vec::new())
            } else {
                let out = by_group
                    .into_iter()
                    .map(|(keys, sum)| json!({"Keys": keys, "Metrics": metric_values(&metrics, sum)}))
                    .collect();
                (json!({}), out)
            };
            json!({
                "TimePeriod": {"Start": format(period.start), "End": format(period.end)},
                "Total": total,
                "Groups": groups_out,
                "Estimated": period.end > estimated_from,
            })
        })
        .collect();
    let mut output = Map::new();
    if !groups.is_empty() {
        output.insert(
            "GroupDefinitions".to_owned(),
            Value::Array(groups.iter().map(GroupBy::definition).collect()),
        );
    }
    output.insert("ResultsByTime".to_owned(), Value::Array(results));
    let accounts: Vec<Value> = if groups.contains(&GroupBy::Dimension("LINKED_ACCOUNT".to_owned())) {
        let mut seen: Vec<&str> = items.iter().map(|i| i.account.as_str()).collect();
        seen.sort_unstable();
        seen.dedup();
        seen.into_iter()
            .map(|account| json!({"Value": account, "Attributes": {"description": "bedrock-local"}}))
            .collect()
    } else {
        Vec::new()
    };
    output.insert("DimensionValueAttributes".to_owned(), Value::Array(accounts));
    Ok(Value::Object(output))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::world::Tag;
    use std::time::Duration;

    fn at(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs)
    }

    // 2026-12-01T10:00:00Z
    const NOW: u64 = 1_796_119_200;

    fn item(secs: u64, department: Option<&str>, cost: f64, quantity: u64) -> LineItem {
        LineItem {
            time: at(secs),
            usage_type: "USE1-Claude3.7Sonnet-input-tokens".to_owned(),
            region: "us-east-1".to_owned(),
            account: "111122223333".to_owned(),
            quantity,
            cost,
            tags: department
                .map(|d| Tag {
                    key: "Department".to_owned(),
                    value: d.to_owned(),
                })
                .into_iter()
                .collect(),
        }
    }

    #[test]
    fn dates_parse_and_print_both_ways() {
        assert_eq!(date(NOW), "2026-12-01");
        assert_eq!(date_time(NOW), "2026-12-01T10:00:00Z");
        assert_eq!(parse_time("2026-12-01", false), Some(NOW - 10 * HOUR));
        assert_eq!(parse_time("2026-12-01T10:00:00Z", true), Some(NOW));
        assert_eq!(parse_time("2026-02-30", false), None);
        assert_eq!(parse_time("2026-12-01", true), None);
        assert_eq!(date(month_start(NOW, -13)), "2025-11-01");
        assert_eq!(date(month_start(NOW, 1)), "2027-01-01");
    }

    #[test]
    fn monthly_periods_are_clipped_to_the_time_period() {
        let input = json!({"TimePeriod": {"Start": "2026-10-15", "End": "2026-12-02"}, "Granularity": "MONTHLY", "Metrics": ["UnblendedCost"]});
        let periods = periods(&input, Granularity::Monthly, at(NOW)).unwrap();
        let shown: Vec<(String, String)> = periods.iter().map(|p| (date(p.start), date(p.end))).collect();
        assert_eq!(
            shown,
            [
                ("2026-10-15".to_owned(), "2026-11-01".to_owned()),
                ("2026-11-01".to_owned(), "2026-12-01".to_owned()),
                ("2026-12-01".to_owned(), "2026-12-02".to_owned()),
            ]
        );
    }

    #[test]
    fn groups_by_tag_with_the_untagged_group() {
        let items = [
            item(NOW - 60, Some("Sales"), 0.5, 10),
            item(NOW - 30, None, 0.25, 5),
            item(NOW - 20, Some("Sales"), 0.125, 1),
        ];
        let input = json!({"TimePeriod": {"Start": "2026-12-01", "End": "2026-12-02"}, "Granularity": "DAILY",
            "Metrics": ["UnblendedCost", "UsageQuantity"], "GroupBy": [{"Type": "TAG", "Key": "Department"}]});
        let out = get_cost_and_usage(&input, &items, at(NOW)).unwrap();
        let result = &out["ResultsByTime"][0];
        assert_eq!(result["Total"], json!({}));
        assert_eq!(result["Groups"][0]["Keys"], json!(["Department$"]));
        assert_eq!(result["Groups"][1]["Keys"], json!(["Department$Sales"]));
        assert_eq!(result["Groups"][1]["Metrics"]["UnblendedCost"]["Amount"], "0.625");
        assert_eq!(result["Groups"][1]["Metrics"]["UsageQuantity"]["Amount"], "11");
        assert_eq!(result["Estimated"], true);
        assert_eq!(
            out["GroupDefinitions"],
            json!([{"Type": "TAG", "Key": "Department"}])
        );
    }

    #[test]
    fn filters_compose_and_unsupported_parts_are_refused() {
        let items = [
            item(NOW - 60, Some("Sales"), 1.0, 1),
            item(NOW - 30, None, 2.0, 1),
        ];
        let base = |filter: Value| {
            json!({"TimePeriod": {"Start": "2026-12-01", "End": "2026-12-02"}, "Granularity": "DAILY",
                "Metrics": ["BlendedCost"], "Filter": filter})
        };
        let total = |filter: Value| {
            get_cost_and_usage(&base(filter), &items, at(NOW)).map(|out| {
                out["ResultsByTime"][0]["Total"]["BlendedCost"]["Amount"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
        };
        let service = json!({"Dimensions": {"Key": "SERVICE", "Values": ["Amazon Bedrock"]}});
        assert_eq!(total(service.clone()).unwrap(), "3");
        let absent = json!({"Tags": {"Key": "Department", "MatchOptions": ["ABSENT"]}});
        assert_eq!(total(absent.clone()).unwrap(), "2");
        assert_eq!(
            total(json!({"And": [service.clone(), {"Not": absent}]})).unwrap(),
            "1"
        );
        let other = json!({"Dimensions": {"Key": "SERVICE", "Values": ["Amazon EC2"]}});
        assert_eq!(
            total(json!({"Or": [other.clone(), service.clone()]})).unwrap(),
            "3"
        );
        assert_eq!(total(other).unwrap(), "0");
        for refused in [
            json!({"And": [service.clone()]}),
            json!({"CostCategories": {"Key": "Team", "Values": ["x"]}}),
            json!({"Dimensions": {"Key": "AZ", "Values": ["us-east-1a"]}}),
            json!({"Dimensions": {"Key": "SERVICE", "Values": ["x"]}, "Tags": {"Key": "a", "Values": ["b"]}}),
        ] {
            let error = total(refused).unwrap_err();
            assert_eq!(error.kind, "ValidationException", "{error:?}");
        }
    }

    #[test]
    fn time_periods_are_checked() {
        let ask = |start: &str, end: &str, granularity: &str| {
            let input = json!({"TimePeriod": {"Start": start, "End": end}, "Granularity": granularity, "Metrics": ["UnblendedCost"]});
            get_cost_and_usage(&input, &[], at(NOW))
        };
        assert_eq!(
            ask("2026-12-02", "2026-12-01", "DAILY").unwrap_err().message,
            "Start date (and hour) should be before end date (and hour)"
        );
        assert_eq!(
            ask("2026-12-01", "2026-12-02", "HOURLY").unwrap_err().kind,
            "ValidationException"
        );
        assert_eq!(
            ask("2024-01-01", "2024-02-01", "MONTHLY").unwrap_err().kind,
            "DataUnavailableException"
        );
        assert_eq!(
            ask("2026-11-01", "2026-11-02", "WEEKLY").unwrap_err().kind,
            "ValidationException"
        );
        let future = ask("2026-12-02", "2026-12-03", "DAILY").unwrap_err();
        assert_eq!(future.kind, "ValidationException");
        let hourly = ask("2026-12-01T08:00:00Z", "2026-12-01T10:00:00Z", "HOURLY").unwrap();
        assert_eq!(hourly["ResultsByTime"].as_array().unwrap().len(), 2);
        assert_eq!(
            hourly["ResultsByTime"][1]["TimePeriod"]["Start"],
            "2026-12-01T09:00:00Z"
        );
        assert_eq!(
            hourly["ResultsByTime"][1]["Total"]["UnblendedCost"],
            json!({"Amount": "0", "Unit": "USD"})
        );
    }

    #[test]
    fn amounts_are_trimmed_decimals() {
        assert_eq!(amount(0.0), "0");
        assert_eq!(amount(0.000_375), "0.000375");
        assert_eq!(amount(12.5), "12.5");
    }
}
