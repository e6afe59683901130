//! From what a person chose (a model ID, a profile ID or an ARN) to the ID to invoke in a Region, with the
//! reason. A bare ID of a model that only runs through an inference profile becomes the matching profile
//! before the call — the "with on-demand throughput isn’t supported" error is fixed before it happens — and an
//! application profile is resolved to the model behind it, so caching rules, token counting and prices work.
//! Profiles are whatever ListInferenceProfiles returned: no geography prefix is hard-coded.

use serde::Serialize;
use ts_rs::TS;

use crate::model_id::{ModelRef, ModelRefError};

/// A foundation model of the Region, as far as resolving needs to know it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelInfo {
    pub model_id: String,
    /// `ON_DEMAND` is among its inference types: the bare ID can be invoked.
    pub on_demand: bool,
}

/// An inference profile of the Region (system-defined or application).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileInfo {
    pub id: String,
    pub arn: String,
    pub application: bool,
    /// One foundation-model ARN per destination Region.
    pub model_arns: Vec<String>,
}

impl ProfileInfo {
    /// The foundation model the profile routes to (the same model in every destination).
    pub fn model_id(&self) -> Option<&str> {
        self.model_arns.first().and_then(|arn| model_id_of_arn(arn))
    }

    /// The Regions requests may be served from.
    pub fn destination_regions(&self) -> Vec<&str> {
        self.model_arns
            .iter()
            .filter_map(|arn| arn.split(':').nth(3))
            .filter(|r| !r.is_empty())
            .collect()
    }
}

/// `arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude…` → `anthropic.claude…`.
pub fn model_id_of_arn(arn: &str) -> Option<&str> {
    arn.rsplit_once(":foundation-model/").map(|(_, id)| id)
}

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
    pub reason: String,
    /// Other system profiles that also contain the model, best first.
    pub alternatives: Vec<String>,
}

/// Why a choice cannot be invoked in this Region.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ResolveError {
    #[error(transparent)]
    Invalid(#[from] ModelRefError),
    #[error(
        "{model_id} runs only through an inference profile, and no profile in {region} contains it; choose another Region or model"
    )]
    NoProfileInRegion { model_id: String, region: String },
}

/// System profiles containing `model_id`, best for `region` first: profiles that can serve from the Region
/// itself, the most specific geography (fewest destinations) first, `global`-style ones (the most
/// destinations) last.
fn profiles_for<'a>(model_id: &str, region: &str, profiles: &'a [ProfileInfo]) -> Vec<&'a ProfileInfo> {
    let mut matching: Vec<&ProfileInfo> = profiles
        .iter()
        .filter(|p| !p.application && p.model_id() == Some(model_id))
        .collect();
    matching.sort_by_key(|p| {
        let regions = p.destination_regions();
        let serves_here = regions.contains(&region);
        let is_global = p.id.starts_with("global.");
        (!serves_here, is_global, regions.len(), p.id.clone())
    });
    matching
}

/// Resolves a choice for `region` against the Region's models and profiles.
pub fn resolve(
    input: &str,
    region: &str,
    models: &[ModelInfo],
    profiles: &[ProfileInfo],
) -> Result<Resolution, ResolveError> {
    let parsed = ModelRef::parse(input)?;
    let resolution = match &parsed {
        ModelRef::Foundation { model_id } | ModelRef::FoundationArn { model_id, .. } => {
            let invoke_as_given = input.trim().to_owned();
            match models.iter().find(|m| &m.model_id == model_id) {
                Some(model) if model.on_demand => Resolution {
                    invoke_id: invoke_as_given,
                    foundation_model_id: Some(model_id.clone()),
                    route: Route::OnDemand,
                    reason: format!("{model_id} supports on-demand invocation in {region}"),
                    alternatives: profiles_for(model_id, region, profiles)
                        .iter()
                        .map(|p| p.id.clone())
                        .collect(),
                },
                Some(_) => {
                    let candidates = profiles_for(model_id, region, profiles);
                    let Some(best) = candidates.first() else {
                        return Err(ResolveError::NoProfileInRegion {
                            model_id: model_id.clone(),
                            region: region.to_owned(),
                        });
                    };
                    Resolution {
                        invoke_id: best.id.clone(),
                        foundation_model_id: Some(model_id.clone()),
                        route: Route::SystemProfile,
                        reason: format!(
                            "{model_id} can only be invoked through an inference profile; {} routes it to {}",
                            best.id,
                            best.destination_regions().join(", ")
                        ),
                        alternatives: candidates[1..].iter().map(|p| p.id.clone()).collect(),
                    }
                }
                None => Resolution {
                    invoke_id: invoke_as_given,
                    foundation_model_id: Some(model_id.clone()),
                    route: Route::Unverified,
                    reason: format!("{model_id} is not in {region}'s model list; it is sent as given"),
                    alternatives: Vec::new(),
                },
            }
        }
        ModelRef::SystemProfile {
            profile_id, model_id, ..
        }
        | ModelRef::SystemProfileArn {
            profile_id, model_id, ..
        } => {
            let known = profiles.iter().find(|p| &p.id == profile_id);
            Resolution {
                invoke_id: input.trim().to_owned(),
                foundation_model_id: Some(known.and_then(|p| p.model_id()).unwrap_or(model_id).to_owned()),
                route: if known.is_some() {
                    Route::SystemProfile
                } else {
                    Route::Unverified
                },
                reason: match known {
                    Some(p) => format!("{profile_id} routes to {}", p.destination_regions().join(", ")),
                    None => format!("{profile_id} is not listed in {region}; it is sent as given"),
                },
                alternatives: Vec::new(),
            }
        }
        ModelRef::ApplicationProfileArn { arn, profile_id } => {
            let full = input.trim();
            let known = profiles
                .iter()
                .find(|p| p.application && (p.arn == full || &p.id == profile_id));
            Resolution {
                invoke_id: full.to_owned(),
                foundation_model_id: known.and_then(|p| p.model_id()).map(str::to_owned),
                route: if known.is_some() {
                    Route::ApplicationProfile
                } else {
                    Route::Unverified
                },
                reason: match known.and_then(|p| p.model_id()) {
                    Some(model) => format!("application profile {profile_id} invokes {model}"),
                    None => format!(
                        "application profile {profile_id} (account {}) is not in {region}'s list; the model behind it is unknown",
                        arn.account_id
                    ),
                },
                alternatives: Vec::new(),
            }
        }
    };
    Ok(resolution)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SONNET_37: &str = "anthropic.claude-3-7-sonnet-20250219-v1:0";
    const APAC: &[&str] = &[
        "ap-northeast-1",
        "ap-northeast-2",
        "ap-south-1",
        "ap-southeast-1",
        "ap-southeast-2",
    ];
    const GLOBAL: &[&str] = &[
        "us-east-1",
        "us-west-2",
        "eu-west-1",
        "ap-northeast-1",
        "ap-southeast-2",
    ];
    const NOVA_LITE: &str = "amazon.nova-lite-v1:0";

    fn fm(region: &str, model: &str) -> String {
        format!("arn:aws:bedrock:{region}::foundation-model/{model}")
    }

    fn system(geo: &str, model: &str, source: &str, destinations: &[&str]) -> ProfileInfo {
        ProfileInfo {
            id: format!("{geo}.{model}"),
            arn: format!("arn:aws:bedrock:{source}:111122223333:inference-profile/{geo}.{model}"),
            application: false,
            model_arns: destinations.iter().map(|r| fm(r, model)).collect(),
        }
    }

    fn models() -> Vec<ModelInfo> {
        vec![
            ModelInfo {
                model_id: SONNET_37.into(),
                on_demand: false,
            },
            ModelInfo {
                model_id: NOVA_LITE.into(),
                on_demand: true,
            },
        ]
    }

    /// For each geography: the profiles a Region of it lists, and the one a bare profile-only ID becomes.
    #[test]
    fn every_geography_resolves_a_profile_only_model_to_its_own_profile() {
        let cases: [(&str, Vec<ProfileInfo>, &str); 7] = [
            (
                "us-east-1",
                vec![
                    system(
                        "us",
                        SONNET_37,
                        "us-east-1",
                        &["us-east-1", "us-east-2", "us-west-2"],
                    ),
                    system("global", SONNET_37, "us-east-1", GLOBAL),
                ],
                "us",
            ),
            (
                "eu-central-1",
                vec![
                    system("global", SONNET_37, "eu-central-1", GLOBAL),
                    system(
                        "eu",
                        SONNET_37,
                        "eu-central-1",
                        &["eu-central-1", "eu-west-1", "eu-west-3"],
                    ),
                ],
                "eu",
            ),
            (
                "ap-northeast-1",
                vec![
                    system("apac", SONNET_37, "ap-northeast-1", APAC),
                    system(
                        "jp",
                        SONNET_37,
                        "ap-northeast-1",
                        &["ap-northeast-1", "ap-northeast-3"],
                    ),
                ],
                "jp",
            ),
            (
                "ap-southeast-2",
                vec![
                    system("apac", SONNET_37, "ap-southeast-2", APAC),
                    system(
                        "au",
                        SONNET_37,
                        "ap-southeast-2",
                        &["ap-southeast-2", "ap-southeast-4"],
                    ),
                ],
                "au",
            ),
            (
                "ca-central-1",
                vec![system(
                    "ca",
                    SONNET_37,
                    "ca-central-1",
                    &["ca-central-1", "ca-west-1"],
                )],
                "ca",
            ),
            (
                "us-gov-west-1",
                vec![system(
                    "us-gov",
                    SONNET_37,
                    "us-gov-west-1",
                    &["us-gov-west-1", "us-gov-east-1"],
                )],
                "us-gov",
            ),
            (
                "sa-east-1",
                vec![system("global", SONNET_37, "sa-east-1", GLOBAL)],
                "global",
            ),
        ];
        for (region, profiles, geography) in cases {
            let resolution = resolve(SONNET_37, region, &models(), &profiles).unwrap();
            assert_eq!(
                resolution.invoke_id,
                format!("{geography}.{SONNET_37}"),
                "{region}"
            );
            assert_eq!(resolution.route, Route::SystemProfile, "{region}");
            assert_eq!(resolution.foundation_model_id.as_deref(), Some(SONNET_37));
            assert!(
                resolution
                    .reason
                    .contains("only be invoked through an inference profile"),
                "{}",
                resolution.reason
            );
            assert_eq!(resolution.alternatives.len(), profiles.len() - 1, "{region}");
        }
    }

    #[test]
    fn on_demand_models_stay_on_demand_with_their_profiles_as_alternatives() {
        let profiles = vec![system(
            "us",
            NOVA_LITE,
            "us-east-1",
            &["us-east-1", "us-east-2", "us-west-2"],
        )];
        let resolution = resolve(NOVA_LITE, "us-east-1", &models(), &profiles).unwrap();
        assert_eq!(
            (resolution.invoke_id.as_str(), resolution.route),
            (NOVA_LITE, Route::OnDemand)
        );
        assert_eq!(resolution.alternatives, [format!("us.{NOVA_LITE}")]);
    }

    #[test]
    fn no_profile_in_the_region_is_an_error_that_says_so() {
        let error = resolve(SONNET_37, "me-south-1", &models(), &[]).unwrap_err();
        assert!(
            error.to_string().contains("no profile in me-south-1 contains it"),
            "{error}"
        );
    }

    #[test]
    fn profile_ids_pass_through_including_unknown_future_prefixes() {
        let profiles = vec![system(
            "us",
            SONNET_37,
            "us-east-1",
            &["us-east-1", "us-east-2", "us-west-2"],
        )];
        let known = resolve(&format!("us.{SONNET_37}"), "us-east-1", &models(), &profiles).unwrap();
        assert_eq!(known.route, Route::SystemProfile);
        assert!(known.reason.contains("us-east-2"));
        let future = resolve(&format!("mars.{SONNET_37}"), "us-east-1", &models(), &profiles).unwrap();
        assert_eq!(future.invoke_id, format!("mars.{SONNET_37}"));
        assert_eq!(future.route, Route::Unverified);
        assert_eq!(future.foundation_model_id.as_deref(), Some(SONNET_37));
    }

    #[test]
    fn application_profile_arns_resolve_to_their_model() {
        let arn = "arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/a1b2c3d4e5f6";
        let app = ProfileInfo {
            id: "a1b2c3d4e5f6".into(),
            arn: arn.into(),
            application: true,
            model_arns: vec![fm("us-east-1", SONNET_37), fm("us-west-2", SONNET_37)],
        };
        let resolution = resolve(arn, "us-east-1", &models(), &[app]).unwrap();
        assert_eq!(resolution.route, Route::ApplicationProfile);
        assert_eq!(resolution.invoke_id, arn);
        assert_eq!(resolution.foundation_model_id.as_deref(), Some(SONNET_37));
        let unknown = resolve(arn, "us-east-1", &models(), &[]).unwrap();
        assert_eq!(
            (unknown.route, unknown.foundation_model_id),
            (Route::Unverified, None)
        );
    }

    #[test]
    fn unknown_models_are_sent_as_given_and_bad_input_is_refused() {
        let resolution = resolve("acme.new-model-v1:0", "us-east-1", &models(), &[]).unwrap();
        assert_eq!(resolution.route, Route::Unverified);
        assert!(matches!(
            resolve("not a model", "us-east-1", &models(), &[]),
            Err(ResolveError::Invalid(_))
        ));
    }
}
