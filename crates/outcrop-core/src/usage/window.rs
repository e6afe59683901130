//! The stretch of time a usage chart covers, and the period each of its points sums: chosen from a few ranges
//! (last hour, day, week) and the granularities that suit each, aligned as CloudWatch aligns periods.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::connection_input::FieldError;
use crate::field_rule::Rule;

/// How far back a usage chart looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum UsageRange {
    LastHour,
    LastDay,
    LastWeek,
}

impl UsageRange {
    pub const ALL: [Self; 3] = [Self::LastHour, Self::LastDay, Self::LastWeek];

    pub fn seconds(self) -> u32 {
        match self {
            Self::LastHour => 3_600,
            Self::LastDay => 86_400,
            Self::LastWeek => 7 * 86_400,
        }
    }

    /// The granularities (period in seconds) a chart of this range may use: from a point a minute (an hour
    /// of 60) to one a day (a week of 7). CloudWatch keeps one-minute points for 15 days, so every choice is
    /// still answerable; finer ones would draw thousands of points, coarser ones a single bar.
    pub fn periods(self) -> &'static [u32] {
        match self {
            Self::LastHour => &[60, 300],
            Self::LastDay => &[300, 3_600],
            Self::LastWeek => &[3_600, 86_400],
        }
    }

    /// The granularity a chart of this range starts with.
    pub fn default_period(self) -> u32 {
        self.periods()[0]
    }

    fn name(self) -> &'static str {
        match self {
            Self::LastHour => "the last hour",
            Self::LastDay => "the last day",
            Self::LastWeek => "the last week",
        }
    }
}

/// A range and the granularities it offers, as the Usage page lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UsageRangeChoice {
    pub range: UsageRange,
    /// Seconds per point, the default first.
    pub periods: Vec<u32>,
}

/// Every range with its granularities.
pub fn range_choices() -> Vec<UsageRangeChoice> {
    UsageRange::ALL
        .into_iter()
        .map(|range| UsageRangeChoice {
            range,
            periods: range.periods().to_vec(),
        })
        .collect()
}

/// The window GetMetricData is asked for: `start` and `end` (seconds since the epoch) fall on period
/// boundaries, and `end` is the boundary after now, so the current (partial) period is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UsageWindow {
    pub range: UsageRange,
    #[ts(type = "number")]
    pub start: i64,
    #[ts(type = "number")]
    pub end: i64,
    pub period_seconds: u32,
}

impl UsageWindow {
    /// The window of `range` ending at the period boundary after `now`, or the rule `period` breaks.
    pub fn new(range: UsageRange, period_seconds: u32, now: SystemTime) -> Result<Self, FieldError> {
        if !range.periods().contains(&period_seconds) {
            return Err(FieldError::new(
                "period",
                Rule::UsagePeriodForRange {
                    period_seconds,
                    allowed: range.periods().to_vec(),
                },
                format!(
                    "A point every {period_seconds} s does not suit {}: choose one of {:?} seconds.",
                    range.name(),
                    range.periods()
                ),
            ));
        }
        let now = now.duration_since(UNIX_EPOCH).unwrap_or(Duration::ZERO).as_secs() as i64;
        let period = i64::from(period_seconds);
        let end = (now / period + 1) * period;
        let start = end - i64::from(range.seconds()).max(period);
        Ok(Self {
            range,
            start,
            end,
            period_seconds,
        })
    }

    pub fn start_time(&self) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(self.start.max(0) as u64)
    }

    pub fn end_time(&self) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(self.end.max(0) as u64)
    }

    /// Every period's start, oldest first: where a chart draws a point (zero where CloudWatch has none).
    pub fn period_starts(&self) -> Vec<i64> {
        (self.start..self.end)
            .step_by(self.period_seconds as usize)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(seconds)
    }

    #[test]
    fn a_window_ends_at_the_period_boundary_after_now_and_spans_its_range() {
        // 2026-12-01T10:07:30Z
        let now = at(1_796_119_650);
        let hour = UsageWindow::new(UsageRange::LastHour, 60, now).unwrap();
        assert_eq!(hour.end % 60, 0);
        assert!(hour.end > 1_796_119_650 && hour.end - 1_796_119_650 <= 60);
        assert_eq!(hour.end - hour.start, 3_600);
        assert_eq!(hour.period_starts().len(), 60);

        let week = UsageWindow::new(UsageRange::LastWeek, 86_400, now).unwrap();
        assert_eq!(week.end % 86_400, 0);
        assert_eq!(week.period_starts().len(), 7);
        assert_eq!(week.period_starts()[0], week.start);
    }

    #[test]
    fn a_period_that_does_not_suit_the_range_is_refused_with_the_ones_that_do() {
        let error = UsageWindow::new(UsageRange::LastHour, 86_400, at(0)).unwrap_err();
        assert_eq!(error.field, "period");
        assert_eq!(
            error.rule,
            Rule::UsagePeriodForRange {
                period_seconds: 86_400,
                allowed: vec![60, 300]
            }
        );
        for range in UsageRange::ALL {
            for &period in range.periods() {
                let window = UsageWindow::new(range, period, at(1_000_000)).unwrap();
                assert!(window.period_starts().len() <= 1_440, "{range:?} {period}");
            }
        }
    }
}
