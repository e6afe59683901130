//! The project an inference request is sent under: Converse's and ConverseStream's `projectIdentifier` (body),
//! InvokeModel's `X-Amzn-Bedrock-ProjectIdentifier` header (botocore 1.44.8's `bedrock-runtime` model). Omitted or
//! `default` is the account's default project. A named project must exist here and be active, and "for a
//! non-default project, the inference target must resolve to a foundation model or system-defined inference
//! profile. Application inference profiles don't support non-default projects." (the model's documentation).

use axum::http::HeaderMap;

use crate::error::AwsError;
use crate::service::Service;
use crate::world::{APPLICATION, DEFAULT_PROJECT, PROJECT_ARCHIVED};

pub(super) const PROJECT_HEADER: &str = "x-amzn-bedrock-projectidentifier";

/// `ProjectIdentifier`'s pattern: a bare ID or a project ARN.
const PATTERN: &str =
    "([a-zA-Z0-9_-]+|arn:aws(-[^:]+)?:bedrock:[0-9a-z-]{1,20}:[0-9]{12}:project/[a-zA-Z0-9_-]+)";

fn well_formed(identifier: &str) -> bool {
    let id_chars = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    };
    if id_chars(identifier) {
        return true;
    }
    let parts: Vec<&str> = identifier.splitn(6, ':').collect();
    matches!(parts.as_slice(), [arn, partition, "bedrock", region, account, resource]
        if *arn == "arn" && partition.starts_with("aws") && !region.is_empty() && account.len() == 12
            && account.chars().all(|c| c.is_ascii_digit())
            && resource.strip_prefix("project/").is_some_and(id_chars))
}

/// The header's value, when the request names a project.
pub(super) fn from_headers(headers: &HeaderMap) -> Option<String> {
    headers
        .get(PROJECT_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// The ID of the project the request runs under (`default` when it names none), or why it may not run.
pub(super) fn project_of(
    service: &Service,
    invoked: &str,
    requested: Option<&str>,
) -> Result<String, AwsError> {
    let Some(requested) = requested else {
        return Ok(DEFAULT_PROJECT.to_owned());
    };
    if requested.is_empty() || requested.len() > 2048 || !well_formed(requested) {
        return Err(AwsError::constraint(
            requested,
            "projectIdentifier",
            &format!("Member must satisfy regular expression pattern: {PATTERN}"),
        ));
    }
    let project = service
        .world
        .project(requested)
        .ok_or_else(|| AwsError::not_found(format!("The project {requested} could not be found.")))?;
    if project.status == PROJECT_ARCHIVED {
        return Err(AwsError::validation(format!(
            "The project {} is archived: an archived project rejects new inference requests.",
            project.id
        )));
    }
    if project.id != DEFAULT_PROJECT
        && service
            .world
            .profile(invoked)
            .is_some_and(|profile| profile.profile_type == APPLICATION)
    {
        return Err(AwsError::validation(
            "Application inference profiles don't support non-default projects. Send to a foundation model or a \
             system-defined inference profile under this project, or leave projectIdentifier out.",
        ));
    }
    Ok(project.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_bare_ids_or_project_arns() {
        for ok in [
            "default",
            "proj_abc123",
            "arn:aws:bedrock:us-east-1:111122223333:project/proj_abc",
        ] {
            assert!(well_formed(ok), "{ok}");
        }
        for bad in [
            "proj abc",
            "arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/x",
            "arn:aws:bedrock:us-east-1:1111:project/p",
            "arn:aws:s3:us-east-1:111122223333:project/p",
        ] {
            assert!(!well_formed(bad), "{bad}");
        }
    }
}
