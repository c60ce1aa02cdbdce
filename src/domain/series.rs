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
}
