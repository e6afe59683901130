//! The cache-floor probe on the user's account: fresh synthetic prefixes sent through Converse to the ID the
//! person would call, in the connection's Region, bisecting between the documented floors (outcrop-core's
//! [`outcrop_core::floor_probe`] decides what to send and what the answers prove). Sizes come from CountTokens
//! (bare foundation-model ID) where the model serves it, else from Outcrop's estimate corrected by the usage
//! each reply reports. Stop works at any moment; a stopped or failed probe records nothing. A floor it finds
//! is kept in the session database and planning uses it from then on.

use std::sync::{Arc, Mutex, PoisonError};

use aws_sdk_bedrockruntime::Client;
use aws_sdk_bedrockruntime::types as sdk;
use outcrop_core::ErrorCode;
use outcrop_core::cache_plan::estimate_tokens;
use outcrop_core::connection_input::Rule;
use outcrop_core::conversation::{Api, Conversation, SystemItem};
use outcrop_core::floor_probe::{
    self, FloorOutcome, FloorSearch, Observation, ProbePlan, ProbeRequestLog, ProbeUsage, SizeCorrection,
};
use outcrop_core::model_facts::{FloorClaim, MeasuredFloor, ModelApi};
use serde::Serialize;
use tokio_util::sync::CancellationToken;
use ts_rs::TS;

use super::plan::Target;
use super::runner::count_tokens;
use super::runner::sdk_shape::sdk_conversation;
use super::service::{PlaygroundService, validation};
use super::store::StoredFloorProbe;
use crate::OutcropError;

/// What a probe of a model will send and can cost, for the person to confirm.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FloorProbePlan {
    /// The foundation model measured.
    pub model_id: String,
    /// The ID the probe invokes (the profile the playground would call).
    pub invoked_id: String,
    pub region: String,
    /// The model's name in Outcrop's facts, when it has them.
    pub model_name: Option<String>,
    pub plan: ProbePlan,
    /// The published claims the probe tests, with their sources.
    pub floor_claims: Vec<FloorClaim>,
    /// What an earlier probe measured, when one did.
    pub measured: Option<MeasuredFloor>,
    /// The date of the prices the worst case is computed from.
    pub prices_as_of: Option<String>,
}

/// Progress of a probe, one event per request.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "event", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum FloorProbeEvent {
    Started {
        invoked_id: String,
        region: String,
        max_requests: u32,
        candidates: Vec<u32>,
        /// Sizes are counted with CountTokens (else estimated and corrected from usage).
        counted: bool,
    },
    /// Request `number` (from 1) came back.
    Request {
        number: u32,
        log: ProbeRequestLog,
        /// Whether the candidate cached, once this request decided it.
        cached: Option<bool>,
    },
}

/// How a probe ended.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "status", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum FloorProbeReport {
    /// A floor was found and kept; planning uses it from now on.
    Measured {
        outcome: FloorOutcome,
        probe: StoredFloorProbe,
    },
    /// Nothing cached even at the largest candidate: nothing is kept.
    AboveEvery {
        not_at: u32,
        requests: Vec<ProbeRequestLog>,
    },
    /// Stopped before the floor was decided: nothing is kept.
    Stopped { requests: Vec<ProbeRequestLog> },
}

/// The running probe, reserved so Stop works from the first moment; dropping it frees the slot.
#[derive(Debug)]
pub struct FloorProbeReservation {
    slot: Arc<Mutex<Option<CancellationToken>>>,
    token: CancellationToken,
}

impl Drop for FloorProbeReservation {
    fn drop(&mut self) {
        *self.slot.lock().unwrap_or_else(PoisonError::into_inner) = None;
    }
}

fn stopped() -> OutcropError {
    OutcropError {
        code: ErrorCode::Conflict,
        message: "The probe was stopped.".into(),
        detail: "floor probe cancelled".into(),
        fields: Vec::new(),
        aws: None,
    }
}

/// Converse usage as the probe reads it.
fn probe_usage(usage: Option<&sdk::TokenUsage>) -> ProbeUsage {
    let n = |v: i32| u32::try_from(v).unwrap_or(0);
    usage.map_or_else(ProbeUsage::default, |u| ProbeUsage {
        input_tokens: n(u.input_tokens()),
        cache_read_input_tokens: n(u.cache_read_input_tokens().unwrap_or(0)),
        cache_write_input_tokens: n(u.cache_write_input_tokens().unwrap_or(0)),
    })
}

/// How each prefix is sized.
enum Sizer {
    /// CountTokens on the bare model ID; what the one-message question costs alone.
    Counted { model: String, question: u32 },
    /// Outcrop's estimate, corrected by what the replies report.
    Estimated(SizeCorrection),
}

/// The question alone, as CountTokens sees it.
fn question_only() -> Conversation {
    let mut conversation = floor_probe::probe_conversation(String::new());
    conversation.system.clear();
    conversation
}

/// The probe's request without its cache point: counted, less the question alone, it sizes the prefix.
fn prefix_and_question(text: &str) -> Conversation {
    let mut conversation = question_only();
    conversation.system = vec![SystemItem::Text { text: text.into() }];
    conversation
}

impl PlaygroundService {
    fn probe_model(target: &Target) -> Result<String, OutcropError> {
        target.resolution.foundation_model_id.clone().ok_or_else(|| {
            validation(
                "model",
                Rule::ChooseModel,
                "The model behind this ID is not known, so its cache floor cannot be measured.",
            )
        })
    }

    /// What a probe of the target's model sends, how many requests it makes at most, and its worst-case
    /// cost at the current prices.
    pub fn floor_probe_plan(&self, target: &Target) -> Result<FloorProbePlan, OutcropError> {
        let model_id = Self::probe_model(target)?;
        let table = self.facts();
        let facts = table.lookup(&model_id);
        let counted = model_id.starts_with("anthropic.")
            && facts.and_then(|f| f.serves(ModelApi::CountTokens)) != Some(false);
        let quote = self
            .prices
            .table()
            .quote(&model_id, target.geography().as_deref());
        let plan = ProbePlan::new(
            floor_probe::candidates(facts.map(|f| &f.cache)),
            counted,
            quote.as_ref().map(|q| &q.prices),
        );
        Ok(FloorProbePlan {
            invoked_id: target.resolution.invoke_id.clone(),
            region: target.region.clone(),
            model_name: facts.map(|f| f.name.clone()),
            floor_claims: facts.map(|f| f.cache.floor_claims.clone()).unwrap_or_default(),
            measured: facts.and_then(|f| f.cache.measured.clone()),
            prices_as_of: quote.map(|q| q.as_of),
            plan,
            model_id,
        })
    }

    /// Reserves the probe: one runs at a time, and Stop works from here on.
    pub fn reserve_floor_probe(&self) -> Result<FloorProbeReservation, OutcropError> {
        let mut slot = self.floor_probe.lock().unwrap_or_else(PoisonError::into_inner);
        if slot.is_some() {
            return Err(OutcropError {
                code: ErrorCode::Conflict,
                message: "A cache-floor probe is already running; stop it or wait for it to finish.".into(),
                detail: "floor probe running".into(),
                fields: Vec::new(),
                aws: None,
            });
        }
        let token = CancellationToken::new();
        *slot = Some(token.clone());
        Ok(FloorProbeReservation {
            slot: Arc::clone(&self.floor_probe),
            token,
        })
    }

    /// Stops the running probe; nothing it found is kept. False when none was running.
    pub fn stop_floor_probe(&self) -> bool {
        match self
            .floor_probe
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
        {
            Some(token) => {
                token.cancel();
                true
            }
            None => false,
        }
    }

    /// Every floor measured, oldest first.
    pub fn floor_probes(&self) -> Result<Vec<StoredFloorProbe>, OutcropError> {
        self.store.floor_probes()
    }

    /// Forgets a measured floor; planning goes back to the published claims.
    pub fn delete_floor_probe(&self, id: i64) -> Result<(), OutcropError> {
        self.store.delete_floor_probe(id)?;
        self.refresh_facts()
    }

    /// Runs the probe on `target` (reserved with [`PlaygroundService::reserve_floor_probe`]); one event
    /// per request goes to `sink`. A floor found is kept (replacing the one measured before on the same
    /// route) and planning uses it; a stopped probe keeps nothing; a failed one keeps nothing and says why.
    pub async fn run_floor_probe(
        &self,
        client: &Client,
        reservation: &FloorProbeReservation,
        target: &Target,
        sink: &(dyn Fn(FloorProbeEvent) + Send + Sync),
    ) -> Result<FloorProbeReport, OutcropError> {
        let plan = self.floor_probe_plan(target)?;
        let cancel = &reservation.token;
        let mut requests: Vec<ProbeRequestLog> = Vec::new();
        let finished = self
            .probe(client, target, &plan, cancel, sink, &mut requests)
            .await;
        let outcome = match finished {
            Ok(outcome) => outcome,
            Err(_) if cancel.is_cancelled() => return Ok(FloorProbeReport::Stopped { requests }),
            Err(error) => return Err(error),
        };
        if cancel.is_cancelled() {
            return Ok(FloorProbeReport::Stopped { requests });
        }
        let now = self.clock.now_ms();
        let Some(floor) = floor_probe::measured_floor(
            outcome,
            &plan.model_id,
            &plan.invoked_id,
            &plan.region,
            &floor_probe::utc_date(now),
            requests.len() as u32,
        ) else {
            let not_at = match outcome {
                FloorOutcome::AboveEvery { not_at } => not_at,
                _ => 0,
            };
            return Ok(FloorProbeReport::AboveEvery { not_at, requests });
        };
        let probe = self.store.save_floor_probe(&floor, now, &requests)?;
        self.refresh_facts()?;
        tracing::info!(
            model = %floor.model_id, invoked = %floor.invoked_id, region = %floor.region,
            tokens = floor.tokens, requests = floor.requests, "cache floor measured"
        );
        Ok(FloorProbeReport::Measured { outcome, probe })
    }

    async fn probe(
        &self,
        client: &Client,
        target: &Target,
        plan: &FloorProbePlan,
        cancel: &CancellationToken,
        sink: &(dyn Fn(FloorProbeEvent) + Send + Sync),
        requests: &mut Vec<ProbeRequestLog>,
    ) -> Result<FloorOutcome, OutcropError> {
        let mut sizer = self.sizer(client, plan, cancel).await?;
        sink(FloorProbeEvent::Started {
            invoked_id: plan.invoked_id.clone(),
            region: plan.region.clone(),
            max_requests: plan.plan.max_requests,
            candidates: plan.plan.candidates.clone(),
            counted: matches!(sizer, Sizer::Counted { .. }),
        });
        // Unique to this run: a prefix an earlier probe (or anything else) sent cannot be cached.
        let run = self.clock.now_ms() ^ (u64::from(std::process::id()) << 40) ^ probe_counter();
        let mut search = FloorSearch::new(plan.plan.candidates.clone());
        let mut attempt = 0u32;
        let max = plan.plan.max_requests as usize;
        while let Some(test) = search.next() {
            if requests.len() >= max {
                return Err(OutcropError {
                    code: ErrorCode::Internal,
                    message: format!(
                        "The probe could not decide the floor within {max} requests; nothing was recorded."
                    ),
                    detail: format!("floor probe undecided after {:?}", search.observations()),
                    fields: Vec::new(),
                    aws: None,
                });
            }
            attempt += 1;
            let (text, counted_tokens) = self
                .prefix_for(client, &mut sizer, run, attempt, test.tokens, test.below, cancel)
                .await?;
            let conversation = floor_probe::probe_conversation(text.clone());
            let first = self.send_once(client, target, &conversation, cancel).await?;
            let tokens = match &mut sizer {
                Sizer::Counted { .. } => counted_tokens,
                Sizer::Estimated(correction) => correction.learn(estimate_tokens(&text), &first),
            };
            let wrote = first.cache_write_input_tokens > 0;
            requests.push(ProbeRequestLog {
                candidate: test.tokens,
                tokens,
                repeat: false,
                usage: first,
            });
            sink(FloorProbeEvent::Request {
                number: requests.len() as u32,
                log: requests[requests.len() - 1].clone(),
                cached: (!wrote).then_some(false),
            });
            let cached = if wrote {
                if requests.len() >= max {
                    return Err(OutcropError {
                        code: ErrorCode::Internal,
                        message: format!(
                            "The probe could not confirm a read within {max} requests; nothing was recorded."
                        ),
                        detail: "floor probe out of requests before a repeat".into(),
                        fields: Vec::new(),
                        aws: None,
                    });
                }
                let repeat = self.send_once(client, target, &conversation, cancel).await?;
                let read = repeat.cache_read_input_tokens > 0;
                requests.push(ProbeRequestLog {
                    candidate: test.tokens,
                    tokens,
                    repeat: true,
                    usage: repeat,
                });
                sink(FloorProbeEvent::Request {
                    number: requests.len() as u32,
                    log: requests[requests.len() - 1].clone(),
                    cached: Some(read),
                });
                read
            } else {
                false
            };
            search
                .observe(Observation { tokens, cached })
                .map_err(|inconsistent| OutcropError {
                    code: ErrorCode::Internal,
                    message: format!(
                        "The service cached inconsistently ({inconsistent}); nothing was recorded. Try again later."
                    ),
                    detail: format!("floor probe observations {:?}", search.observations()),
                    fields: Vec::new(),
                    aws: None,
                })?;
        }
        search.outcome().ok_or_else(|| OutcropError {
            code: ErrorCode::Internal,
            message: "The probe ended without a floor; nothing was recorded.".into(),
            detail: format!("floor probe observations {:?}", search.observations()),
            fields: Vec::new(),
            aws: None,
        })
    }

    /// CountTokens where the model serves it (the first count tells), else the corrected estimate.
    async fn sizer(
        &self,
        client: &Client,
        plan: &FloorProbePlan,
        cancel: &CancellationToken,
    ) -> Result<Sizer, OutcropError> {
        if !plan.plan.counted {
            return Ok(Sizer::Estimated(SizeCorrection::default()));
        }
        let question = question_only();
        let count = count_tokens::count_prefix(client, &plan.model_id, Api::Converse, &question, 0);
        let counted = tokio::select! {
            counted = count => counted,
            () = cancel.cancelled() => return Err(stopped()),
        };
        match counted {
            Ok(question) => Ok(Sizer::Counted {
                model: plan.model_id.clone(),
                question,
            }),
            // Not countable here (this Region, this model): sizes come from the replies instead.
            Err(error) if error.code == ErrorCode::Validation => {
                tracing::info!(model = %plan.model_id, error = %error, "CountTokens unavailable; the probe estimates sizes");
                Ok(Sizer::Estimated(SizeCorrection::default()))
            }
            Err(error) => Err(error),
        }
    }

    /// A fresh prefix of at least `tokens` (and under `below`, where sizes allow) and its counted size
    /// (0 when estimated: the reply tells).
    #[allow(clippy::too_many_arguments)]
    async fn prefix_for(
        &self,
        client: &Client,
        sizer: &mut Sizer,
        run: u64,
        attempt: u32,
        tokens: u32,
        below: Option<u32>,
        cancel: &CancellationToken,
    ) -> Result<(String, u32), OutcropError> {
        match sizer {
            Sizer::Estimated(correction) => {
                Ok((floor_probe::prefix_text(run, attempt, correction.aim(tokens)), 0))
            }
            Sizer::Counted { model, question } => {
                // CountTokens is free: a few counts bring the prefix onto the candidate.
                let mut aim = tokens;
                let mut best = None;
                for _ in 0..4 {
                    let text = floor_probe::prefix_text(run, attempt, aim);
                    let request = prefix_and_question(&text);
                    let count = count_tokens::count_prefix(client, model, Api::Converse, &request, 0);
                    let n = tokio::select! {
                        n = count => n?.saturating_sub(*question),
                        () = cancel.cancelled() => return Err(stopped()),
                    };
                    let fits = n >= tokens && below.is_none_or(|b| n < b);
                    best = Some((text, n));
                    if fits {
                        break;
                    }
                    aim = if n < tokens {
                        aim + (tokens - n)
                    } else {
                        aim.saturating_sub(n - tokens).max(1)
                    };
                }
                best.ok_or_else(stopped)
            }
        }
    }

    /// One Converse request of the probe; throttling is retried under the engine's backoff, Stop honoured
    /// while sending and waiting.
    async fn send_once(
        &self,
        client: &Client,
        target: &Target,
        conversation: &Conversation,
        cancel: &CancellationToken,
    ) -> Result<ProbeUsage, OutcropError> {
        let parts = sdk_conversation(conversation)?;
        let mut attempt = 1;
        loop {
            if cancel.is_cancelled() {
                return Err(stopped());
            }
            let request = client
                .converse()
                .model_id(&target.resolution.invoke_id)
                .set_system(Some(parts.system.clone()))
                .set_messages(Some(parts.messages.clone()))
                .set_inference_config(parts.inference.clone());
            let sent = tokio::select! {
                sent = request.send() => sent,
                () = cancel.cancelled() => return Err(stopped()),
            };
            match sent {
                Ok(output) => return Ok(probe_usage(output.usage())),
                Err(error) => {
                    let error = OutcropError::from_sdk("Converse", error);
                    if error.code != ErrorCode::Throttled || attempt >= self.backoff.max_attempts {
                        return Err(error);
                    }
                    attempt += 1;
                    tokio::select! {
                        () = tokio::time::sleep(self.backoff.delay(attempt)) => {}
                        () = cancel.cancelled() => return Err(stopped()),
                    }
                }
            }
        }
    }
}

/// Tells apart probes started in the same millisecond.
fn probe_counter() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
        .wrapping_mul(0x2545_F491_4F6C_DD1D)
}
