//! CloudWatch through aws-sdk-cloudwatch (Smithy RPC v2 CBOR): what two tagged application profiles were sent
//! comes back as AWS/Bedrock metrics per profile, summed per period as CloudWatch sums them; dashboards are kept.

#![allow(clippy::unwrap_used)]

mod support;

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_sdk_bedrockruntime::types::TokenUsage;
use aws_sdk_cloudwatch::error::ProvideErrorMetadata;
use aws_sdk_cloudwatch::primitives::DateTime;
use aws_sdk_cloudwatch::types::{Dimension, DimensionFilter, Metric, MetricDataQuery, MetricStat, ScanBy};
use bedrock_local::{Clock, Config, FAULT_HEADER, LatencyModel, ServiceTier};
use support::{Local, start_local, user};

const SONNET_37: &str = "anthropic.claude-3-7-sonnet-20250219-v1:0";

async fn cloudwatch(local: &Local) -> aws_sdk_cloudwatch::Client {
    aws_sdk_cloudwatch::Client::new(&support::us_east_1(local).await)
}

/// A Converse turn with a cached 2,000-token document: the first writes the cache, the next ones read it.
async fn send(local: &Local, model: &str, question: &str) -> TokenUsage {
    support::converse_cached(local, model, question).await
}

/// What the test sent, per metric, summed by hand from the answers' `usage`.
#[derive(Debug, Default, PartialEq)]
struct Sent {
    invocations: f64,
    input: f64,
    output: f64,
    cache_read: f64,
    cache_write: f64,
}

impl Sent {
    fn add(&mut self, usage: &TokenUsage) {
        self.invocations += 1.0;
        self.input += f64::from(usage.input_tokens());
        self.output += f64::from(usage.output_tokens());
        self.cache_read += f64::from(usage.cache_read_input_tokens().unwrap_or(0));
        self.cache_write += f64::from(usage.cache_write_input_tokens().unwrap_or(0));
    }
}

fn metric(name: &str, model_id: &str) -> Metric {
    Metric::builder()
        .namespace("AWS/Bedrock")
        .metric_name(name)
        .dimensions(Dimension::builder().name("ModelId").value(model_id).build())
        .build()
}

fn query(id: &str, name: &str, model_id: &str, period: i32, stat: &str) -> MetricDataQuery {
    MetricDataQuery::builder()
        .id(id)
        .metric_stat(
            MetricStat::builder()
                .metric(metric(name, model_id))
                .period(period)
                .stat(stat)
                .build(),
        )
        .build()
}

fn at(time: SystemTime) -> DateTime {
    DateTime::from(time)
}

fn minute_of(time: SystemTime) -> i64 {
    let secs = time.duration_since(UNIX_EPOCH).unwrap().as_secs() as i64;
    secs - secs % 60
}

/// Each result's datapoints by query ID: (epoch seconds, value), in the order CloudWatch gave them.
async fn metric_data(
    cw: &aws_sdk_cloudwatch::Client,
    queries: Vec<MetricDataQuery>,
    start: SystemTime,
    end: SystemTime,
    scan: ScanBy,
) -> BTreeMap<String, Vec<(i64, f64)>> {
    let output = cw
        .get_metric_data()
        .set_metric_data_queries(Some(queries))
        .start_time(at(start))
        .end_time(at(end))
        .scan_by(scan)
        .send()
        .await
        .unwrap();
    output
        .metric_data_results()
        .iter()
        .map(|result| {
            assert_eq!(result.status_code().unwrap().as_str(), "Complete");
            let points = result
                .timestamps()
                .iter()
                .map(DateTime::secs)
                .zip(result.values().iter().copied())
                .collect();
            (result.id().unwrap().to_owned(), points)
        })
        .collect()
}

#[tokio::test]
async fn metrics_per_application_profile_sum_what_was_sent() {
    // A latency model with small but real delays: latency and time to first token come from it.
    let latency = LatencyModel::realistic(0.001);
    let local = start_local(Config {
        latency,
        ..Config::default()
    })
    .await;
    let cw = cloudwatch(&local).await;
    let research = support::department_profile(&local, "research-chat", "Research").await;
    let finance = support::department_profile(&local, "finance-chat", "Finance").await;
    // An application profile's metrics carry its ID, invoked by ARN as it is.
    let research_id = research.rsplit('/').next().unwrap().to_owned();
    let finance_id = finance.rsplit('/').next().unwrap().to_owned();
    let t0 = local.clock.now();

    let mut sent_research = Sent::default();
    let mut sent_finance = Sent::default();
    let mut latencies = Vec::new();
    // Minute 0: two turns through Research (a cache write, then a read), one through Finance.
    for question in ["What is granite?", "And basalt?"] {
        let usage = send(&local, &research, question).await;
        let fresh = usage.input_tokens() as u32 + usage.cache_write_input_tokens().unwrap_or(0) as u32;
        let cached = usage.cache_read_input_tokens().unwrap_or(0) as u32;
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        latencies.push(
            ms(latency.first_token(fresh, cached, ServiceTier::Default))
                + ms(latency.generation(usage.output_tokens() as u32, ServiceTier::Default)),
        );
        sent_research.add(&usage);
        local.clock.advance(Duration::from_secs(10));
    }
    sent_finance.add(&send(&local, &finance, "What is marble?").await);
    // Minute 5: one more through Research; minutes 1 to 4 have nothing.
    local.clock.advance(Duration::from_secs(300));
    let t5 = local.clock.now();
    sent_research.add(&send(&local, &research, "And slate?").await);
    assert!(sent_research.cache_write > 0.0 && sent_research.cache_read > 0.0);
    // A throttled request and a refused one (an unknown field) count as errors, not invocations.
    let path = format!("/model/{}/converse", research.replace('/', "%2F"));
    let body = r#"{"messages":[{"role":"user","content":[{"text":"hi"}]}]}"#;
    let throttled = support::http::post(
        &local.server.url(),
        &path,
        &[(FAULT_HEADER.to_owned(), "throttle".to_owned())],
        body,
        false,
    )
    .await;
    assert_eq!(throttled.status.as_u16(), 429);
    let refused = support::http::post(&local.server.url(), &path, &[], r#"{"messages": 3}"#, false).await;
    assert!(refused.status.is_client_error(), "{}", refused.text);

    // ListMetrics: only metrics with data, per profile.
    let listed = cw
        .list_metrics()
        .namespace("AWS/Bedrock")
        .dimensions(
            DimensionFilter::builder()
                .name("ModelId")
                .value(&finance_id)
                .build(),
        )
        .send()
        .await
        .unwrap();
    let mut names: Vec<&str> = listed.metrics().iter().filter_map(|m| m.metric_name()).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "CacheReadInputTokenCount",
            "CacheWriteInputTokenCount",
            "InputTokenCount",
            "InvocationLatency",
            "Invocations",
            "OutputTokenCount",
        ]
    );
    for listed_metric in listed.metrics() {
        assert_eq!(listed_metric.namespace(), Some("AWS/Bedrock"));
        let dimension = &listed_metric.dimensions()[0];
        assert_eq!(
            (dimension.name(), dimension.value()),
            (Some("ModelId"), Some(finance_id.as_str()))
        );
    }
    let throttles = cw
        .list_metrics()
        .metric_name("InvocationThrottles")
        .send()
        .await
        .unwrap();
    assert_eq!(throttles.metrics().len(), 1);
    assert_eq!(
        throttles.metrics()[0].dimensions()[0].value(),
        Some(research_id.as_str())
    );
    let elsewhere = cw.list_metrics().namespace("AWS/EC2").send().await.unwrap();
    assert!(elsewhere.metrics().is_empty());

    // GetMetricData over one 10-minute period: the sums are what was sent.
    let start = t0 - Duration::from_secs(3600);
    let end = t5 + Duration::from_secs(600);
    let mut queries = Vec::new();
    for (prefix, arn) in [("research", &research_id), ("finance", &finance_id)] {
        for (id, name, stat) in [
            ("invocations", "Invocations", "SampleCount"),
            ("input", "InputTokenCount", "Sum"),
            ("output", "OutputTokenCount", "Sum"),
            ("cache_read", "CacheReadInputTokenCount", "Sum"),
            ("cache_write", "CacheWriteInputTokenCount", "Sum"),
        ] {
            queries.push(query(&format!("{prefix}_{id}"), name, arn, 3600 * 2, stat));
        }
    }
    let data = metric_data(&cw, queries, start, end, ScanBy::TimestampDescending).await;
    let total = |id: &str| data[id].iter().map(|(_, v)| v).sum::<f64>();
    for (prefix, sent) in [("research", &sent_research), ("finance", &sent_finance)] {
        let got = Sent {
            invocations: total(&format!("{prefix}_invocations")),
            input: total(&format!("{prefix}_input")),
            output: total(&format!("{prefix}_output")),
            cache_read: total(&format!("{prefix}_cache_read")),
            cache_write: total(&format!("{prefix}_cache_write")),
        };
        assert_eq!(&got, sent, "{prefix}");
        assert_eq!(data[&format!("{prefix}_input")].len(), 1, "one period");
    }

    // Per minute: minute 0 and minute 5 have data, the minutes between are absent; newest first by default.
    let per_minute = metric_data(
        &cw,
        vec![
            query("count", "Invocations", &research_id, 60, "Sum"),
            query("latency_max", "InvocationLatency", &research_id, 60, "Maximum"),
            query("latency_min", "InvocationLatency", &research_id, 60, "Minimum"),
            query("latency_avg", "InvocationLatency", &research_id, 60, "Average"),
            query("errors", "InvocationClientErrors", &research_id, 60, "Sum"),
            query("throttles", "InvocationThrottles", &research_id, 60, "Sum"),
        ],
        start,
        end,
        ScanBy::TimestampDescending,
    )
    .await;
    assert_eq!(per_minute["count"], [(minute_of(t5), 1.0), (minute_of(t0), 2.0)]);
    let close = |a: f64, b: f64| (a - b).abs() < 1e-6;
    let (first, second) = (latencies[0], latencies[1]);
    assert!(close(per_minute["latency_max"][1].1, first.max(second)));
    assert!(close(per_minute["latency_min"][1].1, first.min(second)));
    assert!(close(per_minute["latency_avg"][1].1, (first + second) / 2.0));
    assert!(first > second, "a cache read shortens the first token");
    assert_eq!(per_minute["errors"], [(minute_of(t5), 1.0)]);
    assert_eq!(per_minute["throttles"], [(minute_of(t5), 1.0)]);

    // Ascending, and a window that holds only the empty minutes returns no datapoints.
    let ascending = metric_data(
        &cw,
        vec![query("count", "Invocations", &research_id, 60, "Sum")],
        start,
        end,
        ScanBy::TimestampAscending,
    )
    .await;
    assert_eq!(ascending["count"], [(minute_of(t0), 2.0), (minute_of(t5), 1.0)]);
    let quiet = metric_data(
        &cw,
        vec![query("count", "Invocations", &research_id, 60, "Sum")],
        t0 + Duration::from_secs(60),
        t0 + Duration::from_secs(240),
        ScanBy::TimestampAscending,
    )
    .await;
    assert!(quiet["count"].is_empty());

    // An expression is refused with CloudWatch's error.
    let expression = cw
        .get_metric_data()
        .metric_data_queries(
            MetricDataQuery::builder()
                .id("e1")
                .expression("SUM(METRICS())")
                .build(),
        )
        .start_time(at(start))
        .end_time(at(end))
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert_eq!(expression.code(), Some("InvalidParameterValue"), "{expression:?}");
    local.server.shutdown().await;
}

#[tokio::test]
async fn dashboards_are_put_read_and_listed() {
    let local = start_local(Config::default()).await;
    let cw = cloudwatch(&local).await;
    let body = serde_json::json!({"widgets": [{"type": "metric", "x": 0, "y": 0, "width": 12, "height": 6,
        "properties": {"metrics": [["AWS/Bedrock", "CacheReadInputTokenCount", "ModelId", "m"]],
        "region": "us-east-1", "stat": "Sum", "period": 300}}]})
    .to_string();
    let put = cw
        .put_dashboard()
        .dashboard_name("BedrockPromptCaching")
        .dashboard_body(&body)
        .send()
        .await
        .unwrap();
    assert!(put.dashboard_validation_messages().is_empty());
    cw.put_dashboard()
        .dashboard_name("Other")
        .dashboard_body(r#"{"widgets": []}"#)
        .send()
        .await
        .unwrap();

    let got = cw
        .get_dashboard()
        .dashboard_name("BedrockPromptCaching")
        .send()
        .await
        .unwrap();
    assert_eq!(got.dashboard_body(), Some(body.as_str()));
    assert_eq!(
        got.dashboard_arn(),
        Some("arn:aws:cloudwatch::111122223333:dashboard/BedrockPromptCaching")
    );

    let listed = cw
        .list_dashboards()
        .dashboard_name_prefix("Bedrock")
        .send()
        .await
        .unwrap();
    let entries = listed.dashboard_entries();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].dashboard_name(), Some("BedrockPromptCaching"));
    assert_eq!(entries[0].size(), Some(body.len() as i64));
    assert_eq!(
        entries[0].last_modified().map(DateTime::secs),
        Some(DateTime::from(local.clock.now()).secs())
    );
    assert_eq!(
        cw.list_dashboards()
            .send()
            .await
            .unwrap()
            .dashboard_entries()
            .len(),
        2
    );

    let missing = cw
        .get_dashboard()
        .dashboard_name("Nope")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(missing.is_dashboard_not_found_error(), "{missing:?}");
    let invalid = cw
        .put_dashboard()
        .dashboard_name("Broken")
        .dashboard_body(r#"{"panels": []}"#)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    let aws_sdk_cloudwatch::operation::put_dashboard::PutDashboardError::DashboardInvalidInputError(invalid) =
        invalid
    else {
        panic!("{invalid:?}");
    };
    assert_eq!(
        invalid.dashboard_validation_messages()[0].message(),
        Some("Should have required property 'widgets'")
    );
    local.server.shutdown().await;
}

#[tokio::test]
async fn the_record_keeps_project_tags_tier_and_outcome() {
    use bedrock_local::record::{Outcome, Usage};
    let local = start_local(Config::default()).await;
    let research = support::department_profile(&local, "research-chat", "Research").await;
    let url = local.server.url();
    let created = support::http::post(&url, "/projects", &[], r#"{"name": "Geology"}"#, false).await;
    assert!(created.status.is_success(), "{}", created.text);
    let project = created.json()["id"].as_str().unwrap().to_owned();

    let usage = send(&local, &research, "What is granite?").await;
    let system_profile = format!("us.{SONNET_37}");
    let anthropic = r#"{"anthropic_version": "bedrock-2023-05-31", "max_tokens": 50, "messages": [{"role": "user", "content": "hi"}]}"#;
    let under_project = support::http::post(
        &url,
        &format!("/model/{system_profile}/invoke"),
        &[
            ("x-amzn-bedrock-projectidentifier".to_owned(), project.clone()),
            ("x-amzn-bedrock-service-tier".to_owned(), "priority".to_owned()),
        ],
        anthropic,
        false,
    )
    .await;
    assert!(under_project.status.is_success(), "{}", under_project.text);
    let unavailable = support::http::post(
        &url,
        &format!("/model/{system_profile}/invoke"),
        &[(FAULT_HEADER.to_owned(), "internal".to_owned())],
        anthropic,
        false,
    )
    .await;
    assert_eq!(unavailable.status.as_u16(), 500);
    let flex =
        r#"{"messages": [{"role": "user", "content": [{"text": "hi"}]}], "serviceTier": {"type": "flex"}}"#;
    let throttled = support::http::post(
        &url,
        &format!("/model/{system_profile}/converse"),
        &[(FAULT_HEADER.to_owned(), "throttle".to_owned())],
        flex,
        false,
    )
    .await;
    assert_eq!(throttled.status.as_u16(), 429);

    let record = local.server.invocations();
    assert_eq!(record.len(), 4);
    let served = &record[0];
    assert_eq!(served.invoked, research);
    assert_eq!(served.foundation_model.as_deref(), Some(SONNET_37));
    assert_eq!(served.project, "default");
    assert_eq!(served.tier, ServiceTier::Default);
    assert_eq!(served.outcome, Outcome::Served);
    assert_eq!(
        served
            .tags
            .iter()
            .map(|t| (t.key.as_str(), t.value.as_str()))
            .collect::<Vec<_>>(),
        [("Department", "Research")]
    );
    let Some(Usage {
        input_tokens,
        output_tokens,
        cache_write_tokens,
        time_to_first_token_ms,
        ..
    }) = served.usage
    else {
        panic!("no usage")
    };
    assert_eq!(input_tokens, usage.input_tokens() as u32);
    assert_eq!(output_tokens, usage.output_tokens() as u32);
    assert_eq!(
        cache_write_tokens,
        usage.cache_write_input_tokens().map(|n| n as u32)
    );
    assert_eq!(time_to_first_token_ms, None, "Converse answers whole");

    let projected = &record[1];
    assert_eq!(
        (projected.invoked.as_str(), projected.project.as_str()),
        (system_profile.as_str(), project.as_str())
    );
    assert_eq!(projected.tier, ServiceTier::Priority);
    assert!(projected.tags.is_empty());
    assert_eq!(record[2].outcome, Outcome::ServerError);
    assert_eq!(record[2].foundation_model.as_deref(), Some(SONNET_37));
    assert_eq!(
        (record[3].outcome, record[3].tier),
        (Outcome::Throttled, ServiceTier::Flex)
    );

    local.server.reset().unwrap();
    assert!(local.server.invocations().is_empty());
    local.server.shutdown().await;
}

#[tokio::test]
async fn a_stream_publishes_time_to_first_token_and_a_whole_answer_does_not() {
    let latency = LatencyModel::realistic(0.001);
    let local = start_local(Config {
        latency,
        ..Config::default()
    })
    .await;
    let cw = cloudwatch(&local).await;
    let model = format!("us.{SONNET_37}");
    let mut stream = local
        .runtime
        .converse_stream()
        .model_id(&model)
        .messages(user("What is gneiss?"))
        .send()
        .await
        .unwrap();
    let mut input_tokens = None;
    while let Some(event) = stream.stream.recv().await.unwrap() {
        if let aws_sdk_bedrockruntime::types::ConverseStreamOutput::Metadata(metadata) = event {
            input_tokens = metadata.usage().map(|u| u.input_tokens());
        }
    }
    let input = input_tokens.unwrap();
    send_plain(&local, &model).await;

    let first_token = local.server.invocations()[0]
        .usage
        .unwrap()
        .time_to_first_token_ms
        .unwrap();
    let expected = latency
        .first_token(input as u32, 0, ServiceTier::Default)
        .as_secs_f64()
        * 1000.0;
    assert!(
        (first_token - expected).abs() < 1e-9,
        "{first_token} vs {expected}"
    );
    assert_eq!(
        local.server.invocations()[1]
            .usage
            .unwrap()
            .time_to_first_token_ms,
        None
    );

    let now = local.clock.now();
    let data = metric_data(
        &cw,
        vec![
            query("ttft", "TimeToFirstToken", &model, 60, "SampleCount"),
            query("invocations", "Invocations", &model, 60, "Sum"),
        ],
        now - Duration::from_secs(600),
        now + Duration::from_secs(600),
        ScanBy::TimestampAscending,
    )
    .await;
    assert_eq!(data["ttft"], [(minute_of(now), 1.0)]);
    assert_eq!(data["invocations"], [(minute_of(now), 2.0)]);
    local.server.shutdown().await;
}

async fn send_plain(local: &Local, model: &str) {
    local
        .runtime
        .converse()
        .model_id(model)
        .messages(user("And schist?"))
        .send()
        .await
        .unwrap();
}
