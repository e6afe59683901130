//! Testing a connection: a cheap read, then who the caller is.

use std::time::{Duration, Instant};

use super::types::{ConnectionReport, SavedConnection};
use crate::connection::Connection;
use crate::error::OutcropError;

/// Tests a connection with a cheap read (ListFoundationModels) and asks STS who the caller is.
pub async fn test_connection(
    saved: &SavedConnection,
    connection: &Connection,
) -> Result<ConnectionReport, OutcropError> {
    let started = Instant::now();
    let models = connection
        .bedrock()
        .await
        .list_foundation_models()
        .send()
        .await
        .map_err(|e| OutcropError::from_sdk("ListFoundationModels", e).for_connection(saved))?;
    let latency_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    let (identity, account) = if connection.uses_bearer_token() {
        (None, None)
    } else {
        caller_identity(connection).await
    };
    Ok(ConnectionReport {
        region: connection.region.clone(),
        identity,
        account,
        foundation_models: u32::try_from(models.model_summaries().len()).unwrap_or(u32::MAX),
        simulated: connection.simulated,
        latency_ms,
    })
}

/// Who the connection's credentials belong to: asked at the endpoint override first (Local Bedrock answers),
/// then at AWS STS. `None` when neither answers in time — the connection still works.
async fn caller_identity(connection: &Connection) -> (Option<String>, Option<String>) {
    let mut attempts = Vec::new();
    if connection.endpoint_url.is_some() {
        attempts.push(true);
    }
    if !connection.simulated {
        attempts.push(false);
    }
    for at_override in attempts {
        let call = async {
            connection
                .sts(at_override)
                .await
                .get_caller_identity()
                .send()
                .await
        };
        match tokio::time::timeout(Duration::from_secs(10), call).await {
            Ok(Ok(who)) => return (who.arn().map(str::to_owned), who.account().map(str::to_owned)),
            Ok(Err(error)) => {
                tracing::info!(error = %aws_sdk_sts::error::DisplayErrorContext(&error), at_override, "GetCallerIdentity failed");
            }
            Err(_) => tracing::info!(at_override, "GetCallerIdentity timed out"),
        }
    }
    (None, None)
}
