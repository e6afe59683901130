//! The placement bake-off: the same scripted multi-turn session under several cache-point placements, and a
//! recommendation with its reasoning. Placing the points and judging the results need no network.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::conversation::{ContentItem, Conversation, Role, SystemItem, ToolItem};
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
    /// After each document (the last three), and after the system prompt.
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
                    if matches!(item, ContentItem::Document { .. }) {
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

/// One reason for a recommendation, with its figures; the UI words it in the person's language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum Reason {
    /// The cheapest of the strategies that finished.
    Cheapest {
        placement: Placement,
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
}

impl Reason {
    /// The reason in English, for logs and the CLI.
    pub fn sentence(&self) -> String {
        match self {
            Self::Cheapest {
                placement,
                cost,
                turns,
                finished,
            } => format!(
                "“{}” costs {} over {turns} turns, the least of the {finished} strategies that finished.",
                placement.label(),
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
                cost,
                difference,
            } => format!(
                "The next best, “{}”, costs {} ({} more).",
                placement.label(),
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
        }
    }
}

/// The strategy to use, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Recommendation {
    pub placement: Placement,
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

/// The cheapest complete strategy, with the figures that make it so. `None` when no strategy finished.
pub fn recommend(results: &[StrategyResult]) -> Option<Recommendation> {
    let complete: Vec<&StrategyResult> = results
        .iter()
        .filter(|r| r.error.is_none() && !r.turns.is_empty())
        .collect();
    let best = complete
        .iter()
        .min_by(|a, b| a.total_cost().total_cmp(&b.total_cost()))?;
    let turns = best.turns.len();
    let mut reasons = vec![Reason::Cheapest {
        placement: best.placement,
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
        .filter(|r| r.placement != best.placement)
        .min_by(|a, b| a.total_cost().total_cmp(&b.total_cost()))
    {
        reasons.push(Reason::RunnerUp {
            placement: runner_up.placement,
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
    if let (Some(fast), Some(slow)) = (
        best.mean_time_to_first_token_ms(),
        complete
            .iter()
            .find(|r| r.placement == Placement::NoCache)
            .and_then(|r| r.mean_time_to_first_token_ms()),
    ) && best.placement != Placement::NoCache
    {
        reasons.push(Reason::FasterFirstToken {
            with_ms: fast,
            without_ms: slow,
        });
    }
    Some(Recommendation {
        placement: best.placement,
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
                session_id: "a".into(),
                turns: vec![turn(1, 0.01, 0.01, 0, 0), turn(2, 0.01, 0.01, 0, 0)],
                error: None,
            },
            StrategyResult {
                placement: Placement::SystemOnly,
                session_id: "b".into(),
                turns: vec![turn(1, 0.012, 0.01, 0, 3000), turn(2, 0.002, 0.01, 3000, 0)],
                error: None,
            },
            StrategyResult {
                placement: Placement::PerDocument,
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
    }
}
