//! From a choice (model ID, profile ID or ARN) to the ID to invoke in a Region, with the reason.

use super::candidates::{callers_of, geographies_here, profiles_for, suggestions};
use super::catalogue::{ModelInfo, ProfileInfo};
use super::reason::ResolutionReason;
use super::verdict::{Refusal, Resolution, ResolveError, Route};
use crate::model_id::ModelRef;

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
                    reason: ResolutionReason::OnDemand {
                        model_id: model_id.clone(),
                        region: region.to_owned(),
                    },
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
                        reason: ResolutionReason::ProfileOnly {
                            model_id: model_id.clone(),
                            profile_id: best.id.clone(),
                            destinations: owned(best.destination_regions()),
                        },
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
                        reason: ResolutionReason::ModelNotListed {
                            model_id: model_id.clone(),
                            region: region.to_owned(),
                        },
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
                    Some(p) => ResolutionReason::SystemProfile {
                        profile_id: profile_id.clone(),
                        destinations: owned(p.destination_regions()),
                    },
                    None => ResolutionReason::ProfileNotListed {
                        profile_id: profile_id.clone(),
                        region: region.to_owned(),
                    },
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
                    Some(model) => ResolutionReason::ApplicationProfile {
                        profile_id: profile_id.clone(),
                        model_id: model.to_owned(),
                    },
                    None => ResolutionReason::ApplicationProfileNotListed {
                        profile_id: profile_id.clone(),
                        account_id: arn.account_id.clone(),
                        region: region.to_owned(),
                    },
                },
                alternatives: Vec::new(),
            }
        }
    };
    Ok(resolution)
}

fn owned(regions: Vec<&str>) -> Vec<String> {
    regions.into_iter().map(str::to_owned).collect()
}

#[cfg(test)]
mod tests;
