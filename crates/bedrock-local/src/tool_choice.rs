//! Which tool the simulated model calls, deterministically, so an agent loop can be demonstrated offline.
//!
//! - `toolChoice` names a tool (`tool`) or asks for any (`any`): that tool, or the first — as the service forces.
//! - Anthropic's `none`: no tool.
//! - `auto` (the default, and what agent frameworks send): no tool when the last message is the user's tool
//!   results (the model answers from them instead); otherwise the tool the last user message asks for:
//!   1. a tool it names: the tool's name appears in the question as written (`get_weather`) or as words
//!      (`get weather`); the first such tool in the request's order;
//!   2. else the tool whose name and description best match the question's words: each distinct word of the
//!      question (lower case, at least three letters, not a common word such as "what" or "the", a final "s"
//!      dropped) scores 2 when it is a word of the tool's name and 1 when it is a word of its description; the
//!      best score wins when it reaches [`THRESHOLD`], the earlier tool on a tie. Japanese and Chinese have no
//!      spaces: a run of kanji or katakana counts as a word (split at kana particles), longer runs as their
//!      overlapping two-character pieces.
//!   3. else no tool: the model answers in text.

use std::collections::BTreeMap;

use crate::prompt::{Prompt, ToolChoice, ToolSpec};

/// The score a tool needs to be called on `auto`: one word of its name, or two of its description.
pub const THRESHOLD: u32 = 2;

/// Words too common to say which tool a question is about.
const COMMON: &[&str] = &[
    "about",
    "after",
    "all",
    "also",
    "and",
    "any",
    "are",
    "can",
    "could",
    "current",
    "currently",
    "did",
    "does",
    "for",
    "from",
    "get",
    "gets",
    "give",
    "has",
    "have",
    "help",
    "how",
    "into",
    "its",
    "just",
    "know",
    "let",
    "like",
    "may",
    "more",
    "much",
    "need",
    "not",
    "now",
    "our",
    "out",
    "please",
    "provide",
    "return",
    "returns",
    "right",
    "should",
    "show",
    "some",
    "tell",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "today",
    "tool",
    "use",
    "uses",
    "using",
    "want",
    "was",
    "were",
    "what",
    "when",
    "where",
    "which",
    "who",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
];

/// Why the tool was chosen, to say so in the answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    /// The request's `toolChoice` forced it.
    Forced,
    /// The question names it.
    Named,
    /// These words of the question match its name or description.
    Matched(Vec<String>),
}

/// The tool to call and why, or `None` to answer in text.
pub fn choose(prompt: &Prompt) -> Option<(&ToolSpec, Why)> {
    match &prompt.tool_choice {
        ToolChoice::Any => prompt.tools.first().map(|tool| (tool, Why::Forced)),
        ToolChoice::Tool(name) => prompt
            .tools
            .iter()
            .find(|t| &t.name == name)
            .map(|tool| (tool, Why::Forced)),
        ToolChoice::None => None,
        ToolChoice::Auto if !prompt.tool_results.is_empty() => None,
        ToolChoice::Auto => choose_for(&prompt.tools, &prompt.last_user_text),
    }
}

fn choose_for<'a>(tools: &'a [ToolSpec], question: &str) -> Option<(&'a ToolSpec, Why)> {
    let spoken = format!(" {} ", all_words(question).join(" "));
    if let Some(tool) = tools.iter().find(|tool| {
        let name = all_words(&tool.name).join(" ");
        !name.is_empty() && spoken.contains(&format!(" {name} "))
    }) {
        return Some((tool, Why::Named));
    }
    let asked = content_words(question);
    let mut best: Option<(&ToolSpec, u32, Vec<String>)> = None;
    for tool in tools {
        let name = content_words(&tool.name);
        let description = content_words(&tool.description);
        let mut score = 0;
        let mut matched = Vec::new();
        for (word, written) in &asked {
            let weight = if name.contains_key(word) {
                2
            } else if description.contains_key(word) {
                1
            } else {
                continue;
            };
            score += weight;
            matched.push(written.clone());
        }
        if score >= THRESHOLD && best.as_ref().is_none_or(|(_, s, _)| score > *s) {
            best = Some((tool, score, matched));
        }
    }
    best.map(|(tool, _, matched)| (tool, Why::Matched(matched)))
}

/// Every word, lower case, split at anything not a letter or digit and at a capital inside a word
/// (`getWeather` → `get weather`).
fn all_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut previous_lower = false;
    for c in text.chars() {
        if !c.is_alphanumeric() {
            words.extend((!current.is_empty()).then(|| std::mem::take(&mut current)));
            previous_lower = false;
            continue;
        }
        if c.is_uppercase() && previous_lower {
            words.push(std::mem::take(&mut current));
        }
        previous_lower = c.is_lowercase();
        current.extend(c.to_lowercase());
    }
    words.extend((!current.is_empty()).then_some(current));
    words
}

/// A run of CJK characters that words are made of (kanji, katakana); kana particles and punctuation split runs.
fn is_cjk_word_char(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{30A0}'..='\u{30FF}' | '\u{F900}'..='\u{FAFF}')
}

fn is_cjk(c: char) -> bool {
    is_cjk_word_char(c)
        || matches!(c, '\u{3040}'..='\u{309F}' | '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}')
}

/// The words that say what a text is about (see the module's rules), each with the word as first written.
pub(crate) fn content_words(text: &str) -> BTreeMap<String, String> {
    let mut words = BTreeMap::new();
    let latin: String = text.chars().map(|c| if is_cjk(c) { ' ' } else { c }).collect();
    for word in all_words(&latin) {
        if word.chars().count() < 3 || COMMON.contains(&word.as_str()) {
            continue;
        }
        words.entry(stem(&word)).or_insert(word);
    }
    let mut run = Vec::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if is_cjk_word_char(c) {
            run.push(c);
            continue;
        }
        match run.len() {
            0 | 1 => {}
            2 => {
                let word: String = run.iter().collect();
                words.entry(word.clone()).or_insert(word);
            }
            _ => {
                for pair in run.windows(2) {
                    let word: String = pair.iter().collect();
                    words.entry(word.clone()).or_insert(word);
                }
            }
        }
        run.clear();
    }
    words
}

/// Drops a final "s" (not "ss"), so "cities" and "city" stay apart but "orders" and "order" meet.
fn stem(word: &str) -> String {
    match word.strip_suffix('s') {
        Some(stem) if !stem.ends_with('s') && stem.len() >= 3 => stem.to_owned(),
        _ => word.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;

    fn tool(name: &str, description: &str) -> ToolSpec {
        ToolSpec {
            name: name.into(),
            description: description.into(),
            input_schema: Value::Null,
        }
    }

    fn tools() -> Vec<ToolSpec> {
        vec![
            tool(
                "get_weather",
                "Current weather for a city: temperature and conditions.",
            ),
            tool("lookupOrder", "Look up the shipping status of an order."),
            tool(
                "search_docs",
                "Search the product documentation and return passages.",
            ),
            tool("天気予報", "都市の天気予報を返します"),
        ]
    }

    fn chosen(question: &str) -> Option<(String, Why)> {
        let tools = tools();
        choose_for(&tools, question).map(|(tool, why)| (tool.name.clone(), why))
    }

    #[test]
    fn a_named_tool_is_called() {
        assert_eq!(
            chosen("Use search_docs, please"),
            Some(("search_docs".into(), Why::Named))
        );
        assert_eq!(
            chosen("call lookup order for 12"),
            Some(("lookupOrder".into(), Why::Named))
        );
    }

    #[test]
    fn the_best_matching_description_is_called_above_the_threshold() {
        assert_eq!(
            chosen("What's the weather in Lisbon?"),
            Some(("get_weather".into(), Why::Matched(vec!["weather".into()])))
        );
        assert_eq!(
            chosen("Has my order shipped? What is its status?"),
            Some((
                "lookupOrder".into(),
                Why::Matched(vec!["order".into(), "status".into()])
            ))
        );
        // "shipping" and "status" are description words only: 1 + 1 reaches the threshold.
        assert_eq!(
            chosen("shipping status please").map(|c| c.0),
            Some("lookupOrder".into())
        );
        // One description word is not enough.
        assert_eq!(chosen("Tell me about shipping"), None);
        assert_eq!(chosen("What is prompt caching?"), None);
        assert_eq!(chosen(""), None);
    }

    #[test]
    fn japanese_questions_match_by_kanji_words() {
        assert_eq!(
            chosen("東京の天気予報を教えて").map(|c| c.0),
            Some("天気予報".into()),
            "its name's words"
        );
        let tools = vec![tool("get_weather", "都市の現在の天気を返します")];
        let asked = |q: &str| choose_for(&tools, q).map(|(t, _)| t.name.clone());
        assert_eq!(
            asked("東京の現在の天気は？"),
            Some("get_weather".into()),
            "天気 and 現在"
        );
        assert_eq!(asked("東京の天気は？"), None, "one description word");
        assert_eq!(
            content_words("天気予報を見る").into_keys().collect::<Vec<_>>(),
            ["予報", "天気", "気予"]
        );
    }

    #[test]
    fn forced_none_and_after_a_result() {
        let body = |choice: Value, last: Value| {
            serde_json::json!({
                "messages": [{"role": "user", "content": [{"text": "What's the weather in Lisbon?"}]},
                    {"role": "assistant", "content": [{"toolUse": {"toolUseId": "t1", "name": "get_weather", "input": {}}}]},
                    last],
                "toolConfig": {"tools": [
                    {"toolSpec": {"name": "get_weather", "description": "weather", "inputSchema": {"json": {}}}},
                    {"toolSpec": {"name": "other", "inputSchema": {"json": {}}}}],
                    "toolChoice": choice}
            })
        };
        let result = serde_json::json!({"role": "user", "content": [{"toolResult": {"toolUseId": "t1", "content": [{"text": "sunny"}]}}]});
        let question =
            serde_json::json!({"role": "user", "content": [{"text": "And the weather in Porto?"}]});
        let name = |choice: Value, last: &Value| {
            let prompt = Prompt::from_converse(&body(choice, last.clone())).unwrap();
            choose(&prompt).map(|(tool, why)| (tool.name.clone(), why))
        };
        assert_eq!(
            name(serde_json::json!({"auto": {}}), &result),
            None,
            "answers from the result"
        );
        assert_eq!(
            name(serde_json::json!({"auto": {}}), &question).map(|c| c.0),
            Some("get_weather".into()),
            "a new question after the loop may call again"
        );
        assert_eq!(
            name(serde_json::json!({"tool": {"name": "other"}}), &result),
            Some(("other".into(), Why::Forced))
        );
        assert_eq!(
            name(serde_json::json!({"any": {}}), &result),
            Some(("get_weather".into(), Why::Forced))
        );
    }
}
