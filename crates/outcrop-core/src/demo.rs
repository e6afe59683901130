//! Scripted demos: what a demo sends before its first question (tools, system prompt, documents, the cache points
//! that are its placements, the parameters), the questions it asks in order, and — for a tool-using demo — what
//! each tool answers. A demo is a file (`outcrop-demo`, version 1); two ship with Outcrop in English and Japanese.
//!
//! Playing a question: it becomes the text of the last user message when that message has no text yet (the
//! documents of the first turn wait there for it), else a new user message. When the model calls a tool, the demo
//! answers with the tool's scripted result, `{field}` replaced by the call's input, and the loop goes on until the
//! model answers in text.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::connection_input::{FieldError, Rule};
use crate::conversation::{Api, ContentItem, Conversation, Message, Role, ToolItem};
use crate::field_rule::count;

pub const DEMO_FORMAT: &str = "outcrop-demo";
pub const DEMO_VERSION: u32 = 1;
/// The most questions a demo asks.
pub const MAX_DEMO_QUESTIONS: usize = 20;
/// The most tool calls one question may make before the player stops the loop (a model calling tools forever).
pub const MAX_TOOL_ROUNDS: u32 = 5;

/// A scripted demo.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Demo {
    pub format: String,
    pub version: u32,
    /// A stable name: letters, digits, `.`, `-` and `_` (`long-document-qa.en`).
    pub id: String,
    pub title: String,
    pub description: String,
    /// The language its texts are written in (`en`, `ja`).
    pub lang: String,
    /// The model or profile it is made for; another can be chosen when playing.
    pub model_choice: String,
    pub api: Api,
    /// What is sent before the first question: tools, system prompt, documents, cache points, parameters.
    pub conversation: Conversation,
    /// The questions, in the order they are asked.
    pub questions: Vec<String>,
    /// What each tool answers, by tool name; `{field}` is replaced by the call's input field of that name.
    #[serde(default)]
    pub tool_results: BTreeMap<String, String>,
}

/// Where a demo came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum DemoSource {
    /// Shipped with Outcrop.
    Shipped,
    /// Imported by the person (kept in the data folder).
    Imported,
}

impl Demo {
    /// The demo read from a file's text, checked; the rule broken otherwise, at the field `file` or the demo's.
    pub fn from_json(json: &str) -> Result<Self, Vec<FieldError>> {
        let demo: Self = serde_json::from_str(json).map_err(|e| {
            vec![FieldError::new(
                "file",
                Rule::NotDemo {
                    line: count(e.line()),
                    column: count(e.column()),
                    error: e.to_string(),
                },
                format!(
                    "This is not an Outcrop demo (line {}, column {}: {e}).",
                    e.line(),
                    e.column()
                ),
            )]
        })?;
        let problems = demo.problems();
        if problems.is_empty() {
            Ok(demo)
        } else {
            Err(problems)
        }
    }

    /// The demo as a file's text.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// What makes the demo unplayable, each at its field.
    pub fn problems(&self) -> Vec<FieldError> {
        let mut problems = Vec::new();
        if self.format != DEMO_FORMAT || self.version != DEMO_VERSION {
            problems.push(FieldError::new(
                "file",
                Rule::DemoVersion {
                    format: self.format.clone(),
                    version: self.version,
                },
                format!(
                    "This file is \"{}\" version {}; Outcrop plays \"{DEMO_FORMAT}\" version {DEMO_VERSION}.",
                    self.format, self.version
                ),
            ));
            return problems;
        }
        let id_ok = !self.id.is_empty()
            && self.id.len() <= 64
            && self
                .id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
        if !id_ok {
            problems.push(FieldError::new(
                "id",
                Rule::DemoId { max: 64 },
                "A demo's id is 1 to 64 letters, digits, '.', '-' or '_'.".to_owned(),
            ));
        }
        if self.title.trim().is_empty() {
            problems.push(FieldError::new(
                "title",
                Rule::DemoTitleEmpty,
                "A demo needs a title.".to_owned(),
            ));
        }
        if self.questions.is_empty() || self.questions.len() > MAX_DEMO_QUESTIONS {
            problems.push(FieldError::new(
                "questions",
                Rule::DemoQuestionCount {
                    max: count(MAX_DEMO_QUESTIONS),
                },
                format!("A demo asks 1 to {MAX_DEMO_QUESTIONS} questions."),
            ));
        }
        for (i, question) in self.questions.iter().enumerate() {
            if question.trim().is_empty() {
                problems.push(FieldError::new(
                    format!("questions[{i}]"),
                    Rule::DemoQuestionEmpty,
                    format!("Question {} is empty.", i + 1),
                ));
            }
        }
        for item in &self.conversation.tools {
            if let ToolItem::Tool { name, .. } = item
                && !self.tool_results.is_empty()
                && !self.tool_results.contains_key(name)
            {
                problems.push(FieldError::new(
                    "toolResults",
                    Rule::DemoToolResultMissing { tool: name.clone() },
                    format!("The demo says what its tools answer, but not what {name} answers."),
                ));
            }
        }
        // The conversation as the first question makes it must be one Bedrock takes.
        if let Some(first) = self.questions.first() {
            for mut problem in self.with_question(first).problems() {
                problem.field = format!("conversation.{}", problem.field);
                problems.push(problem);
            }
        }
        problems
    }

    /// The conversation before any question, for a session to start from.
    pub fn opening(&self) -> Conversation {
        self.conversation.clone()
    }

    /// The demo's opening conversation with `question` asked.
    pub fn with_question(&self, question: &str) -> Conversation {
        ask(&self.conversation, question)
    }

    /// The tool results that answer the calls in `reply`, as the content of the next user message; empty when the
    /// reply calls no tool. A tool the demo has no result for answers that it is not available.
    pub fn tool_results_for(&self, reply: &[ContentItem]) -> Vec<ContentItem> {
        reply
            .iter()
            .filter_map(|item| match item {
                ContentItem::ToolUse {
                    tool_use_id,
                    name,
                    input,
                } => Some(ContentItem::ToolResult {
                    tool_use_id: tool_use_id.clone(),
                    text: self.tool_results.get(name).map_or_else(
                        || format!("{name} is not available in this demo."),
                        |template| fill(template, input),
                    ),
                }),
                _ => None,
            })
            .collect()
    }
}

impl Demo {
    /// A demo of a session as it was played: `requests` are its turns' requests in order. Each turn that asked
    /// something gives a question (its last user message's text); a turn that only answered tool calls gives
    /// the script for those tools (the first answer of each); the first request without its question is the
    /// opening. `None` when no turn asked anything.
    pub fn from_turns(
        id: &str,
        title: &str,
        lang: &str,
        model_choice: &str,
        api: Api,
        requests: &[Conversation],
    ) -> Option<Self> {
        let mut questions = Vec::new();
        let mut tool_results = BTreeMap::new();
        let mut opening = None;
        for request in requests {
            let Some(last) = request.messages.last().filter(|m| m.role == Role::User) else {
                continue;
            };
            let question: Vec<&str> = last
                .content
                .iter()
                .filter_map(|c| match c {
                    ContentItem::Text { text } if !text.trim().is_empty() => Some(text.as_str()),
                    _ => None,
                })
                .collect();
            if question.is_empty() {
                let calls: BTreeMap<&str, &str> = request
                    .messages
                    .iter()
                    .flat_map(|m| &m.content)
                    .filter_map(|c| match c {
                        ContentItem::ToolUse {
                            tool_use_id, name, ..
                        } => Some((tool_use_id.as_str(), name.as_str())),
                        _ => None,
                    })
                    .collect();
                for item in &last.content {
                    if let ContentItem::ToolResult { tool_use_id, text } = item
                        && let Some(name) = calls.get(tool_use_id.as_str())
                    {
                        tool_results
                            .entry((*name).to_owned())
                            .or_insert_with(|| text.clone());
                    }
                }
                continue;
            }
            questions.push(question.join("\n"));
            if opening.is_none() {
                let mut first = request.clone();
                if let Some(last) = first.messages.last_mut() {
                    last.content.retain(|c| !matches!(c, ContentItem::Text { .. }));
                    if last
                        .content
                        .iter()
                        .all(|c| matches!(c, ContentItem::CachePoint { .. }))
                    {
                        first.messages.pop();
                    }
                }
                opening = Some(first);
            }
        }
        let conversation = opening?;
        if !tool_results.is_empty() {
            for item in &conversation.tools {
                if let ToolItem::Tool { name, .. } = item {
                    tool_results
                        .entry(name.clone())
                        .or_insert_with(|| format!("{name} was not called when this demo was recorded."));
                }
            }
        }
        Some(Self {
            format: DEMO_FORMAT.to_owned(),
            version: DEMO_VERSION,
            id: id.to_owned(),
            title: title.to_owned(),
            description: String::new(),
            lang: lang.to_owned(),
            model_choice: model_choice.to_owned(),
            api,
            conversation,
            questions,
            tool_results,
        })
    }
}

/// `conversation` with `question` asked: the text of its last user message when that has none yet, else a new
/// user message.
pub fn ask(conversation: &Conversation, question: &str) -> Conversation {
    let mut out = conversation.clone();
    let text = ContentItem::Text {
        text: question.to_owned(),
    };
    match out.messages.last_mut() {
        Some(last)
            if last.role == Role::User
                && !last
                    .content
                    .iter()
                    .any(|c| matches!(c, ContentItem::Text { text } if !text.trim().is_empty())) =>
        {
            last.content
                .retain(|c| !matches!(c, ContentItem::Text { text } if text.trim().is_empty()));
            last.content.push(text);
        }
        _ => out.messages.push(Message {
            role: Role::User,
            content: vec![text],
        }),
    }
    out
}

/// `template` with each `{field}` replaced by that field of the call's JSON input (strings as they are, other
/// values as JSON); a field the input lacks stays as written.
fn fill(template: &str, input: &str) -> String {
    let input: Value = serde_json::from_str(input).unwrap_or(Value::Null);
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close)
                if after[..close]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_')
                    && !after[..close].is_empty() =>
            {
                let field = &after[..close];
                match input.get(field) {
                    Some(Value::String(s)) => out.push_str(s),
                    Some(other) => out.push_str(&other.to_string()),
                    None => out.push_str(&rest[open..open + close + 2]),
                }
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The demos that ship with Outcrop, by file.
pub const SHIPPED_DEMOS: [&str; 4] = [
    include_str!("../data/demos/long-document-qa.en.json"),
    include_str!("../data/demos/long-document-qa.ja.json"),
    include_str!("../data/demos/travel-agent.en.json"),
    include_str!("../data/demos/travel-agent.ja.json"),
];

/// The shipped demos, parsed (each is checked by a unit test).
pub fn shipped_demos() -> Vec<Demo> {
    SHIPPED_DEMOS
        .iter()
        .filter_map(|json| Demo::from_json(json).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ModelFactsTable;
    use crate::cache_plan::Planner;

    #[test]
    fn every_shipped_demo_is_valid_and_its_cache_points_cache_on_its_model() {
        let facts = ModelFactsTable::bundled();
        assert_eq!(shipped_demos().len(), SHIPPED_DEMOS.len());
        let mut langs = BTreeMap::<String, Vec<String>>::new();
        for json in SHIPPED_DEMOS {
            let demo = Demo::from_json(json).unwrap_or_else(|p| panic!("{p:?}"));
            langs.entry(demo.lang.clone()).or_default().push(demo.id.clone());
            let model = demo
                .model_choice
                .trim_start_matches("us.")
                .trim_start_matches("global.");
            let facts = facts
                .lookup(model)
                .unwrap_or_else(|| panic!("{}: {model}", demo.id));
            let flat = demo.with_question(&demo.questions[0]).flatten();
            let plan = Planner::new().plan(&flat.blocks, &flat.points, Some(facts), None);
            assert!(!plan.points.is_empty(), "{}: a demo shows caching", demo.id);
            for point in &plan.points {
                assert!(
                    point.caches,
                    "{}: point after {} blocks holds {} tokens (estimated), below {}",
                    demo.id, point.after_blocks, point.prefix_tokens, facts.cache.min_tokens
                );
            }
        }
        assert_eq!(
            langs["en"].len(),
            langs["ja"].len(),
            "every demo in both languages"
        );
    }

    #[test]
    fn a_question_fills_the_waiting_user_message_or_starts_a_new_one() {
        let mut conversation = Conversation::simple("sys", "");
        conversation.messages[0].content.insert(
            0,
            ContentItem::Document {
                name: "doc".into(),
                format: crate::conversation::DocumentFormat::Txt,
                text: "body".into(),
            },
        );
        let asked = ask(&conversation, "first?");
        assert_eq!(asked.messages.len(), 1);
        assert_eq!(
            asked.messages[0].content.last(),
            Some(&ContentItem::Text {
                text: "first?".into()
            })
        );
        assert_eq!(asked.messages[0].content.len(), 2, "the empty text is replaced");
        let mut answered = asked.clone();
        answered.messages.push(Message {
            role: Role::Assistant,
            content: vec![ContentItem::Text { text: "a".into() }],
        });
        let next = ask(&answered, "second?");
        assert_eq!(next.messages.len(), 3);
        assert_eq!(next.messages[2].role, Role::User);
    }

    #[test]
    fn tool_calls_are_answered_from_the_script_with_the_call_s_input() {
        let demo = Demo::from_json(SHIPPED_DEMOS[2]).unwrap();
        let reply = vec![
            ContentItem::Text {
                text: "Let me check.".into(),
            },
            ContentItem::ToolUse {
                tool_use_id: "t1".into(),
                name: "get_weather".into(),
                input: r#"{"city": "Lisbon", "days": 2}"#.into(),
            },
            ContentItem::ToolUse {
                tool_use_id: "t2".into(),
                name: "no_such_tool".into(),
                input: "{}".into(),
            },
        ];
        let results = demo.tool_results_for(&reply);
        assert_eq!(results.len(), 2);
        match &results[0] {
            ContentItem::ToolResult { tool_use_id, text } => {
                assert_eq!(tool_use_id, "t1");
                assert!(text.contains("Lisbon"), "{text}");
                assert!(!text.contains("{city}"), "{text}");
            }
            other => panic!("{other:?}"),
        }
        assert!(
            matches!(&results[1], ContentItem::ToolResult { text, .. } if text.contains("not available"))
        );
        assert_eq!(
            fill("{a} and {b} and {x y}", r#"{"a": "A", "b": 3}"#),
            "A and 3 and {x y}"
        );
        assert!(
            demo.tool_results_for(&[ContentItem::Text { text: "done".into() }])
                .is_empty()
        );
    }

    #[test]
    fn a_played_session_becomes_a_demo_that_plays_the_same_questions() {
        let shipped = Demo::from_json(SHIPPED_DEMOS[2]).unwrap();
        // As the player sends them: question, tool round, answer; then a question answered in text.
        let mut requests = Vec::new();
        let first = shipped.with_question(&shipped.questions[0]);
        requests.push(first.clone());
        let call = ContentItem::ToolUse {
            tool_use_id: "t1".into(),
            name: "get_weather".into(),
            input: r#"{"city":"Lisbon"}"#.into(),
        };
        let mut round = first.clone();
        round.messages.push(Message {
            role: Role::Assistant,
            content: vec![call.clone()],
        });
        round.messages.push(Message {
            role: Role::User,
            content: shipped.tool_results_for(&[call]),
        });
        requests.push(round.clone());
        let mut answered = round;
        answered.messages.push(Message {
            role: Role::Assistant,
            content: vec![ContentItem::Text {
                text: "Sunny.".into(),
            }],
        });
        requests.push(ask(&answered, &shipped.questions[4]));
        let demo = Demo::from_turns(
            "mine",
            "Mine",
            "en",
            &shipped.model_choice,
            shipped.api,
            &requests,
        )
        .unwrap();
        assert_eq!(
            demo.questions,
            [shipped.questions[0].clone(), shipped.questions[4].clone()]
        );
        assert_eq!(
            demo.conversation, shipped.conversation,
            "the opening is the conversation before the question"
        );
        assert!(demo.tool_results["get_weather"].contains("Lisbon"));
        assert!(demo.tool_results["find_hotels"].contains("not called"));
        assert!(demo.problems().is_empty(), "{:?}", demo.problems());
        let back = Demo::from_json(&demo.to_json()).unwrap();
        assert_eq!(back, demo);
        assert!(Demo::from_turns("x", "X", "en", "m", Api::Converse, &[]).is_none());
    }

    #[test]
    fn a_file_that_is_not_a_playable_demo_is_refused_with_the_rule() {
        let rules = |json: &str| -> Vec<Rule> {
            Demo::from_json(json)
                .err()
                .unwrap()
                .into_iter()
                .map(|p| p.rule)
                .collect()
        };
        assert!(matches!(rules("{")[0], Rule::NotDemo { line: 1, .. }));
        let mut demo: Value = serde_json::from_str(SHIPPED_DEMOS[0]).unwrap();
        demo["version"] = 2.into();
        assert_eq!(
            rules(&demo.to_string()),
            [Rule::DemoVersion {
                format: DEMO_FORMAT.into(),
                version: 2
            }]
        );
        demo["version"] = 1.into();
        demo["questions"] = serde_json::json!(["What?", "  "]);
        demo["id"] = "no spaces please".into();
        assert_eq!(
            rules(&demo.to_string()),
            [Rule::DemoId { max: 64 }, Rule::DemoQuestionEmpty]
        );
        demo["id"] = "ok".into();
        demo["questions"] = serde_json::json!([]);
        assert_eq!(rules(&demo.to_string()), [Rule::DemoQuestionCount { max: 20 }]);
        let mut agent: Value = serde_json::from_str(SHIPPED_DEMOS[2]).unwrap();
        let tool = agent["toolResults"]
            .as_object()
            .unwrap()
            .keys()
            .next()
            .unwrap()
            .clone();
        agent["toolResults"].as_object_mut().unwrap().remove(&tool);
        assert_eq!(rules(&agent.to_string()), [Rule::DemoToolResultMissing { tool }]);
    }
}
