//! Sending a turn: reserve it (so Stop works from the first moment), refuse what Bedrock would refuse, run it
//! through its transport, account for it (cost, reconciliation, the cache tracker) and save it however it
//! ends.

use std::sync::{Arc, PoisonError};

use crate::Runtime;
use outcrop_core::ErrorCode;
use outcrop_core::cache_plan::CachePlan;
use outcrop_core::cache_tracker::{self, CacheTracker, Prediction};
use outcrop_core::conversation::{Api, Flattened, Message, Role};
use outcrop_core::pricing;
use outcrop_core::resolver::Route;
use tokio_util::sync::CancellationToken;

use super::plan::Target;
use super::runner::{self, RunContext};
use super::service::{PlaygroundService, RunningTurns};
use super::types::{Draft, Latency, TurnError, TurnEvent, TurnRecord, TurnStatus};
use crate::OutcropError;

/// A session's next turn, reserved so it can be stopped from the start; dropping it frees the session.
#[derive(Debug)]
pub struct TurnReservation {
    running: RunningTurns,
    session_id: String,
    token: CancellationToken,
}

impl Drop for TurnReservation {
    fn drop(&mut self) {
        self.running
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&self.session_id);
    }
}

impl TurnReservation {
    /// `work` — resolving the connection's credentials, loading the catalogue — unless Stop comes first: then
    /// the turn ends there, stopped before anything was sent, without waiting for `work`.
    pub async fn unless_stopped<T>(&self, work: impl Future<Output = T>) -> Result<T, OutcropError> {
        tokio::select! {
            biased;
            () = self.token.cancelled() => Err(OutcropError {
                code: ErrorCode::Conflict,
                message: "Stopped before the turn was sent; nothing was sent or saved.".into(),
                detail: format!("session {}: stopped while credentials and the catalogue loaded", self.session_id),
                fields: Vec::new(),
                aws: None,
            }),
            done = work => Ok(done),
        }
    }
}

/// A turn that passed every check before sending, with what its plan found: all a send needs.
struct CheckedTurn<'a> {
    client: &'a Runtime,
    session_id: &'a str,
    draft: &'a Draft,
    target: &'a Target,
    sink: &'a (dyn Fn(TurnEvent) + Send + Sync),
    cancel: &'a CancellationToken,
    started_at: u64,
    /// The session's cache tracker before this turn; the turn's usage is recorded in it.
    tracker: CacheTracker,
    flat: Flattened,
    plan: CachePlan,
    prediction: Prediction,
}

impl PlaygroundService {
    /// Reserves the next turn of a session: from here on Stop cancels it, even before anything is sent
    /// (while credentials are refreshed or the catalogue loads). A session runs one turn at a time.
    pub fn reserve_turn(&self, session_id: &str) -> Result<TurnReservation, OutcropError> {
        let mut running = self.running.lock().unwrap_or_else(PoisonError::into_inner);
        if running.contains_key(session_id) {
            return Err(OutcropError {
                code: ErrorCode::Conflict,
                message: "A turn of this session is still running; stop it or wait for it to finish.".into(),
                detail: format!("session {session_id} is sending"),
                fields: Vec::new(),
                aws: None,
            });
        }
        let token = CancellationToken::new();
        running.insert(session_id.to_owned(), token.clone());
        Ok(TurnReservation {
            running: Arc::clone(&self.running),
            session_id: session_id.to_owned(),
            token,
        })
    }

    /// Sends the draft's conversation as the next turn of session `session_id`, streaming to `sink`.
    /// Refuses before sending anything Bedrock would refuse. The turn is saved however it ends.
    pub async fn send(
        &self,
        client: &Runtime,
        session_id: &str,
        draft: &Draft,
        target: &Target,
        sink: &(dyn Fn(TurnEvent) + Send + Sync),
    ) -> Result<TurnRecord, OutcropError> {
        let reservation = self.reserve_turn(session_id)?;
        self.send_reserved(client, &reservation, draft, target, sink)
            .await
    }

    /// [`PlaygroundService::send`] for a turn reserved earlier.
    pub async fn send_reserved(
        &self,
        client: &Runtime,
        reservation: &TurnReservation,
        draft: &Draft,
        target: &Target,
        sink: &(dyn Fn(TurnEvent) + Send + Sync),
    ) -> Result<TurnRecord, OutcropError> {
        let session_id = reservation.session_id.as_str();
        let started_at = self.clock.now_ms();
        let tracker = self.tracker(session_id)?;
        let (flat, plan, prediction) = self.checked(draft, target, &tracker, started_at)?;
        self.send_registered(CheckedTurn {
            client,
            session_id,
            draft,
            target,
            sink,
            cancel: &reservation.token,
            started_at,
            tracker,
            flat,
            plan,
            prediction,
        })
        .await
    }

    async fn send_registered(&self, turn: CheckedTurn<'_>) -> Result<TurnRecord, OutcropError> {
        let CheckedTurn {
            client,
            session_id,
            draft,
            target,
            sink,
            cancel,
            started_at,
            mut tracker,
            flat,
            plan,
            prediction,
        } = turn;
        let mut record = TurnRecord {
            id: 0,
            session_id: session_id.to_owned(),
            seq: 0,
            status: TurnStatus::Running,
            started_at_ms: started_at,
            model_choice: draft.model_choice.clone(),
            invoke_id: target.sent_id(draft.api).to_owned(),
            foundation_model_id: target.resolution.foundation_model_id.clone(),
            region: target.region.clone(),
            api: draft.api,
            messages_endpoint: (draft.api == Api::Messages).then_some(target.messages_endpoint),
            request: draft.conversation.clone(),
            reply: Vec::new(),
            stop_reason: None,
            error: None,
            usage: None,
            prices: None,
            billing: None,
            service_tier: None,
            cost: None,
            prediction,
            reconciliation: None,
            latency: Latency::default(),
            attempts: 0,
        };
        (record.id, record.seq) = self.store.begin_turn(&record)?;
        sink(TurnEvent::Started {
            turn_id: record.id,
            invoke_id: record.invoke_id.clone(),
        });
        let outcome = runner::run_turn(
            &RunContext {
                client,
                messages: &client.messages,
                invoke_id: target.sent_id(draft.api),
                model_id: target
                    .resolution
                    .foundation_model_id
                    .as_deref()
                    .unwrap_or(&target.resolution.invoke_id),
                api: draft.api,
                backoff: self.backoff,
                cancel,
            },
            &draft.conversation,
            sink,
        )
        .await;
        record.status = outcome.status;
        record.reply = outcome.reply;
        record.stop_reason = outcome.stop_reason;
        record.error = outcome.error.as_ref().map(TurnError::from);
        record.latency = outcome.latency;
        record.attempts = outcome.attempts;
        record.usage = outcome.usage;
        record.service_tier = outcome.service_tier.or(draft.conversation.service_tier);
        if let Some(mut usage) = outcome.usage {
            let cross_region = target.resolution.route == Route::SystemProfile;
            let implicit = self
                .facts()
                .lookup(target.model_id())
                .is_some_and(|f| f.cache.implicit);
            let reconciliation = cache_tracker::reconcile(&record.prediction, &usage, cross_region, implicit);
            usage.implicit_read_tokens = reconciliation.implicit_read;
            record.usage = Some(usage);
            record.reconciliation = Some(reconciliation);
            let billing = self
                .quote_for(target)
                .map(|quote| quote.billing(usage.total_input_tokens(), record.service_tier));
            record.prices = billing.as_ref().map(|b| b.prices);
            record.cost = billing.as_ref().map(|b| pricing::turn_cost(&usage, &b.prices));
            record.billing = billing;
            let usage = &usage;
            tracker.record(
                &flat.blocks,
                &plan,
                &record.prediction,
                usage,
                &target.scope(draft.api),
                started_at,
            );
        }
        let mut next = draft.clone();
        if record.status == TurnStatus::Complete && !record.reply.is_empty() {
            next.conversation.messages.push(Message {
                role: Role::Assistant,
                content: record.reply.clone(),
            });
        }
        self.store
            .finish_turn(&record, &next, &tracker, self.clock.now_ms())?;
        self.trackers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(session_id.to_owned(), tracker);
        sink(TurnEvent::Finished {
            turn: Box::new(record.clone()),
        });
        Ok(record)
    }

    /// Stops the running turn of a session; the partial answer is kept. False when nothing was running.
    pub fn cancel(&self, session_id: &str) -> bool {
        match self
            .running
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(session_id)
        {
            Some(token) => {
                token.cancel();
                true
            }
            None => false,
        }
    }
}
