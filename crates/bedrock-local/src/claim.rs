//! Where a bundled fact comes from, when it was read, and how sure it is. Every entry of `data/` carries one.

use serde::{Deserialize, Serialize};

/// How sure a bundled fact is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Sureness {
    /// AWS documentation says so.
    Documented,
    /// Third-party code or reports say so (an observation, not a contract).
    Reported,
    /// Nobody says so: bedrock-local's own choice where no source was found or sources disagree.
    Assumed,
}

/// A dated, sourced fact.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Claim {
    /// The day the source was read, `YYYY-MM-DD`.
    pub as_of: String,
    pub source: String,
    pub sure: Sureness,
}

impl Claim {
    /// Whether the claim is complete: a `YYYY-MM-DD` date and a source.
    pub fn is_complete(&self) -> bool {
        let date = self.as_of.as_bytes();
        date.len() == 10
            && date[4] == b'-'
            && date[7] == b'-'
            && date
                .iter()
                .enumerate()
                .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit())
            && !self.source.trim().is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_claim_needs_a_date_and_a_source() {
        let claim = |as_of: &str, source: &str| Claim {
            as_of: as_of.to_owned(),
            source: source.to_owned(),
            sure: Sureness::Assumed,
        };
        assert!(claim("2026-12-01", "AWS").is_complete());
        assert!(!claim("2026-12", "AWS").is_complete());
        assert!(!claim("2026-12-01", " ").is_complete());
        let parsed: Claim =
            serde_json::from_str(r#"{"asOf": "2026-12-01", "source": "x", "sure": "reported"}"#).unwrap();
        assert_eq!(parsed.sure, Sureness::Reported);
        assert!(
            serde_json::from_str::<Claim>(r#"{"asOf": "2026-12-01", "source": "x", "sure": "maybe"}"#)
                .is_err()
        );
    }
}
