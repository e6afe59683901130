//! What a model offers, checked before a send: the transport — the Messages API against the list of the host the
//! connection sends it to (`apis.mantle` for bedrock-mantle), every other transport against bedrock-runtime's —
//! the service tier and the inference parameters, per the model's facts.

use outcrop_core::MessagesEndpoint;
use outcrop_core::connection_input::{FieldError, Rule};
use outcrop_core::conversation::{Api, Conversation};
use outcrop_core::model_facts::{ModelApi, ModelFacts};

/// The transport and the service tier, checked against what the model's facts say it offers — the Messages API
/// on bedrock-mantle against `apis.mantle`, everything else against bedrock-runtime's lists. Unknown stays
/// allowed: the service's own refusal is classified when the facts are silent.
/// The model-facts name of a transport.
pub(super) fn model_api(api: Api) -> ModelApi {
    match api {
        Api::Converse => ModelApi::Converse,
        Api::InvokeModel => ModelApi::InvokeModel,
        Api::Messages => ModelApi::Messages,
    }
}

pub(super) fn offer_problems(
    conversation: &Conversation,
    api: Api,
    messages_endpoint: MessagesEndpoint,
    facts: &ModelFacts,
) -> Vec<FieldError> {
    let mut problems = Vec::new();
    let wanted = model_api(api);
    let on_mantle = api == Api::Messages && messages_endpoint == MessagesEndpoint::Mantle;
    if on_mantle {
        if let Some(apis) = &facts.apis
            && !apis.mantle.contains(&ModelApi::Messages)
        {
            let on_runtime = facts.serves(ModelApi::Messages) == Some(true);
            let rule = Rule::ApiNotOnMantle {
                model: facts.name.clone(),
                on_runtime,
            };
            let message = format!(
                "{} is not served by bedrock-mantle's Messages API; send it to bedrock-runtime or choose another model",
                facts.name
            );
            problems.push(FieldError::new("api", rule, message));
        }
    } else if api == Api::InvokeModel && facts.provider != "Anthropic" {
        let message = format!(
            "InvokeModel sends an Anthropic Messages body, which {} does not read; send it with Converse",
            facts.name
        );
        let rule = Rule::AnthropicBodyOnly {
            model: facts.name.clone(),
        };
        problems.push(FieldError::new("api", rule, message));
    } else if facts.serves(wanted) == Some(false) {
        let instead = [ModelApi::Converse, ModelApi::InvokeModel]
            .into_iter()
            .find(|other| *other != wanted && facts.serves(*other) == Some(true));
        let rule = Rule::ApiNotServed {
            api: wanted,
            model: facts.name.clone(),
            instead,
        };
        let message = format!("{} does not serve {wanted:?} on bedrock-runtime", facts.name);
        problems.push(FieldError::new("api", rule, message));
    }
    if let Some(tier) = conversation.service_tier
        && facts.offers_tier(tier) == Some(false)
    {
        let offered = facts
            .service_tiers
            .as_ref()
            .map(|t| t.tiers.clone())
            .unwrap_or_default();
        let message = format!("{} does not offer the {} service tier", facts.name, tier.as_str());
        let rule = Rule::TierNotOffered {
            tier,
            model: facts.name.clone(),
            offered,
        };
        problems.push(FieldError::new("serviceTier", rule, message));
    }
    problems.extend(conversation.inference.model_problems(facts));
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(id: &str) -> ModelFacts {
        outcrop_core::ModelFactsTable::bundled()
            .lookup(id)
            .cloned()
            .unwrap()
    }

    fn rules(api: Api, endpoint: MessagesEndpoint, id: &str) -> Vec<Rule> {
        offer_problems(&Conversation::default(), api, endpoint, &facts(id))
            .into_iter()
            .map(|p| p.rule)
            .collect()
    }

    #[test]
    fn the_messages_api_is_checked_against_the_host_it_goes_to() {
        let opus = "anthropic.claude-opus-4-7";
        let sonnet = "anthropic.claude-3-7-sonnet-20250219-v1:0";
        assert!(rules(Api::Messages, MessagesEndpoint::Mantle, opus).is_empty());
        assert!(rules(Api::Messages, MessagesEndpoint::Runtime, opus).is_empty());
        assert_eq!(
            rules(Api::Messages, MessagesEndpoint::Mantle, sonnet),
            [Rule::ApiNotOnMantle {
                model: "Claude 3.7 Sonnet".into(),
                on_runtime: false
            }]
        );
        // The connection's endpoint is the Messages API's only: Converse still goes to bedrock-runtime.
        assert!(rules(Api::Converse, MessagesEndpoint::Mantle, sonnet).is_empty());
    }
}
