//! The placement bake-off: the draft's conversation and its follow-ups, sent once per placement and transport,
//! each in a session of its own, and the cheapest run recommended.

use std::sync::PoisonError;

use crate::Runtime;
use outcrop_core::ErrorCode;
use outcrop_core::bakeoff::{self, Placement, StrategyResult, StrategyTurn};
use outcrop_core::connection_input::{FieldError, Rule};
use outcrop_core::conversation::{Api, ContentItem, Message, Role};
use tokio_util::sync::CancellationToken;

use super::plan::Target;
use super::service::{PlaygroundService, RunningBakeoff, validation};
use super::store::{self, RunKind, SessionRun};

/// The most runs (placements × transports) one bake-off sends: each is the whole script, one after another,
/// so eight keep a bake-off to a few minutes.
pub const MAX_RUNS: usize = 8;

/// The placements and transports chosen, each once, in the order given; no transport means the draft's own.
fn distinct<T: Copy + PartialEq>(items: &[T]) -> Vec<T> {
    let mut out = Vec::new();
    for item in items {
        if !out.contains(item) {
            out.push(*item);
        }
    }
    out
}

/// Refuses a choice of placements and transports that is not a bake-off: two to four placements through one
/// transport, or one to `MAX_RUNS / transports` placements through several.
fn check_counts(placements: usize, apis: usize) -> Result<(), OutcropError> {
    if apis <= 1 {
        if !(2..=4).contains(&placements) {
            return Err(validation(
                "placements",
                Rule::PlacementCount { min: 2, max: 4 },
                "Choose two to four placements to compare.",
            ));
        }
        return Ok(());
    }
    let max_placements = MAX_RUNS / apis;
    if !(1..=max_placements).contains(&placements) {
        return Err(validation(
            "placements",
            Rule::BakeoffRunCount {
                transports: apis as u32,
                max_placements: max_placements as u32,
                max_runs: MAX_RUNS as u32,
            },
            format!(
                "With {apis} transports, choose 1 to {max_placements} placements: at most {MAX_RUNS} runs (placements × transports) keep a bake-off to a few minutes."
            ),
        ));
    }
    Ok(())
}

use super::types::{BakeoffEvent, BakeoffReport, BakeoffRequest, Draft, TurnStatus};
use crate::OutcropError;

impl PlaygroundService {
    /// Runs the draft's conversation and its follow-ups once per placement and transport, each in a session of
    /// its own, and recommends one. Each run's prefix starts with a marker naming its placement and transport
    /// (in the first tool, else the system prompt), so one run's cache writes cannot turn into another's reads.
    pub async fn bakeoff(
        &self,
        client: &Runtime,
        request: &BakeoffRequest,
        target: &Target,
        sink: &(dyn Fn(BakeoffEvent) + Send + Sync),
    ) -> Result<BakeoffReport, OutcropError> {
        let placements = distinct(&request.placements);
        let apis = if request.apis.is_empty() {
            vec![request.draft.api]
        } else {
            distinct(&request.apis)
        };
        check_counts(placements.len(), apis.len())?;
        if request.follow_ups.len() > 20 {
            return Err(validation(
                "followUps",
                Rule::TooManyFollowUps { max: 20 },
                "At most 20 follow-up questions.",
            ));
        }
        if let Some(i) = request.follow_ups.iter().position(|q| q.trim().is_empty()) {
            return Err(validation(
                &format!("followUps[{i}]"),
                Rule::FollowUpEmpty,
                "This follow-up question is empty.",
            ));
        }
        let problems = request.draft.conversation.problems();
        if !problems.is_empty() {
            return Err(OutcropError::from_field_errors(&problems));
        }
        let problems = self.transport_problems(&request.draft, &apis, target);
        if !problems.is_empty() {
            return Err(OutcropError::from_field_errors(&problems));
        }
        // Placement by placement, each through every transport.
        let runs: Vec<(Placement, Api)> = placements
            .iter()
            .flat_map(|&placement| apis.iter().map(move |&api| (placement, api)))
            .collect();
        let cancel = CancellationToken::new();
        {
            let mut running = self.bakeoff.lock().unwrap_or_else(PoisonError::into_inner);
            if running.is_some() {
                return Err(OutcropError {
                    code: ErrorCode::Conflict,
                    message: "A bake-off is already running; stop it or wait for it to finish.".into(),
                    detail: "bake-off running".into(),
                    fields: Vec::new(),
                    aws: None,
                });
            }
            *running = Some(RunningBakeoff {
                cancel: cancel.clone(),
                session_id: String::new(),
            });
        }
        let report = self
            .run_bakeoff(client, request, &runs, target, sink, &cancel)
            .await;
        *self.bakeoff.lock().unwrap_or_else(PoisonError::into_inner) = None;
        report
    }

    /// What the model's facts say stops each transport (a transport it does not serve, InvokeModel's Anthropic
    /// body for another provider's model), checked before anything is sent. A transport's problem names it in
    /// its rule and points at `apis[i]`; a problem every transport shares (the service tier) is given once.
    fn transport_problems(&self, draft: &Draft, apis: &[Api], target: &Target) -> Vec<FieldError> {
        let mut problems: Vec<FieldError> = Vec::new();
        for (i, &api) in apis.iter().enumerate() {
            for mut problem in self.offer_problems(&draft.conversation, api, target) {
                if problem.field == "api" {
                    problem.field = format!("apis[{i}]");
                }
                if !problems.contains(&problem) {
                    problems.push(problem);
                }
            }
        }
        problems
    }

    async fn run_bakeoff(
        &self,
        client: &Runtime,
        request: &BakeoffRequest,
        runs: &[(Placement, Api)],
        target: &Target,
        sink: &(dyn Fn(BakeoffEvent) + Send + Sync),
        cancel: &CancellationToken,
    ) -> Result<BakeoffReport, OutcropError> {
        let turns = request.follow_ups.len() as u32 + 1;
        let placements: Vec<Placement> = runs.iter().map(|r| r.0).collect();
        let apis: Vec<Api> = runs.iter().map(|r| r.1).collect();
        sink(BakeoffEvent::Started {
            placements: distinct(&placements),
            apis: distinct(&apis),
            turns,
        });
        let run = self.clock.now_ms();
        let mut results = Vec::new();
        for &(placement, api) in runs {
            if cancel.is_cancelled() {
                break;
            }
            let mut history = request.draft.conversation.with_marker(&format!(
                "[Outcrop bake-off {run:x} · {} · {}]",
                placement.label(),
                bakeoff::api_label(api)
            ));
            let draft = Draft {
                conversation: bakeoff::apply(placement, &history, request.ttl),
                model_choice: request.draft.model_choice.clone(),
                api,
            };
            let session = self.create_session(
                "",
                draft.clone(),
                Some(SessionRun {
                    id: format!("b{run:x}"),
                    kind: RunKind::Bakeoff,
                    label: store::bakeoff_label(placement, api),
                }),
            )?;
            if let Some(running) = self
                .bakeoff
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .as_mut()
            {
                running.session_id = session.id.clone();
            }
            let mut result = StrategyResult {
                placement,
                api,
                session_id: session.id.clone(),
                turns: Vec::new(),
                error: None,
            };
            for turn in 1..=turns {
                if cancel.is_cancelled() {
                    result.error = Some("cancelled".into());
                    break;
                }
                sink(BakeoffEvent::Progress {
                    placement,
                    api,
                    turn,
                    of: turns,
                });
                let draft = Draft {
                    conversation: bakeoff::apply(placement, &history, request.ttl),
                    ..draft.clone()
                };
                let record = match self.send(client, &session.id, &draft, target, &|_| {}).await {
                    Ok(record) => record,
                    Err(error) => {
                        result.error = Some(error.message);
                        break;
                    }
                };
                if record.status != TurnStatus::Complete {
                    result.error = Some(record.error.map_or_else(|| "cancelled".to_owned(), |e| e.message));
                    break;
                }
                let usage = record.usage.unwrap_or_default();
                let strategy_turn = StrategyTurn {
                    turn,
                    cost: record.cost.map_or(0.0, |c| c.total),
                    without_cache: record.cost.map_or(0.0, |c| c.without_cache),
                    input_tokens: usage.input_tokens,
                    cache_read_tokens: usage.cache_read_input_tokens,
                    implicit_read_tokens: usage.implicit_read_tokens,
                    cache_write_tokens: usage.cache_write_tokens(),
                    output_tokens: usage.output_tokens,
                    time_to_first_token_ms: record.latency.time_to_first_token_ms,
                    total_ms: record.latency.total_ms,
                };
                sink(BakeoffEvent::TurnDone {
                    placement,
                    api,
                    turn: strategy_turn,
                });
                result.turns.push(strategy_turn);
                history.messages.push(Message {
                    role: Role::Assistant,
                    content: record.reply,
                });
                if let Some(question) = request.follow_ups.get(turn as usize - 1) {
                    history.messages.push(Message {
                        role: Role::User,
                        content: vec![ContentItem::Text {
                            text: question.clone(),
                        }],
                    });
                }
            }
            sink(BakeoffEvent::StrategyDone {
                result: result.clone(),
            });
            results.push(result);
        }
        let cancelled = cancel.is_cancelled();
        Ok(BakeoffReport {
            recommendation: if cancelled {
                None
            } else {
                bakeoff::recommend(&results)
            },
            results,
            cancelled,
        })
    }

    /// Stops the running bake-off after cancelling its turn in flight. False when none is running.
    pub fn cancel_bakeoff(&self) -> bool {
        let running = self
            .bakeoff
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        match running {
            Some(RunningBakeoff { cancel, session_id }) => {
                cancel.cancel();
                self.cancel(&session_id);
                true
            }
            None => false,
        }
    }
}
