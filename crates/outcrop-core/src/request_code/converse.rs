//! Copy as code for the Converse transport: the request with its `cachePoint` blocks, as an AWS CLI
//! command, a boto3 script, Rust SDK builders or the raw JSON.

use serde_json::Value;

use super::format::CodeFormat;
use super::literal::{python, rust_str, shell_quote};
use crate::conversation::{ContentItem, Conversation, SystemItem, ToolItem};
use crate::model_facts::CacheTtl;

pub(super) fn code(conversation: &Conversation, model_id: &str, region: &str, format: CodeFormat) -> String {
    let body = conversation.converse_json(model_id);
    match format {
        CodeFormat::Json | CodeFormat::AnthropicTypescript => {
            let mut full = serde_json::Map::new();
            full.insert("modelId".into(), Value::String(model_id.into()));
            if let Value::Object(fields) = body {
                full.extend(fields);
            }
            serde_json::to_string_pretty(&Value::Object(full)).unwrap_or_default()
        }
        CodeFormat::AwsCli | CodeFormat::Curl | CodeFormat::CurlApiKey => aws_cli(&body, model_id, region),
        CodeFormat::Boto3 | CodeFormat::AnthropicPython => boto3(&body, model_id, region),
        CodeFormat::Rust => rust(conversation, model_id, region),
    }
}

fn aws_cli(body: &Value, model_id: &str, region: &str) -> String {
    let mut lines = vec![
        "aws bedrock-runtime converse".to_owned(),
        format!("  --region {}", shell_quote(region)),
        format!("  --model-id {}", shell_quote(model_id)),
    ];
    for (field, option) in [
        ("system", "--system"),
        ("messages", "--messages"),
        ("inferenceConfig", "--inference-config"),
        ("toolConfig", "--tool-config"),
        (
            "additionalModelRequestFields",
            "--additional-model-request-fields",
        ),
        ("serviceTier", "--service-tier"),
    ] {
        if let Some(value) = body.get(field) {
            lines.push(format!("  {option} {}", shell_quote(&value.to_string())));
        }
    }
    if let Some(project) = body.get("projectIdentifier").and_then(Value::as_str) {
        lines.push(format!("  --project-identifier {}", shell_quote(project)));
    }
    lines.join(" \\\n")
}

fn boto3(body: &Value, model_id: &str, region: &str) -> String {
    // Documents travel as bytes: boto3 takes raw bytes where the JSON has base64.
    let mut body = body.clone();
    let mut documents = Vec::new();
    if let Some(messages) = body.get_mut("messages").and_then(Value::as_array_mut) {
        for message in messages {
            if let Some(content) = message.get_mut("content").and_then(Value::as_array_mut) {
                for block in content {
                    let source = match block.pointer("/image/source") {
                        Some(_) => block.pointer_mut("/image/source"),
                        None => block.pointer_mut("/document/source"),
                    };
                    if let Some(source) = source
                        && let Some(Value::String(b64)) = source.get("bytes").cloned()
                    {
                        let name = format!("DOCUMENT_{}", documents.len() + 1);
                        source["bytes"] = Value::String(format!("@@{name}@@"));
                        documents.push((name, b64));
                    }
                }
            }
        }
    }
    let mut out = String::from("import base64\n\nimport boto3\n\n");
    out.push_str(&format!(
        "client = boto3.client(\"bedrock-runtime\", region_name={})\n\n",
        Value::String(region.into())
    ));
    for (name, b64) in &documents {
        out.push_str(&format!("{name} = base64.b64decode(\"{b64}\")\n"));
    }
    if !documents.is_empty() {
        out.push('\n');
    }
    out.push_str("response = client.converse(\n");
    out.push_str(&format!("    modelId={},\n", Value::String(model_id.into())));
    if let Value::Object(fields) = &body {
        for (key, value) in fields {
            let mut literal = String::new();
            python(value, 1, &mut literal);
            out.push_str(&format!("    {key}={literal},\n"));
        }
    }
    out.push_str(")\n\n");
    out.push_str("usage = response[\"usage\"]\n");
    out.push_str("print(response[\"output\"][\"message\"][\"content\"][0][\"text\"])\n");
    out.push_str(
        "print(\"input\", usage[\"inputTokens\"], \"cache read\", usage.get(\"cacheReadInputTokens\", 0),\n      \"cache write\", usage.get(\"cacheWriteInputTokens\", 0), \"output\", usage[\"outputTokens\"])\n",
    );
    for (name, _) in &documents {
        out = out.replace(&format!("\"@@{name}@@\""), name);
    }
    out
}

fn rust_cache_point(ttl: CacheTtl) -> String {
    let ttl = match ttl {
        CacheTtl::FiveMinutes => String::new(),
        CacheTtl::OneHour => ".ttl(CacheTtl::OneHour)".into(),
    };
    format!("CachePointBlock::builder().r#type(CachePointType::Default){ttl}.build()?")
}

fn rust(conversation: &Conversation, model_id: &str, region: &str) -> String {
    let mut out = String::new();
    out.push_str(
        "// Cargo.toml: aws-config, aws-sdk-bedrockruntime, aws-smithy-types, serde_json, tokio (features \"full\")\n",
    );
    out.push_str("use aws_config::{BehaviorVersion, Region};\n");
    out.push_str("use aws_sdk_bedrockruntime::primitives::Blob;\n");
    out.push_str("use aws_sdk_bedrockruntime::types::*;\n");
    out.push_str("use aws_smithy_types::Document;\n\n");
    out.push_str("/// JSON as the SDK's Document (tool schemas and inputs).\n");
    out.push_str("fn document(value: serde_json::Value) -> Document {\n");
    out.push_str("    match value {\n");
    out.push_str("        serde_json::Value::Null => Document::Null,\n");
    out.push_str("        serde_json::Value::Bool(b) => Document::Bool(b),\n");
    out.push_str("        serde_json::Value::Number(n) => match n.as_u64() {\n");
    out.push_str("            Some(u) => Document::from(u),\n");
    out.push_str("            None => Document::from(n.as_f64().unwrap_or_default()),\n");
    out.push_str("        },\n");
    out.push_str("        serde_json::Value::String(s) => Document::String(s),\n");
    out.push_str(
        "        serde_json::Value::Array(a) => Document::Array(a.into_iter().map(document).collect()),\n",
    );
    out.push_str(
        "        serde_json::Value::Object(o) => Document::Object(o.into_iter().map(|(k, v)| (k, document(v))).collect()),\n",
    );
    out.push_str("    }\n}\n\n");
    out.push_str("#[tokio::main]\nasync fn main() -> Result<(), Box<dyn std::error::Error>> {\n");
    out.push_str(&format!(
        "    let config = aws_config::defaults(BehaviorVersion::latest())\n        .region(Region::new({}))\n        .load()\n        .await;\n",
        rust_str(region)
    ));
    out.push_str("    let client = aws_sdk_bedrockruntime::Client::new(&config);\n\n");
    out.push_str(&format!(
        "    let request = client\n        .converse()\n        .model_id({})\n",
        rust_str(model_id)
    ));
    for item in &conversation.system {
        match item {
            SystemItem::Text { text } => out.push_str(&format!(
                "        .system(SystemContentBlock::Text({}.into()))\n",
                rust_str(text)
            )),
            SystemItem::CachePoint { ttl } => out.push_str(&format!(
                "        .system(SystemContentBlock::CachePoint({}))\n",
                rust_cache_point(*ttl)
            )),
        }
    }
    for message in &conversation.messages {
        let role = match message.role {
            crate::conversation::Role::User => "ConversationRole::User",
            crate::conversation::Role::Assistant => "ConversationRole::Assistant",
        };
        out.push_str(&format!(
            "        .messages(\n            Message::builder()\n                .role({role})\n"
        ));
        for item in &message.content {
            let block = match item {
                ContentItem::Text { text } => format!("ContentBlock::Text({}.into())", rust_str(text)),
                ContentItem::Document { name, format, text } => format!(
                    "ContentBlock::Document(DocumentBlock::builder().name({}).format(DocumentFormat::from({})).source(DocumentSource::Bytes(Blob::new({}))).build()?)",
                    rust_str(name),
                    rust_str(format.as_str()),
                    rust_str(text)
                ),
                ContentItem::Image { format, data, .. } => format!(
                    "ContentBlock::Image(ImageBlock::builder().format(ImageFormat::from({})).source(ImageSource::Bytes(Blob::new(aws_smithy_types::base64::decode({})?))).build()?)",
                    rust_str(format.as_str()),
                    rust_str(data)
                ),
                ContentItem::ToolUse {
                    tool_use_id,
                    name,
                    input,
                } => format!(
                    "ContentBlock::ToolUse(ToolUseBlock::builder().tool_use_id({}).name({}).input(document(serde_json::from_str({})?)).build()?)",
                    rust_str(tool_use_id),
                    rust_str(name),
                    rust_str(input)
                ),
                ContentItem::ToolResult { tool_use_id, text } => format!(
                    "ContentBlock::ToolResult(ToolResultBlock::builder().tool_use_id({}).content(ToolResultContentBlock::Text({}.into())).build()?)",
                    rust_str(tool_use_id),
                    rust_str(text)
                ),
                ContentItem::Reasoning { text, signature } => format!(
                    "ContentBlock::ReasoningContent(ReasoningContentBlock::ReasoningText(ReasoningTextBlock::builder().text({}){}.build()?))",
                    rust_str(text),
                    signature
                        .as_ref()
                        .map(|s| format!(".signature({})", rust_str(s)))
                        .unwrap_or_default()
                ),
                ContentItem::CachePoint { ttl } => {
                    format!("ContentBlock::CachePoint({})", rust_cache_point(*ttl))
                }
            };
            out.push_str(&format!("                .content({block})\n"));
        }
        out.push_str("                .build()?,\n        )\n");
    }
    let p = &conversation.inference;
    if p.max_tokens.is_some() || p.temperature.is_some() || p.top_p.is_some() || !p.stop_sequences.is_empty()
    {
        out.push_str("        .inference_config(\n            InferenceConfiguration::builder()\n");
        if let Some(v) = p.max_tokens {
            out.push_str(&format!("                .max_tokens({v})\n"));
        }
        if let Some(v) = p.temperature {
            out.push_str(&format!("                .temperature({v:?})\n"));
        }
        if let Some(v) = p.top_p {
            out.push_str(&format!("                .top_p({v:?})\n"));
        }
        for s in &p.stop_sequences {
            out.push_str(&format!("                .stop_sequences({})\n", rust_str(s)));
        }
        out.push_str("                .build(),\n        )\n");
    }
    if !conversation.tools.is_empty() {
        out.push_str("        .tool_config(\n            ToolConfiguration::builder()\n");
        for item in &conversation.tools {
            match item {
                ToolItem::Tool {
                    name,
                    description,
                    input_schema,
                } => out.push_str(&format!(
                    "                .tools(Tool::ToolSpec(ToolSpecification::builder().name({}).description({}).input_schema(ToolInputSchema::Json(document(serde_json::from_str({})?))).build()?))\n",
                    rust_str(name),
                    rust_str(description),
                    rust_str(input_schema)
                )),
                ToolItem::CachePoint { ttl } => {
                    out.push_str(&format!("                .tools(Tool::CachePoint({}))\n", rust_cache_point(*ttl)))
                }
            }
        }
        out.push_str("                .build()?,\n        )\n");
    }
    if let Some(fields) = p.additional_model_request_fields(model_id) {
        out.push_str(&format!(
            "        .additional_model_request_fields(document(serde_json::from_str({})?))\n",
            rust_str(&fields.to_string())
        ));
    }
    if let Some(tier) = conversation.service_tier {
        out.push_str(&format!(
            "        .service_tier(ServiceTier::builder().r#type(ServiceTierType::from({})).build()?)\n",
            rust_str(tier.as_str())
        ));
    }
    if let Some(project) = conversation.named_project() {
        out.push_str(&format!(
            "        // Under project {}: the AWS SDK for Rust has no projectIdentifier yet (boto3 and the AWS CLI do).\n",
            rust_str(project)
        ));
    }
    out.push_str("        ;\n    let response = request.send().await?;\n");
    out.push_str("    if let Some(usage) = response.usage() {\n");
    out.push_str("        println!(\n            \"input {} cache read {} cache write {} output {}\",\n");
    out.push_str(
        "            usage.input_tokens(),\n            usage.cache_read_input_tokens().unwrap_or(0),\n",
    );
    out.push_str("            usage.cache_write_input_tokens().unwrap_or(0),\n            usage.output_tokens()\n        );\n    }\n");
    out.push_str("    Ok(())\n}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conversation::Api;
    use crate::request_code::fixture::conversation;
    use crate::request_code::request_code;

    #[test]
    fn the_cli_command_keeps_cache_points_and_quotes_apostrophes() {
        let cli = request_code(
            &conversation(),
            Api::Converse,
            "us.anthropic.claude-3-7-sonnet-20250219-v1:0",
            "us-east-1",
            CodeFormat::AwsCli,
        );
        assert!(
            cli.starts_with("aws bedrock-runtime converse \\\n  --region 'us-east-1'"),
            "{cli}"
        );
        assert!(
            cli.contains(
                r#"--system '[{"text":"It'\''s a handbook bot."},{"cachePoint":{"type":"default"}}]'"#
            ),
            "{cli}"
        );
        assert!(
            cli.contains(r#"{"cachePoint":{"ttl":"1h","type":"default"}}"#),
            "{cli}"
        );
    }

    #[test]
    fn boto3_is_python_with_bytes_for_documents() {
        let py = request_code(
            &conversation(),
            Api::Converse,
            "us.anthropic.claude-3-7-sonnet-20250219-v1:0",
            "us-east-1",
            CodeFormat::Boto3,
        );
        assert!(
            py.contains("client = boto3.client(\"bedrock-runtime\", region_name=\"us-east-1\")"),
            "{py}"
        );
        assert!(
            py.contains("DOCUMENT_1 = base64.b64decode(\"Q2hhcHRlciBvbmUu\")"),
            "{py}"
        );
        assert!(py.contains("\"bytes\": DOCUMENT_1,"), "{py}");
        assert!(py.contains("\"cachePoint\": {\n"), "{py}");
        assert!(!py.contains("true") && !py.contains("null"), "{py}");
    }

    #[test]
    fn rust_uses_the_sdk_builders() {
        let rs = request_code(&conversation(), Api::Converse, "m", "us-east-1", CodeFormat::Rust);
        assert!(rs.contains(".system(SystemContentBlock::CachePoint(CachePointBlock::builder().r#type(CachePointType::Default).build()?))"), "{rs}");
        assert!(rs.contains("ContentBlock::CachePoint(CachePointBlock::builder().r#type(CachePointType::Default).ttl(CacheTtl::OneHour).build()?)"), "{rs}");
        assert!(rs.contains(".model_id(\"m\")"));
    }

    #[test]
    fn json_is_the_request_with_its_model() {
        let json: Value = serde_json::from_str(&request_code(
            &conversation(),
            Api::Converse,
            "m",
            "r",
            CodeFormat::Json,
        ))
        .unwrap();
        assert_eq!(json["modelId"], "m");
        assert_eq!(json["system"][1]["cachePoint"]["type"], "default");
    }
}
