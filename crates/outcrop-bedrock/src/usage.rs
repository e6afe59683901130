//! Usage and spend through a connection: AWS/Bedrock's CloudWatch metrics (ListMetrics, GetMetricData), the
//! prompt-caching dashboard (PutDashboard) and Cost Explorer's cost by tag (GetCostAndUsage), with the AWS SDK
//! for Rust's clients built from the connection's own credentials chain.
//!
//! CloudWatch is called in the connection's Region, Cost Explorer in us-east-1 (its only endpoint, whatever the
//! Region). On Local Bedrock both go to its address, which answers them from what it served, and so they do for
//! an endpoint override on this machine (an emulator); any other override names Bedrock's endpoints (a VPC
//! endpoint, a proxy), so they go to AWS (`AWS_ENDPOINT_URL_CLOUDWATCH` and `AWS_ENDPOINT_URL_COST_EXPLORER`
//! redirect them, as for the AWS CLI). A Bedrock API key is not accepted
//! by either service: a connection holding one is refused before anything is sent.

use std::collections::HashMap;

use aws_sdk_cloudwatch::types::{Dimension, DimensionFilter, Metric, MetricDataQuery, MetricStat, ScanBy};
use aws_sdk_costexplorer::types::{DateInterval, Granularity, GroupDefinition, GroupDefinitionType};
use aws_smithy_types::DateTime;
use outcrop_core::connection_input::FieldError;
use outcrop_core::field_rule::Rule;
use outcrop_core::profiles::Tag;
use outcrop_core::usage::dashboard::DashboardPlan;
use outcrop_core::usage::metrics::{self, MODEL_ID_DIMENSION, NAMESPACE, PublishedTarget, UsageReport};
use outcrop_core::usage::spend::{
    self, COST_METRIC, CostGroup, CostPeriod, SpendReport, SpendWindow, TagCarrier,
};
use outcrop_core::usage::window::UsageWindow;

use crate::OutcropError;

/// Cost Explorer's Region: its one endpoint is `ce.us-east-1.amazonaws.com`.
pub const COST_EXPLORER_REGION: &str = "us-east-1";
/// ListMetrics and GetCostAndUsage pages read at most, so a huge account cannot keep a page loading (nor run
/// up Cost Explorer's per-request charge) without end.
const MAX_PAGES: u32 = 20;

/// The clients the Usage and Spend pages call; `None` on a connection that holds a Bedrock API key.
#[derive(Debug, Clone)]
pub struct UsageClient {
    pub region: String,
    services: Option<(aws_sdk_cloudwatch::Client, aws_sdk_costexplorer::Client)>,
}

impl UsageClient {
    pub fn new(
        region: String,
        services: Option<(aws_sdk_cloudwatch::Client, aws_sdk_costexplorer::Client)>,
    ) -> Self {
        Self { region, services }
    }

    fn services(&self) -> Result<&(aws_sdk_cloudwatch::Client, aws_sdk_costexplorer::Client), OutcropError> {
        self.services.as_ref().ok_or_else(|| {
            OutcropError::from_field_errors(&[FieldError::new(
                "connection",
                Rule::UsageNeedsAwsCredentials,
                "CloudWatch and Cost Explorer take AWS credentials; a Bedrock API key works for Bedrock alone. \
                 Use a connection with an AWS profile or access keys.",
            )])
        })
    }

    /// Every model and profile with metrics in AWS/Bedrock (ListMetrics: the metrics with data in the last two
    /// weeks), with the metric names each publishes.
    pub async fn targets(&self) -> Result<Vec<PublishedTarget>, OutcropError> {
        let (cloudwatch, _) = self.services()?;
        let mut listed = Vec::new();
        let mut next_token = None;
        for _ in 0..MAX_PAGES {
            let page = cloudwatch
                .list_metrics()
                .namespace(NAMESPACE)
                .dimensions(DimensionFilter::builder().name(MODEL_ID_DIMENSION).build())
                .set_next_token(next_token.take())
                .send()
                .await
                .map_err(|e| OutcropError::from_sdk("ListMetrics", e))?;
            for metric in page.metrics() {
                let model_id = metric
                    .dimensions()
                    .iter()
                    .find(|d| d.name() == Some(MODEL_ID_DIMENSION))
                    .and_then(|d| d.value());
                // A metric with dimensions besides ModelId (image sizes, …) is a breakdown, not the total.
                if let (Some(name), Some(model_id), 1) =
                    (metric.metric_name(), model_id, metric.dimensions().len())
                {
                    listed.push((name.to_owned(), model_id.to_owned()));
                }
            }
            next_token = page.next_token().map(str::to_owned);
            if next_token.is_none() {
                break;
            }
        }
        Ok(metrics::targets(listed))
    }

    /// The target's metrics over the window (GetMetricData, every page).
    pub async fn report(
        &self,
        target: &PublishedTarget,
        window: UsageWindow,
    ) -> Result<UsageReport, OutcropError> {
        let (cloudwatch, _) = self.services()?;
        let queries = metrics::queries(target);
        let mut answers: HashMap<String, Vec<(i64, f64)>> = HashMap::new();
        if !queries.is_empty() {
            let data_queries: Vec<MetricDataQuery> = queries
                .iter()
                .map(|query| {
                    MetricDataQuery::builder()
                        .id(&query.id)
                        .metric_stat(
                            MetricStat::builder()
                                .metric(
                                    Metric::builder()
                                        .namespace(NAMESPACE)
                                        .metric_name(&query.metric_name)
                                        .dimensions(
                                            Dimension::builder()
                                                .name(MODEL_ID_DIMENSION)
                                                .value(&target.model_id)
                                                .build(),
                                        )
                                        .build(),
                                )
                                .period(window.period_seconds as i32)
                                .stat(query.statistic)
                                .build(),
                        )
                        .return_data(true)
                        .build()
                })
                .collect();
            let mut next_token = None;
            for _ in 0..MAX_PAGES {
                let page = cloudwatch
                    .get_metric_data()
                    .set_metric_data_queries(Some(data_queries.clone()))
                    .start_time(DateTime::from_secs(window.start))
                    .end_time(DateTime::from_secs(window.end))
                    .scan_by(ScanBy::TimestampAscending)
                    .set_next_token(next_token.take())
                    .send()
                    .await
                    .map_err(|e| OutcropError::from_sdk("GetMetricData", e))?;
                for result in page.metric_data_results() {
                    let Some(id) = result.id() else { continue };
                    let points = answers.entry(id.to_owned()).or_default();
                    points.extend(
                        result
                            .timestamps()
                            .iter()
                            .zip(result.values())
                            .map(|(time, value)| (time.secs(), *value)),
                    );
                }
                next_token = page.next_token().map(str::to_owned);
                if next_token.is_none() {
                    break;
                }
            }
        }
        Ok(metrics::report(target, window, &queries, &answers))
    }

    /// Creates (or replaces) the dashboard; CloudWatch's validation messages, when it stored it with any.
    pub async fn put_dashboard(&self, plan: &DashboardPlan) -> Result<Vec<String>, OutcropError> {
        let (cloudwatch, _) = self.services()?;
        let answer = cloudwatch
            .put_dashboard()
            .dashboard_name(&plan.name)
            .dashboard_body(&plan.body)
            .send()
            .await
            .map_err(|e| OutcropError::from_sdk("PutDashboard", e))?;
        Ok(answer
            .dashboard_validation_messages()
            .iter()
            .filter_map(|m| m.message().map(str::to_owned))
            .collect())
    }

    /// Bedrock's cost over the window by `tag_key` (GetCostAndUsage grouped by the tag and by service, every
    /// page: each is one billed request). `carriers` are the profiles and projects Outcrop knows with their tags.
    pub async fn spend(
        &self,
        window: SpendWindow,
        tag_key: &str,
        carriers: &[(TagCarrier, Vec<Tag>)],
    ) -> Result<SpendReport, OutcropError> {
        if let Some(error) = spend::check_tag_key(tag_key) {
            return Err(OutcropError::from_field_errors(&[error]));
        }
        let (_, cost_explorer) = self.services()?;
        // The same request for every page but its token.
        let time_period = DateInterval::builder()
            .start(&window.start)
            .end(&window.end)
            .build()
            .map_err(|e| OutcropError {
                code: outcrop_core::ErrorCode::Internal,
                message: "Outcrop could not write the Cost Explorer request's period".into(),
                detail: format!("GetCostAndUsage: {e}"),
                fields: Vec::new(),
                aws: None,
            })?;
        let group_by = vec![
            GroupDefinition::builder()
                .r#type(GroupDefinitionType::Tag)
                .key(tag_key)
                .build(),
            GroupDefinition::builder()
                .r#type(GroupDefinitionType::Dimension)
                .key("SERVICE")
                .build(),
        ];
        let mut periods = Vec::new();
        let mut requests = 0;
        let mut next_token = None;
        for _ in 0..MAX_PAGES {
            requests += 1;
            let page = cost_explorer
                .get_cost_and_usage()
                .time_period(time_period.clone())
                .granularity(Granularity::from(window.granularity.as_api()))
                .metrics(COST_METRIC)
                .set_group_by(Some(group_by.clone()))
                .set_next_page_token(next_token.take())
                .send()
                .await
                .map_err(|e| OutcropError::from_sdk("GetCostAndUsage", e))?;
            for result in page.results_by_time() {
                let start = result
                    .time_period()
                    .map(|p| p.start().to_owned())
                    .unwrap_or_default();
                let groups = result
                    .groups()
                    .iter()
                    .filter_map(|group| {
                        let keys = group.keys();
                        let cost = group.metrics()?.get(COST_METRIC)?;
                        Some(CostGroup {
                            tag: keys.first()?.clone(),
                            service: keys.get(1).cloned().unwrap_or_default(),
                            amount: cost.amount()?.parse().ok()?,
                            unit: cost.unit().unwrap_or("USD").to_owned(),
                        })
                    })
                    .collect();
                periods.push(CostPeriod {
                    start,
                    groups,
                    estimated: result.estimated(),
                });
            }
            next_token = page.next_page_token().map(str::to_owned);
            if next_token.is_none() {
                break;
            }
        }
        Ok(spend::report(window, tag_key, &periods, requests, carriers))
    }
}

/// What a `ModelId` value stands for in the connection's Region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub enum UsageTargetKind {
    ApplicationProfile,
    SystemProfile,
    Model,
    /// Nothing in the catalogue: a model or profile of another Region, or one deleted since.
    Unknown,
}

/// A model or profile the Usage page offers: what CloudWatch publishes for it, and what Outcrop knows of it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct UsageTarget {
    pub published: PublishedTarget,
    pub kind: UsageTargetKind,
    /// The profile's or model's name; the ID itself when Outcrop knows neither.
    pub label: String,
    /// An application profile's tags (its cost-allocation tags).
    pub tags: Vec<Tag>,
    /// ListMetrics lists it. An application profile it does not list (idle for two weeks, or new: listing
    /// takes up to 15 minutes) is still offered, and asked for under the documented names.
    pub listed: bool,
    /// The name "Create this dashboard" suggests for a dashboard of this target alone.
    pub dashboard_name: String,
}

/// The targets ListMetrics found, named from the catalogue, and every application profile of the catalogue it
/// did not list; application profiles first, then system profiles, models and the rest, each by name.
pub fn label_targets(
    published: Vec<PublishedTarget>,
    catalog: &crate::profiles::Catalog,
) -> Vec<UsageTarget> {
    let mut targets: Vec<UsageTarget> = published
        .into_iter()
        .map(|published| {
            let id = published.model_id.as_str();
            let profile = catalog.profiles.iter().find(|p| p.id == id || p.arn == id);
            let model = catalog.models.iter().find(|m| m.model.model_id == id);
            let (kind, label, tags) = match (profile, model) {
                (Some(p), _) if p.application => (
                    UsageTargetKind::ApplicationProfile,
                    p.name.clone(),
                    p.tags.clone().unwrap_or_default(),
                ),
                (Some(p), _) => (UsageTargetKind::SystemProfile, p.name.clone(), Vec::new()),
                (None, Some(m)) => (UsageTargetKind::Model, m.model.model_name.clone(), Vec::new()),
                (None, None) => (UsageTargetKind::Unknown, id.to_owned(), Vec::new()),
            };
            UsageTarget {
                published,
                kind,
                dashboard_name: dashboard_name(kind, &label),
                label,
                tags,
                listed: true,
            }
        })
        .collect();
    for profile in catalog.profiles.iter().filter(|p| p.application) {
        if !targets
            .iter()
            .any(|t| t.published.model_id == profile.id || t.published.model_id == profile.arn)
        {
            targets.push(UsageTarget {
                published: PublishedTarget {
                    model_id: profile.id.clone(),
                    metric_names: Vec::new(),
                },
                kind: UsageTargetKind::ApplicationProfile,
                label: profile.name.clone(),
                tags: profile.tags.clone().unwrap_or_default(),
                listed: false,
                dashboard_name: dashboard_name(UsageTargetKind::ApplicationProfile, &profile.name),
            });
        }
    }
    targets.sort_by(|a, b| (a.kind, &a.label).cmp(&(b.kind, &b.label)));
    targets
}

/// `BedrockPromptCaching-<name>` for an application profile (one dashboard per department's profile), the
/// seed's `BedrockPromptCaching` for anything else.
fn dashboard_name(kind: UsageTargetKind, label: &str) -> String {
    match kind {
        UsageTargetKind::ApplicationProfile => outcrop_core::usage::dashboard::name_for(label),
        _ => outcrop_core::usage::dashboard::DEFAULT_DASHBOARD_NAME.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profiles::{Catalog, Profile};

    fn profile(id: &str, name: &str, application: bool) -> Profile {
        Profile {
            id: id.into(),
            arn: format!("arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/{id}"),
            name: name.into(),
            description: None,
            status: "ACTIVE".into(),
            application,
            geography: None,
            created_at: None,
            updated_at: None,
            model_arns: Vec::new(),
            model_id: None,
            destination_regions: Vec::new(),
            tags: application.then(|| {
                vec![Tag {
                    key: "Department".into(),
                    value: name.into(),
                }]
            }),
        }
    }

    #[test]
    fn targets_are_named_from_the_catalogue_and_unlisted_application_profiles_are_offered() {
        let catalog = Catalog {
            region: "us-east-1".into(),
            models: Vec::new(),
            profiles: vec![
                profile("abc123", "Sales", true),
                profile("def456", "Support", true),
                profile("us.amazon.nova-lite-v1:0", "US Nova Lite", false),
            ],
        };
        let published = vec![
            PublishedTarget {
                model_id: "us.amazon.nova-lite-v1:0".into(),
                metric_names: vec!["Invocations".into()],
            },
            PublishedTarget {
                model_id: "abc123".into(),
                metric_names: vec!["Invocations".into()],
            },
            PublishedTarget {
                model_id: "eu.amazon.nova-pro-v1:0".into(),
                metric_names: vec!["Invocations".into()],
            },
        ];
        let targets = label_targets(published, &catalog);
        let summary: Vec<(&str, UsageTargetKind, bool)> = targets
            .iter()
            .map(|t| (t.label.as_str(), t.kind, t.listed))
            .collect();
        assert_eq!(
            summary,
            [
                ("Sales", UsageTargetKind::ApplicationProfile, true),
                ("Support", UsageTargetKind::ApplicationProfile, false),
                ("US Nova Lite", UsageTargetKind::SystemProfile, true),
                ("eu.amazon.nova-pro-v1:0", UsageTargetKind::Unknown, true),
            ]
        );
        assert_eq!(targets[0].tags[0].value, "Sales");
        assert_eq!(targets[0].dashboard_name, "BedrockPromptCaching-Sales");
        assert_eq!(targets[2].dashboard_name, "BedrockPromptCaching");
        assert!(targets[1].published.metric_names.is_empty());
    }
}
