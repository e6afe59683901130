//! What a user means by a model identifier.
//!
//! Bedrock accepts a bare foundation-model ID (`anthropic.claude-3-7-sonnet-20250219-v1:0`), a system-defined
//! cross-Region profile ID (`us.anthropic.claude-3-7-sonnet-20250219-v1:0`), or the ARN of a foundation model,
//! a system profile or an application profile. Geography prefixes are never hard-coded: any lowercase prefix in
//! front of `provider.model` is a geography, so `global.` and prefixes AWS adds later parse like `us.`.

use serde::Serialize;

/// A parsed model identifier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum ModelRef {
    /// A bare foundation-model ID.
    Foundation { model_id: String },
    /// A system-defined cross-Region profile ID: `<geography>.<foundation model ID>`.
    SystemProfile {
        profile_id: String,
        geography: String,
        model_id: String,
    },
    /// The ARN of a foundation model.
    FoundationArn { arn: Arn, model_id: String },
    /// The ARN of a system-defined inference profile.
    SystemProfileArn {
        arn: Arn,
        profile_id: String,
        geography: String,
        model_id: String,
    },
    /// The ARN of an application inference profile. The model behind it is only known to the service
    /// (`GetInferenceProfile` → `models[0].modelArn`).
    ApplicationProfileArn { arn: Arn, profile_id: String },
}

/// The parts of a Bedrock ARN that Outcrop uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Arn {
    pub partition: String,
    pub region: String,
    /// Empty for foundation models, which belong to no account.
    pub account_id: String,
    pub resource_type: String,
    pub resource_id: String,
}

/// Why an identifier is not one Bedrock would accept.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ModelRefError {
    #[error("the model identifier is empty; enter a model ID, an inference profile ID or an ARN")]
    Empty,
    #[error(
        "the model identifier contains {found:?}; model and profile IDs use only letters, digits, '.', '-' and ':'"
    )]
    InvalidCharacter { found: char },
    #[error("the ARN is malformed: {rule}")]
    MalformedArn { rule: &'static str },
    #[error(
        "the ARN names a {resource_type:?}; Bedrock invokes foundation-model, inference-profile or application-inference-profile ARNs"
    )]
    UnsupportedResource { resource_type: String },
}

const PARTITIONS: [&str; 5] = ["aws", "aws-us-gov", "aws-cn", "aws-iso", "aws-iso-b"];

impl ModelRef {
    /// Parses what a user typed or pasted. Surrounding whitespace is ignored.
    pub fn parse(input: &str) -> Result<Self, ModelRefError> {
        let input = input.trim();
        if input.is_empty() {
            return Err(ModelRefError::Empty);
        }
        if input.starts_with("arn:") {
            return Self::parse_arn(input);
        }
        check_id_chars(input)?;
        Ok(match split_geography(input) {
            Some((geography, model_id)) => Self::SystemProfile {
                profile_id: input.to_owned(),
                geography: geography.to_owned(),
                model_id: model_id.to_owned(),
            },
            None => Self::Foundation {
                model_id: input.to_owned(),
            },
        })
    }

    fn parse_arn(input: &str) -> Result<Self, ModelRefError> {
        let mut parts = input.splitn(6, ':');
        let (Some("arn"), Some(partition), Some(service), Some(region), Some(account_id), Some(resource)) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            return Err(ModelRefError::MalformedArn {
                rule: "expected arn:<partition>:bedrock:<region>:<account>:<type>/<id>",
            });
        };
        if !PARTITIONS.contains(&partition) {
            return Err(ModelRefError::MalformedArn {
                rule: "the partition must be aws, aws-us-gov, aws-cn, aws-iso or aws-iso-b",
            });
        }
        if service != "bedrock" {
            return Err(ModelRefError::MalformedArn {
                rule: "the service must be bedrock",
            });
        }
        if region.is_empty()
            || !region
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return Err(ModelRefError::MalformedArn {
                rule: "the Region must be a Region code such as us-east-1",
            });
        }
        if !account_id.bytes().all(|b| b.is_ascii_digit())
            || !(account_id.is_empty() || account_id.len() == 12)
        {
            return Err(ModelRefError::MalformedArn {
                rule: "the account ID must be empty or 12 digits",
            });
        }
        let Some((resource_type, resource_id)) = resource.split_once('/') else {
            return Err(ModelRefError::MalformedArn {
                rule: "the resource must read <type>/<id>",
            });
        };
        if resource_id.is_empty() {
            return Err(ModelRefError::MalformedArn {
                rule: "the resource ID after '/' is empty",
            });
        }
        check_id_chars(resource_id)?;
        let arn = Arn {
            partition: partition.to_owned(),
            region: region.to_owned(),
            account_id: account_id.to_owned(),
            resource_type: resource_type.to_owned(),
            resource_id: resource_id.to_owned(),
        };
        match resource_type {
            "foundation-model" => Ok(Self::FoundationArn {
                model_id: resource_id.to_owned(),
                arn,
            }),
            "inference-profile" => match split_geography(resource_id) {
                Some((geography, model_id)) => Ok(Self::SystemProfileArn {
                    profile_id: resource_id.to_owned(),
                    geography: geography.to_owned(),
                    model_id: model_id.to_owned(),
                    arn,
                }),
                None => Err(ModelRefError::MalformedArn {
                    rule: "a system inference-profile ID reads <geography>.<provider>.<model>",
                }),
            },
            "application-inference-profile" => Ok(Self::ApplicationProfileArn {
                profile_id: resource_id.to_owned(),
                arn,
            }),
            other => Err(ModelRefError::UnsupportedResource {
                resource_type: other.to_owned(),
            }),
        }
    }

    /// The foundation-model ID behind this reference, when it can be known without asking the service.
    pub fn foundation_model_id(&self) -> Option<&str> {
        match self {
            Self::Foundation { model_id }
            | Self::SystemProfile { model_id, .. }
            | Self::FoundationArn { model_id, .. }
            | Self::SystemProfileArn { model_id, .. } => Some(model_id),
            Self::ApplicationProfileArn { .. } => None,
        }
    }

    /// The cross-Region geography (`us`, `eu`, `global`, …) of a system profile.
    pub fn geography(&self) -> Option<&str> {
        match self {
            Self::SystemProfile { geography, .. } | Self::SystemProfileArn { geography, .. } => {
                Some(geography)
            }
            _ => None,
        }
    }

    /// The ARN, when the user gave one.
    pub fn arn(&self) -> Option<&Arn> {
        match self {
            Self::FoundationArn { arn, .. }
            | Self::SystemProfileArn { arn, .. }
            | Self::ApplicationProfileArn { arn, .. } => Some(arn),
            _ => None,
        }
    }
}

fn check_id_chars(id: &str) -> Result<(), ModelRefError> {
    match id
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':')))
    {
        Some(found) => Err(ModelRefError::InvalidCharacter { found }),
        None => Ok(()),
    }
}

/// Splits `<geography>.<provider>.<model>` into geography and model ID. A foundation-model ID has exactly
/// one dot before its version suffix (`provider.model-v1:0`), so a third dot-separated part means the first
/// is a geography, whatever its spelling.
fn split_geography(id: &str) -> Option<(&str, &str)> {
    let base = id.split(':').next().unwrap_or(id);
    if base.split('.').count() < 3 {
        return None;
    }
    let (geography, model_id) = id.split_once('.')?;
    let is_geography = !geography.is_empty()
        && geography.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
        && !geography.starts_with('-');
    is_geography.then_some((geography, model_id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SONNET_37: &str = "anthropic.claude-3-7-sonnet-20250219-v1:0";

    #[test]
    fn bare_model_id_is_foundation() {
        let parsed = ModelRef::parse(SONNET_37).unwrap();
        assert_eq!(
            parsed,
            ModelRef::Foundation {
                model_id: SONNET_37.into()
            }
        );
        assert_eq!(parsed.geography(), None);
    }

    #[test]
    fn every_known_geography_parses_as_system_profile() {
        for geo in ["us", "eu", "apac", "jp", "au", "ca", "us-gov", "global"] {
            let id = format!("{geo}.{SONNET_37}");
            let parsed = ModelRef::parse(&id).unwrap();
            assert_eq!(parsed.geography(), Some(geo), "{id}");
            assert_eq!(parsed.foundation_model_id(), Some(SONNET_37), "{id}");
        }
    }

    #[test]
    fn unknown_future_geography_is_accepted() {
        let parsed = ModelRef::parse("mars.amazon.nova-lite-v1:0").unwrap();
        assert_eq!(parsed.geography(), Some("mars"));
        assert_eq!(parsed.foundation_model_id(), Some("amazon.nova-lite-v1:0"));
    }

    #[test]
    fn arns_of_each_kind() {
        let fm = ModelRef::parse(&format!(
            "arn:aws:bedrock:us-east-1::foundation-model/{SONNET_37}"
        ))
        .unwrap();
        assert_eq!(fm.foundation_model_id(), Some(SONNET_37));
        assert_eq!(fm.arn().unwrap().account_id, "");

        let sys = ModelRef::parse(&format!(
            "arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.{SONNET_37}"
        ))
        .unwrap();
        assert_eq!(sys.geography(), Some("eu"));
        assert_eq!(sys.arn().unwrap().region, "eu-west-1");

        let app = ModelRef::parse(
            "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6",
        )
        .unwrap();
        assert_eq!(
            app.foundation_model_id(),
            None,
            "the model behind an application profile is opaque"
        );
        assert!(
            matches!(app, ModelRef::ApplicationProfileArn { ref profile_id, .. } if profile_id == "a1b2c3d4e5f6")
        );
    }

    #[test]
    fn gov_and_china_partitions() {
        for partition in ["aws-us-gov", "aws-cn"] {
            let arn = format!("arn:{partition}:bedrock:us-gov-west-1::foundation-model/{SONNET_37}");
            assert!(ModelRef::parse(&arn).is_ok(), "{arn}");
        }
    }

    #[test]
    fn errors_name_the_rule() {
        assert_eq!(ModelRef::parse("  "), Err(ModelRefError::Empty));
        assert_eq!(
            ModelRef::parse("anthropic.claude 3"),
            Err(ModelRefError::InvalidCharacter { found: ' ' })
        );
        assert!(matches!(
            ModelRef::parse("arn:aws:s3:us-east-1::foundation-model/x.y"),
            Err(ModelRefError::MalformedArn { rule }) if rule.contains("bedrock")
        ));
        assert!(matches!(
            ModelRef::parse("arn:aws:bedrock:us-east-1:12345:foundation-model/x.y"),
            Err(ModelRefError::MalformedArn { rule }) if rule.contains("12 digits")
        ));
        assert_eq!(
            ModelRef::parse("arn:aws:bedrock:us-east-1:123456789012:custom-model/abc"),
            Err(ModelRefError::UnsupportedResource {
                resource_type: "custom-model".into()
            })
        );
        let message = ModelRef::parse("arn:aws:bedrock:us-east-1")
            .unwrap_err()
            .to_string();
        assert!(message.contains("arn:<partition>:bedrock"), "{message}");
    }

    proptest! {
        #[test]
        fn geography_prefix_round_trips(
            geo in "[a-z]{2,6}(-[a-z]{2,4})?",
            provider in "[a-z][a-z0-9]{1,10}",
            name in "[a-z0-9][a-z0-9-]{0,30}",
            version in "v[0-9]:[0-9]",
        ) {
            let model_id = format!("{provider}.{name}-{version}");
            let bare = ModelRef::parse(&model_id).unwrap();
            prop_assert_eq!(bare.geography(), None);
            prop_assert_eq!(bare.foundation_model_id(), Some(model_id.as_str()));

            let profile = ModelRef::parse(&format!("{geo}.{model_id}")).unwrap();
            prop_assert_eq!(profile.geography(), Some(geo.as_str()));
            prop_assert_eq!(profile.foundation_model_id(), Some(model_id.as_str()));
        }

        #[test]
        fn never_panics(input in ".{0,80}") {
            let _ = ModelRef::parse(&input);
        }
    }

    #[test]
    fn ids_without_a_date_or_version_parse_like_dated_ones() {
        for id in [
            "anthropic.claude-sonnet-4-6",
            "anthropic.claude-opus-4-6-v1",
            "anthropic.claude-opus-4-7",
        ] {
            assert_eq!(
                ModelRef::parse(id).unwrap(),
                ModelRef::Foundation { model_id: id.into() },
                "{id}"
            );
            let profile = format!("us.{id}");
            let parsed = ModelRef::parse(&profile).unwrap();
            assert_eq!(
                (parsed.geography(), parsed.foundation_model_id()),
                (Some("us"), Some(id))
            );
        }
        let arn = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/global.anthropic.claude-opus-4-7";
        assert_eq!(
            ModelRef::parse(arn).unwrap().foundation_model_id(),
            Some("anthropic.claude-opus-4-7")
        );
        let fm = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-4-6";
        assert_eq!(
            ModelRef::parse(fm).unwrap().foundation_model_id(),
            Some("anthropic.claude-sonnet-4-6")
        );
    }
}
