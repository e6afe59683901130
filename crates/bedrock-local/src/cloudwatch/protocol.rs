//! CloudWatch's wire, in the two protocols its clients send today (CloudWatch's model lists
//! `smithy-rpc-v2-cbor`, `json` and `query`; each client takes the first it implements):
//!
//! - Smithy RPC v2 CBOR (aws-sdk-cloudwatch 1.140.0): `POST /service/GraniteServiceVersion20100801/operation/<Op>`
//!   with `smithy-protocol: rpc-v2-cbor`, a CBOR map in and out, timestamps as CBOR tag 1 (epoch seconds, int or
//!   float).
//! - AWS JSON 1.0 (botocore 1.44.8 and the AWS CLI v1 1.46.3, whose botocore has no CBOR): `POST /` with
//!   `X-Amz-Target: GraniteServiceVersion20100801.<Op>`, `application/x-amz-json-1.0`, timestamps as epoch
//!   seconds.
//!
//! Both carry the same members; operations read and write them as CBOR values and JSON is converted at the
//! edge. Errors are a map with `__type` (the error shape's ID) and `message`; CloudWatch is
//! `awsQueryCompatible`, so the `x-amzn-query-error` header carries the code the query protocol used
//! (`ResourceNotFound;Sender`), which every client reads as the code.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use ciborium::Value;

/// The value of `smithy-protocol` requests carry and answers echo.
pub const PROTOCOL: &str = "rpc-v2-cbor";
/// `X-Amz-Target`'s prefix on AWS JSON 1.0 requests: CloudWatch's service name.
pub const JSON_TARGET_PREFIX: &str = "GraniteServiceVersion20100801.";
const JSON_CONTENT_TYPE: &str = "application/x-amz-json-1.0";

/// The protocol a request came in, and its answer goes out, in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wire {
    Cbor,
    Json,
}

/// The operation an AWS JSON 1.0 request names, when it is addressed to CloudWatch.
pub fn json_operation(headers: &HeaderMap) -> Option<String> {
    headers
        .get("x-amz-target")
        .and_then(|v| v.to_str().ok())
        .and_then(|target| target.strip_prefix(JSON_TARGET_PREFIX))
        .map(str::to_owned)
}
/// The Smithy namespace of CloudWatch's shapes, for `__type`.
const SHAPE_NAMESPACE: &str = "com.amazonaws.cloudwatch";

/// A CloudWatch error: the status, the error shape's name, the query-protocol code and the message.
#[derive(Debug, Clone, PartialEq)]
pub struct CloudWatchError {
    pub status: StatusCode,
    pub shape: &'static str,
    pub code: &'static str,
    pub message: String,
    /// Members of the error shape besides `message` (DashboardInvalidInputError's validation messages).
    pub extra: Vec<(&'static str, Value)>,
}

impl CloudWatchError {
    fn new(status: StatusCode, shape: &'static str, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            shape,
            code,
            message: message.into(),
            extra: Vec::new(),
        }
    }

    pub fn invalid_parameter(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "InvalidParameterValueException",
            "InvalidParameterValue",
            message,
        )
    }

    pub fn missing_parameter(member: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "MissingRequiredParameterException",
            "MissingParameter",
            format!("The parameter {member} is required."),
        )
    }

    pub fn dashboard_not_found(name: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "DashboardNotFoundError",
            "ResourceNotFound",
            format!("Dashboard {name} does not exist"),
        )
    }

    /// PutDashboard's refusal of a body, with where (`DataPath`) and what (`Message`) each problem is.
    pub fn dashboard_invalid(problems: &[(&str, &str)]) -> Self {
        let mut error = Self::new(
            StatusCode::BAD_REQUEST,
            "DashboardInvalidInputError",
            "InvalidParameterInput",
            "The field DashboardBody must be a valid JSON object",
        );
        error
            .extra
            .push(("dashboardValidationMessages", validation_messages(problems)));
        error
    }

    pub fn unknown_operation(operation: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "UnknownOperationException",
            "UnknownOperation",
            format!("bedrock-local does not serve the CloudWatch operation {operation}"),
        )
    }

    pub fn serialization(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "SerializationException",
            "SerializationException",
            message,
        )
    }

    fn body(&self) -> Value {
        let mut map = vec![
            text_pair("__type", format!("{SHAPE_NAMESPACE}#{}", self.shape)),
            text_pair("message", self.message.clone()),
        ];
        map.extend(
            self.extra
                .iter()
                .map(|(key, value)| (Value::Text((*key).to_owned()), value.clone())),
        );
        Value::Map(map)
    }
}

/// `[{DataPath, Message}]`, the shape of DashboardValidationMessages.
pub fn validation_messages(problems: &[(&str, &str)]) -> Value {
    Value::Array(
        problems
            .iter()
            .map(|(path, message)| {
                Value::Map(vec![
                    text_pair("DataPath", (*path).to_owned()),
                    text_pair("Message", (*message).to_owned()),
                ])
            })
            .collect(),
    )
}

fn text_pair(key: &str, value: String) -> (Value, Value) {
    (Value::Text(key.to_owned()), Value::Text(value))
}

fn response(wire: Wire, status: StatusCode, body: &Value) -> Response {
    let mut response = match wire {
        Wire::Cbor => {
            let mut bytes = Vec::new();
            if let Err(error) = ciborium::into_writer(body, &mut bytes) {
                tracing::warn!(%error, "could not write a CBOR answer");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
            let mut response = (status, bytes).into_response();
            let headers = response.headers_mut();
            headers.insert("content-type", HeaderValue::from_static("application/cbor"));
            headers.insert("smithy-protocol", HeaderValue::from_static(PROTOCOL));
            response
        }
        Wire::Json => (status, to_json(body).to_string()).into_response(),
    };
    if wire == Wire::Json {
        response
            .headers_mut()
            .insert("content-type", HeaderValue::from_static(JSON_CONTENT_TYPE));
    }
    response
}

impl CloudWatchError {
    /// The error as `wire` carries it, with the query-compatible code in `x-amzn-query-error`.
    pub fn into_response(self, wire: Wire) -> Response {
        let mut response = response(wire, self.status, &self.body());
        let fault = if self.status.is_server_error() {
            "Receiver"
        } else {
            "Sender"
        };
        if let Ok(value) = HeaderValue::from_str(&format!("{};{fault}", self.code)) {
            response.headers_mut().insert("x-amzn-query-error", value);
        }
        response
    }
}

/// An operation's output.
pub fn answer(wire: Wire, output: &Value) -> Response {
    response(wire, StatusCode::OK, output)
}

/// A CBOR value as JSON: a timestamp (tag 1) becomes its epoch seconds, as AWS JSON 1.0 writes timestamps.
fn to_json(value: &Value) -> serde_json::Value {
    use serde_json::Value as Json;
    match value {
        Value::Integer(n) => {
            let n = i128::from(*n);
            i64::try_from(n)
                .map(Json::from)
                .or_else(|_| u64::try_from(n).map(Json::from))
                .unwrap_or(Json::Null)
        }
        Value::Float(f) => serde_json::Number::from_f64(*f).map_or(Json::Null, Json::Number),
        Value::Text(text) => Json::String(text.clone()),
        Value::Bool(b) => Json::Bool(*b),
        Value::Array(items) => Json::Array(items.iter().map(to_json).collect()),
        Value::Map(members) => Json::Object(
            members
                .iter()
                .filter_map(|(key, value)| Some((key.as_text()?.to_owned(), to_json(value))))
                .collect(),
        ),
        Value::Tag(_, inner) => to_json(inner),
        _ => Json::Null,
    }
}

/// JSON as a CBOR value (integers stay integers).
fn from_json(value: &serde_json::Value) -> Value {
    use serde_json::Value as Json;
    match value {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => Value::Integer(i.into()),
            (None, Some(u)) => Value::Integer(u.into()),
            _ => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Json::String(text) => Value::Text(text.clone()),
        Json::Array(items) => Value::Array(items.iter().map(from_json).collect()),
        Json::Object(members) => Value::Map(
            members
                .iter()
                .map(|(key, value)| (Value::Text(key.clone()), from_json(value)))
                .collect(),
        ),
    }
}

/// The request body as a map: empty is an empty input; anything but a map is refused. A CBOR request without
/// `smithy-protocol: rpc-v2-cbor` is not that protocol and is refused too.
pub fn input(wire: Wire, headers: &HeaderMap, body: &[u8]) -> Result<Input, CloudWatchError> {
    if wire == Wire::Json {
        if body.is_empty() {
            return Ok(Input(Vec::new()));
        }
        return match serde_json::from_slice::<serde_json::Value>(body) {
            Ok(json @ serde_json::Value::Object(_)) => match from_json(&json) {
                Value::Map(members) => Ok(Input(members)),
                _ => Ok(Input(Vec::new())),
            },
            Ok(_) => Err(CloudWatchError::serialization(
                "The request body is not a JSON object.",
            )),
            Err(error) => Err(CloudWatchError::serialization(format!(
                "The request body is not valid JSON: {error}"
            ))),
        };
    }
    let protocol = headers.get("smithy-protocol").and_then(|v| v.to_str().ok());
    if protocol != Some(PROTOCOL) {
        return Err(CloudWatchError::serialization(format!(
            "CloudWatch requests carry the header smithy-protocol: {PROTOCOL}."
        )));
    }
    if body.is_empty() {
        return Ok(Input(Vec::new()));
    }
    match ciborium::from_reader::<Value, _>(body) {
        Ok(Value::Map(members)) => Ok(Input(members)),
        Ok(_) => Err(CloudWatchError::serialization(
            "The request body is not a CBOR map.",
        )),
        Err(error) => Err(CloudWatchError::serialization(format!(
            "The request body is not valid CBOR: {error}"
        ))),
    }
}

/// A structure's members, read by name.
#[derive(Debug, Clone, Default)]
pub struct Input(pub Vec<(Value, Value)>);

impl Input {
    pub fn get(&self, member: &str) -> Option<&Value> {
        self.0
            .iter()
            .find(|(key, _)| key.as_text() == Some(member))
            .map(|(_, value)| value)
            .filter(|value| !value.is_null())
    }

    pub fn text(&self, member: &str) -> Result<Option<String>, CloudWatchError> {
        match self.get(member) {
            None => Ok(None),
            Some(Value::Text(text)) => Ok(Some(text.clone())),
            Some(_) => Err(wrong_type(member, "a string")),
        }
    }

    pub fn required_text(&self, member: &str) -> Result<String, CloudWatchError> {
        self.text(member)?
            .ok_or_else(|| CloudWatchError::missing_parameter(member))
    }

    pub fn integer(&self, member: &str) -> Result<Option<i64>, CloudWatchError> {
        match self.get(member) {
            None => Ok(None),
            Some(Value::Integer(n)) => i64::try_from(i128::from(*n))
                .map(Some)
                .map_err(|_| wrong_type(member, "a 64-bit integer")),
            Some(_) => Err(wrong_type(member, "an integer")),
        }
    }

    pub fn boolean(&self, member: &str) -> Result<Option<bool>, CloudWatchError> {
        match self.get(member) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(_) => Err(wrong_type(member, "a boolean")),
        }
    }

    pub fn timestamp(&self, member: &str) -> Result<Option<SystemTime>, CloudWatchError> {
        let Some(value) = self.get(member) else {
            return Ok(None);
        };
        let number = |value: &Value| match value {
            Value::Integer(n) => Some(i128::from(*n) as f64),
            Value::Float(f) => Some(*f),
            _ => None,
        };
        // CBOR: tag 1 of epoch seconds; JSON (converted): the bare epoch seconds.
        let seconds = match value {
            Value::Tag(1, inner) => number(inner),
            other => number(other),
        }
        .ok_or_else(|| wrong_type(member, "a timestamp (epoch seconds)"))?;
        if !seconds.is_finite() || seconds < 0.0 {
            return Err(CloudWatchError::invalid_parameter(format!(
                "The parameter {member} must be a time after 1970-01-01."
            )));
        }
        Ok(Some(UNIX_EPOCH + Duration::from_secs_f64(seconds)))
    }

    pub fn structure(&self, member: &str) -> Result<Option<Input>, CloudWatchError> {
        match self.get(member) {
            None => Ok(None),
            Some(Value::Map(members)) => Ok(Some(Input(members.clone()))),
            Some(_) => Err(wrong_type(member, "a structure")),
        }
    }

    /// A list of structures.
    pub fn structures(&self, member: &str) -> Result<Vec<Input>, CloudWatchError> {
        match self.get(member) {
            None => Ok(Vec::new()),
            Some(Value::Array(items)) => items
                .iter()
                .map(|item| match item {
                    Value::Map(members) => Ok(Input(members.clone())),
                    _ => Err(wrong_type(member, "a list of structures")),
                })
                .collect(),
            Some(_) => Err(wrong_type(member, "a list")),
        }
    }
}

fn wrong_type(member: &str, expected: &str) -> CloudWatchError {
    CloudWatchError::serialization(format!("{member} must be {expected}."))
}

/// A time as CBOR tag 1 of epoch seconds (a float when it has a fraction).
pub fn timestamp(time: SystemTime) -> Value {
    let since = time.duration_since(UNIX_EPOCH).unwrap_or_default();
    let inner = if since.subsec_nanos() == 0 {
        Value::Integer(since.as_secs().into())
    } else {
        Value::Float(since.as_secs_f64())
    };
    Value::Tag(1, Box::new(inner))
}

/// A structure to answer with, members in order.
pub fn structure<const N: usize>(members: [(&str, Value); N]) -> Value {
    Value::Map(
        members
            .into_iter()
            .map(|(key, value)| (Value::Text(key.to_owned()), value))
            .collect(),
    )
}

pub fn text(value: &str) -> Value {
    Value::Text(value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_tag_one_of_epoch_seconds() {
        let whole = UNIX_EPOCH + Duration::from_secs(1_790_000_000);
        assert_eq!(
            timestamp(whole),
            Value::Tag(1, Box::new(Value::Integer(1_790_000_000_u64.into())))
        );
        let members = vec![
            (Value::Text("A".into()), timestamp(whole)),
            (
                Value::Text("B".into()),
                Value::Tag(1, Box::new(Value::Float(1_790_000_000.5))),
            ),
        ];
        let input = Input(members);
        assert_eq!(input.timestamp("A").unwrap(), Some(whole));
        assert_eq!(
            input.timestamp("B").unwrap(),
            Some(whole + Duration::from_millis(500))
        );
        assert!(input.timestamp("A").is_ok() && input.text("A").is_err());
    }

    #[test]
    fn json_timestamps_are_epoch_seconds_both_ways() {
        let json = serde_json::json!({"StartTime": 1_790_000_000.5, "Period": 60});
        let Value::Map(members) = from_json(&json) else {
            panic!("not a map")
        };
        let input = Input(members);
        assert_eq!(
            input.timestamp("StartTime").unwrap(),
            Some(UNIX_EPOCH + Duration::from_millis(1_790_000_000_500))
        );
        assert_eq!(input.integer("Period").unwrap(), Some(60));
        let out = structure([("T", timestamp(UNIX_EPOCH + Duration::from_secs(60)))]);
        assert_eq!(to_json(&out), serde_json::json!({"T": 60}));
    }

    #[test]
    fn errors_carry_the_shape_and_the_query_code() {
        let response = CloudWatchError::dashboard_not_found("Nope").into_response(Wire::Cbor);
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        assert_eq!(
            response.headers()["x-amzn-query-error"],
            "ResourceNotFound;Sender"
        );
        assert_eq!(response.headers()["smithy-protocol"], PROTOCOL);
        let body = CloudWatchError::dashboard_not_found("Nope").body();
        let Value::Map(members) = body else {
            panic!("not a map")
        };
        assert_eq!(
            members[0],
            text_pair(
                "__type",
                "com.amazonaws.cloudwatch#DashboardNotFoundError".to_owned()
            )
        );
    }

    #[test]
    fn requests_must_name_the_protocol() {
        let mut headers = HeaderMap::new();
        assert!(input(Wire::Cbor, &headers, &[]).is_err());
        assert!(input(Wire::Json, &headers, b"{}").unwrap().0.is_empty());
        headers.insert("smithy-protocol", HeaderValue::from_static(PROTOCOL));
        assert!(input(Wire::Cbor, &headers, &[]).unwrap().0.is_empty());
        assert!(input(Wire::Cbor, &headers, &[0x01]).is_err()); // the integer 1, not a map
    }
}
