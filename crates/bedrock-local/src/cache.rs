//! The prompt cache, as the service keeps it: per account and model, entries keyed by the exact content of a
//! prefix, written at cache checkpoints that reach the model's minimum, read by later requests whose prefix
//! matches, living for their TTL and renewed by every read.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use crate::claim::Claim;
use crate::error::AwsError;
use crate::prompt::{Field, Prompt, Ttl};

const RULES: &str = include_str!("../data/prompt-caching.json");

/// How far back from a checkpoint the service looks for a cached prefix (Claude's "about 20 blocks").
pub const LOOKBACK_BLOCKS: usize = 20;

/// One model's caching rules (an entry of `data/prompt-caching.json`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CacheRule {
    /// The foundation model's exact ID (any shape: `anthropic.claude-sonnet-4-6`, `amazon.nova-pro-v1:0`).
    pub model_id: String,
    /// The minimum cumulative prefix tokens at which a checkpoint caches anything.
    pub min_tokens: u32,
    /// The TTLs a checkpoint may ask for (`5m`, `1h`).
    pub ttls: Vec<String>,
    /// Whether `toolConfig.tools` may hold checkpoints.
    pub tools: bool,
    /// Whether the model caches prefixes on its own, without checkpoints (see [`PromptCache::apply_implicit`]).
    pub implicit: bool,
    #[serde(flatten)]
    pub claim: Claim,
    /// Where sources disagree: what they say and what bedrock-local chose.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disputed: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RuleFile {
    max_checkpoints: usize,
    models: Vec<CacheRule>,
}

/// bedrock-local's prompt-caching rules for every model: floors, TTLs, where checkpoints may stand and whether
/// the model caches implicitly. [`CacheRules::bundled`] is the table the server uses unless a
/// [`Config`](crate::Config) overrides implicit caching; a client's tests can read the same table to know
/// exactly which floors the server was given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CacheRules {
    pub max_checkpoints: usize,
    models: Vec<CacheRule>,
}

impl CacheRules {
    /// The table bundled with bedrock-local (`data/prompt-caching.json`).
    pub fn bundled() -> Self {
        #[allow(clippy::expect_used)] // bundled data, checked by the tests
        let file: RuleFile = serde_json::from_str(RULES).expect("bundled caching rules parse");
        Self {
            max_checkpoints: file.max_checkpoints,
            models: file.models,
        }
    }

    /// Every model's rule, in the table's order.
    pub fn rules(&self) -> &[CacheRule] {
        &self.models
    }

    /// The rule of a model: by foundation-model ID, by a system profile ID (`us.anthropic.claude-sonnet-4-6`)
    /// or by the ARN of either. `None`: the model cannot cache.
    pub fn for_model(&self, identifier: &str) -> Option<&CacheRule> {
        let id = identifier.rsplit_once('/').map_or(identifier, |(_, id)| id);
        let exact = |id: &str| self.models.iter().find(|rule| rule.model_id == id);
        exact(id).or_else(|| id.split_once('.').and_then(|(_, model)| exact(model)))
    }

    /// The minimum cumulative prefix tokens at which a checkpoint of this model caches (see
    /// [`CacheRules::for_model`] for the identifiers it takes).
    pub fn min_tokens(&self, identifier: &str) -> Option<u32> {
        self.for_model(identifier).map(|rule| rule.min_tokens)
    }

    /// The same table with implicit caching turned on or off per model (`model ID → on`). A model the table
    /// does not know is an error naming it.
    pub fn with_implicit(mut self, overrides: &BTreeMap<String, bool>) -> Result<Self, String> {
        for (model, on) in overrides {
            let id = self
                .for_model(model)
                .map(|rule| rule.model_id.clone())
                .ok_or_else(|| format!("implicit caching: {model} is not a model that caches prompts"))?;
            if let Some(rule) = self.models.iter_mut().find(|rule| rule.model_id == id) {
                rule.implicit = *on;
            }
        }
        Ok(self)
    }

    /// Refuses what the service refuses: checkpoints on a model without caching, more than the maximum, a TTL
    /// the model lacks, a longer TTL after a shorter one, checkpoints in tools where the model allows none.
    pub(crate) fn check(&self, model_id: &str, prompt: &Prompt) -> Result<Option<&CacheRule>, AwsError> {
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
    pub fn apply(&self, scope: &str, prompt: &Prompt, rule: &CacheRule, now: SystemTime) -> CacheUsage {
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

    /// Implicit caching, for a request without checkpoints to a model that caches on its own. The service
    /// remembers the request's prefix at every block boundary (the end of the tools, of the system prompt and of
    /// each message) that reaches the model's minimum, for 5 minutes; a later request reads the longest of its
    /// own boundary prefixes that is remembered, and the read renews it. Reads are reported as cache reads;
    /// remembering reports no cache write (bedrock-local's choice: AWS bills implicit reads at the read rate and
    /// documents no implicit write). Entries live apart from those of explicit checkpoints.
    pub fn apply_implicit(
        &self,
        scope: &str,
        prompt: &Prompt,
        rule: &CacheRule,
        now: SystemTime,
    ) -> CacheUsage {
        let scope = format!("{scope}/implicit");
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if entries.len() > 10_000 {
            entries.retain(|_, entry| entry.expires_at > now);
        }
        let reaching: Vec<usize> = prompt
            .block_ends
            .iter()
            .copied()
            .filter(|&boundary| prompt.prefix_tokens[boundary] >= rule.min_tokens)
            .collect();
        let key = |boundary: usize| (scope.clone(), prompt.prefix_hashes[boundary]);
        let ttl = Duration::from_secs(Ttl::FiveMinutes.seconds());
        let mut usage = CacheUsage::default();
        let hit = reaching.iter().rev().copied().find(|&boundary| {
            entries
                .get(&key(boundary))
                .is_some_and(|entry| entry.expires_at > now)
        });
        if let Some(boundary) = hit {
            usage.read = prompt.prefix_tokens[boundary];
        }
        for boundary in reaching {
            entries.insert(
                key(boundary),
                Entry {
                    ttl: Ttl::FiveMinutes,
                    expires_at: now + ttl,
                },
            );
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

    fn rule(model: &str) -> CacheRule {
        CacheRules::bundled().for_model(model).unwrap().clone()
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
        let rules = CacheRules::bundled();
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
    fn the_rule_table_knows_each_model() {
        let rules = CacheRules::bundled();
        for (model, floor, one_hour, implicit) in [
            ("anthropic.claude-opus-4-7", 4096, true, false),
            ("anthropic.claude-opus-4-6-v1", 4096, true, false),
            ("anthropic.claude-opus-4-5-20251101-v1:0", 4096, true, false),
            ("anthropic.claude-sonnet-4-6", 2048, true, false),
            ("anthropic.claude-sonnet-4-5-20250929-v1:0", 1024, true, false),
            ("anthropic.claude-haiku-4-5-20251001-v1:0", 4096, true, false),
            ("anthropic.claude-opus-4-1-20250805-v1:0", 1024, false, false),
            ("anthropic.claude-opus-4-20250514-v1:0", 1024, false, false),
            ("anthropic.claude-sonnet-4-20250514-v1:0", 1024, false, false),
            ("anthropic.claude-3-7-sonnet-20250219-v1:0", 1024, false, false),
            ("anthropic.claude-3-5-sonnet-20241022-v2:0", 1024, false, false),
            ("anthropic.claude-3-5-haiku-20241022-v1:0", 2048, false, false),
            ("amazon.nova-pro-v1:0", 1024, false, true),
            ("amazon.nova-micro-v1:0", 1536, false, true),
            ("amazon.nova-lite-v1:0", 1536, false, true),
            ("amazon.nova-2-lite-v1:0", 1536, false, true),
            ("amazon.nova-premier-v1:0", 1024, false, true),
        ] {
            let rule = rules.for_model(model).unwrap_or_else(|| panic!("{model} caches"));
            assert_eq!(rule.min_tokens, floor, "{model}");
            assert_eq!(rule.ttls.iter().any(|t| t == "1h"), one_hour, "{model}");
            assert_eq!(rule.implicit, implicit, "{model}");
            assert!(rule.claim.is_complete(), "{model}");
        }
        assert_eq!(rules.rules().len(), 17);
        assert!(rules.for_model("meta.llama3-8b-instruct-v1:0").is_none());
        // Sonnet 4.5's floor is disputed and says so; Nova Premier's is a simulator choice.
        let sonnet_45 = rules
            .for_model("anthropic.claude-sonnet-4-5-20250929-v1:0")
            .unwrap();
        assert!(
            sonnet_45
                .disputed
                .as_deref()
                .unwrap_or_default()
                .contains("4,096")
        );
        assert_eq!(
            rules.for_model("amazon.nova-premier-v1:0").unwrap().claim.sure,
            crate::claim::Sureness::Assumed
        );
    }

    #[test]
    fn lookup_takes_model_ids_of_any_shape_profiles_and_arns() {
        let rules = CacheRules::bundled();
        assert_eq!(rules.min_tokens("anthropic.claude-sonnet-4-6"), Some(2048));
        assert_eq!(rules.min_tokens("us.anthropic.claude-sonnet-4-6"), Some(2048));
        assert_eq!(rules.min_tokens("global.anthropic.claude-opus-4-7"), Some(4096));
        assert_eq!(rules.min_tokens("anthropic.claude-opus-4-6-v1"), Some(4096));
        assert_eq!(
            rules.min_tokens("arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-opus-4-7"),
            Some(4096)
        );
        assert_eq!(
            rules.min_tokens(
                "arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.amazon.nova-2-lite-v1:0"
            ),
            Some(1536)
        );
        // A prefix of a known ID is not that model.
        assert_eq!(rules.min_tokens("anthropic.claude-opus-4"), None);
        assert_eq!(rules.min_tokens("anthropic.claude-opus-4-7-v1:0"), None);
    }

    #[test]
    fn implicit_caching_can_be_turned_on_and_off_per_model() {
        let overrides = [
            ("us.anthropic.claude-sonnet-4-6".to_owned(), true),
            ("amazon.nova-pro-v1:0".to_owned(), false),
        ]
        .into_iter()
        .collect();
        let rules = CacheRules::bundled().with_implicit(&overrides).unwrap();
        assert!(rules.for_model("anthropic.claude-sonnet-4-6").unwrap().implicit);
        assert!(!rules.for_model("amazon.nova-pro-v1:0").unwrap().implicit);
        assert!(rules.for_model("amazon.nova-lite-v1:0").unwrap().implicit);
        let unknown = [("meta.llama3-8b-instruct-v1:0".to_owned(), true)]
            .into_iter()
            .collect();
        let error = CacheRules::bundled().with_implicit(&unknown).unwrap_err();
        assert!(error.contains("meta.llama3-8b-instruct-v1:0"), "{error}");
    }

    #[test]
    fn implicit_reads_the_longest_remembered_block_prefix() {
        let cache = PromptCache::default();
        let nova = rule("amazon.nova-pro-v1:0");
        let doc = words(1200);
        let turn = |messages: Value| {
            Prompt::from_converse(&json!({"system": [{"text": doc}], "messages": messages})).unwrap()
        };
        let t0 = SystemTime::UNIX_EPOCH;
        let first = turn(json!([{"role": "user", "content": [{"text": "first question"}]}]));
        let r1 = cache.apply_implicit("s", &first, &nova, t0);
        assert_eq!(
            r1,
            CacheUsage::default(),
            "nothing remembered yet; remembering writes nothing"
        );
        // The next turn repeats the first: its system prompt and first message are read.
        let second = turn(json!([
            {"role": "user", "content": [{"text": "first question"}]},
            {"role": "assistant", "content": [{"text": "an answer"}]},
            {"role": "user", "content": [{"text": "second question"}]}
        ]));
        let r2 = cache.apply_implicit("s", &second, &nova, t0 + Duration::from_secs(60));
        assert_eq!(r2.read, first.total_tokens());
        assert_eq!(r2.write(), 0);
        // A different question after the same system prompt reads the system prompt only.
        let other = turn(json!([{"role": "user", "content": [{"text": "another question"}]}]));
        let r3 = cache.apply_implicit("s", &other, &nova, t0 + Duration::from_secs(120));
        assert_eq!(r3.read, 1200);
        // Five minutes after the last use, nothing is left.
        let later = cache.apply_implicit("s", &other, &nova, t0 + Duration::from_secs(120 + 301));
        assert_eq!(later.read, 0);
        // Below the floor nothing is remembered.
        let short = Prompt::from_converse(&json!({"system": [{"text": words(900)}],
            "messages": [{"role": "user", "content": [{"text": "q"}]}]}))
        .unwrap();
        cache.apply_implicit("t", &short, &nova, t0);
        assert_eq!(cache.apply_implicit("t", &short, &nova, t0).read, 0);
        // Explicit and implicit entries live apart.
        let explicit = prompt(&doc, "q", "5m");
        assert_eq!(cache.apply("s", &explicit, &nova, t0).read, 0);
    }
}
