//! What this session holds in the cache: every prefix a turn wrote, under its scope, until it expires.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model_facts::CacheTtl;

impl CacheTtl {
    pub fn millis(self) -> u64 {
        match self {
            Self::FiveMinutes => 5 * 60 * 1000,
            Self::OneHour => 60 * 60 * 1000,
        }
    }
}

/// A prefix the service holds, as far as this session knows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CachedPrefix {
    /// The ID invoked and the Region: a cache entry belongs to both.
    pub scope: String,
    /// Blocks in the prefix (tools → system → messages).
    pub boundary: u32,
    /// A stable hash of those blocks, in hex.
    pub prefix_hash: String,
    pub tokens: u32,
    pub ttl: CacheTtl,
    #[ts(type = "number")]
    pub written_at_ms: u64,
    #[ts(type = "number")]
    pub expires_at_ms: u64,
    pub reads: u32,
}

/// The blocks of the last request sent, for telling what changed since.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SentPrefix {
    pub scope: String,
    pub texts: Vec<String>,
    pub sent_at_ms: u64,
}

/// Every prefix this session has cached, and the last request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CacheTracker {
    pub entries: Vec<CachedPrefix>,
    pub last_sent: Option<SentPrefix>,
}

impl CacheTracker {
    /// Live entries in `scope` at `now`.
    pub fn live(&self, scope: &str, now_ms: u64) -> impl Iterator<Item = &CachedPrefix> {
        self.entries
            .iter()
            .filter(move |e| e.scope == scope && e.expires_at_ms > now_ms)
    }

    /// Live entries, soonest to expire first, for the TTL countdown.
    pub fn countdown(&self, now_ms: u64) -> Vec<CachedPrefix> {
        let mut live: Vec<_> = self
            .entries
            .iter()
            .filter(|e| e.expires_at_ms > now_ms)
            .cloned()
            .collect();
        live.sort_by_key(|e| e.expires_at_ms);
        live
    }
}
