//! An answer in Anthropic's Messages shapes, shared by InvokeModel (Anthropic bodies) and the Messages API:
//! the message, its usage with the cache split by TTL, and the stream's events from `message_start` to
//! `message_delta` (each caller frames them its own way and ends the stream its own way).

use axum::body::Bytes;
use serde_json::{Value, json};

use super::converse::INPUT_FRAGMENT_CHARS;
use super::event_stream::Sender;
use super::turn::Turn;
use crate::responder;
use crate::service::Service;

/// `usage` as Anthropic reports it: uncached input, cache writes (split by TTL) and reads, output.
pub(super) fn usage(turn: &Turn, output_tokens: u32) -> Value {
    json!({
        "input_tokens": turn.uncached_input(),
        "cache_creation_input_tokens": turn.cache.write(),
        "cache_read_input_tokens": turn.cache.read,
        "cache_creation": {
            "ephemeral_5m_input_tokens": turn.cache.write_5m,
            "ephemeral_1h_input_tokens": turn.cache.write_1h,
        },
        "output_tokens": output_tokens,
    })
}

pub(super) fn message_id(turn: &Turn) -> String {
    format!(
        "msg_bdrk_{:016x}",
        turn.prompt.prefix_hashes.last().copied().unwrap_or(0)
    )
}

fn content(turn: &Turn) -> Vec<Value> {
    let mut content = Vec::new();
    if let Some(reasoning) = &turn.reply.reasoning {
        content
            .push(json!({"type": "thinking", "thinking": reasoning.text, "signature": reasoning.signature}));
    }
    if !turn.reply.text.is_empty() {
        content.push(json!({"type": "text", "text": turn.reply.text}));
    }
    if let Some(tool) = &turn.reply.tool_use {
        content.push(
            json!({"type": "tool_use", "id": tool.anthropic_id(), "name": tool.name, "input": tool.input}),
        );
    }
    content
}

/// The whole message, `model` naming the model as the answer echoes it.
pub(super) fn message(turn: &Turn, model: &str) -> Value {
    json!({
        "id": message_id(turn),
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": content(turn),
        "stop_reason": turn.reply.stop_reason,
        "stop_sequence": turn.reply.stop_sequence,
        "usage": usage(turn, turn.reply.output_tokens),
    })
}

/// How a stream of Anthropic events is shaped.
pub(super) struct StreamShape<'a> {
    /// The model as `message_start` names it.
    pub(super) model: &'a str,
    /// Frames one event (InvokeModel: a base64 `chunk`; the Messages API: a server-sent event).
    pub(super) frame: fn(&Value) -> Bytes,
    /// A `ping` after `message_start`, as Anthropic's API sends.
    pub(super) ping: bool,
    /// `message_delta`'s usage repeats the input and cache counts (Anthropic's API does; InvokeModel sends
    /// `output_tokens` only).
    pub(super) full_delta_usage: bool,
}

/// Sends `message_start` to `message_delta`, paced by the latency model. `false`: the stream is over (client
/// gone or a fault applied) and nothing more should be sent.
pub(super) async fn send_events(
    turn: &Turn,
    service: &Service,
    out: &mut Sender,
    shape: &StreamShape<'_>,
) -> bool {
    let frame = shape.frame;
    let start = json!({"type": "message_start", "message": {
        "id": message_id(turn), "type": "message", "role": "assistant", "model": shape.model,
        "content": [], "stop_reason": null, "stop_sequence": null, "usage": usage(turn, 1)}});
    if !out.send(frame(&start)).await {
        return false;
    }
    if shape.ping && !out.send(frame(&json!({"type": "ping"}))).await {
        return false;
    }
    let mut index = 0;
    let pace = |piece: &str| turn.generation(service, crate::tokenizer::count(piece));
    let delta = |index: u32, delta: Value| {
        frame(&json!({"type": "content_block_delta", "index": index, "delta": delta}))
    };
    let start = |index: u32, block: Value| {
        frame(&json!({"type": "content_block_start", "index": index, "content_block": block}))
    };
    let stop = |index: u32| frame(&json!({"type": "content_block_stop", "index": index}));
    if let Some(reasoning) = &turn.reply.reasoning {
        let signature = json!({"type": "signature_delta", "signature": reasoning.signature});
        if !out
            .send(start(
                index,
                json!({"type": "thinking", "thinking": "", "signature": ""}),
            ))
            .await
            || !out
                .paced(responder::chunks(&reasoning.text, 3), pace, |chunk| {
                    delta(index, json!({"type": "thinking_delta", "thinking": chunk}))
                })
                .await
            || !out.send_all([delta(index, signature), stop(index)]).await
        {
            return false;
        }
        index += 1;
    }
    if !turn.reply.text.is_empty() {
        if !out.send(start(index, json!({"type": "text", "text": ""}))).await
            || !out
                .paced(responder::chunks(&turn.reply.text, 3), pace, |chunk| {
                    delta(index, json!({"type": "text_delta", "text": chunk}))
                })
                .await
            || !out.send(stop(index)).await
        {
            return false;
        }
        index += 1;
    }
    if let Some(tool) = &turn.reply.tool_use {
        let block = json!({"type": "tool_use", "id": tool.anthropic_id(), "name": tool.name, "input": {}});
        let fragments = responder::json_fragments(&tool.input.to_string(), INPUT_FRAGMENT_CHARS);
        if !out.send(start(index, block)).await
            || !out
                .paced(fragments, pace, |fragment| {
                    delta(
                        index,
                        json!({"type": "input_json_delta", "partial_json": fragment}),
                    )
                })
                .await
            || !out.send(stop(index)).await
        {
            return false;
        }
    }
    let delta_usage = if shape.full_delta_usage {
        usage(turn, turn.reply.output_tokens)
    } else {
        json!({"output_tokens": turn.reply.output_tokens})
    };
    let delta = json!({"type": "message_delta",
        "delta": {"stop_reason": turn.reply.stop_reason, "stop_sequence": turn.reply.stop_sequence},
        "usage": delta_usage});
    out.send(frame(&delta)).await
}
