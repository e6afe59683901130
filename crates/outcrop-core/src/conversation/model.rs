//! The conversation as the person edits it: tools, system blocks and messages with cache points between
//! them, the inference parameters, and the API a turn goes through.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model_facts::{CacheTtl, ServiceTier};

/// One entry of `toolConfig.tools`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum ToolItem {
    Tool {
        name: String,
        #[serde(default)]
        description: String,
        /// The JSON Schema of the tool's input, as the person typed it.
        input_schema: String,
    },
    CachePoint {
        ttl: CacheTtl,
    },
}

/// One entry of `system`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum SystemItem {
    Text { text: String },
    CachePoint { ttl: CacheTtl },
}

/// A document's format, as Converse names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum DocumentFormat {
    Txt,
    Md,
    Csv,
    Html,
}

impl DocumentFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Txt => "txt",
            Self::Md => "md",
            Self::Csv => "csv",
            Self::Html => "html",
        }
    }
}

/// One entry of a message's `content`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum ContentItem {
    Text {
        text: String,
    },
    /// A text document (dropped in or opened from disk); sent as its bytes.
    Document {
        name: String,
        format: DocumentFormat,
        text: String,
    },
    /// An image (PNG, JPEG, GIF or WebP) dropped, pasted or opened into a user message; sent as its bytes.
    Image {
        name: String,
        format: super::image::ImageFormat,
        /// The file's bytes, base64 (as JSON carries them).
        data: String,
    },
    ToolUse {
        tool_use_id: String,
        name: String,
        /// The tool's input as JSON text.
        input: String,
    },
    ToolResult {
        tool_use_id: String,
        text: String,
    },
    /// A model's reasoning, kept as it came back; a cache point may not follow it.
    Reasoning {
        text: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        signature: Option<String>,
    },
    CachePoint {
        ttl: CacheTtl,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Role {
    User,
    Assistant,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::User => "user",
            Self::Assistant => "assistant",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Message {
    pub role: Role,
    pub content: Vec<ContentItem>,
}

/// `inferenceConfig`; `None` leaves the model's default.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct InferenceParams {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub max_tokens: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub temperature: Option<f32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub top_p: Option<f32>,
    /// Sample from the `top_k` likeliest tokens only. Not a Converse `inferenceConfig` field: it goes in
    /// `additionalModelRequestFields`, shaped per model family (`top_k` for Claude, `inferenceConfig.topK` for
    /// Nova); the Anthropic body takes `top_k`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub top_k: Option<u32>,
    #[serde(default)]
    pub stop_sequences: Vec<String>,
    /// Extended thinking; `None` leaves it off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub thinking: Option<Thinking>,
}

/// Extended thinking, as the Anthropic body's `thinking` field (on Converse, in `additionalModelRequestFields`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum Thinking {
    /// `{"type": "enabled", "budget_tokens": N}`: at least 1,024 and below `max_tokens`.
    Enabled { budget_tokens: u32 },
    /// `{"type": "adaptive"}`: the model decides how long to think (Opus 4.6 and later; the only mode of Opus 4.7).
    Adaptive,
}

impl Thinking {
    /// The Anthropic body's `thinking` object.
    pub fn wire(self) -> serde_json::Value {
        match self {
            Self::Enabled { budget_tokens } => {
                serde_json::json!({ "type": "enabled", "budget_tokens": budget_tokens })
            }
            Self::Adaptive => serde_json::json!({ "type": "adaptive" }),
        }
    }

    /// The mode, as the model facts name it.
    pub fn mode(self) -> crate::model_facts::ThinkingMode {
        match self {
            Self::Enabled { .. } => crate::model_facts::ThinkingMode::Budget,
            Self::Adaptive => crate::model_facts::ThinkingMode::Adaptive,
        }
    }
}

/// The whole conversation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Conversation {
    #[serde(default)]
    pub tools: Vec<ToolItem>,
    #[serde(default)]
    pub system: Vec<SystemItem>,
    #[serde(default)]
    pub messages: Vec<Message>,
    #[serde(default)]
    pub inference: InferenceParams,
    /// The service tier asked for (Converse `serviceTier`, InvokeModel `X-Amzn-Bedrock-Service-Tier`); `None`
    /// sends no tier and the service serves its default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub service_tier: Option<ServiceTier>,
    /// The Bedrock project the request runs under (Converse's `projectIdentifier`, InvokeModel's
    /// `X-Amzn-Bedrock-ProjectIdentifier`); `None` or `default` is the account's default project.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub project: Option<String>,
    /// Automatic placement: the Messages API's top-level `cache_control`, which puts one cache point after the
    /// last block of the request (Anthropic's SDK: "applies a cache_control marker to the last cacheable block").
    /// It counts against the four points a request may carry; no point is added where one already stands last.
    /// Only the Messages API takes it; `None` sends none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub automatic_cache: Option<CacheTtl>,
}

impl Conversation {
    /// The project named, unless it is the default one (which is the same as naming none).
    pub fn named_project(&self) -> Option<&str> {
        self.project
            .as_deref()
            .filter(|p| !p.is_empty() && *p != crate::projects::DEFAULT_PROJECT)
    }
}

/// Which API a turn is sent through: the transport decides the wire shape of the same conversation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Api {
    /// ConverseStream, with `cachePoint` blocks.
    #[default]
    Converse,
    /// InvokeModelWithResponseStream with an Anthropic Messages body and `cache_control`.
    InvokeModel,
    /// Anthropic's Messages API on bedrock-runtime (`POST /anthropic/v1/messages`), streamed as server-sent
    /// events, with `cache_control`.
    Messages,
}

impl Conversation {
    /// A conversation of one system prompt and one user question.
    pub fn simple(system: &str, question: &str) -> Self {
        Self {
            system: vec![SystemItem::Text { text: system.into() }],
            messages: vec![Message {
                role: Role::User,
                content: vec![ContentItem::Text {
                    text: question.into(),
                }],
            }],
            ..Self::default()
        }
    }
    /// The conversation with `marker` at the very start of its prefix: in the first tool's description when
    /// there are tools (they come first), else at the top of the system prompt. Runs that must not share a
    /// cache (bake-off strategies, compared targets) each get their own marker.
    pub fn with_marker(&self, marker: &str) -> Self {
        let mut out = self.clone();
        if let Some(ToolItem::Tool { description, .. }) =
            out.tools.iter_mut().find(|t| matches!(t, ToolItem::Tool { .. }))
        {
            *description = if description.is_empty() {
                marker.to_owned()
            } else {
                format!("{marker}\n{description}")
            };
            return out;
        }
        match out.system.iter_mut().find_map(|s| match s {
            SystemItem::Text { text } => Some(text),
            SystemItem::CachePoint { .. } => None,
        }) {
            Some(text) => *text = format!("{marker}\n{text}"),
            None => out.system.insert(
                0,
                SystemItem::Text {
                    text: marker.to_owned(),
                },
            ),
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conversation::fixture::long_document_conversation;

    #[test]
    fn a_marker_opens_the_prefix() {
        let with_tools = long_document_conversation().with_marker("[run 1]");
        let ToolItem::Tool { description, .. } = &with_tools.tools[0] else {
            panic!()
        };
        assert_eq!(description, "[run 1]\nLook a term up");
        assert_eq!(with_tools.system, long_document_conversation().system);
        let mut no_tools = long_document_conversation();
        no_tools.tools.clear();
        let marked = no_tools.with_marker("[run 2]");
        assert_eq!(
            marked.system[0],
            SystemItem::Text {
                text: "[run 2]\nYou answer questions about the document.".into()
            }
        );
        let bare = Conversation::default().with_marker("[run 3]");
        assert_eq!(
            bare.system,
            [SystemItem::Text {
                text: "[run 3]".into()
            }]
        );
    }
}
