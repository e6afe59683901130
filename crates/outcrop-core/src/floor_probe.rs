//! The cache-floor probe, decided without a network: which prefix sizes to try, in what order, how many
//! requests that can take at most, what it can cost, the synthetic prefixes it sends, and what the answers
//! prove.
//!
//! The published minimums disagree (AWS's own tables among them), so the probe measures on the user's
//! account. It does not try every size: the floor is one of the documented candidates (every published claim
//! for the model, and the sizes Bedrock's tables use), so it bisects between them. A candidate "caches" when a
//! fresh prefix of at least that many tokens (and fewer than the next candidate) gets
//! `cacheWriteInputTokens > 0` and an identical repeat reads it back. Each tried candidate costs two requests
//! at most (the repeat is sent only after a write), and bisection tries `ceil(log2(n + 1))` of them.
//!
//! Every prefix starts with a nonce of its own (per probe run and per attempt), so nothing is cached already
//! and implicit caching has nothing to reuse: a write can only come from the probe's own cache point.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::cache_plan::estimate_tokens;
use crate::conversation::{Conversation, InferenceParams, Message, Role, SystemItem};
use crate::model_facts::{CacheFacts, CacheTtl, MeasuredFloor};
use crate::pricing::Prices;

/// The sizes Bedrock's published tables use for minimum tokens per checkpoint; every probe tries between
/// them, besides the model's own claims.
pub const STANDARD_FLOORS: [u32; 5] = [1000, 1024, 1536, 2048, 4096];

/// Output tokens each probe request asks for at most: the answer is never read.
pub const PROBE_MAX_OUTPUT_TOKENS: u32 = 8;

/// The question after the cache point: the part of each request that is never cached.
pub const PROBE_QUESTION: &str = "Reply with OK.";

/// The prefix sizes to try for a model: every published claim and the standard sizes, sorted, without
/// repeats.
pub fn candidates(facts: Option<&CacheFacts>) -> Vec<u32> {
    let mut out: Vec<u32> = STANDARD_FLOORS
        .iter()
        .copied()
        .chain(
            facts
                .into_iter()
                .flat_map(|f| f.floor_claims.iter().map(|c| c.tokens)),
        )
        .filter(|&n| n > 0)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Bisection steps that decide between `n` candidates: `n + 1` outcomes (at or below the smallest, between
/// two, above the largest), halved by each step.
pub fn steps(n: usize) -> u32 {
    let outcomes = n as u64 + 1;
    64 - (outcomes - 1).leading_zeros()
}

/// The most requests a probe over `n` candidates sends: two per step (a write, then its repeat).
pub fn max_requests(n: usize) -> u32 {
    2 * steps(n)
}

/// What a probe sends and can cost, shown before the person confirms.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProbePlan {
    /// The prefix sizes it decides between, ascending.
    pub candidates: Vec<u32>,
    /// The most requests it sends.
    pub max_requests: u32,
    /// The largest prefix it sends (the largest candidate, and a little room while sizes are estimated).
    pub largest_prefix_tokens: u32,
    /// Output tokens each request asks for at most.
    pub max_output_tokens: u32,
    /// Sizes are counted with CountTokens before sending (else estimated, then corrected from usage).
    pub counted: bool,
    /// The most it can cost, in USD, at the prices quoted: every request writing its largest prefix and
    /// reading it back. `None` without prices.
    pub worst_case_cost: Option<f64>,
}

/// Room added to the largest prefix while sizes are estimates: a short prefix is rebuilt larger.
const ESTIMATE_ROOM: f64 = 1.05;

impl ProbePlan {
    pub fn new(candidates: Vec<u32>, counted: bool, prices: Option<&Prices>) -> Self {
        let max_requests = max_requests(candidates.len());
        let largest = candidates.last().copied().unwrap_or(0);
        let largest_prefix_tokens = if counted {
            largest
        } else {
            (f64::from(largest) * ESTIMATE_ROOM).ceil() as u32
        };
        let worst_case_cost =
            prices.map(|p| worst_case_cost(max_requests, largest_prefix_tokens, PROBE_MAX_OUTPUT_TOKENS, p));
        Self {
            candidates,
            max_requests,
            largest_prefix_tokens,
            max_output_tokens: PROBE_MAX_OUTPUT_TOKENS,
            counted,
            worst_case_cost,
        }
    }
}

/// Tokens of the question after the cache point, with room for its framing.
const QUESTION_ROOM: u32 = 32;

/// The most `requests` requests can cost: each writes a prefix of `prefix_tokens` at the write price (or
/// the input price, where that is higher) and reads it at the read price, sends its question as input and
/// gets `output_tokens` back.
pub fn worst_case_cost(requests: u32, prefix_tokens: u32, output_tokens: u32, prices: &Prices) -> f64 {
    let per_token = 1.0 / 1_000_000.0;
    let prefix = f64::from(prefix_tokens) * per_token;
    let one = prefix * prices.cache_write5m.max(prices.input)
        + prefix * prices.cache_read
        + f64::from(QUESTION_ROOM) * per_token * prices.input
        + f64::from(output_tokens) * per_token * prices.output;
    f64::from(requests) * one
}

/// Where the floor lies, once the probe is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum FloorOutcome {
    /// The smallest candidate that cached; the largest tried prefix that did not, if one was tried.
    Floor { tokens: u32, not_at: Option<u32> },
    /// Even the smallest candidate cached: the floor is at or below it.
    AtOrBelowSmallest { tokens: u32 },
    /// Not even the largest candidate cached: the floor is above it (or the route does not cache).
    AboveEvery { not_at: u32 },
}

impl FloorOutcome {
    /// The floor planning can use: a candidate that cached.
    pub fn floor(self) -> Option<(u32, Option<u32>)> {
        match self {
            Self::Floor { tokens, not_at } => Some((tokens, not_at)),
            Self::AtOrBelowSmallest { tokens } => Some((tokens, None)),
            Self::AboveEvery { .. } => None,
        }
    }
}

/// One finished test: a fresh prefix of `tokens` tokens, and whether it cached (written, then read back).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Observation {
    pub tokens: u32,
    pub cached: bool,
}

/// Observations that cannot all be true of one floor (a size cached, a larger one did not): the service
/// is not behaving as a fixed floor, and nothing is recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a prefix of {cached_at} tokens cached but one of {missed_at} did not")]
pub struct Inconsistent {
    pub cached_at: u32,
    pub missed_at: u32,
}

/// The bisection. The floor's place is an index `k` into the candidates: `k < n` means the floor lies in
/// `(candidates[k - 1], candidates[k]]`, `k == n` above the largest. `lo..=hi` is where it can still be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FloorSearch {
    candidates: Vec<u32>,
    lo: usize,
    hi: usize,
    observations: Vec<Observation>,
}

/// The size the next test is for: a prefix of at least `tokens` and, when `below` is given, fewer than
/// `below` tokens (the next candidate), so its answer splits the candidates exactly there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NextTest {
    pub tokens: u32,
    pub below: Option<u32>,
}

impl FloorSearch {
    pub fn new(candidates: Vec<u32>) -> Self {
        let hi = candidates.len();
        Self {
            candidates,
            lo: 0,
            hi,
            observations: Vec::new(),
        }
    }

    pub fn candidates(&self) -> &[u32] {
        &self.candidates
    }

    pub fn observations(&self) -> &[Observation] {
        &self.observations
    }

    /// The next size to try, or `None` when the floor is decided.
    pub fn next(&self) -> Option<NextTest> {
        if self.lo >= self.hi {
            return None;
        }
        let mid = (self.lo + self.hi) / 2;
        Some(NextTest {
            tokens: self.candidates[mid],
            below: self.candidates.get(mid + 1).copied(),
        })
    }

    /// Records a test of a prefix of `tokens` tokens (its real size, which may differ from the one aimed at).
    pub fn observe(&mut self, observation: Observation) -> Result<(), Inconsistent> {
        let s = observation.tokens;
        if observation.cached {
            // The floor is at most `s`: at most the largest candidate not above it.
            let k = self.candidates.iter().rposition(|&c| c <= s).unwrap_or(0);
            self.hi = self.hi.min(k);
        } else {
            // The floor is above `s`: at least the smallest candidate above it.
            let k = self
                .candidates
                .iter()
                .position(|&c| c > s)
                .unwrap_or(self.candidates.len());
            self.lo = self.lo.max(k);
        }
        self.observations.push(observation);
        if self.lo > self.hi {
            let cached_at = self
                .observations
                .iter()
                .filter(|o| o.cached)
                .map(|o| o.tokens)
                .min()
                .unwrap_or(0);
            let missed_at = self
                .observations
                .iter()
                .filter(|o| !o.cached)
                .map(|o| o.tokens)
                .max()
                .unwrap_or(0);
            return Err(Inconsistent { cached_at, missed_at });
        }
        Ok(())
    }

    /// Where the floor lies, once [`FloorSearch::next`] is `None` (and nothing contradicted).
    pub fn outcome(&self) -> Option<FloorOutcome> {
        if self.lo != self.hi {
            return None;
        }
        let not_at = self
            .observations
            .iter()
            .filter(|o| !o.cached)
            .map(|o| o.tokens)
            .max();
        Some(match self.candidates.get(self.lo) {
            None => FloorOutcome::AboveEvery {
                not_at: not_at.unwrap_or(0),
            },
            Some(&tokens) if self.lo == 0 => match not_at {
                Some(not_at) => FloorOutcome::Floor {
                    tokens,
                    not_at: Some(not_at),
                },
                None => FloorOutcome::AtOrBelowSmallest { tokens },
            },
            Some(&tokens) => FloorOutcome::Floor { tokens, not_at },
        })
    }
}

/// What the service reported for one probe request (Converse `usage`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProbeUsage {
    pub input_tokens: u32,
    pub cache_read_input_tokens: u32,
    pub cache_write_input_tokens: u32,
}

impl ProbeUsage {
    pub fn total_input(&self) -> u32 {
        self.input_tokens + self.cache_read_input_tokens + self.cache_write_input_tokens
    }
}

/// Short words of the prefix's filler: one token each to Outcrop's estimate and about one to any BPE.
const FILLER: [&str; 16] = [
    "amber", "brook", "cedar", "delta", "ember", "fjord", "grove", "heath", "inlet", "jetty", "knoll",
    "ledge", "marsh", "north", "ridge", "shoal",
];

/// A nonce as words of letters (digits tokenize unevenly): unique per probe run and attempt.
pub fn nonce_words(run: u64, attempt: u32) -> String {
    let mut value = run ^ (u64::from(attempt).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let mut letters = String::new();
    for _ in 0..15 {
        letters.push(char::from(b'a' + (value % 26) as u8));
        value /= 26;
    }
    letters.push(char::from(b'a' + (attempt % 26) as u8));
    letters
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A prefix text of `tokens` tokens by Outcrop's estimate, starting with the nonce of run `run`, attempt
/// `attempt` (never shorter than that heading).
pub fn prefix_text(run: u64, attempt: u32, tokens: u32) -> String {
    let mut text = format!("Cache floor probe {}.", nonce_words(run, attempt));
    let mut have = estimate_tokens(&text);
    let mut i = 0usize;
    while have < tokens {
        text.push(' ');
        text.push_str(FILLER[(i + attempt as usize) % FILLER.len()]);
        have += 1;
        i += 1;
    }
    text
}

/// The request a test sends: the prefix as the system prompt, a 5-minute cache point after it, and a short
/// question; output capped at [`PROBE_MAX_OUTPUT_TOKENS`].
pub fn probe_conversation(prefix: String) -> Conversation {
    Conversation {
        tools: Vec::new(),
        system: vec![
            SystemItem::Text { text: prefix },
            SystemItem::CachePoint {
                ttl: CacheTtl::FiveMinutes,
            },
        ],
        messages: vec![Message {
            role: Role::User,
            content: vec![crate::conversation::ContentItem::Text {
                text: PROBE_QUESTION.into(),
            }],
        }],
        inference: InferenceParams {
            max_tokens: Some(PROBE_MAX_OUTPUT_TOKENS),
            ..InferenceParams::default()
        },
        service_tier: None,
        project: None,
        automatic_cache: None,
    }
}

/// Tokens allowed for the framing of the request beyond the question's estimate, until a write tells it.
const UNCALIBRATED_TAIL_ROOM: u32 = 16;

/// How the probe sizes prefixes when CountTokens cannot: Outcrop's estimate, scaled by what the service
/// reported for earlier prefixes of this run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SizeCorrection {
    /// Real tokens per estimated token of the prefix, from the last reply that revealed both.
    pub ratio: f64,
    /// Tokens of each request beyond its prefix (the question and framing), once a write revealed them.
    pub tail: Option<u32>,
}

impl Default for SizeCorrection {
    fn default() -> Self {
        Self {
            ratio: 1.0,
            tail: None,
        }
    }
}

impl SizeCorrection {
    /// The estimate to aim at so that the real prefix holds `tokens`.
    pub fn aim(&self, tokens: u32) -> u32 {
        (f64::from(tokens) / self.ratio).ceil() as u32
    }

    /// The real size of a prefix estimated at `estimated` tokens, from the first reply's usage, and the
    /// correction learned from it. A write tells the prefix exactly (and so the tail); without one the tail
    /// known so far (else the question's estimate with room for its framing) is taken off the total: a size
    /// understated, never overstated.
    pub fn learn(&mut self, estimated: u32, usage: &ProbeUsage) -> u32 {
        let cached = usage.cache_write_input_tokens + usage.cache_read_input_tokens;
        let real = if usage.cache_write_input_tokens > 0 {
            self.tail = Some(usage.total_input().saturating_sub(cached));
            cached
        } else {
            // Until a write tells the tail, take off at least as much as it can be, so the size is never
            // overstated: "did not cache at s" must hold for the real prefix.
            let tail = self
                .tail
                .unwrap_or_else(|| estimate_tokens(PROBE_QUESTION) + UNCALIBRATED_TAIL_ROOM);
            usage.total_input().saturating_sub(tail)
        };
        if estimated > 0 && real > 0 {
            self.ratio = f64::from(real) / f64::from(estimated);
        }
        real
    }
}

/// A finished probe as stored: the floor, with each request it made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProbeRequestLog {
    /// The candidate the request tested.
    pub candidate: u32,
    /// The prefix's size: counted, or as the service's usage told.
    pub tokens: u32,
    /// The repeat of a prefix that was written (it should read it back).
    pub repeat: bool,
    pub usage: ProbeUsage,
}

/// The measured floor a finished probe proves, ready for [`crate::ModelFactsTable::with_measured`].
pub fn measured_floor(
    outcome: FloorOutcome,
    model_id: &str,
    invoked_id: &str,
    region: &str,
    measured_on: &str,
    requests: u32,
) -> Option<MeasuredFloor> {
    let (tokens, not_at) = outcome.floor()?;
    Some(MeasuredFloor {
        tokens,
        not_at,
        model_id: model_id.to_owned(),
        invoked_id: invoked_id.to_owned(),
        region: region.to_owned(),
        measured_on: measured_on.to_owned(),
        requests,
    })
}

/// A UTC date (YYYY-MM-DD) from milliseconds since the Unix epoch.
pub fn utc_date(ms: u64) -> String {
    // Howard Hinnant's days-from-civil, inverted.
    let days = (ms / 86_400_000) as i64;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model_facts::ModelFactsTable;

    /// Runs the search against a fixed floor with exact sizes; returns the outcome and the requests made.
    fn simulate(candidates: Vec<u32>, floor: u32) -> (FloorOutcome, u32) {
        let mut search = FloorSearch::new(candidates);
        let mut requests = 0;
        while let Some(test) = search.next() {
            let cached = test.tokens >= floor;
            requests += if cached { 2 } else { 1 };
            search
                .observe(Observation {
                    tokens: test.tokens,
                    cached,
                })
                .unwrap();
        }
        (search.outcome().unwrap(), requests)
    }

    #[test]
    fn candidates_hold_every_claim_and_the_standard_sizes() {
        let table = ModelFactsTable::bundled();
        let sonnet_45 = &table
            .lookup("anthropic.claude-sonnet-4-5-20250929-v1:0")
            .unwrap()
            .cache;
        assert_eq!(candidates(Some(sonnet_45)), vec![1000, 1024, 1536, 2048, 4096]);
        let claims = CacheFacts {
            floor_claims: vec![crate::model_facts::FloorClaim {
                tokens: 3000,
                by: "x".into(),
                source: "x".into(),
                as_of: "2026-01-01".into(),
                sure: crate::model_facts::Sureness::Reported,
            }],
            ..sonnet_45.clone()
        };
        assert_eq!(
            candidates(Some(&claims)),
            vec![1000, 1024, 1536, 2048, 3000, 4096]
        );
        assert_eq!(candidates(None), STANDARD_FLOORS.to_vec());
    }

    #[test]
    fn the_request_bound_is_two_per_bisection_step() {
        assert_eq!(steps(1), 1);
        assert_eq!(steps(3), 2);
        assert_eq!(steps(4), 3);
        assert_eq!(steps(5), 3);
        assert_eq!(steps(7), 3);
        assert_eq!(steps(8), 4);
        assert_eq!(max_requests(5), 6);
    }

    #[test]
    fn bisection_finds_every_candidate_floor_within_the_bound() {
        let candidates = vec![1000, 1024, 1536, 2048, 3000, 4096];
        for (i, &floor) in candidates.iter().enumerate() {
            let (outcome, requests) = simulate(candidates.clone(), floor);
            assert!(requests <= max_requests(candidates.len()), "{floor}: {requests}");
            let expected = if i == 0 {
                FloorOutcome::AtOrBelowSmallest { tokens: 1000 }
            } else {
                FloorOutcome::Floor {
                    tokens: floor,
                    not_at: Some(candidates[i - 1]),
                }
            };
            assert_eq!(outcome, expected, "floor {floor}");
        }
        let (above, requests) = simulate(candidates.clone(), 8192);
        assert_eq!(above, FloorOutcome::AboveEvery { not_at: 4096 });
        assert!(requests <= max_requests(candidates.len()));
        let (low, _) = simulate(candidates, 10);
        assert_eq!(low, FloorOutcome::AtOrBelowSmallest { tokens: 1000 });
    }

    #[test]
    fn a_floor_between_candidates_is_reported_as_the_next_candidate_up() {
        let (outcome, _) = simulate(STANDARD_FLOORS.to_vec(), 1800);
        assert_eq!(
            outcome,
            FloorOutcome::Floor {
                tokens: 2048,
                not_at: Some(1536)
            }
        );
    }

    #[test]
    fn a_prefix_of_another_size_still_narrows_the_search() {
        let mut search = FloorSearch::new(STANDARD_FLOORS.to_vec());
        assert_eq!(
            search.next(),
            Some(NextTest {
                tokens: 1536,
                below: Some(2048)
            })
        );
        // Aimed at 1,536 but the service counted 1,530, and it did not cache: the floor is above 1,530,
        // so 1,536 is still possible.
        search
            .observe(Observation {
                tokens: 1530,
                cached: false,
            })
            .unwrap();
        assert_eq!(search.next().unwrap().tokens, 2048);
        search
            .observe(Observation {
                tokens: 2100,
                cached: true,
            })
            .unwrap();
        assert_eq!(search.next().unwrap().tokens, 1536);
        search
            .observe(Observation {
                tokens: 1540,
                cached: false,
            })
            .unwrap();
        assert_eq!(search.next(), None);
        assert_eq!(
            search.outcome(),
            Some(FloorOutcome::Floor {
                tokens: 2048,
                not_at: Some(1540)
            })
        );
    }

    #[test]
    fn contradicting_answers_are_refused() {
        let mut search = FloorSearch::new(STANDARD_FLOORS.to_vec());
        search
            .observe(Observation {
                tokens: 1024,
                cached: true,
            })
            .unwrap();
        let error = search
            .observe(Observation {
                tokens: 2048,
                cached: false,
            })
            .unwrap_err();
        assert_eq!(
            error,
            Inconsistent {
                cached_at: 1024,
                missed_at: 2048
            }
        );
        assert_eq!(search.outcome(), None);
    }

    #[test]
    fn prefixes_have_the_size_asked_and_never_repeat() {
        let a = prefix_text(7, 0, 1536);
        let b = prefix_text(7, 1, 1536);
        let c = prefix_text(8, 0, 1536);
        assert_eq!(estimate_tokens(&a), 1536);
        assert_eq!(estimate_tokens(&b), 1536);
        assert_ne!(a, b, "each attempt starts fresh");
        assert_ne!(a, c, "each run starts fresh");
        assert_ne!(
            a[..40],
            b[..40],
            "they differ from the first words, so no cached prefix matches"
        );
        assert_eq!(estimate_tokens(&prefix_text(7, 0, 4096)), 4096);
        let conversation = probe_conversation(a.clone());
        assert!(conversation.problems().is_empty());
        assert!(matches!(conversation.system[1], SystemItem::CachePoint { .. }));
    }

    #[test]
    fn usage_corrects_estimated_sizes() {
        let mut correction = SizeCorrection::default();
        // Not written: the prefix is the total less the question's estimate.
        let real = correction.learn(
            1000,
            &ProbeUsage {
                input_tokens: 1104,
                ..ProbeUsage::default()
            },
        );
        assert_eq!(
            real,
            1104 - estimate_tokens(PROBE_QUESTION) - UNCALIBRATED_TAIL_ROOM
        );
        assert!(correction.ratio > 1.0);
        // Written: the write is the prefix, and the rest is the tail from now on.
        let real = correction.learn(
            2000,
            &ProbeUsage {
                input_tokens: 9,
                cache_write_input_tokens: 2200,
                cache_read_input_tokens: 0,
            },
        );
        assert_eq!((real, correction.tail), (2200, Some(9)));
        assert!((correction.ratio - 1.1).abs() < 1e-9);
        // The next aim is scaled down so the real prefix lands on the candidate, under the next one.
        let aim = correction.aim(1024);
        assert!(
            (f64::from(aim) * 1.1) >= 1024.0 && (f64::from(aim) * 1.1) < 1536.0,
            "{aim}"
        );
        assert_eq!(SizeCorrection::default().aim(1000), 1000);
    }

    /// A service that caches from `floor`, where each request carries `tail` tokens besides its prefix and
    /// the real prefix is `scale` times Outcrop's estimate: the search sized from usage alone.
    fn simulate_estimated(candidates: Vec<u32>, floor: u32, tail: u32, scale: f64) -> (FloorOutcome, u32) {
        let bound = max_requests(candidates.len());
        let mut search = FloorSearch::new(candidates);
        let mut correction = SizeCorrection::default();
        let mut requests = 0;
        while let Some(test) = search.next() {
            assert!(requests < bound, "out of requests: {:?}", search.observations());
            let estimated = correction.aim(test.tokens);
            let real = (f64::from(estimated) * scale).round() as u32;
            let cached = real >= floor;
            let usage = if cached {
                ProbeUsage {
                    input_tokens: tail,
                    cache_write_input_tokens: real,
                    cache_read_input_tokens: 0,
                }
            } else {
                ProbeUsage {
                    input_tokens: real + tail,
                    ..ProbeUsage::default()
                }
            };
            let tokens = correction.learn(estimated, &usage);
            requests += if cached { 2 } else { 1 };
            search.observe(Observation { tokens, cached }).unwrap();
        }
        (search.outcome().unwrap(), requests)
    }

    #[test]
    fn sizes_from_usage_alone_still_find_the_floor_within_the_bound() {
        for scale in [1.0, 0.97, 1.04] {
            for tail in [0, 7, 20] {
                for floor in STANDARD_FLOORS {
                    let (outcome, requests) =
                        simulate_estimated(STANDARD_FLOORS.to_vec(), floor, tail, scale);
                    let found = outcome.floor().map(|(tokens, _)| tokens);
                    assert_eq!(
                        found,
                        Some(floor),
                        "floor {floor}, tail {tail}, scale {scale}: {outcome:?}"
                    );
                    assert!(
                        requests <= max_requests(5),
                        "floor {floor}, tail {tail}, scale {scale}: {requests}"
                    );
                }
            }
        }
    }

    #[test]
    fn worst_case_cost_writes_and_reads_every_request() {
        let prices = Prices {
            input: 3.0,
            output: 15.0,
            cache_write5m: 3.75,
            cache_write1h: Some(6.0),
            cache_read: 0.3,
        };
        let plan = ProbePlan::new(STANDARD_FLOORS.to_vec(), true, Some(&prices));
        assert_eq!(plan.max_requests, 6);
        assert_eq!(plan.largest_prefix_tokens, 4096);
        let one = 4096.0 * (3.75 + 0.3) / 1e6 + 32.0 * 3.0 / 1e6 + 8.0 * 15.0 / 1e6;
        assert!((plan.worst_case_cost.unwrap() - 6.0 * one).abs() < 1e-12);
        let estimated = ProbePlan::new(STANDARD_FLOORS.to_vec(), false, None);
        assert!(estimated.largest_prefix_tokens > 4096 && estimated.worst_case_cost.is_none());
    }

    #[test]
    fn the_floor_becomes_a_measured_floor_with_its_date() {
        assert_eq!(utc_date(0), "1970-01-01");
        assert_eq!(utc_date(1_796_169_600_000), "2026-12-02");
        let floor = measured_floor(
            FloorOutcome::Floor {
                tokens: 2048,
                not_at: Some(1536),
            },
            "anthropic.claude-sonnet-4-6",
            "us.anthropic.claude-sonnet-4-6",
            "us-east-1",
            "2026-12-02",
            5,
        )
        .unwrap();
        assert_eq!(
            (floor.tokens, floor.not_at, floor.requests),
            (2048, Some(1536), 5)
        );
        assert!(measured_floor(FloorOutcome::AboveEvery { not_at: 4096 }, "m", "m", "r", "d", 1).is_none());
    }
}
