//! Test data shared by the profile modules' tests.

use super::tag::Tag;
use crate::resolver::ProfileInfo;

pub fn tag(key: &str, value: &str) -> Tag {
    Tag {
        key: key.into(),
        value: value.into(),
    }
}

/// An application profile of Nova Lite in us-east-1.
pub fn application_profile() -> ProfileInfo {
    ProfileInfo {
        id: "abc123".into(),
        arn: "arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/abc123".into(),
        application: true,
        model_arns: vec!["arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0".into()],
    }
}
