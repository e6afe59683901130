//! The playground engine through the real AWS SDK, over HTTP, against bedrock-local: plan, send, account,
//! explain, keep.

#![allow(clippy::unwrap_used)] // a test fails loudly; helpers included

use std::sync::{Arc, Mutex};
use std::time::Duration;

use bedrock_local::{Fault, FaultPlan, LatencyModel};
use outcrop_bedrock::playground::{Api, Draft, RunKind, Target, TurnEvent, TurnRecord, TurnStatus};
use outcrop_core::ErrorCode;
use outcrop_core::cache_plan::{LintKind, PointProblem};
use outcrop_core::cache_tracker::{MissCause, PointAction};
use outcrop_core::conversation::{ContentItem, Conversation, DocumentFormat, Message, Role, SystemItem};
use outcrop_core::model_facts::CacheTtl;

mod playground_support;
mod support;

use playground_support::*;

/// System prompt (3 tokens), a 3,000-token document, a cache point, then the question.
fn handbook(question: &str) -> Conversation {
    Conversation {
        system: vec![SystemItem::Text {
            text: "Answer from handbook".into(),
        }],
        messages: vec![Message {
            role: Role::User,
            content: vec![
                ContentItem::Document {
                    name: "handbook".into(),
                    format: DocumentFormat::Txt,
                    text: words(3000),
                },
                ContentItem::CachePoint {
                    ttl: CacheTtl::FiveMinutes,
                },
                ContentItem::Text {
                    text: question.into(),
                },
            ],
        }],
        ..Conversation::default()
    }
}

fn pricing_break_even() -> u32 {
    let prices = outcrop_core::pricing::PriceTable::bundled()
        .prices("anthropic.claude-3-7-sonnet-20250219-v1:0", Some("us"))
        .unwrap();
    outcrop_core::pricing::break_even_reads(&prices, false).unwrap()
}

/// Two turns of the handbook session on a server that faults every second runtime request: the first turn
/// completes, the second meets the fault.
struct FaultedSecondTurn {
    w: World,
    session: String,
    draft: Draft,
    first: TurnRecord,
    second: TurnRecord,
    events: Vec<TurnEvent>,
}

async fn second_turn_meets(fault: Fault) -> FaultedSecondTurn {
    let w = world_with(Some(FaultPlan { fault, every: 2 }), LatencyModel::NONE).await;
    let target = w.target(SONNET_37_PROFILE).await;
    let (session, mut draft) = w.session(handbook("What is alpha"), Api::Converse);
    let (first, _) = w.send(&session, &draft, &target).await;
    ask(&mut draft, &first, "What is beta");
    let (second, events) = w.send(&session, &draft, &target).await;
    FaultedSecondTurn {
        w,
        session,
        draft,
        first,
        second,
        events,
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

#[tokio::test]
async fn a_long_document_and_four_questions_write_once_then_read() {
    let w = world().await;
    let target = w.target(SONNET_37_PROFILE).await;
    assert_eq!(
        target.resolution.foundation_model_id.as_deref(),
        Some("anthropic.claude-3-7-sonnet-20250219-v1:0")
    );
    let (session, mut draft) = w.session(handbook("What is alpha"), Api::Converse);

    // As the app does after an edit: CountTokens sizes each block (bare model ID), then the plan is exact.
    let report = w
        .service
        .count_tokens(&w.runtime, &draft.conversation, Api::Converse, &target)
        .await
        .unwrap();
    assert_eq!(report.estimated_blocks, 0, "{report:?}");
    let plan = w
        .service
        .plan(Some(&session), &draft.conversation, Api::Converse, &target)
        .unwrap();
    assert!(plan.problems.is_empty(), "{:?}", plan.problems);
    assert_eq!(plan.caching.as_ref().unwrap().min_tokens, 1024);
    assert!(plan.plan.points[0].caches && !plan.plan.estimated);
    // The prefix: the system prompt, the document and its name, as counted.
    let prefix = u64::from(plan.plan.points[0].prefix_tokens);
    assert!((3000..3020).contains(&prefix), "{prefix}");

    let mut turns = Vec::new();
    for (i, question) in ["What is alpha", "What is beta", "Where is river", "Why stone"]
        .iter()
        .enumerate()
    {
        if i > 0 {
            ask(&mut draft, turns.last().unwrap(), question);
            w.clock.advance(Duration::from_secs(60));
        }
        w.service
            .count_tokens(&w.runtime, &draft.conversation, Api::Converse, &target)
            .await
            .unwrap();
        let (turn, events) = w.send(&session, &draft, &target).await;
        assert_eq!(turn.status, TurnStatus::Complete, "{:?}", turn.error);
        assert!(events.iter().any(|e| matches!(e, TurnEvent::TextDelta { .. })));
        assert!(matches!(events.last(), Some(TurnEvent::Finished { .. })));
        turns.push(turn);
    }

    // Turn 1 writes the prefix (system + document); turns 2–4 read it, exactly as predicted.
    let u1 = turns[0].usage.unwrap();
    assert_eq!((u1.cache_write5m_tokens, u1.cache_read_input_tokens), (prefix, 0));
    assert_eq!(turns[0].prediction.write_tokens(), prefix as u32);
    for turn in &turns[1..] {
        let u = turn.usage.unwrap();
        assert_eq!(
            (u.cache_read_input_tokens, u.cache_write_tokens()),
            (prefix, 0),
            "turn {}",
            turn.seq
        );
        assert_eq!(turn.prediction.read_tokens, prefix as u32);
        let reconciliation = turn.reconciliation.as_ref().unwrap();
        assert!(
            reconciliation.matches && reconciliation.exact,
            "{reconciliation:?}"
        );
    }

    // Claude 3.7 Sonnet through us.: $3 input, $15 output, $3.75 5-minute write, $0.30 read per million.
    for turn in &turns {
        let u = turn.usage.unwrap();
        let cost = turn.cost.unwrap();
        let by_hand = (u.input_tokens as f64 * 3.0
            + u.cache_write5m_tokens as f64 * 3.75
            + u.cache_read_input_tokens as f64 * 0.3
            + u.output_tokens as f64 * 15.0)
            / 1e6;
        assert!(
            close(cost.total, by_hand),
            "turn {}: {} vs {by_hand}",
            turn.seq,
            cost.total
        );
    }
    // Turn 1 pays $0.75/M more than uncached input for the prefix; each read saves $2.70/M of it.
    let (penalty, saving) = (prefix as f64 * 0.75 / 1e6, prefix as f64 * 2.7 / 1e6);
    assert!(close(turns[0].cost.unwrap().saved, -penalty));
    for turn in &turns[1..] {
        assert!(close(turn.cost.unwrap().saved, saving));
    }
    assert_eq!(
        pricing_break_even(),
        1,
        "one read repays a 5-minute write on Claude"
    );
    let session = w.service.session(&session).unwrap();
    assert_eq!(session.turns.len(), 4);
    assert_eq!(session.totals.turns, 4);
    assert!(close(session.totals.saved, 3.0 * saving - penalty));
    assert_eq!(session.totals.usage.cache_read_input_tokens, 3 * prefix);
    // The TTL tracker: the prefix was renewed by the last read.
    assert_eq!(session.cache.len(), 1);
    assert_eq!(u64::from(session.cache[0].tokens), prefix);
    assert_eq!(session.cache[0].reads, 3);
    assert_eq!(session.cache[0].expires_at_ms, turns[3].started_at_ms + 300_000);
    // The draft ends with the last answer, ready for the next question.
    assert_eq!(
        session.draft.conversation.messages.last().unwrap().role,
        Role::Assistant
    );
    w.server.shutdown().await;
}

#[tokio::test]
async fn the_invoke_model_path_accounts_the_same_way() {
    let w = world().await;
    let target = w.target(SONNET_37_PROFILE).await;
    let (session, mut draft) = w.session(handbook("What is alpha"), Api::InvokeModel);
    let (first, events) = w.send(&session, &draft, &target).await;
    assert_eq!(first.status, TurnStatus::Complete, "{:?}", first.error);
    assert!(events.iter().any(|e| matches!(e, TurnEvent::Usage { .. })));
    let deltas = events
        .iter()
        .filter(|e| matches!(e, TurnEvent::TextDelta { .. }))
        .count();
    assert!(deltas > 1, "the Anthropic stream arrives in pieces: {deltas}");
    assert_eq!(first.stop_reason.as_deref(), Some("end_turn"));
    assert!(first.latency.time_to_first_token_ms.is_some());
    let written = first.usage.unwrap().cache_write5m_tokens;
    assert!(written > 3000, "{written}");
    assert!(
        first.reconciliation.as_ref().unwrap().matches,
        "a write was predicted and happened"
    );
    ask(&mut draft, &first, "What is beta");
    let (second, _) = w.send(&session, &draft, &target).await;
    assert_eq!(second.usage.unwrap().cache_read_input_tokens, written);
    assert!(second.reconciliation.unwrap().matches);
    w.server.shutdown().await;
}

#[tokio::test]
async fn floor_edges_with_counted_tokens() {
    let w = world().await;
    // Claude 3.7 Sonnet's minimum is 1,024 tokens per checkpoint.
    let target = w.target(SONNET_37_PROFILE).await;
    for (size, caches) in [(1023usize, false), (1024, true)] {
        let conversation = Conversation {
            system: vec![
                SystemItem::Text { text: words(size) },
                SystemItem::CachePoint {
                    ttl: CacheTtl::FiveMinutes,
                },
            ],
            messages: vec![Message {
                role: Role::User,
                content: vec![ContentItem::Text {
                    text: "Summarise".into(),
                }],
            }],
            ..Conversation::default()
        };
        let report = w
            .service
            .count_tokens(&w.runtime, &conversation, Api::Converse, &target)
            .await
            .unwrap();
        assert_eq!((report.counted_blocks, report.unavailable), (2, None));
        let (session, draft) = w.session(conversation.clone(), Api::Converse);
        let plan = w
            .service
            .plan(Some(&session), &conversation, Api::Converse, &target)
            .unwrap();
        assert!(!plan.plan.estimated, "CountTokens counted every block");
        assert_eq!(plan.plan.points[0].prefix_tokens, size as u32);
        assert_eq!(plan.plan.points[0].caches, caches);
        if !caches {
            assert_eq!(
                plan.plan.points[0].problems,
                [PointProblem::BelowMinimum { missing_tokens: 1 }]
            );
            assert!(matches!(
                plan.prediction.misses[0],
                MissCause::BelowFloor {
                    missing_tokens: 1,
                    ..
                }
            ));
        }
        let (turn, _) = w.send(&session, &draft, &target).await;
        let usage = turn.usage.unwrap();
        assert_eq!(
            usage.cache_write_tokens(),
            if caches { size as u64 } else { 0 },
            "{size} tokens"
        );
        assert_eq!(usage.cache_read_input_tokens, 0);
        assert!(
            turn.reconciliation.unwrap().matches,
            "{size} tokens: the prediction held"
        );
    }
    w.server.shutdown().await;
}

#[tokio::test]
async fn a_ttl_expires_on_the_injected_clock_and_the_miss_is_explained() {
    let w = world().await;
    let target = w.target(SONNET_37_PROFILE).await;
    let (session, mut draft) = w.session(handbook("What is alpha"), Api::Converse);
    let (first, _) = w.send(&session, &draft, &target).await;
    ask(&mut draft, &first, "What is beta");
    w.clock.advance(Duration::from_secs(5 * 60 + 1));

    let plan = w
        .service
        .plan(Some(&session), &draft.conversation, Api::Converse, &target)
        .unwrap();
    assert!(plan.cache.is_empty(), "the countdown has run out");
    assert_eq!(plan.prediction.read_tokens, 0);
    assert!(matches!(
        plan.prediction.points[0],
        PointAction::Write {
            ttl: CacheTtl::FiveMinutes,
            ..
        }
    ));
    assert!(
        matches!(
            plan.prediction.misses[..],
            [MissCause::TtlExpired { ago_ms: 1000, .. }]
        ),
        "{:?}",
        plan.prediction.misses
    );
    let (second, _) = w.send(&session, &draft, &target).await;
    let usage = second.usage.unwrap();
    assert_eq!(usage.cache_read_input_tokens, 0);
    assert_eq!(
        usage.cache_write5m_tokens,
        first.usage.unwrap().cache_write5m_tokens
    );
    let reconciliation = second.reconciliation.unwrap();
    assert!(
        reconciliation.matches,
        "expiry was predicted, so the write was no surprise"
    );
    assert!(matches!(
        reconciliation.causes[..],
        [MissCause::TtlExpired { .. }]
    ));
    w.server.shutdown().await;
}

#[tokio::test]
async fn a_fifth_cache_point_is_refused_before_sending() {
    let w = world().await;
    let target = w.target(SONNET_37_PROFILE).await;
    let mut conversation = handbook("What is alpha");
    let point = ContentItem::CachePoint {
        ttl: CacheTtl::FiveMinutes,
    };
    let content = &mut conversation.messages[0].content;
    for i in 0..4 {
        content.insert(
            0,
            ContentItem::Text {
                text: format!("part {i}"),
            },
        );
        content.insert(1, point.clone());
    }
    let (session, draft) = w.session(conversation, Api::Converse);
    let error = w
        .service
        .send(&w.runtime, &session, &draft, &target, &|_| {})
        .await
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::Validation);
    let fields = error.field_errors();
    assert_eq!(fields.len(), 1, "{fields:?}");
    assert_eq!(fields[0].field, "messages[0].content[9]");
    assert!(
        fields[0].message.contains("Cache point 5") && fields[0].message.contains("at most 4"),
        "{}",
        fields[0].message
    );
    assert!(
        w.service.session(&session).unwrap().turns.is_empty(),
        "nothing was sent or saved"
    );
    w.server.shutdown().await;
}

#[tokio::test]
async fn an_oversized_document_and_a_request_over_the_context_window_are_refused_before_sending() {
    let w = world().await;
    let target = w.target(SONNET_37_PROFILE).await;

    // A 5 MB document: over Bedrock's 4.5 MB per document. The plan names it; the send never leaves.
    let mut conversation = handbook("What is alpha");
    conversation.messages[0].content[0] = ContentItem::Document {
        name: "huge".into(),
        format: DocumentFormat::Txt,
        text: "a".repeat(5_000_000),
    };
    let (session, draft) = w.session(conversation.clone(), Api::Converse);
    let plan = w
        .service
        .plan(Some(&session), &conversation, Api::Converse, &target)
        .unwrap();
    let at_document: Vec<_> = plan
        .problems
        .iter()
        .filter(|p| p.field == "messages[0].content[0]")
        .collect();
    assert!(
        at_document
            .iter()
            .any(|p| p.message.contains("5.0 MB") && p.message.contains("4.5 MB")),
        "{:?}",
        plan.problems
    );
    let error = w
        .service
        .send(&w.runtime, &session, &draft, &target, &|_| {})
        .await
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::Validation);
    assert!(
        w.service.session(&session).unwrap().turns.is_empty(),
        "nothing was sent or saved"
    );

    // 4 MB of words in the system prompt: under the document limit, but about a million tokens against
    // Claude 3.7 Sonnet's 200,000. Named at the largest block.
    let mut conversation = handbook("What is alpha");
    conversation.system = vec![SystemItem::Text { text: words(800_000) }];
    let plan = w
        .service
        .plan(Some(&session), &conversation, Api::Converse, &target)
        .unwrap();
    let over = plan
        .problems
        .iter()
        .find(|p| p.message.contains("reads at most 200,000 tokens"))
        .unwrap_or_else(|| panic!("no context-window problem in {:?}", plan.problems));
    assert_eq!(over.field, "system[0]");
    w.server.shutdown().await;
}

#[tokio::test]
async fn a_timestamp_before_the_cache_point_is_linted_and_its_change_explained() {
    let w = world().await;
    let target = w.target(SONNET_37_PROFILE).await;
    let mut conversation = handbook("What is alpha");
    conversation.system[0] = SystemItem::Text {
        text: "Answer from handbook. Now: 2026-11-27T10:00:00Z".into(),
    };
    let (session, mut draft) = w.session(conversation, Api::Converse);
    let plan = w
        .service
        .plan(Some(&session), &draft.conversation, Api::Converse, &target)
        .unwrap();
    let lint = plan
        .plan
        .lints
        .iter()
        .find(|l| l.kind == LintKind::Timestamp)
        .unwrap();
    assert_eq!((lint.block, lint.text.as_str()), (0, "2026-11-27T10:00:00Z"));
    assert!(
        lint.fix_message.contains("after the last cache point"),
        "{}",
        lint.fix_message
    );

    let (first, _) = w.send(&session, &draft, &target).await;
    ask(&mut draft, &first, "What is beta");
    draft.conversation.system[0] = SystemItem::Text {
        text: "Answer from handbook. Now: 2026-11-27T10:01:00Z".into(),
    };
    let plan = w
        .service
        .plan(Some(&session), &draft.conversation, Api::Converse, &target)
        .unwrap();
    let [MissCause::PrefixChanged { diff }] = &plan.prediction.misses[..] else {
        panic!("{:?}", plan.prediction.misses)
    };
    assert_eq!(diff.block, 0);
    assert!(diff.before.contains("10:00:00Z") && diff.after.contains("10:01:00Z"));
    let (second, _) = w.send(&session, &draft, &target).await;
    assert_eq!(
        second.usage.unwrap().cache_read_input_tokens,
        0,
        "the timestamp broke the prefix"
    );
    w.server.shutdown().await;
}

#[tokio::test]
async fn a_stream_cut_midway_keeps_the_partial_answer_and_the_history() {
    // The second request is cut after five events.
    let FaultedSecondTurn {
        w,
        session,
        draft,
        first,
        second,
        events,
    } = second_turn_meets(Fault::StreamCut { after: 5 }).await;
    assert_eq!(second.status, TurnStatus::Failed);
    assert_eq!(
        second.error.as_ref().unwrap().code,
        ErrorCode::Network,
        "{:?}",
        second.error
    );
    let ContentItem::Text { text } = &second.reply[0] else {
        panic!("{:?}", second.reply)
    };
    assert!(!text.is_empty(), "the partial answer is kept");
    let streamed: String = events
        .iter()
        .filter_map(|e| match e {
            TurnEvent::TextDelta { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(&streamed, text);

    let session = w.service.session(&session).unwrap();
    assert_eq!(session.turns.len(), 2);
    assert!(session.turns[0] == first, "the completed turn is intact");
    assert!(session.turns[1].reply == second.reply);
    assert!(
        session.draft.conversation == draft.conversation,
        "the draft is the question as sent, ready to send again"
    );
    w.server.shutdown().await;
}

#[tokio::test]
async fn throttling_is_retried_with_backoff_and_shown() {
    let FaultedSecondTurn {
        w, second, events, ..
    } = second_turn_meets(Fault::Throttle).await;
    assert_eq!(second.status, TurnStatus::Complete, "{:?}", second.error);
    assert_eq!(second.attempts, 2);
    let retry = events
        .iter()
        .find_map(|e| match e {
            TurnEvent::Retrying {
                attempt, delay_ms, ..
            } => Some((*attempt, *delay_ms)),
            _ => None,
        })
        .unwrap();
    assert_eq!(retry, (2, 5));
    w.server.shutdown().await;
}

#[tokio::test]
async fn cancelling_stops_the_stream_and_keeps_what_arrived() {
    let w = world_with(None, LatencyModel::realistic(1.0)).await;
    let target = w.target(SONNET_37_PROFILE).await;
    let (session, draft) = w.session(handbook("What is alpha"), Api::Converse);
    let service = Arc::clone(&w.service);
    let cancel_session = session.clone();
    let events = Mutex::new(Vec::new());
    let turn = w
        .service
        .send(&w.runtime, &session, &draft, &target, &|e| {
            if matches!(e, TurnEvent::TextDelta { .. }) {
                service.cancel(&cancel_session);
            }
            events.lock().unwrap().push(e);
        })
        .await
        .unwrap();
    assert_eq!(turn.status, TurnStatus::Cancelled);
    assert!(!turn.reply.is_empty(), "what arrived before Stop is kept");
    assert!(!w.service.cancel(&session), "nothing is running any more");
    let saved = w.service.session(&session).unwrap();
    assert_eq!(saved.turns[0].status, TurnStatus::Cancelled);
    w.server.shutdown().await;
}

#[tokio::test]
async fn a_profile_only_model_by_its_bare_id_is_refused_with_the_fix() {
    let w = world().await;
    let catalog = outcrop_bedrock::profiles::catalog(&w.bedrock, REGION)
        .await
        .unwrap();
    // The resolver turns the bare ID into the profile, so the playground never sends the failing call.
    let resolution = catalog
        .resolve("anthropic.claude-3-7-sonnet-20250219-v1:0")
        .unwrap();
    assert_eq!(resolution.invoke_id, SONNET_37_PROFILE);

    // Sent as typed anyway (as other clients do), Bedrock's error is classified so the UI can offer the fix.
    let mut target = w.target(SONNET_37_PROFILE).await;
    target.resolution.invoke_id = "anthropic.claude-3-7-sonnet-20250219-v1:0".into();
    let (session, draft) = w.session(handbook("What is alpha"), Api::Converse);
    let (turn, _) = w.send(&session, &draft, &target).await;
    assert_eq!(turn.status, TurnStatus::Failed);
    assert_eq!(turn.error.unwrap().code, ErrorCode::NeedsInferenceProfile);
    w.server.shutdown().await;
}

/// A conversation over a 2 MB document, sent through bedrock-local, with the system prompt changed half-way:
/// the session (stored as what each turn added) and its export give back every request exactly as sent.
#[tokio::test]
async fn a_conversation_over_a_2_mb_document_reads_back_every_request_as_sent() {
    let w = world().await;
    // Opus 4.7 reads a million tokens: the document's 400,000 fit.
    let target = w.target(OPUS_47_PROFILE).await;
    let mut conversation = handbook("What is alpha");
    if let ContentItem::Document { text, .. } = &mut conversation.messages[0].content[0] {
        *text = "stone river ridge valley ".repeat(2_000_000 / 25);
    }
    let (session, mut draft) = session_on(&w, OPUS_47_PROFILE, conversation);
    let mut sent = Vec::new();
    for (i, question) in ["What is beta", "Where is river", "Why stone", "What is gamma"]
        .iter()
        .enumerate()
    {
        if i == 2 {
            draft.conversation.system = vec![SystemItem::Text {
                text: "Answer from handbook, in one line".into(),
            }];
        }
        let (turn, _) = w.send(&session, &draft, &target).await;
        assert_eq!(turn.request, draft.conversation);
        ask(&mut draft, &turn, question);
        sent.push(turn);
    }
    let opened = w.service.session(&session).unwrap();
    assert_eq!(opened.turns.len(), sent.len());
    for (read, sent) in opened.turns.iter().zip(&sent) {
        assert!(read.request == sent.request, "turn {}'s request", sent.seq);
        assert_eq!(read.reply, sent.reply);
    }
    assert_ne!(opened.turns[1].request.system, opened.turns[2].request.system);
    // The export is the file people hand out: every turn whole.
    let export: serde_json::Value =
        serde_json::from_str(&w.service.export_session(&session).unwrap()).unwrap();
    for (turn, sent) in export["turns"].as_array().unwrap().iter().zip(&sent) {
        let request: Conversation = serde_json::from_value(turn["request"].clone()).unwrap();
        assert!(request == sent.request, "exported turn {}", sent.seq);
    }
}

#[tokio::test]
async fn sessions_export_import_search_and_delete() {
    let w = world().await;
    let target = w.target(SONNET_37_PROFILE).await;
    let (session, draft) = w.session(handbook("What is alpha"), Api::Converse);
    w.send(&session, &draft, &target).await;
    w.service.rename_session(&session, "Handbook questions").unwrap();

    let json = w.service.export_session(&session).unwrap();
    let downloads = tempfile::tempdir().unwrap();
    let first = w.service.export_session_to(&session, downloads.path()).unwrap();
    let second = w.service.export_session_to(&session, downloads.path()).unwrap();
    assert_eq!(
        first.file_name().unwrap(),
        "Handbook questions.outcrop-session.json"
    );
    assert_eq!(
        second.file_name().unwrap(),
        "Handbook questions (2).outcrop-session.json"
    );
    assert_eq!(std::fs::read_to_string(&first).unwrap(), json);
    let imported = w.service.import_session(&json).unwrap();
    assert_eq!(imported.title, "Handbook questions (imported)");
    assert_eq!(imported.turns.len(), 1);
    assert_eq!(
        imported.turns[0].usage,
        w.service.session(&session).unwrap().turns[0].usage
    );

    let found = w.service.list_sessions("handbook q").unwrap();
    assert_eq!(found.len(), 2);
    assert!(found[0].cost > 0.0 && found[0].turns == 1);
    assert!(w.service.list_sessions("no such words").unwrap().is_empty());
    assert_eq!(w.service.list_sessions("").unwrap().len(), 2);

    let error = w.service.import_session("{\"format\": \"other\"}").unwrap_err();
    assert_eq!(error.code, ErrorCode::Validation);
    w.service.delete_session(&imported.id).unwrap();
    assert_eq!(
        w.service.delete_session(&imported.id).unwrap_err().code,
        ErrorCode::NotFound
    );
    w.server.shutdown().await;
}

#[tokio::test]
async fn an_edited_price_table_is_used_and_a_bad_one_is_refused() {
    let w = world().await;
    let target = w.target(SONNET_37_PROFILE).await;
    let prices = w.service.prices();
    assert!(!prices.text().customised);
    let mut table: serde_json::Value = serde_json::from_str(&prices.text().json).unwrap();
    let entry = table["models"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|m| m["modelIdPrefix"] == "anthropic.claude-3-7-sonnet")
        .unwrap();
    entry["input"] = serde_json::json!(6.0);
    prices.save(&table.to_string()).unwrap();
    assert!(prices.text().customised);
    let plan = w
        .service
        .plan(None, &handbook("What is alpha"), Api::Converse, &target)
        .unwrap();
    assert_eq!(plan.prices.unwrap().input, 6.0);

    entry_read_above_input(prices);
    prices.reset().unwrap();
    let plan = w
        .service
        .plan(None, &handbook("What is alpha"), Api::Converse, &target)
        .unwrap();
    assert_eq!(plan.prices.unwrap().input, 3.0);
    w.server.shutdown().await;
}

fn entry_read_above_input(prices: &outcrop_bedrock::playground::PriceStore) {
    let before = prices.text();
    let mut table: serde_json::Value = serde_json::from_str(&before.json).unwrap();
    table["models"][0]["cacheRead"] = serde_json::json!(1000.0);
    let error = prices.save(&table.to_string()).unwrap_err();
    assert_eq!(error.code, ErrorCode::Validation);
    assert!(
        error.message.contains("cannot cost more than plain input"),
        "{}",
        error.message
    );
    assert_eq!(prices.text(), before, "nothing changed");
    assert_eq!(
        prices.save("{ not json").unwrap_err().field_errors()[0].field,
        "prices"
    );
}

#[tokio::test]
async fn a_placement_bakeoff_runs_each_strategy_and_recommends_one() {
    use outcrop_bedrock::playground::{BakeoffEvent, BakeoffRequest};
    use outcrop_core::bakeoff::Placement;
    let w = world().await;
    let target = w.target(SONNET_37_PROFILE).await;
    let mut base = handbook("What is alpha");
    base.messages[0].content.remove(1); // the bake-off places the points
    let request = BakeoffRequest {
        draft: Draft {
            conversation: base,
            model_choice: SONNET_37_PROFILE.into(),
            api: Api::Converse,
        },
        follow_ups: vec!["What is beta".into(), "Where is river".into(), "Why stone".into()],
        placements: vec![Placement::NoCache, Placement::SystemOnly, Placement::PerDocument],
        apis: Vec::new(),
        ttl: CacheTtl::FiveMinutes,
    };
    let events = Mutex::new(Vec::new());
    let report = w
        .service
        .bakeoff(&w.runtime, &request, &target, &|e| events.lock().unwrap().push(e))
        .await
        .unwrap();
    assert!(!report.cancelled);
    assert_eq!(report.results.len(), 3);
    for result in &report.results {
        assert_eq!(
            result.turns.len(),
            4,
            "{:?}: {:?}",
            result.placement,
            result.error
        );
    }
    let [none, system, document] = &report.results[..] else {
        unreachable!()
    };
    assert_eq!(none.hit_rate(), 0.0, "no strategy reads another's cache");
    assert_eq!(none.turns[0].cache_write_tokens, 0);
    // "system only": the system prompt alone is far below the 1,024-token minimum, so nothing caches.
    assert_eq!(system.turns.iter().map(|t| t.cache_read_tokens).sum::<u64>(), 0);
    assert!(document.turns[0].cache_write_tokens > 3000);
    assert!(document.turns[1..].iter().all(|t| t.cache_read_tokens > 3000));
    let recommendation = report.recommendation.unwrap();
    assert_eq!(
        recommendation.placement,
        Placement::PerDocument,
        "{recommendation:?}"
    );
    assert!(recommendation.reasons.len() >= 2);
    let events = events.into_inner().unwrap();
    let progress = events
        .iter()
        .filter(|e| matches!(e, BakeoffEvent::Progress { .. }))
        .count();
    assert_eq!(progress, 12);
    // One run in the session list: three sessions named after the question, labelled by placement.
    let sessions = w.service.list_sessions("").unwrap();
    assert_eq!(sessions.len(), 3);
    let run_id = sessions[0].run.as_ref().unwrap().id.clone();
    for session in &sessions {
        let run = session.run.as_ref().unwrap();
        assert_eq!((run.id.as_str(), run.kind), (run_id.as_str(), RunKind::Bakeoff));
        assert_eq!(session.title, "What is alpha");
        assert_eq!(session.turns, 4);
    }
    let mut labels: Vec<_> = sessions
        .iter()
        .map(|s| s.run.as_ref().unwrap().label.as_str())
        .collect();
    labels.sort_unstable();
    assert_eq!(
        labels,
        ["noCache/converse", "perDocument/converse", "systemOnly/converse"],
        "no transport chosen: the draft's"
    );
    assert!(report.results.iter().all(|r| r.api == Api::Converse));

    // Exported and imported as a whole: a new run with the same sessions, labels and turns.
    let json = w.service.export_run(&run_id).unwrap();
    let downloads = tempfile::tempdir().unwrap();
    let file = w.service.export_run_to(&run_id, downloads.path()).unwrap();
    assert_eq!(
        file.file_name().unwrap(),
        "bake-off - What is alpha.outcrop-run.json"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), json);
    let first = w.service.import_session(&json).unwrap();
    assert_eq!(first.turns.len(), 4);
    let all = w.service.list_sessions("").unwrap();
    assert_eq!(all.len(), 6);
    let imported: Vec<_> = all
        .iter()
        .filter(|s| s.run.as_ref().is_some_and(|r| r.id != run_id))
        .collect();
    assert_eq!(imported.len(), 3);
    assert!(imported.iter().any(|s| s.id == first.id));

    // Deleted as a whole: the original run goes, the imported one stays.
    assert_eq!(w.service.delete_run(&run_id).unwrap(), 3);
    assert_eq!(w.service.list_sessions("").unwrap().len(), 3);
    w.server.shutdown().await;
}

#[tokio::test]
async fn a_bakeoff_varies_the_transport_as_it_varies_placement() {
    use outcrop_bedrock::playground::{BakeoffEvent, BakeoffRequest, parse_bakeoff_label};
    use outcrop_core::bakeoff::{Placement, Reason};
    let w = world().await;
    let target = w.target(SONNET_37_PROFILE).await;
    let mut base = handbook("What is alpha");
    base.messages[0].content.remove(1);
    let request = BakeoffRequest {
        draft: Draft {
            conversation: base,
            model_choice: SONNET_37_PROFILE.into(),
            api: Api::Converse,
        },
        follow_ups: vec!["What is beta".into()],
        placements: vec![Placement::PerDocument, Placement::SystemAndLastUser],
        apis: vec![Api::Converse, Api::InvokeModel],
        ttl: CacheTtl::FiveMinutes,
    };
    let events = Mutex::new(Vec::new());
    let report = w
        .service
        .bakeoff(&w.runtime, &request, &target, &|e| events.lock().unwrap().push(e))
        .await
        .unwrap();
    let runs: Vec<(Placement, Api)> = report.results.iter().map(|r| (r.placement, r.api)).collect();
    assert_eq!(
        runs,
        [
            (Placement::PerDocument, Api::Converse),
            (Placement::PerDocument, Api::InvokeModel),
            (Placement::SystemAndLastUser, Api::Converse),
            (Placement::SystemAndLastUser, Api::InvokeModel),
        ]
    );
    for result in &report.results {
        let at = (result.placement, result.api);
        assert_eq!(result.turns.len(), 2, "{at:?}: {:?}", result.error);
        // Each run writes its own prefix (the marker names placement and transport), then reads it back.
        assert!(
            result.turns[0].cache_write_tokens > 3000,
            "{at:?}: {:?}",
            result.turns[0]
        );
        assert_eq!(
            result.turns[0].cache_read_tokens, 0,
            "{at:?}: no run reads another's write"
        );
        assert!(
            result.turns[1].cache_read_tokens > 3000,
            "{at:?}: {:?}",
            result.turns[1]
        );
        let turns = w.service.session(&result.session_id).unwrap().turns;
        assert!(
            turns.iter().all(|t| t.api == result.api),
            "{at:?}: sent through its transport"
        );
    }
    // Four sessions in one run, each labelled with its placement and transport.
    let sessions = w.service.list_sessions("").unwrap();
    assert_eq!(sessions.len(), 4);
    let mut labelled: Vec<_> = sessions
        .iter()
        .map(|s| parse_bakeoff_label(&s.run.as_ref().unwrap().label).unwrap())
        .collect();
    labelled.sort_by_key(|(p, a)| (format!("{p:?}"), format!("{a:?}")));
    assert_eq!(
        labelled,
        [
            (Placement::PerDocument, Some(Api::Converse)),
            (Placement::PerDocument, Some(Api::InvokeModel)),
            (Placement::SystemAndLastUser, Some(Api::Converse)),
            (Placement::SystemAndLastUser, Some(Api::InvokeModel)),
        ]
    );
    // Exported and imported, the run keeps each session's placement and transport.
    let run_id = sessions[0].run.as_ref().unwrap().id.clone();
    w.service
        .import_session(&w.service.export_run(&run_id).unwrap())
        .unwrap();
    let mut imported: Vec<_> = w
        .service
        .list_sessions("")
        .unwrap()
        .into_iter()
        .filter_map(|s| s.run.filter(|r| r.id != run_id))
        .map(|r| r.label)
        .collect();
    imported.sort();
    assert_eq!(
        imported,
        [
            "perDocument/converse",
            "perDocument/invokeModel",
            "systemAndLastUser/converse",
            "systemAndLastUser/invokeModel"
        ]
    );
    let events = events.into_inner().unwrap();
    assert!(matches!(
        &events[0],
        BakeoffEvent::Started { placements, apis, turns: 2 }
            if placements.len() == 2 && apis == &[Api::Converse, Api::InvokeModel]
    ));
    let through_invoke = events
        .iter()
        .filter(|e| {
            matches!(
                e,
                BakeoffEvent::TurnDone {
                    api: Api::InvokeModel,
                    ..
                }
            )
        })
        .count();
    assert_eq!(through_invoke, 4, "two placements × two turns");
    let recommendation = report.recommendation.unwrap();
    assert!(
        matches!(
            recommendation.reasons[0],
            Reason::Cheapest { placement, api: Some(api), finished: 4, .. }
                if (placement, api) == (recommendation.placement, recommendation.api)
        ),
        "{recommendation:?}"
    );
    w.server.shutdown().await;
}

#[tokio::test]
async fn a_bakeoff_refuses_a_transport_the_model_does_not_serve_before_sending() {
    use outcrop_bedrock::playground::BakeoffRequest;
    use outcrop_core::bakeoff::Placement;
    use outcrop_core::connection_input::Rule;
    use outcrop_core::model_facts::ModelApi;
    let w = world().await;
    let nova = "us.amazon.nova-pro-v1:0";
    let target = w.target(nova).await;
    let request = |apis: Vec<Api>, placements: Vec<Placement>| BakeoffRequest {
        draft: Draft {
            conversation: handbook("What is alpha"),
            model_choice: nova.into(),
            api: Api::Converse,
        },
        follow_ups: vec!["What is beta".into()],
        placements,
        apis,
        ttl: CacheTtl::FiveMinutes,
    };
    let error = w
        .service
        .bakeoff(
            &w.runtime,
            &request(vec![Api::Converse, Api::Messages], vec![Placement::PerDocument]),
            &target,
            &|_| panic!("nothing is sent"),
        )
        .await
        .unwrap_err();
    let errors = error.field_errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].field, "apis[1]");
    assert!(
        matches!(
            &errors[0].rule,
            Rule::ApiNotServed {
                api: ModelApi::Messages,
                ..
            }
        ),
        "{errors:?}"
    );
    assert!(errors[0].message.contains("Messages"), "{}", errors[0].message);

    let error = w
        .service
        .bakeoff(
            &w.runtime,
            &request(
                vec![Api::InvokeModel, Api::Converse],
                vec![Placement::PerDocument],
            ),
            &target,
            &|_| panic!("nothing is sent"),
        )
        .await
        .unwrap_err();
    let errors = error.field_errors();
    assert_eq!(errors[0].field, "apis[0]");
    assert!(
        matches!(errors[0].rule, Rule::AnthropicBodyOnly { .. }),
        "{errors:?}"
    );
    assert!(errors[0].message.contains("InvokeModel"), "{}", errors[0].message);

    // Too many runs for the transports chosen: the bound is in the rule and the message.
    let error = w
        .service
        .bakeoff(
            &w.runtime,
            &request(
                vec![Api::Converse, Api::InvokeModel, Api::Messages],
                vec![Placement::NoCache, Placement::SystemOnly, Placement::PerDocument],
            ),
            &target,
            &|_| panic!("nothing is sent"),
        )
        .await
        .unwrap_err();
    let errors = error.field_errors();
    assert_eq!(errors[0].field, "placements");
    assert_eq!(
        errors[0].rule,
        Rule::BakeoffRunCount {
            transports: 3,
            max_placements: 2,
            max_runs: 8
        }
    );
    assert!(
        errors[0].message.contains("at most 8 runs"),
        "{}",
        errors[0].message
    );
    assert!(
        w.service.list_sessions("").unwrap().is_empty(),
        "no session was made"
    );
    w.server.shutdown().await;
}

#[tokio::test]
async fn a_bakeoff_can_be_cancelled() {
    use outcrop_bedrock::playground::{BakeoffEvent, BakeoffRequest};
    use outcrop_core::bakeoff::Placement;
    let w = world().await;
    let target = w.target(SONNET_37_PROFILE).await;
    let request = BakeoffRequest {
        draft: Draft {
            conversation: handbook("What is alpha"),
            model_choice: SONNET_37_PROFILE.into(),
            api: Api::Converse,
        },
        follow_ups: vec!["What is beta".into()],
        placements: vec![Placement::NoCache, Placement::PerDocument],
        apis: Vec::new(),
        ttl: CacheTtl::FiveMinutes,
    };
    let service = Arc::clone(&w.service);
    let report = w
        .service
        .bakeoff(&w.runtime, &request, &target, &|e| {
            if matches!(e, BakeoffEvent::TurnDone { .. }) {
                assert!(service.cancel_bakeoff());
            }
        })
        .await
        .unwrap();
    assert!(report.cancelled && report.recommendation.is_none());
    assert_eq!(report.results.len(), 1);
    assert_eq!(report.results[0].turns.len(), 1);
    assert!(!w.service.cancel_bakeoff(), "nothing runs any more");
    let error = w
        .service
        .bakeoff(
            &w.runtime,
            &BakeoffRequest {
                placements: vec![Placement::NoCache],
                ..request
            },
            &target,
            &|_| {},
        )
        .await
        .unwrap_err();
    assert_eq!(error.field_errors()[0].field, "placements");
    w.server.shutdown().await;
}

#[tokio::test]
async fn an_exception_mid_stream_fails_the_turn_and_keeps_what_arrived() {
    // The second request fails with a model stream error after four events.
    let FaultedSecondTurn { w, second, .. } = second_turn_meets(Fault::StreamError { after: 4 }).await;
    assert_eq!(second.status, TurnStatus::Failed);
    assert_eq!(second.attempts, 1, "an answer had started: not retried");
    let error = second.error.unwrap();
    assert!(
        error.message.contains("partial answer is kept"),
        "{}",
        error.message
    );
    assert!(!second.reply.is_empty());
    assert!(second.usage.is_none(), "no metadata event arrived");
    w.server.shutdown().await;
}

#[tokio::test]
async fn counted_tools_system_and_document_predict_the_write_exactly() {
    use outcrop_core::conversation::ToolItem;
    let w = world().await;
    let target = w.target(SONNET_37_PROFILE).await;
    let mut conversation = handbook("What is alpha");
    conversation.tools = vec![
        ToolItem::Tool {
            name: "lookup".into(),
            description: "Look a term up in the handbook".into(),
            input_schema: r#"{"type":"object","properties":{"term":{"type":"string"}}}"#.into(),
        },
        ToolItem::Tool {
            name: "cite".into(),
            description: "Cite a chapter".into(),
            input_schema: r#"{"type":"object","properties":{"chapter":{"type":"integer"}}}"#.into(),
        },
        ToolItem::CachePoint {
            ttl: CacheTtl::FiveMinutes,
        },
    ];
    let report = w
        .service
        .count_tokens(&w.runtime, &conversation, Api::Converse, &target)
        .await
        .unwrap();
    assert_eq!(report.estimated_blocks, 0, "{report:?}");
    let (session, draft) = w.session(conversation.clone(), Api::Converse);
    let plan = w
        .service
        .plan(Some(&session), &conversation, Api::Converse, &target)
        .unwrap();
    assert!(!plan.plan.estimated);
    let (turn, _) = w.send(&session, &draft, &target).await;
    let usage = turn.usage.unwrap();
    // The tools alone are below the minimum; the document's point writes everything up to it.
    assert_eq!(
        usage.cache_write5m_tokens,
        u64::from(plan.plan.points[1].prefix_tokens),
        "{:?}",
        plan.plan.points
    );
    let reconciliation = turn.reconciliation.unwrap();
    assert!(
        reconciliation.matches && reconciliation.exact,
        "{reconciliation:?}"
    );
    w.server.shutdown().await;
}

#[tokio::test]
async fn stop_before_anything_is_sent_cancels_the_reserved_turn() {
    let w = world().await;
    let target = w.target(SONNET_37_PROFILE).await;
    let (session, draft) = w.session(handbook("What is alpha"), Api::Converse);
    let reservation = w.service.reserve_turn(&session).unwrap();
    assert_eq!(
        w.service.reserve_turn(&session).unwrap_err().code,
        ErrorCode::Conflict,
        "one turn at a time"
    );
    assert!(
        w.service.cancel(&session),
        "Stop is heard while the turn is being prepared"
    );
    let turn = w
        .service
        .send_reserved(&w.runtime, &reservation, &draft, &target, &|_| {})
        .await
        .unwrap();
    assert_eq!((turn.status, turn.attempts), (TurnStatus::Cancelled, 0));
    assert!(turn.usage.is_none() && turn.reply.is_empty());
    drop(reservation);
    assert!(
        w.service.reserve_turn(&session).is_ok(),
        "the session is free again"
    );
    w.server.shutdown().await;
}

/// Copy as code, after a finished turn: the request that turn sent — not the draft with its next, empty
/// question — through the transport it went by, with the inference parameters it carried.
#[tokio::test]
async fn copy_as_code_is_the_request_the_last_turn_sent() {
    use outcrop_bedrock::playground::CopiedRequest;
    use outcrop_core::request_code::CodeFormat;

    let w = world().await;
    let target = w.target(SONNET_37_PROFILE).await;
    for api in [Api::Converse, Api::InvokeModel] {
        let mut conversation = handbook("What is alpha");
        conversation.inference.max_tokens = Some(512);
        let (session, mut draft) = w.session(conversation, api);
        assert_eq!(
            w.service.copy_last_sent(&session, CodeFormat::Json).unwrap(),
            None
        );
        let (first, _) = w.send(&session, &draft, &target).await;
        assert_eq!(first.status, TurnStatus::Complete, "{:?}", first.error);
        // The composer's next, empty question is in the draft, not in what was sent.
        draft.conversation.messages.push(Message {
            role: Role::Assistant,
            content: first.reply.clone(),
        });
        draft.conversation.messages.push(Message {
            role: Role::User,
            content: vec![ContentItem::Text { text: String::new() }],
        });
        w.service.save_draft(&session, &draft).unwrap();

        let copied = w
            .service
            .copy_last_sent(&session, CodeFormat::Json)
            .unwrap()
            .unwrap();
        assert_eq!(
            copied.request,
            CopiedRequest::LastSent {
                seq: first.seq,
                status: TurnStatus::Complete
            }
        );
        assert_eq!((copied.api, copied.invoke_id.as_str()), (api, SONNET_37_PROFILE));
        assert_eq!(copied.inference.max_tokens, Some(512));
        let json: serde_json::Value = serde_json::from_str(&copied.code).unwrap();
        let sent = match api {
            Api::Converse => {
                let mut body = first.request.converse_json(SONNET_37_PROFILE);
                body["modelId"] = SONNET_37_PROFILE.into();
                body
            }
            Api::InvokeModel => serde_json::json!({
                "modelId": SONNET_37_PROFILE,
                "contentType": "application/json",
                "accept": "application/json",
                "body": first.request.invoke_model_body(),
            }),
            Api::Messages => panic!("the Messages API has its own copy-as-code test"),
        };
        assert_eq!(json, sent, "{api:?}");
        assert!(!copied.code.contains(r#""text": """#), "{}", copied.code);

        // Each format names the operation of the transport in use.
        let cli = w
            .service
            .copy_last_sent(&session, CodeFormat::AwsCli)
            .unwrap()
            .unwrap()
            .code;
        let py = w
            .service
            .copy_last_sent(&session, CodeFormat::Boto3)
            .unwrap()
            .unwrap()
            .code;
        let rs = w
            .service
            .copy_last_sent(&session, CodeFormat::Rust)
            .unwrap()
            .unwrap()
            .code;
        match api {
            Api::Converse => {
                assert!(cli.starts_with("aws bedrock-runtime converse"), "{cli}");
                assert!(py.contains("client.converse("), "{py}");
                assert!(rs.contains(".converse()"), "{rs}");
                assert!(cli.contains(r#""maxTokens":512"#), "{cli}");
            }
            Api::InvokeModel => {
                assert!(cli.contains("aws bedrock-runtime invoke-model"), "{cli}");
                assert!(py.contains("client.invoke_model_with_response_stream("), "{py}");
                assert!(rs.contains(".invoke_model_with_response_stream()"), "{rs}");
                assert!(cli.contains(r#""max_tokens":512"#), "{cli}");
                assert!(!cli.contains("cachePoint") && !py.contains("cachePoint"));
            }
            Api::Messages => panic!("the Messages API has its own copy-as-code test"),
        }
    }
    w.server.shutdown().await;
}

/// Copy as code before any send: the request Send would make, with the transport chosen and the
/// `max_tokens` InvokeModel fills in; a draft Send would refuse is refused the same way.
#[tokio::test]
async fn copy_as_code_before_a_send_is_the_next_request_or_sends_refusal() {
    use outcrop_bedrock::playground::CopiedRequest;
    use outcrop_core::request_code::CodeFormat;

    let w = world().await;
    let target = w.target(SONNET_37_PROFILE).await;
    let (_, draft) = w.session(handbook("What is alpha"), Api::InvokeModel);
    let copied = w
        .service
        .copy_next_send(&draft, &target, CodeFormat::Json)
        .unwrap();
    assert_eq!(copied.request, CopiedRequest::NextSend);
    assert_eq!(
        copied.inference.max_tokens,
        Some(1024),
        "InvokeModel's default, as sent"
    );
    let json: serde_json::Value = serde_json::from_str(&copied.code).unwrap();
    assert_eq!(json["body"], draft.conversation.invoke_model_body());

    let mut empty = draft.clone();
    empty.conversation = handbook("");
    let refused = w
        .service
        .copy_next_send(&empty, &target, CodeFormat::Json)
        .unwrap_err();
    assert_eq!(refused.code, ErrorCode::Validation, "{refused:?}");
    w.server.shutdown().await;
}

/// The long-document example's shape (ui/src/features/playground/example.ts): a tutor's system prompt, a
/// field guide of about 6,000 tokens of prose — punctuation, section numbers — behind a cache point, then
/// a question; 512 tokens of answer at most.
fn long_document_example() -> Conversation {
    let chapter = "An outcrop is a place where bedrock breaks through the soil and can be seen. Geologists \
                   read it from the bottom up: the lowest layer was laid down first, and each layer above it \
                   is younger, unless the rocks were folded or faulted.";
    let guide = (1..=90)
        .map(|i| format!("In the field: {chapter} (Section {}.{}.)", i / 3 + 1, i % 3 + 1))
        .collect::<Vec<_>>()
        .join("\n\n");
    let mut conversation = Conversation {
        system: vec![SystemItem::Text {
            text: "You are a patient field-geology tutor. Answer from the field guide the student shares; \
                   quote the chapter you rely on."
                .into(),
        }],
        messages: vec![Message {
            role: Role::User,
            content: vec![
                ContentItem::Document {
                    name: "Outcrop field guide".into(),
                    format: DocumentFormat::Txt,
                    text: guide,
                },
                ContentItem::CachePoint {
                    ttl: CacheTtl::FiveMinutes,
                },
                ContentItem::Text {
                    text: "How do I tell which layer of an outcrop is the oldest?".into(),
                },
            ],
        }],
        ..Conversation::default()
    };
    conversation.inference.max_tokens = Some(512);
    conversation
}

/// On InvokeModel the prediction counts the Anthropic body with CountTokens' `invokeModel` input, so the
/// predicted write is the write: the long-document example, and with a tool in the prefix (whose
/// Converse and Anthropic shapes differ in size), exactly.
#[tokio::test]
async fn invoke_model_predictions_count_the_body_invoke_model_sends() {
    use outcrop_bedrock::playground::EstimateReason;
    use outcrop_core::conversation::ToolItem;

    let w = world().await;
    let target = w.target("us.anthropic.claude-sonnet-4-5-20250929-v1:0").await;
    let mut with_tool = long_document_example();
    with_tool.tools = vec![ToolItem::Tool {
        name: "find_chapter".into(),
        description: "Finds the chapter of the field guide that covers a rock or a structure.".into(),
        input_schema: r#"{"type":"object","properties":{"topic":{"type":"string"}},"required":["topic"]}"#
            .into(),
    }];
    for conversation in [long_document_example(), with_tool] {
        let draft = Draft {
            conversation: conversation.clone(),
            model_choice: "us.anthropic.claude-sonnet-4-5-20250929-v1:0".into(),
            api: Api::InvokeModel,
        };
        let session = w
            .service
            .create_session("example", draft.clone(), None)
            .unwrap()
            .id;
        let report = w
            .service
            .count_tokens(&w.runtime, &conversation, Api::InvokeModel, &target)
            .await
            .unwrap();
        assert_eq!((report.estimated_blocks, report.unavailable), (0, None));
        let plan = w
            .service
            .plan(Some(&session), &conversation, Api::InvokeModel, &target)
            .unwrap();
        assert!(!plan.prediction.estimated);
        assert_eq!(
            (plan.sizes.api, plan.sizes.estimated_blocks),
            (Api::InvokeModel, 0)
        );
        assert!(plan.sizes.reasons.is_empty());
        // Each prefix was also counted whole; on Local Bedrock it is exactly the sum of its blocks.
        assert!(plan.sizes.prefix_framing.is_empty(), "{:?}", plan.sizes);
        assert!(plan.prediction.write5m_tokens > 4000, "{:?}", plan.prediction);

        let (first, _) = w.send(&session, &draft, &target).await;
        let usage = first.usage.unwrap();
        assert_eq!(
            usage.cache_write5m_tokens,
            u64::from(plan.prediction.write5m_tokens)
        );
        assert_eq!(usage.input_tokens, u64::from(plan.prediction.uncached_tokens));
        assert_eq!(first.prediction, plan.prediction);
        assert!(first.reconciliation.unwrap().exact);

        // Counts are kept per wire: nothing was counted on the Converse wire, so its sizes are estimates.
        let converse = w
            .service
            .plan(None, &conversation, Api::Converse, &target)
            .unwrap();
        assert!(converse.prediction.estimated);
        assert_eq!(
            converse.sizes.reasons,
            [EstimateReason::NotCountedYet {
                blocks: converse.sizes.estimated_blocks
            }]
        );
    }
    w.server.shutdown().await;
}

#[tokio::test]
async fn a_current_model_with_a_suffix_free_id_caches_at_its_conservative_floor_and_bills_its_route() {
    let w = world().await;
    let choice = "us.anthropic.claude-sonnet-4-6";
    let target = w.target(choice).await;
    assert_eq!(
        target.resolution.foundation_model_id.as_deref(),
        Some("anthropic.claude-sonnet-4-6")
    );
    let (id, mut draft) = session_on(&w, choice, handbook("What is a rock?"));
    let plan = w
        .service
        .plan(Some(&id), &draft.conversation, Api::Converse, &target)
        .unwrap();
    let caching = plan.caching.unwrap();
    assert_eq!(caching.min_tokens, 2048, "the highest claim until measured");
    assert!(caching.floor_claims.iter().any(|c| c.tokens == 1024));
    let (first, _) = w.send(&id, &draft, &target).await;
    assert_eq!(first.status, TurnStatus::Complete, "{:?}", first.error);
    assert!(first.usage.unwrap().cache_write_tokens() >= 3000);
    let billing = first.billing.clone().unwrap();
    assert_eq!(billing.route, outcrop_core::pricing::PriceRoute::Geographic);
    assert!(
        (billing.prices.input - 3.3).abs() < 1e-9,
        "us. profiles of Claude 4.5+ cost 10% over global"
    );
    ask(&mut draft, &first, "And a pebble?");
    let (second, _) = w.send(&id, &draft, &target).await;
    assert!(second.usage.unwrap().cache_read_input_tokens >= 3000);
    assert!(second.reconciliation.unwrap().matches);
}

#[tokio::test]
async fn a_service_tier_is_sent_echoed_and_priced_at_its_multiplier() {
    let w = world().await;
    let choice = "us.amazon.nova-pro-v1:0";
    let target = w.target(choice).await;
    let mut conversation = handbook("What is a rock?");
    conversation.service_tier = Some(outcrop_core::ServiceTier::Priority);
    let (id, draft) = session_on(&w, choice, conversation);
    let (turn, _) = w.send(&id, &draft, &target).await;
    assert_eq!(turn.status, TurnStatus::Complete, "{:?}", turn.error);
    assert_eq!(
        turn.service_tier,
        Some(outcrop_core::ServiceTier::Priority),
        "echoed by the service"
    );
    let billing = turn.billing.unwrap();
    assert_eq!(billing.tier_multiplier, Some(1.75));
    assert!((turn.prices.unwrap().input - 0.8 * 1.75).abs() < 1e-9);
}

#[tokio::test]
async fn a_tier_the_facts_rule_out_is_refused_before_sending_and_the_service_refusal_is_classified() {
    let w = world().await;
    let opus = "us.anthropic.claude-opus-4-7";
    let target = w.target(opus).await;
    let mut conversation = handbook("What is a rock?");
    conversation.service_tier = Some(outcrop_core::ServiceTier::Priority);
    let (id, draft) = session_on(&w, opus, conversation.clone());
    let refused = refused_before_sending(&w, &id, &draft, &target).await;
    assert_eq!(refused.fields[0].field, "serviceTier");
    assert!(matches!(
        &refused.fields[0].rule,
        outcrop_core::field_rule::Rule::TierNotOffered { offered, .. } if offered == &[outcrop_core::ServiceTier::Default]
    ));
    assert!(
        w.service.session(&id).unwrap().turns.is_empty(),
        "nothing was sent"
    );

    // Where the facts are silent (3.7 Sonnet), the service's own refusal is classified.
    let sonnet = w.target(SONNET_37_PROFILE).await;
    conversation.service_tier = Some(outcrop_core::ServiceTier::Reserved);
    let (id, draft) = session_on(&w, SONNET_37_PROFILE, conversation);
    let (turn, _) = w.send(&id, &draft, &sonnet).await;
    assert_eq!(turn.status, TurnStatus::Failed);
    assert!(
        matches!(
            turn.error.as_ref().and_then(|e| e.reason.as_ref()),
            Some(outcrop_bedrock::AwsReason::TierNotSupported { .. })
        ),
        "{:?}",
        turn.error
    );
}

#[tokio::test]
async fn a_model_bedrock_runtime_does_not_count_is_counted_on_bedrock_mantle() {
    let w = world().await;
    let opus = "us.anthropic.claude-opus-4-7";
    let target = w.target(opus).await;
    let conversation = long_handbook("Q");
    let before = w
        .service
        .plan(None, &conversation, Api::Converse, &target)
        .unwrap();
    assert!(before.prediction.estimated, "estimates until counted");
    let report = w
        .service
        .count_tokens(&w.runtime, &conversation, Api::Converse, &target)
        .await
        .unwrap();
    assert!(
        report.counted_blocks > 0 && report.unavailable.is_none(),
        "{report:?}"
    );
    let plan = w
        .service
        .plan(None, &conversation, Api::Converse, &target)
        .unwrap();
    assert!(plan.sizes.reasons.is_empty(), "{:?}", plan.sizes.reasons);
    // The counted write is the write: the send's usage matches the prediction exactly.
    let (id, draft) = session_on(&w, opus, conversation);
    let (turn, _) = w.send(&id, &draft, &target).await;
    let reconciliation = turn.reconciliation.unwrap();
    assert!(reconciliation.matches, "{reconciliation:?}");
}

#[tokio::test]
async fn implicit_reads_are_labelled_priced_at_the_read_rate_and_not_called_a_misprediction() {
    let w = world().await;
    let nova = "us.amazon.nova-lite-v1:0";
    let target = w.target(nova).await;
    let mut conversation = handbook("What is a rock?");
    // No cache point: anything read is the service caching on its own.
    conversation.messages[0]
        .content
        .retain(|c| !matches!(c, ContentItem::CachePoint { .. }));
    let (id, mut draft) = session_on(&w, nova, conversation);
    let (first, _) = w.send(&id, &draft, &target).await;
    assert_eq!(first.usage.unwrap().cache_read_input_tokens, 0);
    ask(&mut draft, &first, "And a pebble?");
    let (second, _) = w.send(&id, &draft, &target).await;
    let usage = second.usage.unwrap();
    assert!(usage.cache_read_input_tokens >= 3000, "{usage:?}");
    assert_eq!(usage.implicit_read_tokens, usage.cache_read_input_tokens);
    let reconciliation = second.reconciliation.unwrap();
    assert!(
        reconciliation.matches && reconciliation.causes.is_empty(),
        "{reconciliation:?}"
    );
    assert_eq!(reconciliation.implicit_read, usage.cache_read_input_tokens);
    let cost = second.cost.unwrap();
    let prices = second.prices.unwrap();
    assert!((cost.implicit_read - usage.implicit_read_tokens as f64 * prices.cache_read / 1e6).abs() < 1e-12);
    assert!(cost.implicit_saved > 0.0);
    let totals = w.service.session(&id).unwrap().totals;
    assert_eq!(totals.usage.implicit_read_tokens, usage.implicit_read_tokens);
}

#[tokio::test]
async fn invoke_model_with_an_anthropic_body_is_refused_for_a_model_that_does_not_read_it() {
    let w = world().await;
    let nova = "us.amazon.nova-lite-v1:0";
    let target = w.target(nova).await;
    let (id, mut draft) = session_on(&w, nova, handbook("What is a rock?"));
    draft.api = Api::InvokeModel;
    let refused = refused_before_sending(&w, &id, &draft, &target).await;
    assert_eq!(refused.fields[0].field, "api");
    assert!(matches!(
        &refused.fields[0].rule,
        outcrop_core::field_rule::Rule::AnthropicBodyOnly { model } if model == "Amazon Nova Lite"
    ));
    assert!(
        w.service.session(&id).unwrap().turns.is_empty(),
        "nothing was sent"
    );
}

// ---- Anthropic's Messages API on bedrock-runtime ----

const OPUS_47_PROFILE: &str = "us.anthropic.claude-opus-4-7";

/// A 5,000-token document (past Opus 4.7's 4,096-token floor) behind a cache point, then the question.
fn long_handbook(question: &str) -> Conversation {
    let mut conversation = handbook(question);
    if let ContentItem::Document { text, .. } = &mut conversation.messages[0].content[0] {
        *text = words(5000);
    }
    conversation
}

async fn messages_turns(faults: Option<FaultPlan>, latency: LatencyModel) -> (World, String, Draft, Target) {
    let w = world_with(faults, latency).await;
    let target = w.target(OPUS_47_PROFILE).await;
    let (session, mut draft) = session_on(&w, OPUS_47_PROFILE, long_handbook("What is alpha"));
    draft.api = Api::Messages;
    (w, session, draft, target)
}

#[tokio::test]
async fn the_messages_api_writes_once_then_reads_and_is_billed_like_the_other_transports() {
    let (w, session, mut draft, target) = messages_turns(None, LatencyModel::NONE).await;
    let (first, events) = w.send(&session, &draft, &target).await;
    assert_eq!(first.status, TurnStatus::Complete, "{:?}", first.error);
    assert_eq!(first.api, Api::Messages);
    assert!(
        events.iter().any(|e| matches!(e, TurnEvent::TextDelta { .. })),
        "the answer streams"
    );
    let usage = first.usage.unwrap();
    assert!(
        usage.cache_write5m_tokens > 5000 && usage.cache_read_input_tokens == 0,
        "{usage:?}"
    );
    assert!(
        first.reconciliation.as_ref().unwrap().matches,
        "{:?}",
        first.reconciliation
    );
    // Opus 4.7 through a us. profile: the geographic row, $5.50 input, $6.875 a 5-minute write, $27.50 output.
    let cost = first.cost.unwrap();
    let per = |tokens: u64, price: f64| tokens as f64 * price / 1e6;
    assert!(close(cost.input, per(usage.input_tokens, 5.5)), "{cost:?}");
    assert!(
        close(cost.cache_write, per(usage.cache_write5m_tokens, 6.875)),
        "{cost:?}"
    );
    assert!(close(cost.output, per(usage.output_tokens, 27.5)), "{cost:?}");

    ask(&mut draft, &first, "What is beta");
    let (second, _) = w.send(&session, &draft, &target).await;
    let read = second.usage.unwrap();
    assert_eq!(
        read.cache_read_input_tokens, usage.cache_write5m_tokens,
        "the second question reads the first's write"
    );
    assert!(second.reconciliation.unwrap().matches);
    assert!(second.cost.unwrap().saved > 0.0);
    w.server.shutdown().await;
}

#[tokio::test]
async fn the_messages_api_retries_throttling_and_keeps_a_cut_or_failed_answer() {
    for (fault, complete) in [
        (Fault::Throttle, true),
        (Fault::StreamCut { after: 5 }, false),
        (Fault::StreamError { after: 5 }, false),
    ] {
        let (w, session, mut draft, target) =
            messages_turns(Some(FaultPlan { fault, every: 2 }), LatencyModel::NONE).await;
        let (first, _) = w.send(&session, &draft, &target).await;
        assert_eq!(first.status, TurnStatus::Complete, "{fault:?}: {:?}", first.error);
        ask(&mut draft, &first, "What is beta");
        let (second, events) = w.send(&session, &draft, &target).await;
        if complete {
            assert_eq!(
                (second.status, second.attempts),
                (TurnStatus::Complete, 2),
                "{:?}",
                second.error
            );
            assert!(
                events
                    .iter()
                    .any(|e| matches!(e, TurnEvent::Retrying { attempt: 2, .. }))
            );
        } else {
            assert_eq!(second.status, TurnStatus::Failed, "{fault:?}");
            assert!(!second.reply.is_empty(), "{fault:?}: the partial answer is kept");
            assert!(second.error.is_some());
        }
        let saved = w.service.session(&session).unwrap();
        assert_eq!(saved.turns.len(), 2, "{fault:?}: every turn is kept");
        w.server.shutdown().await;
    }
}

#[tokio::test]
async fn stop_ends_a_messages_api_stream_and_keeps_what_arrived() {
    let (w, session, draft, target) = messages_turns(None, LatencyModel::realistic(1.0)).await;
    let service = Arc::clone(&w.service);
    let cancel_session = session.clone();
    let turn = w
        .service
        .send(&w.runtime, &session, &draft, &target, &|e| {
            if matches!(e, TurnEvent::TextDelta { .. }) {
                service.cancel(&cancel_session);
            }
        })
        .await
        .unwrap();
    assert_eq!(turn.status, TurnStatus::Cancelled);
    assert!(!turn.reply.is_empty(), "what arrived before Stop is kept");
    w.server.shutdown().await;
}

#[tokio::test]
async fn the_messages_api_is_refused_before_sending_for_a_model_that_does_not_serve_it() {
    let w = world().await;
    let sonnet = "us.anthropic.claude-sonnet-4-6";
    let target = w.target(sonnet).await;
    let (id, mut draft) = session_on(&w, sonnet, handbook("What is a rock?"));
    draft.api = Api::Messages;
    let refused = refused_before_sending(&w, &id, &draft, &target).await;
    assert!(
        matches!(
            &refused.fields[0].rule,
            outcrop_core::field_rule::Rule::ApiNotServed {
                instead: Some(outcrop_core::ModelApi::Converse),
                ..
            }
        ),
        "{refused:?}"
    );
}

#[tokio::test]
async fn the_messages_api_sends_a_connections_api_key_as_a_bearer_token() {
    let (w, session, draft, target) = messages_turns(None, LatencyModel::NONE).await;
    let keyed = outcrop_bedrock::Connection {
        source: outcrop_bedrock::CredentialSource::BearerToken(outcrop_core::Secret::new(
            "bedrock-api-key-engine-test",
        )),
        region: REGION.into(),
        endpoint_url: Some(w.server.url()),
        simulated: false,
        runtime_endpoint_url: None,
        messages_endpoint: outcrop_core::MessagesEndpoint::Runtime,
    };
    let runtime = keyed.runtime().await;
    assert!(matches!(
        runtime.messages.auth,
        outcrop_bedrock::MessagesAuth::ApiKey(_)
    ));
    let turn = w
        .service
        .send(&runtime, &session, &draft, &target, &|_| {})
        .await
        .unwrap();
    assert_eq!(turn.status, TurnStatus::Complete, "{:?}", turn.error);
    assert!(turn.usage.unwrap().cache_write5m_tokens > 5000);
    w.server.shutdown().await;
}

#[tokio::test]
async fn a_one_hour_point_through_the_messages_api_is_written_and_priced_as_one() {
    let (w, session, mut draft, target) = messages_turns(None, LatencyModel::NONE).await;
    for item in &mut draft.conversation.messages[0].content {
        if let ContentItem::CachePoint { ttl } = item {
            *ttl = CacheTtl::OneHour;
        }
    }
    let (turn, _) = w.send(&session, &draft, &target).await;
    assert_eq!(turn.status, TurnStatus::Complete, "{:?}", turn.error);
    let usage = turn.usage.unwrap();
    assert!(
        usage.cache_write1h_tokens > 5000 && usage.cache_write5m_tokens == 0,
        "{usage:?}"
    );
    // A 1-hour write costs 2x input: $11 per million through a us. profile of Opus 4.7.
    let cost = turn.cost.unwrap();
    assert!(
        close(cost.cache_write, usage.cache_write1h_tokens as f64 * 11.0 / 1e6),
        "{cost:?}"
    );
    assert!(turn.reconciliation.unwrap().matches);
    w.server.shutdown().await;
}

#[tokio::test]
async fn automatic_placement_through_the_messages_api_caches_the_whole_request_and_the_next_turn_reads_it() {
    let (w, session, mut draft, target) = messages_turns(None, LatencyModel::NONE).await;
    draft.conversation.messages[0]
        .content
        .retain(|item| !matches!(item, ContentItem::CachePoint { .. }));
    draft.conversation.automatic_cache = Some(CacheTtl::FiveMinutes);
    let plan = w
        .service
        .plan(Some(&session), &draft.conversation, draft.api, &target)
        .unwrap();
    assert_eq!(plan.plan.points.len(), 1, "{:?}", plan.plan.points);
    let automatic = &plan.plan.points[0];
    assert!(automatic.automatic && automatic.caches, "{automatic:?}");
    assert_eq!(automatic.after_blocks, plan.plan.block_tokens.len() as u32);
    assert!(plan.problems.is_empty(), "{:?}", plan.problems);

    let (first, _) = w.send(&session, &draft, &target).await;
    assert_eq!(first.status, TurnStatus::Complete, "{:?}", first.error);
    let usage = first.usage.unwrap();
    assert!(
        usage.cache_write5m_tokens > 5000 && usage.input_tokens < 50,
        "the question is cached with the document: {usage:?}"
    );
    assert!(
        first.reconciliation.as_ref().unwrap().matches,
        "{:?}",
        first.reconciliation
    );

    ask(&mut draft, &first, "What is beta");
    let (second, _) = w.send(&session, &draft, &target).await;
    let read = second.usage.unwrap();
    assert_eq!(
        read.cache_read_input_tokens, usage.cache_write5m_tokens,
        "the next turn reads the whole first request"
    );
    assert!(read.cache_write5m_tokens > 0, "and writes its own tail");
    assert!(second.reconciliation.unwrap().matches);

    // Converse and InvokeModel have no top-level cache_control: refused before sending, naming the field.
    let (fresh, mut other) = session_on(&w, OPUS_47_PROFILE, long_handbook("What is alpha"));
    other.conversation.automatic_cache = Some(CacheTtl::FiveMinutes);
    for api in [Api::Converse, Api::InvokeModel] {
        other.api = api;
        let refused = refused_before_sending(&w, &fresh, &other, &target).await;
        assert_eq!(refused.fields[0].field, "automaticCache", "{refused:?}");
        assert!(matches!(
            refused.fields[0].rule,
            outcrop_core::field_rule::Rule::AutomaticCacheMessagesOnly { .. }
        ));
    }
    w.server.shutdown().await;
}

/// A server that answers any request with `body` as a 200 server-sent-event stream, then closes.
async fn hostile_stream_server(body: String) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let body = body.clone();
            tokio::spawn(async move {
                let mut request = vec![0u8; 1 << 20];
                let mut read = 0;
                // Read the headers and the body the Content-Length names.
                loop {
                    let n = socket.read(&mut request[read..]).await.unwrap_or(0);
                    if n == 0 {
                        return;
                    }
                    read += n;
                    let text = String::from_utf8_lossy(&request[..read]);
                    if let Some(end) = text.find("\r\n\r\n") {
                        let length = text[..end]
                            .lines()
                            .find_map(|l| {
                                l.to_ascii_lowercase()
                                    .strip_prefix("content-length:")
                                    .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                            })
                            .unwrap_or(0);
                        if read >= end + 4 + length {
                            break;
                        }
                    }
                }
                let head = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                    body.len()
                );
                let _ = socket.write_all(head.as_bytes()).await;
                let _ = socket.write_all(body.as_bytes()).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    url
}

fn sse(events: &[serde_json::Value]) -> String {
    events
        .iter()
        .map(|e| {
            format!(
                "event: {}\ndata: {e}\n\n",
                e["type"].as_str().unwrap_or("message")
            )
        })
        .collect()
}

#[tokio::test]
async fn a_hostile_stream_ends_the_turn_as_failed_and_the_app_stays_up() {
    let start = serde_json::json!({"type": "message_start", "message": {"id": "m", "type": "message", "role": "assistant",
        "model": "x", "content": [], "usage": {"input_tokens": 10, "output_tokens": 0}}});
    let text = |index: u64| {
        serde_json::json!({"type": "content_block_start", "index": index,
        "content_block": {"type": "text", "text": ""}})
    };
    let delta = |index: u64, text: &str| {
        serde_json::json!({"type": "content_block_delta", "index": index,
        "delta": {"type": "text_delta", "text": text}})
    };
    let big = "x".repeat(600 << 10);
    let hostile = [
        // A block index near i32::MAX: a vector grown to it would abort the app.
        sse(&[
            start.clone(),
            text(0),
            delta(0, "Partial answer"),
            text(2_147_483_647),
        ]),
        sse(&[start.clone(), text(4_294_967_295)]),
        // An answer that never stops growing: 18 MiB of text in 600 KiB deltas.
        sse(&std::iter::once(start.clone())
            .chain(std::iter::once(text(0)))
            .chain((0..30).map(|_| delta(0, &big)))
            .collect::<Vec<_>>()),
        // One event that never ends: 8 MiB with no line break.
        format!(
            "{}data: {}",
            sse(std::slice::from_ref(&start)),
            "x".repeat(8 << 20)
        ),
    ];
    for body in hostile {
        let (w, session, draft, target) = messages_turns(None, LatencyModel::NONE).await;
        let url = hostile_stream_server(body).await;
        let runtime = support::example_keys_to(url, REGION).runtime().await;
        let turn = w
            .service
            .send(&runtime, &session, &draft, &target, &|_| {})
            .await
            .unwrap();
        assert_eq!(turn.status, TurnStatus::Failed, "{:?}", turn.error);
        let error = turn.error.unwrap();
        assert!(error.message.contains("malformed"), "{error:?}");
        assert_eq!(
            w.service.session(&session).unwrap().turns.len(),
            1,
            "the turn is kept"
        );
        w.server.shutdown().await;
    }
}

// ---- The Messages API on bedrock-mantle (a connection's choice) ----

/// The Messages API's turns on bedrock-mantle: the world's server, reached as the connection `keyed` (or the
/// world's example keys) with its Messages API sent to bedrock-mantle.
async fn mantle_runtime(w: &World, keyed: Option<outcrop_core::Secret>) -> outcrop_bedrock::Runtime {
    let mut connection = support::example_keys_to(w.server.url(), REGION);
    if let Some(key) = keyed {
        connection.source = outcrop_bedrock::CredentialSource::BearerToken(key);
    }
    connection.messages_endpoint = outcrop_core::MessagesEndpoint::Mantle;
    connection.runtime().await
}

async fn send_on(
    w: &World,
    runtime: &outcrop_bedrock::Runtime,
    session: &str,
    draft: &Draft,
    target: &Target,
) -> (TurnRecord, Vec<TurnEvent>) {
    let events = Mutex::new(Vec::new());
    let record = w
        .service
        .send(runtime, session, draft, target, &|e| {
            events.lock().unwrap().push(e)
        })
        .await
        .unwrap();
    (record, events.into_inner().unwrap())
}

#[tokio::test]
async fn a_mantle_connection_sends_the_bare_model_id_writes_then_reads_signed_or_with_an_api_key() {
    for keyed in [
        None,
        Some(outcrop_core::Secret::new("bedrock-api-key-engine-test")),
    ] {
        let label = if keyed.is_some() { "API key" } else { "SigV4" };
        let (w, session, mut draft, mut target) = messages_turns(None, LatencyModel::NONE).await;
        target.messages_endpoint = outcrop_core::MessagesEndpoint::Mantle;
        let runtime = mantle_runtime(&w, keyed.clone()).await;
        assert_eq!(runtime.messages.endpoint.signing_name(), "bedrock-mantle");
        if keyed.is_some() {
            assert!(matches!(
                runtime.messages.auth,
                outcrop_bedrock::MessagesAuth::ApiKey(_)
            ));
        }
        let plan = w
            .service
            .plan(Some(&session), &draft.conversation, Api::Messages, &target)
            .unwrap();
        assert_eq!(plan.messages_endpoint, outcrop_core::MessagesEndpoint::Mantle);
        assert!(plan.problems.is_empty(), "{label}: {:?}", plan.problems);

        let (first, events) = send_on(&w, &runtime, &session, &draft, &target).await;
        // bedrock-local's bedrock-runtime refuses a bare foundation-model ID for Opus 4.7 (on-demand is not
        // supported) and its bedrock-mantle refuses a profile ID: a complete turn named by the bare ID could
        // only have been answered by bedrock-mantle.
        assert_eq!(first.status, TurnStatus::Complete, "{label}: {:?}", first.error);
        assert_eq!(first.invoke_id, "anthropic.claude-opus-4-7", "{label}");
        assert_eq!(
            first.messages_endpoint,
            Some(outcrop_core::MessagesEndpoint::Mantle)
        );
        assert!(
            events.iter().any(|e| matches!(e, TurnEvent::Started { invoke_id, .. } if invoke_id == "anthropic.claude-opus-4-7")),
            "{label}: the stream says which ID was sent"
        );
        let usage = first.usage.unwrap();
        assert!(
            usage.cache_write5m_tokens > 5000 && usage.cache_read_input_tokens == 0,
            "{label}: {usage:?}"
        );
        assert!(first.reconciliation.as_ref().unwrap().matches, "{label}");

        ask(&mut draft, &first, "What is beta");
        let (second, _) = send_on(&w, &runtime, &session, &draft, &target).await;
        assert_eq!(second.status, TurnStatus::Complete, "{label}: {:?}", second.error);
        let read = second.usage.unwrap();
        assert_eq!(
            read.cache_read_input_tokens, usage.cache_write5m_tokens,
            "{label}: the second question reads the first's write on bedrock-mantle"
        );
        assert!(second.reconciliation.as_ref().unwrap().matches, "{label}");

        // bedrock-runtime keeps its own cache: the same prefix sent there is written again, as predicted.
        ask(&mut draft, &second, "What is gamma");
        target.messages_endpoint = outcrop_core::MessagesEndpoint::Runtime;
        let (on_runtime, _) = w.send(&session, &draft, &target).await;
        assert_eq!(
            on_runtime.status,
            TurnStatus::Complete,
            "{label}: {:?}",
            on_runtime.error
        );
        assert_eq!(on_runtime.invoke_id, OPUS_47_PROFILE);
        let runtime_usage = on_runtime.usage.unwrap();
        assert_eq!(
            runtime_usage.cache_read_input_tokens, 0,
            "{label}: {runtime_usage:?}"
        );
        assert!(
            runtime_usage.cache_write5m_tokens > 5000,
            "{label}: {runtime_usage:?}"
        );
        assert!(on_runtime.reconciliation.unwrap().matches, "{label}");
        w.server.shutdown().await;
    }
}

#[tokio::test]
async fn a_model_bedrock_mantle_does_not_serve_is_refused_before_sending_on_a_mantle_connection() {
    let w = world().await;
    let sonnet = "us.anthropic.claude-3-7-sonnet-20250219-v1:0";
    let mut target = w.target(sonnet).await;
    target.messages_endpoint = outcrop_core::MessagesEndpoint::Mantle;
    let (id, mut draft) = session_on(&w, sonnet, handbook("What is a rock?"));
    draft.api = Api::Messages;
    let runtime = mantle_runtime(&w, None).await;
    let refused = w
        .service
        .send(&runtime, &id, &draft, &target, &|_| {})
        .await
        .unwrap_err();
    assert_eq!(refused.fields.len(), 1, "{refused:?}");
    assert_eq!(
        refused.fields[0].rule,
        outcrop_core::field_rule::Rule::ApiNotOnMantle {
            model: "Claude 3.7 Sonnet".into(),
            on_runtime: false,
        }
    );
    assert!(
        w.service.session(&id).unwrap().turns.is_empty(),
        "nothing was sent"
    );
    // Converse on the same connection still goes to bedrock-runtime, whatever bedrock-mantle serves.
    draft.api = Api::Converse;
    let plan = w
        .service
        .plan(None, &draft.conversation, Api::Converse, &target)
        .unwrap();
    assert!(plan.problems.is_empty(), "{:?}", plan.problems);
    w.server.shutdown().await;
}

#[tokio::test]
async fn copy_as_code_of_a_mantle_turn_is_the_request_bedrock_mantle_was_sent() {
    use outcrop_core::request_code::CodeFormat;
    let (w, session, draft, mut target) = messages_turns(None, LatencyModel::NONE).await;
    target.messages_endpoint = outcrop_core::MessagesEndpoint::Mantle;
    let next = w
        .service
        .copy_next_send(&draft, &target, CodeFormat::Curl)
        .unwrap();
    assert!(
        next.code
            .starts_with("curl -sS 'https://bedrock-mantle.us-east-1.api.aws/anthropic/v1/messages'"),
        "{}",
        next.code
    );
    assert!(
        next.code
            .contains("--aws-sigv4 'aws:amz:us-east-1:bedrock-mantle'")
    );
    assert_eq!(next.invoke_id, "anthropic.claude-opus-4-7");
    let runtime = mantle_runtime(&w, None).await;
    let (turn, _) = send_on(&w, &runtime, &session, &draft, &target).await;
    assert_eq!(turn.status, TurnStatus::Complete, "{:?}", turn.error);
    let last = w
        .service
        .copy_last_sent(&session, CodeFormat::AnthropicPython)
        .unwrap()
        .unwrap();
    assert!(
        last.code
            .contains("base_url=\"https://bedrock-mantle.us-east-1.api.aws/anthropic\""),
        "{}",
        last.code
    );
    assert!(
        last.code.contains("model=\"anthropic.claude-opus-4-7\""),
        "{}",
        last.code
    );
    w.server.shutdown().await;
}

// ---- Credentials resolved once per connection ----

#[tokio::test]
async fn a_credential_process_runs_once_for_a_connections_clients_over_sends_on_every_transport() {
    let (w, session, mut draft, target) = messages_turns(None, LatencyModel::NONE).await;
    let dir = tempfile::tempdir().unwrap();
    let runs = dir.path().join("runs");
    let helper = dir.path().join("vault.sh");
    std::fs::write(
        &helper,
        format!(
            "#!/bin/sh\necho run >> '{}'\necho '{{\"Version\": 1, \"AccessKeyId\": \"AKIAIOSFODNN7EXAMPLE\", \"SecretAccessKey\": \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"}}'\n",
            runs.display()
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&helper, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let files = outcrop_bedrock::AwsFiles {
        config: dir.path().join("config"),
        credentials: dir.path().join("credentials"),
    };
    std::fs::write(
        &files.config,
        format!(
            "[profile vault]\nregion = {REGION}\ncredential_process = {}\n",
            helper.display()
        ),
    )
    .unwrap();
    std::fs::write(&files.credentials, "").unwrap();
    let connection = outcrop_bedrock::Connection {
        source: outcrop_bedrock::CredentialSource::Profile {
            name: "vault".into(),
            files,
        },
        ..support::example_keys_to(w.server.url(), REGION)
    };
    let clients = connection.clients().await;
    let ran = || std::fs::read_to_string(&runs).unwrap_or_default().lines().count();
    assert_eq!(ran(), 0, "nothing runs before the first call");

    clients.bedrock.list_foundation_models().send().await.unwrap();
    for api in [Api::Messages, Api::Messages, Api::Converse, Api::InvokeModel] {
        draft.api = api;
        let turn = w
            .service
            .send(&clients.runtime, &session, &draft, &target, &|_| {})
            .await
            .unwrap();
        assert_eq!(turn.status, TurnStatus::Complete, "{api:?}: {:?}", turn.error);
        ask(&mut draft, &turn, "And then?");
    }
    assert_eq!(
        ran(),
        1,
        "one run of the credential process for the catalogue and four sends"
    );
    w.server.shutdown().await;
}

/// Outcrop's own loop against Local Bedrock as a model with tools: a question the tool answers gets a streamed
/// call with the city from the question (tool choice left to the model, as the playground sends it), and the turn
/// after the tool's result gets text that uses it — through Converse and through InvokeModel.
#[tokio::test]
async fn a_tool_is_called_on_auto_and_its_result_is_answered_from() {
    use outcrop_core::conversation::ToolItem;
    let w = world().await;
    for api in [Api::Converse, Api::InvokeModel] {
        let target = w.target(SONNET_37_PROFILE).await;
        let mut conversation = Conversation {
            messages: vec![Message {
                role: Role::User,
                content: vec![ContentItem::Text {
                    text: "What's the weather in Lisbon?".into(),
                }],
            }],
            ..Conversation::default()
        };
        conversation.tools = vec![ToolItem::Tool {
            name: "get_weather".into(),
            description: "Current weather for a city: temperature and conditions.".into(),
            input_schema: r#"{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"#
                .into(),
        }];
        let (session, mut draft) = w.session(conversation, api);
        let (call, events) = w.send(&session, &draft, &target).await;
        assert_eq!(call.stop_reason.as_deref(), Some("tool_use"), "{api:?}: {call:?}");
        let streamed: Vec<(&str, &str)> = events
            .iter()
            .filter_map(|e| match e {
                TurnEvent::ToolUse { name, input, .. } => Some((name.as_str(), input.as_str())),
                _ => None,
            })
            .collect();
        assert_eq!(streamed, [("get_weather", r#"{"city":"Lisbon"}"#)], "{api:?}");
        let Some(ContentItem::ToolUse { tool_use_id, .. }) = call.reply.last().cloned() else {
            panic!("{api:?}: the reply ends with the call: {:?}", call.reply)
        };

        draft.conversation.messages.push(Message {
            role: Role::Assistant,
            content: call.reply.clone(),
        });
        draft.conversation.messages.push(Message {
            role: Role::User,
            content: vec![ContentItem::ToolResult {
                tool_use_id,
                text: "18 °C and sunny in Lisbon".into(),
            }],
        });
        let (answer, _) = w.send(&session, &draft, &target).await;
        assert_eq!(
            answer.stop_reason.as_deref(),
            Some("end_turn"),
            "{api:?}: {answer:?}"
        );
        let [ContentItem::Text { text }] = answer.reply.as_slice() else {
            panic!("{api:?}: one text block: {:?}", answer.reply)
        };
        assert!(
            text.starts_with("According to get_weather: 18 °C and sunny in Lisbon."),
            "{api:?}: {text}"
        );
    }
    w.server.shutdown().await;
}
