//! Where Anthropic's Messages API is sent, chosen per connection: bedrock-runtime
//! (`https://bedrock-runtime.{region}.amazonaws.com/anthropic/v1/messages`, signing name `bedrock`, model IDs as
//! invoked — an inference profile for a profile-only model) or bedrock-mantle
//! (`https://bedrock-mantle.{region}.api.aws/anthropic/v1/messages`, signing name `bedrock-mantle`, the
//! foundation-model ID without a profile prefix, errors in Anthropic's envelope). Either takes a Bedrock API key
//! as a bearer token instead of a signature.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The host the Messages API of a connection is sent to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum MessagesEndpoint {
    /// `bedrock-runtime.{region}.amazonaws.com`, where Converse and InvokeModel go too.
    #[default]
    Runtime,
    /// `bedrock-mantle.{region}.api.aws`, which also counts tokens for models bedrock-runtime does not count.
    Mantle,
}

impl MessagesEndpoint {
    /// The SigV4 signing name (service) of requests to this host.
    pub fn signing_name(self) -> &'static str {
        match self {
            Self::Runtime => "bedrock",
            Self::Mantle => "bedrock-mantle",
        }
    }

    /// The host in `region`.
    pub fn host(self, region: &str) -> String {
        match self {
            Self::Runtime => format!("bedrock-runtime.{region}.amazonaws.com"),
            Self::Mantle => format!("bedrock-mantle.{region}.api.aws"),
        }
    }

    /// Where Anthropic's SDKs point (`base_url`): the host's `/anthropic`.
    pub fn sdk_base_url(self, region: &str) -> String {
        format!("https://{}/anthropic", self.host(region))
    }

    /// The Messages API route in `region`.
    pub fn messages_url(self, region: &str) -> String {
        format!("{}/v1/messages", self.sdk_base_url(region))
    }

    /// The model ID the body names: bedrock-mantle takes the foundation-model ID without a profile prefix
    /// (`us.anthropic.claude-opus-4-7` is sent as `anthropic.claude-opus-4-7`); bedrock-runtime the ID
    /// invoked. When the model behind `invoke_id` is not known, `invoke_id` is sent as it is.
    pub fn model_id<'a>(self, invoke_id: &'a str, foundation_model_id: Option<&'a str>) -> &'a str {
        match (self, foundation_model_id) {
            (Self::Mantle, Some(bare)) => bare,
            _ => invoke_id,
        }
    }

    /// The endpoint's name as AWS writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Runtime => "bedrock-runtime",
            Self::Mantle => "bedrock-mantle",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_endpoint_has_its_host_signing_name_and_model_id() {
        let runtime = MessagesEndpoint::Runtime;
        let mantle = MessagesEndpoint::Mantle;
        assert_eq!(
            runtime.messages_url("us-east-1"),
            "https://bedrock-runtime.us-east-1.amazonaws.com/anthropic/v1/messages"
        );
        assert_eq!(
            mantle.messages_url("eu-west-1"),
            "https://bedrock-mantle.eu-west-1.api.aws/anthropic/v1/messages"
        );
        assert_eq!(
            mantle.sdk_base_url("us-west-2"),
            "https://bedrock-mantle.us-west-2.api.aws/anthropic"
        );
        assert_eq!(
            (runtime.signing_name(), mantle.signing_name()),
            ("bedrock", "bedrock-mantle")
        );
        let profile = "us.anthropic.claude-opus-4-7";
        let bare = Some("anthropic.claude-opus-4-7");
        assert_eq!(runtime.model_id(profile, bare), profile);
        assert_eq!(mantle.model_id(profile, bare), "anthropic.claude-opus-4-7");
        assert_eq!(
            mantle.model_id(profile, None),
            profile,
            "an unknown model is sent as chosen"
        );
        assert_eq!(
            serde_json::from_str::<MessagesEndpoint>("\"mantle\"").unwrap(),
            mantle
        );
        assert_eq!(MessagesEndpoint::default(), runtime);
    }
}
