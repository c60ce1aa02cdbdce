//! Roll-ups: organisations' figures into the park's figure for a period, and periods into
//! a year.
//!
//! Fractions (percentages, ratios) are pooled as Σ numerators ÷ Σ denominators wherever
//! figures are added up; organisations' ratios are never averaged unless the indicator is
//! explicitly aggregated by `mean`.

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::kinds::{Aggregation, Frequency, IndicatorKind};
use crate::domain::period::Period;

/// One organisation's approved figure for one period, as stored.
#[derive(Copy, Clone, Debug, PartialEq)]
pub struct Contribution {
    /// Quantity or count.
    pub value: Option<f64>,
    /// Numerator of a percentage or ratio.
    pub numerator: Option<f64>,
    /// Denominator of a percentage or ratio.
    pub denominator: Option<f64>,
    /// Milestone stage.
    pub stage: Option<i16>,
    /// Decides "latest": (period end, tie-breaker such as approval time in unix seconds).
    pub order_key: (NaiveDate, i64),
}

/// A combined figure.
#[derive(Copy, Clone, Debug, PartialEq, Serialize)]
pub struct Aggregate {
    /// The figure (a percentage is 0–100).
    pub value: f64,
    /// Σ numerators when `value` is a pooled fraction, or the numerator of the single
    /// figure chosen (latest, park, max, min); `None` otherwise.
    pub numerator: Option<f64>,
    /// Σ denominators, or the chosen figure's denominator, alongside `numerator`.
    pub denominator: Option<f64>,
    /// How many figures went into it (organisations; for a year, the most in any period).
    pub contributors: usize,
}

/// The park's figure for one period.
#[derive(Copy, Clone, Debug, PartialEq, Serialize)]
pub struct PeriodFigure {
    /// The period.
    pub period: Period,
    /// The park's figure for it.
    pub aggregate: Aggregate,
}

/// One usable figure: its numeric reading plus what is needed to pool or pick it.
#[derive(Copy, Clone, Debug)]
struct Reading {
    numeric: f64,
    numerator: Option<f64>,
    denominator: Option<f64>,
}

/// How a set of numbers combine, after resolving what an aggregation means for a kind.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Rule {
    Sum,
    Pool,
    Mean,
    Latest,
    Max,
    Min,
}

/// 100 for percentages, 1 for ratios.
fn fraction_scale(kind: IndicatorKind) -> f64 {
    if kind == IndicatorKind::Percentage {
        100.0
    } else {
        1.0
    }
}

/// The numeric reading of a contribution, or `None` if it cannot be used: percentage
/// 100·n/d and ratio n/d (needs finite n and d > 0), milestone its stage, quantity and count
/// their value. Qualitative figures have no reading.
fn reading(kind: IndicatorKind, c: &Contribution) -> Option<Reading> {
    let finite = |x: Option<f64>| x.filter(|v| v.is_finite());
    let reading = match kind {
        IndicatorKind::Percentage | IndicatorKind::Ratio => {
            let n = finite(c.numerator)?;
            let d = finite(c.denominator).filter(|d| *d > 0.0)?;
            Reading {
                numeric: fraction_scale(kind) * n / d,
                numerator: Some(n),
                denominator: Some(d),
            }
        }
        IndicatorKind::Milestone => Reading {
            numeric: f64::from(c.stage?),
            numerator: None,
            denominator: None,
        },
        IndicatorKind::Quantity | IndicatorKind::Count => Reading {
            numeric: finite(c.value)?,
            numerator: None,
            denominator: None,
        },
        IndicatorKind::Qualitative => return None,
    };
    reading.numeric.is_finite().then_some(reading)
}

/// What `aggregation` means across organisations for `kind`: summing fractions pools them,
/// and a ratio of sums of plain numbers is their sum.
fn organisation_rule(kind: IndicatorKind, aggregation: Aggregation) -> Rule {
    match aggregation {
        Aggregation::Sum | Aggregation::RatioOfSums if kind.uses_fraction() => Rule::Pool,
        Aggregation::Sum | Aggregation::RatioOfSums => Rule::Sum,
        Aggregation::Mean => Rule::Mean,
        Aggregation::Latest | Aggregation::Park => Rule::Latest,
        Aggregation::Max => Rule::Max,
        Aggregation::Min => Rule::Min,
    }
}

/// Combines one period's approved figures of all organisations into the park's figure.
///
/// - `sum`: Σ values; on a percentage or ratio it means `ratio_of_sums`.
/// - `ratio_of_sums`: Σn ÷ Σd (×100 for a percentage), skipping figures with d ≤ 0; on
///   other kinds it means `sum`.
/// - `mean`: mean of the numeric readings (percentage 100·n/d, ratio n/d, stage, value).
/// - `latest` / `park`: the figure with the greatest `order_key` (on equal keys, the later
///   one in `contributions`).
/// - `max` / `min`: the largest / smallest numeric reading.
///
/// `contributors` counts the usable figures. `None` when no figure is usable (missing or
/// non-finite fields, d ≤ 0, qualitative kind) or the result is not finite.
pub fn aggregate_organisations(
    kind: IndicatorKind,
    aggregation: Aggregation,
    contributions: &[Contribution],
) -> Option<Aggregate> {
    let usable: Vec<(Reading, (NaiveDate, i64))> = contributions
        .iter()
        .filter_map(|c| reading(kind, c).map(|r| (r, c.order_key)))
        .collect();
    let readings: Vec<Reading> = usable.iter().map(|(r, _)| *r).collect();
    let latest = || usable.iter().max_by_key(|(_, key)| *key).map(|(r, _)| *r);
    combine(
        kind,
        organisation_rule(kind, aggregation),
        &readings,
        latest,
    )
}

/// Applies `rule` to the readings; `latest` picks the latest reading when the rule asks.
fn combine(
    kind: IndicatorKind,
    rule: Rule,
    readings: &[Reading],
    latest: impl FnOnce() -> Option<Reading>,
) -> Option<Aggregate> {
    let contributors = readings.len();
    let whole = |r: Reading| Aggregate {
        value: r.numeric,
        numerator: r.numerator,
        denominator: r.denominator,
        contributors,
    };
    let plain = |value: f64| Aggregate {
        value,
        numerator: None,
        denominator: None,
        contributors,
    };
    if readings.is_empty() {
        return None;
    }
    let aggregate = match rule {
        Rule::Sum => plain(readings.iter().map(|r| r.numeric).sum()),
        Rule::Mean => plain(readings.iter().map(|r| r.numeric).sum::<f64>() / contributors as f64),
        Rule::Pool => {
            let pooled: Vec<(f64, f64)> = readings
                .iter()
                .filter_map(|r| Some((r.numerator?, r.denominator?)))
                .filter(|(_, d)| *d > 0.0)
                .collect();
            let numerator: f64 = pooled.iter().map(|(n, _)| n).sum();
            let denominator: f64 = pooled.iter().map(|(_, d)| d).sum();
            if pooled.is_empty() || denominator <= 0.0 {
                return None;
            }
            Aggregate {
                value: fraction_scale(kind) * numerator / denominator,
                numerator: Some(numerator),
                denominator: Some(denominator),
                contributors,
            }
        }
        Rule::Latest => whole(latest()?),
        Rule::Max => whole(
            *readings
                .iter()
                .max_by(|a, b| a.numeric.total_cmp(&b.numeric))?,
        ),
        Rule::Min => whole(
            *readings
                .iter()
                .min_by(|a, b| a.numeric.total_cmp(&b.numeric))?,
        ),
    };
    aggregate.value.is_finite().then_some(aggregate)
}

/// What combining a year's periods means: cumulative indicators, milestones and
/// latest/park aggregations take the latest period; max/min and mean keep their meaning;
/// pooled fractions pool again; flows add up.
fn year_rule(kind: IndicatorKind, aggregation: Aggregation, cumulative: bool) -> Rule {
    if cumulative || kind == IndicatorKind::Milestone {
        return Rule::Latest;
    }
    organisation_rule(kind, aggregation)
}

/// Rolls the park's period figures of one year (any order, one figure per period) up to
/// the year's figure.
///
/// - cumulative indicators, milestones, `latest` and `park`: the latest period's figure;
/// - percentage/ratio with `sum`/`ratio_of_sums`: Σn ÷ Σd over the periods (×100 for a
///   percentage);
/// - `mean`: the mean of the period figures; `max`/`min`: their max/min;
/// - otherwise (flows: quantity/count with `sum`): the sum of the periods.
///
/// `contributors` is the most in any period. `None` when there is no usable figure or the
/// kind is qualitative. Figures are not filtered by year: pass one year's figures.
pub fn rollup_year(
    kind: IndicatorKind,
    aggregation: Aggregation,
    cumulative: bool,
    figures: &[PeriodFigure],
) -> Option<Aggregate> {
    if !kind.is_numeric() {
        return None;
    }
    let usable: Vec<&PeriodFigure> = figures
        .iter()
        .filter(|f| f.aggregate.value.is_finite())
        .collect();
    let readings: Vec<Reading> = usable
        .iter()
        .map(|f| Reading {
            numeric: f.aggregate.value,
            numerator: f.aggregate.numerator,
            denominator: f.aggregate.denominator,
        })
        .collect();
    let latest = || {
        usable
            .iter()
            .max_by_key(|f| (f.period.end(), f.period.start()))
            .map(|f| Reading {
                numeric: f.aggregate.value,
                numerator: f.aggregate.numerator,
                denominator: f.aggregate.denominator,
            })
    };
    let rule = year_rule(kind, aggregation, cumulative);
    let aggregate = combine(kind, rule, &readings, latest)?;
    let contributors = usable
        .iter()
        .map(|f| f.aggregate.contributors)
        .max()
        .unwrap_or(0);
    Some(Aggregate {
        contributors,
        ..aggregate
    })
}

/// Whether the indicator's figures are flows that add up over a year (quantities and counts
/// summed, not cumulative): those [`annualise`] scales to a full year.
pub fn is_flow(kind: IndicatorKind, aggregation: Aggregation, cumulative: bool) -> bool {
    kind.is_numeric() && year_rule(kind, aggregation, cumulative) == Rule::Sum
}

/// The year-to-date figure made comparable with an annual target.
///
/// Flows (quantity/count summed over periods) are scaled to a full year:
/// Σ periods × periods per year ÷ number of periods with data. Every other figure (stocks,
/// pooled fractions, means, extremes, milestones) is already on an annual footing, so it is
/// [`rollup_year`]'s value.
pub fn annualise(
    kind: IndicatorKind,
    aggregation: Aggregation,
    cumulative: bool,
    frequency: Frequency,
    figures_of_year: &[PeriodFigure],
) -> Option<f64> {
    let year = rollup_year(kind, aggregation, cumulative, figures_of_year)?;
    if year_rule(kind, aggregation, cumulative) != Rule::Sum {
        return Some(year.value);
    }
    let mut periods: Vec<Period> = figures_of_year
        .iter()
        .filter(|f| f.aggregate.value.is_finite())
        .map(|f| f.period)
        .collect();
    periods.sort();
    periods.dedup();
    // Non-empty: rollup_year found at least one usable figure.
    let with_data = periods.len() as f64;
    Some(year.value * f64::from(frequency.periods_per_year()) / with_data)
}

/// The provisional park figure of one period: the approved and the submitted (awaiting
/// review) figures combined by the indicator's rule, as [`aggregate_organisations`] would if
/// the submitted ones were approved. `None` when nothing is submitted: then the official
/// figure is all there is. Pages show it marked as provisional, never as official.
pub fn provisional_aggregate(
    kind: IndicatorKind,
    aggregation: Aggregation,
    approved: &[Contribution],
    submitted: &[Contribution],
) -> Option<Aggregate> {
    if submitted.is_empty() {
        return None;
    }
    let all: Vec<Contribution> = approved.iter().chain(submitted).copied().collect();
    aggregate_organisations(kind, aggregation, &all)
}

#[cfg(test)]
mod tests {
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
}

#[cfg(test)]
mod provisional_tests {
    use super::*;

    fn frac(n: f64, d: f64) -> Contribution {
        Contribution {
            value: None,
            numerator: Some(n),
            denominator: Some(d),
            stage: None,
            order_key: (NaiveDate::from_ymd_opt(2026, 3, 31).unwrap(), 0),
        }
    }

    #[test]
    fn provisional_figures_pool_approved_and_submitted_reports() {
        let approved = [frac(9.0, 10.0)];
        let submitted = [frac(10.0, 100.0)];
        // (9 + 10) / (10 + 100) = 17.27… %, with both organisations counted.
        let p = provisional_aggregate(
            IndicatorKind::Percentage,
            Aggregation::RatioOfSums,
            &approved,
            &submitted,
        )
        .unwrap();
        assert!((p.value - 100.0 * 19.0 / 110.0).abs() < 1e-9);
        assert_eq!(p.contributors, 2);
        // Submitted figures alone still make a provisional figure.
        let alone =
            provisional_aggregate(IndicatorKind::Ratio, Aggregation::Sum, &[], &submitted).unwrap();
        assert!((alone.value - 0.1).abs() < 1e-12);
    }

    #[test]
    fn flows_are_summed_quantities_and_counts_that_are_not_cumulative() {
        use Aggregation as A;
        use IndicatorKind as K;
        assert!(is_flow(K::Quantity, A::Sum, false));
        assert!(is_flow(K::Count, A::RatioOfSums, false));
        assert!(!is_flow(K::Count, A::Sum, true), "a stock");
        assert!(
            !is_flow(K::Percentage, A::RatioOfSums, false),
            "a pooled rate"
        );
        assert!(!is_flow(K::Quantity, A::Mean, false));
        assert!(!is_flow(K::Count, A::Park, false));
        assert!(!is_flow(K::Milestone, A::Sum, false));
        assert!(!is_flow(K::Qualitative, A::Sum, false));
    }

    #[test]
    fn without_submitted_reports_there_is_no_provisional_figure() {
        assert_eq!(
            provisional_aggregate(
                IndicatorKind::Percentage,
                Aggregation::RatioOfSums,
                &[frac(1.0, 2.0)],
                &[]
            ),
            None
        );
    }
}
