//! The cost what-if at the prices and floors in force (the person's price table, measured floors), and its
//! inputs filled in from a session's turns.

use outcrop_core::ModelRef;
use outcrop_core::what_if::{self, TurnSample, WhatIf, WhatIfInput, WhatIfModel, WhatIfPrefill};

use super::service::PlaygroundService;
use super::types::{TurnRecord, TurnStatus};
use crate::OutcropError;

/// What the what-if needs of a turn: only completed turns with usage count.
fn sample(turn: &TurnRecord) -> Option<TurnSample> {
    if turn.status != TurnStatus::Complete {
        return None;
    }
    let geography = ModelRef::parse(&turn.invoke_id)
        .ok()
        .and_then(|r| r.geography().map(str::to_owned));
    Some(TurnSample {
        started_at_ms: turn.started_at_ms,
        model_id: turn.foundation_model_id.clone(),
        geography,
        tier: turn.service_tier,
        usage: turn.usage?,
    })
}

impl PlaygroundService {
    /// The what-if for `input`; a rule it breaks comes back as a validation error on its field.
    pub fn what_if(&self, input: &WhatIfInput) -> Result<WhatIf, OutcropError> {
        what_if::what_if(input, &self.prices.table(), &self.facts())
            .map_err(|errors| OutcropError::from_field_errors(&errors))
    }

    /// The models the what-if can price.
    pub fn what_if_models(&self) -> Vec<WhatIfModel> {
        what_if::models(&self.prices.table(), &self.facts())
    }

    /// The what-if filled in from session `id`'s latest turns, or from the latest session when none is named
    /// (the one the playground opens with); the example when there is no session.
    pub fn what_if_prefill(&self, id: Option<&str>) -> Result<WhatIfPrefill, OutcropError> {
        let id = match id {
            Some(id) => Some(id.to_owned()),
            None => self.list_sessions("")?.into_iter().next().map(|s| s.id),
        };
        let turns: Vec<TurnSample> = match id {
            Some(id) => self.session(&id)?.turns.iter().filter_map(sample).collect(),
            None => Vec::new(),
        };
        Ok(what_if::prefill(&turns))
    }
}
