//! What can call a model from a Region (its own ID, its system profiles), and what a person probably meant
//! by an ID Bedrock does not know.

use super::catalogue::{ModelInfo, ProfileInfo};
use crate::model_id::ModelRef;

/// System profiles containing `model_id`, best for `region` first: profiles that can serve from the Region
/// itself, the most specific geography (fewest destinations) first, `global`-style ones (the most
/// destinations) last.
pub(super) fn profiles_for<'a>(
    model_id: &str,
    region: &str,
    profiles: &'a [ProfileInfo],
) -> Vec<&'a ProfileInfo> {
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
pub(super) fn geographies_here(profiles: &[ProfileInfo]) -> Vec<String> {
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
pub(super) fn name_words(name: &str) -> Vec<String> {
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
pub(super) fn suggestions(input: &str, models: &[ModelInfo], profiles: &[ProfileInfo]) -> Vec<String> {
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
pub(super) fn callers_of(
    model_id: &str,
    region: &str,
    models: &[ModelInfo],
    profiles: &[ProfileInfo],
) -> Vec<String> {
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
