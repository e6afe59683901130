//! From what a person chose (a model ID, a profile ID or an ARN) to the ID to invoke in a Region, with the
//! reason. A bare ID of a model that only runs through an inference profile becomes the matching profile
//! before the call — the "with on-demand throughput isn’t supported" error is fixed before it happens — and an
//! application profile is resolved to the model behind it, so caching rules, token counting and prices work.
//! Profiles are whatever ListInferenceProfiles returned: no geography prefix is hard-coded.
//!
//! - `catalogue`: the Region's models and inference profiles, as far as resolving needs to know them.
//! - `verdict`: the answer: how a choice is invoked, or why Bedrock would refuse it.
//! - `reason`: why a choice is invoked the way it is, as a code with its figures.
//! - `candidates`: the profiles and IDs that can call a model from a Region, and what a person probably meant.
//! - `resolve`: from a choice to the ID to invoke.

mod candidates;
mod catalogue;
mod reason;
mod resolve;
mod verdict;

#[cfg(test)]
mod fixture;

pub use self::catalogue::{ModelInfo, ProfileInfo, model_id_of_arn};
pub use self::reason::ResolutionReason;
pub use self::resolve::resolve;
pub use self::verdict::{Refusal, Resolution, ResolveError, Route, Verdict};
