//! What a turn cost, what it would have cost without prompt caching, and when a cache write pays for itself.
//!
//! Prices are data (`data/prices.json`, dated, with sources, per model and optionally per geography) so a
//! user can correct them. Total input is `inputTokens + cacheReadInputTokens + cacheWriteInputTokens`:
//! Bedrock's `inputTokens` counts only the uncached part, and nothing here subtracts it twice.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model_facts::{ServiceTier, matches_family};

/// The bundled price table.
pub const BUNDLED_PRICES: &str = include_str!("../data/prices.json");

/// Prices in USD per million tokens.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Prices {
    pub input: f64,
    pub output: f64,
    pub cache_write5m: f64,
    /// `None` where the model has no one-hour cache.
    pub cache_write1h: Option<f64>,
    pub cache_read: f64,
}

/// How a request reaches the model, which decides its price row: a global profile, a geographic profile
/// (`us.`, `eu.`, …) or the in-Region model ID. Claude 4.5 and later cost about 10% more off the global route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum PriceRoute {
    Global,
    Geographic,
    InRegion,
}

impl PriceRoute {
    /// The route of a request invoked through a profile of `geography`, or in-Region when there is none.
    pub fn of(geography: Option<&str>) -> Self {
        match geography {
            None => Self::InRegion,
            Some("global") => Self::Global,
            Some(_) => Self::Geographic,
        }
    }
}

/// Which row of an entry priced a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum PriceRow {
    /// The entry's own prices, which hold for every route without a row of its own.
    Base,
    /// The row for the route (`routes.geographic`, …).
    Route { route: PriceRoute },
    /// The row for one geography (`geographies.jp`).
    Geography { geography: String },
}

/// A higher rate for requests above a number of input tokens (some models bill the whole request at it).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LongContextRate {
    /// Requests whose total input exceeds this many tokens are billed at the long-context rate.
    #[ts(type = "number")]
    pub above_input_tokens: u64,
    /// Multiplies input and every cache price.
    pub input_multiplier: f64,
    pub output_multiplier: f64,
}

/// What a service tier costs relative to the default tier, where someone published it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TierPrice {
    /// Multiplies every price; `None` when no source gives it (shown as unknown, never guessed).
    pub multiplier: Option<f64>,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PriceEntry {
    pub model_id_prefix: String,
    #[serde(flatten)]
    pub prices: Prices,
    /// Prices for a route (`global`, `geographic`, `inRegion`) where they differ from the base prices.
    #[serde(default)]
    pub routes: std::collections::BTreeMap<PriceRoute, Prices>,
    /// Prices that differ for one geography's profiles (`global`, `us`, `jp`, …); they win over a route row.
    #[serde(default)]
    pub geographies: std::collections::BTreeMap<String, Prices>,
    /// The rate above a number of input tokens, where the model has one.
    #[serde(default)]
    pub long_context: Option<LongContextRate>,
    /// Service-tier multipliers (`priority`, `flex`, `reserved`); a tier absent here is unknown.
    #[serde(default)]
    pub tiers: std::collections::BTreeMap<ServiceTier, TierPrice>,
    #[serde(default)]
    pub note: Option<String>,
    /// When this entry's figures were checked, where it differs from the table's date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    /// Where this entry's figures come from, where it differs from the table's source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// The prices for one model and route, with the row that priced it and the date and source of the figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PriceQuote {
    pub prices: Prices,
    /// The table entry that matched (`anthropic.claude-sonnet-4-5`).
    pub model_id_prefix: String,
    /// The geography whose row applies, when the entry has one for it.
    pub geography: Option<String>,
    /// How the request reaches the model.
    pub route: PriceRoute,
    /// Which row of the entry priced it.
    pub row: PriceRow,
    pub long_context: Option<LongContextRate>,
    /// Known and unknown tier multipliers of the entry.
    pub tiers: std::collections::BTreeMap<ServiceTier, TierPrice>,
    pub as_of: String,
    pub source: String,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PriceTable {
    pub as_of: String,
    pub currency: String,
    pub unit: String,
    pub source: String,
    pub models: Vec<PriceEntry>,
}

/// A table that cannot be used, with the rule it breaks.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PriceTableError {
    #[error("the price table is not valid JSON of the expected shape")]
    Parse(#[from] serde_json::Error),
    #[error("price entry {prefix:?}: {rule}")]
    Invalid { prefix: String, rule: &'static str },
}

/// The highest price a table may hold, per million tokens: a hundred times the dearest model's output, and far
/// below where a turn's cost would stop being a number (an infinite cost saves as `null`).
pub const MAX_PRICE_PER_MILLION: f64 = 10_000.0;
/// The highest long-context or tier multiplier a table may hold.
const MAX_MULTIPLIER: f64 = 100.0;

impl PriceTable {
    pub fn bundled() -> Self {
        #[allow(clippy::expect_used)] // the bundled file is checked by a unit test
        Self::from_json(BUNDLED_PRICES).expect("bundled prices are valid")
    }

    /// Parses and checks a table (the bundled one, or one the user edited).
    pub fn from_json(json: &str) -> Result<Self, PriceTableError> {
        let table: Self = serde_json::from_str(json)?;
        for entry in &table.models {
            let all = std::iter::once(&entry.prices)
                .chain(entry.geographies.values())
                .chain(entry.routes.values());
            for prices in all {
                let values = [
                    prices.input,
                    prices.output,
                    prices.cache_write5m,
                    prices.cache_read,
                ]
                .into_iter()
                .chain(prices.cache_write1h);
                if values.clone().any(|v| !v.is_finite() || v < 0.0) {
                    return Err(PriceTableError::Invalid {
                        prefix: entry.model_id_prefix.clone(),
                        rule: "prices are non-negative numbers",
                    });
                }
                if values.clone().any(|v| v > MAX_PRICE_PER_MILLION) {
                    return Err(PriceTableError::Invalid {
                        prefix: entry.model_id_prefix.clone(),
                        rule: "a price is at most $10,000 per million tokens",
                    });
                }
                if prices.cache_read > prices.input {
                    return Err(PriceTableError::Invalid {
                        prefix: entry.model_id_prefix.clone(),
                        rule: "a cache read cannot cost more than plain input",
                    });
                }
            }
            let multipliers = entry
                .long_context
                .iter()
                .flat_map(|l| [l.input_multiplier, l.output_multiplier])
                .chain(entry.tiers.values().filter_map(|t| t.multiplier));
            if multipliers
                .clone()
                .any(|m| !m.is_finite() || m <= 0.0 || m > MAX_MULTIPLIER)
            {
                return Err(PriceTableError::Invalid {
                    prefix: entry.model_id_prefix.clone(),
                    rule: "long-context and tier multipliers are positive numbers of at most 100",
                });
            }
        }
        Ok(table)
    }

    fn entry(&self, model_id: &str) -> Option<&PriceEntry> {
        self.models
            .iter()
            .filter(|e| matches_family(model_id, &e.model_id_prefix))
            .max_by_key(|e| e.model_id_prefix.len())
    }

    /// The prices for a foundation model invoked through a profile of `geography` (in-Region when `None`),
    /// with the row that priced it and the figures' date and source.
    pub fn quote(&self, model_id: &str, geography: Option<&str>) -> Option<PriceQuote> {
        let entry = self.entry(model_id)?;
        let route = PriceRoute::of(geography);
        let (prices, row) = if let Some((g, p)) = geography.and_then(|g| entry.geographies.get_key_value(g)) {
            (*p, PriceRow::Geography { geography: g.clone() })
        } else if let Some(p) = entry.routes.get(&route) {
            (*p, PriceRow::Route { route })
        } else {
            (entry.prices, PriceRow::Base)
        };
        Some(PriceQuote {
            prices,
            model_id_prefix: entry.model_id_prefix.clone(),
            geography: match &row {
                PriceRow::Geography { geography } => Some(geography.clone()),
                _ => None,
            },
            route,
            row,
            long_context: entry.long_context,
            tiers: entry.tiers.clone(),
            as_of: entry.as_of.clone().unwrap_or_else(|| self.as_of.clone()),
            source: entry.source.clone().unwrap_or_else(|| self.source.clone()),
            note: entry.note.clone(),
        })
    }

    /// The prices for a foundation model, called through a profile of `geography` when given.
    pub fn prices(&self, model_id: &str, geography: Option<&str>) -> Option<Prices> {
        self.quote(model_id, geography).map(|q| q.prices)
    }
}

/// The prices a request was billed at, and what decided them beyond the quote's row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Billing {
    pub prices: Prices,
    pub route: PriceRoute,
    pub row: PriceRow,
    /// The total input passed the model's long-context threshold: the long-context rate applied.
    pub long_context: bool,
    /// The tier the service served (or was asked for, when it reported none).
    pub tier: Option<ServiceTier>,
    /// The tier's multiplier, when known; `None` with a non-default tier means the tier's price is unknown
    /// and the prices are the default tier's.
    pub tier_multiplier: Option<f64>,
}

impl Prices {
    fn scaled(self, input: f64, output: f64) -> Self {
        Self {
            input: self.input * input,
            output: self.output * output,
            cache_write5m: self.cache_write5m * input,
            cache_write1h: self.cache_write1h.map(|p| p * input),
            cache_read: self.cache_read * input,
        }
    }
}

impl PriceQuote {
    /// The prices for a request of `total_input_tokens` served on `tier`: the long-context rate above its
    /// threshold, times the tier's multiplier where one is known.
    pub fn billing(&self, total_input_tokens: u64, tier: Option<ServiceTier>) -> Billing {
        let mut prices = self.prices;
        let long = self
            .long_context
            .filter(|l| total_input_tokens > l.above_input_tokens);
        if let Some(rate) = long {
            prices = prices.scaled(rate.input_multiplier, rate.output_multiplier);
        }
        let tier_multiplier = match tier {
            None | Some(ServiceTier::Default) => None,
            Some(t) => self.tiers.get(&t).and_then(|p| p.multiplier),
        };
        if let Some(m) = tier_multiplier {
            prices = prices.scaled(m, m);
        }
        Billing {
            prices,
            route: self.route,
            row: self.row.clone(),
            long_context: long.is_some(),
            tier,
            tier_multiplier,
        }
    }
}

/// Token usage of one turn, as Bedrock reports it (Converse `usage` / ConverseStream `metadata.usage`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Usage {
    /// Uncached input only.
    #[ts(type = "number")]
    pub input_tokens: u64,
    #[ts(type = "number")]
    pub output_tokens: u64,
    #[ts(type = "number")]
    pub cache_read_input_tokens: u64,
    /// Cache writes with a 5-minute TTL (`cacheDetails`, or all writes when the service gives no split).
    #[ts(type = "number")]
    pub cache_write5m_tokens: u64,
    #[ts(type = "number")]
    pub cache_write1h_tokens: u64,
    /// Of `cache_read_input_tokens`, the reads no cache point asked for (implicit caching). The service
    /// reports one figure; Outcrop splits it by what the cache points predicted.
    #[serde(default)]
    #[ts(type = "number")]
    pub implicit_read_tokens: u64,
}

impl Usage {
    pub fn cache_write_tokens(&self) -> u64 {
        self.cache_write5m_tokens + self.cache_write1h_tokens
    }

    /// Everything the model read: uncached input, cache reads and cache writes.
    pub fn total_input_tokens(&self) -> u64 {
        self.input_tokens + self.cache_read_input_tokens + self.cache_write_tokens()
    }
}

/// A turn's cost, and the same turn without prompt caching.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TurnCost {
    pub input: f64,
    pub cache_write: f64,
    pub cache_read: f64,
    /// Of `cache_read`, what implicit reads cost.
    #[serde(default)]
    pub implicit_read: f64,
    pub output: f64,
    pub total: f64,
    /// The same tokens, all billed as plain input.
    pub without_cache: f64,
    /// `without_cache - total`: negative when the writes have not paid back yet.
    pub saved: f64,
    /// Of `saved`, what implicit reads saved (no cache point asked for them).
    #[serde(default)]
    pub implicit_saved: f64,
}

const PER_TOKEN: f64 = 1.0 / 1_000_000.0;

pub fn turn_cost(usage: &Usage, prices: &Prices) -> TurnCost {
    let tokens = |n: u64| n as f64 * PER_TOKEN;
    let input = tokens(usage.input_tokens) * prices.input;
    // A 1-hour write on a model without the option is priced as the 5-minute one rather than dropped.
    let write_1h_price = prices.cache_write1h.unwrap_or(prices.cache_write5m);
    let cache_write = tokens(usage.cache_write5m_tokens) * prices.cache_write5m
        + tokens(usage.cache_write1h_tokens) * write_1h_price;
    let cache_read = tokens(usage.cache_read_input_tokens) * prices.cache_read;
    let implicit_read = tokens(usage.implicit_read_tokens) * prices.cache_read;
    let output = tokens(usage.output_tokens) * prices.output;
    let total = input + cache_write + cache_read + output;
    let without_cache = tokens(usage.total_input_tokens()) * prices.input + output;
    TurnCost {
        input,
        cache_write,
        cache_read,
        implicit_read,
        output,
        total,
        without_cache,
        saved: without_cache - total,
        implicit_saved: tokens(usage.implicit_read_tokens) * prices.input - implicit_read,
    }
}

/// How many reads of a cached prefix repay writing it: the write's premium over plain input, divided by what
/// each read saves. `None` when reads save nothing. Nova's writes carry no premium, so zero reads repay them.
pub fn break_even_reads(prices: &Prices, one_hour: bool) -> Option<u32> {
    let write = if one_hour {
        prices.cache_write1h.unwrap_or(prices.cache_write5m)
    } else {
        prices.cache_write5m
    };
    let premium = write - prices.input;
    let saving_per_read = prices.input - prices.cache_read;
    if saving_per_read <= 0.0 {
        return None;
    }
    Some((premium.max(0.0) / saving_per_read).ceil() as u32)
}

/// A session's running totals: every turn's usage and cost added up.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SessionTotals {
    pub turns: u32,
    pub usage: Usage,
    pub cost: f64,
    pub without_cache: f64,
    pub saved: f64,
    /// Of `saved`, what implicit reads saved.
    #[serde(default)]
    pub implicit_saved: f64,
}

impl SessionTotals {
    pub fn add(&mut self, usage: &Usage, cost: &TurnCost) {
        self.turns += 1;
        self.usage.input_tokens += usage.input_tokens;
        self.usage.output_tokens += usage.output_tokens;
        self.usage.cache_read_input_tokens += usage.cache_read_input_tokens;
        self.usage.cache_write5m_tokens += usage.cache_write5m_tokens;
        self.usage.cache_write1h_tokens += usage.cache_write1h_tokens;
        self.usage.implicit_read_tokens += usage.implicit_read_tokens;
        self.implicit_saved += cost.implicit_saved;
        self.cost += cost.total;
        self.without_cache += cost.without_cache;
        self.saved += cost.saved;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quote_carries_the_date_and_source_of_its_figures() {
        let mut table = PriceTable::bundled();
        let quote = table
            .quote("anthropic.claude-sonnet-4-5-20250929-v1:0", Some("global"))
            .unwrap();
        assert_eq!(quote.route, PriceRoute::Global);
        assert_eq!(quote.prices.input, 3.0);
        assert_eq!(quote.as_of, table.as_of);
        let us = table
            .quote("anthropic.claude-sonnet-4-5-20250929-v1:0", Some("us"))
            .unwrap();
        assert_eq!(
            (us.route, us.row, us.prices.input),
            (
                PriceRoute::Geographic,
                PriceRow::Route {
                    route: PriceRoute::Geographic
                },
                3.3
            )
        );
        let opus = table
            .models
            .iter_mut()
            .find(|e| e.model_id_prefix == "anthropic.claude-opus-4-5")
            .unwrap();
        opus.as_of = Some("2026-12-01".into());
        opus.source = Some("AWS price list API".into());
        let own = table
            .quote("anthropic.claude-opus-4-5-20251101-v1:0", None)
            .unwrap();
        assert_eq!(
            (own.as_of.as_str(), own.source.as_str()),
            ("2026-12-01", "AWS price list API")
        );
    }

    fn sonnet_37() -> Prices {
        PriceTable::bundled()
            .prices("anthropic.claude-3-7-sonnet-20250219-v1:0", Some("us"))
            .unwrap()
    }

    #[test]
    fn bundled_table_is_dated_sourced_and_complete() {
        let table = PriceTable::bundled();
        assert_eq!(table.as_of.len(), 10);
        assert!(table.source.contains("aws.amazon.com/bedrock/pricing"));
        for model in [
            "anthropic.claude-3-5-sonnet-20241022-v2:0",
            "anthropic.claude-3-5-haiku-20241022-v1:0",
            "anthropic.claude-sonnet-4-20250514-v1:0",
            "anthropic.claude-opus-4-20250514-v1:0",
            "anthropic.claude-opus-4-1-20250805-v1:0",
            "anthropic.claude-sonnet-4-5-20250929-v1:0",
            "anthropic.claude-haiku-4-5-20251001-v1:0",
            "anthropic.claude-opus-4-5-20251101-v1:0",
            "amazon.nova-micro-v1:0",
            "amazon.nova-pro-v1:0",
        ] {
            assert!(table.prices(model, None).is_some(), "{model}");
        }
        let opus4 = table
            .prices("anthropic.claude-opus-4-20250514-v1:0", None)
            .unwrap();
        let opus45 = table
            .prices("anthropic.claude-opus-4-5-20251101-v1:0", None)
            .unwrap();
        assert_ne!(opus4.input, opus45.input, "Opus 4 and Opus 4.5 are told apart");
    }

    #[test]
    fn anthropic_multipliers_hold() {
        for prices in [
            sonnet_37(),
            PriceTable::bundled()
                .prices("anthropic.claude-opus-4-5-20251101-v1:0", None)
                .unwrap(),
        ] {
            assert!((prices.cache_write5m - prices.input * 1.25).abs() < 1e-9);
            assert!((prices.cache_read - prices.input * 0.1).abs() < 1e-9);
        }
        let opus45 = PriceTable::bundled()
            .prices("anthropic.claude-opus-4-5-20251101-v1:0", None)
            .unwrap();
        assert_eq!(opus45.cache_write1h, Some(opus45.input * 2.0));
    }

    #[test]
    fn geography_prices_apply_where_they_differ() {
        let table = PriceTable::bundled();
        let sonnet_45 = "anthropic.claude-sonnet-4-5-20250929-v1:0";
        let global = table.prices(sonnet_45, Some("global")).unwrap();
        for geography in ["us", "eu", "jp"] {
            let regional = table.prices(sonnet_45, Some(geography)).unwrap();
            assert!(
                (regional.input - global.input * 1.1).abs() < 1e-9,
                "{geography}: about 10% over global"
            );
        }
    }

    #[test]
    fn every_route_says_which_row_priced_it() {
        let table = PriceTable::bundled();
        let sonnet_46 = "anthropic.claude-sonnet-4-6";
        let global = table.quote(sonnet_46, Some("global")).unwrap();
        let us = table.quote(sonnet_46, Some("us")).unwrap();
        let in_region = table.quote(sonnet_46, None).unwrap();
        assert_eq!(
            (global.route, global.row.clone(), global.prices.input),
            (PriceRoute::Global, PriceRow::Base, 3.0)
        );
        assert_eq!((us.route, us.prices.input), (PriceRoute::Geographic, 3.3));
        assert_eq!(
            (in_region.route, in_region.prices.input),
            (PriceRoute::InRegion, 3.3)
        );
        assert!(
            (us.prices.cache_write1h.unwrap() - 6.6).abs() < 1e-9,
            "1-hour writes at 2x input"
        );
        // Before Claude 4.5, one row holds for every route.
        let sonnet_37 = "anthropic.claude-3-7-sonnet-20250219-v1:0";
        assert_eq!(table.quote(sonnet_37, Some("us")).unwrap().row, PriceRow::Base);
        // A geography row wins over the route row, for a table a user corrected.
        let mut edited = table.clone();
        let entry = edited
            .models
            .iter_mut()
            .find(|e| e.model_id_prefix == "anthropic.claude-sonnet-4-6")
            .unwrap();
        entry.geographies.insert(
            "jp".into(),
            Prices {
                input: 3.5,
                ..entry.prices
            },
        );
        let jp = edited.quote(sonnet_46, Some("jp")).unwrap();
        assert_eq!(
            (jp.row, jp.geography.as_deref(), jp.prices.input),
            (
                PriceRow::Geography {
                    geography: "jp".into()
                },
                Some("jp"),
                3.5
            )
        );
    }

    #[test]
    fn long_context_and_tiers_change_the_prices_only_where_known() {
        let mut quote = PriceTable::bundled()
            .quote("anthropic.claude-sonnet-4-6", Some("global"))
            .unwrap();
        quote.long_context = Some(LongContextRate {
            above_input_tokens: 200_000,
            input_multiplier: 2.0,
            output_multiplier: 1.5,
        });
        let short = quote.billing(200_000, None);
        assert!(!short.long_context && short.prices == quote.prices);
        let long = quote.billing(200_001, None);
        assert!(long.long_context);
        assert_eq!(
            (long.prices.input, long.prices.output, long.prices.cache_read),
            (6.0, 22.5, 0.6)
        );

        let unknown = quote.billing(10, Some(ServiceTier::Priority));
        assert!(
            (unknown.tier, unknown.tier_multiplier) == (Some(ServiceTier::Priority), None),
            "no multiplier is published: unknown, not guessed"
        );
        assert_eq!(unknown.prices, quote.prices);
        quote.tiers.insert(
            ServiceTier::Flex,
            TierPrice {
                multiplier: Some(0.5),
                source: "model card".into(),
            },
        );
        let flex = quote.billing(10, Some(ServiceTier::Flex));
        assert_eq!(flex.tier_multiplier, Some(0.5));
        assert_eq!((flex.prices.input, flex.prices.output), (1.5, 7.5));
        assert_eq!(
            quote.billing(10, Some(ServiceTier::Default)).tier_multiplier,
            None,
            "default is the base price"
        );
    }

    /// One 10,000-token document behind a cache point, four questions of 20 tokens, 300-token answers.
    #[test]
    fn a_long_document_and_four_questions_by_hand() {
        let prices = sonnet_37(); // $3 input, $15 output, $3.75 write, $0.30 read per million
        let write = Usage {
            input_tokens: 20,
            output_tokens: 300,
            cache_write5m_tokens: 10_000,
            ..Usage::default()
        };
        let read = Usage {
            input_tokens: 20,
            output_tokens: 300,
            cache_read_input_tokens: 10_000,
            ..Usage::default()
        };
        assert_eq!(write.total_input_tokens(), 10_020);
        assert_eq!(
            read.total_input_tokens(),
            10_020,
            "the same input, however it was billed"
        );

        let first = turn_cost(&write, &prices);
        // 20 × 3 + 10,000 × 3.75 + 300 × 15 = 60 + 37,500 + 4,500 = 42,060 per million → $0.04206
        assert!((first.total - 0.04206).abs() < 1e-12, "{first:?}");
        // Without caching: 10,020 × 3 + 4,500 = 34,560 → $0.03456
        assert!((first.without_cache - 0.03456).abs() < 1e-12);
        assert!(first.saved < 0.0, "a write alone costs more than it saves");

        let later = turn_cost(&read, &prices);
        // 20 × 3 + 10,000 × 0.30 + 4,500 = 60 + 3,000 + 4,500 = 7,560 → $0.00756
        assert!((later.total - 0.00756).abs() < 1e-12, "{later:?}");
        let session_saved = first.saved + 3.0 * later.saved;
        // Each read saves 10,000 × (3 − 0.30) = $0.027; the write cost 10,000 × 0.75 = $0.0075 extra.
        assert!(
            (session_saved - (3.0 * 0.027 - 0.0075)).abs() < 1e-12,
            "{session_saved}"
        );
        assert_eq!(break_even_reads(&prices, false), Some(1));
    }

    #[test]
    fn break_even() {
        let opus45 = PriceTable::bundled()
            .prices("anthropic.claude-opus-4-5-20251101-v1:0", None)
            .unwrap();
        assert_eq!(
            break_even_reads(&opus45, true),
            Some(2),
            "a 1h write (2x) needs two reads at 0.9x saving each"
        );
        let nova = PriceTable::bundled()
            .prices("amazon.nova-pro-v1:0", None)
            .unwrap();
        assert_eq!(break_even_reads(&nova, false), Some(0));
        let free = Prices {
            input: 1.0,
            output: 1.0,
            cache_write5m: 1.25,
            cache_write1h: None,
            cache_read: 1.0,
        };
        assert_eq!(break_even_reads(&free, false), None);
    }

    #[test]
    fn a_price_no_model_has_is_refused_so_no_cost_stops_being_a_number() {
        let table = |input: &str, tier: &str| {
            format!(
                r#"{{"asOf":"2026-01-01","currency":"USD","unit":"per million tokens","source":"x","models":[
                {{"modelIdPrefix":"a.b","input":{input},"output":1,"cacheWrite5m":1,"cacheWrite1h":null,"cacheRead":0.1,
                  "tiers":{{"priority":{{"multiplier":{tier},"source":"x"}}}}}}]}}"#
            )
        };
        assert!(PriceTable::from_json(&table("3", "1.75")).is_ok());
        let huge = PriceTable::from_json(&table("1e308", "1.75"))
            .unwrap_err()
            .to_string();
        assert!(huge.contains("at most $10,000"), "{huge}");
        let tier = PriceTable::from_json(&table("3", "1e300"))
            .unwrap_err()
            .to_string();
        assert!(tier.contains("at most 100"), "{tier}");
        let route = r#"{"asOf":"2026-01-01","currency":"USD","unit":"per million tokens","source":"x","models":[
            {"modelIdPrefix":"a.b","input":1,"output":1,"cacheWrite5m":1,"cacheWrite1h":null,"cacheRead":0.1,
             "routes":{"global":{"input":1e308,"output":1,"cacheWrite5m":1,"cacheWrite1h":null,"cacheRead":0.1}}}]}"#;
        assert!(
            PriceTable::from_json(route).is_err(),
            "a route's row is checked too"
        );
    }

    #[test]
    fn an_edited_table_is_checked() {
        let negative = r#"{"asOf":"2026-01-01","currency":"USD","unit":"per million tokens","source":"x","models":[
            {"modelIdPrefix":"a.b","input":-1,"output":1,"cacheWrite5m":1,"cacheWrite1h":null,"cacheRead":0.1}]}"#;
        assert!(
            PriceTable::from_json(negative)
                .unwrap_err()
                .to_string()
                .contains("non-negative")
        );
        let read_dearer = r#"{"asOf":"2026-01-01","currency":"USD","unit":"per million tokens","source":"x","models":[
            {"modelIdPrefix":"a.b","input":1,"output":1,"cacheWrite5m":1,"cacheWrite1h":null,"cacheRead":2}]}"#;
        assert!(
            PriceTable::from_json(read_dearer)
                .unwrap_err()
                .to_string()
                .contains("cache read")
        );
    }
}
