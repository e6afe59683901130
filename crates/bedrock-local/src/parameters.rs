//! Inference parameters as each body carries them — Converse's `inferenceConfig` and
//! `additionalModelRequestFields`, the Anthropic body's `temperature`, `top_p`, `top_k`, `max_tokens` and
//! `thinking` — and the refusals Bedrock gives for combinations a model does not take (the model's facts are in
//! [`crate::world::PARAMETER_FACTS`]), and for reasoning blocks sent back unsealed or missing from a tool loop.
//!
//! Wording. Refusals Bedrock itself words ("… for this model.") come as they are on every route. Refusals the
//! model words (Anthropic's validation: `thinking.enabled.budget_tokens: …`, `` `top_k` is not supported … ``)
//! come on Converse and InvokeModel inside Bedrock's wrapper, "The model returned the following errors:
//! <message>" (reported: anomalyco/opencode#3077 quotes a Bedrock answer wrapped so), and bare on the Messages
//! API, in Anthropic's envelope. All are ValidationExceptions (HTTP 400).

use serde_json::Value;

use crate::error::AwsError;
use crate::prompt::Prompt;
use crate::reasoning;
use crate::world::{ParameterFacts, Sampling, Thinking};

/// Anthropic's minimum thinking budget (extended-thinking documentation: "minimum budget is 1,024 tokens").
pub const MIN_THINKING_BUDGET: i64 = 1024;

/// Anthropic's `top_k` range as bedrock-local takes it (Bedrock's Claude parameters page: 0–500).
pub const MAX_TOP_K: f64 = 500.0;

/// How far a 32-bit float may stand from the decimal it was written as.
const F32_EPSILON: f64 = 1e-6;

/// The `thinking` a request asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum ThinkingRequest {
    /// `{"type": "enabled", "budget_tokens": N}` (the budget as sent, when it is a number).
    Enabled {
        budget: Option<i64>,
    },
    Adaptive,
    Disabled,
    /// Any other `type` (or none).
    Unknown(String),
}

/// The inference parameters of one request, in Anthropic's terms whatever the body.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Parameters {
    pub temperature: Option<f64>,
    pub top_p: Option<f64>,
    pub top_k: Option<f64>,
    pub max_tokens: Option<u64>,
    pub thinking: Option<ThinkingRequest>,
}

/// The route a request came by: it decides how a refusal is worded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    Converse,
    InvokeModel,
    /// Anthropic's Messages API (bedrock-runtime or bedrock-mantle).
    Messages,
}

fn thinking_request(value: &Value) -> ThinkingRequest {
    match value.get("type").and_then(Value::as_str) {
        Some("enabled") => ThinkingRequest::Enabled {
            budget: value.get("budget_tokens").and_then(Value::as_i64),
        },
        Some("adaptive") => ThinkingRequest::Adaptive,
        Some("disabled") => ThinkingRequest::Disabled,
        other => ThinkingRequest::Unknown(other.unwrap_or_default().to_owned()),
    }
}

impl Parameters {
    /// Converse: `inferenceConfig` {maxTokens, temperature, topP}; `additionalModelRequestFields` {`top_k`,
    /// `thinking`} for Claude, {`inferenceConfig`: {`topK`}} for Nova.
    pub fn from_converse(body: &Value) -> Self {
        let config = body.get("inferenceConfig");
        let number = |key: &str| config.and_then(|c| c.get(key)).and_then(Value::as_f64);
        let extra = body.get("additionalModelRequestFields");
        Self {
            temperature: number("temperature"),
            top_p: number("topP"),
            top_k: extra
                .and_then(|e| e.get("top_k"))
                .or_else(|| extra.and_then(|e| e.pointer("/inferenceConfig/topK")))
                .and_then(Value::as_f64),
            max_tokens: config.and_then(|c| c.get("maxTokens")).and_then(Value::as_u64),
            thinking: extra
                .and_then(|e| e.get("thinking"))
                .filter(|t| !t.is_null())
                .map(thinking_request),
        }
    }

    /// An Anthropic Messages body (InvokeModel or the Messages API).
    pub fn from_anthropic(body: &Value) -> Self {
        let number = |key: &str| body.get(key).and_then(Value::as_f64);
        Self {
            temperature: number("temperature"),
            top_p: number("top_p"),
            top_k: number("top_k"),
            max_tokens: body.get("max_tokens").and_then(Value::as_u64),
            thinking: body
                .get("thinking")
                .filter(|t| !t.is_null())
                .map(thinking_request),
        }
    }

    /// Whether the model is asked to think (enabled with a budget, or adaptive).
    pub fn thinking_on(&self) -> bool {
        matches!(
            self.thinking,
            Some(ThinkingRequest::Enabled { .. } | ThinkingRequest::Adaptive)
        )
    }

    /// The thinking settings as the prompt cache keys the messages by: changing them invalidates cache
    /// checkpoints in `messages` (system and tools stay cached), as Anthropic's prompt-caching documentation
    /// says of "changes to thinking parameters (enabled/disabled or budget allocation)".
    pub fn thinking_key(&self) -> String {
        match &self.thinking {
            Some(ThinkingRequest::Enabled { budget }) => format!("thinking:enabled:{budget:?}"),
            Some(ThinkingRequest::Adaptive) => "thinking:adaptive".to_owned(),
            _ => "thinking:off".to_owned(),
        }
    }
}

/// A refusal worded by the model, as the route delivers it.
pub fn model_error(route: Route, message: &str) -> AwsError {
    match route {
        Route::Converse | Route::InvokeModel => {
            AwsError::validation(format!("The model returned the following errors: {message}"))
        }
        Route::Messages => AwsError::validation(message),
    }
}

/// Refuses what the model refuses of `parameters`, in the order the README lists them: ranges, deprecated
/// parameters, `temperature` with `top_p`, thinking on a model without it, thinking's own rules.
pub fn check(
    facts: &ParameterFacts,
    claude: bool,
    parameters: &Parameters,
    route: Route,
) -> Result<(), AwsError> {
    check_ranges(claude, parameters, route)?;
    check_sampling(facts, parameters)?;
    check_thinking(facts, claude, parameters, route)
}

/// Refuses reasoning blocks the model would not take back: one whose signature does not seal its text
/// (Anthropic: "messages.1.content.0: Invalid `signature` in `thinking` block", reported in
/// lbjlaq/Antigravity-Manager#498 and others), and, with thinking on, a tool loop whose assistant message does
/// not open with its thinking (the wording reported through Bedrock in anomalyco/opencode#3077).
pub fn check_reasoning(prompt: &Prompt, route: Route) -> Result<(), AwsError> {
    for sent in &prompt.sent_reasoning {
        if !sent
            .signature
            .as_deref()
            .is_some_and(|signature| reasoning::verify(&sent.text, signature))
        {
            return Err(model_error(
                route,
                &format!(
                    "messages.{}.content.{}: Invalid `signature` in `thinking` block",
                    sent.message, sent.block
                ),
            ));
        }
    }
    if prompt.parameters.thinking_on()
        && let Some((message, first)) = prompt.tool_loop_opening
        && !matches!(first, "thinking" | "redacted_thinking")
    {
        return Err(model_error(
            route,
            &format!(
                "messages.{message}.content.0.type: Expected `thinking` or `redacted_thinking`, but found `{first}`. When `thinking` is enabled, a final `assistant` message must start with a thinking block (preceeding the lastmost set of `tool_use` and `tool_result` blocks). We recommend you include thinking blocks from previous turns. To avoid this requirement, disable `thinking`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking"
            ),
        ));
    }
    Ok(())
}

fn check_ranges(claude: bool, parameters: &Parameters, route: Route) -> Result<(), AwsError> {
    for (name, member, value) in [
        (
            "temperature",
            "inferenceConfig.temperature",
            parameters.temperature,
        ),
        ("top_p", "inferenceConfig.topP", parameters.top_p),
    ] {
        let Some(value) = value else { continue };
        if (0.0..=1.0).contains(&value) {
            continue;
        }
        return Err(match route {
            // Converse's InferenceConfiguration constrains both to [0, 1] in the service model, so AWS's
            // request validator answers.
            Route::Converse => AwsError::constraint(
                &value.to_string(),
                member,
                if value < 0.0 {
                    "Member must have value greater than or equal to 0"
                } else {
                    "Member must have value less than or equal to 1"
                },
            ),
            // Anthropic's wording (anthropics/anthropic-sdk-python#893 quotes "temperature: range: -1 or
            // 0..1"; the maintainers report the range tightened to 0..1 in 2026).
            Route::InvokeModel | Route::Messages => model_error(route, &format!("{name}: range: 0..1")),
        });
    }
    if claude
        && let Some(top_k) = parameters.top_k
        && !(0.0..=MAX_TOP_K).contains(&top_k)
    {
        // Local Bedrock's own wording, in the style of Anthropic's range errors above.
        return Err(model_error(route, "top_k: range: 0..500"));
    }
    Ok(())
}

fn check_sampling(facts: &ParameterFacts, parameters: &Parameters) -> Result<(), AwsError> {
    match facts.sampling {
        Sampling::Free => {}
        Sampling::Deprecated => {
            for (name, value) in [
                ("temperature", parameters.temperature),
                ("top_p", parameters.top_p),
                ("top_k", parameters.top_k),
            ] {
                if value.is_some() {
                    return Err(AwsError::validation(format!(
                        "`{name}` is deprecated for this model."
                    )));
                }
            }
        }
        Sampling::OneOfTemperatureTopP => {
            if parameters.temperature.is_some() && parameters.top_p.is_some() {
                // Reported: lobehub/lobehub#9523 (Sonnet 4.5 through Bedrock, a ValidationException).
                return Err(AwsError::validation(
                    "`temperature` and `top_p` cannot both be specified for this model. Please use only one.",
                ));
            }
        }
    }
    Ok(())
}

fn check_thinking(
    facts: &ParameterFacts,
    claude: bool,
    parameters: &Parameters,
    route: Route,
) -> Result<(), AwsError> {
    let Some(thinking) = &parameters.thinking else {
        return Ok(());
    };
    if facts.thinking == Thinking::None {
        // Claude models before 3.7 validate the body against a schema without `thinking`. On Converse Bedrock
        // passes the model's words on wrapped; InvokeModel answers as for any key outside the schema; the
        // Messages API as for any field it does not take. Nova (not Anthropic's schema) answers "Malformed input
        // request" on Converse too: Local Bedrock's choice, as no report of Nova's exact words was found.
        return Err(AwsError::validation(match (claude, route) {
            (true, Route::Converse) => {
                "The model returned the following errors: extraneous key [thinking] is not permitted".to_owned()
            }
            (_, Route::Messages) => "thinking: Extra inputs are not permitted".to_owned(),
            _ => "Malformed input request: #: extraneous key [thinking] is not permitted, please reformat your input and try again."
                .to_owned(),
        }));
    }
    match thinking {
        ThinkingRequest::Disabled => return Ok(()),
        ThinkingRequest::Unknown(kind) => {
            // Local Bedrock's own wording, in the style of Anthropic's tagged-union errors.
            return Err(model_error(
                route,
                &format!(
                    "thinking: Input tag '{kind}' found using 'type' does not match any of the expected tags: 'adaptive', 'disabled', 'enabled'"
                ),
            ));
        }
        ThinkingRequest::Enabled { .. } if facts.thinking == Thinking::AdaptiveOnly => {
            // Reported for Opus 4.7 by users of Bedrock and of Anthropic's API (not found in AWS's
            // documentation).
            return Err(AwsError::validation(
                "thinking.type.enabled is not supported for this model. Use thinking.type.adaptive instead.",
            ));
        }
        ThinkingRequest::Adaptive if facts.thinking == Thinking::Enabled => {
            // Local Bedrock's own wording, the mirror of the one above.
            return Err(AwsError::validation(
                "thinking.type.adaptive is not supported for this model. Use thinking.type.enabled instead.",
            ));
        }
        ThinkingRequest::Enabled { budget } => {
            let Some(budget) = budget else {
                return Err(model_error(
                    route,
                    "thinking.enabled.budget_tokens: Field required",
                ));
            };
            if *budget < MIN_THINKING_BUDGET {
                // Reported: EndemicMedia/claudecoder#5 (Bedrock).
                return Err(model_error(
                    route,
                    "thinking.enabled.budget_tokens: Input should be greater than or equal to 1024",
                ));
            }
            if let Some(max_tokens) = parameters.max_tokens
                && i64::try_from(max_tokens).unwrap_or(i64::MAX) <= *budget
            {
                return Err(model_error(
                    route,
                    "`max_tokens` must be greater than `thinking.budget_tokens`.",
                ));
            }
        }
        ThinkingRequest::Adaptive => {}
    }
    // Anthropic's extended-thinking documentation: "Thinking isn't compatible with temperature or top_k
    // modifications … you can set top_p to values between 1 and 0.95."
    if parameters.temperature.is_some_and(|t| t != 1.0) {
        return Err(model_error(
            route,
            "`temperature` may only be set to 1 when thinking is enabled or in adaptive mode.",
        ));
    }
    if parameters.top_k.is_some() {
        return Err(model_error(
            route,
            "`top_k` is not supported when thinking is enabled.",
        ));
    }
    // Converse carries `topP` as a 32-bit float, so 0.95 arrives as 0.9499999…: compared at that precision.
    if parameters
        .top_p
        .is_some_and(|p| !(0.95 - F32_EPSILON..=1.0).contains(&p))
    {
        return Err(model_error(
            route,
            "`top_p` must be greater than or equal to 0.95 or unset when thinking is enabled.",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::world::PARAMETER_FACTS;
    use serde_json::json;

    fn facts(id: &str) -> ParameterFacts {
        *PARAMETER_FACTS.iter().find(|f| f.model_id == id).unwrap()
    }

    fn refusal(id: &str, body: Value, route: Route) -> String {
        let parameters = match route {
            Route::Converse => Parameters::from_converse(&body),
            _ => Parameters::from_anthropic(&body),
        };
        check(&facts(id), true, &parameters, route).unwrap_err().message
    }

    #[test]
    fn each_rule_in_its_words() {
        let sonnet_45 = "anthropic.claude-sonnet-4-5-20250929-v1:0";
        assert_eq!(
            refusal(
                sonnet_45,
                json!({"temperature": 0.5, "top_p": 0.9}),
                Route::Messages
            ),
            "`temperature` and `top_p` cannot both be specified for this model. Please use only one."
        );
        assert_eq!(
            refusal(
                "anthropic.claude-opus-4-7",
                json!({"inferenceConfig": {"topP": 0.9}}),
                Route::Converse
            ),
            "`top_p` is deprecated for this model."
        );
        assert_eq!(
            refusal(
                sonnet_45,
                json!({"max_tokens": 2000, "thinking": {"type": "enabled", "budget_tokens": 2000}}),
                Route::InvokeModel
            ),
            "The model returned the following errors: `max_tokens` must be greater than `thinking.budget_tokens`."
        );
        assert!(
            refusal(sonnet_45, json!({"inferenceConfig": {"temperature": 1.5}}), Route::Converse)
                .ends_with("at 'inferenceConfig.temperature' failed to satisfy constraint: Member must have value less than or equal to 1")
        );
        let claude_37 = "anthropic.claude-3-7-sonnet-20250219-v1:0";
        let thinking = json!({"type": "enabled", "budget_tokens": 1024});
        assert_eq!(
            refusal(
                claude_37,
                json!({"max_tokens": 2048, "thinking": thinking, "top_p": 0.9}),
                Route::Messages
            ),
            "`top_p` must be greater than or equal to 0.95 or unset when thinking is enabled."
        );
        let fine = Parameters::from_anthropic(
            &json!({"max_tokens": 2048, "thinking": thinking, "top_p": 0.95, "temperature": 1}),
        );
        assert!(check(&facts(claude_37), true, &fine, Route::Messages).is_ok());
    }

    #[test]
    fn thinking_settings_key_the_messages() {
        let off = Parameters::default();
        let on = Parameters::from_anthropic(&json!({"thinking": {"type": "enabled", "budget_tokens": 1024}}));
        let more =
            Parameters::from_anthropic(&json!({"thinking": {"type": "enabled", "budget_tokens": 2048}}));
        assert_ne!(off.thinking_key(), on.thinking_key());
        assert_ne!(on.thinking_key(), more.thinking_key());
        let disabled = Parameters::from_anthropic(&json!({"thinking": {"type": "disabled"}}));
        assert_eq!(off.thinking_key(), disabled.thinking_key());
    }
}
