//! The constraints of CreateInferenceProfile and the tag operations, checked as the person types, with the
//! rule in each message.

use super::tag::Tag;
use crate::connection_input::{FieldError, Rule};
use crate::field_rule::{TextProblem, count};

fn error(field: impl Into<String>, rule: Rule, message: impl Into<String>) -> FieldError {
    FieldError::new(field, rule, message)
}

/// `([0-9a-zA-Z][ _-]?)+`, 1–64 characters.
pub fn check_name(name: &str) -> Option<FieldError> {
    let len = name.chars().count();
    if len == 0 {
        return Some(error(
            "name",
            Rule::ProfileNameEmpty,
            "Enter a name (1–64 characters)",
        ));
    }
    if len > 64 {
        return Some(error(
            "name",
            Rule::ProfileNameTooLong {
                length: count(len),
                max: 64,
            },
            format!("The name has {len} characters; at most 64 are allowed"),
        ));
    }
    separated_runs(name, |c| c.is_ascii_alphanumeric()).err().map(|problem| {
        let sentence = problem.sentence();
        error("name", Rule::ProfileNameCharacters { problem }, format!("{sentence}. A name is letters and digits, joined by single spaces, _ or - (pattern ([0-9a-zA-Z][ _-]?)+)"))
    })
}

/// `([0-9a-zA-Z:.][ _-]?)+`, 1–200 characters; optional.
pub fn check_description(description: &str) -> Option<FieldError> {
    let len = description.chars().count();
    if len == 0 {
        return None;
    }
    if len > 200 {
        return Some(error(
            "description",
            Rule::DescriptionTooLong {
                length: count(len),
                max: 200,
            },
            format!("The description has {len} characters; at most 200 are allowed"),
        ));
    }
    separated_runs(description, |c| c.is_ascii_alphanumeric() || c == ':' || c == '.').err().map(|problem| {
        let sentence = problem.sentence();
        error(
            "description",
            Rule::DescriptionCharacters { problem },
            format!("{sentence}. A description allows letters, digits, : and . joined by single spaces, _ or - — no commas, parentheses or slashes"),
        )
    })
}

fn separated_runs(text: &str, allowed: impl Fn(char) -> bool) -> Result<(), TextProblem> {
    let mut previous_separator = true;
    for (i, c) in text.chars().enumerate() {
        if allowed(c) {
            previous_separator = false;
        } else if matches!(c, ' ' | '_' | '-') {
            if previous_separator {
                return Err(if i == 0 {
                    TextProblem::StartsWithSeparator {
                        character: c.to_string(),
                    }
                } else {
                    TextProblem::DoubledSeparator {
                        character: c.to_string(),
                        position: count(i + 1),
                    }
                });
            }
            previous_separator = true;
        } else {
            return Err(TextProblem::NotAllowed {
                character: c.to_string(),
                position: count(i + 1),
            });
        }
    }
    Ok(())
}

/// The first character Bedrock's tag pattern `[a-zA-Z0-9\s._:/=+@-]*` refuses (botocore's bedrock
/// service-2.json, `TagKey`/`TagValue`). `\s` is taken as ASCII whitespace (space, tab, line feed, vertical tab,
/// form feed, carriage return): what Java's `\s` matches, and the part every reading of the pattern accepts.
fn tag_text_ok(text: &str) -> Option<char> {
    text.chars().find(|c| {
        !(c.is_ascii_alphanumeric() || " \t\n\u{0B}\u{0C}\r".contains(*c) || "._:/=+@-".contains(*c))
    })
}

/// At most 200 tags; keys 1–128 and values 0–256 characters of `[a-zA-Z0-9\s._:/=+@-]` (`\s` ASCII); keys
/// unique and not starting with `aws:` in any case.
/// Fields are named `tags.N.key` / `tags.N.value` (N from 0).
pub fn check_tags(tags: &[Tag]) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if tags.len() > 200 {
        errors.push(error(
            "tags",
            Rule::TooManyTags {
                count: count(tags.len()),
                max: 200,
            },
            format!("{} tags; a profile can have at most 200", tags.len()),
        ));
    }
    for (i, tag) in tags.iter().enumerate() {
        let key_field = format!("tags.{i}.key");
        let value_field = format!("tags.{i}.value");
        let key_len = tag.key.chars().count();
        if key_len == 0 {
            errors.push(error(&key_field, Rule::TagKeyEmpty, "A tag key cannot be empty"));
        } else if key_len > 128 {
            errors.push(error(
                &key_field,
                Rule::TagKeyTooLong {
                    length: count(key_len),
                    max: 128,
                },
                format!("The key has {key_len} characters; at most 128 are allowed"),
            ));
        }
        if let Some(c) = tag_text_ok(&tag.key) {
            errors.push(error(
                &key_field,
                Rule::TagKeyCharacter {
                    character: c.to_string(),
                },
                format!(
                    "“{c}” is not allowed in a tag key; use ASCII letters, digits, spaces and . _ : / = + @ -"
                ),
            ));
        }
        // Reserved for AWS in any case: "aws:, AWS:, or any upper or lowercase combination" (AWS's tagging
        // restrictions).
        if tag
            .key
            .get(..4)
            .is_some_and(|prefix| prefix.eq_ignore_ascii_case("aws:"))
        {
            errors.push(error(
                &key_field,
                Rule::TagKeyReserved,
                "Keys starting with aws: are reserved for AWS",
            ));
        }
        let value_len = tag.value.chars().count();
        if value_len > 256 {
            errors.push(error(
                &value_field,
                Rule::TagValueTooLong {
                    length: count(value_len),
                    max: 256,
                },
                format!("The value has {value_len} characters; at most 256 are allowed"),
            ));
        }
        if let Some(c) = tag_text_ok(&tag.value) {
            errors.push(error(
                &value_field,
                Rule::TagValueCharacter {
                    character: c.to_string(),
                },
                format!(
                    "“{c}” is not allowed in a tag value; use ASCII letters, digits, spaces and . _ : / = + @ -"
                ),
            ));
        }
        if tags[..i].iter().any(|earlier| earlier.key == tag.key) && key_len > 0 {
            errors.push(error(
                &key_field,
                Rule::TagKeyDuplicate { key: tag.key.clone() },
                format!("The key “{}” appears twice; each key can be used once", tag.key),
            ));
        }
    }
    errors
}

/// A foundation-model ARN (single-Region profile) or a system inference-profile ARN (multi-Region).
pub fn check_copy_from(arn: &str) -> Option<FieldError> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let ok = parts.len() == 6
        && parts[0] == "arn"
        && ["aws", "aws-us-gov", "aws-cn", "aws-iso", "aws-iso-b"].contains(&parts[1])
        && parts[2] == "bedrock"
        && parts[5].split_once('/').is_some_and(|(kind, id)| {
            matches!(kind, "foundation-model" | "inference-profile")
                && !id.is_empty()
                && id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b':' | b'.'))
        });
    (!ok).then(|| {
        error(
            "copyFrom",
            Rule::CopyFromArn,
            "Copy from a foundation model ARN (…:foundation-model/…) or a system inference profile ARN (…:inference-profile/…)",
        )
    })
}

/// The ARN a tag command names: an application inference profile's (`arn:aws:bedrock:<region>:<account>:
/// application-inference-profile/<id>`), the only Bedrock resource Outcrop tags.
pub fn check_tag_target(arn: &str) -> Option<FieldError> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let ok = parts.len() == 6
        && parts[0] == "arn"
        && ["aws", "aws-us-gov", "aws-cn", "aws-iso", "aws-iso-b"].contains(&parts[1])
        && parts[2] == "bedrock"
        && !parts[3].is_empty()
        && parts[3]
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && parts[4].len() == 12
        && parts[4].bytes().all(|b| b.is_ascii_digit())
        && parts[5]
            .strip_prefix("application-inference-profile/")
            .is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric()));
    (!ok).then(|| {
        error(
            "arn",
            Rule::TagTargetArn,
            "Tags are set on an application inference profile's ARN (arn:aws:bedrock:<region>:<account>:application-inference-profile/<id>)",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profiles::fixture::tag;

    #[test]
    fn names() {
        assert_eq!(check_name("finance-assistant"), None);
        assert_eq!(check_name("Team A_2-"), None);
        assert!(check_name("").unwrap().message.contains("1–64"));
        assert!(
            check_name(&"a".repeat(65))
                .unwrap()
                .message
                .contains("65 characters")
        );
        assert!(check_name("-a").unwrap().message.contains("starts with"));
        assert_eq!(
            check_name("a--b").unwrap().rule,
            Rule::ProfileNameCharacters {
                problem: TextProblem::DoubledSeparator {
                    character: "-".into(),
                    position: 3
                }
            }
        );
        assert_eq!(
            check_name(&"a".repeat(65)).unwrap().rule,
            Rule::ProfileNameTooLong { length: 65, max: 64 }
        );
        assert!(
            check_name("a--b")
                .unwrap()
                .message
                .contains("follows another separator at position 3")
        );
        let dot = check_name("team.a").unwrap().message;
        assert!(
            dot.contains("“.” at position 5") && dot.contains("([0-9a-zA-Z][ _-]?)+"),
            "{dot}"
        );
    }

    #[test]
    fn descriptions() {
        assert_eq!(check_description(""), None);
        assert_eq!(check_description("Claude 3.7 for team:finance"), None);
        assert!(check_description("a, b").unwrap().message.contains("no commas"));
        assert!(
            check_description(&"a".repeat(201))
                .unwrap()
                .message
                .contains("201")
        );
    }

    #[test]
    fn tags() {
        assert!(check_tags(&[tag("Department", "Finance"), tag("CostCenter", "")]).is_empty());
        let errors = check_tags(&[
            tag("", "x"),
            tag("a,b", "v"),
            tag("k", "naïve"),
            tag("aws:x", "v"),
            tag("k", "again"),
        ]);
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "tags.0.key",
                "tags.1.key",
                "tags.2.value",
                "tags.3.key",
                "tags.4.key"
            ]
        );
        assert!(errors[4].message.contains("appears twice"));
        let rules: Vec<&Rule> = errors.iter().map(|e| &e.rule).collect();
        assert_eq!(
            rules,
            [
                &Rule::TagKeyEmpty,
                &Rule::TagKeyCharacter {
                    character: ",".into()
                },
                &Rule::TagValueCharacter {
                    character: "ï".into()
                },
                &Rule::TagKeyReserved,
                &Rule::TagKeyDuplicate { key: "k".into() },
            ]
        );
        let many: Vec<Tag> = (0..201).map(|i| tag(&format!("k{i}"), "v")).collect();
        assert_eq!(check_tags(&many)[0].field, "tags");
    }

    #[test]
    fn tag_whitespace_is_ascii_and_the_aws_prefix_is_reserved_in_any_case() {
        // Bedrock's pattern is `[a-zA-Z0-9\s._:/=+@-]*`; `\s` is ASCII-only where the service reads it as
        // Java does, so a wider space is refused before sending rather than by the service.
        assert!(check_tags(&[tag("Cost Center", "a\tb")]).is_empty());
        for wide in ["\u{3000}", "\u{00A0}", "\u{2003}", "\u{0085}"] {
            let errors = check_tags(&[tag(&format!("Cost{wide}Center"), "v")]);
            assert_eq!(
                errors.iter().map(|e| &e.rule).collect::<Vec<_>>(),
                [&Rule::TagKeyCharacter {
                    character: wide.into()
                }],
                "{wide:?}"
            );
        }
        for reserved in ["aws:x", "AWS:x", "Aws:cost", "aWs:"] {
            let rules: Vec<Rule> = check_tags(&[tag(reserved, "v")])
                .into_iter()
                .map(|e| e.rule)
                .collect();
            assert!(rules.contains(&Rule::TagKeyReserved), "{reserved}: {rules:?}");
        }
        assert!(check_tags(&[tag("awsx", "v"), tag("team", "aws:managed")]).is_empty());
    }

    #[test]
    fn tags_go_on_an_application_profiles_arn() {
        assert_eq!(
            check_tag_target(
                "arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/abc123def456"
            ),
            None
        );
        for bad in [
            "",
            "abc123",
            "arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.amazon.nova-lite-v1:0",
            "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0",
            "arn:aws:s3:::bucket",
            "arn:aws:bedrock:us-east-1:1111:application-inference-profile/abc",
            "arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/",
            "arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/a/b",
        ] {
            assert_eq!(
                check_tag_target(bad).map(|e| e.rule),
                Some(Rule::TagTargetArn),
                "{bad}"
            );
        }
    }

    #[test]
    fn copy_from() {
        assert_eq!(
            check_copy_from("arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0"),
            None
        );
        assert_eq!(
            check_copy_from(
                "arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.amazon.nova-lite-v1:0"
            ),
            None
        );
        assert!(
            check_copy_from("arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/abc")
                .is_some()
        );
        assert!(check_copy_from("us.amazon.nova-lite-v1:0").is_some());
        // Suffix-free IDs validate like dated ones.
        for arn in [
            "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-4-6",
            "arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.anthropic.claude-opus-4-7",
            "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-opus-4-6-v1",
        ] {
            assert_eq!(check_copy_from(arn), None, "{arn}");
        }
    }
}
