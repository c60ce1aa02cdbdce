//! Unit tests of the roll-ups, with hand-computed expectations: pooled fractions, each
//! aggregation, empty sets and zero denominators. Tests only; no I/O.

use super::*;
use Aggregation as A;
use IndicatorKind as K;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

const EPS: f64 = 1e-9;

fn approx(actual: f64, expected: f64) {
    assert!(
        (actual - expected).abs() < EPS,
        "expected {expected}, got {actual}"
    );
}

fn value(v: f64, tie: i64) -> Contribution {
    Contribution {
        value: Some(v),
        numerator: None,
        denominator: None,
        stage: None,
        order_key: (d(2026, 3, 31), tie),
    }
}

fn frac(n: f64, den: f64, tie: i64) -> Contribution {
    Contribution {
        value: None,
        numerator: Some(n),
        denominator: Some(den),
        stage: None,
        order_key: (d(2026, 3, 31), tie),
    }
}

fn stage(s: i16, tie: i64) -> Contribution {
    Contribution {
        value: None,
        numerator: None,
        denominator: None,
        stage: Some(s),
        order_key: (d(2026, 3, 31), tie),
    }
}

fn agg(value: f64, numerator: Option<f64>, denominator: Option<f64>, n: usize) -> Aggregate {
    Aggregate {
        value,
        numerator,
        denominator,
        contributors: n,
    }
}

#[test]
fn no_usable_contribution_gives_none() {
    for a in Aggregation::ALL {
        for k in IndicatorKind::ALL {
            assert_eq!(aggregate_organisations(*k, *a, &[]), None);
        }
        // Missing fields, non-finite values, zero denominators.
        let unusable = [
            Contribution {
                value: None,
                ..value(0.0, 1)
            },
            value(f64::NAN, 2),
        ];
        assert_eq!(aggregate_organisations(K::Quantity, *a, &unusable), None);
        assert_eq!(
            aggregate_organisations(K::Percentage, *a, &[frac(1.0, 0.0, 1)]),
            None
        );
        assert_eq!(
            aggregate_organisations(K::Milestone, *a, &[value(2.0, 1)]),
            None
        );
        // Qualitative figures are never aggregated.
        assert_eq!(
            aggregate_organisations(K::Qualitative, *a, &[value(1.0, 1)]),
            None
        );
    }
}

#[test]
fn sum_of_quantities_and_counts() {
    // 1200 + 800.5 + 0 = 2000.5; the unusable (missing) figure does not count.
    let cs = [
        value(1200.0, 1),
        value(800.5, 2),
        value(0.0, 3),
        Contribution {
            value: None,
            ..value(0.0, 4)
        },
    ];
    assert_eq!(
        aggregate_organisations(K::Quantity, A::Sum, &cs),
        Some(agg(2000.5, None, None, 3))
    );
    // Negative quantities (net changes) add as they are: 10 + (-4) = 6.
    assert_eq!(
        aggregate_organisations(K::Quantity, A::Sum, &[value(10.0, 1), value(-4.0, 2)]),
        Some(agg(6.0, None, None, 2))
    );
    assert_eq!(
        aggregate_organisations(K::Count, A::Sum, &[value(12.0, 1), value(30.0, 2)]),
        Some(agg(42.0, None, None, 2))
    );
}

#[test]
fn percentages_are_pooled_never_averaged() {
    // Org A 9/10 = 90 %, org B 10/100 = 10 %. Pooled: (9+10)/(10+100) = 19/110
    // = 17.2727… %, whereas the (wrong) mean of ratios would be 50 %.
    let cs = [frac(9.0, 10.0, 1), frac(10.0, 100.0, 2)];
    for a in [A::RatioOfSums, A::Sum] {
        let got = aggregate_organisations(K::Percentage, a, &cs).unwrap();
        approx(got.value, 100.0 * 19.0 / 110.0);
        assert_eq!(
            (got.numerator, got.denominator, got.contributors),
            (Some(19.0), Some(110.0), 2)
        );
    }
}

#[test]
fn ratio_of_sums_skips_non_positive_denominators_and_does_not_scale_ratios() {
    // Ratio kind (t CO2 per t Ni): (30 + 50) / (2 + 8) = 8; the d = 0 and d = -1 figures
    // are skipped.
    let cs = [
        frac(30.0, 2.0, 1),
        frac(50.0, 8.0, 2),
        frac(5.0, 0.0, 3),
        frac(5.0, -1.0, 4),
    ];
    assert_eq!(
        aggregate_organisations(K::Ratio, A::RatioOfSums, &cs),
        Some(agg(8.0, Some(80.0), Some(10.0), 2))
    );
}

#[test]
fn ratio_of_sums_on_plain_numbers_is_a_sum() {
    // 3 + 4 = 7.
    assert_eq!(
        aggregate_organisations(K::Quantity, A::RatioOfSums, &[value(3.0, 1), value(4.0, 2)]),
        Some(agg(7.0, None, None, 2))
    );
}

#[test]
fn mean_of_numeric_readings() {
    // (10 + 20 + 60) / 3 = 30.
    let cs = [value(10.0, 1), value(20.0, 2), value(60.0, 3)];
    assert_eq!(
        aggregate_organisations(K::Quantity, A::Mean, &cs),
        Some(agg(30.0, None, None, 3))
    );
    // Explicit mean on a percentage averages the organisations' percentages:
    // (90 + 10) / 2 = 50; no numerator/denominator since 50 is not Σn/Σd.
    let cs = [frac(9.0, 10.0, 1), frac(10.0, 100.0, 2)];
    assert_eq!(
        aggregate_organisations(K::Percentage, A::Mean, &cs),
        Some(agg(50.0, None, None, 2))
    );
}

#[test]
fn latest_and_park_take_the_greatest_order_key() {
    let early_period = Contribution {
        order_key: (d(2026, 2, 28), 999),
        ..value(1.0, 0)
    };
    // Period end first, then the tie-breaker: (03-31, 20) is the greatest.
    let cs = [value(5.0, 10), early_period, value(7.0, 20), value(6.0, 15)];
    for a in [A::Latest, A::Park] {
        assert_eq!(
            aggregate_organisations(K::Quantity, a, &cs),
            Some(agg(7.0, None, None, 4))
        );
    }
    // For a percentage, the chosen figure's n and d come along: 3/4 = 75 %.
    let cs = [frac(1.0, 2.0, 1), frac(3.0, 4.0, 2)];
    assert_eq!(
        aggregate_organisations(K::Percentage, A::Park, &cs),
        Some(agg(75.0, Some(3.0), Some(4.0), 2))
    );
    // Milestones read the stage.
    assert_eq!(
        aggregate_organisations(K::Milestone, A::Latest, &[stage(3, 2), stage(1, 1)]),
        Some(agg(3.0, None, None, 2))
    );
}

#[test]
fn max_and_min_of_numeric_readings() {
    let cs = [value(4.0, 1), value(-2.0, 2), value(9.5, 3)];
    assert_eq!(
        aggregate_organisations(K::Quantity, A::Max, &cs),
        Some(agg(9.5, None, None, 3))
    );
    assert_eq!(
        aggregate_organisations(K::Quantity, A::Min, &cs),
        Some(agg(-2.0, None, None, 3))
    );
    // Percentages compare as 100·n/d: 1/4 = 25 %, 2/5 = 40 %, 30/100 = 30 %.
    let cs = [frac(1.0, 4.0, 1), frac(2.0, 5.0, 2), frac(30.0, 100.0, 3)];
    assert_eq!(
        aggregate_organisations(K::Percentage, A::Max, &cs),
        Some(agg(40.0, Some(2.0), Some(5.0), 3))
    );
    assert_eq!(
        aggregate_organisations(K::Percentage, A::Min, &cs),
        Some(agg(25.0, Some(1.0), Some(4.0), 3))
    );
}

fn fig(label: &str, frequency: Frequency, a: Aggregate) -> PeriodFigure {
    PeriodFigure {
        period: Period::parse_label(frequency, label).unwrap(),
        aggregate: a,
        assigned: None,
    }
}

fn q(label: &str, value: f64, contributors: usize) -> PeriodFigure {
    fig(
        label,
        Frequency::Quarterly,
        agg(value, None, None, contributors),
    )
}

#[test]
fn year_of_a_flow_is_the_sum_of_its_periods() {
    // 100 + 140 + 120 = 360; contributors = max(3, 5, 4) = 5.
    let figures = [
        q("2026-Q2", 140.0, 5),
        q("2026-Q1", 100.0, 3),
        q("2026-Q3", 120.0, 4),
    ];
    for a in [A::Sum, A::RatioOfSums] {
        assert_eq!(
            rollup_year(K::Quantity, a, false, &figures),
            Some(agg(360.0, None, None, 5))
        );
    }
    assert_eq!(rollup_year(K::Count, A::Sum, false, &[]), None);
}

#[test]
fn year_of_a_cumulative_indicator_or_latest_aggregation_is_the_latest_period() {
    // Given out of order: Q3 (120) is the latest period.
    let figures = [
        q("2026-Q3", 120.0, 2),
        q("2026-Q1", 100.0, 4),
        q("2026-Q2", 140.0, 3),
    ];
    assert_eq!(
        rollup_year(K::Quantity, A::Sum, true, &figures),
        Some(agg(120.0, None, None, 4))
    );
    for a in [A::Latest, A::Park] {
        assert_eq!(
            rollup_year(K::Quantity, a, false, &figures),
            Some(agg(120.0, None, None, 4))
        );
    }
    // A cumulative percentage keeps the latest period's n and d: 30/40 = 75 %.
    let figures = [
        fig(
            "2026-H1",
            Frequency::SemiAnnual,
            agg(50.0, Some(10.0), Some(20.0), 2),
        ),
        fig(
            "2026-H2",
            Frequency::SemiAnnual,
            agg(75.0, Some(30.0), Some(40.0), 2),
        ),
    ];
    assert_eq!(
        rollup_year(K::Percentage, A::RatioOfSums, true, &figures),
        Some(agg(75.0, Some(30.0), Some(40.0), 2))
    );
}

#[test]
fn year_of_a_milestone_is_the_latest_stage_whatever_the_aggregation() {
    // Stage 3 in Q1 then stage 2 in Q2 (a setback): the year shows 2, not 3 or 5.
    let figures = [q("2026-Q1", 3.0, 1), q("2026-Q2", 2.0, 1)];
    for a in Aggregation::ALL {
        assert_eq!(
            rollup_year(K::Milestone, *a, false, &figures).map(|x| x.value),
            Some(2.0)
        );
    }
}

#[test]
fn year_of_a_pooled_fraction_pools_the_periods() {
    // Q1 20/100, Q2 90/100 (but mean of the period percentages would be 55 %),
    // Q3 10/50. Pooled: (20+90+10)/(100+100+50) = 120/250 = 48 %.
    let figures = [
        fig(
            "2026-Q1",
            Frequency::Quarterly,
            agg(20.0, Some(20.0), Some(100.0), 3),
        ),
        fig(
            "2026-Q2",
            Frequency::Quarterly,
            agg(90.0, Some(90.0), Some(100.0), 3),
        ),
        fig(
            "2026-Q3",
            Frequency::Quarterly,
            agg(20.0, Some(10.0), Some(50.0), 2),
        ),
    ];
    let year = rollup_year(K::Percentage, A::RatioOfSums, false, &figures).unwrap();
    approx(year.value, 48.0);
    assert_eq!(
        (year.numerator, year.denominator, year.contributors),
        (Some(120.0), Some(250.0), 3)
    );
    // A ratio is not scaled: 120 / 250 = 0.48.
    let year = rollup_year(K::Ratio, A::Sum, false, &figures).unwrap();
    approx(year.value, 0.48);
    // Without numerators and denominators there is nothing to pool.
    assert_eq!(
        rollup_year(K::Percentage, A::Sum, false, &[q("2026-Q1", 20.0, 1)]),
        None
    );
}

#[test]
fn year_of_mean_max_and_min() {
    let figures = [
        q("2026-Q1", 10.0, 1),
        q("2026-Q2", 40.0, 2),
        q("2026-Q3", 25.0, 1),
    ];
    // (10 + 40 + 25) / 3 = 25.
    assert_eq!(
        rollup_year(K::Quantity, A::Mean, false, &figures),
        Some(agg(25.0, None, None, 2))
    );
    assert_eq!(
        rollup_year(K::Quantity, A::Max, false, &figures).map(|x| x.value),
        Some(40.0)
    );
    assert_eq!(
        rollup_year(K::Quantity, A::Min, false, &figures).map(|x| x.value),
        Some(10.0)
    );
    // Mean of a percentage averages the period figures: (30 + 50) / 2 = 40.
    let pct = [q("2026-Q1", 30.0, 2), q("2026-Q2", 50.0, 2)];
    assert_eq!(
        rollup_year(K::Percentage, A::Mean, false, &pct).map(|x| x.value),
        Some(40.0)
    );
    assert_eq!(rollup_year(K::Qualitative, A::Latest, false, &pct), None);
}

#[test]
fn annualise_scales_flows_to_a_full_year() {
    // Two quarters: (100 + 140) × 4 / 2 = 480.
    let quarters = [q("2026-Q1", 100.0, 1), q("2026-Q2", 140.0, 1)];
    assert_eq!(
        annualise(K::Quantity, A::Sum, false, Frequency::Quarterly, &quarters),
        Some(480.0)
    );
    // Three months: (10 + 20 + 30) × 12 / 3 = 240.
    let months: Vec<PeriodFigure> = [("2028-01", 10.0), ("2028-02", 20.0), ("2028-03", 30.0)]
        .iter()
        .map(|(l, v)| fig(l, Frequency::Monthly, agg(*v, None, None, 1)))
        .collect();
    assert_eq!(
        annualise(K::Count, A::Sum, false, Frequency::Monthly, &months),
        Some(240.0)
    );
    // A full year is left as is: 4 × 25 × 4 / 4 = 100.
    let year: Vec<PeriodFigure> = ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
        .iter()
        .map(|l| q(l, 25.0, 1))
        .collect();
    assert_eq!(
        annualise(K::Quantity, A::Sum, false, Frequency::Quarterly, &year),
        Some(100.0)
    );
    assert_eq!(
        annualise(K::Quantity, A::Sum, false, Frequency::Quarterly, &[]),
        None
    );
}

#[test]
fn annualise_leaves_stocks_fractions_and_extremes_as_rolled_up() {
    let quarters = [q("2026-Q1", 100.0, 1), q("2026-Q2", 140.0, 1)];
    // Cumulative: latest quarter, 140, not scaled.
    assert_eq!(
        annualise(K::Quantity, A::Sum, true, Frequency::Quarterly, &quarters),
        Some(140.0)
    );
    // Mean: (100 + 140) / 2 = 120.
    assert_eq!(
        annualise(K::Quantity, A::Mean, false, Frequency::Quarterly, &quarters),
        Some(120.0)
    );
    // Pooled percentage: (1 + 3) / (4 + 4) = 50 %.
    let pct = [
        fig(
            "2026-Q1",
            Frequency::Quarterly,
            agg(25.0, Some(1.0), Some(4.0), 1),
        ),
        fig(
            "2026-Q2",
            Frequency::Quarterly,
            agg(75.0, Some(3.0), Some(4.0), 1),
        ),
    ];
    assert_eq!(
        annualise(
            K::Percentage,
            A::RatioOfSums,
            false,
            Frequency::Quarterly,
            &pct
        ),
        Some(50.0)
    );
}
