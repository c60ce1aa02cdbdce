//! The period of a progress report (`/reports/2026`, `/reports/2026-Q3`): a calendar year or
//! quarter of the program, the day its figures are judged on, which figures, reports and
//! milestones it takes in, and the rule of a manager's narrative. Pure code.

use chrono::{Datelike, NaiveDate};

use crate::domain::kinds::{Frequency, MilestoneStatus};
use crate::domain::milestones;
use crate::domain::period::Period;

/// The longest narrative a manager may save for one pillar and period (in characters; the
/// migration's check says the same).
pub const NARRATIVE_MAX_CHARS: usize = 20_000;

/// A year or a quarter the report covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportPeriod {
    period: Period,
    frequency: Frequency,
}

/// Why a report period was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportPeriodError {
    /// Not `2026` nor `2026-Q3`.
    Unreadable,
    /// A year or quarter the program does not run in.
    OutsideProgram,
}

impl ReportPeriod {
    /// Reads `2026` or `2026-Q3` and checks that the program (`starts_on..=ends_on`) runs
    /// during it.
    pub fn parse(
        label: &str,
        starts_on: NaiveDate,
        ends_on: NaiveDate,
    ) -> Result<ReportPeriod, ReportPeriodError> {
        let frequency = if label.contains('-') {
            Frequency::Quarterly
        } else {
            Frequency::Annual
        };
        // Exactly as written by `label`: no spaces, a capital Q (one address per report).
        let period = Period::parse_label(frequency, label)
            .ok()
            .filter(|p| p.label(frequency) == label)
            .ok_or(ReportPeriodError::Unreadable)?;
        if period.end() < starts_on || period.start() > ends_on {
            return Err(ReportPeriodError::OutsideProgram);
        }
        Ok(ReportPeriod { period, frequency })
    }

    /// `2026` or `2026-Q3`: the address and the narratives' key.
    pub fn label(&self) -> String {
        self.period.label(self.frequency)
    }

    pub fn period(&self) -> Period {
        self.period
    }

    pub fn frequency(&self) -> Frequency {
        self.frequency
    }

    pub fn is_quarter(&self) -> bool {
        self.frequency == Frequency::Quarterly
    }

    pub fn year(&self) -> i32 {
        self.period.year()
    }

    /// The day the report's figures are judged on: the day after the period, or `today` while
    /// the period is still running (a report of the current year shows the year so far).
    pub fn judged_on(&self, today: NaiveDate) -> NaiveDate {
        self.period
            .end()
            .succ_opt()
            .unwrap_or(NaiveDate::MAX)
            .min(today)
    }

    /// Whether a reporting period lies within the report's period (a month of the quarter, a
    /// quarter or half of the year; a year for a year's report).
    pub fn includes(&self, period: &Period) -> bool {
        self.period.start() <= period.start() && period.end() <= self.period.end()
    }

    /// The figures a report may show: those of periods ending by the report's end. (The
    /// scorecard then keeps the periods closed by the day it judges on.)
    pub fn figures_until<T>(&self, figures: &[T], period_of: impl Fn(&T) -> Period) -> Vec<T>
    where
        T: Copy,
    {
        figures
            .iter()
            .filter(|f| period_of(f).end() <= self.period.end())
            .copied()
            .collect()
    }

    /// Whether a milestone was reached during the period: done, completed within it.
    pub fn reached(&self, status: MilestoneStatus, completed_on: Option<NaiveDate>) -> bool {
        status == MilestoneStatus::Done && completed_on.is_some_and(|d| self.period.contains(d))
    }

    /// Whether a milestone was late at the end of the period (or today, while it runs): due by
    /// then and neither done nor cancelled.
    pub fn late(&self, status: MilestoneStatus, due_on: NaiveDate, today: NaiveDate) -> bool {
        milestones::is_overdue(status, due_on, self.judged_on(today))
    }
}

/// Which month of a program `day` falls in (1-based; 0 before the start), and how many months
/// the program has.
pub fn program_month(starts_on: NaiveDate, ends_on: NaiveDate, day: NaiveDate) -> (u32, u32) {
    let months_between = |a: NaiveDate, b: NaiveDate| {
        (b.year() - a.year()) * 12 + b.month() as i32 - a.month() as i32
    };
    let total = months_between(starts_on, ends_on) + 1;
    let current = if day < starts_on {
        0
    } else {
        (months_between(starts_on, day) + 1).min(total)
    };
    (current.max(0) as u32, total.max(1) as u32)
}

/// Whether a narrative may be saved as written: at most [`NARRATIVE_MAX_CHARS`] characters
/// once trimmed. (An empty text is allowed: it withdraws the narrative, keeping the history.)
pub fn narrative_fits(text: &str) -> bool {
    text.trim().chars().count() <= NARRATIVE_MAX_CHARS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    const START: (i32, u32, u32) = (2026, 1, 1);
    const END: (i32, u32, u32) = (2028, 12, 31);

    fn parse(label: &str) -> Result<ReportPeriod, ReportPeriodError> {
        ReportPeriod::parse(label, d(START.0, START.1, START.2), d(END.0, END.1, END.2))
    }

    #[test]
    fn years_and_quarters_of_the_program_are_read() {
        let year = parse("2026").unwrap();
        assert_eq!(year.label(), "2026");
        assert!(!year.is_quarter());
        assert_eq!(year.period().end(), d(2026, 12, 31));
        let q3 = parse("2026-Q3").unwrap();
        assert_eq!(q3.label(), "2026-Q3");
        assert_eq!(
            (q3.period().start(), q3.period().end()),
            (d(2026, 7, 1), d(2026, 9, 30))
        );
        assert!(parse("2028-Q4").is_ok());
    }

    #[test]
    fn other_labels_and_years_outside_the_program_are_refused() {
        for label in [
            "", "26", "2026-Q5", "2026-q3", " 2026", "2026-03", "2026-H1", "x",
        ] {
            assert_eq!(
                parse(label),
                Err(ReportPeriodError::Unreadable),
                "{label:?}"
            );
        }
        assert_eq!(parse("2025"), Err(ReportPeriodError::OutsideProgram));
        assert_eq!(parse("2029-Q1"), Err(ReportPeriodError::OutsideProgram));
    }

    #[test]
    fn figures_are_judged_after_the_period_or_today_while_it_runs() {
        let q3 = parse("2026-Q3").unwrap();
        assert_eq!(q3.judged_on(d(2026, 11, 29)), d(2026, 10, 1));
        assert_eq!(q3.judged_on(d(2026, 8, 15)), d(2026, 8, 15));
        let year = parse("2026").unwrap();
        assert_eq!(year.judged_on(d(2026, 11, 29)), d(2026, 11, 29));
        let q4 = Period::containing(Frequency::Quarterly, d(2026, 10, 1));
        let sep = Period::containing(Frequency::Monthly, d(2026, 9, 1));
        assert!(!q3.includes(&q4) && q3.includes(&sep) && year.includes(&q4));
        let kept = q3.figures_until(&[sep, q4], |p| *p);
        assert_eq!(kept, vec![sep]);
    }

    #[test]
    fn milestones_reached_and_late_in_the_period() {
        let q3 = parse("2026-Q3").unwrap();
        let today = d(2026, 11, 29);
        assert!(q3.reached(MilestoneStatus::Done, Some(d(2026, 9, 30))));
        assert!(!q3.reached(MilestoneStatus::Done, Some(d(2026, 10, 1))));
        assert!(!q3.reached(MilestoneStatus::InProgress, Some(d(2026, 8, 1))));
        // Due 30 Sep, not done: late on 1 Oct, the day the quarter is judged.
        assert!(q3.late(MilestoneStatus::InProgress, d(2026, 9, 30), today));
        // Due in November: late today, but not yet at the end of Q3.
        assert!(!q3.late(MilestoneStatus::Planned, d(2026, 11, 1), today));
        assert!(!q3.late(MilestoneStatus::Done, d(2026, 8, 1), today));
    }

    #[test]
    fn program_month_counts_from_one_and_stops_at_the_end() {
        let (start, end) = (d(2026, 1, 1), d(2028, 12, 31));
        assert_eq!(program_month(start, end, d(2026, 11, 29)), (11, 36));
        assert_eq!(program_month(start, end, d(2026, 1, 1)), (1, 36));
        assert_eq!(program_month(start, end, d(2025, 12, 31)), (0, 36));
        assert_eq!(program_month(start, end, d(2030, 5, 1)), (36, 36));
    }

    #[test]
    fn narratives_have_a_length_limit() {
        assert!(narrative_fits(""));
        assert!(narrative_fits(&"é".repeat(NARRATIVE_MAX_CHARS)));
        assert!(!narrative_fits(&"a".repeat(NARRATIVE_MAX_CHARS + 1)));
    }
}
