//! Copy as code for the InvokeModel transport: the Anthropic Messages body exactly as the playground sends
//! it (`anthropic_version`, `max_tokens`, `cache_control` on the block before each cache point).
//!
//! The playground streams (InvokeModelWithResponseStream), and so do the boto3 script and the Rust program;
//! the AWS CLI does not stream Bedrock operations, so its command is `invoke-model` with the same body.

use serde_json::Value;

use super::format::CodeFormat;
use super::literal::{python, rust_str, shell_quote};
use crate::model_facts::ServiceTier;

const JSON: &str = "application/json";

/// The service tier travels as the `X-Amzn-Bedrock-Service-Tier` header: `serviceTier` in the SDKs and the CLI;
/// a project as `X-Amzn-Bedrock-ProjectIdentifier`: `projectIdentifier` in boto3, `--project-identifier` in the
/// CLI, and not yet in the AWS SDK for Rust.
pub(super) fn code(
    body: &Value,
    tier: Option<ServiceTier>,
    project: Option<&str>,
    model_id: &str,
    region: &str,
    format: CodeFormat,
) -> String {
    match format {
        CodeFormat::Json | CodeFormat::AnthropicTypescript => json(body, tier, project, model_id),
        CodeFormat::AwsCli | CodeFormat::Curl | CodeFormat::CurlApiKey => {
            aws_cli(body, tier, project, model_id, region)
        }
        CodeFormat::Boto3 | CodeFormat::AnthropicPython => boto3(body, tier, project, model_id, region),
        CodeFormat::Rust => rust(body, tier, project, model_id, region),
    }
}

/// The request as JSON: the model, the content types, the tier and the body (sent as its JSON text).
fn json(body: &Value, tier: Option<ServiceTier>, project: Option<&str>, model_id: &str) -> String {
    let mut request = serde_json::json!({
        "modelId": model_id,
        "contentType": JSON,
        "accept": JSON,
        "body": body,
    });
    if let Some(tier) = tier {
        request["serviceTier"] = Value::String(tier.as_str().into());
    }
    if let Some(project) = project {
        request["projectIdentifier"] = Value::String(project.into());
    }
    serde_json::to_string_pretty(&request).unwrap_or_default()
}

/// The body goes through a file read as raw bytes (`fileb://`), which AWS CLI v1 and v2 both take as
/// sent (v2 would read an inline `--body` as base64); `invoke-model` writes the answer to `response.json`.
fn aws_cli(
    body: &Value,
    tier: Option<ServiceTier>,
    project: Option<&str>,
    model_id: &str,
    region: &str,
) -> String {
    let mut command = vec![
        "aws bedrock-runtime invoke-model".to_owned(),
        format!("  --region {}", shell_quote(region)),
        format!("  --model-id {}", shell_quote(model_id)),
        format!("  --content-type {JSON}"),
        format!("  --accept {JSON}"),
    ];
    if let Some(tier) = tier {
        command.push(format!("  --service-tier {}", tier.as_str()));
    }
    if let Some(project) = project {
        command.push(format!("  --project-identifier {}", shell_quote(project)));
    }
    command.push("  --body fileb://body.json".to_owned());
    command.push("  response.json".to_owned());
    let command = command.join(" \\\n");
    format!(
        "printf '%s' {} > body.json\n{command}",
        shell_quote(&body.to_string())
    )
}

fn boto3(
    body: &Value,
    tier: Option<ServiceTier>,
    project: Option<&str>,
    model_id: &str,
    region: &str,
) -> String {
    let mut literal = String::new();
    python(body, 0, &mut literal);
    let mut out = String::from("import json\n\nimport boto3\n\n");
    out.push_str(&format!(
        "client = boto3.client(\"bedrock-runtime\", region_name={})\n\n",
        Value::String(region.into())
    ));
    out.push_str(&format!("body = {literal}\n\n"));
    out.push_str("response = client.invoke_model_with_response_stream(\n");
    out.push_str(&format!("    modelId={},\n", Value::String(model_id.into())));
    out.push_str(&format!("    contentType=\"{JSON}\",\n    accept=\"{JSON}\",\n"));
    if let Some(tier) = tier {
        out.push_str(&format!("    serviceTier=\"{}\",\n", tier.as_str()));
    }
    if let Some(project) = project {
        out.push_str(&format!(
            "    projectIdentifier={},\n",
            Value::String(project.into())
        ));
    }
    out.push_str("    body=json.dumps(body),\n)\n\n");
    out.push_str(
        "usage = {}
for event in response[\"body\"]:
    chunk = json.loads(event[\"chunk\"][\"bytes\"])
    if chunk[\"type\"] == \"message_start\":
        usage.update(chunk[\"message\"][\"usage\"])
    elif chunk[\"type\"] == \"content_block_delta\" and \"text\" in chunk[\"delta\"]:
        print(chunk[\"delta\"][\"text\"], end=\"\", flush=True)
    elif chunk[\"type\"] == \"message_delta\":
        usage.update(chunk.get(\"usage\", {}))
print()
print(\"input\", usage.get(\"input_tokens\", 0), \"cache read\", usage.get(\"cache_read_input_tokens\", 0),
      \"cache write\", usage.get(\"cache_creation_input_tokens\", 0), \"output\", usage.get(\"output_tokens\", 0))
",
    );
    out
}

/// A Rust raw string literal holding `text`, with enough `#`s that nothing inside closes it.
fn raw_str(text: &str) -> String {
    let mut longest = 0;
    for (i, _) in text.match_indices('"') {
        let run = text[i + 1..].chars().take_while(|&c| c == '#').count();
        longest = longest.max(run);
    }
    let hashes = "#".repeat(longest + 1);
    format!("r{hashes}\"{text}\"{hashes}")
}

fn rust(
    body: &Value,
    tier: Option<ServiceTier>,
    project: Option<&str>,
    model_id: &str,
    region: &str,
) -> String {
    let pretty = serde_json::to_string_pretty(body).unwrap_or_default();
    let mut out = String::new();
    out.push_str(
        "// Cargo.toml: aws-config, aws-sdk-bedrockruntime, serde_json, tokio (features \"full\")\n",
    );
    out.push_str("use aws_config::{BehaviorVersion, Region};\n");
    out.push_str("use aws_sdk_bedrockruntime::primitives::Blob;\n");
    out.push_str("use aws_sdk_bedrockruntime::types::ResponseStream;\n\n");
    out.push_str("/// The Anthropic Messages body, as sent.\n");
    out.push_str(&format!("const BODY: &str = {};\n\n", raw_str(&pretty)));
    out.push_str("#[tokio::main]\nasync fn main() -> Result<(), Box<dyn std::error::Error>> {\n");
    out.push_str(&format!(
        "    let config = aws_config::defaults(BehaviorVersion::latest())\n        .region(Region::new({}))\n        .load()\n        .await;\n",
        rust_str(region)
    ));
    out.push_str("    let client = aws_sdk_bedrockruntime::Client::new(&config);\n\n");
    out.push_str(&format!(
        "    let response = client\n        .invoke_model_with_response_stream()\n        .model_id({})\n        .content_type(\"{JSON}\")\n        .accept(\"{JSON}\")\n{}{}        .body(Blob::new(BODY))\n        .send()\n        .await?;\n",
        rust_str(model_id),
        project
            .map(|p| format!(
                "        // Under project {}: the AWS SDK for Rust has no projectIdentifier yet (boto3 and the AWS CLI do).\n",
                rust_str(p)
            ))
            .unwrap_or_default(),
        tier.map(|t| format!(
            "        .service_tier(aws_sdk_bedrockruntime::types::ServiceTierType::from({}))\n",
            rust_str(t.as_str())
        ))
        .unwrap_or_default()
    ));
    out.push_str(
        "    let mut stream = response.body;
    let mut usage = serde_json::Map::new();
    while let Some(event) = stream.recv().await? {
        let ResponseStream::Chunk(part) = event else { continue };
        let Some(bytes) = part.bytes() else { continue };
        let chunk: serde_json::Value = serde_json::from_slice(bytes.as_ref())?;
        match chunk[\"type\"].as_str() {
            Some(\"message_start\") => {
                if let Some(u) = chunk[\"message\"][\"usage\"].as_object() {
                    usage.extend(u.clone());
                }
            }
            Some(\"content_block_delta\") => {
                if let Some(text) = chunk[\"delta\"][\"text\"].as_str() {
                    print!(\"{text}\");
                }
            }
            Some(\"message_delta\") => {
                if let Some(u) = chunk[\"usage\"].as_object() {
                    usage.extend(u.clone());
                }
            }
            _ => {}
        }
    }
    let n = |key: &str| usage.get(key).and_then(serde_json::Value::as_u64).unwrap_or(0);
    println!();
    println!(
        \"input {} cache read {} cache write {} output {}\",
        n(\"input_tokens\"),
        n(\"cache_read_input_tokens\"),
        n(\"cache_creation_input_tokens\"),
        n(\"output_tokens\")
    );
    Ok(())
}
",
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conversation::{Api, Conversation};
    use crate::request_code::request_code;

    fn conversation() -> Conversation {
        let mut c = crate::request_code::fixture::conversation();
        c.inference.max_tokens = Some(512);
        c
    }

    fn code(format: CodeFormat) -> String {
        request_code(&conversation(), Api::InvokeModel, "m", "us-east-1", format)
    }

    /// The body embedded in a piece of code, read back as JSON.
    fn body_between(code: &str, start: &str, end: &str) -> Value {
        let from = code.find(start).map(|i| i + start.len()).expect(start);
        let to = from + code[from..].find(end).expect(end);
        serde_json::from_str(&code[from..to]).expect("the body is JSON")
    }

    #[test]
    fn json_is_the_invoke_model_request_with_the_anthropic_body() {
        let json: Value = serde_json::from_str(&code(CodeFormat::Json)).unwrap();
        assert_eq!(json["modelId"], "m");
        assert_eq!(json["contentType"], "application/json");
        assert_eq!(json["body"], conversation().invoke_model_body());
        assert_eq!(json["body"]["anthropic_version"], "bedrock-2023-05-31");
        assert_eq!(json["body"]["max_tokens"], 512);
        assert_eq!(json["body"]["system"][0]["cache_control"]["type"], "ephemeral");
        assert_eq!(
            json["body"]["messages"][0]["content"][0]["cache_control"]["ttl"],
            "1h"
        );
        assert!(!code(CodeFormat::Json).contains("cachePoint"));
    }

    #[test]
    fn the_cli_command_is_invoke_model_with_the_body_as_sent() {
        let cli = code(CodeFormat::AwsCli);
        assert!(cli.starts_with("printf '%s' '{"), "{cli}");
        assert!(
            cli.contains(
                "\naws bedrock-runtime invoke-model \\\n  --region 'us-east-1' \\\n  --model-id 'm'"
            ),
            "{cli}"
        );
        assert!(
            cli.contains("  --body fileb://body.json \\\n  response.json"),
            "{cli}"
        );
        // The apostrophe in the system prompt is quoted for the shell; unquoted, the body is the one sent.
        let body = body_between(&cli.replace(r"'\''", "'"), "printf '%s' '", "' > body.json\n");
        assert_eq!(body, conversation().invoke_model_body());
        assert!(!cli.contains("cachePoint") && !cli.contains("converse"), "{cli}");
    }

    #[test]
    fn boto3_streams_invoke_model_with_the_body_as_a_python_literal() {
        let py = code(CodeFormat::Boto3);
        assert!(
            py.contains("client.invoke_model_with_response_stream(\n    modelId=\"m\","),
            "{py}"
        );
        assert!(py.contains("body=json.dumps(body),"), "{py}");
        assert!(
            py.contains("\"anthropic_version\": \"bedrock-2023-05-31\","),
            "{py}"
        );
        assert!(py.contains("\"max_tokens\": 512,"), "{py}");
        assert!(py.contains("\"cache_control\": {\n"), "{py}");
        assert!(py.contains("cache_creation_input_tokens"), "{py}");
        assert!(!py.contains("converse") && !py.contains("cachePoint"), "{py}");
    }

    #[test]
    fn rust_streams_invoke_model_with_the_body_as_a_raw_string() {
        let rs = code(CodeFormat::Rust);
        assert!(
            rs.contains(".invoke_model_with_response_stream()\n        .model_id(\"m\")"),
            "{rs}"
        );
        let body = body_between(&rs, "const BODY: &str = r#\"", "\"#;");
        assert_eq!(body, conversation().invoke_model_body());
        assert!(!rs.contains("CachePointBlock"), "{rs}");
    }

    #[test]
    fn a_project_travels_in_every_format_and_the_rust_snippet_says_the_sdk_lacks_it() {
        let mut conversation = conversation();
        conversation.project = Some("proj-1".into());
        let code = |conversation: &Conversation, format, api| {
            request_code(conversation, api, "us.amazon.nova-lite-v1:0", "us-east-1", format)
        };
        for api in [Api::InvokeModel, Api::Converse] {
            let c = &conversation;
            assert!(
                code(c, CodeFormat::AwsCli, api).contains("--project-identifier 'proj-1'"),
                "{api:?}"
            );
            assert!(
                code(c, CodeFormat::Boto3, api).contains("projectIdentifier=\"proj-1\""),
                "{api:?}"
            );
            assert!(
                code(c, CodeFormat::Json, api).contains("\"projectIdentifier\": \"proj-1\""),
                "{api:?}"
            );
            assert!(
                code(c, CodeFormat::Rust, api).contains("has no projectIdentifier yet"),
                "{api:?}"
            );
        }
        conversation.project = Some("default".into());
        assert!(!code(&conversation, CodeFormat::AwsCli, Api::Converse).contains("project"));
    }

    #[test]
    fn a_service_tier_travels_as_the_header_in_every_format() {
        let mut conversation = conversation();
        conversation.service_tier = Some(ServiceTier::Priority);
        let code = |format| request_code(&conversation, Api::InvokeModel, "m", "us-east-1", format);
        assert!(code(CodeFormat::AwsCli).contains("--service-tier priority"));
        assert!(code(CodeFormat::Boto3).contains("serviceTier=\"priority\","));
        assert!(
            code(CodeFormat::Rust).contains(
                ".service_tier(aws_sdk_bedrockruntime::types::ServiceTierType::from(\"priority\"))"
            )
        );
        let json: Value = serde_json::from_str(&code(CodeFormat::Json)).unwrap();
        assert_eq!(json["serviceTier"], "priority");
        assert!(
            json["body"].get("serviceTier").is_none(),
            "not in the Anthropic body"
        );
        let converse = request_code(&conversation, Api::Converse, "m", "us-east-1", CodeFormat::AwsCli);
        assert!(
            converse.contains("--service-tier '{\"type\":\"priority\"}'"),
            "{converse}"
        );
        let converse_rust = request_code(&conversation, Api::Converse, "m", "us-east-1", CodeFormat::Rust);
        assert!(converse_rust.contains("ServiceTierType::from(\"priority\")"));
    }

    #[test]
    fn raw_strings_outlast_the_hashes_inside() {
        assert_eq!(raw_str("a"), "r#\"a\"#");
        assert_eq!(raw_str("say \"#hi\""), "r##\"say \"#hi\"\"##");
    }
}
