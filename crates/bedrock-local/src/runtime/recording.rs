//! Requests that were refused or failed, into the invocation record: client errors (4xx), throttles (429) and
//! server errors (5xx) of the inference operations, whether a handler refused them or the fault plan did.
//! Answered requests are recorded by their turn (`Turn::run`), which knows their usage.

use std::sync::Arc;

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use serde_json::Value;

use super::project::from_headers;
use crate::auth::percent_decode;
use crate::endpoint::Endpoint;
use crate::limits::MAX_REQUEST_BODY;
use crate::record::{Invocation, Outcome};
use crate::service::Service;
use crate::support::ServiceTier;
use crate::world::{APPLICATION, DEFAULT_PROJECT, Tag};

/// The operations the record covers, by the last segment of `/model/{modelId}/…`.
/// The Messages API route on bedrock-runtime (and bedrock-mantle, told apart by `Endpoint`).
const MESSAGES_PATH: &str = "/anthropic/v1/messages";

const MODEL_OPERATIONS: [&str; 4] = [
    "converse",
    "converse-stream",
    "invoke",
    "invoke-with-response-stream",
];

/// The application profile's tags, when `invoked` names one; nothing for models and system profiles.
pub(super) fn tags_of(service: &Service, invoked: &str) -> Vec<Tag> {
    match service.world.profile(invoked) {
        Some(profile) if profile.profile_type == APPLICATION => service
            .world
            .state()
            .tags
            .get(&profile.inference_profile_arn)
            .cloned()
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// The model ID of an inference path, percent-decoded as the route's own extractor decodes it.
fn invoked_on_path(path: &str) -> Option<String> {
    let rest = path.strip_prefix("/model/")?;
    let (id, operation) = rest.rsplit_once('/')?;
    MODEL_OPERATIONS.contains(&operation).then(|| percent_decode(id))
}

/// Middleware: runs the request and, when an inference request ends in an error, records it.
pub async fn record_refusals(State(service): State<Arc<Service>>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let on_model = invoked_on_path(&path);
    let messages = path == MESSAGES_PATH;
    if on_model.is_none() && !messages {
        return next.run(request).await;
    }
    let endpoint = Endpoint::of(request.uri(), request.headers());
    let header_tier = ServiceTier::from_headers(request.headers()).ok().flatten();
    let (parts, body) = request.into_parts();
    // Already read whole, within its limit, by `limits::read_body`.
    let bytes = to_bytes(body, MAX_REQUEST_BODY).await.unwrap_or_default();
    let json: Option<Value> = serde_json::from_slice(&bytes).ok();
    let field = |name: &str| {
        json.as_ref()
            .and_then(|body| body.get(name))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let invoked = on_model.or_else(|| field("model")).unwrap_or_default();
    // InvokeModel names its tier in a header, Converse in its body; a tier the request got wrong is recorded as
    // the default one.
    let tier = header_tier
        .or_else(|| {
            json.as_ref()
                .and_then(|body| ServiceTier::from_converse(body).ok())
                .flatten()
        })
        .unwrap_or(ServiceTier::Default);
    let project = from_headers(&parts.headers)
        .or_else(|| field("projectIdentifier"))
        .unwrap_or_else(|| DEFAULT_PROJECT.to_owned());
    let response = next.run(Request::from_parts(parts, Body::from(bytes))).await;
    if let Some(outcome) = Outcome::of_status(response.status().as_u16()) {
        let foundation_model = super::turn::resolve(&service, &invoked)
            .ok()
            .map(|model| model.model_id);
        service.record.push(Invocation {
            time: service.clock.now(),
            tags: tags_of(&service, &invoked),
            invoked,
            foundation_model,
            project,
            endpoint,
            tier,
            outcome,
            usage: None,
        });
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_invoked_id_from_inference_paths_only() {
        assert_eq!(
            invoked_on_path("/model/us.anthropic.claude-sonnet-4-6/converse").as_deref(),
            Some("us.anthropic.claude-sonnet-4-6")
        );
        assert_eq!(
            invoked_on_path(
                "/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A111122223333%3Aapplication-inference-profile%2Fabc/invoke"
            )
            .as_deref(),
            Some("arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/abc")
        );
        assert_eq!(invoked_on_path("/model/x/count-tokens"), None);
        assert_eq!(invoked_on_path("/foundation-models"), None);
    }
}
