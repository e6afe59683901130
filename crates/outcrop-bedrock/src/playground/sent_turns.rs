//! A list of turns as it crosses to the screen: each turn whole but its request, which is sent as what it adds to
//! the request of the turn before it in the list ([`RequestDelta`]; the first one whole).
//!
//! Each turn of a conversation resends everything before it, so a session's page of 50 turns over a 2 MB document
//! holds 50 copies of the document: 100 MB of JSON for the webview to read, where this sends one. The screen
//! rebuilds every request from the list (`ui/src/features/playground/sent-turns.ts`), sharing what the turns
//! share.

use outcrop_core::MessagesEndpoint;
use outcrop_core::cache_tracker::{Prediction, Reconciliation};
use outcrop_core::conversation::{Api, ContentItem};
use outcrop_core::model_facts::ServiceTier;
use outcrop_core::pricing::{Billing, Prices, TurnCost, Usage};
use serde::{Serialize, Serializer};

use super::store::request_delta::{Base, RequestDelta, delta};
use super::types::{Latency, TurnError, TurnRecord, TurnStatus};

/// A [`TurnRecord`] with its request as a [`RequestDelta`]. Field by field, borrowed (no copy of a turn is
/// made): a field added to `TurnRecord` must be added here, which a test checks.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SentTurn<'a> {
    id: i64,
    session_id: &'a str,
    seq: u32,
    status: TurnStatus,
    started_at_ms: u64,
    model_choice: &'a str,
    invoke_id: &'a str,
    foundation_model_id: &'a Option<String>,
    region: &'a str,
    api: Api,
    #[serde(skip_serializing_if = "Option::is_none")]
    messages_endpoint: &'a Option<MessagesEndpoint>,
    request: RequestDelta,
    reply: &'a [ContentItem],
    stop_reason: &'a Option<String>,
    error: &'a Option<TurnError>,
    usage: &'a Option<Usage>,
    prices: &'a Option<Prices>,
    billing: &'a Option<Billing>,
    service_tier: &'a Option<ServiceTier>,
    cost: &'a Option<TurnCost>,
    prediction: &'a Prediction,
    reconciliation: &'a Option<Reconciliation>,
    latency: &'a Latency,
    attempts: u32,
}

impl<'a> SentTurn<'a> {
    fn new(turn: &'a TurnRecord, previous: Option<&'a TurnRecord>) -> Self {
        let TurnRecord {
            id,
            session_id,
            seq,
            status,
            started_at_ms,
            model_choice,
            invoke_id,
            foundation_model_id,
            region,
            api,
            messages_endpoint,
            request,
            reply,
            stop_reason,
            error,
            usage,
            prices,
            billing,
            service_tier,
            cost,
            prediction,
            reconciliation,
            latency,
            attempts,
        } = turn;
        let base = previous.map(|previous| Base {
            seq: previous.seq,
            request: &previous.request,
            reply: Some(&previous.reply),
        });
        Self {
            id: *id,
            session_id,
            seq: *seq,
            status: *status,
            started_at_ms: *started_at_ms,
            model_choice,
            invoke_id,
            foundation_model_id,
            region,
            api: *api,
            messages_endpoint,
            request: delta(base, request),
            reply,
            stop_reason,
            error,
            usage,
            prices,
            billing,
            service_tier,
            cost,
            prediction,
            reconciliation,
            latency,
            attempts: *attempts,
        }
    }
}

/// Serialises `turns` as the screen receives them (`#[serde(serialize_with)]` on a list of turns).
pub(crate) fn serialize<S: Serializer>(turns: &[TurnRecord], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(
        turns
            .iter()
            .enumerate()
            .map(|(i, turn)| SentTurn::new(turn, i.checked_sub(1).and_then(|p| turns.get(p)))),
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use outcrop_core::conversation::{Conversation, Message, Role, SystemItem};

    use super::*;

    fn text(text: &str) -> ContentItem {
        ContentItem::Text { text: text.into() }
    }

    fn turn(seq: u32, request: Conversation, reply: &str) -> TurnRecord {
        TurnRecord {
            id: i64::from(seq),
            session_id: "s".into(),
            seq,
            status: TurnStatus::Complete,
            started_at_ms: 1,
            model_choice: "m".into(),
            invoke_id: "m".into(),
            foundation_model_id: Some("f".into()),
            region: "us-east-1".into(),
            api: Api::Converse,
            messages_endpoint: Some(MessagesEndpoint::Runtime),
            request,
            reply: vec![text(reply)],
            stop_reason: Some("end_turn".into()),
            error: None,
            usage: Some(Usage::default()),
            prices: None,
            billing: None,
            service_tier: None,
            cost: Some(TurnCost::default()),
            prediction: Prediction {
                read_tokens: 0,
                read_boundary: None,
                write5m_tokens: 0,
                write1h_tokens: 0,
                uncached_tokens: 0,
                points: Vec::new(),
                misses: Vec::new(),
                estimated: true,
            },
            reconciliation: None,
            latency: Latency::default(),
            attempts: 1,
        }
    }

    #[derive(Serialize)]
    struct Sent<'a>(#[serde(serialize_with = "serialize")] &'a [TurnRecord]);

    /// A conversation: a long document, then each answer and the next question.
    fn conversation() -> Vec<TurnRecord> {
        let document = "outcrop ".repeat(10_000);
        let mut request = Conversation {
            system: vec![SystemItem::Text {
                text: "Answer.".into(),
            }],
            messages: vec![Message {
                role: Role::User,
                content: vec![text(&document), text("Question 1")],
            }],
            ..Conversation::default()
        };
        let mut turns = Vec::new();
        for seq in 1..=3 {
            let answer = format!("Answer {seq}");
            turns.push(turn(seq, request.clone(), &answer));
            request.messages.push(Message {
                role: Role::Assistant,
                content: vec![text(&answer)],
            });
            request.messages.push(Message {
                role: Role::User,
                content: vec![text(&format!("Question {}", seq + 1))],
            });
        }
        turns
    }

    #[test]
    fn the_first_request_is_sent_whole_and_the_rest_as_what_they_add() {
        let turns = conversation();
        let sent = serde_json::to_value(Sent(&turns)).unwrap();
        let sent = sent.as_array().unwrap();
        assert!(sent[0]["request"].get("base").is_none());
        assert_eq!(sent[0]["request"]["messages"].as_array().unwrap().len(), 1);
        for (i, turn) in sent.iter().enumerate().skip(1) {
            let request = &turn["request"];
            assert_eq!(request["base"], i);
            assert_eq!(
                request["withReply"], true,
                "the answer before is the assistant's message"
            );
            // Only the new question crosses; the document and the answers before do not.
            assert_eq!(request["messages"].as_array().unwrap().len(), 1);
            assert!(
                request.get("system").is_none(),
                "the same system prompt is not sent again"
            );
        }
        let whole = serde_json::to_string(&turns).unwrap().len();
        let delta = serde_json::to_string(&Sent(&turns)).unwrap().len();
        assert!(delta * 2 < whole, "{delta} bytes sent for {whole} whole");
    }

    #[test]
    fn every_field_of_a_turn_is_sent_as_the_turn_has_it() {
        let turns = conversation();
        let sent = serde_json::to_value(Sent(&turns)).unwrap();
        for (turn, sent) in turns.iter().zip(sent.as_array().unwrap()) {
            let mut whole = serde_json::to_value(turn).unwrap();
            let mut sent = sent.clone();
            whole.as_object_mut().unwrap().remove("request");
            sent.as_object_mut().unwrap().remove("request");
            assert_eq!(sent, whole);
        }
    }

    #[test]
    fn a_request_that_does_not_build_on_the_one_before_is_sent_with_what_changed() {
        let mut turns = conversation();
        // The person edited the system prompt and the first question before the third turn.
        turns[2].request.system = vec![SystemItem::Text {
            text: "Answer briefly.".into(),
        }];
        turns[2].request.messages[0].content[1] = text("Question 1, edited");
        let sent = serde_json::to_value(Sent(&turns)).unwrap();
        let request = &sent[2]["request"];
        assert_eq!(request["keep"], 0);
        assert_eq!(request["withReply"], false);
        assert_eq!(request["messages"].as_array().unwrap().len(), 5);
        assert_eq!(request["system"][0]["text"], "Answer briefly.");
    }
}
