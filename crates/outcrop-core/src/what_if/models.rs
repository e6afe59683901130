//! The models the what-if can price: those with both caching facts and a price entry.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model_facts::{CacheTtl, ModelFactsTable, ServiceTier};
use crate::pricing::PriceTable;

/// A model the what-if offers, with what its picker needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WhatIfModel {
    /// The family's ID prefix (`anthropic.claude-sonnet-4-6`), which prices and facts both match.
    pub model_id: String,
    pub name: String,
    pub provider: String,
    pub ttls: Vec<CacheTtl>,
    /// The minimum tokens per cache point planning uses.
    pub floor: u32,
    /// The tiers the model offers; `None` when unknown.
    pub tiers: Option<Vec<ServiceTier>>,
}

/// Every model with caching facts that the price table prices, in the facts' order.
pub fn models(prices: &PriceTable, facts: &ModelFactsTable) -> Vec<WhatIfModel> {
    facts
        .models
        .iter()
        .filter(|m| prices.quote(&m.model_id_prefix, None).is_some())
        .map(|m| WhatIfModel {
            model_id: m.model_id_prefix.clone(),
            name: m.name.clone(),
            provider: m.provider.clone(),
            ttls: m.cache.ttls.clone(),
            floor: m.cache.min_tokens,
            tiers: m.service_tiers.as_ref().map(|t| t.tiers.clone()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_model_with_facts_is_priced() {
        let list = models(&PriceTable::bundled(), &ModelFactsTable::bundled());
        assert_eq!(list.len(), ModelFactsTable::bundled().models.len());
        let sonnet = list
            .iter()
            .find(|m| m.model_id == "anthropic.claude-sonnet-4-6")
            .unwrap();
        assert_eq!(sonnet.ttls, [CacheTtl::FiveMinutes, CacheTtl::OneHour]);
        assert_eq!(sonnet.floor, 2_048);
    }
}
