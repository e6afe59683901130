//! The prompt cache, as the service keeps it: per account and model, entries keyed by the exact content of a
//! prefix, written at cache checkpoints that reach the model's minimum, read by later requests whose prefix
//! matches, living for their TTL and renewed by every read.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use serde::Deserialize;

use crate::error::AwsError;
use crate::prompt::{Field, Prompt, Ttl};

const RULES: &str = include_str!("../data/prompt-caching.json");

/// How far back from a checkpoint the service looks for a cached prefix (Claude's "about 20 blocks").
pub const LOOKBACK_BLOCKS: usize = 20;

/// A model's caching rules (from `data/prompt-caching.json`).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CachingRule {
    pub model_id_prefix: String,
    pub min_tokens: u32,
    pub ttls: Vec<String>,
    /// Whether `toolConfig.tools` may hold checkpoints.
    pub tools: bool,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RuleFile {
    max_checkpoints: usize,
    models: Vec<CachingRule>,
}

/// All models' caching rules.
#[derive(Debug)]
pub struct CachingRules {
    pub max_checkpoints: usize,
    models: Vec<CachingRule>,
}

impl CachingRules {
    pub fn bundled() -> Self {
        #[allow(clippy::expect_used)] // bundled data, checked by the tests
        let file: RuleFile = serde_json::from_str(RULES).expect("bundled caching rules parse");
        Self {
            max_checkpoints: file.max_checkpoints,
            models: file.models,
        }
    }

    /// The rule of a foundation model; the longest matching prefix wins. `None`: the model cannot cache.
    pub fn for_model(&self, model_id: &str) -> Option<&CachingRule> {
        self.models
            .iter()
            .filter(|rule| model_id.starts_with(&rule.model_id_prefix))
            .max_by_key(|rule| rule.model_id_prefix.len())
    }

    /// Refuses what the service refuses: checkpoints on a model without caching, more than the maximum, a TTL
    /// the model lacks, a longer TTL after a shorter one, checkpoints in tools where the model allows none.
    pub fn check(&self, model_id: &str, prompt: &Prompt) -> Result<Option<&CachingRule>, AwsError> {
        if prompt.checkpoints.is_empty() {
            return Ok(self.for_model(model_id));
        }
        let Some(rule) = self.for_model(model_id) else {
            return Err(AwsError::validation(format!(
                "You invoked an unsupported model or your request did not allow prompt caching. Model {model_id} does not support cache points."
            )));
        };
        if prompt.checkpoints.len() > self.max_checkpoints {
            return Err(AwsError::validation(format!(
                "A maximum of {} blocks with cache_control may be provided. Found {}.",
                self.max_checkpoints,
                prompt.checkpoints.len()
            )));
        }
        for checkpoint in &prompt.checkpoints {
            if !rule.ttls.iter().any(|t| t == checkpoint.ttl.as_str()) {
                return Err(AwsError::validation(format!(
                    "The model {model_id} does not support a cache TTL of {}. Supported TTLs: {}.",
                    checkpoint.ttl.as_str(),
                    rule.ttls.join(", ")
                )));
            }
            if checkpoint.field == Field::Tools && !rule.tools {
                return Err(AwsError::validation(format!(
                    "The model {model_id} does not support cache points in toolConfig. Place cache points in system or messages."
                )));
            }
        }
        for pair in prompt.checkpoints.windows(2) {
            if pair[0].ttl == Ttl::FiveMinutes && pair[1].ttl == Ttl::OneHour {
                return Err(AwsError::validation(
                    "A cache point with ttl='1h' must not come after a cache point with ttl='5m'. Note that cache points are processed in the following order: tools, system, messages.",
                ));
            }
        }
        Ok(Some(rule))
    }
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    ttl: Ttl,
    expires_at: SystemTime,
}

/// What one request did to the cache.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheUsage {
    pub read: u32,
    pub write_5m: u32,
    pub write_1h: u32,
}

impl CacheUsage {
    pub fn write(&self) -> u32 {
        self.write_5m + self.write_1h
    }
}

/// The cache of every account and model on this server.
#[derive(Debug, Default)]
pub struct PromptCache {
    entries: Mutex<HashMap<(String, u64), Entry>>,
}

impl PromptCache {
    /// Forgets every entry.
    pub fn clear(&self) {
        self.entries
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }

    /// Reads the longest cached prefix this request can use and writes the checkpoints after it.
    /// `scope` keeps accounts and models apart.
    pub fn apply(&self, scope: &str, prompt: &Prompt, rule: &CachingRule, now: SystemTime) -> CacheUsage {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if entries.len() > 10_000 {
            entries.retain(|_, entry| entry.expires_at > now);
        }
        let reaches_floor = |boundary: usize| prompt.prefix_tokens[boundary] >= rule.min_tokens;
        let live = |entries: &HashMap<(String, u64), Entry>, boundary: usize| {
            entries
                .get(&(scope.to_owned(), prompt.prefix_hashes[boundary]))
                .is_some_and(|entry| entry.expires_at > now)
        };

        // The longest live prefix at or up to LOOKBACK_BLOCKS before any checkpoint.
        let mut hit: Option<usize> = None;
        for checkpoint in &prompt.checkpoints {
            let lowest = checkpoint.boundary.saturating_sub(LOOKBACK_BLOCKS).max(1);
            for boundary in (lowest..=checkpoint.boundary).rev() {
                if reaches_floor(boundary) && live(&entries, boundary) {
                    hit = hit.max(Some(boundary));
                    break;
                }
            }
        }
        let mut usage = CacheUsage::default();
        let mut covered = 0usize;
        if let Some(boundary) = hit {
            usage.read = prompt.prefix_tokens[boundary];
            covered = boundary;
            if let Some(entry) = entries.get_mut(&(scope.to_owned(), prompt.prefix_hashes[boundary])) {
                entry.expires_at = now + Duration::from_secs(entry.ttl.seconds());
            }
        }
        for checkpoint in &prompt.checkpoints {
            let boundary = checkpoint.boundary;
            if boundary <= covered || !reaches_floor(boundary) {
                continue;
            }
            let tokens = prompt.prefix_tokens[boundary] - prompt.prefix_tokens[covered];
            match checkpoint.ttl {
                Ttl::FiveMinutes => usage.write_5m += tokens,
                Ttl::OneHour => usage.write_1h += tokens,
            }
            entries.insert(
                (scope.to_owned(), prompt.prefix_hashes[boundary]),
                Entry {
                    ttl: checkpoint.ttl,
                    expires_at: now + Duration::from_secs(checkpoint.ttl.seconds()),
                },
            );
            covered = boundary;
        }
        usage
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    const SONNET_37: &str = "anthropic.claude-3-7-sonnet-20250219-v1:0";

    fn words(n: usize) -> String {
        vec!["word"; n].join(" ")
    }

    fn prompt(system: &str, question: &str, ttl: &str) -> Prompt {
        Prompt::from_converse(&json!({
            "system": [{"text": system}, {"cachePoint": {"type": "default", "ttl": ttl}}],
            "messages": [{"role": "user", "content": [{"text": question}]}]
        }))
        .unwrap()
    }

    fn rule(model: &str) -> CachingRule {
        CachingRules::bundled().for_model(model).unwrap().clone()
    }

    #[test]
    fn write_then_read_then_expire() {
        let cache = PromptCache::default();
        let system = words(1500);
        let t0 = SystemTime::UNIX_EPOCH;
        let first = cache.apply("acct/model", &prompt(&system, "q1", "5m"), &rule(SONNET_37), t0);
        assert_eq!((first.read, first.write_5m), (0, 1500));
        let second = cache.apply(
            "acct/model",
            &prompt(&system, "q2", "5m"),
            &rule(SONNET_37),
            t0 + Duration::from_secs(240),
        );
        assert_eq!((second.read, second.write()), (1500, 0));
        // The read renewed the entry: 4 more minutes is within 5 of the read.
        let third = cache.apply(
            "acct/model",
            &prompt(&system, "q3", "5m"),
            &rule(SONNET_37),
            t0 + Duration::from_secs(480),
        );
        assert_eq!(third.read, 1500);
        let expired = cache.apply(
            "acct/model",
            &prompt(&system, "q4", "5m"),
            &rule(SONNET_37),
            t0 + Duration::from_secs(481 + 300),
        );
        assert_eq!((expired.read, expired.write_5m), (0, 1500));
    }

    #[test]
    fn below_the_floor_nothing_happens() {
        let cache = PromptCache::default();
        let usage = cache.apply(
            "s",
            &prompt(&words(1000), "q", "5m"),
            &rule(SONNET_37),
            SystemTime::UNIX_EPOCH,
        );
        assert_eq!(usage, CacheUsage::default());
        let again = cache.apply(
            "s",
            &prompt(&words(1000), "q", "5m"),
            &rule(SONNET_37),
            SystemTime::UNIX_EPOCH,
        );
        assert_eq!(again, CacheUsage::default());
    }

    #[test]
    fn scopes_are_separate() {
        let cache = PromptCache::default();
        let p = prompt(&words(1500), "q", "5m");
        cache.apply("a/model", &p, &rule(SONNET_37), SystemTime::UNIX_EPOCH);
        assert_eq!(
            cache
                .apply("b/model", &p, &rule(SONNET_37), SystemTime::UNIX_EPOCH)
                .read,
            0
        );
    }

    #[test]
    fn a_moving_checkpoint_reads_the_earlier_prefix_within_the_lookback() {
        let cache = PromptCache::default();
        let doc = words(2000);
        let turn = |messages: Value| {
            Prompt::from_converse(&json!({"system": [{"text": doc}], "messages": messages})).unwrap()
        };
        let first = turn(
            json!([{"role": "user", "content": [{"text": "first question"}, {"cachePoint": {"type": "default"}}]}]),
        );
        let r1 = cache.apply("s", &first, &rule(SONNET_37), SystemTime::UNIX_EPOCH);
        assert_eq!(r1.read, 0);
        let second = turn(json!([
            {"role": "user", "content": [{"text": "first question"}]},
            {"role": "assistant", "content": [{"text": "an answer"}]},
            {"role": "user", "content": [{"text": "second question"}, {"cachePoint": {"type": "default"}}]}
        ]));
        let r2 = cache.apply("s", &second, &rule(SONNET_37), SystemTime::UNIX_EPOCH);
        assert_eq!(r2.read, first.total_tokens(), "the first turn's prefix is read");
        assert_eq!(r2.read + r2.write(), second.total_tokens());
    }

    #[test]
    fn refusals() {
        let rules = CachingRules::bundled();
        let five = Prompt::from_converse(&json!({
            "system": [{"text": "a"}, {"cachePoint": {"type": "default"}}, {"text": "b"}, {"cachePoint": {"type": "default"}},
                       {"text": "c"}, {"cachePoint": {"type": "default"}}, {"text": "d"}, {"cachePoint": {"type": "default"}}],
            "messages": [{"role": "user", "content": [{"text": "q"}, {"cachePoint": {"type": "default"}}]}]
        })).unwrap();
        assert!(
            rules
                .check(SONNET_37, &five)
                .unwrap_err()
                .message
                .contains("maximum of 4")
        );
        let one_hour = prompt("x", "q", "1h");
        assert!(
            rules
                .check(SONNET_37, &one_hour)
                .unwrap_err()
                .message
                .contains("1h")
        );
        assert!(
            rules
                .check("anthropic.claude-sonnet-4-5-20250929-v1:0", &one_hour)
                .is_ok()
        );
        let order = Prompt::from_converse(&json!({
            "system": [{"text": "a"}, {"cachePoint": {"type": "default"}}, {"text": "b"}, {"cachePoint": {"type": "default", "ttl": "1h"}}],
            "messages": [{"role": "user", "content": [{"text": "q"}]}]
        })).unwrap();
        assert!(
            rules
                .check("anthropic.claude-sonnet-4-5-20250929-v1:0", &order)
                .unwrap_err()
                .message
                .contains("must not come after")
        );
        let tools = Prompt::from_converse(&json!({
            "toolConfig": {"tools": [{"toolSpec": {"name": "t", "inputSchema": {"json": {}}}}, {"cachePoint": {"type": "default"}}]},
            "messages": [{"role": "user", "content": [{"text": "q"}]}]
        })).unwrap();
        assert!(
            rules
                .check("amazon.nova-pro-v1:0", &tools)
                .unwrap_err()
                .message
                .contains("toolConfig")
        );
        assert!(rules.check(SONNET_37, &tools).is_ok());
        assert!(
            rules
                .check("meta.llama3-8b-instruct-v1:0", &one_hour)
                .unwrap_err()
                .message
                .contains("does not support cache points")
        );
    }

    #[test]
    fn the_rule_table_knows_each_family() {
        let rules = CachingRules::bundled();
        assert_eq!(
            rules
                .for_model("anthropic.claude-opus-4-20250514-v1:0")
                .unwrap()
                .min_tokens,
            1024
        );
        assert_eq!(
            rules
                .for_model("anthropic.claude-opus-4-5-20251101-v1:0")
                .unwrap()
                .min_tokens,
            4096
        );
        assert_eq!(
            rules
                .for_model("anthropic.claude-3-5-haiku-20241022-v1:0")
                .unwrap()
                .min_tokens,
            2048
        );
        assert!(rules.for_model("meta.llama3-8b-instruct-v1:0").is_none());
    }
}
