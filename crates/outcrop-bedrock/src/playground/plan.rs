//! Planning a conversation as it is edited: where it goes ([`Target`]), its blocks sized by CountTokens where
//! counted (cached per model, wire and content, so an edit recounts only what changed), the cache plan, the
//! prediction, the price, and every rule that stops a send.

use std::sync::PoisonError;

use tokio_util::sync::CancellationToken;

use outcrop_core::cache_plan::{Block, CachePlan};
use outcrop_core::cache_tracker::{self, CacheTracker, Prediction};
use outcrop_core::connection_input::{FieldError, Rule};
use outcrop_core::conversation::{Api, BlockOrigin, Conversation, Flattened};
use outcrop_core::model_facts::ModelFacts;
use outcrop_core::model_id::ModelRef;
use outcrop_core::pricing::{self, PriceQuote};
use outcrop_core::request_limits;
use outcrop_core::resolver::Resolution;
use outcrop_core::{ErrorCode, MessagesEndpoint};

use super::offer::offer_problems;
use super::runner::count_tokens;
use super::runner::sdk_shape::sdk_conversation;
use super::service::PlaygroundService;
use super::sizes;
use super::types::{CachingRules, Draft, PlanView, PrefixFraming, TokenCountReport};
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

fn block_key(block: &Block) -> String {
    cache_tracker::prefix_hashes(std::slice::from_ref(block))
        .pop()
        .unwrap_or_default()
}

/// A prefix up to a cache point, by its content.
fn prefix_key(prefix: &Conversation) -> u64 {
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
        let problems = Self::problems(
            conversation,
            draft.api,
            target.messages_endpoint,
            &flat,
            &plan,
            self.facts().lookup(target.model_id()),
        );
        if problems.is_empty() {
            Ok((flat, plan, prediction))
        } else {
            Err(OutcropError::from_field_errors(&problems))
        }
    }

    /// What the model's facts say stops `api` (or the conversation's service tier) for `target`: the transport
    /// checks of [`Self::checked`] alone, for a caller that must refuse a transport before sending anything.
    pub(super) fn offer_problems(
        &self,
        conversation: &Conversation,
        api: Api,
        target: &Target,
    ) -> Vec<FieldError> {
        self.facts()
            .lookup(target.model_id())
            .map(|facts| offer_problems(conversation, api, target.messages_endpoint, facts))
            .unwrap_or_default()
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
            problems: Self::problems(conversation, api, target.messages_endpoint, &flat, &plan, facts),
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

    /// [`Self::count_tokens`] for the window, which counts again a little after each edit: a count started for a
    /// session (`None`: a draft outside any) supersedes the one still running for it. That one stops at once —
    /// its requests are dropped, so no connection stays open for it — and returns a report marked `superseded`,
    /// which the window ignores.
    pub async fn count_tokens_latest(
        &self,
        session_id: Option<&str>,
        runtime: &crate::Runtime,
        conversation: &Conversation,
        api: Api,
        target: &Target,
    ) -> Result<TokenCountReport, OutcropError> {
        let key = session_id.unwrap_or_default().to_owned();
        let token = CancellationToken::new();
        if let Some(previous) = self
            .counting
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(key.clone(), token.clone())
        {
            previous.cancel();
        }
        let result = tokio::select! {
            counted = self.count_tokens(runtime, conversation, api, target) => counted,
            () = token.cancelled() => Ok(TokenCountReport {
                counted_blocks: 0,
                estimated_blocks: 0,
                unavailable: None,
                superseded: true,
            }),
        };
        // A token not cancelled is still the session's own: no newer count replaced it.
        if !token.is_cancelled() {
            self.counting
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .remove(&key);
        }
        result
    }

    /// Counts each block with CountTokens (bare foundation-model ID) on the wire `api` sends — the
    /// Converse request or InvokeModel's Anthropic body —, keeping the counts per block content so an edit
    /// only recounts what changed. Models and Regions that cannot count keep local estimates.
    pub async fn count_tokens(
        &self,
        runtime: &crate::Runtime,
        conversation: &Conversation,
        api: Api,
        target: &Target,
    ) -> Result<TokenCountReport, OutcropError> {
        let flat = conversation.flatten();
        let total = flat.blocks.len() as u32;
        let Some(model) = target.resolution.foundation_model_id.clone() else {
            return Ok(TokenCountReport {
                counted_blocks: 0,
                estimated_blocks: total,
                unavailable: Some(
                    "The model behind this ID is not known, so CountTokens cannot be asked; sizes are estimates."
                        .into(),
                ),
                superseded: false,
            });
        };
        // A model bedrock-runtime does not count is counted on bedrock-mantle where AWS counts it.
        let client: count_tokens::Counter<'_> =
            match sizes::not_countable_on_runtime(self.facts().lookup(&model)) {
                Some(true) => count_tokens::Counter::Mantle(&runtime.messages),
                Some(false) => {
                    return Ok(TokenCountReport {
                        counted_blocks: 0,
                        estimated_blocks: total,
                        unavailable: Some(
                            "CountTokens does not count this model; sizes are estimates.".into(),
                        ),
                        superseded: false,
                    });
                }
                None => count_tokens::Counter::from(runtime),
            };
        if !model.starts_with("anthropic.") {
            return Ok(TokenCountReport {
                counted_blocks: 0,
                estimated_blocks: total,
                unavailable: Some(
                    "CountTokens counts Claude models only; sizes for this model are estimates.".into(),
                ),
                superseded: false,
            });
        }
        // Checked as the send would check it (a tool schema that is not JSON…), before anything is asked.
        sdk_conversation(conversation)?;
        let parts = count_tokens::countable_parts(conversation);
        let keys: Vec<String> = flat.blocks.iter().map(block_key).collect();
        let missing: Vec<usize> = {
            let counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
            (0..flat.blocks.len())
                .filter(|&i| {
                    parts.get(i).is_some_and(Option::is_some)
                        && !counts.contains_key(&(model.clone(), api, keys[i].clone()))
                })
                .collect()
        };
        let overhead_known = self
            .message_overhead
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .contains_key(&(model.clone(), api));
        if !missing.is_empty() || !overhead_known {
            let wanted: Vec<_> = missing.iter().map(|&i| parts[i].clone()).collect();
            match count_tokens::count_parts(client, &model, api, &wanted).await {
                Ok(figures) => {
                    self.message_overhead
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .insert((model.clone(), api), figures.message_overhead);
                    self.probe_message
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .insert((model.clone(), api), figures.probe_message);
                    let mut counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
                    if counts.len() > 50_000 {
                        counts.clear();
                    }
                    for (&i, figure) in missing.iter().zip(figures.blocks) {
                        if let Some(n) = figure {
                            counts.insert((model.clone(), api, keys[i].clone()), n);
                        }
                    }
                }
                Err(error) if error.code == ErrorCode::Validation => {
                    return Ok(TokenCountReport {
                        counted_blocks: 0,
                        estimated_blocks: total,
                        unavailable: Some(format!(
                            "CountTokens is not available for {model} here ({}); sizes are estimates.",
                            error.message
                        )),
                        superseded: false,
                    });
                }
                Err(error) => return Err(error),
            }
        }
        self.count_prefixes(client, conversation, api, &model, &keys)
            .await?;
        let counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
        let counted = keys
            .iter()
            .filter(|k| counts.contains_key(&(model.clone(), api, (*k).clone())))
            .count() as u32;
        Ok(TokenCountReport {
            counted_blocks: counted,
            estimated_blocks: total - counted,
            unavailable: None,
            superseded: false,
        })
    }

    /// Counts whole each prefix up to a cache point whose blocks are all counted, once per prefix content:
    /// what the service adds for the request and its sections is then in the plan's prefix sizes.
    async fn count_prefixes(
        &self,
        client: count_tokens::Counter<'_>,
        conversation: &Conversation,
        api: Api,
        model: &str,
        keys: &[String],
    ) -> Result<(), OutcropError> {
        let flat = conversation.flatten();
        let parts = count_tokens::countable_parts(conversation);
        let Some(probe_message) = self
            .probe_message
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&(model.to_owned(), api))
            .copied()
        else {
            return Ok(());
        };
        for (k, point) in flat.points.iter().enumerate() {
            let after = point.after_blocks as usize;
            let all_counted = {
                let counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
                (0..after.min(keys.len())).all(|i| {
                    parts.get(i).is_some_and(Option::is_some)
                        && counts.contains_key(&(model.to_owned(), api, keys[i].clone()))
                })
            };
            let Some(prefix) = sizes::prefix_to_point(conversation, k).filter(|_| all_counted && after > 0)
            else {
                continue;
            };
            let key = (model.to_owned(), api, prefix_key(&prefix));
            if self
                .prefix_counts
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .contains_key(&key)
            {
                continue;
            }
            // A prefix the service will not count alone (say, one ending in an assistant's tool use) keeps
            // the sum of its blocks.
            let n = match count_tokens::count_prefix(client, model, api, &prefix, probe_message).await {
                Ok(n) => n,
                Err(error) if error.code == ErrorCode::Validation => continue,
                Err(error) => return Err(error),
            };
            let mut prefix_counts = self.prefix_counts.lock().unwrap_or_else(PoisonError::into_inner);
            if prefix_counts.len() > 10_000 {
                prefix_counts.clear();
            }
            prefix_counts.insert(key, n);
        }
        Ok(())
    }
}
