//! "Copy as code": which request the code is. After a send, the request the last completed or failed turn
//! actually sent (as the session database kept it, with its transport, ID and Region); before any send,
//! the next request exactly as Send would build it — or Send's own refusal.

use outcrop_core::MessagesEndpoint;
use outcrop_core::conversation::{ANTHROPIC_DEFAULT_MAX_TOKENS, Api, Conversation, InferenceParams};
use outcrop_core::request_code::{CodeFormat, request_code_at};
use serde::Serialize;
use ts_rs::TS;

use super::plan::Target;
use super::service::PlaygroundService;
use super::types::{Draft, TURN_PAGE, TurnRecord, TurnStatus};
use crate::OutcropError;
use outcrop_core::cache_tracker::CacheTracker;

/// Which request the copied code is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum CopiedRequest {
    /// The request turn `seq` (from 1) sent.
    LastSent { seq: u32, status: TurnStatus },
    /// Nothing sent yet: the request the next Send would make.
    NextSend,
}

/// The code, and what it is: the request, its transport and destination, and the inference parameters on
/// the wire (InvokeModel's `max_tokens` filled in as sent).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CopiedCode {
    pub code: String,
    pub request: CopiedRequest,
    pub api: Api,
    /// The model ID the request names (on bedrock-mantle, without a profile prefix).
    pub invoke_id: String,
    pub region: String,
    pub inference: InferenceParams,
}

/// The inference parameters as the transport sends them.
fn inference_on_the_wire(conversation: &Conversation, api: Api) -> InferenceParams {
    let mut inference = conversation.inference.clone();
    if api != Api::Converse {
        inference.max_tokens = Some(inference.max_tokens.unwrap_or(ANTHROPIC_DEFAULT_MAX_TOKENS));
    }
    inference
}

/// Where a request went or goes: the model ID it names, the Region and the Messages API's endpoint.
struct Destination<'a> {
    invoke_id: &'a str,
    region: &'a str,
    endpoint: MessagesEndpoint,
}

fn copied(
    conversation: &Conversation,
    api: Api,
    to: Destination<'_>,
    request: CopiedRequest,
    format: CodeFormat,
) -> CopiedCode {
    CopiedCode {
        code: request_code_at(conversation, api, to.invoke_id, to.region, to.endpoint, format),
        request,
        api,
        invoke_id: to.invoke_id.to_owned(),
        region: to.region.to_owned(),
        inference: inference_on_the_wire(conversation, api),
    }
}

/// The turn whose request is copied: the last one that completed or failed (a cancelled turn may never
/// have left, and a running one is not finished).
fn last_sent(turns: &[TurnRecord]) -> Option<&TurnRecord> {
    turns
        .iter()
        .rev()
        .find(|t| matches!(t.status, TurnStatus::Complete | TurnStatus::Failed))
}

impl PlaygroundService {
    /// The code of the request the session's last completed or failed turn sent; `None` before any.
    pub fn copy_last_sent(
        &self,
        session_id: &str,
        format: CodeFormat,
    ) -> Result<Option<CopiedCode>, OutcropError> {
        // The latest page holds it but in a session whose last turns were all cancelled or interrupted.
        let page = self.store.turn_page(session_id, None, TURN_PAGE)?;
        let turns = if last_sent(&page.turns).is_none() && page.earlier > 0 {
            self.store.turns(session_id)?
        } else {
            page.turns
        };
        Ok(last_sent(&turns).map(|turn| {
            copied(
                &turn.request,
                turn.api,
                Destination {
                    invoke_id: &turn.invoke_id,
                    region: &turn.region,
                    endpoint: turn.messages_endpoint.unwrap_or_default(),
                },
                CopiedRequest::LastSent {
                    seq: turn.seq,
                    status: turn.status,
                },
                format,
            )
        }))
    }

    /// The code of the request Send would make of `draft` on `target`; refused, as Send would refuse it,
    /// while the draft breaks a rule (an empty question, a cache point Bedrock would reject…).
    pub fn copy_next_send(
        &self,
        draft: &Draft,
        target: &Target,
        format: CodeFormat,
    ) -> Result<CopiedCode, OutcropError> {
        self.checked(draft, target, &CacheTracker::default(), self.clock.now_ms())?;
        Ok(copied(
            &draft.conversation,
            draft.api,
            Destination {
                invoke_id: target.sent_id(draft.api),
                region: &target.region,
                endpoint: target.endpoint_for(draft.api),
            },
            CopiedRequest::NextSend,
            format,
        ))
    }
}
