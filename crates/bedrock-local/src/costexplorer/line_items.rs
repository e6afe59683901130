//! The bill the invocation record makes: each served invocation becomes up to four line items (input read
//! afresh, output, cache reads, cache writes), each with its usage type, token count, cost from the price table
//! and the cost-allocation tags it carries — the application profile's tags and its project's.

use std::collections::HashMap;
use std::time::SystemTime;

use crate::record::{Invocation, Outcome};
use crate::world::{FoundationModel, Tag, World};

use super::prices::{PriceTable, Route};
use crate::world::SYSTEM_DEFINED;

/// The dimensions a line item has, which bedrock-local can filter and group by.
pub const DIMENSIONS: [&str; 4] = ["SERVICE", "USAGE_TYPE", "REGION", "LINKED_ACCOUNT"];

/// The SERVICE dimension's value for everything bedrock-local bills.
pub const SERVICE: &str = "Amazon Bedrock";

/// One line of the bill.
#[derive(Debug, Clone, PartialEq)]
pub struct LineItem {
    pub time: SystemTime,
    pub usage_type: String,
    pub region: String,
    pub account: String,
    /// Tokens.
    pub quantity: u64,
    /// USD.
    pub cost: f64,
    pub tags: Vec<Tag>,
}

impl LineItem {
    /// The value of a dimension (`SERVICE`, `USAGE_TYPE`, `REGION`, `LINKED_ACCOUNT`); `None` for others.
    pub fn dimension(&self, key: &str) -> Option<&str> {
        match key {
            "SERVICE" => Some(SERVICE),
            "USAGE_TYPE" => Some(&self.usage_type),
            "REGION" => Some(&self.region),
            "LINKED_ACCOUNT" => Some(&self.account),
            _ => None,
        }
    }

    pub fn tag(&self, key: &str) -> Option<&str> {
        self.tags
            .iter()
            .find(|tag| tag.key == key)
            .map(|tag| tag.value.as_str())
    }
}

/// The usage types' Region prefix, as AWS's billing names it (`USE1` for us-east-1); the Region itself,
/// upper-cased, for one this table lacks.
fn region_code(region: &str) -> String {
    let code = match region {
        "us-east-1" => "USE1",
        "us-east-2" => "USE2",
        "us-west-1" => "USW1",
        "us-west-2" => "USW2",
        "ca-central-1" => "CAN1",
        "eu-central-1" => "EUC1",
        "eu-west-1" => "EU",
        "eu-west-2" => "EUW2",
        "eu-west-3" => "EUW3",
        "eu-north-1" => "EUN1",
        "ap-northeast-1" => "APN1",
        "ap-northeast-2" => "APN2",
        "ap-southeast-1" => "APS1",
        "ap-southeast-2" => "APS2",
        "ap-south-1" => "APS3",
        "sa-east-1" => "SAE1",
        other => return other.to_uppercase(),
    };
    code.to_owned()
}

/// `USE1-ClaudeSonnet4.6-input-tokens`: the Region's code, the model's name without spaces and the kind of
/// token (AWS's usage types for Claude read `USE1-Claude4.6Sonnet-input-tokens`; bedrock-local names the model
/// as its catalog does).
fn usage_type(region: &str, model: &FoundationModel, kind: &str) -> String {
    let name: String = model.model_name.split_whitespace().collect();
    format!("{}-{name}-{kind}", region_code(region))
}

/// The tags an invocation's cost carries: its application profile's, then its project's (a key the profile
/// already has keeps the profile's value). `projects` remembers each project's tags for the rest of the record.
fn cost_tags(world: &World, projects: &mut HashMap<String, Vec<Tag>>, invocation: &Invocation) -> Vec<Tag> {
    let mut tags = invocation.tags.clone();
    let project_tags = projects.entry(invocation.project.clone()).or_insert_with(|| {
        world
            .project(&invocation.project)
            .and_then(|project| world.state().tags.get(&project.arn).cloned())
            .unwrap_or_default()
    });
    for tag in project_tags.iter() {
        if !tags.iter().any(|t| t.key == tag.key) {
            tags.push(tag.clone());
        }
    }
    tags
}

/// The route of what was invoked: a system profile's by its prefix, an application profile's by the system
/// profile it copies (the same destinations), or the model in this Region.
fn route(world: &World, invoked: &str) -> Route {
    let system_route = |profile: &crate::world::InferenceProfile| {
        if profile.inference_profile_id.starts_with("global.") {
            Route::Global
        } else {
            Route::Geographic
        }
    };
    match world.profile(invoked) {
        Some(profile) if profile.profile_type == SYSTEM_DEFINED => system_route(&profile),
        Some(profile) => world
            .system_profiles
            .iter()
            .find(|system| system.models == profile.models)
            .map_or(Route::InRegion, system_route),
        None => Route::InRegion,
    }
}

/// The line items of every served invocation in `record` with a priced model and a token count above zero.
pub fn line_items(world: &World, prices: &PriceTable, record: &[Invocation]) -> Vec<LineItem> {
    let mut items = Vec::new();
    let mut projects = HashMap::new();
    let mut routes: HashMap<String, Route> = HashMap::new();
    for invocation in record {
        let (Outcome::Served, Some(usage), Some(model_id)) = (
            invocation.outcome,
            &invocation.usage,
            &invocation.foundation_model,
        ) else {
            continue;
        };
        let route = *routes
            .entry(invocation.invoked.clone())
            .or_insert_with(|| route(world, &invocation.invoked));
        let (Some(model), Some(charges)) = (
            world.foundation_model(model_id),
            prices.charges(model_id, route, usage),
        ) else {
            continue;
        };
        let tags = cost_tags(world, &mut projects, invocation);
        for (kind, (quantity, cost)) in [
            ("input-tokens", charges.input),
            ("output-tokens", charges.output),
            ("cache-read-input-tokens", charges.cache_read),
            ("cache-write-input-tokens", charges.cache_write),
            ("cache-write-1h-input-tokens", charges.cache_write_1h),
        ] {
            if quantity == 0 {
                continue;
            }
            items.push(LineItem {
                time: invocation.time,
                usage_type: usage_type(&world.region, model, kind),
                region: world.region.clone(),
                account: world.account_id.clone(),
                quantity,
                cost,
                tags: tags.clone(),
            });
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_types_name_the_region_model_and_kind() {
        let world = World::seeded(
            "us-east-1",
            "111122223333",
            std::sync::Arc::new(crate::clock::SystemClock),
        );
        let model = world.foundation_model("anthropic.claude-sonnet-4-6").unwrap();
        assert_eq!(
            usage_type("us-east-1", model, "input-tokens"),
            "USE1-ClaudeSonnet4.6-input-tokens"
        );
        assert_eq!(region_code("eu-west-1"), "EU");
        assert_eq!(region_code("xx-moon-1"), "XX-MOON-1");
    }
}
