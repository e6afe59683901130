//! The Usage page's calls through a connection against bedrock-local, over the real AWS SDK for Rust's
//! CloudWatch client (Smithy RPC v2 CBOR): two application profiles tagged for two departments answer turns,
//! then ListMetrics finds each under its ID and GetMetricData's sums are what was sent; the prompt-caching
//! dashboard is created; Cost Explorer's cost per department and per project (tagged profiles and a tagged
//! project) is what bedrock-local's price table bills for the tokens sent, computed by hand; an API-key
//! connection is refused before anything is sent.

#![allow(clippy::unwrap_used)]

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use aws_sdk_bedrock::types::{InferenceProfileModelSource, Tag as AwsTag};
use aws_sdk_bedrockruntime::types::{
    CachePointBlock, CachePointType, ContentBlock, ConversationRole, Message, SystemContentBlock,
};
use bedrock_local::{BedrockLocal, Clock, Config, ManualClock};
use outcrop_bedrock::{Connection, CredentialSource};
use outcrop_core::ErrorCode;
use outcrop_core::field_rule::Rule;
use outcrop_core::usage::metrics::MetricKind;
use outcrop_core::usage::spend::{SpendRange, SpendWindow, TagCarrier, TagCarrierKind};
use outcrop_core::usage::{UsageRange, UsageWindow, dashboard};

mod support;

const REGION: &str = "us-east-1";
const SONNET_37: &str = "anthropic.claude-3-7-sonnet-20250219-v1:0";

/// Local Bedrock on a manual clock, and a connection to it (an override on this machine: CloudWatch and Cost
/// Explorer are called there too).
async fn local() -> (BedrockLocal, ManualClock, Connection) {
    let clock = ManualClock::new(SystemTime::UNIX_EPOCH + Duration::from_secs(1_790_000_000));
    let server = BedrockLocal::start(Config {
        region: REGION.into(),
        clock: Arc::new(clock.clone()),
        ..Config::default()
    })
    .await
    .unwrap();
    let connection = support::example_keys_to(server.url(), REGION);
    (server, clock, connection)
}

async fn application_profile(bedrock: &aws_sdk_bedrock::Client, name: &str, department: &str) -> String {
    bedrock
        .create_inference_profile()
        .inference_profile_name(name)
        .model_source(InferenceProfileModelSource::CopyFrom(format!(
            "arn:aws:bedrock:{REGION}:111122223333:inference-profile/us.{SONNET_37}"
        )))
        .tags(
            AwsTag::builder()
                .key("Department")
                .value(department)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap()
        .inference_profile_arn()
        .to_owned()
}

#[derive(Debug, Default, PartialEq)]
struct Sent {
    invocations: f64,
    input: f64,
    output: f64,
    cache_read: f64,
    cache_write: f64,
}

/// A turn with a cached 2,000-word document: the first through a profile writes, the next read.
async fn send(runtime: &aws_sdk_bedrockruntime::Client, model: &str, question: &str, sent: &mut Sent) {
    let answer = runtime
        .converse()
        .model_id(model)
        .system(SystemContentBlock::Text(vec!["granite"; 2_000].join(" ")))
        .system(SystemContentBlock::CachePoint(
            CachePointBlock::builder()
                .r#type(CachePointType::Default)
                .build()
                .unwrap(),
        ))
        .messages(
            Message::builder()
                .role(ConversationRole::User)
                .content(ContentBlock::Text(question.into()))
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let usage = answer.usage().unwrap();
    sent.invocations += 1.0;
    sent.input += f64::from(usage.input_tokens());
    sent.output += f64::from(usage.output_tokens());
    sent.cache_read += f64::from(usage.cache_read_input_tokens().unwrap_or(0));
    sent.cache_write += f64::from(usage.cache_write_input_tokens().unwrap_or(0));
}

#[tokio::test]
async fn usage_per_application_profile_is_what_each_was_sent_and_the_hit_rate_follows() {
    let (_server, clock, connection) = local().await;
    let clients = connection.clients().await;
    let sales = application_profile(&clients.bedrock, "sales-assistant", "Sales").await;
    let support = application_profile(&clients.bedrock, "support-assistant", "Support").await;
    let mut sent_sales = Sent::default();
    let mut sent_support = Sent::default();
    for question in ["What is granite?", "And basalt?", "And slate?"] {
        send(&clients.runtime, &sales, question, &mut sent_sales).await;
        clock.advance(Duration::from_secs(60));
    }
    send(&clients.runtime, &support, "What is gneiss?", &mut sent_support).await;
    assert!(sent_sales.cache_write > 0.0 && sent_sales.cache_read > 0.0);

    let targets = clients.usage.targets().await.unwrap();
    let id_of = |arn: &str| arn.rsplit('/').next().unwrap().to_owned();
    let ids: Vec<&str> = targets.iter().map(|t| t.model_id.as_str()).collect();
    assert!(
        ids.contains(&id_of(&sales).as_str()) && ids.contains(&id_of(&support).as_str()),
        "{ids:?}"
    );

    let window = UsageWindow::new(UsageRange::LastHour, 60, clock.now()).unwrap();
    for (arn, sent) in [(&sales, &sent_sales), (&support, &sent_support)] {
        let target = targets.iter().find(|t| t.model_id == id_of(arn)).unwrap();
        let report = clients.usage.report(target, window).await.unwrap();
        let total = |kind: MetricKind| {
            report
                .series
                .iter()
                .find(|s| s.kind == kind)
                .and_then(|s| s.total)
                .unwrap_or(0.0)
        };
        let got = Sent {
            invocations: total(MetricKind::Invocations),
            input: total(MetricKind::InputTokens),
            output: total(MetricKind::OutputTokens),
            cache_read: total(MetricKind::CacheReadTokens),
            cache_write: total(MetricKind::CacheWriteTokens),
        };
        assert_eq!(&got, sent, "{arn}");
        let rate = sent.cache_read / (sent.cache_read + sent.cache_write + sent.input);
        assert!((report.hit_rate_total.unwrap() - rate).abs() < 1e-9);
        // A mean over every request (no latency is simulated here, so it is 0 ms, but it is read).
        let latency = report
            .series
            .iter()
            .find(|s| s.kind == MetricKind::Latency)
            .unwrap();
        assert_eq!(latency.total, Some(0.0));
        // One point a minute: the sales turns fall in three of them.
        let invocations = report
            .series
            .iter()
            .find(|s| s.kind == MetricKind::Invocations)
            .unwrap();
        assert_eq!(
            invocations.values.iter().flatten().count(),
            if *arn == sales { 3 } else { 1 }
        );
    }

    // The prompt-caching dashboard for both, as the page creates it.
    let labelled: Vec<_> = targets
        .iter()
        .map(|t| dashboard::DashboardTarget {
            published: t.clone(),
            label: t.model_id.clone(),
        })
        .collect();
    let plan = dashboard::plan(dashboard::DEFAULT_DASHBOARD_NAME, REGION, &labelled).unwrap();
    assert_eq!(
        clients.usage.put_dashboard(&plan).await.unwrap(),
        Vec::<String>::new()
    );
}

/// Claude 3.7 Sonnet's rates in bedrock-local's `data/prices.json` (USD per million tokens), written out again:
/// input, output, 5-minute cache write, cache read.
const SONNET_37_PRICES: [f64; 4] = [3.0, 15.0, 3.75, 0.3];

impl Sent {
    /// What bedrock-local's price table bills for these tokens, by hand.
    fn cost(&self) -> f64 {
        let [input, output, write, read] = SONNET_37_PRICES;
        (self.input * input + self.output * output + self.cache_write * write + self.cache_read * read) / 1e6
    }
}

/// InvokeModel through the system profile under `project`: the SDK has no projectIdentifier, so the header
/// botocore's model names is added before signing, as Outcrop's playground adds it.
async fn invoke_under(runtime: &aws_sdk_bedrockruntime::Client, project: &str, sent: &mut Sent) {
    let body = r#"{"anthropic_version": "bedrock-2023-05-31", "max_tokens": 50, "messages": [{"role": "user", "content": "What is basalt?"}]}"#;
    let project = project.to_owned();
    let answer = runtime
        .invoke_model()
        .model_id(format!("us.{SONNET_37}"))
        .content_type("application/json")
        .body(aws_smithy_types::Blob::new(body))
        .customize()
        .mutate_request(move |request| {
            request
                .headers_mut()
                .insert("X-Amzn-Bedrock-ProjectIdentifier", project.clone());
        })
        .send()
        .await
        .unwrap();
    let usage: serde_json::Value = serde_json::from_slice(answer.body().as_ref()).unwrap();
    let n = |key: &str| usage["usage"][key].as_f64().unwrap_or(0.0);
    sent.invocations += 1.0;
    sent.input += n("input_tokens");
    sent.output += n("output_tokens");
    sent.cache_read += n("cache_read_input_tokens");
    sent.cache_write += n("cache_creation_input_tokens");
}

#[tokio::test]
async fn spend_per_department_and_per_project_is_what_the_price_table_bills_for_what_was_sent() {
    let (_server, clock, connection) = local().await;
    let clients = connection.clients().await;
    let sales = application_profile(&clients.bedrock, "sales-assistant", "Sales").await;
    let support = application_profile(&clients.bedrock, "support-assistant", "Support").await;
    let project = clients
        .projects
        .create(&outcrop_bedrock::projects::CreateProject {
            name: "Atlas".into(),
            tags: vec![
                outcrop_core::profiles::Tag {
                    key: "Department".into(),
                    value: "Research".into(),
                },
                outcrop_core::profiles::Tag {
                    key: "Project".into(),
                    value: "Atlas".into(),
                },
            ],
            data_retention: outcrop_core::projects::DataRetentionMode::Default,
        })
        .await
        .unwrap();
    let (mut sent_sales, mut sent_support, mut sent_atlas, mut sent_untagged) =
        (Sent::default(), Sent::default(), Sent::default(), Sent::default());
    send(&clients.runtime, &sales, "What is granite?", &mut sent_sales).await;
    send(&clients.runtime, &sales, "And basalt?", &mut sent_sales).await;
    send(&clients.runtime, &support, "What is gneiss?", &mut sent_support).await;
    invoke_under(&clients.runtime, &project.id, &mut sent_atlas).await;
    // Through the system profile with no project: no department.
    send(
        &clients.runtime,
        &format!("us.{SONNET_37}"),
        "And slate?",
        &mut sent_untagged,
    )
    .await;

    let carriers = [(
        TagCarrier {
            kind: TagCarrierKind::Profile,
            name: "sales-assistant".into(),
        },
        vec![outcrop_core::profiles::Tag {
            key: "Department".into(),
            value: "Sales".into(),
        }],
    )];
    let window = SpendWindow::new(SpendRange::Last7Days, clock.now());
    let report = clients
        .usage
        .spend(window.clone(), "Department", &carriers)
        .await
        .unwrap();
    let total_of = |value: Option<&str>| {
        report
            .groups
            .iter()
            .find(|g| g.value.as_deref() == value)
            .map(|g| g.total)
            .unwrap_or(0.0)
    };
    let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
    for (value, sent) in [
        (Some("Sales"), &sent_sales),
        (Some("Support"), &sent_support),
        (Some("Research"), &sent_atlas),
        (None, &sent_untagged),
    ] {
        assert!(
            close(total_of(value), sent.cost()),
            "{value:?}: {} ≠ {}",
            total_of(value),
            sent.cost()
        );
    }
    assert!(report.groups.last().unwrap().value.is_none(), "the untagged last");
    assert_eq!(
        report
            .groups
            .iter()
            .find(|g| g.value.as_deref() == Some("Sales"))
            .unwrap()
            .carriers[0]
            .name,
        "sales-assistant"
    );
    assert_eq!(report.period_starts.len(), 7);
    assert_eq!(report.requests, 1);
    assert!(!report.no_tagged_cost);
    assert_eq!(report.services[0].service, "Amazon Bedrock");

    // Per project: the project's own tag.
    let per_project = clients.usage.spend(window.clone(), "Project", &[]).await.unwrap();
    let atlas = per_project
        .groups
        .iter()
        .find(|g| g.value.as_deref() == Some("Atlas"))
        .unwrap();
    assert!(close(atlas.total, sent_atlas.cost()));

    // A key nothing carries: all of it untagged, and the page says why that may be.
    let nobody = clients.usage.spend(window, "CostCenter", &[]).await.unwrap();
    assert!(nobody.no_tagged_cost);
    let error = clients
        .usage
        .spend(
            SpendWindow::new(SpendRange::Last7Days, clock.now()),
            "bad#key",
            &[],
        )
        .await
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::Validation);
}

#[tokio::test]
async fn a_connection_with_a_bedrock_api_key_is_refused_usage_before_anything_is_sent() {
    let (_server, _clock, connection) = local().await;
    let keyed = Connection {
        source: CredentialSource::BearerToken(outcrop_core::Secret::new("ABSKQmVkcm9ja0FQSUtleS1leGFtcGxl")),
        ..connection
    };
    let error = keyed.usage().await.targets().await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Validation);
    assert_eq!(error.field_errors()[0].rule, Rule::UsageNeedsAwsCredentials);
}
