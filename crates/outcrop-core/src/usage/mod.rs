//! Usage and spend: what AWS/Bedrock's CloudWatch metrics and Cost Explorer say a model, profile, project or tag
//! used and cost.
//!
//! - [`window`]: the time a usage chart covers and the period of its points, aligned as CloudWatch aligns them.
//! - [`metrics`]: which published metric is which quantity, the GetMetricData queries, and the report (series,
//!   totals, cache hit rate) from their answers.
//! - [`dashboard`]: the prompt-caching dashboard, its name's rules, its `put-dashboard` command and console link.
//! - [`spend`]: Cost Explorer's cost by tag: the request's dates and grouping, and the report from its answer.
//! - [`facts`]: the dated figures these rest on (Cost Explorer's price per request, AWS's delays), with sources.
//! - [`iam`]: the least-privilege policy for reading usage and spend.

pub mod dashboard;
pub mod facts;
pub mod iam;
pub mod metrics;
pub mod spend;
pub mod window;

pub use dashboard::DashboardPlan;
pub use metrics::{MetricKind, MetricSeries, PublishedTarget, UsageReport};
pub use spend::{SpendGroup, SpendRange, SpendReport, SpendWindow};
pub use window::{UsageRange, UsageWindow};
