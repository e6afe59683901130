//! What the person asks the what-if, as typed, and the rules it must keep. Numbers arrive as typed (a blank
//! box is `null`), so a bad one gets its rule rather than a parse error.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Arrivals;
use crate::connection_input::FieldError;
use crate::field_rule::Rule;
use crate::model_facts::{ModelFactsTable, ServiceTier};
use crate::pricing::PriceTable;

/// The most tokens a prefix, question or answer may have: above every model's context window.
pub const MAX_TOKENS: u32 = 10_000_000;
/// The most requests per hour the what-if takes (about 278 a second).
pub const MAX_RATE_PER_HOUR: f64 = 1_000_000.0;
/// The longest burst.
pub const MAX_BURST: u32 = 10_000;

/// How the month's requests arrive.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum Spread {
    /// Evenly, day and night.
    Steady,
    /// `size` requests back to back, then silence.
    Bursts { size: Option<f64> },
    /// Only 9:00–17:00 on weekdays, the same month's total.
    OfficeHours,
}

/// The what-if's inputs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WhatIfInput {
    /// A foundation-model ID (or its family, `anthropic.claude-sonnet-4-6`).
    pub model_id: String,
    /// The route: `global`, a geography's profiles (`us`, `eu`, `jp`, …), or `None` for the in-Region ID.
    pub geography: Option<String>,
    pub tier: ServiceTier,
    /// Tokens behind the cache point, the same in every request.
    pub prefix_tokens: Option<f64>,
    /// Tokens after it (uncached), per request.
    pub question_tokens: Option<f64>,
    /// Output tokens per request.
    pub answer_tokens: Option<f64>,
    /// The month's requests over its hours.
    pub requests_per_hour: Option<f64>,
    pub spread: Spread,
}

impl WhatIfInput {
    /// The what-if before any session fills it in: the playground's long-document example on Sonnet 4.6
    /// through a `us.` profile, a question a minute.
    pub fn example() -> Self {
        Self {
            model_id: "anthropic.claude-sonnet-4-6".into(),
            geography: Some("us".into()),
            tier: ServiceTier::Default,
            prefix_tokens: Some(6_000.0),
            question_tokens: Some(50.0),
            answer_tokens: Some(400.0),
            requests_per_hour: Some(60.0),
            spread: Spread::Steady,
        }
    }
}

/// The input once every rule holds.
#[derive(Debug, Clone)]
pub(crate) struct Valid {
    pub(crate) model_id: String,
    pub(crate) geography: Option<String>,
    pub(crate) tier: ServiceTier,
    pub(crate) prefix: u64,
    pub(crate) question: u64,
    pub(crate) answer: u64,
    pub(crate) rate: f64,
    pub(crate) arrivals: Arrivals,
}

pub(crate) fn unknown_model(model: &str) -> FieldError {
    FieldError::new(
        "model",
        Rule::WhatIfModelUnknown { model: model.into() },
        format!("No price or caching facts are known for {model}: choose a model from the list."),
    )
}

/// A whole number of tokens from `min` to [`MAX_TOKENS`].
fn tokens(field: &str, value: Option<f64>, min: u32, errors: &mut Vec<FieldError>) -> u64 {
    match value {
        Some(v) if v.is_finite() && v.fract() == 0.0 && v >= f64::from(min) && v <= f64::from(MAX_TOKENS) => {
            v as u64
        }
        _ => {
            errors.push(FieldError::new(
                field,
                Rule::WhatIfTokens { min, max: MAX_TOKENS },
                format!("Enter a whole number of tokens from {min} to {MAX_TOKENS}."),
            ));
            0
        }
    }
}

impl WhatIfInput {
    pub(crate) fn validate(
        &self,
        prices: &PriceTable,
        facts: &ModelFactsTable,
    ) -> Result<Valid, Vec<FieldError>> {
        let mut errors = Vec::new();
        let model_id = self.model_id.trim().to_owned();
        let model = facts.lookup(&model_id);
        if model_id.is_empty() {
            errors.push(FieldError::new(
                "model",
                Rule::ChooseModel,
                "Choose a model to price.",
            ));
        } else if model.is_none() || prices.quote(&model_id, self.geography.as_deref()).is_none() {
            errors.push(unknown_model(&model_id));
        } else if let Some(facts) = model
            && facts.offers_tier(self.tier) == Some(false)
        {
            let offered = facts
                .service_tiers
                .as_ref()
                .map(|t| t.tiers.clone())
                .unwrap_or_default();
            errors.push(FieldError::new(
                "tier",
                Rule::TierNotOffered {
                    tier: self.tier,
                    model: facts.name.clone(),
                    offered,
                },
                format!("{} does not offer the {} tier.", facts.name, self.tier.as_str()),
            ));
        }
        let prefix = tokens("prefixTokens", self.prefix_tokens, 1, &mut errors);
        let question = tokens("questionTokens", self.question_tokens, 0, &mut errors);
        let answer = tokens("answerTokens", self.answer_tokens, 1, &mut errors);
        if let Some(context) = model.and_then(|m| m.context_tokens)
            && prefix + question > u64::from(context)
        {
            errors.push(FieldError::new(
                "prefixTokens",
                Rule::WhatIfOverContext {
                    total_tokens: u32::try_from(prefix + question).unwrap_or(u32::MAX),
                    context_tokens: context,
                    model: model.map(|m| m.name.clone()).unwrap_or_default(),
                },
                format!(
                    "The prefix and question together are over the model's {context}-token context window."
                ),
            ));
        }
        let rate = match self.requests_per_hour {
            Some(r) if r.is_finite() && r > 0.0 && r <= MAX_RATE_PER_HOUR => r,
            _ => {
                errors.push(FieldError::new(
                    "requestsPerHour",
                    Rule::WhatIfRate {
                        max: MAX_RATE_PER_HOUR as u32,
                    },
                    format!("Enter requests per hour above 0 and at most {MAX_RATE_PER_HOUR}."),
                ));
                0.0
            }
        };
        let arrivals = match self.spread {
            Spread::Steady => Arrivals::Steady,
            Spread::OfficeHours => Arrivals::OfficeHours,
            Spread::Bursts { size } => match size {
                Some(n) if n.is_finite() && n.fract() == 0.0 && (2.0..=f64::from(MAX_BURST)).contains(&n) => {
                    Arrivals::Bursts(n as u32)
                }
                _ => {
                    errors.push(FieldError::new(
                        "burstSize",
                        Rule::WhatIfBurstSize {
                            min: 2,
                            max: MAX_BURST,
                        },
                        format!("A burst is a whole number of requests from 2 to {MAX_BURST}."),
                    ));
                    Arrivals::Steady
                }
            },
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Valid {
            model_id,
            geography: self.geography.clone(),
            tier: self.tier,
            prefix,
            question,
            answer,
            rate,
            arrivals,
        })
    }
}
