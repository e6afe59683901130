//! The cost what-if: what prompt caching would cost and save in a month at a given traffic, for the person who
//! pays.
//!
//! **The month.** 30.44 days (365.25 / 12), so 730.56 hours; `requests_per_hour` is the month's requests over
//! all of its hours, whatever the spread.
//!
//! **The cache.** Each request carries the same prefix (behind one cache point), then a question and an
//! answer of their own. A request either *writes* the prefix to the cache (the first of a run, or after the entry
//! expired: the write price, 1.25× input for a 5-minute TTL and 2× for 1 hour on Anthropic models) or *reads* it
//! (0.1× input). An entry expires when the gap between two requests exceeds the TTL; a read refreshes it. AWS's
//! user guide (<https://docs.aws.amazon.com/bedrock/latest/userguide/prompt-caching.html>): "The cache has a Time
//! To Live (TTL), which resets with each successful cache hit. During this period, the context in the cache is
//! preserved. If no cache hits occur within the TTL window, your cache expires." Below the model's minimum tokens
//! per cache point the request succeeds and nothing is cached: the cost is the cost without caching.
//!
//! **The spread**, deterministic (no randomness, so every figure can be checked by hand):
//! - *steady*: one request every `3600 / rate` seconds. If that gap is within the TTL the entry never expires and
//!   the month has one write (its first request); otherwise every request writes.
//! - *bursts* of `n` back to back, then silence: within a burst the gaps are nil, so a burst writes at most once;
//!   bursts come every `3600 n / rate` seconds, and if that gap is within the TTL the month has one write, else one
//!   per burst.
//! - *office hours*: the same month's requests only from 9:00 to 17:00 on weekdays (40 of the week's 168 hours),
//!   steady within them (`4.2 ×` the rate). The night (16 hours at least) expires every entry, so each of the
//!   month's 21.74 working days writes once when the day's gaps are within the TTL, else every request writes.
//!
//! **Break-even**: the request rate from which caching is cheaper than no cache (see [`BreakEven`]).

mod break_even;
mod input;
mod models;
mod prefill;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use break_even::BreakEven;
pub use input::{MAX_BURST, MAX_RATE_PER_HOUR, MAX_TOKENS, Spread, WhatIfInput};
pub use models::{WhatIfModel, models};
pub use prefill::{PrefillField, TurnSample, WhatIfPrefill, prefill};

use crate::connection_input::FieldError;
use crate::model_facts::{CacheTtl, ModelFactsTable, ServiceTier};
use crate::pricing::{Billing, PriceQuote, PriceTable};

/// Days in the average month (365.25 / 12).
pub const DAYS_PER_MONTH: f64 = 30.44;
/// Hours in the average month.
pub const HOURS_PER_MONTH: f64 = DAYS_PER_MONTH * 24.0;
/// Office hours: 9:00 to 17:00, Monday to Friday.
pub const OFFICE_HOURS_PER_WEEK: f64 = 40.0;
/// Working days in the average month (five of every seven).
pub const WORKING_DAYS_PER_MONTH: f64 = DAYS_PER_MONTH * 5.0 / 7.0;
/// Points in the cost-against-traffic series.
pub const SERIES_POINTS: usize = 30;

const PER_TOKEN: f64 = 1.0 / 1_000_000.0;

/// One month's traffic and what it costs, in USD.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MonthlyCost {
    pub requests: f64,
    /// Requests that write the prefix to the cache.
    pub writes: f64,
    /// Requests that read it.
    pub reads: f64,
    /// Plain input: the question, and the prefix when it is not cached.
    pub input: f64,
    pub cache_write: f64,
    pub cache_read: f64,
    pub output: f64,
    pub total: f64,
}

/// Whether a TTL can be priced for the model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum TtlStatus {
    /// The prefix caches with this TTL.
    Caches,
    /// The prefix is below the model's minimum tokens per cache point: nothing is cached, nothing is saved.
    BelowFloor { floor: u32, prefix_tokens: u32 },
    /// The model facts do not list this TTL for the model.
    NotOffered,
    /// The price entry has no write price for this TTL.
    NoPrice,
}

/// One TTL's month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TtlCost {
    pub ttl: CacheTtl,
    pub status: TtlStatus,
    /// The month with this TTL; `None` when the TTL is not offered or not priced.
    pub monthly: Option<MonthlyCost>,
    /// The month without caching minus the month with it (negative: caching costs more).
    pub saved: Option<f64>,
    pub break_even: Option<BreakEven>,
}

/// One point of the cost-against-traffic chart.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SeriesPoint {
    pub requests_per_hour: f64,
    pub no_cache: f64,
    pub five_minutes: Option<f64>,
    pub one_hour: Option<f64>,
    /// The rate asked about.
    pub today: bool,
}

/// The what-if's answer: every figure priced by `quote` (its entry, row, date and source) at `billing`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WhatIf {
    pub model_id: String,
    pub model_name: Option<String>,
    pub quote: PriceQuote,
    /// The prices applied: the quote's row, the long-context rate when the request is over it, the tier.
    pub billing: Billing,
    /// A tier other than the default was asked for and no multiplier is published for it: priced at the
    /// default tier, never guessed.
    pub tier_price_unknown: bool,
    /// The minimum tokens per cache point planning uses, and whether it was measured here.
    pub floor: u32,
    pub floor_measured: bool,
    pub hours_per_month: f64,
    pub requests_per_month: f64,
    pub no_cache: MonthlyCost,
    pub five_minutes: TtlCost,
    pub one_hour: TtlCost,
    pub series: Vec<SeriesPoint>,
}

/// Per-token prices after billing, and the request's sizes.
#[derive(Debug, Clone, Copy)]
struct Request {
    prefix: f64,
    question: f64,
    answer: f64,
    input: f64,
    output: f64,
    read: f64,
}

impl Request {
    fn no_cache(&self, requests: f64) -> MonthlyCost {
        let input = requests * (self.prefix + self.question) * self.input;
        let output = requests * self.answer * self.output;
        MonthlyCost {
            requests,
            input,
            output,
            total: input + output,
            ..MonthlyCost::default()
        }
    }

    fn cached(&self, requests: f64, writes: f64, write_price: f64) -> MonthlyCost {
        let reads = requests - writes;
        let input = requests * self.question * self.input;
        let cache_write = writes * self.prefix * write_price;
        let cache_read = reads * self.prefix * self.read;
        let output = requests * self.answer * self.output;
        MonthlyCost {
            requests,
            writes,
            reads,
            input,
            cache_write,
            cache_read,
            output,
            total: input + cache_write + cache_read + output,
        }
    }
}

/// How the month's requests arrive, validated.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Arrivals {
    Steady,
    Bursts(u32),
    OfficeHours,
}

impl Arrivals {
    /// The requests that write in a month of `requests` at `rate` per hour, with a TTL of `ttl_seconds`.
    fn writes(self, rate: f64, ttl_seconds: f64) -> f64 {
        let requests = rate * HOURS_PER_MONTH;
        match self {
            Self::Steady if 3600.0 / rate <= ttl_seconds => requests.min(1.0),
            Self::Bursts(n) if 3600.0 * f64::from(n) / rate <= ttl_seconds => requests.min(1.0),
            Self::Bursts(n) => requests / f64::from(n),
            Self::OfficeHours if 3600.0 / (rate * office_factor()) <= ttl_seconds => {
                requests.min(WORKING_DAYS_PER_MONTH)
            }
            Self::Steady | Self::OfficeHours => requests,
        }
    }
}

/// How much faster than the month's average the office hours run: 168 / 40 = 4.2.
fn office_factor() -> f64 {
    168.0 / OFFICE_HOURS_PER_WEEK
}

fn ttl_seconds(ttl: CacheTtl) -> f64 {
    match ttl {
        CacheTtl::FiveMinutes => 300.0,
        CacheTtl::OneHour => 3600.0,
    }
}

/// Works out the what-if, or every rule its input breaks.
pub fn what_if(
    input: &WhatIfInput,
    prices: &PriceTable,
    facts: &ModelFactsTable,
) -> Result<WhatIf, Vec<FieldError>> {
    let valid = input.validate(prices, facts)?;
    let Some(model) = facts.lookup(&valid.model_id) else {
        return Err(vec![input::unknown_model(&valid.model_id)]);
    };
    let Some(quote) = prices.quote(&valid.model_id, valid.geography.as_deref()) else {
        return Err(vec![input::unknown_model(&valid.model_id)]);
    };
    let billing = quote.billing(valid.prefix + valid.question, Some(valid.tier));
    let tier_price_unknown = valid.tier != ServiceTier::Default && billing.tier_multiplier.is_none();
    let p = billing.prices;
    let request = Request {
        prefix: valid.prefix as f64,
        question: valid.question as f64,
        answer: valid.answer as f64,
        input: p.input * PER_TOKEN,
        output: p.output * PER_TOKEN,
        read: p.cache_read * PER_TOKEN,
    };
    let floor = model.cache.min_tokens;
    let below_floor = valid.prefix < u64::from(floor);
    let ttl_cost = |ttl: CacheTtl, write: Option<f64>, rate: f64| -> TtlCost {
        let no_cache = request.no_cache(rate * HOURS_PER_MONTH);
        let status = if !model.cache.ttls.contains(&ttl) {
            TtlStatus::NotOffered
        } else if write.is_none() {
            TtlStatus::NoPrice
        } else if below_floor {
            TtlStatus::BelowFloor {
                floor,
                prefix_tokens: u32::try_from(valid.prefix).unwrap_or(u32::MAX),
            }
        } else {
            TtlStatus::Caches
        };
        let (monthly, break_even) = match (&status, write) {
            (TtlStatus::Caches, Some(w)) => {
                let w = w * PER_TOKEN;
                let writes = valid.arrivals.writes(rate, ttl_seconds(ttl));
                (
                    Some(request.cached(no_cache.requests, writes, w)),
                    Some(BreakEven::of(
                        valid.arrivals,
                        ttl_seconds(ttl),
                        request.input,
                        w,
                        request.read,
                    )),
                )
            }
            (TtlStatus::BelowFloor { .. }, _) => (Some(no_cache), Some(BreakEven::Never)),
            _ => (None, None),
        };
        TtlCost {
            ttl,
            saved: monthly.map(|m| no_cache.total - m.total),
            status,
            monthly,
            break_even,
        }
    };
    let rate = valid.rate;
    let five_minutes = ttl_cost(CacheTtl::FiveMinutes, Some(p.cache_write5m), rate);
    let one_hour = ttl_cost(CacheTtl::OneHour, p.cache_write1h, rate);
    let series = series_rates(rate, [&five_minutes, &one_hour])
        .into_iter()
        .map(|(r, today)| SeriesPoint {
            requests_per_hour: r,
            no_cache: request.no_cache(r * HOURS_PER_MONTH).total,
            five_minutes: ttl_cost(CacheTtl::FiveMinutes, Some(p.cache_write5m), r)
                .monthly
                .map(|m| m.total),
            one_hour: ttl_cost(CacheTtl::OneHour, p.cache_write1h, r)
                .monthly
                .map(|m| m.total),
            today,
        })
        .collect();
    Ok(WhatIf {
        model_id: valid.model_id.clone(),
        model_name: Some(model.name.clone()),
        floor,
        floor_measured: model.cache.measured.is_some(),
        hours_per_month: HOURS_PER_MONTH,
        requests_per_month: rate * HOURS_PER_MONTH,
        no_cache: request.no_cache(rate * HOURS_PER_MONTH),
        five_minutes,
        one_hour,
        series,
        quote,
        billing,
        tier_price_unknown,
    })
}

/// The chart's rates: [`SERIES_POINTS`] on a log scale from a tenth of the lowest of today's rate and the
/// break-evens to ten times the highest, today's among them (marked).
fn series_rates(today: f64, ttls: [&TtlCost; 2]) -> Vec<(f64, bool)> {
    let anchors = std::iter::once(today).chain(ttls.iter().filter_map(|t| match t.break_even {
        Some(BreakEven::Above { requests_per_hour }) if requests_per_hour > 0.0 => Some(requests_per_hour),
        _ => None,
    }));
    let (lo, hi) = anchors.fold((today, today), |(lo, hi), r| (lo.min(r), hi.max(r)));
    let (lo, hi) = (lo / 10.0, (hi * 10.0).min(MAX_RATE_PER_HOUR * 10.0));
    let steps = (SERIES_POINTS - 2) as f64;
    let mut rates: Vec<(f64, bool)> = (0..SERIES_POINTS - 1)
        .map(|i| (lo * (hi / lo).powf(i as f64 / steps), false))
        .collect();
    rates.push((today, true));
    rates.sort_by(|a, b| a.0.total_cmp(&b.0));
    rates
}
