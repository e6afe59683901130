//! Event-stream frames, the response that streams them, and the sender that paces them and applies stream
//! faults.

use std::time::Duration;

use aws_smithy_eventstream::frame::write_message_to;
use aws_smithy_types::event_stream::{Header, HeaderValue, Message};
use axum::body::{Body, Bytes};
use axum::http::{StatusCode, header};
use axum::response::Response;
use serde_json::Value;
use tokio::sync::mpsc;

use crate::error::AwsError;
use crate::faults::Fault;

/// One event-stream frame: `:message-type event`, its `:event-type`, a JSON payload.
pub fn event_frame(event_type: &str, payload: &Value) -> Bytes {
    frame(
        vec![
            Header::new(":event-type", HeaderValue::String(event_type.to_owned().into())),
            Header::new(":content-type", HeaderValue::String("application/json".into())),
            Header::new(":message-type", HeaderValue::String("event".into())),
        ],
        payload,
    )
}

/// An exception frame, as the service sends an error after the stream has begun.
pub fn exception_frame(error: &AwsError) -> Bytes {
    frame(
        vec![
            Header::new(
                ":exception-type",
                HeaderValue::String(error.stream_exception_type().into()),
            ),
            Header::new(":content-type", HeaderValue::String("application/json".into())),
            Header::new(":message-type", HeaderValue::String("exception".into())),
        ],
        &error.body(),
    )
}

pub(super) fn frame(headers: Vec<Header>, payload: &Value) -> Bytes {
    let message = Message::new_from_parts(headers, payload.to_string().into_bytes());
    let mut buffer = Vec::new();
    // Writing to a Vec only fails for frames over the 16 MB limit, which these never approach.
    if let Err(error) = write_message_to(&message, &mut buffer) {
        tracing::error!(%error, "could not encode an event-stream frame");
    }
    Bytes::from(buffer)
}

pub(super) type Frame = Result<Bytes, std::io::Error>;

/// Streams frames produced by `produce` as an `application/vnd.amazon.eventstream` response.
pub(super) fn event_stream_response<F, Fut>(
    extra_headers: Vec<(&'static str, String)>,
    produce: F,
) -> Response
where
    F: FnOnce(mpsc::Sender<Frame>) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    streaming_response("application/vnd.amazon.eventstream", extra_headers, produce)
}

/// Streams what `produce` sends as a response of `content_type` (AWS event stream, or server-sent events).
pub(super) fn streaming_response<F, Fut>(
    content_type: &'static str,
    extra_headers: Vec<(&'static str, String)>,
    produce: F,
) -> Response
where
    F: FnOnce(mpsc::Sender<Frame>) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let (tx, rx) = mpsc::channel::<Frame>(32);
    tokio::spawn(produce(tx));
    let stream =
        futures_util::stream::unfold(
            rx,
            |mut rx| async move { rx.recv().await.map(|frame| (frame, rx)) },
        );
    let mut response = Response::new(Body::from_stream(stream));
    *response.status_mut() = StatusCode::OK;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        axum::http::HeaderValue::from_static(content_type),
    );
    for (name, value) in extra_headers {
        if let Ok(value) = axum::http::HeaderValue::from_str(&value) {
            headers.insert(name, value);
        }
    }
    response
}

/// Frames gathered before a write when nothing makes the stream wait (latency model at zero).
pub(super) const COALESCE_BYTES: usize = 32 * 1024;

/// Sends frames, applying a stream fault: `stream-error` replaces the frame after `after` with an exception;
/// `stream-cut` ends the connection there, with no closing frames. Frames are written as they come when the
/// stream paces itself, and gathered into larger writes when it does not.
pub(super) struct Sender {
    tx: mpsc::Sender<Frame>,
    sent: usize,
    fault: Option<Fault>,
    buffer: Vec<u8>,
    /// How this stream tells the client it failed (`stream-error`).
    error_frame: fn(&AwsError) -> Bytes,
}

impl Sender {
    /// A sender of AWS event-stream frames, failing with an exception frame.
    pub(super) fn new(tx: mpsc::Sender<Frame>, fault: Option<Fault>) -> Self {
        Self::failing_with(tx, fault, exception_frame)
    }

    /// A sender whose stream fails with `error_frame` (server-sent events fail with an `error` event).
    pub(super) fn failing_with(
        tx: mpsc::Sender<Frame>,
        fault: Option<Fault>,
        error_frame: fn(&AwsError) -> Bytes,
    ) -> Self {
        Self {
            tx,
            sent: 0,
            fault,
            buffer: Vec::new(),
            error_frame,
        }
    }

    /// `false` once the stream is over (client gone or fault applied).
    pub(super) async fn send(&mut self, frame: Bytes) -> bool {
        match self.fault {
            Some(Fault::StreamCut { after }) if self.sent >= after => {
                self.flush().await;
                // Let the frames already sent reach the client, as they would before a real connection drop.
                tokio::time::sleep(Duration::from_millis(50)).await;
                let cut = std::io::Error::other("bedrock-local: stream cut (fault injection)");
                let _ = self.tx.send(Err(cut)).await;
                return false;
            }
            Some(Fault::StreamError { after }) if self.sent >= after => {
                let error = AwsError::new(
                    StatusCode::FAILED_DEPENDENCY,
                    "ModelStreamErrorException",
                    "The model stream failed (fault injected by bedrock-local).",
                );
                self.buffer.extend_from_slice(&(self.error_frame)(&error));
                self.flush().await;
                return false;
            }
            _ => {}
        }
        self.sent += 1;
        self.buffer.extend_from_slice(&frame);
        self.buffer.len() < COALESCE_BYTES || self.flush().await
    }

    /// Writes what is gathered; `false` when the client has gone.
    pub(super) async fn flush(&mut self) -> bool {
        if self.buffer.is_empty() {
            return true;
        }
        let bytes = Bytes::from(std::mem::take(&mut self.buffer));
        self.tx.send(Ok(bytes)).await.is_ok()
    }

    /// Waits as the latency model says, after writing what the client should already have.
    pub(super) async fn pause(&mut self, delay: Duration) -> bool {
        if delay.is_zero() {
            return true;
        }
        let open = self.flush().await;
        tokio::time::sleep(delay).await;
        open
    }

    /// Sends each piece of a block as `frame` makes it, each after `delay` (the time the model takes to generate
    /// it). `false` once the stream is over.
    pub(super) async fn paced(
        &mut self,
        pieces: impl IntoIterator<Item = String>,
        delay: impl Fn(&str) -> Duration,
        frame: impl Fn(String) -> Bytes,
    ) -> bool {
        for piece in pieces {
            if !self.pause(delay(&piece)).await || !self.send(frame(piece)).await {
                return false;
            }
        }
        true
    }

    /// Sends `frames` in order. `false` once the stream is over.
    pub(super) async fn send_all(&mut self, frames: impl IntoIterator<Item = Bytes>) -> bool {
        for frame in frames {
            if !self.send(frame).await {
                return false;
            }
        }
        true
    }
}
