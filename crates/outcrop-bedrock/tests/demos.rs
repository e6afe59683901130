//! The shipped demos played against bedrock-local through the playground engine, as the player plays them: each
//! question sent in turn, a tool call answered from the demo's script until the model answers in text. The
//! long-document demo writes its handbook once and reads it on every later question; the agent demo calls the tool
//! each question asks for and reads its tool list from the cache.

#![allow(clippy::unwrap_used)] // a test fails loudly

use outcrop_bedrock::playground::{Draft, TurnRecord, TurnStatus};
use outcrop_core::conversation::{ContentItem, Message, Role};
use outcrop_core::demo::{Demo, MAX_TOOL_ROUNDS, ask, shipped_demos};

mod playground_support;
mod support;

use playground_support::*;

/// Plays every question of `demo` in a new session; its ID and, for each question, the turns it took (one, or
/// one per tool round and the answer).
async fn play(w: &World, demo: &Demo) -> (String, Vec<Vec<TurnRecord>>) {
    let target = w.target(&demo.model_choice).await;
    let session = w
        .service
        .create_session(
            &demo.title,
            Draft {
                conversation: demo.opening(),
                model_choice: demo.model_choice.clone(),
                api: demo.api,
            },
            None,
        )
        .unwrap();
    let mut draft = Draft {
        conversation: demo.opening(),
        model_choice: demo.model_choice.clone(),
        api: demo.api,
    };
    let mut played = Vec::new();
    for question in &demo.questions {
        draft.conversation = ask(&draft.conversation, question);
        let mut turns = Vec::new();
        loop {
            let (turn, _) = w.send(&session.id, &draft, &target).await;
            assert_eq!(turn.status, TurnStatus::Complete, "{}: {:?}", demo.id, turn.error);
            draft.conversation.messages.push(Message {
                role: Role::Assistant,
                content: turn.reply.clone(),
            });
            let results = demo.tool_results_for(&turn.reply);
            turns.push(turn);
            if results.is_empty() {
                break;
            }
            assert!(
                turns.len() <= MAX_TOOL_ROUNDS as usize,
                "{}: a tool loop that does not end",
                demo.id
            );
            draft.conversation.messages.push(Message {
                role: Role::User,
                content: results,
            });
        }
        played.push(turns);
    }
    (session.id, played)
}

fn text(turn: &TurnRecord) -> String {
    turn.reply
        .iter()
        .filter_map(|c| match c {
            ContentItem::Text { text } => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

fn tool_called(turn: &TurnRecord) -> Option<(String, serde_json::Value)> {
    turn.reply.iter().find_map(|c| match c {
        ContentItem::ToolUse { name, input, .. } => {
            Some((name.clone(), serde_json::from_str(input).unwrap()))
        }
        _ => None,
    })
}

#[tokio::test]
async fn the_long_document_demo_writes_its_handbook_once_then_reads_it_in_both_languages() {
    let w = world().await;
    for demo in shipped_demos()
        .iter()
        .filter(|d| d.id.starts_with("long-document-qa."))
    {
        let (_, played) = play(&w, demo).await;
        assert_eq!(played.len(), demo.questions.len());
        let first = played[0][0].usage.unwrap();
        assert!(first.cache_write_tokens() >= 2048, "{}: {first:?}", demo.id);
        for turns in &played[1..] {
            let usage = turns[0].usage.unwrap();
            assert_eq!(
                usage.cache_read_input_tokens,
                first.cache_write_tokens(),
                "{}: {usage:?}",
                demo.id
            );
            assert!(turns[0].cost.as_ref().unwrap().saved > 0.0);
        }
    }
}

#[tokio::test]
async fn the_agent_demo_calls_the_tool_each_question_asks_for_and_reads_its_tool_list_from_the_cache() {
    let w = world().await;
    let expected = [
        (Some("get_weather"), Some(("city", "Lisbon", "リスボン"))),
        (Some("convert_currency"), Some(("amount", "250", "250"))),
        (Some("find_hotels"), Some(("city", "Tokyo", "東京"))),
        (Some("get_local_time"), Some(("city", "Tokyo", "東京"))),
        (None, None),
    ];
    for demo in shipped_demos()
        .iter()
        .filter(|d| d.id.starts_with("travel-agent."))
    {
        let (session, played) = play(&w, demo).await;
        let mut first_write = None;
        for (q, (turns, (tool, arg))) in played.iter().zip(expected).enumerate() {
            let called = tool_called(&turns[0]);
            assert_eq!(
                called.as_ref().map(|c| c.0.as_str()),
                tool,
                "{} question {}: {}",
                demo.id,
                q + 1,
                text(&turns[0])
            );
            if let (Some((_, input)), Some((field, en, ja))) = (&called, arg) {
                let want = if demo.lang == "ja" { ja } else { en };
                let got = match &input[field] {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                assert_eq!(got, want, "{} question {}: {input}", demo.id, q + 1);
                // The answer after the tool's scripted result quotes it.
                let answer = text(turns.last().unwrap());
                assert_eq!(turns.len(), 2, "{}: one tool round, then the answer", demo.id);
                for result in demo.tool_results_for(&turns[0].reply) {
                    if let ContentItem::ToolResult { text: result, .. } = result {
                        assert!(
                            answer.contains(&result),
                            "{} question {}: {answer}",
                            demo.id,
                            q + 1
                        );
                    }
                }
            }
            for turn in turns {
                let usage = turn.usage.unwrap();
                match first_write {
                    None => first_write = Some(usage.cache_write_tokens()),
                    Some(written) => assert!(
                        usage.cache_read_input_tokens >= written,
                        "{} question {}: the tool list is read from the cache: {usage:?}",
                        demo.id,
                        q + 1
                    ),
                }
            }
        }
        assert!(first_write.unwrap() >= 2048, "{}", demo.id);

        // Recorded from the session, the demo asks the same questions and scripts what the tools answered.
        let recorded = w
            .service
            .demo_from_session(
                &session,
                &format!("recorded-{}", demo.lang),
                "Recorded",
                &demo.lang,
            )
            .unwrap()
            .demo;
        assert_eq!(recorded.questions, demo.questions);
        assert_eq!(recorded.conversation, demo.conversation);
        assert_eq!(
            recorded.tool_results["get_weather"],
            demo.tool_results_for(&played[0][0].reply)
                .iter()
                .find_map(|c| match c {
                    ContentItem::ToolResult { text, .. } => Some(text.clone()),
                    _ => None,
                })
                .unwrap()
        );
    }
}
