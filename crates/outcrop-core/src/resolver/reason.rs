//! Why a choice is invoked the way it is: a code with its figures, which the UI words in the person's language.
//! `Display` keeps the English for logs and for callers without a UI.

use serde::Serialize;
use ts_rs::TS;

/// Why the resolver chose the ID it did, with the facts that explain it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase", rename_all_fields = "camelCase")]
#[non_exhaustive]
pub enum ResolutionReason {
    /// The model runs on demand in the Region: its own ID is invoked.
    OnDemand { model_id: String, region: String },
    /// The model runs only through an inference profile; Outcrop invokes the best one the Region lists.
    ProfileOnly {
        model_id: String,
        profile_id: String,
        /// Where that profile sends requests.
        destinations: Vec<String>,
    },
    /// A foundation model the Region's catalogue does not list (new, or another Region's): sent as given.
    ModelNotListed { model_id: String, region: String },
    /// A system inference profile the Region lists, and where it sends requests.
    SystemProfile {
        profile_id: String,
        destinations: Vec<String>,
    },
    /// A system profile of a geography the Region lists, but not itself listed: sent as given.
    ProfileNotListed { profile_id: String, region: String },
    /// An application inference profile the Region lists, and the model it invokes.
    ApplicationProfile { profile_id: String, model_id: String },
    /// An application inference profile the Region does not list: the model behind it is unknown.
    ApplicationProfileNotListed {
        profile_id: String,
        account_id: String,
        region: String,
    },
}

impl std::fmt::Display for ResolutionReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::OnDemand { model_id, region } => {
                write!(f, "{model_id} supports on-demand invocation in {region}")
            }
            Self::ProfileOnly {
                model_id,
                profile_id,
                destinations,
            } => write!(
                f,
                "{model_id} can only be invoked through an inference profile; {profile_id} routes it to {}",
                destinations.join(", ")
            ),
            Self::ModelNotListed { model_id, region } => {
                write!(
                    f,
                    "{model_id} is not in {region}'s model list; it is sent as given"
                )
            }
            Self::SystemProfile {
                profile_id,
                destinations,
            } => write!(f, "{profile_id} routes to {}", destinations.join(", ")),
            Self::ProfileNotListed { profile_id, region } => {
                write!(f, "{profile_id} is not listed in {region}; it is sent as given")
            }
            Self::ApplicationProfile { profile_id, model_id } => {
                write!(f, "application profile {profile_id} invokes {model_id}")
            }
            Self::ApplicationProfileNotListed {
                profile_id,
                account_id,
                region,
            } => write!(
                f,
                "application profile {profile_id} (account {account_id}) is not in {region}'s list; the model behind it is unknown"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn regions() -> Vec<String> {
        vec!["us-east-1".into(), "us-east-2".into()]
    }

    /// Each reason: its code on the wire (what the UI words), its figures, and the English kept for logs.
    #[test]
    fn every_reason_crosses_as_a_code_with_its_figures_and_keeps_its_english() {
        let cases = [
            (
                ResolutionReason::OnDemand {
                    model_id: "amazon.nova-lite-v1:0".into(),
                    region: "us-east-1".into(),
                },
                "onDemand",
                "amazon.nova-lite-v1:0 supports on-demand invocation in us-east-1",
            ),
            (
                ResolutionReason::ProfileOnly {
                    model_id: "anthropic.claude".into(),
                    profile_id: "us.anthropic.claude".into(),
                    destinations: regions(),
                },
                "profileOnly",
                "anthropic.claude can only be invoked through an inference profile; us.anthropic.claude routes it to us-east-1, us-east-2",
            ),
            (
                ResolutionReason::ModelNotListed {
                    model_id: "acme.new-v1:0".into(),
                    region: "eu-west-1".into(),
                },
                "modelNotListed",
                "acme.new-v1:0 is not in eu-west-1's model list; it is sent as given",
            ),
            (
                ResolutionReason::SystemProfile {
                    profile_id: "us.anthropic.claude".into(),
                    destinations: regions(),
                },
                "systemProfile",
                "us.anthropic.claude routes to us-east-1, us-east-2",
            ),
            (
                ResolutionReason::ProfileNotListed {
                    profile_id: "mars.anthropic.claude".into(),
                    region: "us-east-1".into(),
                },
                "profileNotListed",
                "mars.anthropic.claude is not listed in us-east-1; it is sent as given",
            ),
            (
                ResolutionReason::ApplicationProfile {
                    profile_id: "a1b2c3".into(),
                    model_id: "anthropic.claude".into(),
                },
                "applicationProfile",
                "application profile a1b2c3 invokes anthropic.claude",
            ),
            (
                ResolutionReason::ApplicationProfileNotListed {
                    profile_id: "a1b2c3".into(),
                    account_id: "111122223333".into(),
                    region: "us-east-1".into(),
                },
                "applicationProfileNotListed",
                "application profile a1b2c3 (account 111122223333) is not in us-east-1's list; the model behind it is unknown",
            ),
        ];
        for (reason, kind, english) in cases {
            let json = serde_json::to_value(&reason).unwrap();
            assert_eq!(json["kind"], kind, "{json}");
            assert_eq!(reason.to_string(), english);
        }
    }

    #[test]
    fn figures_cross_in_camel_case() {
        let json = serde_json::to_value(ResolutionReason::ProfileOnly {
            model_id: "m".into(),
            profile_id: "p".into(),
            destinations: regions(),
        })
        .unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "kind": "profileOnly",
                "modelId": "m",
                "profileId": "p",
                "destinations": ["us-east-1", "us-east-2"],
            })
        );
    }
}
