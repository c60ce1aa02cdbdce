//! What one report carries in its period's park figure, for the reviewer deciding on it: its
//! share of the pooled weight, and the park figure with and without it. A pooled percentage is
//! Σ numerators ÷ Σ denominators, so a report with a large denominator moves the park figure
//! far more than a small one; the reviewer sees how much before approving.
//!
//! Pure: the approved figures come in as [`Contribution`]s, combined by
//! [`aggregate_organisations`], the same rule as the official figures.

use crate::domain::kinds::{Aggregation, IndicatorKind};
use crate::domain::rollup::{Aggregate, Contribution, aggregate_organisations};

/// One report's weight in its period's park figure.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ReportWeight {
    /// The report's share (0–1) of the pooled total: for a pooled fraction its denominator
    /// over Σ denominators of the approved reports and this one; for a summed quantity or
    /// count its value over the sum. `None` where figures are not pooled or added (mean,
    /// latest, park, max, min; milestones) or the total is not positive.
    pub share: Option<f64>,
    /// The park figure with this report counted (as if approved).
    pub with: Option<Aggregate>,
    /// The park figure of the approved reports alone (without this one).
    pub without: Option<Aggregate>,
}

/// The weight of `report` among `others`: the period's approved figures of the other
/// organisations (never the report itself, approved or not).
pub fn report_weight(
    kind: IndicatorKind,
    aggregation: Aggregation,
    others: &[Contribution],
    report: &Contribution,
) -> ReportWeight {
    let mut all = others.to_vec();
    all.push(*report);
    let pooled = matches!(aggregation, Aggregation::Sum | Aggregation::RatioOfSums);
    let weight = |c: &Contribution| -> Option<f64> {
        let w = if kind.uses_fraction() {
            c.denominator.filter(|d| *d > 0.0 && c.numerator.is_some())
        } else if matches!(kind, IndicatorKind::Quantity | IndicatorKind::Count) {
            c.value
        } else {
            None
        };
        w.filter(|w| w.is_finite())
    };
    let share = pooled
        .then(|| {
            let own = weight(report)?;
            let total: f64 = all.iter().filter_map(weight).sum();
            (total > 0.0).then(|| own / total)
        })
        .flatten();
    ReportWeight {
        share,
        with: aggregate_organisations(kind, aggregation, &all),
        without: aggregate_organisations(kind, aggregation, others),
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn fraction(numerator: f64, denominator: f64) -> Contribution {
        Contribution {
            value: None,
            numerator: Some(numerator),
            denominator: Some(denominator),
            stage: None,
            order_key: (NaiveDate::from_ymd_opt(2026, 6, 30).unwrap(), 0),
        }
    }

    fn quantity(value: f64, approved_at: i64) -> Contribution {
        Contribution {
            value: Some(value),
            numerator: None,
            denominator: None,
            stage: None,
            order_key: (NaiveDate::from_ymd_opt(2026, 6, 30).unwrap(), approved_at),
        }
    }

    #[test]
    fn a_large_denominator_carries_the_pooled_percentage() {
        // Approved: 30/100 and 20/100 → 50/200 = 25 %. The report: 450/800.
        // Share 800 / (100 + 100 + 800) = 0.8; with it (30 + 20 + 450) / 1,000 = 50 %.
        let others = [fraction(30.0, 100.0), fraction(20.0, 100.0)];
        let w = report_weight(
            IndicatorKind::Percentage,
            Aggregation::RatioOfSums,
            &others,
            &fraction(450.0, 800.0),
        );
        assert_eq!(w.share, Some(0.8));
        let with = w.with.unwrap();
        assert_eq!(with.value, 50.0);
        assert_eq!(
            (with.numerator, with.denominator),
            (Some(500.0), Some(1_000.0))
        );
        assert_eq!(with.contributors, 3);
        let without = w.without.unwrap();
        assert_eq!(without.value, 25.0);
        assert_eq!(without.contributors, 2);
    }

    #[test]
    fn the_first_report_of_a_period_is_the_whole_figure() {
        let w = report_weight(
            IndicatorKind::Ratio,
            Aggregation::RatioOfSums,
            &[],
            &fraction(3.0, 4.0),
        );
        assert_eq!(w.share, Some(1.0));
        assert_eq!(w.with.unwrap().value, 0.75);
        assert_eq!(w.without, None);
    }

    #[test]
    fn summed_counts_weigh_by_value_and_zero_totals_have_no_share() {
        // 120 + 80 approved; the report 200: share 200 / 400 = 0.5, park 200 → 400.
        let w = report_weight(
            IndicatorKind::Count,
            Aggregation::Sum,
            &[quantity(120.0, 1), quantity(80.0, 2)],
            &quantity(200.0, 3),
        );
        assert_eq!(w.share, Some(0.5));
        assert_eq!(w.with.unwrap().value, 400.0);
        assert_eq!(w.without.unwrap().value, 200.0);
        let zero = report_weight(
            IndicatorKind::Count,
            Aggregation::Sum,
            &[quantity(0.0, 1)],
            &quantity(0.0, 2),
        );
        assert_eq!(zero.share, None);
        assert_eq!(zero.with.unwrap().value, 0.0);
    }

    #[test]
    fn figures_that_are_not_pooled_have_no_share_but_both_park_figures() {
        // Mean of 10 and 30 = 20; with the report 50: (10 + 30 + 50) / 3 = 30.
        let w = report_weight(
            IndicatorKind::Quantity,
            Aggregation::Mean,
            &[quantity(10.0, 1), quantity(30.0, 2)],
            &quantity(50.0, 3),
        );
        assert_eq!(w.share, None);
        assert_eq!(w.with.unwrap().value, 30.0);
        assert_eq!(w.without.unwrap().value, 20.0);
        // Park-level: the report (approved last) would become the park's figure.
        let park = report_weight(
            IndicatorKind::Count,
            Aggregation::Park,
            &[quantity(4.0, 1)],
            &quantity(2.0, 9),
        );
        assert_eq!(park.share, None);
        assert_eq!(park.with.unwrap().value, 2.0);
        assert_eq!(park.without.unwrap().value, 4.0);
    }
}
