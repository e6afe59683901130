//! Faults on demand, for the reliability work of clients: throttling, server errors, a slow start, and
//! streams that fail or are cut mid-way. Asked for per request with the `x-bedrock-local-fault` header, or
//! for every n-th runtime request by the server's configuration.

use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::anthropic_error::AnthropicError;
use crate::endpoint::ANTHROPIC_PREFIX;
use crate::error::AwsError;
use crate::service::Service;

/// The request header that asks for a fault, e.g. `x-bedrock-local-fault: stream-cut:3`.
pub const FAULT_HEADER: &str = "x-bedrock-local-fault";

/// A fault bedrock-local can inject.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// 429 ThrottlingException.
    Throttle,
    /// 500 InternalServerException.
    Internal,
    /// 503 ServiceUnavailableException.
    Unavailable,
    /// Waits this long before handling the request.
    SlowStart { ms: u64 },
    /// A stream sends `after` frames, then the connection ends without the closing events.
    StreamCut { after: usize },
    /// A stream sends `after` frames, then a modelStreamErrorException frame.
    StreamError { after: usize },
}

impl Fault {
    pub fn is_stream_fault(&self) -> bool {
        matches!(self, Self::StreamCut { .. } | Self::StreamError { .. })
    }
}

impl FromStr for Fault {
    type Err = String;

    /// `throttle`, `internal`, `unavailable`, `slow-start:MS`, `stream-cut[:N]`, `stream-error[:N]`
    /// (N frames before the fault, 3 when omitted).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (name, arg) = match text.trim().split_once(':') {
            Some((name, arg)) => (name, Some(arg)),
            None => (text.trim(), None),
        };
        let number = |default: u64| -> Result<u64, String> {
            arg.map_or(Ok(default), |a| {
                a.parse::<u64>()
                    .map_err(|_| format!("{a:?} is not a whole number"))
            })
        };
        match name {
            "throttle" => Ok(Self::Throttle),
            "internal" => Ok(Self::Internal),
            "unavailable" => Ok(Self::Unavailable),
            "slow-start" => Ok(Self::SlowStart { ms: number(2000)? }),
            "stream-cut" => Ok(Self::StreamCut {
                after: number(3)? as usize,
            }),
            "stream-error" => Ok(Self::StreamError {
                after: number(3)? as usize,
            }),
            other => Err(format!(
                "unknown fault {other:?}; use throttle, internal, unavailable, slow-start:MS, stream-cut[:N] or stream-error[:N]"
            )),
        }
    }
}

/// A fault the server injects into every `every`-th runtime request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FaultPlan {
    pub fault: Fault,
    pub every: u64,
}

fn from_header(headers: &HeaderMap) -> Option<Result<Fault, String>> {
    headers.get(FAULT_HEADER).map(|v| {
        v.to_str()
            .map_err(|_| "the fault header is not text".to_owned())?
            .parse()
    })
}

/// The stream fault this request carries, if any (set by [`inject`]).
pub fn requested(headers: &HeaderMap, _service: &Service) -> Option<Fault> {
    from_header(headers).and_then(Result::ok)
}

/// Middleware: decides this request's fault and applies the ones that happen before the handler.
pub async fn inject(State(service): State<Arc<Service>>, mut request: Request, next: Next) -> Response {
    // Anthropic's Messages API routes answer in Anthropic's envelope, throttling included.
    let anthropic = request.uri().path().starts_with(ANTHROPIC_PREFIX);
    let refuse = |error: AwsError| {
        if anthropic {
            AnthropicError(error).into_response()
        } else {
            error.into_response()
        }
    };
    let fault = match from_header(request.headers()) {
        Some(Ok(fault)) => Some(fault),
        Some(Err(message)) => {
            return refuse(AwsError::validation(format!("{FAULT_HEADER}: {message}")));
        }
        None if request.uri().path().starts_with("/model/") || anthropic => service.faults.and_then(|plan| {
            let n = service.runtime_requests.fetch_add(1, Ordering::Relaxed) + 1;
            (plan.every > 0 && n % plan.every == 0).then_some(plan.fault)
        }),
        None => None,
    };
    match fault {
        Some(Fault::Throttle) => return refuse(AwsError::throttling()),
        Some(Fault::Internal) => return refuse(AwsError::internal()),
        Some(Fault::Unavailable) => return refuse(AwsError::unavailable()),
        Some(Fault::SlowStart { ms }) => tokio::time::sleep(Duration::from_millis(ms)).await,
        Some(stream_fault) => {
            // Handlers read stream faults from the header; a planned one is written there for them.
            if let Ok(value) = axum::http::HeaderValue::from_str(&match stream_fault {
                Fault::StreamCut { after } => format!("stream-cut:{after}"),
                Fault::StreamError { after } => format!("stream-error:{after}"),
                _ => String::new(),
            }) {
                request.headers_mut().insert(FAULT_HEADER, value);
            }
        }
        None => {}
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_fault() {
        assert_eq!("throttle".parse(), Ok(Fault::Throttle));
        assert_eq!("slow-start:150".parse(), Ok(Fault::SlowStart { ms: 150 }));
        assert_eq!("stream-cut".parse(), Ok(Fault::StreamCut { after: 3 }));
        assert_eq!("stream-error:0".parse(), Ok(Fault::StreamError { after: 0 }));
        assert!("teapot".parse::<Fault>().unwrap_err().contains("unknown fault"));
        assert!("slow-start:soon".parse::<Fault>().is_err());
    }
}
