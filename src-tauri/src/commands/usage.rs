//! Usage and Spend through the active connection: AWS/Bedrock's CloudWatch metrics per model and profile, the
//! prompt-caching dashboard, and Cost Explorer's Bedrock cost by tag. Each command adapts a call of
//! `outcrop_bedrock::usage`; the window ends now by the system clock (on Local Bedrock, its clock too).

use std::sync::atomic::Ordering;
use std::time::SystemTime;

use outcrop_bedrock::usage::{UsageTarget, label_targets};
use outcrop_bedrock::{Clients, SavedConnection};
use outcrop_core::connection_input::FieldError;
use outcrop_core::profiles::Tag;
use outcrop_core::usage::dashboard::{self, DashboardPlan, DashboardTarget};
use outcrop_core::usage::facts::UsageFacts;
use outcrop_core::usage::metrics::{PublishedTarget, UsageReport};
use outcrop_core::usage::spend::{SpendRange, SpendReport, SpendWindow, TagCarrier, TagCarrierKind};
use outcrop_core::usage::{UsageRange, UsageWindow};
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use crate::IpcError;
use crate::state::AppState;

/// The Usage page: what has metrics (and every application profile), the facts and permissions it rests on.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UsageOverview {
    pub region: String,
    /// Local Bedrock: the metrics and costs are what it served, and there is no console to open.
    pub simulated: bool,
    pub targets: Vec<UsageTarget>,
    /// The ranges a chart may cover, each with its granularities.
    pub ranges: Vec<outcrop_core::usage::window::UsageRangeChoice>,
    /// The least-privilege IAM policy for the Usage and Spend pages.
    pub iam_policy: String,
    pub facts: UsageFacts,
}

/// The dashboard form, checked: the rules broken, or the dashboard as it would be created.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DashboardPreview {
    pub errors: Vec<FieldError>,
    pub plan: Option<DashboardPlan>,
}

/// A dashboard created: what was sent, CloudWatch's validation messages, and where to open it (not on Local
/// Bedrock, which has no console).
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DashboardCreated {
    pub plan: DashboardPlan,
    pub validation_messages: Vec<String>,
    pub console_url: Option<String>,
}

/// The Spend page before a query: the tag keys Outcrop knows, and what a query costs.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SpendOverview {
    pub simulated: bool,
    /// The tag keys on the Region's application profiles and projects, sorted.
    pub tag_keys: Vec<String>,
    /// Cost Explorer requests made since Outcrop started.
    pub requests_this_session: u32,
    pub facts: UsageFacts,
}

/// A spend query's answer, and the requests made since Outcrop started.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SpendAnswer {
    pub report: SpendReport,
    pub requests_this_session: u32,
}

#[tauri::command]
pub async fn usage_overview(state: State<'_, AppState>) -> Result<UsageOverview, IpcError> {
    let (saved, clients) = state.active_clients().await?;
    let catalog = state.catalog_for(&saved, &clients.bedrock).await?;
    let published = clients
        .usage
        .targets()
        .await
        .map_err(|e| IpcError::from(e.for_connection(&saved)))?;
    Ok(UsageOverview {
        region: saved.region.clone(),
        simulated: saved.simulated(),
        targets: label_targets(published, &catalog),
        ranges: outcrop_core::usage::window::range_choices(),
        iam_policy: outcrop_core::usage::iam::iam_policy_text(),
        facts: UsageFacts::bundled(),
    })
}

#[tauri::command]
pub async fn usage_report(
    state: State<'_, AppState>,
    target: PublishedTarget,
    range: UsageRange,
    period_seconds: u32,
) -> Result<UsageReport, IpcError> {
    let window = UsageWindow::new(range, period_seconds, SystemTime::now())
        .map_err(|e| IpcError::from(outcrop_bedrock::OutcropError::from_field_errors(&[e])))?;
    let (saved, clients) = state.active_clients().await?;
    clients
        .usage
        .report(&target, window)
        .await
        .map_err(|e| IpcError::from(e.for_connection(&saved)))
}

/// The dashboard as the form stands, in the active connection's Region.
#[tauri::command]
pub async fn usage_dashboard_preview(
    state: State<'_, AppState>,
    name: String,
    targets: Vec<DashboardTarget>,
) -> Result<DashboardPreview, IpcError> {
    let region = state
        .connections
        .active()
        .map(|c| c.region)
        .unwrap_or_else(|| "us-east-1".into());
    Ok(preview(&region, &name, &targets))
}

/// [`usage_dashboard_preview`] without the state.
pub fn preview(region: &str, name: &str, targets: &[DashboardTarget]) -> DashboardPreview {
    match dashboard::plan(name, region, targets) {
        Ok(plan) => DashboardPreview {
            errors: Vec::new(),
            plan: Some(plan),
        },
        Err(error) => DashboardPreview {
            errors: vec![error],
            plan: None,
        },
    }
}

/// Creates (or replaces) the dashboard with PutDashboard.
#[tauri::command]
pub async fn usage_put_dashboard(
    state: State<'_, AppState>,
    name: String,
    targets: Vec<DashboardTarget>,
) -> Result<DashboardCreated, IpcError> {
    let (saved, clients) = state.active_clients().await?;
    let plan = dashboard::plan(&name, &saved.region, &targets)
        .map_err(|e| IpcError::from(outcrop_bedrock::OutcropError::from_field_errors(&[e])))?;
    let validation_messages = clients
        .usage
        .put_dashboard(&plan)
        .await
        .map_err(|e| IpcError::from(e.for_connection(&saved)))?;
    Ok(DashboardCreated {
        console_url: (!saved.simulated()).then(|| plan.console_url.clone()),
        plan,
        validation_messages,
    })
}

/// The application profiles and projects Outcrop knows in the Region, with their tags. Projects that cannot
/// be listed (no permission, say) are left out: the report still names the profiles.
async fn carriers(
    state: &AppState,
    saved: &SavedConnection,
    clients: &Clients,
) -> Result<Vec<(TagCarrier, Vec<Tag>)>, IpcError> {
    let catalog = state.catalog_for(saved, &clients.bedrock).await?;
    let mut carriers: Vec<(TagCarrier, Vec<Tag>)> = catalog
        .profiles
        .iter()
        .filter(|p| p.application)
        .map(|p| {
            (
                TagCarrier {
                    kind: TagCarrierKind::Profile,
                    name: p.name.clone(),
                },
                p.tags.clone().unwrap_or_default(),
            )
        })
        .collect();
    match clients.projects.list(None).await {
        Ok(projects) => carriers.extend(projects.into_iter().filter(|p| !p.default).map(|p| {
            (
                TagCarrier {
                    kind: TagCarrierKind::Project,
                    name: p.name,
                },
                p.tags,
            )
        })),
        Err(error) => tracing::info!(%error, "projects left out of the Spend page's tag list"),
    }
    Ok(carriers)
}

#[tauri::command]
pub async fn spend_overview(state: State<'_, AppState>) -> Result<SpendOverview, IpcError> {
    let (saved, clients) = state.active_clients().await?;
    let carriers = carriers(&state, &saved, &clients).await?;
    Ok(SpendOverview {
        simulated: saved.simulated(),
        tag_keys: tag_keys(&carriers),
        requests_this_session: state.spend_requests.load(Ordering::Relaxed),
        facts: UsageFacts::bundled(),
    })
}

/// Every tag key the carriers have, once, sorted.
pub fn tag_keys(carriers: &[(TagCarrier, Vec<Tag>)]) -> Vec<String> {
    let mut keys: Vec<String> = carriers
        .iter()
        .flat_map(|(_, tags)| tags.iter().map(|t| t.key.clone()))
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

/// Bedrock's cost by `tag_key` over `range` (each page one billed Cost Explorer request).
#[tauri::command]
pub async fn spend_report(
    state: State<'_, AppState>,
    tag_key: String,
    range: SpendRange,
) -> Result<SpendAnswer, IpcError> {
    let (saved, clients) = state.active_clients().await?;
    let carriers = carriers(&state, &saved, &clients).await?;
    let report = clients
        .usage
        .spend(SpendWindow::new(range, SystemTime::now()), &tag_key, &carriers)
        .await
        .map_err(|e| IpcError::from(e.for_connection(&saved)))?;
    let requests_this_session =
        state.spend_requests.fetch_add(report.requests, Ordering::Relaxed) + report.requests;
    Ok(SpendAnswer {
        report,
        requests_this_session,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_preview_names_the_broken_rule_or_shows_the_dashboard() {
        let target = DashboardTarget {
            published: PublishedTarget {
                model_id: "abc".into(),
                metric_names: Vec::new(),
            },
            label: "Sales".into(),
        };
        let refused = preview("eu-west-1", "my dashboard", std::slice::from_ref(&target));
        assert!(refused.plan.is_none());
        assert_eq!(refused.errors[0].field, "dashboardName");
        let shown = preview("eu-west-1", "BedrockPromptCaching", &[target]);
        assert!(shown.errors.is_empty());
        assert!(shown.plan.unwrap().cli.contains("--region eu-west-1"));
    }

    #[test]
    fn tag_keys_are_listed_once_sorted() {
        let carrier = |name: &str, keys: &[&str]| {
            (
                TagCarrier {
                    kind: TagCarrierKind::Profile,
                    name: name.into(),
                },
                keys.iter()
                    .map(|k| Tag {
                        key: (*k).into(),
                        value: "x".into(),
                    })
                    .collect(),
            )
        };
        let keys = tag_keys(&[
            carrier("a", &["Project", "Department"]),
            carrier("b", &["Department"]),
        ]);
        assert_eq!(keys, ["Department", "Project"]);
    }
}
