//! The runtime (`bedrock-runtime`): Converse, ConverseStream, InvokeModel, InvokeModelWithResponseStream and
//! CountTokens, with the prompt cache and the simulated model behind them.
//!
//! - `turn`: resolving the model, checking the prompt, applying the cache and writing the reply.
//! - `event_stream`: event-stream frames and the response that streams them, with stream faults.
//! - `converse`, `invoke_model`, `count_tokens`: one file per operation family.
//! - `messages`: Anthropic's Messages API, on bedrock-runtime and bedrock-mantle (told apart by `Endpoint`).
//! - `anthropic_reply`: the answer in Anthropic's shapes, shared by InvokeModel and the Messages API.
//! - `recording`: refused and failed inference requests into the invocation record.

use std::sync::Arc;

use axum::Router;
use axum::routing::post;

use crate::service::Service;

mod anthropic_reply;
mod converse;
mod count_tokens;
mod event_stream;
mod invoke_model;
mod messages;
mod project;
mod recording;
mod turn;

pub use recording::record_refusals;

pub fn routes() -> Router<Arc<Service>> {
    Router::new()
        .route("/model/{model_id}/converse", post(converse::converse))
        .route(
            "/model/{model_id}/converse-stream",
            post(converse::converse_stream),
        )
        .route("/model/{model_id}/invoke", post(invoke_model::invoke_model))
        .route(
            "/model/{model_id}/invoke-with-response-stream",
            post(invoke_model::invoke_model_stream),
        )
        .route("/model/{model_id}/count-tokens", post(count_tokens::count_tokens))
        .route("/anthropic/v1/messages", post(messages::messages))
        .route(
            "/anthropic/v1/messages/count_tokens",
            post(messages::count_tokens),
        )
}
