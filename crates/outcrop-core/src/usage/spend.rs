//! Spend: what Cost Explorer's GetCostAndUsage says Amazon Bedrock cost, grouped by a cost-allocation tag — the
//! request's dates, granularity and filter, and the report (per tag value, per period, which profiles and
//! projects carry each value) from its answer.

use std::collections::BTreeMap;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::connection_input::FieldError;
use crate::field_rule::Rule;
use crate::floor_probe::utc_date;
use crate::profiles::Tag;
use crate::profiles::check_tags;

/// The cost metric read: what the bill shows before discounts and credits are spread (Cost Explorer's default
/// view).
pub const COST_METRIC: &str = "UnblendedCost";

/// Whether a Cost Explorer SERVICE is Bedrock's: "Amazon Bedrock" itself, and the AWS Marketplace services that
/// third-party models (Anthropic's Claude among them) bill under, named "<model> (Amazon Bedrock Edition)". Cost
/// Explorer's filters match services by exact name only (MatchOptions apply to Cost Categories and anomaly
/// subscriptions), so the Spend page groups by tag and by service in one request and keeps these.
pub fn is_bedrock_service(service: &str) -> bool {
    service.to_ascii_lowercase().contains("bedrock")
}

/// How far back the Spend page looks, and the granularity that suits it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum SpendRange {
    Last7Days,
    Last30Days,
    Last3Months,
}

/// One value per day, or per calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum SpendGranularity {
    Daily,
    Monthly,
}

impl SpendGranularity {
    /// As GetCostAndUsage spells it.
    pub fn as_api(self) -> &'static str {
        match self {
            Self::Daily => "DAILY",
            Self::Monthly => "MONTHLY",
        }
    }
}

/// GetCostAndUsage's TimePeriod: `start` inclusive, `end` exclusive (YYYY-MM-DD, UTC), so today is included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SpendWindow {
    pub range: SpendRange,
    pub start: String,
    pub end: String,
    pub granularity: SpendGranularity,
}

const DAY_MS: u64 = 86_400_000;

impl SpendWindow {
    /// The window of `range` up to and including today (UTC) at `now`.
    pub fn new(range: SpendRange, now: SystemTime) -> Self {
        let today = now.duration_since(UNIX_EPOCH).unwrap_or_default().as_millis() as u64 / DAY_MS * DAY_MS;
        let end = utc_date(today + DAY_MS);
        let (start, granularity) = match range {
            SpendRange::Last7Days => (utc_date(today - 6 * DAY_MS), SpendGranularity::Daily),
            SpendRange::Last30Days => (utc_date(today - 29 * DAY_MS), SpendGranularity::Daily),
            SpendRange::Last3Months => {
                // The first of the month two months before this one.
                let date = utc_date(today);
                let (year, month) = (
                    date[..4].parse::<i32>().unwrap_or(1970),
                    date[5..7].parse::<i32>().unwrap_or(1),
                );
                let months = year * 12 + (month - 1) - 2;
                (
                    format!("{:04}-{:02}-01", months.div_euclid(12), months.rem_euclid(12) + 1),
                    SpendGranularity::Monthly,
                )
            }
        };
        Self {
            range,
            start,
            end,
            granularity,
        }
    }
}

/// The rules a cost-allocation tag key breaks (1 to 128 characters of the tag alphabet). Keys AWS made
/// (`aws:createdBy`) are cost-allocation tags too, so `aws:` is allowed here.
pub fn check_tag_key(key: &str) -> Option<FieldError> {
    check_tags(&[Tag {
        key: key.to_owned(),
        value: String::new(),
    }])
    .into_iter()
    .find(|error| error.rule != Rule::TagKeyReserved)
    .map(|error| FieldError {
        field: "tagKey".into(),
        ..error
    })
}

/// One period of GetCostAndUsage's answer, as read from the SDK.
#[derive(Debug, Clone, PartialEq)]
pub struct CostPeriod {
    /// The period's start (YYYY-MM-DD).
    pub start: String,
    /// Each group: its tag key (`Department$Sales`; `Department$` for cost without the tag), its service, the
    /// amount and its unit.
    pub groups: Vec<CostGroup>,
    /// Whether Cost Explorer still estimates this period.
    pub estimated: bool,
}

/// One group of a period: a tag value of one service.
#[derive(Debug, Clone, PartialEq)]
pub struct CostGroup {
    pub tag: String,
    pub service: String,
    pub amount: f64,
    pub unit: String,
}

/// One service's share of the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ServiceSpend {
    pub service: String,
    pub total: f64,
}

/// What carries a tag value: an application inference profile or a project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TagCarrier {
    pub kind: TagCarrierKind,
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum TagCarrierKind {
    Profile,
    Project,
}

/// The cost of one tag value over the window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SpendGroup {
    /// The tag's value; `None` for cost that carries no such tag.
    pub value: Option<String>,
    /// One amount per period of the report (0 where the group had none).
    pub amounts: Vec<f64>,
    pub total: f64,
    /// The profiles and projects Outcrop knows that carry this value.
    pub carriers: Vec<TagCarrier>,
}

/// What the Spend page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SpendReport {
    pub tag_key: String,
    pub window: SpendWindow,
    pub period_starts: Vec<String>,
    /// Tagged values by cost, largest first; the untagged remainder last.
    pub groups: Vec<SpendGroup>,
    pub total: f64,
    /// The currency of every amount (`USD`).
    pub unit: String,
    /// Some period is still Cost Explorer's estimate.
    pub estimated: bool,
    /// Nothing carried the tag: every cost (if any) is in the untagged group. The page says why that may be.
    pub no_tagged_cost: bool,
    /// The Bedrock services the cost is from, largest first.
    pub services: Vec<ServiceSpend>,
    /// The Cost Explorer requests this report took (one per page).
    pub requests: u32,
}

/// Assembles the report from GetCostAndUsage's pages (`periods`, in order) for `tag_key`; `carriers` are the
/// tags Outcrop knows on profiles and projects.
pub fn report(
    window: SpendWindow,
    tag_key: &str,
    periods: &[CostPeriod],
    requests: u32,
    carriers: &[(TagCarrier, Vec<Tag>)],
) -> SpendReport {
    // Pages of one period repeat its start: merge them.
    let mut starts: Vec<String> = Vec::new();
    for period in periods {
        if !starts.contains(&period.start) {
            starts.push(period.start.clone());
        }
    }
    let prefix = format!("{tag_key}$");
    let mut groups: BTreeMap<Option<String>, Vec<f64>> = BTreeMap::new();
    let mut services: BTreeMap<String, f64> = BTreeMap::new();
    let mut unit = String::from("USD");
    for period in periods {
        let index = starts.iter().position(|s| *s == period.start).unwrap_or(0);
        for group in period.groups.iter().filter(|g| is_bedrock_service(&g.service)) {
            let value = group.tag.strip_prefix(&prefix).unwrap_or(&group.tag).to_owned();
            let value = (!value.is_empty()).then_some(value);
            groups.entry(value).or_insert_with(|| vec![0.0; starts.len()])[index] += group.amount;
            *services.entry(group.service.clone()).or_default() += group.amount;
            unit.clone_from(&group.unit);
        }
    }
    let mut services: Vec<ServiceSpend> = services
        .into_iter()
        .map(|(service, total)| ServiceSpend { service, total })
        .collect();
    services.sort_by(|a, b| b.total.total_cmp(&a.total));
    let mut groups: Vec<SpendGroup> = groups
        .into_iter()
        .map(|(value, amounts)| SpendGroup {
            total: amounts.iter().sum(),
            carriers: value
                .as_ref()
                .map(|value| {
                    carriers
                        .iter()
                        .filter(|(_, tags)| tags.iter().any(|t| t.key == tag_key && t.value == *value))
                        .map(|(carrier, _)| carrier.clone())
                        .collect()
                })
                .unwrap_or_default(),
            value,
            amounts,
        })
        .collect();
    groups.sort_by(|a, b| {
        (a.value.is_none(), -a.total)
            .partial_cmp(&(b.value.is_none(), -b.total))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    SpendReport {
        tag_key: tag_key.to_owned(),
        total: groups.iter().map(|g| g.total).sum(),
        no_tagged_cost: groups.iter().all(|g| g.value.is_none() || g.total == 0.0),
        estimated: periods.iter().any(|p| p.estimated),
        window,
        period_starts: starts,
        groups,
        unit,
        services,
        requests,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// 2026-12-01T15:00:00Z
    fn now() -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(1_796_137_200)
    }

    #[test]
    fn windows_end_tomorrow_so_today_counts_and_start_where_their_range_does() {
        let week = SpendWindow::new(SpendRange::Last7Days, now());
        assert_eq!(
            (week.start.as_str(), week.end.as_str()),
            ("2026-11-25", "2026-12-02")
        );
        assert_eq!(week.granularity.as_api(), "DAILY");
        let month = SpendWindow::new(SpendRange::Last30Days, now());
        assert_eq!(month.start, "2026-11-02");
        let quarter = SpendWindow::new(SpendRange::Last3Months, now());
        assert_eq!(
            (quarter.start.as_str(), quarter.granularity),
            ("2026-10-01", SpendGranularity::Monthly)
        );
        // Across a year's turn.
        let january = UNIX_EPOCH + Duration::from_secs(1_799_020_800); // 2027-01-04
        assert_eq!(
            SpendWindow::new(SpendRange::Last3Months, january).start,
            "2026-11-01"
        );
    }

    #[test]
    fn a_tag_key_is_checked_as_aws_checks_one_but_aws_keys_are_allowed() {
        assert_eq!(check_tag_key("Department"), None);
        assert_eq!(check_tag_key("aws:createdBy"), None);
        let empty = check_tag_key("").unwrap();
        assert_eq!((empty.field.as_str(), empty.rule), ("tagKey", Rule::TagKeyEmpty));
        assert!(matches!(
            check_tag_key("a#b").unwrap().rule,
            Rule::TagKeyCharacter { .. }
        ));
    }

    #[test]
    fn the_report_groups_by_value_merges_pages_names_carriers_and_puts_the_untagged_last() {
        let window = SpendWindow::new(SpendRange::Last7Days, now());
        let group = |tag: &str, amount: f64| CostGroup {
            tag: tag.to_owned(),
            service: "Amazon Bedrock".to_owned(),
            amount,
            unit: "USD".to_owned(),
        };
        let periods = [
            CostPeriod {
                start: "2026-11-30".into(),
                groups: vec![group("Department$Sales", 0.5), group("Department$", 0.25)],
                estimated: false,
            },
            CostPeriod {
                start: "2026-12-01".into(),
                groups: vec![
                    group("Department$Support", 2.0),
                    CostGroup {
                        service: "Claude Sonnet 4.5 (Amazon Bedrock Edition)".into(),
                        ..group("Department$Support", 1.0)
                    },
                    CostGroup {
                        service: "Amazon Elastic Compute Cloud - Compute".into(),
                        ..group("Department$Support", 100.0)
                    },
                ],
                estimated: true,
            },
            // A second page of the same day.
            CostPeriod {
                start: "2026-12-01".into(),
                groups: vec![group("Department$Sales", 1.0)],
                estimated: true,
            },
        ];
        let carriers = [(
            TagCarrier {
                kind: TagCarrierKind::Profile,
                name: "sales-claude".into(),
            },
            vec![Tag {
                key: "Department".into(),
                value: "Sales".into(),
            }],
        )];
        let report = report(window, "Department", &periods, 2, &carriers);
        assert_eq!(report.period_starts, ["2026-11-30", "2026-12-01"]);
        let values: Vec<_> = report.groups.iter().map(|g| g.value.clone()).collect();
        assert_eq!(values, [Some("Support".into()), Some("Sales".into()), None]);
        assert_eq!(report.groups[1].amounts, [0.5, 1.0]);
        assert_eq!(report.groups[1].carriers[0].name, "sales-claude");
        assert!(report.groups[0].carriers.is_empty());
        // EC2's cost under the same tag is left out; the Marketplace model's is Bedrock's.
        assert_eq!(report.groups[0].total, 3.0);
        assert_eq!(report.total, 4.75);
        assert_eq!(report.services[0].service, "Amazon Bedrock");
        assert_eq!(report.services[1].total, 1.0);
        assert!(report.estimated);
        assert!(!report.no_tagged_cost);
        assert_eq!(report.requests, 2);
    }

    #[test]
    fn cost_that_never_carries_the_tag_is_said_to_be_untagged() {
        let window = SpendWindow::new(SpendRange::Last7Days, now());
        let periods = [CostPeriod {
            start: "2026-12-01".into(),
            groups: vec![CostGroup {
                tag: "Team$".into(),
                service: "Amazon Bedrock".into(),
                amount: 4.0,
                unit: "USD".into(),
            }],
            estimated: false,
        }];
        assert!(report(window.clone(), "Team", &periods, 1, &[]).no_tagged_cost);
        assert!(report(window, "Team", &[], 1, &[]).no_tagged_cost);
    }
}
