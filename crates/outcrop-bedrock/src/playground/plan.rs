//! Planning a conversation as it is edited: where it goes ([`Target`]), its blocks sized by CountTokens where
//! counted (cached per model, wire and content, so an edit recounts only what changed), the cache plan, the
//! prediction, the price, and every rule that stops a send.

use std::sync::PoisonError;

use outcrop_core::MessagesEndpoint;
use outcrop_core::cache_plan::{Block, CachePlan};
use outcrop_core::cache_tracker::{self, CacheTracker, Prediction};
use outcrop_core::connection_input::{FieldError, Rule};
use outcrop_core::conversation::{Api, BlockOrigin, Conversation, Flattened};
use outcrop_core::model_facts::ModelFacts;
use outcrop_core::model_id::ModelRef;
use outcrop_core::pricing::{self, PriceQuote};
use outcrop_core::request_limits;
use outcrop_core::resolver::Resolution;

use super::offer::offer_problems;
use super::service::PlaygroundService;
use super::sizes;
use super::types::{CachingRules, Draft, PlanView, PrefixFraming};
use crate::OutcropError;

/// Where a turn goes: the resolved ID, the Region, and the connection's endpoint for the Messages API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub resolution: Resolution,
    pub region: String,
    /// Where the Messages API goes; Converse and InvokeModel always go to bedrock-runtime.
    pub messages_endpoint: MessagesEndpoint,
}

impl Target {
    /// The endpoint a turn through `api` is sent to.
    pub fn endpoint_for(&self, api: Api) -> MessagesEndpoint {
        match api {
            Api::Messages => self.messages_endpoint,
            Api::Converse | Api::InvokeModel => MessagesEndpoint::Runtime,
        }
    }

    /// The model ID a turn through `api` names: on bedrock-mantle the foundation-model ID without a profile
    /// prefix, else the ID invoked.
    pub fn sent_id(&self, api: Api) -> &str {
        self.endpoint_for(api).model_id(
            &self.resolution.invoke_id,
            self.resolution.foundation_model_id.as_deref(),
        )
    }

    /// The cache belongs to the ID invoked and the Region (`region|id`) — and to the endpoint: bedrock-mantle
    /// keeps its own, so its scope names it after the ID.
    pub fn scope(&self, api: Api) -> String {
        match self.endpoint_for(api) {
            MessagesEndpoint::Runtime => format!("{}|{}", self.region, self.resolution.invoke_id),
            endpoint @ MessagesEndpoint::Mantle => {
                format!("{}|{} ({})", self.region, self.sent_id(api), endpoint.as_str())
            }
        }
    }

    /// The geography of a system profile (`us`, `eu`, `global`…), which prices may depend on.
    pub fn geography(&self) -> Option<String> {
        match ModelRef::parse(&self.resolution.invoke_id).ok()? {
            ModelRef::SystemProfile { geography, .. } | ModelRef::SystemProfileArn { geography, .. } => {
                Some(geography)
            }
            _ => None,
        }
    }

    pub(super) fn model_id(&self) -> &str {
        self.resolution
            .foundation_model_id
            .as_deref()
            .unwrap_or(&self.resolution.invoke_id)
    }
}

pub(super) fn block_key(block: &Block) -> String {
    cache_tracker::prefix_hashes(std::slice::from_ref(block))
        .pop()
        .unwrap_or_default()
}

/// A prefix up to a cache point, by its content.
pub(super) fn prefix_key(prefix: &Conversation) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    serde_json::to_string(prefix)
        .unwrap_or_default()
        .hash(&mut hasher);
    hasher.finish()
}

impl PlaygroundService {
    /// The conversation's blocks with the sizes CountTokens gave on `api`'s wire, where it has, prefixes
    /// counted whole folded in; and what those prefixes hold beyond their blocks.
    fn flatten_counted(
        &self,
        conversation: &Conversation,
        api: Api,
        target: &Target,
    ) -> (Flattened, Vec<PrefixFraming>) {
        let mut flat = conversation.flatten();
        let counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
        let model = target.model_id().to_owned();
        let overhead = self
            .message_overhead
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&(model.clone(), api))
            .copied();
        let mut last_message = None;
        for (block, origin) in flat.blocks.iter_mut().zip(&flat.origins) {
            block.counted_tokens = counts.get(&(model.clone(), api, block_key(block))).copied();
            // A message's framing is counted with its first block, where the service counts it.
            if let BlockOrigin::Message { message, .. } = origin
                && last_message != Some(*message)
            {
                last_message = Some(*message);
                match (block.counted_tokens, overhead) {
                    (Some(n), Some(overhead)) => block.counted_tokens = Some(n + overhead),
                    _ => block.counted_tokens = None,
                }
            }
        }
        drop(counts);
        let prefix_counts = self.prefix_counts.lock().unwrap_or_else(PoisonError::into_inner);
        let totals: Vec<Option<u32>> = (0..flat.points.len())
            .map(|k| {
                sizes::prefix_to_point(conversation, k)
                    .and_then(|p| prefix_counts.get(&(model.clone(), api, prefix_key(&p))).copied())
            })
            .collect();
        let framing = sizes::fold_prefix_counts(&mut flat.blocks, &flat.points, &totals);
        (flat, framing)
    }

    /// The draft analysed as Send would send it, or every rule that stops the send.
    pub(super) fn checked(
        &self,
        draft: &Draft,
        target: &Target,
        tracker: &CacheTracker,
        now_ms: u64,
    ) -> Result<(Flattened, CachePlan, Prediction), OutcropError> {
        let conversation = &draft.conversation;
        let (flat, plan, prediction, _) = self.analyse(conversation, draft.api, target, tracker, now_ms);
        let mut problems = Self::problems(
            conversation,
            draft.api,
            target.messages_endpoint,
            &flat,
            &plan,
            self.facts().lookup(target.model_id()),
        );
        problems.extend(outcrop_core::projects::send_problems(
            conversation,
            target.resolution.route,
            draft.api,
        ));
        if problems.is_empty() {
            Ok((flat, plan, prediction))
        } else {
            Err(OutcropError::from_field_errors(&problems))
        }
    }

    /// What the model's facts say stops `api` (or the conversation's service tier) for `target`, and what stops
    /// the conversation's project there: the transport checks of [`Self::checked`] alone, for a caller that must
    /// refuse a transport before sending anything.
    pub(super) fn offer_problems(
        &self,
        conversation: &Conversation,
        api: Api,
        target: &Target,
    ) -> Vec<FieldError> {
        let mut problems: Vec<FieldError> = self
            .facts()
            .lookup(target.model_id())
            .map(|facts| offer_problems(conversation, api, target.messages_endpoint, facts))
            .unwrap_or_default();
        problems.extend(outcrop_core::projects::send_problems(
            conversation,
            target.resolution.route,
            api,
        ));
        problems
    }

    pub(super) fn analyse(
        &self,
        conversation: &Conversation,
        api: Api,
        target: &Target,
        tracker: &CacheTracker,
        now_ms: u64,
    ) -> (Flattened, CachePlan, Prediction, Vec<PrefixFraming>) {
        let (flat, framing) = self.flatten_counted(conversation, api, target);
        let table = self.facts();
        let facts = table.lookup(target.model_id());
        let previous = tracker.last_sent.as_ref().map(|sent| {
            flat.blocks
                .iter()
                .zip(&sent.texts)
                .map(|(b, text)| Block {
                    text: text.clone(),
                    ..b.clone()
                })
                .collect::<Vec<_>>()
        });
        let plan = self.planner.lock().unwrap_or_else(PoisonError::into_inner).plan(
            &flat.blocks,
            &flat.points,
            facts,
            previous.as_deref(),
        );
        let prediction = tracker.predict(&flat.blocks, &plan, &target.scope(api), now_ms);
        (flat, plan, prediction, framing)
    }

    pub(super) fn quote_for(&self, target: &Target) -> Option<PriceQuote> {
        self.prices
            .table()
            .quote(target.model_id(), target.geography().as_deref())
    }

    /// Every rule that stops a send: the conversation's own, a transport or a service tier the model does not
    /// offer (per its facts), cache points Bedrock would refuse, and input over the model's context window.
    pub(super) fn problems(
        conversation: &Conversation,
        api: Api,
        messages_endpoint: MessagesEndpoint,
        flat: &Flattened,
        plan: &CachePlan,
        facts: Option<&ModelFacts>,
    ) -> Vec<FieldError> {
        let mut problems = conversation.problems();
        if conversation.automatic_cache.is_some() && api != Api::Messages {
            let api = super::offer::model_api(api);
            problems.push(FieldError::new(
                "automaticCache",
                Rule::AutomaticCacheMessagesOnly { api },
                format!(
                    "Automatic cache placement (a top-level cache_control) is a Messages API field; {api:?} does not take it. Send through the Messages API, or turn it off and place cache points."
                ),
            ));
        }
        if let Some(facts) = facts {
            problems.extend(offer_problems(conversation, api, messages_endpoint, facts));
        }
        if let Some(facts) = facts
            && let Some(context) = facts.context_tokens
            && let Some(problem) =
                request_limits::over_context_window(plan, &flat.origins, context, &facts.name)
        {
            problems.push(problem);
        }
        for point in &plan.points {
            for problem in point.problems.iter().filter(|p| p.refuses()) {
                let field = if point.automatic {
                    "automaticCache".to_owned()
                } else {
                    flat.point_origins
                        .get(point.index as usize)
                        .map_or_else(|| format!("cachePoints[{}]", point.index), BlockOrigin::field)
                };
                problems.push(FieldError::new(
                    field,
                    Rule::CachePoint {
                        point: point.index + 1,
                        problem: problem.clone(),
                    },
                    problem.describe(point.index + 1),
                ));
            }
        }
        problems
    }

    /// The plan for the conversation as it stands, sent through `api`: no network, fast enough to run on
    /// every keystroke.
    pub fn plan(
        &self,
        session_id: Option<&str>,
        conversation: &Conversation,
        api: Api,
        target: &Target,
    ) -> Result<PlanView, OutcropError> {
        let now = self.clock.now_ms();
        let tracker = match session_id {
            Some(id) => self.tracker(id)?,
            None => CacheTracker::default(),
        };
        let (flat, plan, prediction, framing) = self.analyse(conversation, api, target, &tracker, now);
        let quote = self.quote_for(target);
        let billing = quote.as_ref().map(|q| {
            q.billing(
                prediction.as_usage().total_input_tokens(),
                conversation.service_tier,
            )
        });
        let prices = billing.as_ref().map(|b| b.prices);
        let table = self.facts();
        let facts = table.lookup(target.model_id());
        Ok(PlanView {
            resolution: target.resolution.clone(),
            region: target.region.clone(),
            caching: facts.map(CachingRules::from),
            apis: facts.and_then(|f| f.apis.clone()),
            messages_endpoint: target.messages_endpoint,
            service_tiers: facts.and_then(|f| f.service_tiers.clone()),
            parameters: facts.and_then(|f| f.parameters.clone()),
            // The project's refusals too, so they show (and stop Send) as the person edits, not only at Send.
            problems: {
                let mut problems =
                    Self::problems(conversation, api, target.messages_endpoint, &flat, &plan, facts);
                problems.extend(outcrop_core::projects::send_problems(
                    conversation,
                    target.resolution.route,
                    api,
                ));
                problems
            },
            sizes: sizes::size_basis(
                conversation,
                &flat,
                api,
                target.resolution.foundation_model_id.as_deref(),
                facts,
                framing,
            ),
            blocks: flat.origins,
            points: flat.point_origins,
            predicted_cost: prices.map(|p| pricing::turn_cost(&prediction.as_usage(), &p)),
            break_even_reads: prices.and_then(|p| pricing::break_even_reads(&p, false)),
            prices,
            price_quote: quote,
            billing,
            plan,
            prediction,
            cache: tracker.countdown(now),
            now_ms: now,
        })
    }
}
