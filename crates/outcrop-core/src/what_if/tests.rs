//! Hand-computed cases. A month is 730.56 hours; prices are USD per million tokens. Sonnet 4.6 on its global
//! row: input 3, output 15, 5-minute write 3.75, 1-hour write 6, read 0.30; floor 2,048.

use super::*;
use crate::field_rule::Rule;
use crate::pricing::PriceRoute;

const SONNET_46: &str = "anthropic.claude-sonnet-4-6";

fn input(rate: f64, spread: Spread) -> WhatIfInput {
    WhatIfInput {
        model_id: SONNET_46.into(),
        geography: Some("global".into()),
        tier: ServiceTier::Default,
        prefix_tokens: Some(10_000.0),
        question_tokens: Some(100.0),
        answer_tokens: Some(500.0),
        requests_per_hour: Some(rate),
        spread,
    }
}

fn run(input: &WhatIfInput) -> WhatIf {
    what_if(input, &PriceTable::bundled(), &ModelFactsTable::bundled()).unwrap()
}

fn rules(input: &WhatIfInput) -> Vec<(String, Rule)> {
    what_if(input, &PriceTable::bundled(), &ModelFactsTable::bundled())
        .unwrap_err()
        .into_iter()
        .map(|e| (e.field, e.rule))
        .collect()
}

fn close(actual: f64, expected: f64) {
    assert!((actual - expected).abs() < 1e-6, "{actual} ≠ {expected}");
}

fn above(b: Option<BreakEven>) -> f64 {
    match b {
        Some(BreakEven::Above { requests_per_hour }) => requests_per_hour,
        other => panic!("{other:?}"),
    }
}

#[test]
fn steady_traffic_within_both_ttls_writes_once_a_month() {
    // 60 an hour: a request every 60 s, within 300 s and 3,600 s. M = 60 × 730.56 = 43,833.6 requests.
    let w = run(&input(60.0, Spread::Steady));
    close(w.requests_per_month, 43_833.6);
    // No cache: M × (10,100 × 3 + 500 × 15) / 1e6 = M × (0.0303 + 0.0075) = 1,328.15808 + 328.752.
    close(w.no_cache.input, 1_328.158_08);
    close(w.no_cache.output, 328.752);
    close(w.no_cache.total, 1_656.910_08);
    let five = w.five_minutes.monthly.unwrap();
    // 1 write: 10,000 × 3.75 / 1e6 = 0.0375; 43,832.6 reads × 10,000 × 0.30 / 1e6 = 131.4978;
    // questions M × 100 × 3 / 1e6 = 13.15008; answers 328.752. Total 473.43738.
    assert_eq!(five.writes, 1.0);
    close(five.reads, 43_832.6);
    close(five.cache_write, 0.0375);
    close(five.cache_read, 131.4978);
    close(five.input, 13.150_08);
    close(five.total, 473.437_38);
    close(w.five_minutes.saved.unwrap(), 1_656.910_08 - 473.437_38);
    // 1 hour: the one write at 6 → 0.06; total 473.45988.
    close(w.one_hour.monthly.unwrap().total, 473.459_88);
    assert_eq!(w.five_minutes.status, TtlStatus::Caches);
    // The quote travels with the figures: the global row, dated and sourced.
    assert_eq!(w.quote.route, PriceRoute::Global);
    assert_eq!(w.quote.as_of, PriceTable::bundled().as_of);
    assert!(!w.quote.source.is_empty());
}

#[test]
fn steady_traffic_past_the_ttl_writes_every_request() {
    // 6 an hour: a gap of 600 s, past 5 minutes, within 1 hour. M = 4,383.36.
    let w = run(&input(6.0, Spread::Steady));
    // No cache: M × 0.0378 = 165.691008.
    close(w.no_cache.total, 165.691_008);
    // 5 minutes: every request writes: M × (0.0003 + 0.0375 + 0.0075) = 1.315008 + 164.376 + 32.8752 = 198.566208,
    // 32.8752 more than no cache (each write's premium, 10,000 × 0.75 / 1e6 = 0.0075, M times).
    let five = w.five_minutes.monthly.unwrap();
    assert_eq!(five.writes, five.requests);
    close(five.total, 198.566_208);
    close(w.five_minutes.saved.unwrap(), -32.8752);
    // 1 hour: one write (0.06) and 4,382.36 reads × 0.003 = 13.14708: 1.315008 + 0.06 + 13.14708 + 32.8752.
    close(w.one_hour.monthly.unwrap().total, 47.397_288);
}

#[test]
fn break_even_steady_is_where_the_gap_meets_the_ttl() {
    let w = run(&input(6.0, Spread::Steady));
    // Below 3,600 / 300 = 12 an hour every request writes (dearer); from 12 on one write a month pays once
    // M > (3.75 − 0.30) / (3 − 0.30) = 1.28 requests, i.e. 0.00175 an hour: the gap decides.
    close(above(w.five_minutes.break_even), 12.0);
    // 1 hour: 3,600 / 3,600 = 1 an hour.
    close(above(w.one_hour.break_even), 1.0);
    // Just below and at the break-even, the costs say the same.
    let below = run(&input(11.9, Spread::Steady));
    assert!(below.five_minutes.saved.unwrap() < 0.0);
    let at = run(&input(12.0, Spread::Steady));
    assert!(at.five_minutes.saved.unwrap() > 0.0);
}

#[test]
fn bursts_write_once_per_burst() {
    // Bursts of 5 at 10 an hour: a burst every 3,600 × 5 / 10 = 1,800 s, past 5 minutes. M = 7,305.6,
    // writes M / 5 = 1,461.12, reads 5,844.48.
    let w = run(&input(10.0, Spread::Bursts { size: Some(5.0) }));
    let five = w.five_minutes.monthly.unwrap();
    close(five.writes, 1_461.12);
    close(five.reads, 5_844.48);
    // 2.19168 (questions) + 1,461.12 × 0.0375 = 54.792 + 5,844.48 × 0.003 = 17.53344 + 54.792 (answers).
    close(five.total, 129.309_12);
    // Each burst reads 4 × (3 − 0.30) = 10.8 against one write's 0.75 premium: cheaper at any rate.
    assert_eq!(w.five_minutes.break_even, Some(BreakEven::Always));
    // Bursts of 2 with a 1-hour TTL: one read saves 2.7, one write costs 3 more: dearer until the bursts come
    // within the hour, at 3,600 × 2 / 3,600 = 2 an hour.
    let pairs = run(&input(1.0, Spread::Bursts { size: Some(2.0) }));
    close(above(pairs.one_hour.break_even), 2.0);
    assert!(pairs.one_hour.saved.unwrap() < 0.0);
}

#[test]
fn office_hours_write_once_each_working_day() {
    // 10 an hour over the month, all in 40 of the week's 168 hours: 42 an hour in them, a gap of 85.7 s.
    // Each of the 30.44 × 5 / 7 = 21.742857 working days writes once; M = 7,305.6.
    let w = run(&input(10.0, Spread::OfficeHours));
    let five = w.five_minutes.monthly.unwrap();
    close(five.writes, 30.44 * 5.0 / 7.0);
    close(five.reads, 7_305.6 - 30.44 * 5.0 / 7.0);
    // Break-even: 12 an hour within office hours is 12 / 4.2 = 2.857142857 over the month; 1 hour: 1 / 4.2.
    close(above(w.five_minutes.break_even), 12.0 / 4.2);
    close(above(w.one_hour.break_even), 1.0 / 4.2);
    // At 0.5 an hour (2.1 in office hours, a gap of 1,714 s) every request writes with 5 minutes.
    let slow = run(&input(0.5, Spread::OfficeHours));
    let five = slow.five_minutes.monthly.unwrap();
    assert_eq!(five.writes, five.requests);
}

#[test]
fn a_prefix_below_the_floor_caches_nothing() {
    let mut small = input(60.0, Spread::Steady);
    small.prefix_tokens = Some(2_047.0); // Sonnet 4.6's floor is 2,048
    let w = run(&small);
    assert_eq!(
        w.five_minutes.status,
        TtlStatus::BelowFloor {
            floor: 2_048,
            prefix_tokens: 2_047
        }
    );
    assert_eq!(w.five_minutes.monthly, Some(w.no_cache));
    assert_eq!(w.five_minutes.saved, Some(0.0));
    assert_eq!(w.one_hour.break_even, Some(BreakEven::Never));
}

#[test]
fn a_ttl_the_model_lacks_is_not_priced() {
    let mut old = input(60.0, Spread::Steady);
    old.model_id = "anthropic.claude-3-7-sonnet-20250219-v1:0".into();
    let w = run(&old);
    assert_eq!(w.one_hour.status, TtlStatus::NotOffered);
    assert_eq!((w.one_hour.monthly, w.one_hour.break_even), (None, None));
    assert!(w.series.iter().all(|p| p.one_hour.is_none()));
}

#[test]
fn route_and_tier_change_the_prices_and_say_so() {
    let mut us = input(60.0, Spread::Steady);
    us.geography = Some("us".into());
    let w = run(&us);
    // The geographic row: input 3.30, so no cache costs M × (10,100 × 3.3 + 500 × 16.5) / 1e6.
    assert_eq!(w.quote.route, PriceRoute::Geographic);
    close(w.no_cache.total, 43_833.6 * (10_100.0 * 3.3 + 500.0 * 16.5) / 1e6);

    let mut nova = input(60.0, Spread::Steady);
    nova.model_id = "amazon.nova-pro-v1:0".into();
    nova.geography = None;
    nova.tier = ServiceTier::Priority;
    let w = run(&nova);
    // Nova Pro priority: 1.75 × (0.80 in, 3.20 out).
    assert_eq!(w.billing.tier_multiplier, Some(1.75));
    close(w.billing.prices.input, 1.4);
    assert!(!w.tier_price_unknown);
    // Nova writes cost plain input: no dearer below the break-even, cheaper from it on.
    close(above(w.five_minutes.break_even), 12.0);

    let mut reserved = input(60.0, Spread::Steady);
    reserved.tier = ServiceTier::Reserved;
    let w = run(&reserved);
    assert!(
        w.tier_price_unknown,
        "no reserved multiplier is published: default prices, said so"
    );
    assert_eq!(w.billing.prices, w.quote.prices);
}

#[test]
fn the_series_spans_today_and_the_break_evens_on_a_log_scale() {
    let w = run(&input(60.0, Spread::Steady));
    assert_eq!(w.series.len(), SERIES_POINTS);
    let today: Vec<_> = w.series.iter().filter(|p| p.today).collect();
    assert_eq!(today.len(), 1);
    close(today[0].requests_per_hour, 60.0);
    close(today[0].no_cache, w.no_cache.total);
    close(
        today[0].five_minutes.unwrap(),
        w.five_minutes.monthly.unwrap().total,
    );
    // From a tenth of the lowest anchor (the 1-hour break-even, 1 an hour) to ten times the highest (today's 60).
    close(w.series[0].requests_per_hour, 0.1);
    close(w.series[SERIES_POINTS - 1].requests_per_hour, 600.0);
    assert!(
        w.series
            .windows(2)
            .all(|p| p[0].requests_per_hour <= p[1].requests_per_hour)
    );
}

#[test]
fn bad_input_gets_the_rule_it_breaks() {
    let mut bad = input(0.0, Spread::Bursts { size: Some(1.0) });
    bad.prefix_tokens = Some(-5.0);
    bad.question_tokens = Some(1.5);
    bad.answer_tokens = None;
    let found = rules(&bad);
    let tokens = |min| Rule::WhatIfTokens { min, max: MAX_TOKENS };
    assert_eq!(
        found,
        vec![
            ("prefixTokens".into(), tokens(1)),
            ("questionTokens".into(), tokens(0)),
            ("answerTokens".into(), tokens(1)),
            ("requestsPerHour".into(), Rule::WhatIfRate { max: 1_000_000 }),
            (
                "burstSize".into(),
                Rule::WhatIfBurstSize {
                    min: 2,
                    max: MAX_BURST
                }
            ),
        ]
    );
    assert_eq!(
        rules(&input(1e7, Spread::Steady)),
        vec![("requestsPerHour".into(), Rule::WhatIfRate { max: 1_000_000 })]
    );
    let mut huge = input(60.0, Spread::Steady);
    huge.prefix_tokens = Some(999_990.0);
    huge.question_tokens = Some(11.0);
    assert!(matches!(
        &rules(&huge)[..],
        [(field, Rule::WhatIfOverContext { total_tokens: 1_000_001, context_tokens: 1_000_000, .. })] if field == "prefixTokens"
    ));
    let mut unknown = input(60.0, Spread::Steady);
    unknown.model_id = "meta.llama3-70b-instruct-v1:0".into();
    assert!(matches!(
        &rules(&unknown)[..],
        [(_, Rule::WhatIfModelUnknown { .. })]
    ));
    unknown.model_id = "  ".into();
    assert_eq!(rules(&unknown), vec![("model".into(), Rule::ChooseModel)]);
    let mut tier = input(60.0, Spread::Steady);
    tier.tier = ServiceTier::Priority;
    assert!(matches!(&rules(&tier)[..], [(field, Rule::TierNotOffered { .. })] if field == "tier"));
}

#[test]
fn a_session_fills_in_the_what_if() {
    let turn = |at_s: u64, read: u64, write: u64, input: u64, output: u64| TurnSample {
        started_at_ms: at_s * 1000,
        model_id: Some(SONNET_46.into()),
        geography: Some("us".into()),
        tier: None,
        usage: crate::pricing::Usage {
            input_tokens: input,
            output_tokens: output,
            cache_read_input_tokens: read,
            cache_write5m_tokens: write,
            ..Default::default()
        },
    };
    // Four turns over 90 s: three gaps in 90 s is 120 an hour. Questions (20 + 30 + 40 + 50) / 4 = 35; answers
    // (300 + 301 + 302 + 303) / 4 = 301.5, rounded to 302; the last turn read 6,115.
    let turns = [
        turn(0, 0, 6_115, 20, 300),
        turn(30, 6_115, 0, 30, 301),
        turn(60, 6_115, 0, 40, 302),
        turn(90, 6_115, 0, 50, 303),
    ];
    let filled = prefill(&turns);
    assert_eq!(filled.turns, 4);
    assert_eq!(filled.input.prefix_tokens, Some(6_115.0));
    assert_eq!(filled.input.question_tokens, Some(35.0));
    assert_eq!(filled.input.answer_tokens, Some(302.0));
    assert_eq!(filled.input.requests_per_hour, Some(120.0));
    assert_eq!(filled.input.geography.as_deref(), Some("us"));
    assert_eq!(
        filled.from_session.len(),
        6,
        "all but the tier: {:?}",
        filled.from_session
    );
    // No turns: the example, said so.
    let empty = prefill(&[]);
    assert_eq!((empty.turns, empty.input), (0, WhatIfInput::example()));
    assert!(
        what_if(
            &WhatIfInput::example(),
            &PriceTable::bundled(),
            &ModelFactsTable::bundled()
        )
        .is_ok()
    );
}

#[test]
fn break_even_by_hand_for_each_case() {
    // Per-token prices as per million: input 3, write 3.75, read 0.30.
    let of = |arrivals, ttl| BreakEven::of(arrivals, ttl, 3.0, 3.75, 0.3);
    // A read that saves nothing never pays.
    assert_eq!(
        BreakEven::of(Arrivals::Steady, 300.0, 1.0, 1.25, 1.0),
        BreakEven::Never
    );
    // Office hours: 12 an hour within them is 12 / 4.2 over the month.
    close(above(Some(of(Arrivals::OfficeHours, 300.0))), 12.0 / 4.2);
    // Bursts of 2 with a 5-minute write: one read saves 2.7 > the write's 0.75: always.
    assert_eq!(of(Arrivals::Bursts(2), 300.0), BreakEven::Always);
    // A write so dear (input 1, write 2,000, read 0) that a month needs 2,000 × 21.74 / 730.56 = 59.5 requests an
    // hour of office hours, above the 0.238 at which the days' gaps fall within an hour.
    close(
        above(Some(BreakEven::of(
            Arrivals::OfficeHours,
            3600.0,
            1.0,
            2000.0,
            0.0,
        ))),
        2000.0 * WORKING_DAYS_PER_MONTH / HOURS_PER_MONTH,
    );
}

mod property {
    use super::*;
    use proptest::prelude::*;

    const MODELS: [&str; 5] = [
        SONNET_46,
        "anthropic.claude-haiku-4-5",
        "anthropic.claude-opus-4-5",
        "amazon.nova-pro-v1:0",
        "anthropic.claude-3-7-sonnet-20250219-v1:0",
    ];

    fn spread() -> impl Strategy<Value = Spread> {
        prop_oneof![
            Just(Spread::Steady),
            (2u32..50).prop_map(|n| Spread::Bursts {
                size: Some(f64::from(n))
            }),
            Just(Spread::OfficeHours),
        ]
    }

    proptest! {
        /// The break-even says where caching is cheaper: below it caching never saves, from it on it always does.
        #[test]
        fn caching_saves_exactly_from_the_break_even_on(
            model in 0usize..MODELS.len(),
            geography in prop_oneof![Just(Some("global")), Just(Some("us")), Just(None)],
            spread in spread(),
            log_rate in -2.0f64..4.0,
            prefix in 5_000u32..100_000,
            question in 0u32..1_000,
            answer in 1u32..2_000,
        ) {
            let rate = 10f64.powf(log_rate);
            let w = run(&WhatIfInput {
                model_id: MODELS[model].into(),
                geography: geography.map(Into::into),
                tier: ServiceTier::Default,
                prefix_tokens: Some(f64::from(prefix)),
                question_tokens: Some(f64::from(question)),
                answer_tokens: Some(f64::from(answer)),
                requests_per_hour: Some(rate),
                spread,
            });
            for ttl in [&w.five_minutes, &w.one_hour] {
                let (Some(saved), Some(break_even)) = (ttl.saved, ttl.break_even) else { continue };
                let relative = saved / w.no_cache.total;
                match break_even {
                    BreakEven::Always => prop_assert!(relative > 1e-9, "{ttl:?}"),
                    BreakEven::Never => prop_assert!(relative <= 1e-9, "{ttl:?}"),
                    BreakEven::Above { requests_per_hour } if rate >= requests_per_hour * (1.0 + 1e-9) => {
                        prop_assert!(relative > 1e-9, "{rate} ≥ {requests_per_hour}: {ttl:?}")
                    }
                    BreakEven::Above { requests_per_hour } if rate < requests_per_hour * (1.0 - 1e-9) => {
                        prop_assert!(relative <= 1e-9, "{rate} < {requests_per_hour}: {ttl:?}")
                    }
                    BreakEven::Above { .. } => {}
                }
            }
        }
    }
}
