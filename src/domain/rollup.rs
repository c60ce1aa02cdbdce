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
    /// How many organisations were assigned the indicator for the period (its coverage's
    /// denominator; `domain::coverage`); `None` when not known.
    pub assigned: Option<usize>,
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

/// Whether a year of the indicator is its latest period's figure (cumulative totals,
/// milestones, the `latest` and `park` rules): judged on the latest period alone.
pub fn takes_latest(kind: IndicatorKind, aggregation: Aggregation, cumulative: bool) -> bool {
    kind.is_numeric() && year_rule(kind, aggregation, cumulative) == Rule::Latest
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

/// Whether the provisional figure of a period needs its approved reports themselves, rather
/// than the official figure they make: a mean (the official figure keeps the mean, not the
/// sum, so adding to it would round differently) and the latest figure (its choice needs the
/// approved reports' times).
pub fn provisional_needs_approved(kind: IndicatorKind, aggregation: Aggregation) -> bool {
    matches!(
        organisation_rule(kind, aggregation),
        Rule::Mean | Rule::Latest
    )
}

/// [`provisional_aggregate`] starting from the period's official figure (the roll-up of its
/// approved reports, `official`; `None` when none is approved) instead of the approved reports
/// themselves, for the rules that can ([`provisional_needs_approved`] is false): sums and pools
/// add the submitted figures to the official sums, max and min compare them with the official
/// figure. `None` when nothing awaits review. A figure kept from `official` (max or min) carries
/// no numerator or denominator of its own.
pub fn provisional_over_official(
    kind: IndicatorKind,
    aggregation: Aggregation,
    official: Option<&Aggregate>,
    submitted: &[Contribution],
) -> Option<Aggregate> {
    if submitted.is_empty() {
        return None;
    }
    let Some(official) = official else {
        return aggregate_organisations(kind, aggregation, submitted);
    };
    let readings: Vec<Reading> = submitted.iter().filter_map(|c| reading(kind, c)).collect();
    let contributors = official.contributors + readings.len();
    let aggregate = match organisation_rule(kind, aggregation) {
        Rule::Sum => Aggregate {
            value: readings
                .iter()
                .fold(official.value, |sum, r| sum + r.numeric),
            numerator: None,
            denominator: None,
            contributors,
        },
        Rule::Pool => {
            let (numerator, denominator) = readings
                .iter()
                .filter_map(|r| Some((r.numerator?, r.denominator?)))
                .filter(|(_, d)| *d > 0.0)
                .fold(
                    (
                        official.numerator.unwrap_or(0.0),
                        official.denominator.unwrap_or(0.0),
                    ),
                    |(n, d), (rn, rd)| (n + rn, d + rd),
                );
            if denominator <= 0.0 {
                return None;
            }
            Aggregate {
                value: fraction_scale(kind) * numerator / denominator,
                numerator: Some(numerator),
                denominator: Some(denominator),
                contributors,
            }
        }
        rule @ (Rule::Max | Rule::Min) => {
            let better = |r: &Reading, than: f64| match rule {
                Rule::Max => r.numeric.total_cmp(&than).is_ge(),
                _ => r.numeric.total_cmp(&than).is_lt(),
            };
            let mut chosen = Aggregate {
                numerator: None,
                denominator: None,
                ..*official
            };
            // Like `combine`: on equal readings `max` takes the later one (submitted after
            // approved), `min` the earlier.
            for r in &readings {
                if better(r, chosen.value) {
                    chosen = Aggregate {
                        value: r.numeric,
                        numerator: r.numerator,
                        denominator: r.denominator,
                        contributors,
                    };
                }
            }
            Aggregate {
                contributors,
                ..chosen
            }
        }
        Rule::Mean | Rule::Latest => {
            // Not reachable through `domain::series`, which reads the approved reports for
            // these rules; answered the way they need, never from the official figure alone.
            return None;
        }
    };
    aggregate.value.is_finite().then_some(aggregate)
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod provisional_tests;
