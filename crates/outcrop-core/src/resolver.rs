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

/// The geographies of the system profiles this Region lists (`us`, `global`, …): the ones it is a source
/// Region of.
fn geographies_here(profiles: &[ProfileInfo]) -> Vec<String> {
    let mut geographies: Vec<String> = profiles
        .iter()
        .filter(|p| !p.application)
        .filter_map(|p| ModelRef::parse(&p.id).ok()?.geography().map(str::to_owned))
        .collect();
    geographies.sort();
    geographies.dedup();
    geographies
}

/// The words of an ID, for comparing names: `claude-3-5-sonnet-20240620-v1:0` → claude, 3, 5, sonnet,
/// 20240620 (version suffixes such as `v1` and `0` carry no meaning for a person).
fn name_words(name: &str) -> Vec<String> {
    let base = name.split(':').next().unwrap_or(name);
    base.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .filter(|w| !(w.starts_with('v') && w.len() > 1 && w[1..].bytes().all(|b| b.is_ascii_digit())))
        .collect()
}

/// Catalogue IDs a person probably meant by `input`, which Bedrock does not know, best first (at most three):
/// the IDs that `input` is the start of (a missing version suffix), then the model IDs whose name has every
/// word of `input` (`latest` aside), the fewest extra words first and the newest first, and the ARN of an
/// application profile given by its bare ID.
fn suggestions(input: &str, models: &[ModelInfo], profiles: &[ProfileInfo]) -> Vec<String> {
    const MAX: usize = 3;
    let needle = input.to_ascii_lowercase();
    let continues = |id: &str| {
        id.to_ascii_lowercase()
            .strip_prefix(&needle)
            .is_some_and(|rest| rest.starts_with(['-', ':']))
    };
    let mut found: Vec<String> = models
        .iter()
        .map(|m| m.model_id.as_str())
        .chain(profiles.iter().filter(|p| !p.application).map(|p| p.id.as_str()))
        .filter(|id| continues(id))
        .map(str::to_owned)
        .collect();
    found.sort_by(|a, b| b.cmp(a));
    found.extend(
        profiles
            .iter()
            .filter(|p| p.application && p.id.eq_ignore_ascii_case(input))
            .map(|p| p.arn.clone()),
    );
    let wanted: Vec<String> = name_words(input).into_iter().filter(|w| w != "latest").collect();
    if !wanted.is_empty() {
        let mut by_words: Vec<(usize, &str)> = models
            .iter()
            .filter_map(|m| {
                let name = m.model_id.split_once('.').map_or(m.model_id.as_str(), |(_, n)| n);
                let mut words = name_words(name);
                for w in &wanted {
                    let at = words.iter().position(|x| x == w)?;
                    words.remove(at);
                }
                Some((words.len(), m.model_id.as_str()))
            })
            .collect();
        by_words.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(a.1)));
        for (_, id) in by_words {
            if !found.iter().any(|f| f == id) {
                found.push(id.to_owned());
            }
        }
    }
    found.truncate(MAX);
    found
}

/// What calls `model_id` from `region`: its own ID when it runs on demand here, then its system profiles.
fn callers_of(model_id: &str, region: &str, models: &[ModelInfo], profiles: &[ProfileInfo]) -> Vec<String> {
    let on_demand = models.iter().any(|m| m.model_id == model_id && m.on_demand);
    on_demand
        .then(|| model_id.to_owned())
        .into_iter()
        .chain(
            profiles_for(model_id, region, profiles)
                .iter()
                .map(|p| p.id.clone()),
        )
        .collect()
}

/// Resolves a choice for `region` against the Region's models and profiles.
pub fn resolve(
    input: &str,
    region: &str,
    models: &[ModelInfo],
    profiles: &[ProfileInfo],
) -> Result<Resolution, ResolveError> {
    let parsed = ModelRef::parse(input)?;
    let refuse = |refusal: Refusal| Err(ResolveError::Refused(refusal));
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
                        return refuse(Refusal::NoProfileInRegion {
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
                None => {
                    // Every Bedrock model ID names its provider (`provider.model`); one that does not, or
                    // that is a catalogue ID cut short, is refused by Bedrock whatever the Region.
                    let suggested = suggestions(model_id, models, profiles);
                    let cut_short = suggested
                        .first()
                        .is_some_and(|s| s.starts_with(model_id.as_str()));
                    if !model_id.contains('.') || cut_short {
                        return refuse(Refusal::NotABedrockId {
                            input: model_id.clone(),
                            suggestions: suggested,
                        });
                    }
                    Resolution {
                        invoke_id: invoke_as_given,
                        foundation_model_id: Some(model_id.clone()),
                        route: Route::Unverified,
                        reason: format!("{model_id} is not in {region}'s model list; it is sent as given"),
                        alternatives: Vec::new(),
                    }
                }
            }
        }
        ModelRef::SystemProfile {
            profile_id,
            geography,
            model_id,
        }
        | ModelRef::SystemProfileArn {
            profile_id,
            geography,
            model_id,
            ..
        } => {
            let known = profiles.iter().find(|p| &p.id == profile_id);
            if known.is_none() {
                let here = geographies_here(profiles);
                if !here.contains(geography) {
                    return refuse(Refusal::NotCallableHere {
                        profile_id: profile_id.clone(),
                        geography: geography.clone(),
                        region: region.to_owned(),
                        geographies_here: here,
                        use_instead: callers_of(model_id, region, models, profiles),
                    });
                }
                let suggested = suggestions(profile_id, models, profiles);
                if suggested
                    .first()
                    .is_some_and(|s| s.starts_with(profile_id.as_str()))
                {
                    return refuse(Refusal::NotABedrockId {
                        input: profile_id.clone(),
                        suggestions: suggested,
                    });
                }
            }
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
    fn profile_ids_of_a_geography_listed_here_pass_through() {
        let profiles = vec![system(
            "us",
            SONNET_37,
            "us-east-1",
            &["us-east-1", "us-east-2", "us-west-2"],
        )];
        let known = resolve(&format!("us.{SONNET_37}"), "us-east-1", &models(), &profiles).unwrap();
        assert_eq!(known.route, Route::SystemProfile);
        assert!(known.reason.contains("us-east-2"));
        // A geography AWS adds later is listed by the Regions that can call it, whatever its spelling.
        let future = vec![system("mars", NOVA_LITE, "us-east-1", &["us-east-1"])];
        let unlisted_model = resolve(&format!("mars.{SONNET_37}"), "us-east-1", &models(), &future).unwrap();
        assert_eq!(unlisted_model.invoke_id, format!("mars.{SONNET_37}"));
        assert_eq!(unlisted_model.route, Route::Unverified);
        assert_eq!(unlisted_model.foundation_model_id.as_deref(), Some(SONNET_37));
    }

    #[test]
    fn a_profile_of_a_geography_this_region_does_not_list_cannot_be_called_from_here() {
        let profiles = vec![
            system(
                "us",
                SONNET_37,
                "us-east-1",
                &["us-east-1", "us-east-2", "us-west-2"],
            ),
            system("global", SONNET_37, "us-east-1", GLOBAL),
        ];
        for input in [
            format!("apac.{SONNET_37}"),
            format!("arn:aws:bedrock:ap-northeast-1:111122223333:inference-profile/apac.{SONNET_37}"),
        ] {
            let error = resolve(&input, "us-east-1", &models(), &profiles).unwrap_err();
            assert_eq!(
                error,
                ResolveError::Refused(Refusal::NotCallableHere {
                    profile_id: format!("apac.{SONNET_37}"),
                    geography: "apac".into(),
                    region: "us-east-1".into(),
                    geographies_here: vec!["global".into(), "us".into()],
                    use_instead: vec![format!("us.{SONNET_37}"), format!("global.{SONNET_37}")],
                }),
                "{input}"
            );
            assert!(
                error.to_string().contains("cannot be called from us-east-1"),
                "{error}"
            );
        }
        // The same rule from the other side: a `us.` profile from Tokyo, where the model also runs on demand.
        let tokyo = vec![system("apac", NOVA_LITE, "ap-northeast-1", APAC)];
        let error = resolve(&format!("us.{NOVA_LITE}"), "ap-northeast-1", &models(), &tokyo).unwrap_err();
        assert!(
            matches!(&error, ResolveError::Refused(Refusal::NotCallableHere { use_instead, .. })
                if *use_instead == [NOVA_LITE.to_owned(), format!("apac.{NOVA_LITE}")]),
            "{error:?}"
        );
    }

    #[test]
    fn an_anthropic_api_name_is_not_a_bedrock_id_and_the_catalogue_says_what_was_meant() {
        let catalogue = [
            "anthropic.claude-sonnet-4-20250514-v1:0",
            "anthropic.claude-sonnet-4-5-20250929-v1:0",
            "anthropic.claude-3-5-sonnet-20240620-v1:0",
            "anthropic.claude-3-5-sonnet-20241022-v2:0",
            NOVA_LITE,
        ];
        let models: Vec<ModelInfo> = catalogue
            .iter()
            .map(|id| ModelInfo {
                model_id: (*id).into(),
                on_demand: true,
            })
            .collect();
        let suggested = |input: &str| match resolve(input, "us-east-1", &models, &[]) {
            Err(ResolveError::Refused(Refusal::NotABedrockId {
                input: given,
                suggestions,
            })) => {
                assert_eq!(given, input);
                suggestions
            }
            other => panic!("{input}: {other:?}"),
        };
        assert_eq!(
            suggested("claude-sonnet-4-20250514"),
            ["anthropic.claude-sonnet-4-20250514-v1:0"]
        );
        // Anthropic's alias for the newest 3.5 Sonnet: both match, the newest first.
        assert_eq!(
            suggested("claude-3-5-sonnet-latest"),
            [
                "anthropic.claude-3-5-sonnet-20241022-v2:0",
                "anthropic.claude-3-5-sonnet-20240620-v1:0"
            ]
        );
        // Fewest extra words first: Sonnet 4 before Sonnet 4.5.
        assert_eq!(
            suggested("claude-sonnet-4")[..2],
            [
                "anthropic.claude-sonnet-4-20250514-v1:0",
                "anthropic.claude-sonnet-4-5-20250929-v1:0"
            ]
        );
        // A catalogue ID without its version suffix.
        assert_eq!(suggested("amazon.nova-lite"), [NOVA_LITE]);
        // Nothing alike: still refused, with nothing to suggest.
        assert!(suggested("gpt-4o").is_empty());
        let message = resolve("gpt-4o", "us-east-1", &models, &[])
            .unwrap_err()
            .to_string();
        assert!(message.contains("not a Bedrock model ID"), "{message}");
    }

    #[test]
    fn an_application_profile_given_by_its_bare_id_suggests_its_arn() {
        let arn = "arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/a1b2c3d4e5f6";
        let app = ProfileInfo {
            id: "a1b2c3d4e5f6".into(),
            arn: arn.into(),
            application: true,
            model_arns: vec![fm("us-east-1", SONNET_37)],
        };
        assert_eq!(
            resolve("a1b2c3d4e5f6", "us-east-1", &models(), &[app]),
            Err(ResolveError::Refused(Refusal::NotABedrockId {
                input: "a1b2c3d4e5f6".into(),
                suggestions: vec![arn.into()],
            }))
        );
    }

    #[test]
    fn verdicts_carry_refusals_and_keep_malformed_ids_as_errors() {
        let refused = Verdict::of(resolve("claude-sonnet-4-20250514", "us-east-1", &models(), &[]));
        assert!(matches!(
            refused,
            Ok(Verdict::Refused {
                refusal: Refusal::NotABedrockId { .. }
            })
        ));
        let callable = Verdict::of(resolve(NOVA_LITE, "us-east-1", &models(), &[])).unwrap();
        assert!(
            matches!(callable, Verdict::Callable { ref resolution } if resolution.route == Route::OnDemand)
        );
        assert_eq!(
            Verdict::of(resolve("", "us-east-1", &models(), &[])),
            Err(ModelRefError::Empty)
        );
        let json = serde_json::to_value(
            Verdict::of(resolve(&format!("apac.{SONNET_37}"), "us-east-1", &models(), &[])).unwrap(),
        )
        .unwrap();
        assert_eq!(json["verdict"], "refused");
        assert_eq!(json["refusal"]["kind"], "notCallableHere");
        assert_eq!(json["refusal"]["geographiesHere"], serde_json::json!([]));
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
