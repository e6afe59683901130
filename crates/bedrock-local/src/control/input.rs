//! Reading a request body, and the checks several operations share: enum members and tags.

use axum::body::Bytes;
use serde::Deserialize;

use crate::error::AwsError;
use crate::validate::{self, Violations};
use crate::world::Tag;

pub(super) const MAX_TAGS: usize = 200;

pub(super) fn check_enum(value: Option<&str>, member: &str, allowed: &[&str]) -> Result<(), AwsError> {
    match value {
        Some(value) if !allowed.contains(&value) => Err(AwsError::constraint(
            value,
            member,
            &format!("Member must satisfy enum value set: [{}]", allowed.join(", ")),
        )),
        _ => Ok(()),
    }
}

pub(super) fn parse_body<T: for<'de> Deserialize<'de>>(body: &Bytes) -> Result<T, AwsError> {
    let body: &[u8] = if body.is_empty() { b"{}" } else { body };
    serde_json::from_slice(body)
        .map_err(|e| AwsError::serialization(format!("The request body could not be read as JSON: {e}")))
}

pub(super) fn check_tags(violations: &mut Violations, tags: &[Tag], member: &str) {
    violations.list_length(tags.len(), member, MAX_TAGS);
    for (i, tag) in tags.iter().enumerate() {
        let key_member = format!("{member}.{}.member.key", i + 1);
        let value_member = format!("{member}.{}.member.value", i + 1);
        violations.length(&tag.key, &key_member, 1, 128, true);
        violations.pattern(
            &tag.key,
            &key_member,
            validate::TAG_PATTERN,
            validate::is_tag_text(&tag.key),
            true,
        );
        violations.length(&tag.value, &value_member, 0, 256, true);
        violations.pattern(
            &tag.value,
            &value_member,
            validate::TAG_PATTERN,
            validate::is_tag_text(&tag.value),
            true,
        );
    }
}
