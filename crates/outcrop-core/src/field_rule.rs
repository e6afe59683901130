//! Which rule a field breaks, as a stable code with its figures: the UI words it in the person's language, and
//! the English `message` of a [`FieldError`](crate::connection_input::FieldError) stays for logs and as the
//! fallback for a code the UI does not know.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::cache_plan::PointProblem;
use crate::conversation::{ImageFormat, Role};
use crate::model_facts::{ModelApi, SamplingParam, ServiceTier, ThinkingMode};

/// What is wrong in a profile name or description, character by character.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum TextProblem {
    /// The text starts with a separator (space, `_` or `-`).
    StartsWithSeparator { character: String },
    /// A separator follows another one, at `position` (counted from 1).
    DoubledSeparator { character: String, position: u32 },
    /// A character the pattern does not allow, at `position` (counted from 1).
    NotAllowed { character: String, position: u32 },
}

impl TextProblem {
    /// The problem in English, for logs and the fallback message.
    pub fn sentence(&self) -> String {
        match self {
            Self::StartsWithSeparator { character } => format!("It starts with “{character}”"),
            Self::DoubledSeparator { character, position } => {
                format!("“{character}” follows another separator at position {position}")
            }
            Self::NotAllowed { character, position } => {
                format!("“{character}” at position {position} is not allowed")
            }
        }
    }
}

/// The rule a field breaks, with its parameters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "code", rename_all = "camelCase", rename_all_fields = "camelCase")]
#[non_exhaustive]
pub enum Rule {
    // Connections.
    RegionFormat {
        region: String,
    },
    ConnectionNameEmpty,
    ConnectionNameTooLong {
        max: u32,
    },
    ConnectionNameTaken {
        name: String,
    },
    EndpointUrlSpaces,
    EndpointUrlScheme,
    EndpointUrlNoHost,
    /// Plain `http://` to a host that is not this machine.
    EndpointUrlPlainHttp {
        host: String,
    },
    /// Local Bedrock's address is Outcrop's to choose: it takes no endpoint override.
    EndpointUrlLocalBedrock,
    /// A user name or password before the host (`https://bedrock…@evil.example/` names `evil.example`).
    EndpointUrlUserInfo,
    AccessKeyIdEmpty,
    AccessKeyIdFormat,
    SecretAccessKeyEmpty,
    SecretAccessKeyFormat,
    SessionTokenNeeded,
    SessionTokenSpaces,
    ApiKeyEmpty,
    ApiKeySpaces,
    ApiKeyPrefix,
    /// A short-term Bedrock API key works only in the Region that issued it (`key_region`), and the
    /// connection is set to another (`region`).
    ApiKeyRegion {
        key_region: String,
        region: String,
    },
    AwsProfileEmpty,
    AwsProfileUnknown {
        profile: String,
        config: String,
        credentials: String,
    },

    // Inference profiles.
    ProfileNameEmpty,
    ProfileNameTooLong {
        length: u32,
        max: u32,
    },
    ProfileNameCharacters {
        problem: TextProblem,
    },
    DescriptionTooLong {
        length: u32,
        max: u32,
    },
    DescriptionCharacters {
        problem: TextProblem,
    },
    TooManyTags {
        count: u32,
        max: u32,
    },
    TagKeyEmpty,
    TagKeyTooLong {
        length: u32,
        max: u32,
    },
    TagKeyCharacter {
        character: String,
    },
    TagKeyReserved,
    TagValueTooLong {
        length: u32,
        max: u32,
    },
    TagValueCharacter {
        character: String,
    },
    TagKeyDuplicate {
        key: String,
    },
    CopyFromArn,
    /// A tag command names something other than an application inference profile's ARN.
    TagTargetArn,

    // Projects.
    ProjectNameEmpty,
    ProjectNameTooLong {
        length: u32,
        max: u32,
    },
    /// The name is only spaces (or other whitespace).
    ProjectNameBlank,
    /// A non-default project with an application inference profile: "Application inference profiles don't
    /// support non-default projects."
    ProjectWithApplicationProfile {
        project: String,
    },
    /// A non-default project through Anthropic's Messages API, which has no project field.
    ProjectNotOnMessagesApi {
        project: String,
    },

    // Usage and spend.
    /// A usage chart's granularity that does not suit its range; `allowed` are the periods (seconds) that do.
    UsagePeriodForRange {
        period_seconds: u32,
        allowed: Vec<u32>,
    },
    DashboardNameEmpty,
    DashboardNameTooLong {
        length: u32,
        max: u32,
    },
    /// A character PutDashboard refuses in a name, at `position` (counted from 1).
    DashboardNameCharacter {
        character: String,
        position: u32,
    },
    /// A dashboard with no model or profile to chart.
    DashboardNoTargets,
    /// CloudWatch and Cost Explorer take AWS credentials: a Bedrock API key works for Bedrock alone.
    UsageNeedsAwsCredentials,

    // A conversation.
    ToolNameFormat,
    ToolNameDuplicate {
        name: String,
    },
    InputSchemaNotObject,
    /// `error` is the JSON parser's own (English) explanation.
    InputSchemaInvalidJson {
        line: u32,
        column: u32,
        error: String,
    },
    NoMessages,
    /// Message `message` (counted from 1) should be from `expected`.
    RoleOrder {
        message: u32,
        expected: Role,
    },
    ContentOnlyCachePoints,
    TooManyDocuments {
        count: u32,
        max: u32,
    },
    /// More documents across the whole conversation than one request may carry (earlier turns count too).
    TooManyDocumentsInRequest {
        count: u32,
        max: u32,
    },
    DocumentTooLarge {
        #[ts(type = "number")]
        bytes: u64,
        #[ts(type = "number")]
        max_bytes: u64,
    },
    EmptyText,
    ToolInputInvalidJson {
        line: u32,
        column: u32,
        error: String,
    },
    DocumentName,
    LastMessageNotUser,
    TemperatureRange,
    TopPRange,
    MaxTokensZero,
    TooManyStopSequences {
        max: u32,
    },
    /// The image's bytes are not a PNG, JPEG, GIF or WebP image Outcrop can read the size of.
    ImageUnreadable {
        name: String,
    },
    /// The image's bytes are another format than the one it is sent as.
    ImageFormatMismatch {
        declared: ImageFormat,
        actual: ImageFormat,
    },
    ImageTooLarge {
        #[ts(type = "number")]
        bytes: u64,
        #[ts(type = "number")]
        max_bytes: u64,
    },
    /// Wider or taller than `max` pixels.
    ImageTooWide {
        width: u32,
        height: u32,
        max: u32,
    },
    /// More images in the whole request (earlier turns' included) than Bedrock accepts.
    TooManyImagesInRequest {
        count: u32,
        max: u32,
    },
    /// Top K is a whole number from 1 to `max`.
    TopKRange {
        max: u32,
    },
    /// The model refuses this sampling parameter (per the model facts).
    ParameterRefused {
        param: SamplingParam,
        model: String,
    },
    /// The model takes `temperature` or `top_p`, not both.
    TemperatureOrTopP {
        model: String,
    },
    /// The model does not think in `mode`; `offered` are the modes it has (none: it does not think on request).
    ThinkingNotOffered {
        mode: ThinkingMode,
        model: String,
        offered: Vec<ThinkingMode>,
    },
    /// A thinking budget is at least `min` tokens.
    ThinkingBudgetTooSmall {
        min: u32,
    },
    /// A thinking budget must be below max tokens, which must then be set (`None`: it is not).
    ThinkingBudgetNotBelowMaxTokens {
        budget_tokens: u32,
        max_tokens: Option<u32>,
    },
    /// With thinking on, `temperature` and `top_k` stay at their defaults and `top_p` is from 0.95 to 1.
    SamplingWithThinking {
        param: SamplingParam,
    },
    /// The request is over the model's context window; the field is its largest block.
    OverContextWindow {
        total_tokens: u32,
        context_tokens: u32,
        largest_tokens: u32,
        model: String,
        estimated: bool,
    },
    /// Cache point `point` (counted from 1) would be refused by Bedrock.
    CachePoint {
        point: u32,
        problem: PointProblem,
    },

    // The playground.
    ChooseModel,
    /// The model does not serve `api` on bedrock-runtime (per the model facts); `instead` is a transport it does
    /// serve, when there is one.
    ApiNotServed {
        api: ModelApi,
        model: String,
        instead: Option<ModelApi>,
    },
    /// Automatic cache placement (a top-level `cache_control`) is a field of the Messages API only; `api` is the
    /// transport chosen.
    AutomaticCacheMessagesOnly {
        api: ModelApi,
    },
    /// The connection sends the Messages API to bedrock-mantle, which does not serve the model (per the model
    /// facts' `apis.mantle`); `on_runtime` says bedrock-runtime's Messages API does.
    ApiNotOnMantle {
        model: String,
        on_runtime: bool,
    },
    /// Outcrop's InvokeModel transport sends an Anthropic Messages body, which only Anthropic's models read.
    AnthropicBodyOnly {
        model: String,
    },
    /// The model does not offer the service tier (per the model facts); `offered` are the tiers it does.
    TierNotOffered {
        tier: ServiceTier,
        model: String,
        offered: Vec<ServiceTier>,
    },
    /// The request could not be built for CountTokens; `error` is the SDK's explanation.
    RequestBody {
        error: String,
    },
    PriceTableInvalid {
        error: String,
    },
    PriceTableEmpty,
    PlacementCount {
        min: u32,
        max: u32,
    },
    /// With more than one transport: one to `max_placements` placements, so that placements × `transports`
    /// stays at most `max_runs`.
    BakeoffRunCount {
        transports: u32,
        max_placements: u32,
        max_runs: u32,
    },
    TooManyFollowUps {
        max: u32,
    },
    FollowUpEmpty,
    SessionTitleEmpty,
    NotSessionExport {
        line: u32,
        column: u32,
        error: String,
    },
    SessionExportVersion {
        format: String,
        version: u32,
    },
    RunIdLength {
        max: u32,
    },
    RunLabelTooLong {
        max: u32,
    },
    NotRunExport {
        line: u32,
        column: u32,
        error: String,
    },
    RunExportVersion {
        version: u32,
    },
    RunExportEmpty,
    NotDemo {
        line: u32,
        column: u32,
        error: String,
    },
    DemoVersion {
        format: String,
        version: u32,
    },
    DemoId {
        max: u32,
    },
    DemoTitleEmpty,
    /// The ID is a shipped demo's.
    DemoIdShipped {
        id: String,
    },
    DemoQuestionCount {
        max: u32,
    },
    DemoQuestionEmpty,
    /// The demo scripts its tools' answers but not this one's.
    DemoToolResultMissing {
        tool: String,
    },

    // The cost what-if.
    /// No price entry or caching facts for the model.
    WhatIfModelUnknown {
        model: String,
    },
    /// A whole number of tokens from `min` to `max`.
    WhatIfTokens {
        min: u32,
        max: u32,
    },
    /// The prefix and question together are over the model's context window.
    WhatIfOverContext {
        total_tokens: u32,
        context_tokens: u32,
        model: String,
    },
    /// Requests per hour above 0 and at most `max`.
    WhatIfRate {
        max: u32,
    },
    /// A burst of `min` to `max` requests.
    WhatIfBurstSize {
        min: u32,
        max: u32,
    },
}

/// A count as a rule's parameter (counts past `u32::MAX` read as `u32::MAX`).
pub fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rule_crosses_as_its_code_with_its_parameters() {
        let json = serde_json::to_value(Rule::DocumentTooLarge {
            bytes: 5_000_000,
            max_bytes: 4_500_000,
        })
        .unwrap();
        assert_eq!(
            json,
            serde_json::json!({"code": "documentTooLarge", "bytes": 5_000_000, "maxBytes": 4_500_000})
        );
        let json = serde_json::to_value(Rule::ProfileNameCharacters {
            problem: TextProblem::NotAllowed {
                character: "!".into(),
                position: 3,
            },
        })
        .unwrap();
        assert_eq!(
            json,
            serde_json::json!({"code": "profileNameCharacters", "problem": {"kind": "notAllowed", "character": "!", "position": 3}})
        );
        assert_eq!(
            serde_json::to_value(Rule::EmptyText).unwrap(),
            serde_json::json!({"code": "emptyText"})
        );
    }
}
