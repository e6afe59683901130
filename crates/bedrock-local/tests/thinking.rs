//! Inference parameters and extended thinking, through the real Rust SDK on all four runtime operations and
//! through the Messages API: each refusal Bedrock gives, in its words and on every route; the reasoning block
//! that opens a thinking answer, whole and streamed; its signature sent back (accepted) and tampered with
//! (refused); the tool loop with thinking; and the cache, where changing the thinking settings writes the
//! messages' checkpoint again while the system's is read.

#![allow(clippy::unwrap_used)]

mod support;

use aws_sdk_bedrockruntime::error::ProvideErrorMetadata;
use aws_sdk_bedrockruntime::operation::converse::ConverseOutput as ConverseResponse;
use aws_sdk_bedrockruntime::primitives::Blob;
use aws_sdk_bedrockruntime::types::{
    CachePointBlock, CachePointType, ContentBlock, ContentBlockDelta, ConversationRole, ConverseOutput,
    ConverseStreamOutput, InferenceConfiguration, Message, ReasoningContentBlock, ReasoningContentBlockDelta,
    ReasoningTextBlock, ResponseStream, SystemContentBlock, Tool, ToolConfiguration, ToolInputSchema,
    ToolResultBlock, ToolResultContentBlock, ToolSpecification, ToolUseBlock,
};
use aws_smithy_types::Document;
use bedrock_local::tokenizer;
use hyper::StatusCode;
use serde_json::{Value, json};
use support::http::post;
use support::{Local, doc, document, start_local, user};

const SONNET_37: &str = "us.anthropic.claude-3-7-sonnet-20250219-v1:0";
const SONNET_45: &str = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
const SONNET_35: &str = "us.anthropic.claude-3-5-sonnet-20241022-v2:0";
const OPUS_47: &str = "us.anthropic.claude-opus-4-7";
const NOVA_PRO: &str = "us.amazon.nova-pro-v1:0";
const WRAP: &str = "The model returned the following errors: ";

fn thinking(budget: u64) -> Value {
    json!({"type": "enabled", "budget_tokens": budget})
}

/// Parameters in Anthropic's terms (`temperature`, `top_p`, `top_k`, `max_tokens`, `thinking`) as Converse
/// carries them: `inferenceConfig` and `additionalModelRequestFields`.
fn converse_parameters(params: &Value) -> (InferenceConfiguration, Option<Document>) {
    let float = |key: &str| params.get(key).and_then(Value::as_f64).map(|v| v as f32);
    let config = InferenceConfiguration::builder()
        .set_max_tokens(params.get("max_tokens").and_then(Value::as_i64).map(|v| v as i32))
        .set_temperature(float("temperature"))
        .set_top_p(float("top_p"))
        .build();
    let mut extra = serde_json::Map::new();
    for key in ["top_k", "thinking"] {
        if let Some(value) = params.get(key) {
            extra.insert(key.to_owned(), value.clone());
        }
    }
    (config, (!extra.is_empty()).then(|| doc(&Value::Object(extra))))
}

async fn converse(
    local: &Local,
    model: &str,
    params: &Value,
    messages: Vec<Message>,
    tools: Option<ToolConfiguration>,
) -> Result<ConverseResponse, String> {
    let (config, extra) = converse_parameters(params);
    local
        .runtime
        .converse()
        .model_id(model)
        .set_messages(Some(messages))
        .inference_config(config)
        .set_additional_model_request_fields(extra)
        .set_tool_config(tools)
        .send()
        .await
        .map_err(|e| refusal(&e, e.raw_response().map(|r| r.status().as_u16())))
}

/// "ValidationException (400): message", for comparing refusals.
fn refusal(error: &impl ProvideErrorMetadata, status: Option<u16>) -> String {
    format!(
        "{} ({}): {}",
        error.code().unwrap_or("?"),
        status.unwrap_or(0),
        error.message().unwrap_or("")
    )
}

fn validation(message: &str) -> String {
    format!("ValidationException (400): {message}")
}

/// An Anthropic body for InvokeModel with `params` merged in.
fn invoke_body(params: &Value, messages: Value) -> Value {
    let mut body =
        json!({"anthropic_version": "bedrock-2023-05-31", "max_tokens": 400, "messages": messages});
    for (key, value) in params.as_object().unwrap() {
        body[key] = value.clone();
    }
    body
}

async fn invoke(local: &Local, model: &str, body: &Value) -> Result<Value, String> {
    local
        .runtime
        .invoke_model()
        .model_id(model)
        .body(Blob::new(body.to_string()))
        .send()
        .await
        .map(|output| serde_json::from_slice(output.body().as_ref()).unwrap())
        .map_err(|e| refusal(&e, e.raw_response().map(|r| r.status().as_u16())))
}

async fn invoke_stream(local: &Local, model: &str, body: &Value) -> Result<Vec<Value>, String> {
    let mut stream = local
        .runtime
        .invoke_model_with_response_stream()
        .model_id(model)
        .body(Blob::new(body.to_string()))
        .send()
        .await
        .map_err(|e| refusal(&e, e.raw_response().map(|r| r.status().as_u16())))?
        .body;
    let mut events = Vec::new();
    while let Some(event) = stream.recv().await.unwrap() {
        if let ResponseStream::Chunk(part) = event {
            events.push(serde_json::from_slice::<Value>(part.bytes().unwrap().as_ref()).unwrap());
        }
    }
    Ok(events)
}

async fn converse_stream(
    local: &Local,
    model: &str,
    params: &Value,
    messages: Vec<Message>,
) -> Result<Vec<ConverseStreamOutput>, String> {
    let (config, extra) = converse_parameters(params);
    let mut stream = local
        .runtime
        .converse_stream()
        .model_id(model)
        .set_messages(Some(messages))
        .inference_config(config)
        .set_additional_model_request_fields(extra)
        .send()
        .await
        .map_err(|e| refusal(&e, e.raw_response().map(|r| r.status().as_u16())))?
        .stream;
    let mut events = Vec::new();
    while let Some(event) = stream.recv().await.unwrap() {
        events.push(event);
    }
    Ok(events)
}

async fn messages_api(local: &Local, body: &Value) -> support::http::Answer {
    let headers = vec![
        ("anthropic-version".to_owned(), "2023-06-01".to_owned()),
        ("content-type".to_owned(), "application/json".to_owned()),
    ];
    post(
        &local.server.url(),
        "/anthropic/v1/messages",
        &headers,
        &body.to_string(),
        false,
    )
    .await
}

/// A refusal on the Messages API: 400 `invalid_request_error` with `message`.
fn assert_anthropic_refusal(answer: &support::http::Answer, message: &str) {
    assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.text);
    assert_eq!(
        answer.anthropic_error(),
        ("invalid_request_error".to_owned(), message.to_owned())
    );
}

#[tokio::test]
async fn each_refusal_in_bedrocks_words_on_every_route() {
    let local = start_local(bedrock_local::Config::default()).await;
    let deprecated = |name: &str| format!("`{name}` is deprecated for this model.");
    let both = "`temperature` and `top_p` cannot both be specified for this model. Please use only one.";
    let wrapped = |message: &str| format!("{WRAP}{message}");
    // (model, parameters, Converse's words, InvokeModel's words)
    let cases: Vec<(&str, Value, String, String)> = vec![
        (OPUS_47, json!({"temperature": 0.5}), deprecated("temperature"), deprecated("temperature")),
        (OPUS_47, json!({"top_p": 0.5}), deprecated("top_p"), deprecated("top_p")),
        (OPUS_47, json!({"top_k": 5}), deprecated("top_k"), deprecated("top_k")),
        (
            OPUS_47,
            json!({"max_tokens": 2048, "thinking": thinking(1024)}),
            "thinking.type.enabled is not supported for this model. Use thinking.type.adaptive instead.".into(),
            "thinking.type.enabled is not supported for this model. Use thinking.type.adaptive instead.".into(),
        ),
        (SONNET_45, json!({"temperature": 0.5, "top_p": 0.5}), both.into(), both.into()),
        (
            SONNET_37,
            json!({"max_tokens": 2048, "thinking": thinking(512)}),
            wrapped("thinking.enabled.budget_tokens: Input should be greater than or equal to 1024"),
            wrapped("thinking.enabled.budget_tokens: Input should be greater than or equal to 1024"),
        ),
        (
            SONNET_37,
            json!({"max_tokens": 1024, "thinking": thinking(1024)}),
            wrapped("`max_tokens` must be greater than `thinking.budget_tokens`."),
            wrapped("`max_tokens` must be greater than `thinking.budget_tokens`."),
        ),
        (
            SONNET_37,
            json!({"max_tokens": 2048, "thinking": thinking(1024), "temperature": 0.5}),
            wrapped("`temperature` may only be set to 1 when thinking is enabled or in adaptive mode."),
            wrapped("`temperature` may only be set to 1 when thinking is enabled or in adaptive mode."),
        ),
        (
            SONNET_37,
            json!({"max_tokens": 2048, "thinking": thinking(1024), "top_k": 5}),
            wrapped("`top_k` is not supported when thinking is enabled."),
            wrapped("`top_k` is not supported when thinking is enabled."),
        ),
        (
            SONNET_37,
            json!({"max_tokens": 2048, "thinking": thinking(1024), "top_p": 0.5}),
            wrapped("`top_p` must be greater than or equal to 0.95 or unset when thinking is enabled."),
            wrapped("`top_p` must be greater than or equal to 0.95 or unset when thinking is enabled."),
        ),
        (
            SONNET_35,
            json!({"max_tokens": 2048, "thinking": thinking(1024)}),
            wrapped("extraneous key [thinking] is not permitted"),
            "Malformed input request: #: extraneous key [thinking] is not permitted, please reformat your input and try again.".into(),
        ),
        (
            SONNET_37,
            json!({"temperature": 1.5}),
            "1 validation error detected: Value '1.5' at 'inferenceConfig.temperature' failed to satisfy constraint: Member must have value less than or equal to 1".into(),
            wrapped("temperature: range: 0..1"),
        ),
        (SONNET_37, json!({"top_k": 501}), wrapped("top_k: range: 0..500"), wrapped("top_k: range: 0..500")),
    ];
    for (model, params, converse_words, invoke_words) in &cases {
        let case = format!("{model} {params}");
        let refused = converse(&local, model, params, vec![user("Hello?")], None).await;
        assert_eq!(
            refused.err(),
            Some(validation(converse_words)),
            "Converse: {case}"
        );
        let refused = converse_stream(&local, model, params, vec![user("Hello?")]).await;
        assert_eq!(
            refused.err(),
            Some(validation(converse_words)),
            "ConverseStream: {case}"
        );
        let body = invoke_body(params, json!([{"role": "user", "content": "Hello?"}]));
        let refused = invoke(&local, model, &body).await;
        assert_eq!(
            refused.err(),
            Some(validation(invoke_words)),
            "InvokeModel: {case}"
        );
        let refused = invoke_stream(&local, model, &body).await;
        assert_eq!(
            refused.err(),
            Some(validation(invoke_words)),
            "InvokeModelWithResponseStream: {case}"
        );
    }

    // Nova takes no `thinking` either, in the words of a body its schema does not allow.
    let refused = converse(
        &local,
        NOVA_PRO,
        &json!({"thinking": thinking(1024)}),
        vec![user("Hi")],
        None,
    )
    .await;
    assert_eq!(
        refused.err(),
        Some(validation(
            "Malformed input request: #: extraneous key [thinking] is not permitted, please reformat your input and try again."
        ))
    );

    // The Messages API (Opus 4.7 is the model that serves it here): the same words, in Anthropic's envelope.
    for (params, message) in [
        (json!({"temperature": 0.5}), deprecated("temperature")),
        (json!({"top_k": 5}), deprecated("top_k")),
        (
            json!({"max_tokens": 2048, "thinking": thinking(1024)}),
            "thinking.type.enabled is not supported for this model. Use thinking.type.adaptive instead."
                .into(),
        ),
    ] {
        let mut body =
            json!({"model": OPUS_47, "max_tokens": 400, "messages": [{"role": "user", "content": "Hello?"}]});
        for (key, value) in params.as_object().unwrap() {
            body[key] = value.clone();
        }
        assert_anthropic_refusal(&messages_api(&local, &body).await, &message);
    }

    // What each model takes is accepted.
    for (model, params) in [
        (SONNET_45, json!({"temperature": 0.5})),
        (SONNET_37, json!({"temperature": 0.5, "top_p": 0.5, "top_k": 250})),
        (
            SONNET_37,
            json!({"max_tokens": 2048, "thinking": thinking(1024), "temperature": 1, "top_p": 0.95}),
        ),
        (
            OPUS_47,
            json!({"max_tokens": 2048, "thinking": {"type": "adaptive"}}),
        ),
    ] {
        converse(&local, model, &params, vec![user("Hello?")], None)
            .await
            .unwrap();
        invoke(
            &local,
            model,
            &invoke_body(&params, json!([{"role": "user", "content": "Hello?"}])),
        )
        .await
        .unwrap();
    }
}

/// The reasoning block and the text of a Converse answer.
fn converse_blocks(output: &ConverseResponse) -> (String, String, String) {
    let Some(ConverseOutput::Message(message)) = output.output() else {
        panic!("no message")
    };
    let ContentBlock::ReasoningContent(ReasoningContentBlock::ReasoningText(reasoning)) =
        &message.content()[0]
    else {
        panic!("the answer opens with reasoning: {message:?}")
    };
    let text = message
        .content()
        .iter()
        .filter_map(|b| b.as_text().ok())
        .cloned()
        .collect::<String>();
    (
        reasoning.text().to_owned(),
        reasoning.signature().unwrap().to_owned(),
        text,
    )
}

fn reasoning_block(text: &str, signature: &str) -> ContentBlock {
    ContentBlock::ReasoningContent(ReasoningContentBlock::ReasoningText(
        ReasoningTextBlock::builder()
            .text(text)
            .signature(signature)
            .build()
            .unwrap(),
    ))
}

fn assistant(blocks: Vec<ContentBlock>) -> Message {
    Message::builder()
        .role(ConversationRole::Assistant)
        .set_content(Some(blocks))
        .build()
        .unwrap()
}

#[tokio::test]
async fn converse_thinks_first_and_takes_its_reasoning_back_sealed() {
    let local = start_local(bedrock_local::Config::default()).await;
    let params = json!({"max_tokens": 2048, "thinking": thinking(1024)});
    let question = "Why does a stable prefix matter for caching?";
    let first = converse(&local, SONNET_37, &params, vec![user(question)], None)
        .await
        .unwrap();
    let (reasoning, signature, text) = converse_blocks(&first);
    assert!(
        reasoning.starts_with("Considering the question about “Why does a stable prefix"),
        "{reasoning}"
    );
    assert!(!signature.is_empty() && !text.is_empty());
    let output_tokens = first.usage().unwrap().output_tokens() as u32;
    assert_eq!(
        output_tokens,
        tokenizer::count(&reasoning) + tokenizer::count(&text),
        "output tokens count the thinking"
    );

    // Sent back sealed: accepted; the next turn thinks again.
    let conversation = |reasoning: &str| {
        vec![
            user(question),
            assistant(vec![
                reasoning_block(reasoning, &signature),
                ContentBlock::Text(text.clone()),
            ]),
            user("And what breaks it?"),
        ]
    };
    let second = converse(&local, SONNET_37, &params, conversation(&reasoning), None)
        .await
        .unwrap();
    let (again, _, _) = converse_blocks(&second);
    assert!(again.contains("And what breaks it?"), "{again}");
    // An earlier turn's thinking is stripped from the context: it counts no input tokens.
    let without = converse(
        &local,
        SONNET_37,
        &params,
        vec![
            user(question),
            assistant(vec![ContentBlock::Text(text.clone())]),
            user("And what breaks it?"),
        ],
        None,
    )
    .await
    .unwrap();
    assert_eq!(
        second.usage().unwrap().input_tokens(),
        without.usage().unwrap().input_tokens(),
        "earlier thinking counts nothing"
    );

    // Tampered with: refused, naming the block.
    let tampered = converse(
        &local,
        SONNET_37,
        &params,
        conversation(&format!("{reasoning} Also")),
        None,
    )
    .await;
    assert_eq!(
        tampered.err(),
        Some(validation(&format!(
            "{WRAP}messages.1.content.0: Invalid `signature` in `thinking` block"
        )))
    );

    // Streamed: the reasoning's pieces, one signature, its stop, then the text at the next index.
    let events = converse_stream(&local, SONNET_37, &params, vec![user(question)])
        .await
        .unwrap();
    let mut streamed = (String::new(), Vec::new(), String::new());
    let mut order = Vec::new();
    for event in &events {
        match event {
            ConverseStreamOutput::ContentBlockDelta(delta) => match delta.delta().unwrap() {
                ContentBlockDelta::ReasoningContent(ReasoningContentBlockDelta::Text(piece)) => {
                    assert_eq!(delta.content_block_index(), 0);
                    streamed.0.push_str(piece);
                    order.push("reasoning");
                }
                ContentBlockDelta::ReasoningContent(ReasoningContentBlockDelta::Signature(sig)) => {
                    assert_eq!(delta.content_block_index(), 0);
                    streamed.1.push(sig.clone());
                    order.push("signature");
                }
                ContentBlockDelta::Text(piece) => {
                    assert_eq!(delta.content_block_index(), 1);
                    streamed.2.push_str(piece);
                    order.push("text");
                }
                other => panic!("unexpected delta {other:?}"),
            },
            ConverseStreamOutput::ContentBlockStop(stop) => order.push(if stop.content_block_index() == 0 {
                "stop 0"
            } else {
                "stop 1"
            }),
            _ => {}
        }
    }
    order.dedup();
    assert_eq!(order, ["reasoning", "signature", "stop 0", "text", "stop 1"]);
    assert_eq!(streamed.1.len(), 1, "one signature");
    // The streamed reasoning, sent back with its signature, is accepted.
    let back = vec![
        user(question),
        assistant(vec![
            reasoning_block(&streamed.0, &streamed.1[0]),
            ContentBlock::Text(streamed.2.clone()),
        ]),
        user("And what breaks it?"),
    ];
    converse(&local, SONNET_37, &params, back, None).await.unwrap();
}

#[tokio::test]
async fn invoke_model_and_the_messages_api_think_in_anthropics_shapes() {
    let local = start_local(bedrock_local::Config::default()).await;
    let params = json!({"max_tokens": 2048, "thinking": thinking(1024)});
    let question = json!([{"role": "user", "content": "What does a cache read cost?"}]);
    let answer = invoke(&local, SONNET_37, &invoke_body(&params, question.clone()))
        .await
        .unwrap();
    let content = answer["content"].as_array().unwrap();
    assert_eq!(content[0]["type"], "thinking", "{answer}");
    assert_eq!(content[1]["type"], "text");
    let reasoning = content[0]["thinking"].as_str().unwrap();
    let signature = content[0]["signature"].as_str().unwrap();
    let text = content[1]["text"].as_str().unwrap();
    assert_eq!(
        answer["usage"]["output_tokens"].as_u64().unwrap() as u32,
        tokenizer::count(reasoning) + tokenizer::count(text)
    );
    let next = |thinking: &str| {
        json!([
            {"role": "user", "content": "What does a cache read cost?"},
            {"role": "assistant", "content": [
                {"type": "thinking", "thinking": thinking, "signature": signature},
                {"type": "text", "text": text}]},
            {"role": "user", "content": "And a write?"},
        ])
    };
    invoke(&local, SONNET_37, &invoke_body(&params, next(reasoning)))
        .await
        .unwrap();
    assert_eq!(
        invoke(&local, SONNET_37, &invoke_body(&params, next("I changed this.")))
            .await
            .err(),
        Some(validation(&format!(
            "{WRAP}messages.1.content.0: Invalid `signature` in `thinking` block"
        )))
    );

    // InvokeModelWithResponseStream: a thinking block that starts empty, thinking deltas, one signature.
    let events = invoke_stream(&local, SONNET_37, &invoke_body(&params, question))
        .await
        .unwrap();
    assert_anthropic_thinking_stream(&events);

    // The Messages API, adaptive thinking on Opus 4.7: the same sequence as server-sent events.
    let body = json!({"model": OPUS_47, "max_tokens": 2048, "thinking": {"type": "adaptive"}, "stream": true,
        "messages": [{"role": "user", "content": "What does a cache read cost?"}]});
    let answer = messages_api(&local, &body).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    let events: Vec<Value> = answer.events().into_iter().map(|(_, data)| data).collect();
    assert_anthropic_thinking_stream(&events);
}

/// content_block_start {thinking: "", signature: ""}, thinking_delta…, one signature_delta, stop; then text at 1.
fn assert_anthropic_thinking_stream(events: &[Value]) {
    let blocks: Vec<&Value> = events
        .iter()
        .filter(|e| e["type"].as_str().is_some_and(|t| t.starts_with("content_block")))
        .collect();
    assert_eq!(
        blocks[0]["content_block"],
        json!({"type": "thinking", "thinking": "", "signature": ""}),
        "{events:?}"
    );
    let mut kinds: Vec<String> = blocks
        .iter()
        .map(|e| {
            format!(
                "{} {} {}",
                e["type"].as_str().unwrap(),
                e["index"],
                e["delta"]["type"].as_str().unwrap_or("")
            )
        })
        .collect();
    kinds.dedup();
    assert_eq!(
        &kinds[..5],
        [
            "content_block_start 0 ",
            "content_block_delta 0 thinking_delta",
            "content_block_delta 0 signature_delta",
            "content_block_stop 0 ",
            "content_block_start 1 "
        ]
    );
    assert!(
        blocks
            .iter()
            .any(|e| e["delta"]["type"] == "text_delta" && e["index"] == 1)
    );
}

fn weather_tools() -> ToolConfiguration {
    ToolConfiguration::builder()
        .tools(Tool::ToolSpec(
            ToolSpecification::builder()
                .name("get_weather")
                .description("Current weather for a city.")
                .input_schema(ToolInputSchema::Json(doc(
                    &json!({"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}),
                )))
                .build()
                .unwrap(),
        ))
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_tool_loop_with_thinking_keeps_the_reasoning_before_the_call() {
    let local = start_local(bedrock_local::Config::default()).await;
    let params = json!({"max_tokens": 2048, "thinking": thinking(1024)});
    let question = "What's the weather in Lisbon?";
    let call = converse(
        &local,
        SONNET_37,
        &params,
        vec![user(question)],
        Some(weather_tools()),
    )
    .await
    .unwrap();
    let Some(ConverseOutput::Message(message)) = call.output() else {
        panic!()
    };
    let content = message.content().to_vec();
    assert!(content[0].is_reasoning_content(), "reasoning first: {content:?}");
    assert!(content.last().unwrap().is_tool_use(), "{content:?}");
    let (reasoning, _, _) = converse_blocks(&call);
    assert!(reasoning.contains("get_weather"), "{reasoning}");
    let tool_use: &ToolUseBlock = content.last().unwrap().as_tool_use().unwrap();
    let result = Message::builder()
        .role(ConversationRole::User)
        .content(ContentBlock::ToolResult(
            ToolResultBlock::builder()
                .tool_use_id(tool_use.tool_use_id())
                .content(ToolResultContentBlock::Text("18 °C and sunny".into()))
                .build()
                .unwrap(),
        ))
        .build()
        .unwrap();

    // The whole assistant message sent back: the loop goes on, and its thinking counts as input.
    let loop_on = vec![user(question), assistant(content.clone()), result.clone()];
    let after = converse(&local, SONNET_37, &params, loop_on, Some(weather_tools()))
        .await
        .unwrap();
    let Some(ConverseOutput::Message(answer)) = after.output() else {
        panic!()
    };
    let text: String = answer
        .content()
        .iter()
        .filter_map(|b| b.as_text().ok())
        .cloned()
        .collect();
    assert!(
        text.contains("According to get_weather: 18 °C and sunny."),
        "{text}"
    );
    let without_thinking = vec![user(question), assistant(content[1..].to_vec()), result.clone()];
    let loop_input = after.usage().unwrap().input_tokens();

    // Without its thinking block: refused as Anthropic refuses it.
    let refused = converse(
        &local,
        SONNET_37,
        &params,
        without_thinking.clone(),
        Some(weather_tools()),
    )
    .await;
    let first = if content.len() > 2 { "text" } else { "tool_use" };
    assert_eq!(
        refused.err(),
        Some(validation(&format!(
            "{WRAP}messages.1.content.0.type: Expected `thinking` or `redacted_thinking`, but found `{first}`. When `thinking` is enabled, a final `assistant` message must start with a thinking block (preceeding the lastmost set of `tool_use` and `tool_result` blocks). We recommend you include thinking blocks from previous turns. To avoid this requirement, disable `thinking`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking"
        )))
    );
    // With thinking off the same conversation is fine, and carries fewer input tokens.
    let off = converse(
        &local,
        SONNET_37,
        &json!({}),
        without_thinking,
        Some(weather_tools()),
    )
    .await
    .unwrap();
    assert!(off.usage().unwrap().input_tokens() + tokenizer::count(&reasoning) as i32 <= loop_input + 3);

    // InvokeModel and the Messages API refuse a bare tool_use the same way (Anthropic's envelope on the latter).
    let messages = json!([
        {"role": "user", "content": question},
        {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {"city": "Lisbon"}}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": "18 °C"}]},
    ]);
    let tools = json!([{"name": "get_weather", "description": "Current weather for a city.", "input_schema": {"type": "object"}}]);
    let loop_message = "messages.1.content.0.type: Expected `thinking` or `redacted_thinking`, but found `tool_use`. When `thinking` is enabled, a final `assistant` message must start with a thinking block (preceeding the lastmost set of `tool_use` and `tool_result` blocks). We recommend you include thinking blocks from previous turns. To avoid this requirement, disable `thinking`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking";
    let mut body = invoke_body(&params, messages.clone());
    body["tools"] = tools.clone();
    assert_eq!(
        invoke(&local, SONNET_37, &body).await.err(),
        Some(validation(&format!("{WRAP}{loop_message}")))
    );
    let body = json!({"model": OPUS_47, "max_tokens": 2048, "thinking": {"type": "adaptive"}, "tools": tools, "messages": messages});
    assert_anthropic_refusal(&messages_api(&local, &body).await, loop_message);
}

#[tokio::test]
async fn changing_thinking_writes_the_messages_checkpoint_again_and_reads_the_systems() {
    let local = start_local(bedrock_local::Config::default()).await;
    let cache_point = || {
        CachePointBlock::builder()
            .r#type(CachePointType::Default)
            .build()
            .unwrap()
    };
    let send = |params: Value| {
        let (config, extra) = converse_parameters(&params);
        local
            .runtime
            .converse()
            .model_id(SONNET_37)
            .system(SystemContentBlock::Text(document(2000)))
            .system(SystemContentBlock::CachePoint(cache_point()))
            .messages(
                Message::builder()
                    .role(ConversationRole::User)
                    .content(ContentBlock::Text(document(1500)))
                    .content(ContentBlock::CachePoint(cache_point()))
                    .content(ContentBlock::Text("Summarise.".into()))
                    .build()
                    .unwrap(),
            )
            .inference_config(config)
            .set_additional_model_request_fields(extra)
            .send()
    };
    let usage = |output: ConverseResponse| {
        let usage = output.usage().unwrap().clone();
        (
            usage.cache_read_input_tokens().unwrap_or(0),
            usage.cache_write_input_tokens().unwrap_or(0),
        )
    };
    let (_, written) = usage(send(json!({"max_tokens": 2048})).await.unwrap());
    assert!(written >= 3500, "{written}");
    let (read, _) = usage(send(json!({"max_tokens": 2048})).await.unwrap());
    assert_eq!(read, written, "the same settings read both checkpoints");
    let (read, write) = usage(
        send(json!({"max_tokens": 2048, "thinking": thinking(1024)}))
            .await
            .unwrap(),
    );
    assert!(
        (2000..2100).contains(&read),
        "the system's checkpoint is read: {read}"
    );
    assert!(
        write >= 1500 && read + write == written,
        "the messages' is written again: {write}"
    );
    let (read, write) = usage(
        send(json!({"max_tokens": 4096, "thinking": thinking(2048)}))
            .await
            .unwrap(),
    );
    assert!(
        (2000..2100).contains(&read) && write >= 1500,
        "a new budget is a new key: {read} {write}"
    );
}
