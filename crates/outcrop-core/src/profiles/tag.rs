//! A tag as the Bedrock API carries it, and the tags teams use most.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A tag as the Bedrock API carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Tag {
    pub key: String,
    pub value: String,
}

/// Cost-allocation tags teams use most; offered as templates. Tags only appear in Cost Explorer after they are
/// activated under Billing → Cost allocation tags.
pub const TAG_TEMPLATES: &[&str] = &["Department", "Project", "CostCenter", "Environment"];
