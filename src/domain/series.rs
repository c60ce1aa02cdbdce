//! One indicator's series as its page draws it: for every closed period with a figure, the
//! official park figure, the provisional one while reports await review (the approved and the
//! submitted combined by the indicator's rule), and what the target path expects at the
//! period's end. Pure code over figures already read: it touches nothing outside `domain/`.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::domain::kinds::ObservationStatus;
use crate::domain::period::Period;
use crate::domain::rollup::{self, Aggregate, Contribution, PeriodFigure};
use crate::domain::scorecard::{self, IndicatorRules};
use crate::domain::status::TargetPath;

/// One organisation's report of one period, as the figures weigh it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReportedFigure {
    pub period: Period,
    pub status: ObservationStatus,
    pub contribution: Contribution,
}

/// One period of the series.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SeriesPoint {
    pub period: Period,
    /// The official figure (approved reports only).
    pub official: Option<PeriodFigure>,
    /// The figure were the submitted reports approved; `None` when none await review.
    pub provisional: Option<Aggregate>,
    /// How many reports await review.
    pub submitted: usize,
    /// What the target path expects at the period's end.
    pub expected: Option<f64>,
}

/// The closed periods with an official or a provisional figure, oldest first. `official` are
/// the indicator's official figures (any order, closed or not); `reports` every report of
/// the indicator, whatever its status or period.
pub fn series(
    rules: &IndicatorRules,
    targets: &TargetPath,
    official: &[PeriodFigure],
    reports: impl IntoIterator<Item = ReportedFigure>,
    today: NaiveDate,
) -> Vec<SeriesPoint> {
    let mut by_period: BTreeMap<Period, (Vec<Contribution>, Vec<Contribution>)> = BTreeMap::new();
    for report in reports {
        if !report.period.is_closed(today) {
            continue;
        }
        let (approved, submitted) = by_period.entry(report.period).or_default();
        match report.status {
            ObservationStatus::Approved => approved.push(report.contribution),
            ObservationStatus::Submitted => submitted.push(report.contribution),
            ObservationStatus::Draft | ObservationStatus::Returned => {}
        }
    }
    let official = scorecard::closed_figures(official, today);
    let mut periods: Vec<Period> = official.iter().map(|f| f.period).collect();
    periods.extend(
        by_period
            .iter()
            .filter(|(_, (_, submitted))| !submitted.is_empty())
            .map(|(p, _)| *p),
    );
    periods.sort();
    periods.dedup();
    periods
        .into_iter()
        .map(|period| {
            let (approved, submitted) = by_period
                .get(&period)
                .map_or((&[][..], &[][..]), |(a, s)| (a.as_slice(), s.as_slice()));
            SeriesPoint {
                period,
                official: official.iter().find(|f| f.period == period).copied(),
                provisional: rollup::provisional_aggregate(
                    rules.kind,
                    rules.aggregation,
                    approved,
                    submitted,
                ),
                submitted: submitted.len(),
                expected: targets.expected_at(period.end()),
            }
        })
        .collect()
}

/// [`series`] from the official figures and the reports awaiting review only, so that its
/// cost follows what awaits review rather than every report ever made. `pending` holds the
/// indicator's submitted reports, and — when `with_approved` — the approved reports of the
/// periods that have a submitted one (what [`series`] needs of them: the same points). Without
/// them, each provisional figure starts from the period's official figure
/// (`rollup::provisional_over_official`), which the rules of
/// `rollup::provisional_needs_approved` cannot do.
pub fn series_with_pending(
    rules: &IndicatorRules,
    targets: &TargetPath,
    official: &[PeriodFigure],
    pending: impl IntoIterator<Item = ReportedFigure>,
    with_approved: bool,
    today: NaiveDate,
) -> Vec<SeriesPoint> {
    if with_approved {
        return series(rules, targets, official, pending, today);
    }
    let mut submitted: BTreeMap<Period, Vec<Contribution>> = BTreeMap::new();
    for report in pending {
        if report.status == ObservationStatus::Submitted && report.period.is_closed(today) {
            submitted
                .entry(report.period)
                .or_default()
                .push(report.contribution);
        }
    }
    let official = scorecard::closed_figures(official, today);
    let mut periods: Vec<Period> = official.iter().map(|f| f.period).collect();
    periods.extend(submitted.keys().copied());
    periods.sort();
    periods.dedup();
    periods
        .into_iter()
        .map(|period| {
            let figure = official.iter().find(|f| f.period == period).copied();
            let pending = submitted.get(&period).map_or(&[][..], Vec::as_slice);
            SeriesPoint {
                period,
                official: figure,
                provisional: rollup::provisional_over_official(
                    rules.kind,
                    rules.aggregation,
                    figure.as_ref().map(|f| &f.aggregate),
                    pending,
                ),
                submitted: pending.len(),
                expected: targets.expected_at(period.end()),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::kinds::{Aggregation, Direction, Frequency, IndicatorKind};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn quarter(y: i32, m: u32) -> Period {
        Period::containing(Frequency::Quarterly, d(y, m, 1))
    }

    fn rules() -> IndicatorRules {
        IndicatorRules {
            kind: IndicatorKind::Percentage,
            aggregation: Aggregation::RatioOfSums,
            direction: Direction::HigherIsBetter,
            cumulative: false,
            frequency: Frequency::Quarterly,
            min_coverage_percent: 50,
        }
    }

    fn report(period: Period, status: ObservationStatus, n: f64, den: f64) -> ReportedFigure {
        ReportedFigure {
            period,
            status,
            contribution: Contribution {
                value: None,
                numerator: Some(n),
                denominator: Some(den),
                stage: None,
                order_key: (period.end(), 0),
            },
        }
    }

    fn official(period: Period, value: f64) -> PeriodFigure {
        PeriodFigure {
            period,
            aggregate: Aggregate {
                value,
                numerator: None,
                denominator: None,
                contributors: 1,
            },
            assigned: None,
        }
    }

    #[test]
    fn closed_periods_with_an_official_or_a_pending_figure_oldest_first() {
        // 0 at the end of 2025, 365 by the end of 2026: the path expects one a day.
        let targets = TargetPath {
            baseline_year: 2025,
            baseline: 0.0,
            targets: vec![(2026, 365.0)],
        };
        let (q1, q2, q3, q4) = (
            quarter(2026, 1),
            quarter(2026, 4),
            quarter(2026, 7),
            quarter(2026, 10),
        );
        let reports = [
            // Q1: approved only; its official figure stands alone.
            report(q1, ObservationStatus::Approved, 1.0, 2.0),
            // Q2: 30/100 approved and 10/100 submitted: provisional 40/200 = 20 %.
            report(q2, ObservationStatus::Approved, 30.0, 100.0),
            report(q2, ObservationStatus::Submitted, 10.0, 100.0),
            // Q3: a draft and a returned report count for nothing.
            report(q3, ObservationStatus::Draft, 5.0, 10.0),
            report(q3, ObservationStatus::Returned, 5.0, 10.0),
            // Q4 is still running on 29 November: not in the series.
            report(q4, ObservationStatus::Submitted, 1.0, 1.0),
        ];
        let figures = [official(q2, 30.0), official(q1, 50.0), official(q4, 99.0)];
        let points = series(&rules(), &targets, &figures, reports, d(2026, 11, 29));
        assert_eq!(
            points.iter().map(|p| p.period).collect::<Vec<_>>(),
            [q1, q2]
        );
        assert_eq!(points[0].official, Some(official(q1, 50.0)));
        assert_eq!((points[0].provisional, points[0].submitted), (None, 0));
        assert_eq!(points[0].expected, Some(90.0), "31 March: 90 days in");
        let pending = points[1].provisional.unwrap();
        assert_eq!((pending.value, pending.contributors), (20.0, 2));
        assert_eq!(points[1].submitted, 1);
        assert_eq!(points[1].expected, Some(181.0), "30 June: 181 days in");
    }

    #[test]
    fn a_period_with_only_submitted_reports_is_provisional_alone() {
        let targets = TargetPath {
            baseline_year: 2025,
            baseline: f64::NAN,
            targets: Vec::new(),
        };
        let q1 = quarter(2026, 1);
        let points = series(
            &rules(),
            &targets,
            &[],
            [report(q1, ObservationStatus::Submitted, 1.0, 4.0)],
            d(2026, 11, 29),
        );
        assert_eq!(points.len(), 1);
        assert_eq!(points[0].official, None);
        assert_eq!(points[0].provisional.map(|a| a.value), Some(25.0));
        assert_eq!(points[0].expected, None);
        assert!(series(&rules(), &targets, &[], [], d(2026, 11, 29)).is_empty());
    }

    /// Each period's approved reports rolled up as `official_figure` holds them, for
    /// [`series_with_pending`].
    fn official_of(rules: &IndicatorRules, reports: &[ReportedFigure]) -> Vec<PeriodFigure> {
        let mut by_period: BTreeMap<Period, Vec<Contribution>> = BTreeMap::new();
        for r in reports {
            if r.status == ObservationStatus::Approved {
                by_period.entry(r.period).or_default().push(r.contribution);
            }
        }
        by_period
            .into_iter()
            .filter_map(|(period, approved)| {
                let mut aggregate =
                    rollup::aggregate_organisations(rules.kind, rules.aggregation, &approved)?;
                // The table keeps Σ numerators and Σ denominators whatever the rule.
                aggregate.numerator = approved
                    .iter()
                    .filter_map(|c| c.numerator)
                    .reduce(|a, b| a + b);
                aggregate.denominator = approved
                    .iter()
                    .filter_map(|c| c.denominator)
                    .reduce(|a, b| a + b);
                Some(PeriodFigure {
                    period,
                    aggregate,
                    assigned: None,
                })
            })
            .collect()
    }

    #[test]
    fn pending_reports_over_official_figures_draw_the_series_of_every_report() {
        use crate::domain::kinds::Aggregation as A;
        use crate::domain::kinds::IndicatorKind as K;
        let targets = TargetPath {
            baseline_year: 2025,
            baseline: 0.0,
            targets: vec![(2026, 365.0)],
        };
        let (q1, q2, q3, q4) = (
            quarter(2026, 1),
            quarter(2026, 4),
            quarter(2026, 7),
            quarter(2026, 10),
        );
        let value = |period: Period, status, v: f64, time: i64| ReportedFigure {
            period,
            status,
            contribution: Contribution {
                value: Some(v),
                numerator: None,
                denominator: None,
                stage: None,
                order_key: (period.end(), time),
            },
        };
        let fraction = |period: Period, status, n: f64, den: f64, time: i64| ReportedFigure {
            contribution: Contribution {
                value: None,
                numerator: Some(n),
                denominator: Some(den),
                ..value(period, status, 0.0, time).contribution
            },
            ..value(period, status, 0.0, time)
        };
        use ObservationStatus::{Approved, Draft, Returned, Submitted};
        let quantities = [
            value(q1, Approved, 4.0, 1),
            value(q1, Approved, 2.5, 2),
            // Q2: approved and submitted, the submitted largest and latest.
            value(q2, Approved, 3.0, 1),
            value(q2, Submitted, 9.0, 5),
            value(q2, Approved, 1.5, 3),
            value(q2, Submitted, 0.5, 4),
            // Q3: submitted only, a draft and a returned that count for nothing.
            value(q3, Submitted, 7.0, 1),
            value(q3, Draft, 100.0, 2),
            value(q3, Returned, 100.0, 3),
            // Q4 is still running.
            value(q4, Submitted, 1.0, 1),
        ];
        let fractions = [
            fraction(q1, Approved, 1.0, 4.0, 1),
            fraction(q2, Approved, 3.0, 10.0, 1),
            fraction(q2, Submitted, 1.0, 2.0, 2),
            fraction(q2, Approved, 2.0, 8.0, 3),
            fraction(q3, Submitted, 1.0, 5.0, 1),
            fraction(q3, Returned, 5.0, 5.0, 2),
        ];
        let today = d(2026, 11, 29);
        for (kind, aggregation, reports) in [
            (K::Quantity, A::Sum, &quantities[..]),
            (K::Count, A::RatioOfSums, &quantities[..]),
            (K::Quantity, A::Max, &quantities[..]),
            (K::Quantity, A::Min, &quantities[..]),
            (K::Quantity, A::Mean, &quantities[..]),
            (K::Quantity, A::Latest, &quantities[..]),
            (K::Quantity, A::Park, &quantities[..]),
            (K::Percentage, A::RatioOfSums, &fractions[..]),
            (K::Ratio, A::Sum, &fractions[..]),
            (K::Percentage, A::Max, &fractions[..]),
            (K::Percentage, A::Min, &fractions[..]),
            (K::Percentage, A::Mean, &fractions[..]),
        ] {
            let rules = IndicatorRules {
                kind,
                aggregation,
                ..rules()
            };
            let official = official_of(&rules, reports);
            let every = series(&rules, &targets, &official, reports.iter().copied(), today);
            // What `store::compliance::pending_reports` reads: the submitted reports, and the
            // approved ones of their periods only where the rule needs them.
            let with_approved = rollup::provisional_needs_approved(kind, aggregation);
            let pending_periods: Vec<Period> = reports
                .iter()
                .filter(|r| r.status == Submitted)
                .map(|r| r.period)
                .collect();
            let pending = reports.iter().copied().filter(|r| {
                r.status == Submitted
                    || (with_approved
                        && r.status == Approved
                        && pending_periods.contains(&r.period))
            });
            let bounded =
                series_with_pending(&rules, &targets, &official, pending, with_approved, today);
            let shown = |points: &[SeriesPoint]| -> Vec<_> {
                points
                    .iter()
                    .map(|p| {
                        (
                            p.period,
                            p.official.map(|f| f.aggregate.value),
                            p.provisional.map(|a| (a.value, a.contributors)),
                            p.submitted,
                            p.expected,
                        )
                    })
                    .collect()
            };
            assert_eq!(shown(&bounded), shown(&every), "{kind:?} {aggregation:?}");
            assert_eq!(every.len(), 3, "{kind:?} {aggregation:?}: Q1 to Q3");
        }
    }
}
