//! The prefix-stability lint: text inside a cached prefix that changes from one request to the next.

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;
use ts_rs::TS;

/// What a lint finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum LintKind {
    Timestamp,
    Date,
    Time,
    Uuid,
    RandomId,
    Counter,
    JsonKeyOrder,
}

/// Text in a cached prefix that will change between requests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LintFinding {
    pub block: u32,
    /// Byte offsets in the block's text.
    pub start: u32,
    pub end: u32,
    pub kind: LintKind,
    pub text: String,
    /// The move that fixes it, as a code the UI words.
    pub fix: LintFix,
    /// The move in English, for logs and for a UI that does not know the code.
    pub fix_message: String,
}

/// The move that fixes a lint finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "code", rename_all = "camelCase")]
pub enum LintFix {
    /// Move the timestamp after the last cache point, or round it to the day.
    MoveTimestamp,
    /// Move the per-request ID after the last cache point.
    MoveId,
    /// Move a date that changes after the last cache point.
    MoveChangingDate,
    /// Move the time of day after the last cache point.
    MoveTimeOfDay,
    /// Move the generated ID after the last cache point if it differs per request.
    MoveGeneratedId,
    /// Move the counter after the last cache point.
    MoveCounter,
    /// Serialise the JSON with sorted keys.
    SortJsonKeys,
}

impl LintFix {
    /// The move in English.
    pub fn sentence(self) -> &'static str {
        match self {
            Self::MoveTimestamp => {
                "Move this timestamp after the last cache point (into the latest user turn), or round it to the day."
            }
            Self::MoveId => {
                "Move this ID after the last cache point; IDs that change per request make every read a write."
            }
            Self::MoveChangingDate => {
                "If this date changes (today's date, a report date), move it after the last cache point."
            }
            Self::MoveTimeOfDay => "A time of day changes every minute: move it after the last cache point.",
            Self::MoveGeneratedId => {
                "This looks like a generated ID: if it differs per request, move it after the last cache point."
            }
            Self::MoveCounter => "A counter changes every request: move it after the last cache point.",
            Self::SortJsonKeys => {
                "The same JSON arrived with its keys in another order, which is a different prefix: serialise it with sorted keys."
            }
        }
    }
}

struct Rule {
    kind: LintKind,
    pattern: Regex,
    fix: LintFix,
}

#[allow(clippy::expect_used)] // fixed patterns, exercised by the tests
static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    let rule = |kind, pattern: &str, fix| Rule {
        kind,
        pattern: Regex::new(pattern).expect("lint pattern"),
        fix,
    };
    vec![
        rule(
            LintKind::Timestamp,
            r"\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?\b",
            LintFix::MoveTimestamp,
        ),
        rule(
            LintKind::Uuid,
            r"(?i)\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b",
            LintFix::MoveId,
        ),
        rule(
            LintKind::Date,
            r"\b(\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4})\b",
            LintFix::MoveChangingDate,
        ),
        rule(
            LintKind::Time,
            r"\b\d{1,2}:\d{2}(:\d{2})?\s?(?i:am|pm)?\b",
            LintFix::MoveTimeOfDay,
        ),
        rule(
            LintKind::RandomId,
            r"\b[A-Za-z0-9_-]{16,}\b",
            LintFix::MoveGeneratedId,
        ),
        rule(
            LintKind::Counter,
            r"(?i)\b(?:request|turn|attempt|run|iteration|call|message|session)\s*(?:#|no\.?|number|count|id)?\s*:?\s*\d+\b",
            LintFix::MoveCounter,
        ),
    ]
});

/// Random-looking tokens: 16+ characters where letters and digits alternate often (generated IDs, hex
/// digests), unlike words and version strings such as `claude-3-7-sonnet-20250219-v1`.
fn looks_random(text: &str) -> bool {
    let chars: Vec<char> = text.chars().filter(char::is_ascii_alphanumeric).collect();
    if chars.len() < 16
        || !chars.iter().any(char::is_ascii_digit)
        || !chars.iter().any(char::is_ascii_alphabetic)
    {
        return false;
    }
    let switches = chars
        .windows(2)
        .filter(|w| w[0].is_ascii_digit() != w[1].is_ascii_digit())
        .count();
    switches * 4 >= chars.len()
}

pub(super) fn lint_text(text: &str) -> Vec<(u32, u32, LintKind, String, LintFix)> {
    let mut found: Vec<(usize, usize, LintKind, LintFix)> = Vec::new();
    for rule in RULES.iter() {
        for m in rule.pattern.find_iter(text) {
            if rule.kind == LintKind::RandomId && !looks_random(m.as_str()) {
                continue;
            }
            // The first (most specific) rule to claim a span keeps it.
            if found.iter().any(|(s, e, _, _)| m.start() < *e && *s < m.end()) {
                continue;
            }
            found.push((m.start(), m.end(), rule.kind, rule.fix));
        }
    }
    found.sort_by_key(|(s, ..)| *s);
    found
        .into_iter()
        .map(|(s, e, kind, fix)| (s as u32, e as u32, kind, text[s..e].to_owned(), fix))
        .collect()
}

/// True when both texts are the same JSON value written differently (its keys in another order).
pub(super) fn json_equal_but_reordered(before: &str, after: &str) -> bool {
    match (
        serde_json::from_str::<serde_json::Value>(before),
        serde_json::from_str::<serde_json::Value>(after),
    ) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_finding_carries_the_code_of_its_fix() {
        let fixes = |text: &str| {
            lint_text(text)
                .into_iter()
                .map(|(_, _, kind, _, fix)| (kind, fix))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            fixes("at 2026-11-27T14:03:12Z, request #42, id 3f2a9c1e-8b7d-4e6f-a5c4-1d2e3f4a5b6c"),
            [
                (LintKind::Timestamp, LintFix::MoveTimestamp),
                (LintKind::Counter, LintFix::MoveCounter),
                (LintKind::Uuid, LintFix::MoveId),
            ]
        );
        assert_eq!(
            fixes("due 27/11/2026"),
            [(LintKind::Date, LintFix::MoveChangingDate)]
        );
        assert_eq!(
            serde_json::to_value(LintFix::MoveTimestamp).unwrap(),
            serde_json::json!({"code": "moveTimestamp"})
        );
    }

    #[test]
    fn lint_kinds() {
        let kinds = |text: &str| {
            lint_text(text)
                .into_iter()
                .map(|(_, _, k, t, _)| (k, t))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            kinds("Report for 2026-11-27"),
            [(LintKind::Date, "2026-11-27".into())]
        );
        assert_eq!(kinds("as of 27/11/2026"), [(LintKind::Date, "27/11/2026".into())]);
        assert_eq!(
            kinds("request #42 of the day"),
            [(LintKind::Counter, "request #42".into())]
        );
        assert_eq!(
            kinds("trace a3f9c2e1b4d5f6a7b8c9"),
            [(LintKind::RandomId, "a3f9c2e1b4d5f6a7b8c9".into())]
        );
        assert_eq!(
            kinds("token x7Kq2Lm9Pz4Rt8Wv1Ny6Bc"),
            [(LintKind::RandomId, "x7Kq2Lm9Pz4Rt8Wv1Ny6Bc".into())]
        );
        assert!(kinds("Claude 3.7 Sonnet answers questions about rocks and minerals.").is_empty());
        assert!(
            kinds("anthropic.claude-3-7-sonnet-20250219-v1:0")
                .iter()
                .all(|(k, _)| *k != LintKind::Timestamp)
        );
    }
}
