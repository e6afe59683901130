//! bedrock-local's own price table (`data/prices.json`): USD per million tokens for each foundation model it
//! serves, dated, with its source and how sure each entry is. Cost Explorer's answers are priced from it.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::record::Usage;

const PRICES: &str = include_str!("../../data/prices.json");

/// One model's rates, USD per million tokens; `None` where the model has no such price.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ModelPrice {
    pub input: f64,
    pub output: Option<f64>,
    pub cache_write5m: Option<f64>,
    pub cache_write1h: Option<f64>,
    pub cache_read: Option<f64>,
    /// How much more than these (the global profile's) rates a route costs; `None`: every route the same.
    pub route_premium: Option<RoutePremium>,
}

/// A route's premium over the global profile's rates, as a fraction (0.1 is 10% more).
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoutePremium {
    pub geographic: f64,
    pub in_region: f64,
}

/// The way an invocation reached its model, for its price.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// A global cross-Region profile (`global.…`) or an application profile copied from one.
    Global,
    /// A geographic cross-Region profile (`us.…`, `eu.…`) or an application profile copied from one.
    Geographic,
    /// The model in this Region: its bare ID or ARN, or an application profile copied from it.
    InRegion,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Entry {
    model_id: String,
    #[serde(flatten)]
    price: ModelPrice,
    // Read so a malformed table fails its test; not used at run time.
    #[allow(dead_code)]
    as_of: String,
    #[allow(dead_code)]
    source: String,
    #[allow(dead_code)]
    sure: String,
}

#[derive(Deserialize)]
struct Table {
    models: Vec<Entry>,
}

/// The table, by foundation model ID.
#[derive(Debug, Clone)]
pub struct PriceTable(BTreeMap<String, ModelPrice>);

/// What one invocation's usage costs, per kind of token: (tokens, USD).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Charges {
    pub input: (u64, f64),
    pub output: (u64, f64),
    pub cache_read: (u64, f64),
    /// Written with a five-minute TTL.
    pub cache_write: (u64, f64),
    /// Written with a one-hour TTL.
    pub cache_write_1h: (u64, f64),
}

impl PriceTable {
    /// The table bundled with bedrock-local.
    pub fn bundled() -> Self {
        #[allow(clippy::expect_used)] // the bundled table is checked by its test
        let table: Table = serde_json::from_str(PRICES).expect("data/prices.json is valid");
        Self(
            table
                .models
                .into_iter()
                .map(|entry| (entry.model_id, entry.price))
                .collect(),
        )
    }

    pub fn price(&self, foundation_model: &str) -> Option<&ModelPrice> {
        self.0.get(foundation_model)
    }

    /// Tokens × rates (raised by the route's premium): input read afresh, output, cache reads, and cache writes at the rate of their TTL (a
    /// one-hour write on a model without a one-hour rate at the five-minute one). A kind the model has no price
    /// for costs nothing.
    pub fn charges(&self, foundation_model: &str, route: Route, usage: &Usage) -> Option<Charges> {
        let price = self.price(foundation_model)?;
        let factor = 1.0
            + price.route_premium.map_or(0.0, |premium| match route {
                Route::Global => 0.0,
                Route::Geographic => premium.geographic,
                Route::InRegion => premium.in_region,
            });
        let line = |tokens: u32, rate: Option<f64>| {
            let tokens = u64::from(tokens);
            (tokens, tokens as f64 * rate.unwrap_or(0.0) * factor / 1_000_000.0)
        };
        Some(Charges {
            input: line(usage.input_tokens, Some(price.input)),
            output: line(usage.output_tokens, price.output),
            cache_read: line(usage.cache_read_tokens.unwrap_or(0), price.cache_read),
            cache_write: line(
                usage
                    .cache_write_tokens
                    .unwrap_or(0)
                    .saturating_sub(usage.cache_write_1h_tokens),
                price.cache_write5m,
            ),
            cache_write_1h: line(
                usage.cache_write_1h_tokens,
                price.cache_write1h.or(price.cache_write5m),
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::world::World;

    #[test]
    fn every_served_model_has_a_dated_sourced_price() {
        let table: Table = serde_json::from_str(PRICES).unwrap();
        let sure = ["corroborated", "transcribed", "disputed", "assumed"];
        for entry in &table.models {
            assert_eq!(entry.as_of.len(), 10, "{}", entry.model_id);
            assert!(!entry.source.is_empty(), "{}", entry.model_id);
            assert!(sure.contains(&entry.sure.as_str()), "{}", entry.model_id);
        }
        let prices = PriceTable::bundled();
        let world = World::seeded(
            "us-east-1",
            "111122223333",
            std::sync::Arc::new(crate::clock::SystemClock),
        );
        for model in &world.foundation_models {
            assert!(prices.price(&model.model_id).is_some(), "{}", model.model_id);
        }
    }

    #[test]
    fn every_model_that_caches_for_an_hour_has_a_one_hour_rate() {
        let prices = PriceTable::bundled();
        let rules = crate::cache::CacheRules::bundled();
        let world = World::seeded(
            "us-east-1",
            "111122223333",
            std::sync::Arc::new(crate::clock::SystemClock),
        );
        for model in &world.foundation_models {
            let Some(rule) = rules.for_model(&model.model_id) else {
                continue;
            };
            let price = prices.price(&model.model_id).unwrap();
            assert!(
                price.cache_write5m.is_some() && price.cache_read.is_some(),
                "{}",
                model.model_id
            );
            if rule.ttls.iter().any(|ttl| ttl == "1h") {
                assert!(price.cache_write1h.is_some(), "{}", model.model_id);
            }
        }
    }

    #[test]
    fn charges_are_tokens_times_rates() {
        let prices = PriceTable::bundled();
        let usage = Usage {
            input_tokens: 1_000,
            output_tokens: 200,
            cache_read_tokens: Some(2_000),
            cache_write_tokens: Some(4_000),
            cache_write_1h_tokens: 1_000,
            latency_ms: 0.0,
            time_to_first_token_ms: None,
        };
        let charges = prices
            .charges(
                "anthropic.claude-3-7-sonnet-20250219-v1:0",
                Route::Geographic,
                &usage,
            )
            .unwrap();
        let close = |a: f64, b: f64| (a - b).abs() < 1e-12;
        assert!(close(charges.input.1, 1_000.0 * 3.0 / 1e6));
        assert!(close(charges.output.1, 200.0 * 15.0 / 1e6));
        assert!(close(charges.cache_read.1, 2_000.0 * 0.3 / 1e6));
        assert!(close(charges.cache_write.1, 3_000.0 * 3.75 / 1e6));
        assert_eq!(charges.cache_write.0, 3_000);
        // Claude 3.7 Sonnet has no one-hour rate: its five-minute one.
        assert!(close(charges.cache_write_1h.1, 1_000.0 * 3.75 / 1e6));
        let haiku = prices
            .charges("anthropic.claude-haiku-4-5-20251001-v1:0", Route::Global, &usage)
            .unwrap();
        assert!(close(haiku.cache_write_1h.1, 1_000.0 * 2.0 / 1e6));
        assert!(prices.charges("no.such-model", Route::Global, &usage).is_none());
        let in_region = prices
            .charges(
                "anthropic.claude-haiku-4-5-20251001-v1:0",
                Route::InRegion,
                &usage,
            )
            .unwrap();
        assert!(close(in_region.input.1, 1_000.0 * 1.1 / 1e6));
    }
}
