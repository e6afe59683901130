//! The request rate from which caching is cheaper than no cache.
//!
//! Per request, a read saves `input − read` on every prefix token and a write costs `write − input` more. For
//! each spread there is a critical rate `c` at which the gap between runs falls to the TTL:
//! - below `c` every run of `L` requests writes once (`L` is 1 for steady and office hours, `n` for bursts), so
//!   the saving per request is `((L − 1)(input − read) − (write − input)) / L`: the same sign at every rate;
//! - from `c` on, a month has a fixed number of writes `W` (1, or one per working day for office hours), and
//!   caching is cheaper once the month's requests `M` pass `W (write − read) / (input − read)`.
//!
//! The prefix's size cancels out: the break-even depends on the prices, the spread and the TTL only.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Arrivals, HOURS_PER_MONTH, WORKING_DAYS_PER_MONTH, office_factor};

/// From which rate caching pays, for one TTL.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum BreakEven {
    /// Cheaper at every rate (each burst reads enough to repay its write, or writes cost no more than input).
    Always,
    /// Cheaper from this many requests per hour on.
    Above { requests_per_hour: f64 },
    /// Never cheaper: the prefix caches nothing, or a read saves nothing.
    Never,
}

impl BreakEven {
    /// The break-even for `arrivals` with a TTL of `ttl_seconds`, at per-token prices `input`, `write`, `read`.
    pub(crate) fn of(arrivals: Arrivals, ttl_seconds: f64, input: f64, write: f64, read: f64) -> Self {
        let saving = input - read;
        if saving <= 0.0 {
            return Self::Never;
        }
        let (run, critical, writes_above) = match arrivals {
            Arrivals::Steady => (1.0, 3600.0 / ttl_seconds, 1.0),
            Arrivals::Bursts(n) => (f64::from(n), 3600.0 * f64::from(n) / ttl_seconds, 1.0),
            Arrivals::OfficeHours => (
                1.0,
                3600.0 / ttl_seconds / office_factor(),
                WORKING_DAYS_PER_MONTH,
            ),
        };
        let below_pays = (run - 1.0) * saving - (write - input) > 0.0;
        let above = writes_above * (write - read) / saving / HOURS_PER_MONTH;
        if below_pays && above <= critical {
            Self::Always
        } else {
            Self::Above {
                requests_per_hour: critical.max(above),
            }
        }
    }
}
