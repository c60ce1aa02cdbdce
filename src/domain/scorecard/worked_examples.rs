//! The worked examples of `docs/figures.md`, one per aggregation rule, checked here so the
//! document cannot drift from the rules. Every number below is the document's.

use chrono::NaiveDate;

use crate::domain::coverage::Coverage;
use crate::domain::kinds::{Aggregation, Direction, Frequency, IndicatorKind};
use crate::domain::period::Period;
use crate::domain::rollup::{Aggregate, Contribution, PeriodFigure, aggregate_organisations};
use crate::domain::scorecard::{Basis, IndicatorRules, scorecard};
use crate::domain::status::{Status, TargetPath};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn approx(actual: f64, expected: f64) {
    assert!((actual - expected).abs() < 1e-9, "{actual} ≠ {expected}");
}

/// A reported value, approved at `approved` (the tie-breaker of the latest rule: the day of
/// July it was approved).
fn value(v: f64, approved: i64) -> Contribution {
    Contribution {
        value: Some(v),
        numerator: None,
        denominator: None,
        stage: None,
        order_key: (d(2026, 6, 30), approved),
    }
}

fn fraction(n: f64, den: f64) -> Contribution {
    Contribution {
        numerator: Some(n),
        denominator: Some(den),
        value: None,
        ..value(0.0, 0)
    }
}

fn quarter(label: &str, aggregate: Aggregate, assigned: usize) -> PeriodFigure {
    PeriodFigure {
        period: Period::parse_label(Frequency::Quarterly, label).unwrap(),
        aggregate,
        assigned: Some(assigned),
    }
}

fn rules(kind: IndicatorKind, aggregation: Aggregation) -> IndicatorRules {
    IndicatorRules {
        kind,
        aggregation,
        direction: Direction::HigherIsBetter,
        cumulative: false,
        frequency: Frequency::Quarterly,
        min_coverage_percent: 50,
    }
}

fn today() -> NaiveDate {
    d(2026, 11, 29)
}

#[test]
fn sum_adds_tonnes_and_a_partial_year_is_annualised() {
    let q2 = aggregate_organisations(
        IndicatorKind::Quantity,
        Aggregation::Sum,
        &[value(12_400.0, 1), value(8_150.0, 2), value(5_450.0, 3)],
    )
    .unwrap();
    assert_eq!((q2.value, q2.contributors), (26_000.0, 3));
    // 3 of 4 assigned; half of 4 is 2: complete.
    let coverage = Coverage::new(3, 4, 50);
    assert_eq!(coverage.required, 2);
    assert!(coverage.is_complete());
    // Q1 24,000 t + Q2 26,000 t = 50,000 t in 6 months: 100,000 t a year, against
    // 80,000 + 40,000 × 181/365 = 99,835.6 expected on 30 Jun 2026: on track.
    let q1 = Aggregate {
        value: 24_000.0,
        ..q2
    };
    let path = TargetPath::new(Some((2025, 80_000.0)), vec![(2026, 120_000.0)]);
    let r = rules(IndicatorKind::Quantity, Aggregation::Sum);
    let figures = [quarter("2026-Q1", q1, 4), quarter("2026-Q2", q2, 4)];
    let card = scorecard(&r, &path, &figures, today());
    let j = card.judgement.unwrap();
    assert_eq!(
        (j.basis, j.months, j.value),
        (Basis::Annualised, 6, 100_000.0)
    );
    approx(j.verdict.expected, 80_000.0 + 40_000.0 * 181.0 / 365.0);
    assert_eq!(j.verdict.status, Status::OnTrack);
    assert!(j.verdict.shortfall_share < 0.0);
}

#[test]
fn ratio_of_sums_pools_the_workforce_never_averages_percentages() {
    let r = rules(IndicatorKind::Percentage, Aggregation::RatioOfSums);
    let q2 = aggregate_organisations(
        r.kind,
        r.aggregation,
        &[
            fraction(1_200.0, 2_000.0),
            fraction(450.0, 1_000.0),
            fraction(300.0, 1_000.0),
        ],
    )
    .unwrap();
    // 1,950 of 4,000 = 48.75 % (the mean of 60, 45 and 30 % would be 45 %).
    approx(q2.value, 48.75);
    assert_eq!(
        (q2.numerator, q2.denominator),
        (Some(1_950.0), Some(4_000.0))
    );
    // 3 of 5 assigned: half of 5 rounded up is 3, exactly met. 1 of 5 would not be.
    assert!(Coverage::new(3, 5, 50).is_complete());
    assert!(!Coverage::new(1, 5, 50).is_complete());
    // Q1 1,760 of 4,000 (44 %). Year to date 3,710 of 8,000 = 46.375 %, against
    // 40 + 20 × 181/365 = 49.918 expected: short by 3.543, 17.7 % of the planned 20 points:
    // on track (within 25 %).
    let q1 = Aggregate {
        value: 44.0,
        numerator: Some(1_760.0),
        denominator: Some(4_000.0),
        contributors: 3,
    };
    let path = TargetPath::new(Some((2025, 40.0)), vec![(2026, 60.0)]);
    let figures = [quarter("2026-Q1", q1, 5), quarter("2026-Q2", q2, 5)];
    let card = scorecard(&r, &path, &figures, today());
    let j = card.judgement.unwrap();
    assert_eq!(j.basis, Basis::YearToDate);
    approx(j.value, 46.375);
    let expected = 40.0 + 20.0 * 181.0 / 365.0;
    approx(j.verdict.shortfall_share, (expected - 46.375) / 20.0);
    assert_eq!(j.verdict.status, Status::OnTrack);
    // The headline's period value is Q2's own 48.75 %.
    approx(card.latest.unwrap().aggregate.value, 48.75);
}

#[test]
fn mean_latest_max_min_and_park() {
    let quantity = |aggregation, contributions: &[Contribution]| {
        aggregate_organisations(IndicatorKind::Quantity, aggregation, contributions)
            .unwrap()
            .value
    };
    // Mean of audit scores 72, 80 and 64: 72.
    approx(
        quantity(
            Aggregation::Mean,
            &[value(72.0, 1), value(80.0, 2), value(64.0, 3)],
        ),
        72.0,
    );
    // Latest: 0.82 approved on 3 July, 0.79 on 10 July: 0.79.
    approx(
        quantity(Aggregation::Latest, &[value(0.79, 10), value(0.82, 3)]),
        0.79,
    );
    // Max of SO₂ peaks 140, 95 and 210 µg/m³: 210.
    approx(
        quantity(
            Aggregation::Max,
            &[value(140.0, 1), value(95.0, 2), value(210.0, 3)],
        ),
        210.0,
    );
    // Min of wage ratios 1.35, 1.10 and 1.22: 1.10.
    approx(
        quantity(
            Aggregation::Min,
            &[value(1.35, 1), value(1.10, 2), value(1.22, 3)],
        ),
        1.10,
    );
    // Park: the park office's stage 2 of the roadmap, 1 of 1 assigned: complete.
    let park = aggregate_organisations(
        IndicatorKind::Milestone,
        Aggregation::Park,
        &[Contribution {
            stage: Some(2),
            value: None,
            ..value(0.0, 1)
        }],
    )
    .unwrap();
    assert_eq!((park.value, park.contributors), (2.0, 1));
    assert!(Coverage::new(1, 1, 50).is_complete());
}
