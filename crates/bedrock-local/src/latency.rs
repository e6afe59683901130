//! How long the simulated model takes: time to first token grows with the input it has to read and shrinks
//! when the cache supplies it; output streams at a steady rate. Scale 0 (the default for tests and
//! benchmarks) removes every delay.

use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LatencyModel {
    /// Multiplies every delay; 0 turns them off.
    pub scale: f64,
    pub base_ms: f64,
    /// Per token the model reads afresh (uncached input and cache writes).
    pub per_input_token_us: f64,
    /// Per token read from the cache.
    pub per_cached_token_us: f64,
    pub per_output_token_ms: f64,
}

impl LatencyModel {
    /// No delays at all.
    pub const NONE: Self = Self {
        scale: 0.0,
        base_ms: 0.0,
        per_input_token_us: 0.0,
        per_cached_token_us: 0.0,
        per_output_token_ms: 0.0,
    };

    /// Delays of the order a demo audience knows from the real service: 10,000 fresh input tokens add about
    /// 1.5 s before the first token, the same tokens from the cache about 0.1 s; output at ~80 tokens/s.
    pub fn realistic(scale: f64) -> Self {
        Self {
            scale,
            base_ms: 250.0,
            per_input_token_us: 150.0,
            per_cached_token_us: 10.0,
            per_output_token_ms: 12.0,
        }
    }

    fn duration(&self, ms: f64) -> Duration {
        Duration::from_secs_f64((ms * self.scale).max(0.0) / 1000.0)
    }

    pub fn first_token(&self, fresh_input_tokens: u32, cached_tokens: u32) -> Duration {
        self.duration(
            self.base_ms
                + f64::from(fresh_input_tokens) * self.per_input_token_us / 1000.0
                + f64::from(cached_tokens) * self.per_cached_token_us / 1000.0,
        )
    }

    pub fn generation(&self, output_tokens: u32) -> Duration {
        self.duration(f64::from(output_tokens) * self.per_output_token_ms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_reads_shorten_the_first_token() {
        let model = LatencyModel::realistic(1.0);
        assert!(model.first_token(0, 10_000) < model.first_token(10_000, 0) / 4);
        assert_eq!(LatencyModel::NONE.first_token(1_000_000, 0), Duration::ZERO);
        assert_eq!(LatencyModel::realistic(0.0).generation(500), Duration::ZERO);
    }
}
