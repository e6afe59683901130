//! The what-if filled in from a session's real turns: the model, route and tier of the last turn, the prefix it
//! cached, the average question and answer, and the pace the turns were sent at.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::input::{MAX_RATE_PER_HOUR, Spread, WhatIfInput};
use crate::model_facts::ServiceTier;
use crate::pricing::Usage;

/// What the what-if needs of one turn that completed.
#[derive(Debug, Clone, PartialEq)]
pub struct TurnSample {
    pub started_at_ms: u64,
    /// The foundation model the turn went to.
    pub model_id: Option<String>,
    /// The profile's geography (`us`, `global`, …); `None` for the in-Region ID.
    pub geography: Option<String>,
    pub tier: Option<ServiceTier>,
    pub usage: Usage,
}

/// Which inputs came from the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum PrefillField {
    Model,
    Route,
    Tier,
    PrefixTokens,
    QuestionTokens,
    AnswerTokens,
    RequestsPerHour,
}

/// The inputs to start from, and which of them the session's turns gave.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WhatIfPrefill {
    pub input: WhatIfInput,
    /// The turns the figures come from (0: none, the example's figures).
    pub turns: u32,
    pub from_session: Vec<PrefillField>,
}

/// The what-if from `turns` (in the order they were sent), the example where they say nothing:
/// - model, route and tier: the last turn's;
/// - prefix: the tokens the last turn that cached anything wrote or read;
/// - question and answer: the average uncached input and output per turn, rounded;
/// - requests per hour: the turns after the first over the hours since it (two turns at least, some time apart).
pub fn prefill(turns: &[TurnSample]) -> WhatIfPrefill {
    let mut input = WhatIfInput::example();
    let mut from = Vec::new();
    let Some(last) = turns.last() else {
        return WhatIfPrefill {
            input,
            turns: 0,
            from_session: from,
        };
    };
    if let Some(model) = &last.model_id {
        input.model_id = model.clone();
        input.geography = last.geography.clone();
        from.extend([PrefillField::Model, PrefillField::Route]);
    }
    if let Some(tier) = last.tier {
        input.tier = tier;
        from.push(PrefillField::Tier);
    }
    let cached = turns.iter().rev().find_map(|t| {
        let tokens = t.usage.cache_read_input_tokens + t.usage.cache_write_tokens();
        (tokens > 0).then_some(tokens)
    });
    if let Some(tokens) = cached {
        input.prefix_tokens = Some(tokens as f64);
        from.push(PrefillField::PrefixTokens);
    }
    let n = turns.len() as f64;
    let mean = |f: fn(&Usage) -> u64| (turns.iter().map(|t| f(&t.usage) as f64).sum::<f64>() / n).round();
    input.question_tokens = Some(mean(|u| u.input_tokens));
    input.answer_tokens = Some(mean(|u| u.output_tokens).max(1.0));
    from.extend([PrefillField::QuestionTokens, PrefillField::AnswerTokens]);
    let first = &turns[0];
    let span_ms = last.started_at_ms.saturating_sub(first.started_at_ms);
    if turns.len() >= 2 && span_ms > 0 {
        let rate = (n - 1.0) * 3_600_000.0 / span_ms as f64;
        // Two significant figures: a pace measured over a few turns is no more precise than that.
        let digits = 1 - rate.log10().floor() as i32;
        let scale = 10f64.powi(digits);
        input.requests_per_hour = Some(((rate * scale).round() / scale).min(MAX_RATE_PER_HOUR));
        input.spread = Spread::Steady;
        from.push(PrefillField::RequestsPerHour);
    }
    WhatIfPrefill {
        input,
        turns: turns.len() as u32,
        from_session: from,
    }
}
