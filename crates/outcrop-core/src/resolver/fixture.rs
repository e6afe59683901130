//! The Regions, models and profiles the unit tests of this module share.

use super::catalogue::{ModelInfo, ProfileInfo};

pub(super) const SONNET_37: &str = "anthropic.claude-3-7-sonnet-20250219-v1:0";
pub(super) const APAC: &[&str] = &[
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-south-1",
    "ap-southeast-1",
    "ap-southeast-2",
];
pub(super) const GLOBAL: &[&str] = &[
    "us-east-1",
    "us-west-2",
    "eu-west-1",
    "ap-northeast-1",
    "ap-southeast-2",
];
pub(super) const NOVA_LITE: &str = "amazon.nova-lite-v1:0";

pub(super) fn fm(region: &str, model: &str) -> String {
    format!("arn:aws:bedrock:{region}::foundation-model/{model}")
}

pub(super) fn system(geo: &str, model: &str, source: &str, destinations: &[&str]) -> ProfileInfo {
    ProfileInfo {
        id: format!("{geo}.{model}"),
        arn: format!("arn:aws:bedrock:{source}:111122223333:inference-profile/{geo}.{model}"),
        application: false,
        model_arns: destinations.iter().map(|r| fm(r, model)).collect(),
    }
}

pub(super) fn models() -> Vec<ModelInfo> {
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
