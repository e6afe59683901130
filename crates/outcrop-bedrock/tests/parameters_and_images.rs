//! Inference parameters and images through the playground engine, against bedrock-local over the real AWS SDK:
//! what a model's facts refuse is refused before sending, what is sent is what the turn keeps and Copy as code
//! shows, and an image behind a cache point is written once and then read.

#![allow(clippy::unwrap_used)] // a test fails loudly

use outcrop_bedrock::playground::{Api, TurnStatus};
use outcrop_core::connection_input::Rule;
use outcrop_core::conversation::{
    ContentItem, Conversation, ImageFormat, InferenceParams, SystemItem, Thinking, base64,
};
use outcrop_core::model_facts::{CacheTtl, SamplingParam};
use outcrop_core::request_code::CodeFormat;

mod playground_support;
mod support;

use playground_support::*;

const OPUS_47: &str = "us.anthropic.claude-opus-4-7";
const SONNET_45: &str = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";

#[tokio::test]
async fn what_a_model_refuses_is_refused_before_sending_with_the_rule_at_its_field() {
    let w = world().await;
    let cases: [(&str, InferenceParams, &str, Rule); 4] = [
        (
            OPUS_47,
            InferenceParams {
                temperature: Some(0.2),
                ..InferenceParams::default()
            },
            "inference.temperature",
            Rule::ParameterRefused {
                param: SamplingParam::Temperature,
                model: "Claude Opus 4.7".into(),
            },
        ),
        (
            SONNET_45,
            InferenceParams {
                temperature: Some(0.2),
                top_p: Some(0.9),
                ..InferenceParams::default()
            },
            "inference.topP",
            Rule::TemperatureOrTopP {
                model: "Claude Sonnet 4.5".into(),
            },
        ),
        (
            SONNET_45,
            InferenceParams {
                max_tokens: Some(4096),
                thinking: Some(Thinking::Enabled { budget_tokens: 2048 }),
                top_k: Some(40),
                ..InferenceParams::default()
            },
            "inference.topK",
            Rule::SamplingWithThinking {
                param: SamplingParam::TopK,
            },
        ),
        (
            SONNET_37_PROFILE,
            InferenceParams {
                max_tokens: Some(1024),
                thinking: Some(Thinking::Enabled { budget_tokens: 2048 }),
                ..InferenceParams::default()
            },
            "inference.thinking.budgetTokens",
            Rule::ThinkingBudgetNotBelowMaxTokens {
                budget_tokens: 2048,
                max_tokens: Some(1024),
            },
        ),
    ];
    for (choice, inference, field, rule) in cases {
        let mut conversation = Conversation::simple("Be brief.", "Name a mineral.");
        conversation.inference = inference;
        let (id, draft) = session_on(&w, choice, conversation);
        let target = w.target(choice).await;
        let plan = w
            .service
            .plan(Some(&id), &draft.conversation, Api::Converse, &target)
            .unwrap();
        assert!(
            plan.problems.iter().any(|p| p.field == field && p.rule == rule),
            "{choice}: {:?}",
            plan.problems
        );
        let refused = refused_before_sending(&w, &id, &draft, &target).await;
        assert_eq!(refused.fields[0].field, field, "{choice}");
    }
}

#[tokio::test]
async fn parameters_go_out_as_the_model_reads_them_and_the_turn_keeps_them() {
    let w = world().await;
    let mut conversation = Conversation::simple("Be brief.", "Name a mineral.");
    conversation.inference = InferenceParams {
        max_tokens: Some(300),
        temperature: Some(0.4),
        top_k: Some(40),
        stop_sequences: vec!["\n\nHuman:".into()],
        ..InferenceParams::default()
    };
    for api in [Api::Converse, Api::InvokeModel] {
        let (id, mut draft) = session_on(&w, SONNET_37_PROFILE, conversation.clone());
        draft.api = api;
        let target = w.target(SONNET_37_PROFILE).await;
        let plan = w
            .service
            .plan(Some(&id), &draft.conversation, api, &target)
            .unwrap();
        assert_eq!(
            plan.parameters.as_ref().map(|p| p.temperature_or_top_p),
            Some(false),
            "Claude 3.7 Sonnet's facts reach the panel"
        );
        let (turn, _) = w.send(&id, &draft, &target).await;
        assert_eq!(turn.status, TurnStatus::Complete, "{api:?}: {:?}", turn.error);
        assert_eq!(turn.request.inference, conversation.inference);
        let code = w
            .service
            .copy_last_sent(&id, CodeFormat::Json)
            .unwrap()
            .unwrap()
            .code;
        let sent: serde_json::Value = serde_json::from_str(&code).unwrap();
        match api {
            Api::Converse => {
                assert_eq!(
                    sent["additionalModelRequestFields"],
                    serde_json::json!({"top_k": 40})
                );
                assert_eq!(sent["inferenceConfig"]["temperature"], 0.4);
            }
            _ => {
                let body = &sent["body"];
                assert_eq!(
                    (body["top_k"].as_u64(), body["temperature"].as_f64()),
                    (Some(40), Some(0.4))
                );
            }
        }
    }
}

/// The header of a PNG of `width` × `height`: enough for Outcrop and bedrock-local to read it as one.
fn png(width: u32, height: u32) -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    b.extend(width.to_be_bytes());
    b.extend(height.to_be_bytes());
    b.extend([8, 6, 0, 0, 0]);
    b
}

#[tokio::test]
async fn an_image_behind_a_cache_point_is_written_once_then_read() {
    let w = world().await;
    let conversation = Conversation {
        system: vec![SystemItem::Text { text: words(1500) }],
        messages: vec![outcrop_core::conversation::Message {
            role: outcrop_core::conversation::Role::User,
            content: vec![
                ContentItem::Image {
                    name: "chart".into(),
                    format: ImageFormat::Png,
                    data: base64(&png(800, 600)),
                },
                ContentItem::CachePoint {
                    ttl: CacheTtl::FiveMinutes,
                },
                ContentItem::Text {
                    text: "What does the chart show?".into(),
                },
            ],
        }],
        ..Conversation::default()
    };
    let target = w.target(SONNET_37_PROFILE).await;
    let (id, mut draft) = session_on(&w, SONNET_37_PROFILE, conversation);
    let plan = w
        .service
        .plan(Some(&id), &draft.conversation, Api::Converse, &target)
        .unwrap();
    assert!(plan.problems.is_empty(), "{:?}", plan.problems);
    // 800 × 600 = 480,000 px / 750 = 640 tokens, estimated until counted.
    let image = plan
        .blocks
        .iter()
        .position(|o| o.field() == "messages[0].content[0]")
        .unwrap();
    assert_eq!(plan.plan.block_tokens[image], 640);
    assert!(plan.plan.points[0].caches);

    let (first, _) = w.send(&id, &draft, &target).await;
    assert_eq!(first.status, TurnStatus::Complete, "{:?}", first.error);
    let usage = first.usage.unwrap();
    assert!(usage.cache_write_tokens() > 1500, "{usage:?}");
    ask(&mut draft, &first, "And its colours?");
    let (second, _) = w.send(&id, &draft, &target).await;
    let read = second.usage.unwrap();
    assert_eq!(
        read.cache_read_input_tokens,
        usage.cache_write_tokens(),
        "{read:?}"
    );

    // A file whose bytes are not the format it is sent as is refused before sending.
    if let ContentItem::Image { format, .. } = &mut draft.conversation.messages[0].content[0] {
        *format = ImageFormat::Jpeg;
    }
    let refused = w
        .service
        .send(&w.runtime, &id, &draft, &target, &|_| {})
        .await
        .unwrap_err();
    assert_eq!(
        w.service.session(&id).unwrap().turns.len(),
        2,
        "nothing more was sent"
    );
    assert_eq!(
        refused.fields[0].rule,
        Rule::ImageFormatMismatch {
            declared: ImageFormat::Jpeg,
            actual: ImageFormat::Png
        }
    );
}

#[tokio::test]
async fn a_thinking_turn_keeps_its_signed_reasoning_and_the_next_turn_sends_it_back() {
    let w = world().await;
    let mut conversation = Conversation::simple("Be brief.", "Why cache a long document?");
    conversation.inference = InferenceParams {
        max_tokens: Some(2048),
        thinking: Some(Thinking::Enabled { budget_tokens: 1024 }),
        ..InferenceParams::default()
    };
    for api in [Api::Converse, Api::InvokeModel] {
        let (id, mut draft) = session_on(&w, SONNET_37_PROFILE, conversation.clone());
        draft.api = api;
        let target = w.target(SONNET_37_PROFILE).await;
        let (turn, _) = w.send(&id, &draft, &target).await;
        assert_eq!(turn.status, TurnStatus::Complete, "{api:?}: {:?}", turn.error);
        let Some(ContentItem::Reasoning { text, signature }) = turn.reply.first() else {
            panic!("{api:?}: the reply opens with its reasoning: {:?}", turn.reply)
        };
        assert!(text.starts_with("Considering the question"), "{api:?}: {text}");
        assert!(
            signature.as_deref().is_some_and(|s| !s.is_empty()),
            "{api:?}: signed"
        );
        assert!(
            matches!(turn.reply.get(1), Some(ContentItem::Text { .. })),
            "{api:?}: then the answer"
        );

        // The next turn sends the reasoning back as it came, and Local Bedrock, which checks the signature,
        // takes it.
        ask(&mut draft, &turn, "And when does it not pay off?");
        let (next, _) = w.send(&id, &draft, &target).await;
        assert_eq!(next.status, TurnStatus::Complete, "{api:?}: {:?}", next.error);
        assert!(
            matches!(next.reply.first(), Some(ContentItem::Reasoning { .. })),
            "{api:?}: {:?}",
            next.reply
        );
    }
}
