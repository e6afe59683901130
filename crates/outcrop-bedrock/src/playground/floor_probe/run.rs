//! The cache-floor probe as the engine runs it: its plan and cost, one probe at a time (Stop at any
//! moment), the bisection over the answers, and the floors kept (listed, deleted; planning uses them).

use std::sync::{Arc, PoisonError};

use aws_sdk_bedrockruntime::Client;
use outcrop_core::ErrorCode;
use outcrop_core::cache_plan::estimate_tokens;
use outcrop_core::connection_input::Rule;
use outcrop_core::floor_probe::{
    self, FloorOutcome, FloorSearch, Inconsistent, Observation, ProbePlan, ProbeRequestLog,
};
use outcrop_core::model_facts::ModelApi;
use tokio_util::sync::CancellationToken;

use super::requests::Sizer;
use super::types::{FloorProbeEvent, FloorProbePlan, FloorProbeReport, FloorProbeReservation};
use crate::OutcropError;
use crate::playground::plan::Target;
use crate::playground::service::{PlaygroundService, validation};
use crate::playground::store::StoredFloorProbe;

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
            _ if cancel.is_cancelled() => return Ok(FloorProbeReport::Stopped { requests }),
            Ok(ProbeEnd::Decided(outcome)) => outcome,
            Ok(ProbeEnd::Undecided) => return Ok(FloorProbeReport::Undecided { requests }),
            Ok(ProbeEnd::Inconsistent(Inconsistent { cached_at, missed_at })) => {
                return Ok(FloorProbeReport::Inconsistent {
                    cached_at,
                    missed_at,
                    requests,
                });
            }
            Err(error) => return Err(error),
        };
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
    ) -> Result<ProbeEnd, OutcropError> {
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
                tracing::info!(observations = ?search.observations(), "floor probe undecided within its bound");
                return Ok(ProbeEnd::Undecided);
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
                    return Ok(ProbeEnd::Undecided);
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
            if let Err(inconsistent) = search.observe(Observation { tokens, cached }) {
                tracing::info!(observations = ?search.observations(), "floor probe answers contradict each other");
                return Ok(ProbeEnd::Inconsistent(inconsistent));
            }
        }
        Ok(search.outcome().map_or(ProbeEnd::Undecided, ProbeEnd::Decided))
    }
}

/// How the requests of a probe ended, before anything is kept.
enum ProbeEnd {
    Decided(FloorOutcome),
    /// The bound was reached before the floor was decided.
    Undecided,
    Inconsistent(Inconsistent),
}

/// Tells apart probes started in the same millisecond.
fn probe_counter() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
        .wrapping_mul(0x2545_F491_4F6C_DD1D)
}
