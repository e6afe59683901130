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

/// `maxResults` as a list operation reads it: `default` when absent, else 1 to `max`, in AWS's words otherwise.
pub(super) fn page_size(raw: Option<&str>, default: usize, max: usize) -> Result<usize, AwsError> {
    let Some(raw) = raw else {
        return Ok(default);
    };
    match raw.parse::<usize>() {
        Ok(n) if (1..=max).contains(&n) => Ok(n),
        Ok(0) => Err(AwsError::constraint(
            raw,
            "maxResults",
            "Member must have value greater than or equal to 1",
        )),
        Ok(_) => Err(AwsError::constraint(
            raw,
            "maxResults",
            &format!("Member must have value less than or equal to {max}"),
        )),
        Err(_) => Err(AwsError::validation(format!(
            "Invalid value for maxResults: {raw}"
        ))),
    }
}

/// Where a page starts: the position a `nextToken` made with `prefix` carries, or the start without one.
pub(super) fn page_start(token: Option<&str>, prefix: &str) -> Result<usize, AwsError> {
    match token {
        None => Ok(0),
        Some(token) => token
            .strip_prefix(prefix)
            .and_then(|n| n.parse::<usize>().ok())
            .ok_or_else(|| {
                AwsError::validation("The pagination token is invalid. Retry without it to start over.")
            }),
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
