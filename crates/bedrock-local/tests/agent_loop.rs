//! The simulated model in an agent loop, through the real Rust SDK on all four runtime operations and through
//! the Messages API: with `toolChoice` auto it calls the tool the question asks for, with arguments taken from
//! the schema and the question; after the tool's result it answers in text that quotes it; a question no tool
//! matches gets text; a cache point after the tools caches them for every turn of the loop.

#![allow(clippy::unwrap_used)]

mod support;

use aws_sdk_bedrockruntime::primitives::Blob;
use aws_sdk_bedrockruntime::types::{
    AutoToolChoice, CachePointBlock, CachePointType, ContentBlock, ContentBlockDelta, ContentBlockStart,
    ConversationRole, ConverseOutput, ConverseStreamOutput, Message, ResponseStream, StopReason, Tool,
    ToolChoice, ToolConfiguration, ToolInputSchema, ToolResultBlock, ToolResultContentBlock,
    ToolResultStatus, ToolSpecification, ToolUseBlock,
};
use aws_smithy_types::Document;
use serde_json::{Value, json};
use support::http::post;
use support::{Local, doc, document, start_local, user};

const SONNET_37_US: &str = "us.anthropic.claude-3-7-sonnet-20250219-v1:0";
const WEATHER_QUESTION: &str = "What's the weather in Lisbon right now, in fahrenheit?";
const WEATHER_RESULT: &str = "18 °C and sunny in Lisbon";

/// The tools of the loop, as JSON (name, description, schema); the last one is long enough that a cache
/// point after the tools reaches the model's minimum.
fn tools_json() -> Vec<(String, String, Value)> {
    vec![
        (
            "get_weather".into(),
            "Current weather for a city: temperature and conditions.".into(),
            json!({"type": "object", "properties": {
                "city": {"type": "string", "description": "The city"},
                "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}},
                "required": ["city"]}),
        ),
        (
            "lookup_order".into(),
            "Look up an order's shipping status by its order number.".into(),
            json!({"type": "object", "properties": {"order_number": {"type": "integer"}}, "required": ["order_number"]}),
        ),
        (
            "handbook".into(),
            format!("The company handbook, verbatim: {}", document(1500)),
            json!({"type": "object", "properties": {"chapter": {"type": "integer", "minimum": 1}}, "required": ["chapter"]}),
        ),
    ]
}

fn value(document: &Document) -> Value {
    match document {
        Document::Null => Value::Null,
        Document::Bool(b) => json!(b),
        Document::Number(n) => match n {
            aws_smithy_types::Number::PosInt(u) => json!(u),
            aws_smithy_types::Number::NegInt(i) => json!(i),
            aws_smithy_types::Number::Float(f) => json!(f),
        },
        Document::String(s) => json!(s),
        Document::Array(items) => Value::Array(items.iter().map(value).collect()),
        Document::Object(map) => Value::Object(map.iter().map(|(k, v)| (k.clone(), value(v))).collect()),
    }
}

/// The tools for Converse, with a cache point after them, and `toolChoice` auto.
fn tool_config() -> ToolConfiguration {
    let mut config = ToolConfiguration::builder();
    for (name, description, schema) in tools_json() {
        config = config.tools(Tool::ToolSpec(
            ToolSpecification::builder()
                .name(name)
                .description(description)
                .input_schema(ToolInputSchema::Json(doc(&schema)))
                .build()
                .unwrap(),
        ));
    }
    config
        .tools(Tool::CachePoint(
            CachePointBlock::builder()
                .r#type(CachePointType::Default)
                .build()
                .unwrap(),
        ))
        .tool_choice(ToolChoice::Auto(AutoToolChoice::builder().build()))
        .build()
        .unwrap()
}

/// The tools in an Anthropic body, with `cache_control` on the last one.
fn anthropic_tools() -> Value {
    let mut tools: Vec<Value> = tools_json()
        .into_iter()
        .map(|(name, description, schema)| json!({"name": name, "description": description, "input_schema": schema}))
        .collect();
    tools.last_mut().unwrap()["cache_control"] = json!({"type": "ephemeral"});
    Value::Array(tools)
}

/// The conversation after the model called `get_weather` with `input` as `id` and the tool answered.
fn converse_after_result(question: &str, id: &str, input: &Value) -> Vec<Message> {
    vec![
        user(question),
        Message::builder()
            .role(ConversationRole::Assistant)
            .content(ContentBlock::ToolUse(
                ToolUseBlock::builder()
                    .tool_use_id(id)
                    .name("get_weather")
                    .input(doc(input))
                    .build()
                    .unwrap(),
            ))
            .build()
            .unwrap(),
        Message::builder()
            .role(ConversationRole::User)
            .content(ContentBlock::ToolResult(
                ToolResultBlock::builder()
                    .tool_use_id(id)
                    .content(ToolResultContentBlock::Text(WEATHER_RESULT.into()))
                    .status(ToolResultStatus::Success)
                    .build()
                    .unwrap(),
            ))
            .build()
            .unwrap(),
    ]
}

fn anthropic_after_result(question: &str, id: &str, input: &Value) -> Value {
    json!([
        {"role": "user", "content": question},
        {"role": "assistant", "content": [{"type": "tool_use", "id": id, "name": "get_weather", "input": input}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": id, "content": WEATHER_RESULT}]},
    ])
}

/// What a turn came back with, whatever the operation.
#[derive(Debug, Default)]
struct Answer {
    text: String,
    /// (id, name, input)
    tool_use: Option<(String, String, Value)>,
    stop_reason: String,
    /// How many deltas carried the tool's input (streams only).
    input_deltas: usize,
    cache_read: u64,
    cache_write: u64,
}

fn assert_weather_call(answer: &Answer, operation: &str) {
    assert_eq!(answer.stop_reason, "tool_use", "{operation}: {answer:?}");
    let (id, name, input) = answer.tool_use.as_ref().expect(operation);
    // Each API spells a call's ID its own way.
    let prefix = if operation.starts_with("Converse") {
        "tooluse_"
    } else {
        "toolu_bdrk_"
    };
    assert!(id.starts_with(prefix), "{operation}: {id}");
    assert_eq!(name, "get_weather", "{operation}");
    assert_eq!(
        input,
        &json!({"city": "Lisbon", "unit": "fahrenheit"}),
        "{operation}"
    );
}

fn assert_quotes_result(answer: &Answer, operation: &str) {
    assert_eq!(answer.stop_reason, "end_turn", "{operation}: {answer:?}");
    assert!(answer.tool_use.is_none(), "{operation}: no second call");
    assert!(
        answer
            .text
            .contains(&format!("According to get_weather: {WEATHER_RESULT}.")),
        "{operation}: {}",
        answer.text
    );
}

fn assert_plain_text(answer: &Answer, operation: &str) {
    assert_eq!(answer.stop_reason, "end_turn", "{operation}: {answer:?}");
    assert!(answer.tool_use.is_none(), "{operation}");
    assert!(
        answer.text.contains("Local Bedrock"),
        "{operation}: {}",
        answer.text
    );
}

async fn converse(local: &Local, messages: Vec<Message>) -> Answer {
    let output = local
        .runtime
        .converse()
        .model_id(SONNET_37_US)
        .set_messages(Some(messages))
        .tool_config(tool_config())
        .send()
        .await
        .unwrap();
    let mut answer = Answer {
        stop_reason: output.stop_reason().as_str().to_owned(),
        ..Answer::default()
    };
    let usage = output.usage().unwrap();
    answer.cache_read = usage.cache_read_input_tokens().unwrap_or(0) as u64;
    answer.cache_write = usage.cache_write_input_tokens().unwrap_or(0) as u64;
    let Some(ConverseOutput::Message(message)) = output.output() else {
        panic!("no message")
    };
    for block in message.content() {
        match block {
            ContentBlock::Text(text) => answer.text.push_str(text),
            ContentBlock::ToolUse(tool) => {
                answer.tool_use = Some((
                    tool.tool_use_id().to_owned(),
                    tool.name().to_owned(),
                    value(tool.input()),
                ));
            }
            other => panic!("unexpected block {other:?}"),
        }
    }
    answer
}

async fn converse_stream(local: &Local, messages: Vec<Message>) -> Answer {
    let mut stream = local
        .runtime
        .converse_stream()
        .model_id(SONNET_37_US)
        .set_messages(Some(messages))
        .tool_config(tool_config())
        .send()
        .await
        .unwrap()
        .stream;
    let mut answer = Answer::default();
    let mut tool: Option<(String, String, String)> = None;
    let mut tool_block = None;
    let mut stopped = Vec::new();
    while let Some(event) = stream.recv().await.unwrap() {
        match event {
            ConverseStreamOutput::ContentBlockStart(start) => {
                let Some(ContentBlockStart::ToolUse(start_tool)) = start.start() else {
                    panic!("only tool use blocks announce themselves: {start:?}")
                };
                tool = Some((
                    start_tool.tool_use_id().to_owned(),
                    start_tool.name().to_owned(),
                    String::new(),
                ));
                tool_block = Some(start.content_block_index());
            }
            ConverseStreamOutput::ContentBlockDelta(delta) => match delta.delta() {
                Some(ContentBlockDelta::Text(text)) => answer.text.push_str(text),
                Some(ContentBlockDelta::ToolUse(input)) => {
                    assert_eq!(Some(delta.content_block_index()), tool_block);
                    tool.as_mut().unwrap().2.push_str(input.input());
                    answer.input_deltas += 1;
                }
                other => panic!("unexpected delta {other:?}"),
            },
            ConverseStreamOutput::ContentBlockStop(stop) => stopped.push(stop.content_block_index()),
            ConverseStreamOutput::MessageStop(stop) => {
                answer.stop_reason = stop.stop_reason().as_str().to_owned();
            }
            ConverseStreamOutput::Metadata(metadata) => {
                let usage = metadata.usage().unwrap();
                answer.cache_read = usage.cache_read_input_tokens().unwrap_or(0) as u64;
                answer.cache_write = usage.cache_write_input_tokens().unwrap_or(0) as u64;
            }
            _ => {}
        }
    }
    if let Some(block) = tool_block {
        assert_eq!(stopped.last(), Some(&block), "the tool's block is stopped");
    }
    answer.tool_use = tool.map(|(id, name, input)| {
        (
            id,
            name,
            serde_json::from_str(&input).expect("the deltas join into JSON"),
        )
    });
    answer
}

fn invoke_body(messages: Value) -> Value {
    json!({
        "anthropic_version": "bedrock-2023-05-31",
        "max_tokens": 400,
        "tools": anthropic_tools(),
        "tool_choice": {"type": "auto"},
        "messages": messages,
    })
}

fn anthropic_answer(message: &Value) -> Answer {
    let mut answer = Answer {
        stop_reason: message["stop_reason"].as_str().unwrap().to_owned(),
        cache_read: message["usage"]["cache_read_input_tokens"].as_u64().unwrap(),
        cache_write: message["usage"]["cache_creation_input_tokens"].as_u64().unwrap(),
        ..Answer::default()
    };
    for block in message["content"].as_array().unwrap() {
        match block["type"].as_str() {
            Some("text") => answer.text.push_str(block["text"].as_str().unwrap()),
            Some("tool_use") => {
                answer.tool_use = Some((
                    block["id"].as_str().unwrap().to_owned(),
                    block["name"].as_str().unwrap().to_owned(),
                    block["input"].clone(),
                ));
            }
            other => panic!("unexpected block {other:?}"),
        }
    }
    answer
}

async fn invoke_model(local: &Local, messages: Value) -> Answer {
    let output = local
        .runtime
        .invoke_model()
        .model_id(SONNET_37_US)
        .body(Blob::new(invoke_body(messages).to_string()))
        .send()
        .await
        .unwrap();
    anthropic_answer(&serde_json::from_slice(output.body().as_ref()).unwrap())
}

/// Rebuilds the answer from Anthropic's stream events, checking their shape as it goes.
fn anthropic_stream_answer(events: &[Value]) -> Answer {
    let mut answer = anthropic_answer(&json!({
        "stop_reason": "", "content": [],
        "usage": events[0]["message"]["usage"],
    }));
    let mut input = None::<String>;
    let mut tool = None;
    for event in events {
        match event["type"].as_str().unwrap() {
            "content_block_start" if event["content_block"]["type"] == "tool_use" => {
                let block = &event["content_block"];
                assert_eq!(block["input"], json!({}), "input arrives in deltas");
                tool = Some((
                    block["id"].as_str().unwrap().to_owned(),
                    block["name"].as_str().unwrap().to_owned(),
                ));
                input = Some(String::new());
            }
            "content_block_delta" => match event["delta"]["type"].as_str().unwrap() {
                "text_delta" => answer.text.push_str(event["delta"]["text"].as_str().unwrap()),
                "input_json_delta" => {
                    input
                        .as_mut()
                        .unwrap()
                        .push_str(event["delta"]["partial_json"].as_str().unwrap());
                    answer.input_deltas += 1;
                }
                other => panic!("unexpected delta {other}"),
            },
            "message_delta" => {
                answer.stop_reason = event["delta"]["stop_reason"].as_str().unwrap().to_owned();
            }
            _ => {}
        }
    }
    answer.tool_use = tool.map(|(id, name)| (id, name, serde_json::from_str(&input.unwrap()).unwrap()));
    answer
}

async fn invoke_model_stream(local: &Local, messages: Value) -> Answer {
    let mut stream = local
        .runtime
        .invoke_model_with_response_stream()
        .model_id(SONNET_37_US)
        .body(Blob::new(invoke_body(messages).to_string()))
        .send()
        .await
        .unwrap()
        .body;
    let mut events = Vec::new();
    while let Some(event) = stream.recv().await.unwrap() {
        if let ResponseStream::Chunk(part) = event {
            events.push(serde_json::from_slice::<Value>(part.bytes().unwrap().as_ref()).unwrap());
        }
    }
    anthropic_stream_answer(&events)
}

#[tokio::test]
async fn converse_calls_the_tool_asked_for_then_answers_from_its_result() {
    let local = start_local(bedrock_local::Config::default()).await;
    let call = converse(&local, vec![user(WEATHER_QUESTION)]).await;
    assert_weather_call(&call, "Converse");
    assert!(call.cache_write >= 1500, "the tools are written: {call:?}");

    let (id, _, input) = call.tool_use.clone().unwrap();
    let after = converse(&local, converse_after_result(WEATHER_QUESTION, &id, &input)).await;
    assert_quotes_result(&after, "Converse");
    assert_eq!(
        (after.cache_read, after.cache_write),
        (call.cache_write, 0),
        "the second turn reads the cached tool list"
    );

    let plain = converse(&local, vec![user("What is prompt caching?")]).await;
    assert_plain_text(&plain, "Converse");

    // Another tool, named by what it does, with a number from the question.
    let order = converse(&local, vec![user("Where is my order 4521?")]).await;
    let (_, name, input) = order.tool_use.unwrap();
    assert_eq!(
        (name.as_str(), input),
        ("lookup_order", json!({"order_number": 4521}))
    );
    local.server.shutdown().await;
}

#[tokio::test]
async fn converse_stream_streams_the_call_as_bedrock_does() {
    let local = start_local(bedrock_local::Config::default()).await;
    let call = converse_stream(&local, vec![user(WEATHER_QUESTION)]).await;
    assert_weather_call(&call, "ConverseStream");
    assert!(call.input_deltas > 1, "the input comes in fragments: {call:?}");
    let (id, _, input) = call.tool_use.clone().unwrap();
    let after = converse_stream(&local, converse_after_result(WEATHER_QUESTION, &id, &input)).await;
    assert_quotes_result(&after, "ConverseStream");
    assert!(after.cache_read >= 1500, "{after:?}");
    assert_plain_text(
        &converse_stream(&local, vec![user("What is prompt caching?")]).await,
        "ConverseStream",
    );
    local.server.shutdown().await;
}

#[tokio::test]
async fn invoke_model_and_its_stream_call_the_tool_then_answer_from_its_result() {
    let local = start_local(bedrock_local::Config::default()).await;
    let question = json!([{"role": "user", "content": WEATHER_QUESTION}]);
    let call = invoke_model(&local, question.clone()).await;
    assert_weather_call(&call, "InvokeModel");
    assert!(call.cache_write >= 1500, "{call:?}");
    let (id, _, input) = call.tool_use.clone().unwrap();
    let after = invoke_model(&local, anthropic_after_result(WEATHER_QUESTION, &id, &input)).await;
    assert_quotes_result(&after, "InvokeModel");
    assert_eq!((after.cache_read, after.cache_write), (call.cache_write, 0));
    assert_plain_text(
        &invoke_model(
            &local,
            json!([{"role": "user", "content": "What is prompt caching?"}]),
        )
        .await,
        "InvokeModel",
    );

    let call = invoke_model_stream(&local, question).await;
    assert_weather_call(&call, "InvokeModelWithResponseStream");
    assert!(call.input_deltas > 1, "{call:?}");
    let after = invoke_model_stream(&local, anthropic_after_result(WEATHER_QUESTION, &id, &input)).await;
    assert_quotes_result(&after, "InvokeModelWithResponseStream");
    assert_plain_text(
        &invoke_model_stream(
            &local,
            json!([{"role": "user", "content": "What is prompt caching?"}]),
        )
        .await,
        "InvokeModelWithResponseStream",
    );
    local.server.shutdown().await;
}

#[tokio::test]
async fn the_messages_api_streams_the_call_as_server_sent_events() {
    let local = start_local(bedrock_local::Config::default()).await;
    let headers = vec![
        ("anthropic-version".to_owned(), "2023-06-01".to_owned()),
        ("content-type".to_owned(), "application/json".to_owned()),
    ];
    let body = |messages: Value| {
        json!({"model": "us.anthropic.claude-opus-4-7", "max_tokens": 400, "stream": true, "tools": anthropic_tools(),
            "messages": messages})
        .to_string()
    };
    let question = json!([{"role": "user", "content": WEATHER_QUESTION}]);
    let sent = post(
        &local.server.url(),
        "/anthropic/v1/messages",
        &headers,
        &body(question),
        false,
    )
    .await;
    assert_eq!(sent.status, 200, "{}", sent.text);
    let events: Vec<Value> = sent.events().into_iter().map(|(_, data)| data).collect();
    let call = anthropic_stream_answer(&events);
    assert_weather_call(&call, "Messages API");
    assert!(call.input_deltas > 1, "{call:?}");
    let (id, _, input) = call.tool_use.clone().unwrap();
    let after = post(
        &local.server.url(),
        "/anthropic/v1/messages",
        &headers,
        &body(anthropic_after_result(WEATHER_QUESTION, &id, &input)),
        false,
    )
    .await;
    let events: Vec<Value> = after.events().into_iter().map(|(_, data)| data).collect();
    assert_quotes_result(&anthropic_stream_answer(&events), "Messages API");
    local.server.shutdown().await;
}

#[tokio::test]
async fn a_stop_reason_of_tool_use_reaches_the_sdk_as_such() {
    let local = start_local(bedrock_local::Config::default()).await;
    let output = local
        .runtime
        .converse()
        .model_id(SONNET_37_US)
        .messages(user("Please use get_weather."))
        .tool_config(tool_config())
        .send()
        .await
        .unwrap();
    assert_eq!(output.stop_reason(), &StopReason::ToolUse);
    local.server.shutdown().await;
}
