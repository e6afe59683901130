//! Inference parameters: the rules every model applies to them, the rules a model's facts add, and where the
//! ones Converse has no `inferenceConfig` field for go (`additionalModelRequestFields`, per model family).

use serde_json::{Map, Value, json};

use super::model::{InferenceParams, Thinking};
use crate::connection_input::{FieldError, Rule};
use crate::model_facts::{ModelFacts, SamplingParam};

/// The largest `top_k` Claude takes on Bedrock (AWS, Anthropic Claude Messages API request parameters: 0–500).
pub const MAX_TOP_K: u32 = 500;

/// The smallest thinking budget (AWS, extended thinking: "The minimum budget_tokens is 1,024 tokens").
pub const MIN_THINKING_BUDGET: u32 = 1024;

/// `top_p` with thinking on is from this to 1 (Anthropic, extended thinking: "you can set top_p to values between
/// 0.95 and 1").
pub const MIN_TOP_P_WITH_THINKING: f32 = 0.95;

/// The field of a thinking budget.
pub const THINKING_BUDGET_FIELD: &str = "inference.thinking.budgetTokens";

impl InferenceParams {
    /// Rules every model applies: ranges, and what thinking allows beside it.
    pub(super) fn problems(&self) -> Vec<FieldError> {
        let mut problems = Vec::new();
        if let Some(k) = self.top_k
            && !(1..=MAX_TOP_K).contains(&k)
        {
            problems.push(FieldError::new(
                SamplingParam::TopK.field(),
                Rule::TopKRange { max: MAX_TOP_K },
                format!("Top K is a whole number from 1 to {MAX_TOP_K}."),
            ));
        }
        let Some(thinking) = self.thinking else {
            return problems;
        };
        if let Thinking::Enabled { budget_tokens } = thinking {
            if budget_tokens < MIN_THINKING_BUDGET {
                problems.push(FieldError::new(
                    THINKING_BUDGET_FIELD,
                    Rule::ThinkingBudgetTooSmall {
                        min: MIN_THINKING_BUDGET,
                    },
                    format!("A thinking budget is at least {MIN_THINKING_BUDGET} tokens."),
                ));
            } else if self.max_tokens.is_none_or(|max| budget_tokens >= max) {
                problems.push(FieldError::new(
                    THINKING_BUDGET_FIELD,
                    Rule::ThinkingBudgetNotBelowMaxTokens {
                        budget_tokens,
                        max_tokens: self.max_tokens,
                    },
                    "The thinking budget must be below max tokens; set max tokens above it.".to_owned(),
                ));
            }
        }
        let mut with_thinking = |param: SamplingParam| {
            problems.push(FieldError::new(
                param.field(),
                Rule::SamplingWithThinking { param },
                "With thinking on, temperature and top K stay at their defaults and top P is from 0.95 to 1."
                    .to_owned(),
            ));
        };
        if self.temperature.is_some_and(|t| (t - 1.0).abs() > f32::EPSILON) {
            with_thinking(SamplingParam::Temperature);
        }
        if self
            .top_p
            .is_some_and(|p| !(MIN_TOP_P_WITH_THINKING..=1.0).contains(&p))
        {
            with_thinking(SamplingParam::TopP);
        }
        if self.top_k.is_some() {
            with_thinking(SamplingParam::TopK);
        }
        problems
    }

    /// What the model's facts refuse: a sampling parameter it does not take, `temperature` with `top_p` where it
    /// takes one of them, a thinking mode it does not have. Unknown facts refuse nothing.
    pub fn model_problems(&self, facts: &ModelFacts) -> Vec<FieldError> {
        let mut problems = Vec::new();
        let Some(params) = &facts.parameters else {
            return problems;
        };
        let model = &facts.name;
        let set = [
            (SamplingParam::Temperature, self.temperature.is_some()),
            (SamplingParam::TopP, self.top_p.is_some()),
            (SamplingParam::TopK, self.top_k.is_some()),
        ];
        for (param, is_set) in set {
            if is_set && params.refused.contains(&param) {
                problems.push(FieldError::new(
                    param.field(),
                    Rule::ParameterRefused {
                        param,
                        model: model.clone(),
                    },
                    format!("{model} does not take {param:?}; leave it at the model's default."),
                ));
            }
        }
        let both = self.temperature.is_some() && self.top_p.is_some();
        let refused = |p| params.refused.contains(&p);
        if both
            && params.temperature_or_top_p
            && !refused(SamplingParam::Temperature)
            && !refused(SamplingParam::TopP)
        {
            problems.push(FieldError::new(
                SamplingParam::TopP.field(),
                Rule::TemperatureOrTopP { model: model.clone() },
                format!("{model} takes temperature or top P, not both; clear one of them."),
            ));
        }
        if let Some(thinking) = self.thinking
            && !params.thinking.contains(&thinking.mode())
        {
            problems.push(FieldError::new(
                "inference.thinking",
                Rule::ThinkingNotOffered {
                    mode: thinking.mode(),
                    model: model.clone(),
                    offered: params.thinking.clone(),
                },
                format!("{model} does not offer {:?} thinking.", thinking.mode()),
            ));
        }
        problems
    }

    /// Converse's `additionalModelRequestFields` for `model_id`: `top_k` and `thinking` for Claude,
    /// `inferenceConfig.topK` for Amazon Nova (Nova user guide, "Using the Converse API"). `None` when there is
    /// nothing to add.
    pub fn additional_model_request_fields(&self, model_id: &str) -> Option<Value> {
        let mut fields = Map::new();
        let nova = model_id.contains("amazon.nova");
        if let Some(k) = self.top_k {
            if nova {
                fields.insert("inferenceConfig".into(), json!({ "topK": k }));
            } else {
                fields.insert("top_k".into(), json!(k));
            }
        }
        if let Some(thinking) = self.thinking {
            fields.insert("thinking".into(), thinking.wire());
        }
        (!fields.is_empty()).then_some(Value::Object(fields))
    }

    /// The thinking configuration as part of a prefix's identity: changing it (on, off, another budget) makes
    /// cache points in `messages` write again, while `tools` and `system` stay cached (Anthropic, prompt caching
    /// with thinking: "changes to thinking parameters invalidate message cache breakpoints").
    pub fn thinking_label(&self) -> Option<String> {
        self.thinking.map(|t| match t {
            Thinking::Enabled { budget_tokens } => format!("thinking:enabled:{budget_tokens}"),
            Thinking::Adaptive => "thinking:adaptive".to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ModelFactsTable;

    fn rules(problems: Vec<FieldError>) -> Vec<(String, Rule)> {
        problems.into_iter().map(|p| (p.field, p.rule)).collect()
    }

    fn facts(id: &str) -> ModelFacts {
        ModelFactsTable::bundled().lookup(id).cloned().unwrap()
    }

    #[test]
    fn thinking_needs_a_budget_of_at_least_1024_below_max_tokens() {
        let mut p = InferenceParams {
            thinking: Some(Thinking::Enabled { budget_tokens: 1000 }),
            max_tokens: Some(4000),
            ..InferenceParams::default()
        };
        assert_eq!(
            rules(p.problems()),
            [(
                THINKING_BUDGET_FIELD.to_owned(),
                Rule::ThinkingBudgetTooSmall { min: 1024 }
            )]
        );
        p.thinking = Some(Thinking::Enabled { budget_tokens: 4000 });
        assert_eq!(
            rules(p.problems()),
            [(
                THINKING_BUDGET_FIELD.to_owned(),
                Rule::ThinkingBudgetNotBelowMaxTokens {
                    budget_tokens: 4000,
                    max_tokens: Some(4000)
                }
            )]
        );
        p.max_tokens = None;
        assert!(matches!(
            rules(p.problems())[0].1,
            Rule::ThinkingBudgetNotBelowMaxTokens { max_tokens: None, .. }
        ));
        p.max_tokens = Some(4001);
        assert!(p.problems().is_empty());
    }

    #[test]
    fn thinking_leaves_temperature_and_top_k_at_their_defaults_and_top_p_from_0_95() {
        let p = InferenceParams {
            thinking: Some(Thinking::Adaptive),
            temperature: Some(0.5),
            top_p: Some(0.9),
            top_k: Some(40),
            ..InferenceParams::default()
        };
        let fields: Vec<_> = rules(p.problems()).into_iter().map(|(f, _)| f).collect();
        assert_eq!(
            fields,
            ["inference.temperature", "inference.topP", "inference.topK"]
        );
        let p = InferenceParams {
            thinking: Some(Thinking::Adaptive),
            temperature: Some(1.0),
            top_p: Some(0.95),
            ..InferenceParams::default()
        };
        assert!(p.problems().is_empty());
    }

    #[test]
    fn top_k_is_from_1_to_500() {
        for (k, ok) in [(0, false), (1, true), (500, true), (501, false)] {
            let p = InferenceParams {
                top_k: Some(k),
                ..InferenceParams::default()
            };
            assert_eq!(p.problems().is_empty(), ok, "top_k {k}");
        }
    }

    #[test]
    fn the_model_facts_refuse_what_each_model_refuses() {
        let opus_4_7 = facts("anthropic.claude-opus-4-7");
        let p = InferenceParams {
            temperature: Some(0.2),
            ..InferenceParams::default()
        };
        assert_eq!(
            rules(p.model_problems(&opus_4_7)),
            [(
                "inference.temperature".to_owned(),
                Rule::ParameterRefused {
                    param: SamplingParam::Temperature,
                    model: "Claude Opus 4.7".into()
                }
            )]
        );
        let both = InferenceParams {
            temperature: Some(0.2),
            top_p: Some(0.9),
            ..InferenceParams::default()
        };
        let sonnet_4_5 = facts("anthropic.claude-sonnet-4-5-20250929-v1:0");
        assert_eq!(
            rules(both.model_problems(&sonnet_4_5)),
            [(
                "inference.topP".to_owned(),
                Rule::TemperatureOrTopP {
                    model: "Claude Sonnet 4.5".into()
                }
            )]
        );
        // Claude 3.7 Sonnet takes both.
        assert!(
            both.model_problems(&facts("anthropic.claude-3-7-sonnet-20250219-v1:0"))
                .is_empty()
        );
        let budget = InferenceParams {
            thinking: Some(Thinking::Enabled { budget_tokens: 2048 }),
            max_tokens: Some(4096),
            ..InferenceParams::default()
        };
        assert!(matches!(
            &rules(budget.model_problems(&opus_4_7))[0].1,
            Rule::ThinkingNotOffered { offered, .. } if offered == &[crate::model_facts::ThinkingMode::Adaptive]
        ));
        assert!(matches!(
            &rules(budget.model_problems(&facts("amazon.nova-pro-v1:0")))[0].1,
            Rule::ThinkingNotOffered { offered, .. } if offered.is_empty()
        ));
        assert!(
            budget
                .model_problems(&facts("anthropic.claude-sonnet-4-20250514-v1:0"))
                .is_empty()
        );
    }

    #[test]
    fn top_k_and_thinking_go_where_each_family_reads_them() {
        let p = InferenceParams {
            top_k: Some(40),
            thinking: Some(Thinking::Enabled { budget_tokens: 2048 }),
            ..InferenceParams::default()
        };
        assert_eq!(
            p.additional_model_request_fields("us.anthropic.claude-sonnet-4-20250514-v1:0"),
            Some(json!({"top_k": 40, "thinking": {"type": "enabled", "budget_tokens": 2048}}))
        );
        let nova = InferenceParams {
            top_k: Some(20),
            ..InferenceParams::default()
        };
        assert_eq!(
            nova.additional_model_request_fields("us.amazon.nova-pro-v1:0"),
            Some(json!({"inferenceConfig": {"topK": 20}}))
        );
        assert_eq!(
            InferenceParams::default().additional_model_request_fields("amazon.nova-pro-v1:0"),
            None
        );
    }

    #[test]
    fn every_transport_and_every_copy_carries_the_parameters() {
        use crate::conversation::{Api, fixture::long_document_conversation};
        use crate::request_code::{CodeFormat, request_code};
        let mut conversation = long_document_conversation();
        conversation.inference = InferenceParams {
            max_tokens: Some(8000),
            top_k: Some(40),
            thinking: Some(Thinking::Enabled { budget_tokens: 2048 }),
            ..InferenceParams::default()
        };
        let model = "us.anthropic.claude-sonnet-4-20250514-v1:0";
        let converse = conversation.converse_json(model);
        assert_eq!(
            converse["additionalModelRequestFields"],
            json!({"top_k": 40, "thinking": {"type": "enabled", "budget_tokens": 2048}})
        );
        for body in [
            conversation.invoke_model_body(),
            conversation.messages_api_body(model, true),
        ] {
            assert_eq!(body["top_k"], 40);
            assert_eq!(
                body["thinking"],
                json!({"type": "enabled", "budget_tokens": 2048})
            );
            assert_eq!(body["max_tokens"], 8000);
        }
        let cli = request_code(
            &conversation,
            Api::Converse,
            model,
            "us-east-1",
            CodeFormat::AwsCli,
        );
        assert!(cli.contains("--additional-model-request-fields"), "{cli}");
        let boto3 = request_code(
            &conversation,
            Api::Converse,
            model,
            "us-east-1",
            CodeFormat::Boto3,
        );
        assert!(boto3.contains("additionalModelRequestFields="), "{boto3}");
        assert!(boto3.contains("\"budget_tokens\": 2048"), "{boto3}");
        let rust = request_code(&conversation, Api::Converse, model, "us-east-1", CodeFormat::Rust);
        assert!(rust.contains(".additional_model_request_fields("), "{rust}");
        let python = request_code(
            &conversation,
            Api::Messages,
            model,
            "us-east-1",
            CodeFormat::AnthropicPython,
        );
        assert!(python.contains("thinking="), "{python}");
        assert!(python.contains("top_k=40"), "{python}");
    }

    #[test]
    fn changing_thinking_changes_every_prefix_into_messages_and_no_other() {
        use crate::cache_tracker::prefix_hashes;
        use crate::conversation::fixture::long_document_conversation;
        use crate::model_facts::CacheField;
        let off = long_document_conversation();
        let mut on = off.clone();
        on.inference.max_tokens = Some(8000);
        on.inference.thinking = Some(Thinking::Enabled { budget_tokens: 2048 });
        let (a, b) = (off.flatten(), on.flatten());
        let (ha, hb) = (prefix_hashes(&a.blocks), prefix_hashes(&b.blocks));
        for (i, block) in a.blocks.iter().enumerate() {
            let same = ha[i + 1] == hb[i + 1];
            assert_eq!(
                same,
                block.section != CacheField::Messages,
                "block {i} ({:?})",
                block.section
            );
        }
    }
}
