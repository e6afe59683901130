//! Cost Explorer through aws-sdk-costexplorer (AWS JSON 1.1): what two tagged application profiles and a tagged
//! project were sent comes back as cost per tag and per day, and each amount is the tokens times the price
//! table's rates, computed here by hand.

#![allow(clippy::unwrap_used)]

mod support;

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use aws_sdk_bedrock::types::InferenceProfileModelSource;
use aws_sdk_bedrockruntime::types::{CachePointBlock, CachePointType, SystemContentBlock};
use aws_sdk_costexplorer::error::ProvideErrorMetadata;
use aws_sdk_costexplorer::types::{
    DateInterval, Dimension, DimensionValues, Expression, Granularity, GroupDefinition, GroupDefinitionType,
    ResultByTime,
};
use aws_smithy_types::date_time::Format;
use bedrock_local::{Clock, Config};
use support::{Local, document, start_local, user};

const SONNET_37: &str = "anthropic.claude-3-7-sonnet-20250219-v1:0";
/// Claude 3.7 Sonnet's rates in data/prices.json, USD per million tokens, written out again here.
const INPUT: f64 = 3.0;
const OUTPUT: f64 = 15.0;
const CACHE_WRITE: f64 = 3.75;
const CACHE_READ: f64 = 0.3;

async fn cost_explorer(local: &Local) -> aws_sdk_costexplorer::Client {
    aws_sdk_costexplorer::Client::new(&support::us_east_1(local).await)
}

/// Tokens of one answer: input read afresh, output, cache read, cache write.
#[derive(Debug, Clone, Copy, Default)]
struct Tokens {
    input: u64,
    output: u64,
    cache_read: u64,
    cache_write: u64,
}

impl Tokens {
    /// What the price table bills for them, by hand.
    fn cost(self) -> f64 {
        (self.input as f64 * INPUT
            + self.output as f64 * OUTPUT
            + self.cache_read as f64 * CACHE_READ
            + self.cache_write as f64 * CACHE_WRITE)
            / 1_000_000.0
    }
}

/// A Converse turn with a cached 2,000-token document: the first writes the cache, the next ones read it.
async fn converse(local: &Local, model: &str, question: &str) -> Tokens {
    let usage = support::converse_cached(local, model, question).await;
    let n = |v: i32| u64::try_from(v).unwrap();
    Tokens {
        input: n(usage.input_tokens()),
        output: n(usage.output_tokens()),
        cache_read: n(usage.cache_read_input_tokens().unwrap_or(0)),
        cache_write: n(usage.cache_write_input_tokens().unwrap_or(0)),
    }
}

/// InvokeModel through the system profile under `project` (the SDK has no projectIdentifier: sent as the header
/// botocore's model names).
async fn invoke_under(local: &Local, project: &str) -> Tokens {
    let body = r#"{"anthropic_version": "bedrock-2023-05-31", "max_tokens": 50, "messages": [{"role": "user", "content": "What is basalt?"}]}"#;
    let answer = support::http::post(
        &local.server.url(),
        &format!("/model/us.{SONNET_37}/invoke"),
        &[("x-amzn-bedrock-projectidentifier".to_owned(), project.to_owned())],
        body,
        false,
    )
    .await;
    assert!(answer.status.is_success(), "{}", answer.text);
    let usage = &answer.json()["usage"];
    let n = |key: &str| usage[key].as_u64().unwrap_or(0);
    Tokens {
        input: n("input_tokens"),
        output: n("output_tokens"),
        cache_read: n("cache_read_input_tokens"),
        cache_write: n("cache_creation_input_tokens"),
    }
}

fn day(time: SystemTime) -> String {
    aws_smithy_types::DateTime::from(time)
        .fmt(Format::DateTime)
        .unwrap()[..10]
        .to_owned()
}

fn tag_group(key: &str) -> GroupDefinition {
    GroupDefinition::builder()
        .r#type(GroupDefinitionType::Tag)
        .key(key)
        .build()
}

fn service_is(name: &str) -> Expression {
    Expression::builder()
        .dimensions(
            DimensionValues::builder()
                .key(Dimension::Service)
                .values(name)
                .build(),
        )
        .build()
}

/// Each period's groups: keys joined by `|` → (UnblendedCost, UsageQuantity).
fn groups(results: &[ResultByTime]) -> Vec<BTreeMap<String, (f64, f64)>> {
    results
        .iter()
        .map(|result| {
            result
                .groups()
                .iter()
                .map(|group| {
                    let metrics = group.metrics().unwrap();
                    let amount = |m: &str| metrics[m].amount().unwrap().parse::<f64>().unwrap();
                    assert_eq!(metrics["UnblendedCost"].unit(), Some("USD"));
                    (
                        group.keys().join("|"),
                        (amount("UnblendedCost"), amount("UsageQuantity")),
                    )
                })
                .collect()
        })
        .collect()
}

fn assert_costs(got: &BTreeMap<String, (f64, f64)>, expected: &[(&str, f64)]) {
    let keys: Vec<&str> = got.keys().map(String::as_str).collect();
    let expected_keys: Vec<&str> = expected.iter().map(|(k, _)| *k).collect();
    assert_eq!(keys, expected_keys);
    for (key, cost) in expected {
        let amount = got[*key].0;
        assert!((amount - cost).abs() < 1e-9, "{key}: {amount} vs {cost}");
    }
}

#[tokio::test]
async fn cost_per_tag_and_per_project_is_tokens_times_the_price_table() {
    let local = start_local(Config::default()).await;
    let ce = cost_explorer(&local).await;
    let sales = support::department_profile(&local, "sales-chat", "Sales").await;
    let support_profile = support::department_profile(&local, "support-chat", "Support").await;
    let created = support::http::post(
        &local.server.url(),
        "/projects",
        &[],
        r#"{"name": "Atlas", "tags": [{"key": "Project", "value": "Atlas"}]}"#,
        false,
    )
    .await;
    assert!(created.status.is_success(), "{}", created.text);
    let project = created.json()["id"].as_str().unwrap().to_owned();

    // Day 1: two turns through Sales (a cache write, then a read), one through Support, one under the project.
    let first_day = day(local.clock.now());
    let sales_1 = [
        converse(&local, &sales, "What is granite?").await,
        converse(&local, &sales, "And gneiss?").await,
    ];
    assert!(sales_1[0].cache_write > 0 && sales_1[1].cache_read > 0);
    let support_1 = converse(&local, &support_profile, "What is marble?").await;
    let atlas_1 = invoke_under(&local, &project).await;
    // Day 2: one more through Sales and one more under the project.
    local.clock.advance(Duration::from_secs(86_400));
    let second_day = day(local.clock.now());
    let sales_2 = converse(&local, &sales, "And slate?").await;
    let atlas_2 = invoke_under(&local, &project).await;
    let third_day = day(local.clock.now() + Duration::from_secs(86_400));

    let period = DateInterval::builder()
        .start(&first_day)
        .end(&third_day)
        .build()
        .unwrap();
    let by_department = ce
        .get_cost_and_usage()
        .time_period(period.clone())
        .granularity(Granularity::Daily)
        .metrics("UnblendedCost")
        .metrics("UsageQuantity")
        .filter(service_is("Amazon Bedrock"))
        .group_by(tag_group("Department"))
        .send()
        .await
        .unwrap();
    let results = by_department.results_by_time();
    assert_eq!(results.len(), 2, "one result a day");
    assert_eq!(results[0].time_period().unwrap().start(), first_day);
    assert_eq!(results[1].time_period().unwrap().start(), second_day);
    assert_eq!(results[1].time_period().unwrap().end(), third_day);
    assert_eq!(by_department.group_definitions()[0].key(), Some("Department"));
    let days = groups(results);
    assert_costs(
        &days[0],
        &[
            ("Department$", atlas_1.cost()),
            ("Department$Sales", sales_1[0].cost() + sales_1[1].cost()),
            ("Department$Support", support_1.cost()),
        ],
    );
    assert_costs(
        &days[1],
        &[
            ("Department$", atlas_2.cost()),
            ("Department$Sales", sales_2.cost()),
        ],
    );
    // UsageQuantity counts the tokens billed.
    let tokens = |t: Tokens| (t.input + t.output + t.cache_read + t.cache_write) as f64;
    assert_eq!(days[0]["Department$Support"].1, tokens(support_1));

    let by_project = ce
        .get_cost_and_usage()
        .time_period(period.clone())
        .granularity(Granularity::Monthly)
        .metrics("UnblendedCost")
        .metrics("UsageQuantity")
        .group_by(tag_group("Project"))
        .send()
        .await
        .unwrap();
    let months = groups(by_project.results_by_time());
    assert_eq!(months.len(), 1);
    let everyone_else = sales_1[0].cost() + sales_1[1].cost() + support_1.cost() + sales_2.cost();
    assert_costs(
        &months[0],
        &[
            ("Project$", everyone_else),
            ("Project$Atlas", atlas_1.cost() + atlas_2.cost()),
        ],
    );

    // Not grouped: a total per day; a filter on another service leaves nothing.
    let total = |results: &[ResultByTime], i: usize| -> f64 {
        results[i].total().unwrap()["BlendedCost"]
            .amount()
            .unwrap()
            .parse()
            .unwrap()
    };
    let all = ce
        .get_cost_and_usage()
        .time_period(period.clone())
        .granularity(Granularity::Daily)
        .metrics("BlendedCost")
        .filter(service_is("Amazon Bedrock"))
        .send()
        .await
        .unwrap();
    let day_1 = atlas_1.cost() + sales_1[0].cost() + sales_1[1].cost() + support_1.cost();
    assert!((total(all.results_by_time(), 0) - day_1).abs() < 1e-9);
    assert!(all.results_by_time()[0].groups().is_empty());
    let elsewhere = ce
        .get_cost_and_usage()
        .time_period(period.clone())
        .granularity(Granularity::Daily)
        .metrics("BlendedCost")
        .filter(service_is("Amazon EC2"))
        .send()
        .await
        .unwrap();
    assert_eq!(total(elsewhere.results_by_time(), 0), 0.0);

    // Refusals, in Cost Explorer's shapes.
    let backwards = ce
        .get_cost_and_usage()
        .time_period(
            DateInterval::builder()
                .start(&third_day)
                .end(&first_day)
                .build()
                .unwrap(),
        )
        .granularity(Granularity::Daily)
        .metrics("UnblendedCost")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert_eq!(backwards.code(), Some("ValidationException"), "{backwards:?}");
    assert_eq!(
        backwards.message(),
        Some("Start date (and hour) should be before end date (and hour)")
    );
    let by_category = ce
        .get_cost_and_usage()
        .time_period(period.clone())
        .granularity(Granularity::Daily)
        .metrics("UnblendedCost")
        .group_by(
            GroupDefinition::builder()
                .r#type(GroupDefinitionType::CostCategory)
                .key("Team")
                .build(),
        )
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert_eq!(by_category.code(), Some("ValidationException"), "{by_category:?}");
    let long_ago = ce
        .get_cost_and_usage()
        .time_period(
            DateInterval::builder()
                .start("2020-01-01")
                .end("2020-02-01")
                .build()
                .unwrap(),
        )
        .granularity(Granularity::Monthly)
        .metrics("UnblendedCost")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(long_ago.is_data_unavailable_exception(), "{long_ago:?}");
    local.server.shutdown().await;
}

/// A one-hour cache write is billed at the model's one-hour rate, under its own usage type; Claude 4.5 and later
/// cost 10% more through a geographic profile (and an application profile copied from one) than through the
/// global one.
#[tokio::test]
async fn one_hour_cache_writes_and_routes_bill_at_their_own_rates() {
    const HAIKU_45: &str = "anthropic.claude-haiku-4-5-20251001-v1:0";
    // Claude Haiku 4.5 in data/prices.json, through the global profile: input 1.00, output 5.00, 1-hour cache
    // write 2.00 per million tokens; 10% more through geographic profiles.
    let local = start_local(Config::default()).await;
    let ce = cost_explorer(&local).await;
    let turn = |model: String, ttl: Option<aws_sdk_bedrockruntime::types::CacheTtl>| {
        let local = &local;
        async move {
            let mut request = local
                .runtime
                .converse()
                .model_id(model)
                .messages(user("What is chert?"));
            if let Some(ttl) = ttl {
                let checkpoint = CachePointBlock::builder()
                    .r#type(CachePointType::Default)
                    .ttl(ttl)
                    .build()
                    .unwrap();
                request = request
                    .system(SystemContentBlock::Text(document(5_000)))
                    .system(SystemContentBlock::CachePoint(checkpoint));
            }
            let usage = request.send().await.unwrap().usage().unwrap().clone();
            (
                f64::from(usage.input_tokens()),
                f64::from(usage.output_tokens()),
                f64::from(usage.cache_write_input_tokens().unwrap_or(0)),
            )
        }
    };
    let (global_in, global_out, written) = turn(
        format!("global.{HAIKU_45}"),
        Some(aws_sdk_bedrockruntime::types::CacheTtl::OneHour),
    )
    .await;
    assert!(written >= 5_000.0);
    let (us_in, us_out, _) = turn(format!("us.{HAIKU_45}"), None).await;
    let copied = local
        .control
        .create_inference_profile()
        .inference_profile_name("haiku-us")
        .model_source(InferenceProfileModelSource::CopyFrom(format!(
            "arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.{HAIKU_45}"
        )))
        .send()
        .await
        .unwrap()
        .inference_profile_arn()
        .to_owned();
    let (app_in, app_out, _) = turn(copied, None).await;

    let today = day(local.clock.now());
    let tomorrow = day(local.clock.now() + Duration::from_secs(86_400));
    let answer = ce
        .get_cost_and_usage()
        .time_period(
            DateInterval::builder()
                .start(&today)
                .end(&tomorrow)
                .build()
                .unwrap(),
        )
        .granularity(Granularity::Daily)
        .metrics("UnblendedCost")
        .metrics("UsageQuantity")
        .group_by(
            GroupDefinition::builder()
                .r#type(GroupDefinitionType::Dimension)
                .key("USAGE_TYPE")
                .build(),
        )
        .send()
        .await
        .unwrap();
    let by_type = &groups(answer.results_by_time())[0];
    let geographic = 1.1;
    assert_costs(
        by_type,
        &[
            (
                "USE1-ClaudeHaiku4.5-cache-write-1h-input-tokens",
                written * 2.0 / 1e6,
            ),
            (
                "USE1-ClaudeHaiku4.5-input-tokens",
                (global_in + geographic * (us_in + app_in)) * 1.0 / 1e6,
            ),
            (
                "USE1-ClaudeHaiku4.5-output-tokens",
                (global_out + geographic * (us_out + app_out)) * 5.0 / 1e6,
            ),
        ],
    );
    assert_eq!(
        by_type["USE1-ClaudeHaiku4.5-cache-write-1h-input-tokens"].1,
        written
    );
    local.server.shutdown().await;
}

/// The server Outcrop starts for its offline connection verifies its launch key: Cost Explorer's requests,
/// signed for `ce` in us-east-1 whatever the server's Region, pass with it and fail with another secret.
#[tokio::test]
async fn a_verifying_server_answers_requests_signed_for_ce() {
    let key = bedrock_local::LaunchKey::generate().unwrap();
    let server = bedrock_local::BedrockLocal::start(Config {
        auth: bedrock_local::AuthPolicy::only(&key),
        region: "eu-west-1".to_owned(),
        ..Config::default()
    })
    .await
    .unwrap();
    let client = |secret: &str| {
        let credentials =
            aws_credential_types::Credentials::new(key.access_key_id(), secret, None, None, "test");
        let url = server.url();
        async move {
            let sdk = aws_config::defaults(aws_config::BehaviorVersion::latest())
                .region(aws_config::Region::new("us-east-1"))
                .endpoint_url(url)
                .credentials_provider(credentials)
                .load()
                .await;
            aws_sdk_costexplorer::Client::new(&sdk)
        }
    };
    let today = day(SystemTime::now());
    let tomorrow = day(SystemTime::now() + Duration::from_secs(86_400));
    let ask = |ce: aws_sdk_costexplorer::Client| {
        let period = DateInterval::builder()
            .start(&today)
            .end(&tomorrow)
            .build()
            .unwrap();
        async move {
            ce.get_cost_and_usage()
                .time_period(period)
                .granularity(Granularity::Daily)
                .metrics("UnblendedCost")
                .send()
                .await
        }
    };
    let answer = ask(client(key.secret_access_key()).await).await.unwrap();
    let total = answer.results_by_time()[0].total().unwrap();
    assert_eq!(total["UnblendedCost"].amount(), Some("0"));
    let refused = ask(client("not-the-secret").await)
        .await
        .unwrap_err()
        .into_service_error();
    assert_eq!(refused.code(), Some("InvalidSignatureException"), "{refused:?}");
    server.shutdown().await;
}
