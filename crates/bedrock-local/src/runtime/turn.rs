//! A request after resolution, checking and the cache: everything the answer needs.

use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::HeaderMap;
use serde_json::{Value, json};

use crate::cache::{CacheRule, CacheUsage};
use crate::endpoint::Endpoint;
use crate::error::AwsError;
use crate::faults::Fault;
use crate::parameters::{self, Route};
use crate::prompt::Prompt;
use crate::record::{Invocation, Outcome, Usage};
use crate::responder::{self, Reply};
use crate::service::Service;
use crate::support::{Api, ServiceTier};
use crate::world::{FoundationModel, parameter_facts};

/// The exact message AWS gives for a bare ID of a model that only runs through an inference profile.
pub fn on_demand_not_supported(model_id: &str) -> AwsError {
    AwsError::validation(format!(
        "Invocation of model ID {model_id} with on-demand throughput isn\u{2019}t supported. Retry your request with the ID or ARN of an inference profile that contains this model."
    ))
}

pub(super) fn invalid_model() -> AwsError {
    AwsError::validation("The provided model identifier is invalid.")
}

/// The foundation model a model ID, profile ID or ARN invokes here.
pub fn resolve(service: &Service, identifier: &str) -> Result<FoundationModel, AwsError> {
    let world = &service.world;
    if let Some(model) = world.foundation_model(identifier) {
        return if model.on_demand() {
            Ok(model.clone())
        } else {
            Err(on_demand_not_supported(&model.model_id))
        };
    }
    if identifier.contains(":foundation-model/") {
        return Err(invalid_model());
    }
    let profile = world.profile(identifier).ok_or_else(invalid_model)?;
    profile
        .models
        .first()
        .and_then(|m| world.foundation_model_by_any_arn(&m.model_arn))
        .cloned()
        .ok_or_else(invalid_model)
}

pub(super) fn parse_json(body: &Bytes) -> Result<Value, AwsError> {
    serde_json::from_slice(body)
        .map_err(|e| AwsError::serialization(format!("The request body is not valid JSON: {e}")))
}

/// What a runtime request asks for besides its prompt: which API it came through, the service tier it names,
/// the endpoint whose prompt cache it uses, and what the invocation record keeps of it (the ID it invoked, the
/// project it runs under, whether it streams).
#[derive(Debug, Clone)]
pub(super) struct Request {
    pub(super) api: Api,
    pub(super) tier: Option<ServiceTier>,
    pub(super) endpoint: Endpoint,
    /// The model ID, profile ID or ARN as the request named it.
    pub(super) invoked: String,
    /// The project's ID (`default` when the request names none).
    pub(super) project: String,
    /// ConverseStream, InvokeModelWithResponseStream or a streamed Messages request.
    pub(super) streaming: bool,
}

impl Request {
    /// A bedrock-runtime request.
    pub(super) fn runtime(
        api: Api,
        tier: Option<ServiceTier>,
        invoked: &str,
        project: String,
        streaming: bool,
    ) -> Self {
        Self {
            api,
            tier,
            endpoint: Endpoint::Runtime,
            invoked: invoked.to_owned(),
            project,
            streaming,
        }
    }
}

/// A request after resolution, checking and the cache: everything the answer needs.
pub(super) struct Turn {
    pub(super) model: FoundationModel,
    pub(super) prompt: Prompt,
    pub(super) rule: Option<CacheRule>,
    pub(super) cache: CacheUsage,
    pub(super) reply: Reply,
    /// The tier the request named, echoed in the answer; `None` is served on the default tier.
    pub(super) tier: Option<ServiceTier>,
    pub(super) started: Instant,
}

impl Turn {
    /// Runs a request for `model`, already resolved from the ID the request named.
    ///
    /// Converse, InvokeModel and the Messages API on bedrock-runtime share one prompt cache per account and
    /// model: each becomes the same prompt for the model, and the cache is keyed by that prompt. bedrock-mantle
    /// is another endpoint and keeps its own cache (both simulator choices; see the README).
    pub(super) fn run(
        service: &Service,
        model: FoundationModel,
        request: Request,
        prompt: Prompt,
    ) -> Result<Self, AwsError> {
        let started = Instant::now();
        service.support.check_api(&model.model_id, request.api)?;
        service.support.check_tier(&model.model_id, request.tier)?;
        let route = match request.api {
            Api::Converse => Route::Converse,
            Api::InvokeModel | Api::CountTokens => Route::InvokeModel,
            Api::Messages | Api::MantleMessages => Route::Messages,
        };
        parameters::check(
            &parameter_facts(&model),
            model.provider_name == "Anthropic",
            &prompt.parameters,
            route,
        )?;
        parameters::check_reasoning(&prompt, route)?;
        let rule = service.rules.check(&model.model_id, &prompt)?.cloned();
        let scope = match request.endpoint {
            Endpoint::Runtime => format!("{}/{}", service.world.account_id, model.model_id),
            Endpoint::Mantle => format!("{}/mantle/{}", service.world.account_id, model.model_id),
        };
        let now = service.world.clock.now();
        let cache = match &rule {
            Some(rule) if !prompt.checkpoints.is_empty() => service.cache.apply(&scope, &prompt, rule, now),
            Some(rule) if rule.implicit => service.cache.apply_implicit(&scope, &prompt, rule, now),
            _ => CacheUsage::default(),
        };
        let reply = responder::reply(&prompt, &model.model_name, cache);
        let turn = Self {
            model,
            prompt,
            rule,
            cache,
            reply,
            tier: request.tier,
            started,
        };
        turn.record(service, request, now);
        Ok(turn)
    }

    /// Adds this turn to the invocation record, with the usage and timings its answer reports.
    fn record(&self, service: &Service, request: Request, now: std::time::SystemTime) {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let first_token = ms(self.first_token_delay(service));
        let cached = |tokens: u32| self.rule.is_some().then_some(tokens);
        let usage = Usage {
            input_tokens: self.uncached_input(),
            output_tokens: self.reply.output_tokens,
            cache_read_tokens: cached(self.cache.read),
            cache_write_tokens: cached(self.cache.write()),
            cache_write_1h_tokens: self.cache.write_1h,
            latency_ms: first_token + ms(self.generation(service, self.reply.output_tokens)),
            time_to_first_token_ms: request.streaming.then_some(first_token),
        };
        service.record.push(Invocation {
            time: now,
            tags: super::recording::tags_of(service, &request.invoked),
            invoked: request.invoked,
            foundation_model: Some(self.model.model_id.clone()),
            project: request.project,
            endpoint: request.endpoint,
            tier: self.served_tier(),
            outcome: Outcome::Served,
            usage: Some(usage),
        });
    }

    /// Converse's `serviceTier` in an answer, when the request named one.
    pub(super) fn service_tier_json(&self) -> Option<Value> {
        self.tier.map(|tier| json!({"type": tier.as_str()}))
    }

    /// The tier the request is served on.
    pub(super) fn served_tier(&self) -> ServiceTier {
        self.tier.unwrap_or(ServiceTier::Default)
    }

    /// How long `output_tokens` take to generate on this request's tier.
    pub(super) fn generation(&self, service: &Service, output_tokens: u32) -> Duration {
        service.latency.generation(output_tokens, self.served_tier())
    }

    pub(super) fn uncached_input(&self) -> u32 {
        self.prompt.total_tokens() - self.cache.read - self.cache.write()
    }

    /// Converse's `usage`: `inputTokens` counts only uncached input; the whole input is its sum with the
    /// cache reads and writes.
    pub(super) fn converse_usage(&self) -> Value {
        let input = self.uncached_input();
        let mut usage = json!({
            "inputTokens": input,
            "outputTokens": self.reply.output_tokens,
            "totalTokens": input + self.cache.read + self.cache.write() + self.reply.output_tokens,
        });
        if self.rule.is_some() {
            usage["cacheReadInputTokens"] = json!(self.cache.read);
            usage["cacheWriteInputTokens"] = json!(self.cache.write());
            if self.cache.write() > 0 {
                let mut details = Vec::new();
                if self.cache.write_1h > 0 {
                    details.push(json!({"ttl": "1h", "inputTokens": self.cache.write_1h}));
                }
                if self.cache.write_5m > 0 {
                    details.push(json!({"ttl": "5m", "inputTokens": self.cache.write_5m}));
                }
                usage["cacheDetails"] = json!(details);
            }
        }
        usage
    }

    /// Time to first token under the latency model.
    pub(super) fn first_token_delay(&self, service: &Service) -> Duration {
        service.latency.first_token(
            self.uncached_input() + self.cache.write(),
            self.cache.read,
            self.served_tier(),
        )
    }

    /// A non-streaming answer arrives whole: after the first token and the whole generation.
    pub(super) async fn wait_whole_answer(&self, service: &Service) {
        let delay = self.first_token_delay(service) + self.generation(service, self.reply.output_tokens);
        if !delay.is_zero() {
            tokio::time::sleep(delay).await;
        }
    }

    pub(super) fn elapsed_ms(&self) -> u64 {
        u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX)
    }
}

pub(super) fn stream_fault(headers: &HeaderMap, service: &Service) -> Option<Fault> {
    crate::faults::requested(headers, service).filter(Fault::is_stream_fault)
}
