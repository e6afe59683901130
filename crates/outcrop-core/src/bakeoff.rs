//! The placement bake-off: the same scripted multi-turn session under several cache-point placements (and,
//! when asked, through several transports), and a recommendation with its reasoning. Placing the points and
//! judging the results need no network.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::conversation::{Api, ContentItem, Conversation, Role, SystemItem, ToolItem};
use crate::model_facts::CacheTtl;

/// Where a strategy puts its cache points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Placement {
    /// No cache points: the baseline every other strategy is measured against.
    NoCache,
    /// One point at the end of the system prompt.
    SystemOnly,
    /// One after the tool specifications and one after the system prompt.
    SystemAndTools,
    /// The system prompt, and the end of the latest user message (moves forward every turn).
    SystemAndLastUser,
    /// After each document or image (the last three), and after the system prompt.
    PerDocument,
}

impl Placement {
    pub fn label(self) -> &'static str {
        match self {
            Self::NoCache => "no cache points",
            Self::SystemOnly => "system only",
            Self::SystemAndTools => "system + tools",
            Self::SystemAndLastUser => "system + last user turn",
            Self::PerDocument => "per document",
        }
    }
}

/// A transport as a sentence names it.
pub fn api_label(api: Api) -> &'static str {
    match api {
        Api::Converse => "Converse",
        Api::InvokeModel => "InvokeModel",
        Api::Messages => "the Messages API",
    }
}

fn strip(conversation: &Conversation) -> Conversation {
    let mut out = conversation.clone();
    out.tools.retain(|t| !matches!(t, ToolItem::CachePoint { .. }));
    out.system.retain(|s| !matches!(s, SystemItem::CachePoint { .. }));
    for message in &mut out.messages {
        message
            .content
            .retain(|c| !matches!(c, ContentItem::CachePoint { .. }));
    }
    out
}

/// The conversation with its cache points replaced by the strategy's (all with `ttl`).
pub fn apply(placement: Placement, conversation: &Conversation, ttl: CacheTtl) -> Conversation {
    let mut out = strip(conversation);
    let point_system = |out: &mut Conversation| {
        if !out.system.is_empty() {
            out.system.push(SystemItem::CachePoint { ttl });
        }
    };
    match placement {
        Placement::NoCache => {}
        Placement::SystemOnly => point_system(&mut out),
        Placement::SystemAndTools => {
            if !out.tools.is_empty() {
                out.tools.push(ToolItem::CachePoint { ttl });
            }
            point_system(&mut out);
        }
        Placement::SystemAndLastUser => {
            point_system(&mut out);
            if let Some(last) = out.messages.iter_mut().rev().find(|m| m.role == Role::User) {
                last.content.push(ContentItem::CachePoint { ttl });
            }
        }
        Placement::PerDocument => {
            point_system(&mut out);
            let mut documents: Vec<(usize, usize)> = Vec::new();
            for (m, message) in out.messages.iter().enumerate() {
                for (i, item) in message.content.iter().enumerate() {
                    if matches!(item, ContentItem::Document { .. } | ContentItem::Image { .. }) {
                        documents.push((m, i));
                    }
                }
            }
            // At most four points in all: the system's and the last three documents'.
            let keep = documents.len().saturating_sub(3);
            for &(m, i) in documents[keep..].iter().rev() {
                out.messages[m]
                    .content
                    .insert(i + 1, ContentItem::CachePoint { ttl });
            }
        }
    }
    out
}

/// One turn of one strategy, as the bake-off charts it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StrategyTurn {
    pub turn: u32,
    pub cost: f64,
    pub without_cache: f64,
    #[ts(type = "number")]
    pub input_tokens: u64,
    #[ts(type = "number")]
    pub cache_read_tokens: u64,
    /// Of `cache_read_tokens`, the reads no cache point asked for (implicit caching): a placement does not
    /// earn them.
    #[serde(default)]
    #[ts(type = "number")]
    pub implicit_read_tokens: u64,
    #[ts(type = "number")]
    pub cache_write_tokens: u64,
    #[ts(type = "number")]
    pub output_tokens: u64,
    #[ts(type = "number | null")]
    pub time_to_first_token_ms: Option<u64>,
    #[ts(type = "number")]
    pub total_ms: u64,
}

impl StrategyTurn {
    /// Share of this turn's input read from the cache.
    pub fn hit_rate(&self) -> f64 {
        let total = self.input_tokens + self.cache_read_tokens + self.cache_write_tokens;
        if total == 0 {
            0.0
        } else {
            self.cache_read_tokens as f64 / total as f64
        }
    }
}

/// One strategy's run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StrategyResult {
    pub placement: Placement,
    /// The transport the run was sent through (Converse for results written before there was a choice).
    #[serde(default)]
    pub api: Api,
    pub session_id: String,
    pub turns: Vec<StrategyTurn>,
    /// Why the run stopped early, if it did.
    pub error: Option<String>,
}

impl StrategyResult {
    pub fn total_cost(&self) -> f64 {
        self.turns.iter().map(|t| t.cost).sum()
    }

    pub fn total_without_cache(&self) -> f64 {
        self.turns.iter().map(|t| t.without_cache).sum()
    }

    /// Input tokens read from the cache over all input tokens of the run.
    pub fn hit_rate(&self) -> f64 {
        let read: u64 = self.turns.iter().map(|t| t.cache_read_tokens).sum();
        let all: u64 = self
            .turns
            .iter()
            .map(|t| t.input_tokens + t.cache_read_tokens + t.cache_write_tokens)
            .sum();
        if all == 0 { 0.0 } else { read as f64 / all as f64 }
    }

    pub fn mean_time_to_first_token_ms(&self) -> Option<f64> {
        let times: Vec<u64> = self
            .turns
            .iter()
            .filter_map(|t| t.time_to_first_token_ms)
            .collect();
        (!times.is_empty()).then(|| times.iter().sum::<u64>() as f64 / times.len() as f64)
    }
}

/// One reason for a recommendation, with its figures; the UI words it in the person's language. A transport
/// (`api`) is named only when the bake-off tried more than one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum Reason {
    /// The cheapest of the strategies that finished.
    Cheapest {
        placement: Placement,
        #[serde(default)]
        api: Option<Api>,
        cost: f64,
        turns: u32,
        finished: u32,
    },
    /// What caching saved against the same turns without it.
    Savings {
        without_cache: f64,
        saved_percent: f64,
        hit_rate_percent: f64,
    },
    /// No placement paid for its cache writes.
    NothingPaid,
    /// The next best strategy and how much more it costs.
    RunnerUp {
        placement: Placement,
        #[serde(default)]
        api: Option<Api>,
        cost: f64,
        difference: f64,
    },
    /// The first turn's write was read back by later turns.
    WriteReadBack {
        #[ts(type = "number")]
        tokens: u64,
    },
    /// The first turn's write was never read back.
    WriteNeverRead,
    /// Time to first token with this placement and without caching.
    FasterFirstToken { with_ms: f64, without_ms: f64 },
    /// The same placement cost noticeably more through one transport than through another, and why.
    TransportsDiffer {
        placement: Placement,
        cheaper: Api,
        cheaper_cost: f64,
        dearer: Api,
        dearer_cost: f64,
        cause: TransportCause,
    },
}

/// Why one placement costs differently through two transports, judged from what each reported.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum TransportCause {
    /// `api` was served reads no cache point asked for (implicit caching); a placement does not earn them.
    ImplicitReads {
        api: Api,
        #[ts(type = "number")]
        tokens: u64,
    },
    /// The transports reported different cache reads or writes. `framing`: their first turns also counted a
    /// different input, so the prefixes were not the same size (one may cross the model's minimum, the other not).
    CacheUsage {
        #[ts(type = "number")]
        cheaper_read: u64,
        #[ts(type = "number")]
        cheaper_write: u64,
        #[ts(type = "number")]
        dearer_read: u64,
        #[ts(type = "number")]
        dearer_write: u64,
        framing: bool,
    },
    /// The same cache figures, but a different input: the transports frame the same conversation differently.
    Framing {
        #[ts(type = "number")]
        cheaper_input: u64,
        #[ts(type = "number")]
        dearer_input: u64,
    },
    /// The same input and cache figures: the answers differed in length.
    Output {
        #[ts(type = "number")]
        cheaper_output: u64,
        #[ts(type = "number")]
        dearer_output: u64,
    },
}

/// "“system only”", or "“system only” through InvokeModel" when the transport is named.
fn run_name(placement: Placement, api: Option<Api>) -> String {
    match api {
        Some(api) => format!("“{}” through {}", placement.label(), api_label(api)),
        None => format!("“{}”", placement.label()),
    }
}

impl TransportCause {
    /// The cause in English; `cheaper` and `dearer` are the transports compared.
    pub fn sentence(&self, cheaper: Api, dearer: Api) -> String {
        match *self {
            Self::ImplicitReads { api, tokens } => format!(
                "{} was served {tokens} tokens from the cache that no cache point asked for (implicit caching), which the placement does not earn.",
                api_label(api)
            ),
            Self::CacheUsage {
                cheaper_read,
                cheaper_write,
                dearer_read,
                dearer_write,
                framing,
            } => {
                let usage = format!(
                    "they reported different cache usage: {} read {cheaper_read} and wrote {cheaper_write} tokens, {} read {dearer_read} and wrote {dearer_write}",
                    api_label(cheaper),
                    api_label(dearer)
                );
                if framing {
                    format!(
                        "{usage}; the transports frame the same conversation differently, so their prefixes are not the same size."
                    )
                } else {
                    format!("{usage}.")
                }
            }
            Self::Framing {
                cheaper_input,
                dearer_input,
            } => format!(
                "the transports frame the same conversation differently: {cheaper_input} input tokens against {dearer_input}."
            ),
            Self::Output {
                cheaper_output,
                dearer_output,
            } => format!(
                "the answers differed in length: {cheaper_output} output tokens against {dearer_output}."
            ),
        }
    }
}

impl Reason {
    /// The reason in English, for logs and the CLI.
    pub fn sentence(&self) -> String {
        match self {
            Self::Cheapest {
                placement,
                api,
                cost,
                turns,
                finished,
            } => format!(
                "{} costs {} over {turns} turns, the least of the {finished} strategies that finished.",
                run_name(*placement, *api),
                dollars(*cost)
            ),
            Self::Savings {
                without_cache,
                saved_percent,
                hit_rate_percent,
            } => format!(
                "Without caching the same turns would cost {}: {saved_percent:.0}% saved, with {hit_rate_percent:.0}% of input tokens read from the cache.",
                dollars(*without_cache)
            ),
            Self::NothingPaid => "No placement paid for its cache writes here: the prefixes were read back too rarely (too few turns, a prefix that changes, or one below the model's minimum).".into(),
            Self::RunnerUp {
                placement,
                api,
                cost,
                difference,
            } => format!(
                "The next best, {}, costs {} ({} more).",
                run_name(*placement, *api),
                dollars(*cost),
                dollars(*difference)
            ),
            Self::WriteReadBack { tokens } => format!(
                "The first turn writes {tokens} tokens to the cache; later turns read them back at a tenth of the input price."
            ),
            Self::WriteNeverRead => "The first turn's cache write was never read back.".into(),
            Self::FasterFirstToken { with_ms, without_ms } => {
                format!("Time to first token averaged {with_ms:.0} ms against {without_ms:.0} ms without caching.")
            }
            Self::TransportsDiffer {
                placement,
                cheaper,
                cheaper_cost,
                dearer,
                dearer_cost,
                cause,
            } => format!(
                "“{}” costs {} through {} and {} through {}: {}",
                placement.label(),
                dollars(*cheaper_cost),
                api_label(*cheaper),
                dollars(*dearer_cost),
                api_label(*dearer),
                cause.sentence(*cheaper, *dearer)
            ),
        }
    }
}

/// The strategy to use, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Recommendation {
    pub placement: Placement,
    /// The transport the recommended run went through.
    #[serde(default)]
    pub api: Api,
    /// Most important first.
    pub reasons: Vec<Reason>,
}

fn dollars(v: f64) -> String {
    if v.abs() < 0.01 {
        format!("${v:.5}")
    } else {
        format!("${v:.4}")
    }
}

/// Below this share of the dearer run's cost, two transports are taken to cost the same.
const TRANSPORT_DIFFERENCE: f64 = 0.01;

/// Why `dearer` cost more than `cheaper`, the same placement through two transports.
fn transport_cause(cheaper: &StrategyResult, dearer: &StrategyResult) -> TransportCause {
    let sum = |r: &StrategyResult, f: fn(&StrategyTurn) -> u64| r.turns.iter().map(f).sum::<u64>();
    let implicit = |r: &StrategyResult| sum(r, |t| t.implicit_read_tokens);
    let (read, write) = (
        |t: &StrategyTurn| t.cache_read_tokens,
        |t: &StrategyTurn| t.cache_write_tokens,
    );
    let first_input = |r: &StrategyResult| {
        r.turns
            .first()
            .map_or(0, |t| t.input_tokens + t.cache_read_tokens + t.cache_write_tokens)
    };
    if implicit(cheaper) != implicit(dearer) {
        let (api, tokens) = if implicit(cheaper) > implicit(dearer) {
            (cheaper.api, implicit(cheaper))
        } else {
            (dearer.api, implicit(dearer))
        };
        return TransportCause::ImplicitReads { api, tokens };
    }
    let framing = first_input(cheaper) != first_input(dearer);
    if sum(cheaper, read) != sum(dearer, read) || sum(cheaper, write) != sum(dearer, write) {
        return TransportCause::CacheUsage {
            cheaper_read: sum(cheaper, read),
            cheaper_write: sum(cheaper, write),
            dearer_read: sum(dearer, read),
            dearer_write: sum(dearer, write),
            framing,
        };
    }
    let input = |r: &StrategyResult| sum(r, |t| t.input_tokens + t.cache_read_tokens + t.cache_write_tokens);
    if input(cheaper) != input(dearer) {
        return TransportCause::Framing {
            cheaper_input: input(cheaper),
            dearer_input: input(dearer),
        };
    }
    TransportCause::Output {
        cheaper_output: sum(cheaper, |t| t.output_tokens),
        dearer_output: sum(dearer, |t| t.output_tokens),
    }
}

/// For each placement that finished through more than one transport and cost noticeably more through one,
/// the cheapest and dearest of its runs and why; `first` (the recommended placement) leads.
fn transport_differences(complete: &[&StrategyResult], first: Placement) -> Vec<Reason> {
    let mut placements = vec![first];
    for r in complete {
        if !placements.contains(&r.placement) {
            placements.push(r.placement);
        }
    }
    let by_cost = |a: &&&StrategyResult, b: &&&StrategyResult| a.total_cost().total_cmp(&b.total_cost());
    placements
        .into_iter()
        .filter_map(|placement| {
            let runs: Vec<&&StrategyResult> = complete.iter().filter(|r| r.placement == placement).collect();
            let cheaper = runs.iter().copied().min_by(by_cost)?;
            let dearer = runs.iter().copied().max_by(by_cost)?;
            let difference = dearer.total_cost() - cheaper.total_cost();
            (cheaper.api != dearer.api && difference > TRANSPORT_DIFFERENCE * dearer.total_cost()).then(
                || Reason::TransportsDiffer {
                    placement,
                    cheaper: cheaper.api,
                    cheaper_cost: cheaper.total_cost(),
                    dearer: dearer.api,
                    dearer_cost: dearer.total_cost(),
                    cause: transport_cause(cheaper, dearer),
                },
            )
        })
        .collect()
}

/// The cheapest complete run (a placement through a transport), with the figures that make it so. `None` when
/// no run finished. Transports are named in the reasons only when more than one was tried.
pub fn recommend(results: &[StrategyResult]) -> Option<Recommendation> {
    let complete: Vec<&StrategyResult> = results
        .iter()
        .filter(|r| r.error.is_none() && !r.turns.is_empty())
        .collect();
    let best = complete
        .iter()
        .min_by(|a, b| a.total_cost().total_cmp(&b.total_cost()))?;
    let several = results.iter().any(|r| r.api != results[0].api);
    let named = |api: Api| several.then_some(api);
    let turns = best.turns.len();
    let mut reasons = vec![Reason::Cheapest {
        placement: best.placement,
        api: named(best.api),
        cost: best.total_cost(),
        turns: turns as u32,
        finished: complete.len() as u32,
    }];
    let baseline = best.total_without_cache();
    if best.placement == Placement::NoCache {
        reasons.push(Reason::NothingPaid);
    } else if baseline > 0.0 {
        reasons.push(Reason::Savings {
            without_cache: baseline,
            saved_percent: (1.0 - best.total_cost() / baseline) * 100.0,
            hit_rate_percent: best.hit_rate() * 100.0,
        });
    }
    if let Some(runner_up) = complete
        .iter()
        .filter(|r| (r.placement, r.api) != (best.placement, best.api))
        .min_by(|a, b| a.total_cost().total_cmp(&b.total_cost()))
    {
        reasons.push(Reason::RunnerUp {
            placement: runner_up.placement,
            api: named(runner_up.api),
            cost: runner_up.total_cost(),
            difference: runner_up.total_cost() - best.total_cost(),
        });
    }
    if let Some(first) = best.turns.first()
        && first.cache_write_tokens > 0
        && turns > 1
    {
        if best.turns.iter().skip(1).any(|t| t.cache_read_tokens > 0) {
            reasons.push(Reason::WriteReadBack {
                tokens: first.cache_write_tokens,
            });
        } else {
            reasons.push(Reason::WriteNeverRead);
        }
    }
    // Measured against no caching through the same transport: transports differ in latency on their own.
    if let (Some(fast), Some(slow)) = (
        best.mean_time_to_first_token_ms(),
        complete
            .iter()
            .find(|r| r.placement == Placement::NoCache && r.api == best.api)
            .and_then(|r| r.mean_time_to_first_token_ms()),
    ) && best.placement != Placement::NoCache
    {
        reasons.push(Reason::FasterFirstToken {
            with_ms: fast,
            without_ms: slow,
        });
    }
    reasons.extend(transport_differences(&complete, best.placement));
    Some(Recommendation {
        placement: best.placement,
        api: best.api,
        reasons,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conversation::{DocumentFormat, Message};

    fn conversation() -> Conversation {
        let document = |name: &str| ContentItem::Document {
            name: name.into(),
            format: DocumentFormat::Txt,
            text: "text".into(),
        };
        Conversation {
            tools: vec![ToolItem::Tool {
                name: "lookup".into(),
                description: String::new(),
                input_schema: "{}".into(),
            }],
            system: vec![
                SystemItem::Text { text: "sys".into() },
                SystemItem::CachePoint {
                    ttl: CacheTtl::OneHour,
                },
            ],
            messages: vec![
                Message {
                    role: Role::User,
                    content: vec![
                        document("a"),
                        document("b"),
                        document("c"),
                        document("d"),
                        ContentItem::Text { text: "q1".into() },
                    ],
                },
                Message {
                    role: Role::Assistant,
                    content: vec![ContentItem::Text { text: "a1".into() }],
                },
                Message {
                    role: Role::User,
                    content: vec![ContentItem::Text { text: "q2".into() }],
                },
            ],
            ..Conversation::default()
        }
    }

    fn count(c: &Conversation) -> usize {
        c.flatten().points.len()
    }

    #[test]
    fn placements_replace_the_points() {
        let c = conversation();
        let ttl = CacheTtl::FiveMinutes;
        assert_eq!(count(&apply(Placement::NoCache, &c, ttl)), 0);
        let system = apply(Placement::SystemOnly, &c, ttl);
        assert_eq!(system.system.last(), Some(&SystemItem::CachePoint { ttl }));
        assert_eq!(count(&system), 1);
        let tools = apply(Placement::SystemAndTools, &c, ttl);
        assert_eq!(
            tools
                .flatten()
                .points
                .iter()
                .map(|p| p.after_blocks)
                .collect::<Vec<_>>(),
            [1, 2]
        );
        let last = apply(Placement::SystemAndLastUser, &c, ttl);
        assert_eq!(
            last.messages[2].content.last(),
            Some(&ContentItem::CachePoint { ttl })
        );
        let per_document = apply(Placement::PerDocument, &c, ttl);
        assert_eq!(
            count(&per_document),
            4,
            "the system's and the last three documents'"
        );
        assert!(
            matches!(per_document.messages[0].content[1], ContentItem::Document { .. }),
            "not after the first"
        );
        assert_eq!(
            per_document.messages[0].content[2],
            ContentItem::CachePoint { ttl }
        );
    }

    fn turn(turn: u32, cost: f64, without: f64, read: u64, write: u64) -> StrategyTurn {
        StrategyTurn {
            turn,
            cost,
            without_cache: without,
            input_tokens: 10,
            cache_read_tokens: read,
            implicit_read_tokens: 0,
            cache_write_tokens: write,
            output_tokens: 100,
            time_to_first_token_ms: Some(if read > 0 { 300 } else { 900 }),
            total_ms: 1500,
        }
    }

    #[test]
    fn the_cheapest_finished_strategy_is_recommended_with_reasons() {
        let results = vec![
            StrategyResult {
                placement: Placement::NoCache,
                api: Api::Converse,
                session_id: "a".into(),
                turns: vec![turn(1, 0.01, 0.01, 0, 0), turn(2, 0.01, 0.01, 0, 0)],
                error: None,
            },
            StrategyResult {
                placement: Placement::SystemOnly,
                api: Api::Converse,
                session_id: "b".into(),
                turns: vec![turn(1, 0.012, 0.01, 0, 3000), turn(2, 0.002, 0.01, 3000, 0)],
                error: None,
            },
            StrategyResult {
                placement: Placement::PerDocument,
                api: Api::Converse,
                session_id: "c".into(),
                turns: vec![turn(1, 0.001, 0.01, 0, 0)],
                error: Some("throttled".into()),
            },
        ];
        let recommendation = recommend(&results).unwrap();
        assert_eq!(recommendation.placement, Placement::SystemOnly);
        let sentences: Vec<String> = recommendation.reasons.iter().map(Reason::sentence).collect();
        assert!(
            sentences[0].contains("system only") && sentences[0].contains("2 strategies"),
            "{sentences:?}"
        );
        assert!(sentences[1].contains("30% saved"), "{sentences:?}");
        assert!(
            matches!(recommendation.reasons[1], Reason::Savings { saved_percent, .. } if (saved_percent - 30.0).abs() < 1e-9)
        );
        assert!(
            sentences.iter().any(|r| r.contains("600 ms against 900 ms")),
            "{sentences:?}"
        );
        assert!(
            recommendation
                .reasons
                .contains(&Reason::WriteReadBack { tokens: 3000 })
        );
        assert!(recommend(&[]).is_none());
        assert!(
            matches!(recommendation.reasons[0], Reason::Cheapest { api: None, .. }),
            "one transport tried: none named"
        );
        assert!(!sentences.iter().any(|s| s.contains("through")), "{sentences:?}");
    }

    fn run(placement: Placement, api: Api, turns: Vec<StrategyTurn>) -> StrategyResult {
        StrategyResult {
            placement,
            api,
            session_id: format!("{placement:?}-{api:?}"),
            turns,
            error: None,
        }
    }

    #[test]
    fn across_transports_the_run_is_named_and_a_placement_that_costs_differently_says_why() {
        // "system only" writes and reads 3,000 tokens through Converse; through InvokeModel the Anthropic body
        // counts 40 tokens more, its prefix falls below the minimum, nothing caches.
        let mut invoke_first = turn(1, 0.01, 0.01, 0, 0);
        invoke_first.input_tokens = 3050;
        let results = vec![
            run(
                Placement::NoCache,
                Api::Converse,
                vec![turn(1, 0.01, 0.01, 0, 0), turn(2, 0.01, 0.01, 0, 0)],
            ),
            run(
                Placement::NoCache,
                Api::InvokeModel,
                vec![turn(1, 0.0101, 0.0101, 0, 0), turn(2, 0.0101, 0.0101, 0, 0)],
            ),
            run(
                Placement::SystemOnly,
                Api::Converse,
                vec![turn(1, 0.012, 0.01, 0, 3000), turn(2, 0.002, 0.01, 3000, 0)],
            ),
            run(
                Placement::SystemOnly,
                Api::InvokeModel,
                vec![invoke_first, turn(2, 0.01, 0.01, 0, 0)],
            ),
        ];
        let recommendation = recommend(&results).unwrap();
        assert_eq!(
            (recommendation.placement, recommendation.api),
            (Placement::SystemOnly, Api::Converse)
        );
        let sentences: Vec<String> = recommendation.reasons.iter().map(Reason::sentence).collect();
        assert!(
            sentences[0].starts_with("“system only” through Converse costs")
                && sentences[0].contains("4 strategies"),
            "{sentences:?}"
        );
        assert!(
            matches!(
                recommendation.reasons[2],
                Reason::RunnerUp {
                    placement: Placement::NoCache,
                    api: Some(Api::Converse),
                    ..
                }
            ),
            "{:?}",
            recommendation.reasons
        );
        // Time to first token against no caching through the same transport.
        assert!(recommendation.reasons.contains(&Reason::FasterFirstToken {
            with_ms: 600.0,
            without_ms: 900.0
        }));
        let differ: Vec<&Reason> = recommendation
            .reasons
            .iter()
            .filter(|r| matches!(r, Reason::TransportsDiffer { .. }))
            .collect();
        assert_eq!(
            differ.len(),
            1,
            "no cache through both costs within 1%: {differ:?}"
        );
        assert_eq!(
            differ[0],
            &Reason::TransportsDiffer {
                placement: Placement::SystemOnly,
                cheaper: Api::Converse,
                cheaper_cost: 0.014,
                dearer: Api::InvokeModel,
                dearer_cost: 0.02,
                cause: TransportCause::CacheUsage {
                    cheaper_read: 3000,
                    cheaper_write: 3000,
                    dearer_read: 0,
                    dearer_write: 0,
                    framing: true,
                },
            }
        );
        let sentence = differ[0].sentence();
        assert!(
            sentence.contains("through Converse and")
                && sentence.contains("through InvokeModel")
                && sentence.contains("InvokeModel read 0 and wrote 0")
                && sentence.contains("frame the same conversation differently"),
            "{sentence}"
        );
    }

    #[test]
    fn implicit_reads_on_one_transport_explain_its_lower_cost() {
        let mut implicit = turn(2, 0.004, 0.01, 2000, 0);
        implicit.implicit_read_tokens = 2000;
        let results = vec![
            run(
                Placement::NoCache,
                Api::Converse,
                vec![turn(1, 0.01, 0.01, 0, 0), turn(2, 0.01, 0.01, 0, 0)],
            ),
            run(
                Placement::NoCache,
                Api::Messages,
                vec![turn(1, 0.01, 0.01, 0, 0), implicit],
            ),
        ];
        let recommendation = recommend(&results).unwrap();
        assert_eq!(recommendation.api, Api::Messages);
        let cause = recommendation.reasons.iter().find_map(|r| match r {
            Reason::TransportsDiffer {
                cause,
                cheaper,
                dearer,
                ..
            } => Some((*cause, *cheaper, *dearer)),
            _ => None,
        });
        assert_eq!(
            cause,
            Some((
                TransportCause::ImplicitReads {
                    api: Api::Messages,
                    tokens: 2000
                },
                Api::Messages,
                Api::Converse
            ))
        );
        let sentence = recommendation.reasons.last().unwrap().sentence();
        assert!(
            sentence.contains("the Messages API was served 2000 tokens")
                && sentence.contains("implicit caching"),
            "{sentence}"
        );
    }

    #[test]
    fn results_kept_before_transports_read_as_converse() {
        let json = r#"{"placement":"systemOnly","sessionId":"s","turns":[],"error":null}"#;
        let result: StrategyResult = serde_json::from_str(json).unwrap();
        assert_eq!(result.api, Api::Converse);
        let reason: Reason = serde_json::from_str(
            r#"{"kind":"cheapest","placement":"systemOnly","cost":0.1,"turns":2,"finished":2}"#,
        )
        .unwrap();
        assert!(matches!(reason, Reason::Cheapest { api: None, .. }));
    }
}
