//! The request constraints of Bedrock's API model, checked as AWS's request validator checks them: every
//! violation is collected and reported in one ValidationException, in AWS's wording.

use crate::error::AwsError;

pub const NAME_PATTERN: &str = "([0-9a-zA-Z][ _-]?)+";
pub const DESCRIPTION_PATTERN: &str = "([0-9a-zA-Z:.][ _-]?)+";
pub const TOKEN_PATTERN: &str = "[a-zA-Z0-9]([-a-zA-Z0-9]{0,254}[a-zA-Z0-9])?";
pub const COPY_FROM_PATTERN: &str = "arn:aws(|-us-gov|-cn|-iso|-iso-b):bedrock:(|[0-9a-z-]{0,20}):(|[0-9]{12}):(inference-profile|foundation-model)/[a-zA-Z0-9-:.]+";
pub const TAG_PATTERN: &str = "[a-zA-Z0-9\\s._:/=+@-]*";

/// Collects constraint violations of one request.
#[derive(Debug, Default)]
pub struct Violations(Vec<String>);

impl Violations {
    fn push(&mut self, value: Option<&str>, member: &str, constraint: String) {
        match value {
            Some(value) => self.0.push(format!(
                "Value '{value}' at '{member}' failed to satisfy constraint: {constraint}"
            )),
            // Sensitive members (a profile's description) are not echoed back.
            None => self.0.push(format!(
                "Value at '{member}' failed to satisfy constraint: {constraint}"
            )),
        }
    }

    /// Length in characters, as AWS counts it.
    pub fn length(&mut self, value: &str, member: &str, min: usize, max: usize, echo: bool) {
        let len = value.chars().count();
        let shown = echo.then_some(value);
        if len < min {
            self.push(
                shown,
                member,
                format!("Member must have length greater than or equal to {min}"),
            );
        } else if len > max {
            self.push(
                shown,
                member,
                format!("Member must have length less than or equal to {max}"),
            );
        }
    }

    pub fn pattern(&mut self, value: &str, member: &str, pattern: &str, matches: bool, echo: bool) {
        if !matches {
            self.push(
                echo.then_some(value),
                member,
                format!("Member must satisfy regular expression pattern: {pattern}"),
            );
        }
    }

    pub fn list_length(&mut self, len: usize, member: &str, max: usize) {
        if len > max {
            self.0.push(format!(
                "Value at '{member}' failed to satisfy constraint: Member must have length less than or equal to {max}"
            ));
        }
    }

    pub fn missing(&mut self, member: &str) {
        self.0.push(format!(
            "Value null at '{member}' failed to satisfy constraint: Member must not be null"
        ));
    }

    pub fn into_result(self) -> Result<(), AwsError> {
        match self.0.len() {
            0 => Ok(()),
            1 => Err(AwsError::validation(format!(
                "1 validation error detected: {}",
                self.0[0]
            ))),
            n => Err(AwsError::validation(format!(
                "{n} validation errors detected: {}",
                self.0.join("; ")
            ))),
        }
    }
}

/// `(<first>[ _-]?)+`: runs of allowed characters joined by at most one separator; a separator may end it.
fn separated_runs(value: &str, allowed: impl Fn(char) -> bool) -> bool {
    let mut previous_was_separator = true;
    for c in value.chars() {
        if allowed(c) {
            previous_was_separator = false;
        } else if matches!(c, ' ' | '_' | '-') && !previous_was_separator {
            previous_was_separator = true;
        } else {
            return false;
        }
    }
    !value.is_empty()
}

pub fn is_profile_name(value: &str) -> bool {
    separated_runs(value, |c| c.is_ascii_alphanumeric())
}

pub fn is_profile_description(value: &str) -> bool {
    separated_runs(value, |c| c.is_ascii_alphanumeric() || c == ':' || c == '.')
}

pub fn is_client_request_token(value: &str) -> bool {
    let bytes = value.as_bytes();
    match (bytes.first(), bytes.last()) {
        (Some(first), Some(last)) => {
            first.is_ascii_alphanumeric()
                && last.is_ascii_alphanumeric()
                && bytes.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-')
        }
        _ => false,
    }
}

pub fn is_tag_text(value: &str) -> bool {
    value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c.is_whitespace() || "._:/=+@-".contains(c))
}

/// The parts of a `copyFrom` ARN, when it matches the pattern.
#[derive(Debug, PartialEq, Eq)]
pub struct SourceArn<'a> {
    pub region: &'a str,
    pub account: &'a str,
    pub resource_type: &'a str,
    pub resource_id: &'a str,
}

pub fn parse_copy_from(value: &str) -> Option<SourceArn<'_>> {
    let rest = value.strip_prefix("arn:")?;
    let (partition, rest) = rest.split_once(':')?;
    if !["aws", "aws-us-gov", "aws-cn", "aws-iso", "aws-iso-b"].contains(&partition) {
        return None;
    }
    let rest = rest.strip_prefix("bedrock:")?;
    let (region, rest) = rest.split_once(':')?;
    let (account, resource) = rest.split_once(':')?;
    let (resource_type, resource_id) = resource.split_once('/')?;
    let region_ok = region.len() <= 20
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    let account_ok =
        account.is_empty() || (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()));
    let type_ok = matches!(resource_type, "inference-profile" | "foundation-model");
    let id_ok = !resource_id.is_empty()
        && resource_id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b':' | b'.'));
    (region_ok && account_ok && type_ok && id_ok).then_some(SourceArn {
        region,
        account,
        resource_type,
        resource_id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_names() {
        for ok in ["a", "team-a", "Team_A 2", "finance-prod-", "A1-b2_c3 d4"] {
            assert!(is_profile_name(ok), "{ok}");
        }
        for bad in ["", "-a", "a--b", "a  b", "team.a", "café", "a,b"] {
            assert!(!is_profile_name(bad), "{bad}");
        }
    }

    #[test]
    fn descriptions_allow_colons_and_dots_but_not_commas() {
        assert!(is_profile_description("Claude 3.7 for team:finance"));
        assert!(!is_profile_description("Claude, for finance"));
        assert!(!is_profile_description("Claude (finance)"));
        assert!(!is_profile_description("a/b"));
    }

    #[test]
    fn tokens_and_tags() {
        assert!(is_client_request_token("a"));
        assert!(is_client_request_token("9f1c-44aa-b2"));
        assert!(!is_client_request_token("-abc"));
        assert!(!is_client_request_token("abc-"));
        assert!(!is_client_request_token("a_b"));
        assert!(is_tag_text("CostCenter 42: a/b=c+d@e.f-g_h"));
        assert!(!is_tag_text("naïve"));
        assert!(!is_tag_text("a,b"));
    }

    #[test]
    fn copy_from_arns() {
        let fm = parse_copy_from(
            "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-7-sonnet-20250219-v1:0",
        )
        .unwrap();
        assert_eq!(
            (fm.region, fm.account, fm.resource_type),
            ("us-east-1", "", "foundation-model")
        );
        assert!(
            parse_copy_from(
                "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-lite-v1:0"
            )
            .is_some()
        );
        assert!(
            parse_copy_from("arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc")
                .is_none()
        );
        assert!(parse_copy_from("arn:aws:s3:::bucket/key").is_none());
        assert!(parse_copy_from("anthropic.claude-3-7-sonnet-20250219-v1:0").is_none());
    }

    #[test]
    fn messages_read_like_aws() {
        let mut v = Violations::default();
        v.length(&"x".repeat(65), "inferenceProfileName", 1, 64, true);
        v.pattern("a,b", "description", DESCRIPTION_PATTERN, false, false);
        let message = v.into_result().unwrap_err().message;
        assert!(
            message.starts_with("2 validation errors detected: Value 'xxx"),
            "{message}"
        );
        assert!(message.contains("at 'inferenceProfileName' failed to satisfy constraint: Member must have length less than or equal to 64"));
        assert!(message.contains("Value at 'description' failed to satisfy constraint: Member must satisfy regular expression pattern: ([0-9a-zA-Z:.][ _-]?)+"));
    }
}
