//! The playground engine's test world: a bedrock-local on an injected clock, the engine over the real AWS SDK,
//! and the steps every playground test takes (resolve, create a session, send, expect a refusal).

#![allow(dead_code)] // each test binary uses the part it needs
#![allow(clippy::unwrap_used)] // a test fails loudly

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bedrock_local::{BedrockLocal, Config, FaultPlan, LatencyModel, ManualClock};
use outcrop_bedrock::playground::TurnStatus;
use outcrop_bedrock::playground::{
    Api, Backoff, Clock, Draft, PlaygroundService, Target, TurnEvent, TurnRecord,
};
use outcrop_core::conversation::{ContentItem, Conversation, Message, Role};

use crate::support;

pub const REGION: &str = "us-east-1";
pub const SONNET_37_PROFILE: &str = "us.anthropic.claude-3-7-sonnet-20250219-v1:0";

/// The server's and the engine's time, moved by hand.
#[derive(Debug, Clone)]
pub struct SharedClock(ManualClock);

impl Clock for SharedClock {
    fn now_ms(&self) -> u64 {
        bedrock_local::Clock::now(&self.0)
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_millis() as u64
    }
}

pub struct World {
    pub server: BedrockLocal,
    pub clock: ManualClock,
    pub service: Arc<PlaygroundService>,
    pub runtime: outcrop_bedrock::Runtime,
    pub bedrock: aws_sdk_bedrock::Client,
    pub _dir: tempfile::TempDir,
}

pub async fn world_with(faults: Option<FaultPlan>, latency: LatencyModel) -> World {
    let clock = ManualClock::new(SystemTime::UNIX_EPOCH + Duration::from_secs(1_790_000_000));
    let server = BedrockLocal::start(Config {
        region: REGION.into(),
        clock: Arc::new(clock.clone()),
        faults,
        latency,
        ..Config::default()
    })
    .await
    .unwrap();
    let connection = support::example_keys_to(server.url(), REGION);
    let dir = tempfile::tempdir().unwrap();
    let backoff = Backoff {
        first: Duration::from_millis(5),
        cap: Duration::from_millis(20),
        max_attempts: 4,
    };
    let service = PlaygroundService::open(dir.path(), Arc::new(SharedClock(clock.clone())), backoff).unwrap();
    World {
        runtime: connection.runtime().await,
        bedrock: connection.bedrock().await,
        server,
        clock,
        service: Arc::new(service),
        _dir: dir,
    }
}

pub async fn world() -> World {
    world_with(None, LatencyModel::NONE).await
}

impl World {
    /// Resolves a choice the way the app does: through the Region's catalogue.
    pub async fn target(&self, choice: &str) -> Target {
        let catalog = outcrop_bedrock::profiles::catalog(&self.bedrock, REGION)
            .await
            .unwrap();
        Target {
            resolution: catalog.resolve(choice).unwrap(),
            region: REGION.into(),
            messages_endpoint: outcrop_core::MessagesEndpoint::Runtime,
        }
    }

    pub fn session(&self, conversation: Conversation, api: Api) -> (String, Draft) {
        let draft = Draft {
            conversation,
            model_choice: SONNET_37_PROFILE.into(),
            api,
        };
        let session = self
            .service
            .create_session("handbook", draft.clone(), None)
            .unwrap();
        (session.id, draft)
    }

    pub async fn send(&self, session: &str, draft: &Draft, target: &Target) -> (TurnRecord, Vec<TurnEvent>) {
        let events = Mutex::new(Vec::new());
        let record = self
            .service
            .send(&self.runtime, session, draft, target, &|e| {
                events.lock().unwrap().push(e)
            })
            .await
            .unwrap();
        (record, events.into_inner().unwrap())
    }
}

/// Sends `draft` expecting one rule to refuse it before anything leaves, and nothing to be kept.
pub async fn refused_before_sending(
    w: &World,
    id: &str,
    draft: &Draft,
    target: &Target,
) -> outcrop_bedrock::OutcropError {
    let refused = w
        .service
        .send(&w.runtime, id, draft, target, &|_| {})
        .await
        .unwrap_err();
    assert_eq!(refused.fields.len(), 1, "{refused:?}");
    assert!(
        w.service.session(id).unwrap().turns.is_empty(),
        "nothing was sent"
    );
    refused
}

/// A fresh session on `choice` for `conversation`.
pub fn session_on(world: &World, choice: &str, conversation: Conversation) -> (String, Draft) {
    let (id, mut draft) = world.session(conversation, Api::Converse);
    draft.model_choice = choice.into();
    (id, draft)
}

/// `n` tokens by bedrock-local's tokenizer (and about as many by any BPE): short English words.
pub fn words(n: usize) -> String {
    let vocabulary = [
        "alpha", "beta", "gamma", "delta", "north", "south", "river", "stone",
    ];
    (0..n)
        .map(|i| vocabulary[i % vocabulary.len()])
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn ask(draft: &mut Draft, after: &TurnRecord, question: &str) {
    assert_eq!(after.status, TurnStatus::Complete, "{:?}", after.error);
    // The engine kept the answer in the draft; the next question follows it.
    draft.conversation.messages.push(Message {
        role: Role::Assistant,
        content: after.reply.clone(),
    });
    draft.conversation.messages.push(Message {
        role: Role::User,
        content: vec![ContentItem::Text {
            text: question.into(),
        }],
    });
}
