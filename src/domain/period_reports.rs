//! One indicator's reports, period by period, as its page tables them: which periods can be
//! shown, which organisations a period lists (with the compliance of each report), and the
//! period's approved figures combined within each process route. Pure code over rows already
//! read: it touches nothing outside `domain/`.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use uuid::Uuid;

use crate::domain::compliance::{self, Compliance, ReportFacts};
use crate::domain::kinds::{
    Aggregation, Frequency, IndicatorKind, ObservationStatus, ProcessRoute,
};
use crate::domain::period::{self, Period};
use crate::domain::rollup::{self, Aggregate, Contribution};
use crate::domain::series::ReportedFigure;

/// The periods a table of the indicator's reports can show, newest first: the program's
/// closed periods (`starts_on..=ends_on`) and any period with a report.
pub fn table_periods(
    frequency: Frequency,
    (starts_on, ends_on): (NaiveDate, NaiveDate),
    reported: impl IntoIterator<Item = Period>,
    today: NaiveDate,
) -> Vec<Period> {
    let mut periods = period::closed_periods(frequency, starts_on, ends_on, today);
    periods.extend(reported);
    periods.sort();
    periods.dedup();
    periods.reverse();
    periods
}

/// One row of an indicator's reports as they are listed, grouped by organisation: the
/// organisation's assignment, and one of its reports (`None`: it has none at all).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AssignmentRow {
    pub organisation_id: Uuid,
    /// Whether the assignment is still live (an archived one is listed only for its reports).
    pub live: bool,
    pub starts_on: NaiveDate,
    pub report: Option<(Period, ReportFacts)>,
}

/// One organisation's line for a period, by position in the rows it was made from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PeriodLine {
    /// The organisation's first row.
    pub organisation_row: usize,
    /// The row of its report for the period, if it made one.
    pub report_row: Option<usize>,
    /// The report's compliance once the period has closed.
    pub compliance: Option<Compliance>,
}

/// The organisations listed for `period`, a line each in the rows' order: every organisation
/// with a report for it, and every live assignment that expects one.
pub fn period_lines(rows: &[AssignmentRow], period: &Period, today: NaiveDate) -> Vec<PeriodLine> {
    let mut lines: Vec<PeriodLine> = Vec::new();
    let mut line_of: HashMap<Uuid, usize> = HashMap::new();
    for (i, row) in rows.iter().enumerate() {
        let report = row
            .report
            .filter(|(reported, _)| reported == period)
            .map(|_| i);
        match line_of.get(&row.organisation_id) {
            Some(&line) => {
                if lines[line].report_row.is_none() {
                    lines[line].report_row = report;
                }
            }
            None => {
                line_of.insert(row.organisation_id, lines.len());
                lines.push(PeriodLine {
                    organisation_row: i,
                    report_row: report,
                    compliance: None,
                });
            }
        }
    }
    lines.retain(|l| {
        let row = &rows[l.organisation_row];
        l.report_row.is_some() || (row.live && compliance::is_expected(row.starts_on, period))
    });
    for line in &mut lines {
        let known = line
            .report_row
            .and_then(|i| rows[i].report)
            .map(|(_, facts)| facts);
        line.compliance = compliance::compliance(period, known.as_ref(), today);
    }
    lines
}

/// The approved figures of `period` combined by the indicator's rule within each process route
/// (organisations without a route together, last), in the order of the routes.
pub fn route_figures(
    (kind, aggregation): (IndicatorKind, Aggregation),
    period: &Period,
    reports: impl IntoIterator<Item = (Option<ProcessRoute>, ReportedFigure)>,
) -> Vec<(Option<ProcessRoute>, Aggregate)> {
    let mut groups: BTreeMap<usize, (Option<ProcessRoute>, Vec<Contribution>)> = BTreeMap::new();
    for (route, report) in reports {
        if report.period != *period || report.status != ObservationStatus::Approved {
            continue;
        }
        let order = route
            .and_then(|r| ProcessRoute::ALL.iter().position(|x| *x == r))
            .unwrap_or(ProcessRoute::ALL.len());
        groups
            .entry(order)
            .or_insert_with(|| (route, Vec::new()))
            .1
            .push(report.contribution);
    }
    groups
        .into_values()
        .filter_map(|(route, contributions)| {
            rollup::aggregate_organisations(kind, aggregation, &contributions)
                .map(|aggregate| (route, aggregate))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::compliance::ReportState;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn quarter(y: i32, m: u32) -> Period {
        Period::containing(Frequency::Quarterly, d(y, m, 1))
    }

    const TODAY: fn() -> NaiveDate = || d(2026, 11, 29);

    #[test]
    fn the_program_s_closed_periods_and_any_reported_one_newest_first() {
        let periods = table_periods(
            Frequency::Quarterly,
            (d(2026, 1, 1), d(2028, 12, 31)),
            [quarter(2026, 10), quarter(2026, 4), quarter(2025, 10)],
            TODAY(),
        );
        assert_eq!(
            periods,
            [
                quarter(2026, 10),
                quarter(2026, 7),
                quarter(2026, 4),
                quarter(2026, 1),
                quarter(2025, 10)
            ]
        );
    }

    fn row(org: u128, live: bool, report: Option<(Period, ObservationStatus)>) -> AssignmentRow {
        AssignmentRow {
            organisation_id: Uuid::from_u128(org),
            live,
            starts_on: d(2026, 1, 1),
            report: report.map(|(period, status)| {
                (
                    period,
                    ReportFacts {
                        status,
                        // On time: the quarter's report came in the day after it closed.
                        first_submitted_on: Some(period.end().succ_opt().unwrap()),
                    },
                )
            }),
        }
    }

    #[test]
    fn a_line_per_organisation_with_a_report_or_a_live_assignment_expecting_one() {
        let q2 = quarter(2026, 4);
        let rows = [
            // Organisation 1 reported Q1 and Q2: one line, with its Q2 report.
            row(
                1,
                true,
                Some((quarter(2026, 1), ObservationStatus::Approved)),
            ),
            row(1, true, Some((q2, ObservationStatus::Submitted))),
            // Organisation 2 reported nothing yet: a line, its report missing.
            row(2, true, None),
            // Organisation 3's assignment was archived without a Q2 report: no line.
            row(
                3,
                false,
                Some((quarter(2026, 1), ObservationStatus::Approved)),
            ),
            // Organisation 4's archived assignment left a Q2 report: listed for it.
            row(4, false, Some((q2, ObservationStatus::Approved))),
        ];
        let lines = period_lines(&rows, &q2, TODAY());
        let listed: Vec<(usize, Option<usize>)> = lines
            .iter()
            .map(|l| (l.organisation_row, l.report_row))
            .collect();
        assert_eq!(listed, [(0, Some(1)), (2, None), (4, Some(4))]);
        let states: Vec<Option<ReportState>> = lines
            .iter()
            .map(|l| l.compliance.map(|c| c.state))
            .collect();
        assert_eq!(
            states,
            [
                Some(ReportState::Submitted),
                Some(ReportState::Missing),
                Some(ReportState::Approved)
            ]
        );
        // A period still running has no compliance yet.
        let running = period_lines(&rows, &quarter(2026, 10), TODAY());
        assert!(running.iter().all(|l| l.compliance.is_none()));
    }

    fn approved(period: Period, value: f64) -> ReportedFigure {
        ReportedFigure {
            period,
            status: ObservationStatus::Approved,
            contribution: Contribution {
                value: Some(value),
                numerator: None,
                denominator: None,
                stage: None,
                order_key: (period.end(), 0),
            },
        }
    }

    #[test]
    fn approved_figures_are_combined_within_each_route_in_the_routes_order() {
        let q2 = quarter(2026, 4);
        let [first, second] = [ProcessRoute::ALL[0], ProcessRoute::ALL[1]];
        let submitted = ReportedFigure {
            status: ObservationStatus::Submitted,
            ..approved(q2, 100.0)
        };
        let figures = route_figures(
            (IndicatorKind::Quantity, Aggregation::Sum),
            &q2,
            [
                (None, approved(q2, 1.0)),
                (Some(second), approved(q2, 2.0)),
                (Some(first), approved(q2, 3.0)),
                (Some(second), approved(q2, 4.0)),
                (Some(first), submitted),
                (Some(first), approved(quarter(2026, 1), 50.0)),
            ],
        );
        let summary: Vec<(Option<ProcessRoute>, f64, usize)> = figures
            .iter()
            .map(|(route, a)| (*route, a.value, a.contributors))
            .collect();
        assert_eq!(
            summary,
            [
                (Some(first), 3.0, 1),
                (Some(second), 6.0, 2),
                (None, 1.0, 1)
            ]
        );
        assert!(route_figures((IndicatorKind::Quantity, Aggregation::Sum), &q2, []).is_empty());
    }
}
