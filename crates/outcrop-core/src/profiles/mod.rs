//! Application inference profiles, decided without a network.
//!
//! - `tag`: a tag as the Bedrock API carries it, and the cost-allocation tag templates.
//! - `rules`: the constraints of CreateInferenceProfile and the tag operations, checked as the person types
//!   (with the rule in each message).
//! - `cli`: the equivalent AWS CLI commands.
//! - `iam`: a least-privilege IAM policy for using a profile.

pub mod cli;
mod iam;
mod rules;
mod tag;

#[cfg(test)]
mod fixture;

pub use self::cli::{CliAction, CliCommand};
pub use self::iam::{iam_policy, iam_policy_text};
pub use self::rules::{check_copy_from, check_description, check_name, check_tag_target, check_tags};
pub use self::tag::{TAG_TEMPLATES, Tag};
