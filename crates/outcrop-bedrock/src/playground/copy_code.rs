//! "Copy as code": which request the code is. After a send, the request the last completed or failed turn
//! actually sent (as the session database kept it, with its transport, ID and Region); before any send,
//! the next request exactly as Send would build it — or Send's own refusal.

use outcrop_core::conversation::{ANTHROPIC_DEFAULT_MAX_TOKENS, Api, Conversation, InferenceParams};
use outcrop_core::request_code::{CodeFormat, request_code};
use serde::Serialize;
use ts_rs::TS;

use super::plan::Target;
use super::service::PlaygroundService;
use super::types::{Draft, TurnRecord, TurnStatus};
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

fn copied(
    conversation: &Conversation,
    api: Api,
    invoke_id: &str,
    region: &str,
    request: CopiedRequest,
    format: CodeFormat,
) -> CopiedCode {
    CopiedCode {
        code: request_code(conversation, api, invoke_id, region, format),
        request,
        api,
        invoke_id: invoke_id.to_owned(),
        region: region.to_owned(),
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
        let turns = self.store.turns(session_id)?;
        Ok(last_sent(&turns).map(|turn| {
            copied(
                &turn.request,
                turn.api,
                &turn.invoke_id,
                &turn.region,
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
            &target.resolution.invoke_id,
            &target.region,
            CopiedRequest::NextSend,
            format,
        ))
    }
}
