//! CloudWatch, as much of it as a Bedrock workbench reads: AWS/Bedrock's runtime metrics from the invocation
//! record (ListMetrics, GetMetricData) and dashboards (PutDashboard, GetDashboard, ListDashboards), on the
//! protocols the real clients speak (Smithy RPC v2 CBOR and AWS JSON 1.0, see `protocol`).
//!
//! - `protocol`: the wire — CBOR in and out, timestamps, errors.
//! - `metrics`: what the record publishes to AWS/Bedrock, and the two metric operations.
//! - `dashboards`: the three dashboard operations.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::post;

use crate::service::Service;
use protocol::Wire;

mod dashboards;
mod metrics;
mod protocol;

pub use dashboards::Dashboards;
pub use metrics::{METRIC_NAMES, MODEL_ID, MODEL_ID_VALUE, ModelIdValue, NAMESPACE};

/// CloudWatch's service ID in the RPC v2 path.
const SERVICE_PATH: &str = "/service/GraniteServiceVersion20100801/operation/{operation}";

pub fn routes() -> Router<Arc<Service>> {
    Router::new().route(SERVICE_PATH, post(operation))
}

/// `POST /service/GraniteServiceVersion20100801/operation/<Op>`: Smithy RPC v2 CBOR.
async fn operation(
    State(service): State<Arc<Service>>,
    Path(operation): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    serve(&service, Wire::Cbor, &operation, &headers, &body)
}

/// An AWS JSON 1.0 request (`POST /`), when its `X-Amz-Target` names CloudWatch; `None` otherwise.
pub fn json_request(service: &Service, headers: &HeaderMap, body: &Bytes) -> Option<Response> {
    let operation = protocol::json_operation(headers)?;
    Some(serve(service, Wire::Json, &operation, headers, body))
}

fn serve(service: &Service, wire: Wire, operation: &str, headers: &HeaderMap, body: &Bytes) -> Response {
    let answer = protocol::input(wire, headers, body).and_then(|input| {
        let now = service.clock.now();
        let account = &service.world.account_id;
        match operation {
            "ListMetrics" => metrics::list_metrics(&published(service), &input, now),
            "GetMetricData" => metrics::get_metric_data(&published(service), &input, now),
            "PutDashboard" => dashboards::put_dashboard(&service.dashboards, &input, now),
            "GetDashboard" => dashboards::get_dashboard(&service.dashboards, &input, account),
            "ListDashboards" => dashboards::list_dashboards(&service.dashboards, &input, account),
            other => Err(protocol::CloudWatchError::unknown_operation(other)),
        }
    });
    match answer {
        Ok(output) => protocol::answer(wire, &output),
        Err(error) => error.into_response(wire),
    }
}

/// Every value the invocation record has published to AWS/Bedrock.
fn published(service: &Service) -> Vec<metrics::Sample> {
    service
        .record
        .snapshot()
        .iter()
        .flat_map(metrics::samples)
        .collect()
}
