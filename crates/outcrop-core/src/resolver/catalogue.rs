//! The Region's foundation models and inference profiles, as far as resolving needs to know them.

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
