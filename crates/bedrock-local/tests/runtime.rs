//! The runtime through the real Rust SDK (`aws-sdk-bedrockruntime`), over HTTP: Converse, ConverseStream,
//! InvokeModel, InvokeModelWithResponseStream, CountTokens, prompt caching, faults and authentication.

#![allow(clippy::unwrap_used)] // a test fails loudly; helpers included

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use aws_sdk_bedrockruntime::Client;
use aws_sdk_bedrockruntime::error::ProvideErrorMetadata;
use aws_sdk_bedrockruntime::primitives::Blob;
use aws_sdk_bedrockruntime::types::{
    CachePointBlock, CachePointType, CacheTtl, ContentBlock, ConversationRole, ConverseOutput as Output,
    ConverseStreamOutput, ConverseTokensRequest, CountTokensInput, InferenceConfiguration, Message,
    ResponseStream, SystemContentBlock, TokenUsage, Tool, ToolConfiguration, ToolInputSchema,
    ToolSpecification,
};
use aws_smithy_types::Document;
use bedrock_local::{AuthPolicy, BedrockLocal, Config, FAULT_HEADER, Fault, FaultPlan, ManualClock};

const SONNET_37: &str = "anthropic.claude-3-7-sonnet-20250219-v1:0";
const SONNET_45: &str = "anthropic.claude-sonnet-4-5-20250929-v1:0";
const SONNET_46: &str = "anthropic.claude-sonnet-4-6";
const NOVA_PRO: &str = "amazon.nova-pro-v1:0";

struct Local {
    server: BedrockLocal,
    client: Client,
    clock: ManualClock,
}

async fn client_for(url: &str, credentials: aws_credential_types::Credentials) -> Client {
    let sdk = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new("us-east-1"))
        .endpoint_url(url)
        .credentials_provider(credentials)
        .load()
        .await;
    Client::new(&sdk)
}

async fn start_with(config: Config) -> Local {
    let clock = ManualClock::new(SystemTime::UNIX_EPOCH + Duration::from_secs(1_790_000_000));
    let server = BedrockLocal::start(Config {
        clock: Arc::new(clock.clone()),
        ..config
    })
    .await
    .unwrap();
    let client = client_for(&server.url(), aws_credential_types::Credentials::for_tests()).await;
    Local {
        server,
        client,
        clock,
    }
}

async fn start() -> Local {
    start_with(Config::default()).await
}

/// A one-line question to `model`, ready to send or to customise.
fn say_hi(
    client: &Client,
    model: impl Into<String>,
) -> aws_sdk_bedrockruntime::operation::converse::builders::ConverseFluentBuilder {
    client.converse().model_id(model).messages(user(vec![text("hi")]))
}

fn text(t: &str) -> ContentBlock {
    ContentBlock::Text(t.to_owned())
}

fn cache_point(ttl: Option<CacheTtl>) -> CachePointBlock {
    CachePointBlock::builder()
        .r#type(CachePointType::Default)
        .set_ttl(ttl)
        .build()
        .unwrap()
}

fn user(blocks: Vec<ContentBlock>) -> Message {
    Message::builder()
        .role(ConversationRole::User)
        .set_content(Some(blocks))
        .build()
        .unwrap()
}

/// A long, stable document: `n` tokens by bedrock-local's tokenizer (one per short word).
fn document(n: usize) -> String {
    vec!["rock"; n].join(" ")
}

async fn converse_with_system(
    local: &Local,
    model: &str,
    system: Vec<SystemContentBlock>,
    question: &str,
) -> TokenUsage {
    let output = local
        .client
        .converse()
        .model_id(model)
        .set_system(Some(system))
        .messages(user(vec![text(question)]))
        .send()
        .await
        .unwrap();
    output.usage().unwrap().clone()
}

fn cached_system(doc: &str, ttl: Option<CacheTtl>) -> Vec<SystemContentBlock> {
    vec![
        SystemContentBlock::Text(doc.to_owned()),
        SystemContentBlock::CachePoint(cache_point(ttl)),
    ]
}

fn total_input(usage: &TokenUsage) -> i32 {
    usage.input_tokens()
        + usage.cache_read_input_tokens().unwrap_or(0)
        + usage.cache_write_input_tokens().unwrap_or(0)
}

#[tokio::test]
async fn converse_answers_through_profiles_and_refuses_bare_profile_only_ids() {
    let local = start().await;
    let bare = say_hi(&local.client, SONNET_37).send().await.unwrap_err();
    assert_eq!(bare.code(), Some("ValidationException"));
    assert_eq!(
        bare.message(),
        Some(
            "Invocation of model ID anthropic.claude-3-7-sonnet-20250219-v1:0 with on-demand throughput isn\u{2019}t supported. Retry your request with the ID or ARN of an inference profile that contains this model."
        )
    );

    let unknown = say_hi(&local.client, "anthropic.claude-9").send().await;
    assert_eq!(
        unknown.unwrap_err().message(),
        Some("The provided model identifier is invalid.")
    );

    let output = local
        .client
        .converse()
        .model_id(format!("us.{SONNET_37}"))
        .messages(user(vec![text("What does Outcrop show?")]))
        .send()
        .await
        .unwrap();
    let Some(Output::Message(message)) = output.output() else {
        panic!("no message")
    };
    let ContentBlock::Text(answer) = &message.content()[0] else {
        panic!("no text")
    };
    assert!(answer.contains("Local Bedrock"), "{answer}");
    assert!(answer.contains("What does Outcrop show?"));
    assert_eq!(output.stop_reason().as_str(), "end_turn");
    let usage = output.usage().unwrap();
    assert_eq!(usage.total_tokens(), usage.input_tokens() + usage.output_tokens());

    // An on-demand model by its bare ID, and by its ARN.
    say_hi(&local.client, NOVA_PRO).send().await.unwrap();
    say_hi(
        &local.client,
        format!("arn:aws:bedrock:us-east-1::foundation-model/{NOVA_PRO}"),
    )
    .send()
    .await
    .unwrap();
    local.server.shutdown().await;
}

#[tokio::test]
async fn cache_writes_then_reads_within_the_ttl_and_misses_after_it() {
    let local = start().await;
    let doc = document(3000);
    let model = format!("us.{SONNET_37}");
    let first = converse_with_system(&local, &model, cached_system(&doc, None), "first").await;
    assert_eq!(first.cache_write_input_tokens(), Some(3000));
    assert_eq!(first.cache_read_input_tokens(), Some(0));
    let details = first.cache_details();
    assert_eq!(details.len(), 1);
    assert_eq!(
        (details[0].ttl().as_str(), details[0].input_tokens()),
        ("5m", 3000)
    );

    local.clock.advance(Duration::from_secs(200));
    let second = converse_with_system(&local, &model, cached_system(&doc, None), "second").await;
    assert_eq!(
        (
            second.cache_read_input_tokens(),
            second.cache_write_input_tokens()
        ),
        (Some(3000), Some(0))
    );
    assert_eq!(
        total_input(&second),
        total_input(&first),
        "same prompt size (each question is one token)"
    );
    assert!(second.input_tokens() < 10, "only the question is uncached");

    // The read renewed the entry; 299 s after it, it still hits; 301 s after that, it has expired.
    local.clock.advance(Duration::from_secs(299));
    let third = converse_with_system(&local, &model, cached_system(&doc, None), "third").await;
    assert_eq!(third.cache_read_input_tokens(), Some(3000));
    local.clock.advance(Duration::from_secs(301));
    let expired = converse_with_system(&local, &model, cached_system(&doc, None), "fourth").await;
    assert_eq!(
        (
            expired.cache_read_input_tokens(),
            expired.cache_write_input_tokens()
        ),
        (Some(0), Some(3000))
    );
    local.server.shutdown().await;
}

#[tokio::test]
async fn one_hour_ttl_where_the_model_has_it() {
    let local = start().await;
    let doc = document(5000);
    let model = format!("us.{SONNET_45}");
    let first = converse_with_system(&local, &model, cached_system(&doc, Some(CacheTtl::OneHour)), "q").await;
    assert_eq!(first.cache_details()[0].ttl().as_str(), "1h");
    local.clock.advance(Duration::from_secs(50 * 60));
    let later =
        converse_with_system(&local, &model, cached_system(&doc, Some(CacheTtl::OneHour)), "q2").await;
    assert_eq!(later.cache_read_input_tokens(), Some(5000));

    let refused = local
        .client
        .converse()
        .model_id(format!("us.{SONNET_37}"))
        .set_system(Some(cached_system(&doc, Some(CacheTtl::OneHour))))
        .messages(user(vec![text("q")]))
        .send()
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Some("ValidationException"));
    assert!(
        refused.message().unwrap().contains("1h"),
        "{:?}",
        refused.message()
    );
    local.server.shutdown().await;
}

#[tokio::test]
async fn below_the_floor_the_request_succeeds_and_nothing_is_cached() {
    let local = start().await;
    // Sonnet 4.6 needs 2,048 tokens per checkpoint; 2,000 is not enough, twice.
    for _ in 0..2 {
        let usage = converse_with_system(
            &local,
            &format!("global.{SONNET_46}"),
            cached_system(&document(2000), None),
            "q",
        )
        .await;
        assert_eq!(
            (usage.cache_read_input_tokens(), usage.cache_write_input_tokens()),
            (Some(0), Some(0))
        );
        assert!(usage.cache_details().is_empty());
    }
    local.server.shutdown().await;
}

#[tokio::test]
async fn a_change_in_an_earlier_block_misses_from_there_on() {
    let local = start().await;
    let model = format!("us.{SONNET_37}");
    let doc = document(2000);
    let system = |preamble: &str| {
        vec![
            SystemContentBlock::Text(preamble.to_owned()),
            SystemContentBlock::CachePoint(cache_point(None)),
            SystemContentBlock::Text(doc.clone()),
            SystemContentBlock::CachePoint(cache_point(None)),
        ]
    };
    let preamble = document(1100);
    let first = converse_with_system(&local, &model, system(&preamble), "q").await;
    assert_eq!(
        first.cache_write_input_tokens(),
        Some(3100),
        "both checkpoints reach 1,024 and are written"
    );
    let same = converse_with_system(&local, &model, system(&preamble), "q").await;
    assert_eq!(same.cache_read_input_tokens(), Some(3100));
    let changed = converse_with_system(&local, &model, system(&format!("{preamble} today")), "q").await;
    assert_eq!(
        (
            changed.cache_read_input_tokens(),
            changed.cache_write_input_tokens()
        ),
        (Some(0), Some(3101))
    );
    local.server.shutdown().await;
}

#[tokio::test]
async fn placement_rules_are_enforced_as_aws_enforces_them() {
    let local = start().await;
    let five_points: Vec<SystemContentBlock> = (0..5)
        .flat_map(|i| {
            [
                SystemContentBlock::Text(format!("part {i}")),
                SystemContentBlock::CachePoint(cache_point(None)),
            ]
        })
        .collect();
    let too_many = local
        .client
        .converse()
        .model_id(format!("us.{SONNET_37}"))
        .set_system(Some(five_points))
        .messages(user(vec![text("q")]))
        .send()
        .await
        .unwrap_err();
    assert!(
        too_many.message().unwrap().contains("A maximum of 4"),
        "{:?}",
        too_many.message()
    );

    let mixed = vec![
        SystemContentBlock::Text("a".into()),
        SystemContentBlock::CachePoint(cache_point(Some(CacheTtl::FiveMinutes))),
        SystemContentBlock::Text("b".into()),
        SystemContentBlock::CachePoint(cache_point(Some(CacheTtl::OneHour))),
    ];
    let order = local
        .client
        .converse()
        .model_id(format!("us.{SONNET_45}"))
        .set_system(Some(mixed))
        .messages(user(vec![text("q")]))
        .send()
        .await
        .unwrap_err();
    assert!(
        order.message().unwrap().contains("must not come after"),
        "{:?}",
        order.message()
    );

    let tool = Tool::ToolSpec(
        ToolSpecification::builder()
            .name("lookup")
            .input_schema(ToolInputSchema::Json(Document::Object(Default::default())))
            .build()
            .unwrap(),
    );
    let nova_tools = local
        .client
        .converse()
        .model_id(NOVA_PRO)
        .tool_config(
            ToolConfiguration::builder()
                .tools(tool)
                .tools(Tool::CachePoint(cache_point(None)))
                .build()
                .unwrap(),
        )
        .messages(user(vec![text("q")]))
        .send()
        .await
        .unwrap_err();
    assert!(
        nova_tools.message().unwrap().contains("toolConfig"),
        "{:?}",
        nova_tools.message()
    );
    local.server.shutdown().await;
}

#[tokio::test]
async fn converse_stream_frames_parse_in_the_sdk_with_usage_last() {
    let local = start().await;
    let doc = document(1500);
    let mut stream = local
        .client
        .converse_stream()
        .model_id(format!("us.{SONNET_37}"))
        .set_system(Some(cached_system(&doc, None)))
        .messages(user(vec![text("Stream please")]))
        .inference_config(InferenceConfiguration::builder().max_tokens(500).build())
        .send()
        .await
        .unwrap()
        .stream;
    let mut kinds = Vec::new();
    let mut answer = String::new();
    let mut usage = None;
    while let Some(event) = stream.recv().await.unwrap() {
        match &event {
            ConverseStreamOutput::MessageStart(_) => kinds.push("messageStart"),
            ConverseStreamOutput::ContentBlockDelta(delta) => {
                kinds.push("contentBlockDelta");
                if let Some(aws_sdk_bedrockruntime::types::ContentBlockDelta::Text(t)) = delta.delta() {
                    answer.push_str(t);
                }
            }
            ConverseStreamOutput::ContentBlockStop(_) => kinds.push("contentBlockStop"),
            ConverseStreamOutput::MessageStop(stop) => {
                kinds.push("messageStop");
                assert_eq!(stop.stop_reason().as_str(), "end_turn");
            }
            ConverseStreamOutput::Metadata(metadata) => {
                kinds.push("metadata");
                usage = metadata.usage().cloned();
                assert!(metadata.metrics().is_some());
            }
            _ => kinds.push("other"),
        }
    }
    assert_eq!(kinds.first(), Some(&"messageStart"));
    assert_eq!(kinds.last(), Some(&"metadata"));
    assert!(
        kinds.iter().filter(|k| **k == "contentBlockDelta").count() > 3,
        "streamed in chunks: {kinds:?}"
    );
    assert!(answer.contains("Stream please"));
    let usage = usage.unwrap();
    assert_eq!(usage.cache_write_input_tokens(), Some(1500));
    assert_eq!(usage.total_tokens(), total_input(&usage) + usage.output_tokens());
    local.server.shutdown().await;
}

#[tokio::test]
async fn stream_faults_reach_the_sdk_as_errors() {
    let local = start().await;
    for (fault, is_model_stream_error) in [("stream-error:2", true), ("stream-cut:2", false)] {
        let mut stream = local
            .client
            .converse_stream()
            .model_id(NOVA_PRO)
            .messages(user(vec![text("hi")]))
            .customize()
            .mutate_request(move |req| {
                req.headers_mut().insert(FAULT_HEADER, fault);
            })
            .send()
            .await
            .unwrap()
            .stream;
        let mut events = 0;
        let error = loop {
            match stream.recv().await {
                Ok(Some(_)) => events += 1,
                Ok(None) => panic!("{fault}: the stream ended cleanly"),
                Err(error) => break error,
            }
        };
        assert_eq!(events, 2, "{fault}");
        let service = error.into_service_error();
        assert_eq!(
            service.is_model_stream_error_exception(),
            is_model_stream_error,
            "{fault}: {service:?}"
        );
    }
    local.server.shutdown().await;
}

#[tokio::test]
async fn throttling_is_retried_by_the_sdk_and_reported_when_it_persists() {
    let local = start_with(Config {
        faults: Some(FaultPlan {
            fault: Fault::Throttle,
            every: 2,
        }),
        ..Config::default()
    })
    .await;
    // Request 1 passes, request 2 is throttled and the SDK's retry (request 3) passes.
    for _ in 0..2 {
        say_hi(&local.client, NOVA_PRO).send().await.unwrap();
    }
    let always = say_hi(&local.client, NOVA_PRO)
        .customize()
        .mutate_request(|req| {
            req.headers_mut().insert(FAULT_HEADER, "throttle");
        })
        .send()
        .await
        .unwrap_err();
    assert!(always.into_service_error().is_throttling_exception());
    local.server.shutdown().await;
}

#[tokio::test]
async fn invoke_model_with_anthropic_bodies_and_cache_control() {
    let local = start().await;
    let body = serde_json::json!({
        "anthropic_version": "bedrock-2023-05-31",
        "max_tokens": 300,
        "system": [{"type": "text", "text": document(2500), "cache_control": {"type": "ephemeral"}}],
        "messages": [{"role": "user", "content": "Summarise the document."}]
    });
    let invoke = |body: serde_json::Value| {
        local
            .client
            .invoke_model()
            .model_id(format!("us.{SONNET_37}"))
            .content_type("application/json")
            .body(Blob::new(body.to_string()))
            .send()
    };
    let first: serde_json::Value =
        serde_json::from_slice(invoke(body.clone()).await.unwrap().body().as_ref()).unwrap();
    assert_eq!(first["type"], "message");
    assert_eq!(first["usage"]["cache_creation_input_tokens"], 2500);
    assert_eq!(first["usage"]["cache_read_input_tokens"], 0);
    let second: serde_json::Value =
        serde_json::from_slice(invoke(body.clone()).await.unwrap().body().as_ref()).unwrap();
    assert_eq!(second["usage"]["cache_read_input_tokens"], 2500);
    assert!(
        second["content"][0]["text"]
            .as_str()
            .unwrap()
            .contains("2500 were read")
    );

    let mut stream = local
        .client
        .invoke_model_with_response_stream()
        .model_id(format!("us.{SONNET_37}"))
        .body(Blob::new(body.to_string()))
        .send()
        .await
        .unwrap()
        .body;
    let mut events = Vec::new();
    while let Some(event) = stream.recv().await.unwrap() {
        if let ResponseStream::Chunk(part) = event {
            events.push(serde_json::from_slice::<serde_json::Value>(part.bytes().unwrap().as_ref()).unwrap());
        }
    }
    assert_eq!(events[0]["type"], "message_start");
    assert_eq!(events[0]["message"]["usage"]["cache_read_input_tokens"], 2500);
    let last = events.last().unwrap();
    assert_eq!(last["type"], "message_stop");
    let metrics = &last["amazon-bedrock-invocationMetrics"];
    assert_eq!(metrics["cacheReadInputTokenCount"], 2500);
    assert!(metrics["outputTokenCount"].as_u64().unwrap() > 0);

    let nova = local
        .client
        .invoke_model()
        .model_id(NOVA_PRO)
        .body(Blob::new(body.to_string()))
        .send()
        .await
        .unwrap_err();
    assert!(
        nova.message().unwrap().contains("Converse"),
        "{:?}",
        nova.message()
    );
    local.server.shutdown().await;
}

#[tokio::test]
async fn count_tokens_matches_usage_for_claude_bare_ids_only() {
    let local = start().await;
    let system = cached_system(&document(1200), None);
    let question = "How many tokens is this?";
    let input = CountTokensInput::Converse(
        ConverseTokensRequest::builder()
            .set_system(Some(system.clone()))
            .messages(user(vec![text(question)]))
            .build(),
    );
    let counted = local
        .client
        .count_tokens()
        .model_id(SONNET_37)
        .input(input.clone())
        .send()
        .await
        .unwrap();
    let usage = converse_with_system(&local, &format!("us.{SONNET_37}"), system, question).await;
    assert_eq!(
        counted.input_tokens(),
        total_input(&usage),
        "one tokenizer for counting and usage"
    );

    let via_profile = local
        .client
        .count_tokens()
        .model_id(format!("us.{SONNET_37}"))
        .input(input.clone())
        .send()
        .await;
    assert_eq!(
        via_profile.unwrap_err().message(),
        Some("The provided model doesn't support counting tokens.")
    );
    let nova = local
        .client
        .count_tokens()
        .model_id(NOVA_PRO)
        .input(input)
        .send()
        .await;
    assert_eq!(
        nova.unwrap_err().message(),
        Some("The provided model doesn't support counting tokens.")
    );
    local.server.shutdown().await;
}

/// CountTokens' `invokeModel` input (the body, base64 on the wire) counts an Anthropic body the way
/// InvokeModel's usage does: a text document behind `cache_control`, then a question.
#[tokio::test]
async fn count_tokens_reads_invoke_model_bodies_as_invoke_model_does() {
    use aws_sdk_bedrockruntime::types::InvokeModelTokensRequest;

    let local = start().await;
    let body = serde_json::json!({
        "anthropic_version": "bedrock-2023-05-31",
        "max_tokens": 100,
        "messages": [{"role": "user", "content": [
            {"type": "document", "title": "Field guide",
             "source": {"type": "text", "media_type": "text/plain", "data": document(1500)},
             "cache_control": {"type": "ephemeral"}},
            {"type": "text", "text": "Which layer is oldest?"}]}]
    });
    let counted = local
        .client
        .count_tokens()
        .model_id(SONNET_37)
        .input(CountTokensInput::InvokeModel(
            InvokeModelTokensRequest::builder()
                .body(Blob::new(body.to_string()))
                .build()
                .unwrap(),
        ))
        .send()
        .await
        .unwrap()
        .input_tokens();
    let answer: serde_json::Value = serde_json::from_slice(
        local
            .client
            .invoke_model()
            .model_id(format!("us.{SONNET_37}"))
            .content_type("application/json")
            .body(Blob::new(body.to_string()))
            .send()
            .await
            .unwrap()
            .body()
            .as_ref(),
    )
    .unwrap();
    let usage = &answer["usage"];
    let total = [
        "input_tokens",
        "cache_creation_input_tokens",
        "cache_read_input_tokens",
    ]
    .iter()
    .map(|k| usage[*k].as_i64().unwrap())
    .sum::<i64>();
    assert_eq!(i64::from(counted), total, "{usage}");
    // The document is read as text: its 1,500 words and title, and the message's framing, are written.
    assert!(
        usage["cache_creation_input_tokens"].as_i64().unwrap() > 1500,
        "{usage}"
    );
    local.server.shutdown().await;
}

#[tokio::test]
async fn signatures_are_verified_when_credentials_are_configured() {
    let policy = AuthPolicy {
        credentials: vec![("AKIDLOCALTEST".into(), "local-secret".into())],
        api_keys: vec!["bedrock-api-key-test".into()],
    };
    // The SDK signs with the machine's clock, so the server dates signatures against it too.
    let server = BedrockLocal::start(Config {
        auth: policy,
        ..Config::default()
    })
    .await
    .unwrap();
    let url = server.url();
    let good = client_for(
        &url,
        aws_credential_types::Credentials::new("AKIDLOCALTEST", "local-secret", None, None, "test"),
    )
    .await;
    say_hi(&good, format!("us.{SONNET_37}")).send().await.unwrap();

    let wrong_secret = client_for(
        &url,
        aws_credential_types::Credentials::new("AKIDLOCALTEST", "nope", None, None, "test"),
    )
    .await;
    let error = say_hi(&wrong_secret, NOVA_PRO).send().await.unwrap_err();
    assert_eq!(error.code(), Some("InvalidSignatureException"));
    let unknown_key = client_for(
        &url,
        aws_credential_types::Credentials::new("AKIDOTHER", "x", None, None, "test"),
    )
    .await;
    let error = say_hi(&unknown_key, NOVA_PRO).send().await.unwrap_err();
    assert_eq!(error.code(), Some("UnrecognizedClientException"));

    let bearer = |token: &str| {
        Client::from_conf(
            aws_sdk_bedrockruntime::Config::builder()
                .behavior_version(aws_sdk_bedrockruntime::config::BehaviorVersion::latest())
                .region(aws_sdk_bedrockruntime::config::Region::new("us-east-1"))
                .endpoint_url(&url)
                .bearer_token(aws_sdk_bedrockruntime::config::Token::new(token, None))
                .build(),
        )
    };
    say_hi(&bearer("bedrock-api-key-test"), NOVA_PRO)
        .send()
        .await
        .unwrap();
    let error = say_hi(&bearer("other"), NOVA_PRO).send().await.unwrap_err();
    assert_eq!(error.code(), Some("UnrecognizedClientException"));
    server.shutdown().await;
}
