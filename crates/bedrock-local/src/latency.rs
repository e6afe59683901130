//! How long the simulated model takes: time to first token grows with the input it has to read and shrinks
//! when the cache supplies it; output streams at a steady rate; the service tier makes both faster or slower.
//! Scale 0 (the default for tests and benchmarks) removes every delay.

use std::time::Duration;

use crate::support::ServiceTier;

/// How long a tier takes, as a multiple of the default tier's time, for the first token and per output token.
/// bedrock-local's choice, in this one place: priority is 25% faster (AWS: "up to 25% better output tokens per
/// second", so 1/1.25 = 0.8 of the time), flex takes twice as long (AWS documents no figure), reserved is
/// as fast as default.
pub fn tier_time_factor(tier: ServiceTier) -> f64 {
    match tier {
        ServiceTier::Default | ServiceTier::Reserved => 1.0,
        ServiceTier::Priority => 0.8,
        ServiceTier::Flex => 2.0,
    }
}

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

    /// Time to first token on a tier.
    pub fn first_token(&self, fresh_input_tokens: u32, cached_tokens: u32, tier: ServiceTier) -> Duration {
        self.duration(
            (self.base_ms
                + f64::from(fresh_input_tokens) * self.per_input_token_us / 1000.0
                + f64::from(cached_tokens) * self.per_cached_token_us / 1000.0)
                * tier_time_factor(tier),
        )
    }

    /// Time to generate `output_tokens` on a tier.
    pub fn generation(&self, output_tokens: u32, tier: ServiceTier) -> Duration {
        self.duration(f64::from(output_tokens) * self.per_output_token_ms * tier_time_factor(tier))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_reads_shorten_the_first_token() {
        let model = LatencyModel::realistic(1.0);
        let tier = ServiceTier::Default;
        assert!(model.first_token(0, 10_000, tier) < model.first_token(10_000, 0, tier) / 4);
        assert_eq!(LatencyModel::NONE.first_token(1_000_000, 0, tier), Duration::ZERO);
        assert_eq!(LatencyModel::realistic(0.0).generation(500, tier), Duration::ZERO);
    }

    #[test]
    fn priority_is_faster_and_flex_slower() {
        let model = LatencyModel::realistic(1.0);
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let first = |tier| ms(model.first_token(2_000, 0, tier));
        let output = |tier| ms(model.generation(100, tier));
        // Default: 250 ms + 2,000 × 0.15 ms = 550 ms; 100 tokens × 12 ms = 1,200 ms.
        assert!((first(ServiceTier::Default) - 550.0).abs() < 1e-6);
        assert!((output(ServiceTier::Default) - 1200.0).abs() < 1e-6);
        assert!((first(ServiceTier::Priority) - 440.0).abs() < 1e-6);
        assert!((output(ServiceTier::Priority) - 960.0).abs() < 1e-6);
        assert!((first(ServiceTier::Flex) - 1100.0).abs() < 1e-6);
        assert!((output(ServiceTier::Flex) - 2400.0).abs() < 1e-6);
        assert_eq!(
            model.generation(100, ServiceTier::Reserved),
            model.generation(100, ServiceTier::Default)
        );
        // Output tokens per second: priority 25% better than default.
        let rate = |tier| 100.0 / output(tier);
        assert!((rate(ServiceTier::Priority) / rate(ServiceTier::Default) - 1.25).abs() < 1e-9);
        assert_eq!(
            LatencyModel::NONE.generation(100, ServiceTier::Flex),
            Duration::ZERO
        );
    }
}
