//! The prefixes of a request: a stable hash and the cumulative tokens of every prefix, and which points
//! Bedrock accepts at all.

use crate::cache_plan::{Block, CachePlan, PointProblem};

/// FNV-1a, 64-bit: a hash that stays the same across builds, so a saved session's prefixes still match.
#[derive(Debug, Clone, Copy)]
struct Fnv(u64);

impl Fnv {
    const START: Self = Self(0xcbf2_9ce4_8422_2325);

    fn bytes(mut self, bytes: &[u8]) -> Self {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
        self
    }
}

/// The hash of the prefix of `n` blocks, for every `n` (index 0 is the empty prefix).
pub fn prefix_hashes(blocks: &[Block]) -> Vec<String> {
    let mut hashes = Vec::with_capacity(blocks.len() + 1);
    let mut h = Fnv::START;
    hashes.push(format!("{:016x}", h.0));
    for block in blocks {
        h = h
            .bytes(
                format!(
                    "{:?}/{:?}/{}/{}:",
                    block.section,
                    block.kind,
                    block.label,
                    block.text.len()
                )
                .as_bytes(),
            )
            .bytes(block.text.as_bytes());
        hashes.push(format!("{:016x}", h.0));
    }
    hashes
}

/// Cumulative tokens of each prefix, from the plan's per-block figures (index 0 is the empty prefix).
pub(super) fn prefix_tokens(blocks: &[Block], plan: &CachePlan) -> Vec<u32> {
    let mut tokens = Vec::with_capacity(blocks.len() + 1);
    tokens.push(0u32);
    for (i, block) in blocks.iter().enumerate() {
        let n = plan
            .block_tokens
            .get(i)
            .copied()
            .unwrap_or_else(|| block.tokens());
        tokens.push(tokens.last().copied().unwrap_or(0).saturating_add(n));
    }
    tokens
}

/// A problem that makes Bedrock refuse the point (below the minimum, it is accepted and caches nothing).
pub(super) fn is_refused(problem: &PointProblem) -> bool {
    !matches!(problem, PointProblem::BelowMinimum { .. })
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache_tracker::fixture::block;
    use crate::model_facts::CacheField;

    #[test]
    fn renaming_a_document_changes_the_prefix() {
        let mut a = vec![block(CacheField::Messages, "same text", 10)];
        let mut b = a.clone();
        a[0].label = "report.txt".into();
        b[0].label = "report-v2.txt".into();
        assert_ne!(prefix_hashes(&a)[1], prefix_hashes(&b)[1]);
    }

    #[test]
    fn hashes_are_stable_and_prefix_sensitive() {
        let a = vec![
            block(CacheField::System, "one", 1),
            block(CacheField::Messages, "two", 1),
        ];
        let mut b = a.clone();
        b[1].text = "three".into();
        let (ha, hb) = (prefix_hashes(&a), prefix_hashes(&b));
        assert_eq!(ha[1], hb[1]);
        assert_ne!(ha[2], hb[2]);
        assert_eq!(ha[0], "cbf29ce484222325");
    }
}
