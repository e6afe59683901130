//! Cost Explorer's GetCostAndUsage, answered from the invocation record and priced from bedrock-local's own
//! price table, on the protocol its clients send: AWS JSON 1.1 (`POST /` with
//! `X-Amz-Target: AWSInsightsIndexService.GetCostAndUsage`, `application/x-amz-json-1.1`; botocore's `ce`
//! model 2017-10-25 and aws-sdk-costexplorer 1.138.0 both send it; signing name `ce`).
//!
//! Unlike the real service, which has data after about a day and only for activated cost-allocation tags,
//! bedrock-local answers at once and treats every tag as activated.
//!
//! - `prices`: the dated price table.
//! - `line_items`: the bill the record makes, one line per kind of token.
//! - `cost_and_usage`: the operation — periods, metrics, groups.
//! - `filter`: its `Filter` expressions.
//! - `input`: reading request members.

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::service::Service;

mod cost_and_usage;
mod filter;
mod input;
mod line_items;
mod prices;

pub use line_items::SERVICE;
pub use prices::{ModelPrice, PriceTable};

/// `X-Amz-Target`'s prefix on Cost Explorer's requests.
const TARGET_PREFIX: &str = "AWSInsightsIndexService.";
const CONTENT_TYPE: &str = "application/x-amz-json-1.1";

/// A Cost Explorer error: the status, the error's type name (`__type`) and its message.
#[derive(Debug, Clone, PartialEq)]
pub struct CostExplorerError {
    pub status: StatusCode,
    pub kind: &'static str,
    pub message: String,
}

impl CostExplorerError {
    /// The service's own validation error (not in botocore's `ce` model: clients read its code from `__type`).
    pub fn validation(message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            kind: "ValidationException",
            message: message.into(),
        }
    }

    /// DataUnavailableException (botocore's `ce` model): no data for the period asked.
    pub fn data_unavailable() -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            kind: "DataUnavailableException",
            message: "Data is not available. Please try to adjust the time period. If just enabled Cost Explorer, data might not be ingested yet".to_owned(),
        }
    }

    fn unknown_operation(operation: &str) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            kind: "UnknownOperationException",
            message: format!("bedrock-local does not serve the Cost Explorer operation {operation}"),
        }
    }

    fn serialization(message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            kind: "SerializationException",
            message: message.into(),
        }
    }

    fn into_response(self) -> Response {
        answer(
            self.status,
            &json!({"__type": self.kind, "Message": self.message}),
        )
    }
}

fn answer(status: StatusCode, body: &Value) -> Response {
    let mut response = (status, body.to_string()).into_response();
    response
        .headers_mut()
        .insert("content-type", HeaderValue::from_static(CONTENT_TYPE));
    response
}

/// An AWS JSON 1.1 request (`POST /`), when its `X-Amz-Target` names Cost Explorer; `None` otherwise.
pub fn json_request(service: &Service, headers: &HeaderMap, body: &Bytes) -> Option<Response> {
    let operation = headers
        .get("x-amz-target")
        .and_then(|v| v.to_str().ok())?
        .strip_prefix(TARGET_PREFIX)?;
    let outcome = input(body).and_then(|input| match operation {
        "GetCostAndUsage" => {
            let items = line_items::line_items(&service.world, &service.prices, &service.record.snapshot());
            cost_and_usage::get_cost_and_usage(&input, &items, service.clock.now())
        }
        other => Err(CostExplorerError::unknown_operation(other)),
    });
    Some(match outcome {
        Ok(output) => answer(StatusCode::OK, &output),
        Err(error) => error.into_response(),
    })
}

/// The body as a JSON object (empty: an empty one).
fn input(body: &[u8]) -> Result<Value, CostExplorerError> {
    if body.is_empty() {
        return Ok(json!({}));
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(value @ Value::Object(_)) => Ok(value),
        Ok(_) => Err(CostExplorerError::serialization(
            "The request body is not a JSON object.",
        )),
        Err(error) => Err(CostExplorerError::serialization(format!(
            "The request body is not valid JSON: {error}"
        ))),
    }
}
