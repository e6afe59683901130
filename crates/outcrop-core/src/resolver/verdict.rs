//! The resolver's answer: how a choice is invoked, or why Bedrock would refuse it from this Region.

use serde::Serialize;
use ts_rs::TS;

use super::reason::ResolutionReason;
use crate::model_id::ModelRefError;

/// How a choice will be invoked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Route {
    /// The model's own ID, on demand.
    OnDemand,
    /// A system-defined cross-Region inference profile.
    SystemProfile,
    /// An application inference profile (its ARN).
    ApplicationProfile,
    /// Sent as given: the Region's catalogue does not know it (a new model, or another Region's).
    Unverified,
}

/// The ID to invoke, the model behind it, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Resolution {
    pub invoke_id: String,
    /// The foundation model behind the ID, when known: caching rules, CountTokens and prices use it.
    pub foundation_model_id: Option<String>,
    pub route: Route,
    /// Why, as a code with its figures; the UI words it, `Display` gives the English.
    pub reason: ResolutionReason,
    /// Other system profiles that also contain the model, best first.
    pub alternatives: Vec<String>,
}

/// Why Bedrock would refuse a choice made in this Region, with what to use instead; the UI words it in the
/// person's language, and `Display` keeps the English for logs and for callers that only refuse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase", rename_all_fields = "camelCase")]
#[non_exhaustive]
pub enum Refusal {
    /// Not an ID Bedrock knows: a name from another API (`claude-sonnet-4-20250514` is Anthropic's, Bedrock's
    /// reads `anthropic.claude-sonnet-4-20250514-v1:0`), or a catalogue ID without its version suffix.
    NotABedrockId {
        input: String,
        /// IDs of this Region's catalogue that the person probably meant, best first.
        suggestions: Vec<String>,
    },
    /// A system profile of a geography this Region does not list: its source Regions do not include this one.
    NotCallableHere {
        profile_id: String,
        geography: String,
        region: String,
        /// The geographies this Region does list.
        geographies_here: Vec<String>,
        /// What calls the same model from here, best first.
        use_instead: Vec<String>,
    },
    /// The model runs only through an inference profile, and this Region lists none containing it.
    NoProfileInRegion { model_id: String, region: String },
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotABedrockId { input, suggestions } => {
                write!(f, "{input} is not a Bedrock model ID")?;
                match suggestions.first() {
                    Some(best) => write!(f, "; did you mean {best}?"),
                    None => write!(
                        f,
                        "; Bedrock IDs read provider.model-version, such as amazon.nova-lite-v1:0"
                    ),
                }
            }
            Self::NotCallableHere {
                profile_id, region, ..
            } => write!(
                f,
                "{profile_id} cannot be called from {region}: its geography's source Regions do not include {region}"
            ),
            Self::NoProfileInRegion { model_id, region } => write!(
                f,
                "{model_id} runs only through an inference profile, and no profile in {region} contains it; choose another Region or model"
            ),
        }
    }
}

/// Why a choice cannot be invoked in this Region.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ResolveError {
    /// Not a model identifier at all.
    #[error(transparent)]
    Invalid(#[from] ModelRefError),
    /// A well-formed identifier that Bedrock would refuse from this Region.
    #[error("{0}")]
    Refused(Refusal),
}

/// The resolver's answer for a person: what Outcrop calls, or why Bedrock would refuse it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "verdict", rename_all = "camelCase")]
pub enum Verdict {
    Callable { resolution: Resolution },
    Refused { refusal: Refusal },
}

impl Verdict {
    /// A resolver result as a verdict; an identifier that is not one at all stays an error.
    pub fn of(result: Result<Resolution, ResolveError>) -> Result<Self, ModelRefError> {
        match result {
            Ok(resolution) => Ok(Self::Callable { resolution }),
            Err(ResolveError::Refused(refusal)) => Ok(Self::Refused { refusal }),
            Err(ResolveError::Invalid(error)) => Err(error),
        }
    }
}
