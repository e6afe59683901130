//! Copy as code for Anthropic's Messages API (`POST /anthropic/v1/messages`) on the connection's endpoint,
//! bedrock-runtime or bedrock-mantle: the body as the playground sends it (the model in the body — on
//! bedrock-mantle without a profile prefix —, `cache_control` on the block before each cache point), as `curl`
//! signed with SigV4 (`--aws-sigv4`, the endpoint's signing name) or sending a Bedrock API key, as Python or
//! TypeScript with Anthropic's SDK pointed at the route, or as JSON (URL, headers, body).
//!
//! The route takes the version as the `anthropic-version` header (`2023-06-01`), and the service tier as
//! `X-Amzn-Bedrock-Service-Tier`.

use serde_json::{Value, json};

use super::format::CodeFormat;
use super::literal::{python, shell_quote};
use crate::conversation::Conversation;
use crate::messages_endpoint::MessagesEndpoint;
use crate::model_facts::ServiceTier;

/// The `anthropic-version` the playground sends on this route.
pub const MESSAGES_API_VERSION: &str = "2023-06-01";

/// The route on bedrock-runtime in `region`.
pub fn messages_api_url(region: &str) -> String {
    MessagesEndpoint::Runtime.messages_url(region)
}

/// Where the request goes: the endpoint, in a Region.
#[derive(Debug, Clone, Copy)]
struct At<'a> {
    endpoint: MessagesEndpoint,
    region: &'a str,
}

/// `model_id` is the ID the body names, as the endpoint takes it (see [`MessagesEndpoint::model_id`]).
pub(super) fn code(
    conversation: &Conversation,
    model_id: &str,
    region: &str,
    endpoint: MessagesEndpoint,
    format: CodeFormat,
) -> String {
    let tier = conversation.service_tier;
    let at = At { endpoint, region };
    match format {
        CodeFormat::Curl => curl(&conversation.messages_api_body(model_id, false), tier, at, false),
        CodeFormat::CurlApiKey => curl(&conversation.messages_api_body(model_id, false), tier, at, true),
        CodeFormat::AnthropicPython | CodeFormat::Boto3 => {
            anthropic_python(&conversation.messages_api_body(model_id, false), tier, at)
        }
        CodeFormat::AnthropicTypescript => {
            anthropic_typescript(&conversation.messages_api_body(model_id, false), tier, at)
        }
        CodeFormat::Json | CodeFormat::AwsCli | CodeFormat::Rust => {
            json(&conversation.messages_api_body(model_id, true), tier, at)
        }
    }
}

fn json(body: &Value, tier: Option<ServiceTier>, at: At<'_>) -> String {
    let mut headers = json!({
        "content-type": "application/json",
        "anthropic-version": MESSAGES_API_VERSION,
    });
    if let Some(tier) = tier {
        headers["x-amzn-bedrock-service-tier"] = json!(tier.as_str());
    }
    let request = json!({
        "method": "POST",
        "url": at.endpoint.messages_url(at.region),
        "headers": headers,
        "body": body,
    });
    serde_json::to_string_pretty(&request).unwrap_or_default()
}

/// curl 7.75+ signs with `--aws-sigv4`; the session token, when there is one, goes in its own header.
fn curl(body: &Value, tier: Option<ServiceTier>, at: At<'_>, api_key: bool) -> String {
    let At { endpoint, region } = at;
    let mut lines = vec![format!(
        "curl -sS {}",
        shell_quote(&endpoint.messages_url(region))
    )];
    if api_key {
        lines.push("  -H \"Authorization: Bearer $AWS_BEARER_TOKEN_BEDROCK\"".to_owned());
    } else {
        lines.push(format!(
            "  --aws-sigv4 {}",
            shell_quote(&format!("aws:amz:{region}:{}", endpoint.signing_name()))
        ));
        lines.push("  --user \"$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY\"".to_owned());
        lines.push("  ${AWS_SESSION_TOKEN:+-H \"x-amz-security-token: $AWS_SESSION_TOKEN\"}".to_owned());
    }
    lines.push("  -H 'content-type: application/json'".to_owned());
    lines.push(format!("  -H 'anthropic-version: {MESSAGES_API_VERSION}'"));
    if let Some(tier) = tier {
        lines.push(format!("  -H 'x-amzn-bedrock-service-tier: {}'", tier.as_str()));
    }
    lines.push(format!("  -d {}", shell_quote(&body.to_string())));
    lines.join(" \\\n")
}

/// Anthropic's Python SDK at the route (`base_url` ends at `/anthropic`), authenticated with a Bedrock API key.
fn anthropic_python(body: &Value, tier: Option<ServiceTier>, at: At<'_>) -> String {
    let base = at.endpoint.sdk_base_url(at.region);
    let mut arguments = body.clone();
    let mut out = String::from("import os\n\nimport anthropic\n\n");
    out.push_str("# A Bedrock API key (AWS_BEARER_TOKEN_BEDROCK) authenticates this route.\n");
    out.push_str(&format!(
        "client = anthropic.Anthropic(\n    base_url={},\n    api_key=os.environ[\"AWS_BEARER_TOKEN_BEDROCK\"],\n)\n\n",
        Value::String(base)
    ));
    out.push_str("message = client.messages.create(\n");
    if let Value::Object(fields) = &mut arguments {
        for (key, value) in fields.iter() {
            let mut literal = String::new();
            python(value, 1, &mut literal);
            out.push_str(&format!("    {key}={literal},\n"));
        }
    }
    if let Some(tier) = tier {
        out.push_str(&format!(
            "    extra_headers={{\"x-amzn-bedrock-service-tier\": \"{}\"}},\n",
            tier.as_str()
        ));
    }
    out.push_str(")\n\n");
    out.push_str("print(\"\".join(block.text for block in message.content if block.type == \"text\"))\n");
    out.push_str("u = message.usage\n");
    out.push_str(
        "print(\"input\", u.input_tokens, \"cache read\", u.cache_read_input_tokens or 0,\n      \"cache write\", u.cache_creation_input_tokens or 0, \"output\", u.output_tokens)\n",
    );
    out
}

/// Anthropic's TypeScript SDK at the route, authenticated with a Bedrock API key.
fn anthropic_typescript(body: &Value, tier: Option<ServiceTier>, at: At<'_>) -> String {
    let base = at.endpoint.sdk_base_url(at.region);
    let pretty = serde_json::to_string_pretty(body).unwrap_or_default();
    let mut out =
        String::from("// npm install @anthropic-ai/sdk\nimport Anthropic from \"@anthropic-ai/sdk\";\n\n");
    out.push_str("// A Bedrock API key (AWS_BEARER_TOKEN_BEDROCK) authenticates this route.\n");
    out.push_str(&format!(
        "const client = new Anthropic({{\n  baseURL: {},\n  apiKey: process.env.AWS_BEARER_TOKEN_BEDROCK,\n}});\n\n",
        Value::String(base)
    ));
    let options = tier
        .map(|t| {
            format!(
                ", {{ headers: {{ \"x-amzn-bedrock-service-tier\": \"{}\" }} }}",
                t.as_str()
            )
        })
        .unwrap_or_default();
    out.push_str(&format!(
        "const message = await client.messages.create({pretty}{options});\n\n"
    ));
    out.push_str(
        "console.log(message.content.filter((b) => b.type === \"text\").map((b) => b.text).join(\"\"));\n",
    );
    out.push_str("console.log(message.usage);\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conversation::Api;
    use crate::request_code::fixture::conversation;
    use crate::request_code::request_code;

    fn code(format: CodeFormat) -> String {
        request_code(
            &conversation(),
            Api::Messages,
            "us.anthropic.claude-opus-4-7",
            "us-east-1",
            format,
        )
    }

    #[test]
    fn curl_signs_with_sigv4_or_sends_an_api_key_and_posts_the_body_as_sent() {
        let signed = code(CodeFormat::Curl);
        assert!(
            signed.starts_with(
                "curl -sS 'https://bedrock-runtime.us-east-1.amazonaws.com/anthropic/v1/messages'"
            )
        );
        assert!(signed.contains("--aws-sigv4 'aws:amz:us-east-1:bedrock'"));
        assert!(signed.contains("anthropic-version: 2023-06-01"));
        let body_start = signed.find("-d '").unwrap() + 4;
        let quoted = signed[body_start..]
            .strip_suffix('\'')
            .unwrap()
            .replace("'\\''", "'");
        let body: Value = serde_json::from_str(&quoted).unwrap();
        assert_eq!(
            body,
            conversation().messages_api_body("us.anthropic.claude-opus-4-7", false)
        );
        let keyed = code(CodeFormat::CurlApiKey);
        assert!(
            keyed.contains("Authorization: Bearer $AWS_BEARER_TOKEN_BEDROCK")
                && !keyed.contains("--aws-sigv4")
        );
    }

    #[test]
    fn the_sdks_point_at_the_route_and_keep_the_cache_points() {
        let py = code(CodeFormat::AnthropicPython);
        assert!(py.contains("base_url=\"https://bedrock-runtime.us-east-1.amazonaws.com/anthropic\""));
        assert!(py.contains("model=\"us.anthropic.claude-opus-4-7\""));
        assert!(py.contains("\"cache_control\": {"));
        let ts = code(CodeFormat::AnthropicTypescript);
        assert!(ts.contains("baseURL: \"https://bedrock-runtime.us-east-1.amazonaws.com/anthropic\""));
        assert!(ts.contains("\"cache_control\""));
        let json: Value = serde_json::from_str(&code(CodeFormat::Json)).unwrap();
        assert_eq!(json["headers"]["anthropic-version"], "2023-06-01");
        assert_eq!(
            json["body"]["stream"], true,
            "the JSON is the request the playground streams"
        );
    }

    #[test]
    fn a_service_tier_is_a_header_on_this_route() {
        let mut c = conversation();
        c.service_tier = Some(ServiceTier::Priority);
        let code = |f| request_code(&c, Api::Messages, "m", "us-east-1", f);
        assert!(code(CodeFormat::Curl).contains("x-amzn-bedrock-service-tier: priority"));
        assert!(
            code(CodeFormat::AnthropicPython)
                .contains("extra_headers={\"x-amzn-bedrock-service-tier\": \"priority\"}")
        );
        let json: Value = serde_json::from_str(&code(CodeFormat::Json)).unwrap();
        assert_eq!(json["headers"]["x-amzn-bedrock-service-tier"], "priority");
        assert!(json["body"].get("serviceTier").is_none());
    }

    #[test]
    fn automatic_placement_reaches_every_copy_as_the_top_level_cache_control() {
        let mut c = conversation();
        c.automatic_cache = Some(crate::model_facts::CacheTtl::OneHour);
        let code = |f| request_code(&c, Api::Messages, "m", "us-east-1", f);
        assert!(code(CodeFormat::AnthropicPython).contains(
            "    cache_control={\n        \"ttl\": \"1h\",\n        \"type\": \"ephemeral\",\n    },\n"
        ));
        assert!(
            code(CodeFormat::AnthropicTypescript).contains("\n  \"cache_control\": {\n    \"ttl\": \"1h\"")
        );
        assert!(
            code(CodeFormat::Curl)
                .contains("\"cache_control\":{\"ttl\":\"1h\",\"type\":\"ephemeral\"},\"max_tokens\"")
        );
        let json: Value = serde_json::from_str(&code(CodeFormat::Json)).unwrap();
        assert_eq!(json["body"]["cache_control"]["ttl"], "1h");
    }

    #[test]
    fn on_bedrock_mantle_the_code_signs_for_it_points_at_it_and_names_the_bare_model() {
        use crate::request_code::request_code_at;
        let bare = MessagesEndpoint::Mantle
            .model_id("us.anthropic.claude-opus-4-7", Some("anthropic.claude-opus-4-7"));
        let code = |format| {
            request_code_at(
                &conversation(),
                Api::Messages,
                bare,
                "eu-west-1",
                MessagesEndpoint::Mantle,
                format,
            )
        };
        let signed = code(CodeFormat::Curl);
        assert!(
            signed.starts_with("curl -sS 'https://bedrock-mantle.eu-west-1.api.aws/anthropic/v1/messages'"),
            "{signed}"
        );
        assert!(
            signed.contains("--aws-sigv4 'aws:amz:eu-west-1:bedrock-mantle'"),
            "{signed}"
        );
        assert!(
            signed.contains(r#""model":"anthropic.claude-opus-4-7""#),
            "{signed}"
        );
        assert!(!signed.contains("us.anthropic"), "{signed}");
        let keyed = code(CodeFormat::CurlApiKey);
        assert!(
            keyed.starts_with("curl -sS 'https://bedrock-mantle.eu-west-1.api.aws/anthropic/v1/messages'")
        );
        assert!(keyed.contains("Authorization: Bearer $AWS_BEARER_TOKEN_BEDROCK"));
        let py = code(CodeFormat::AnthropicPython);
        assert!(
            py.contains("base_url=\"https://bedrock-mantle.eu-west-1.api.aws/anthropic\""),
            "{py}"
        );
        assert!(py.contains("model=\"anthropic.claude-opus-4-7\""), "{py}");
        let ts = code(CodeFormat::AnthropicTypescript);
        assert!(
            ts.contains("baseURL: \"https://bedrock-mantle.eu-west-1.api.aws/anthropic\""),
            "{ts}"
        );
        let json: Value = serde_json::from_str(&code(CodeFormat::Json)).unwrap();
        assert_eq!(
            json["url"],
            "https://bedrock-mantle.eu-west-1.api.aws/anthropic/v1/messages"
        );
        assert_eq!(json["body"]["model"], "anthropic.claude-opus-4-7");
    }

    #[test]
    fn on_bedrock_runtime_the_code_is_what_it_always_was() {
        let signed = code(CodeFormat::Curl);
        let expected_head = "curl -sS 'https://bedrock-runtime.us-east-1.amazonaws.com/anthropic/v1/messages' \\\n  --aws-sigv4 'aws:amz:us-east-1:bedrock' \\\n  --user \"$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY\" \\\n";
        assert!(signed.starts_with(expected_head), "{signed}");
        let json: Value = serde_json::from_str(&code(CodeFormat::Json)).unwrap();
        assert_eq!(
            json["url"],
            "https://bedrock-runtime.us-east-1.amazonaws.com/anthropic/v1/messages"
        );
        assert_eq!(json["body"]["model"], "us.anthropic.claude-opus-4-7");
    }
}
