//! Reporting compliance: for each assignment and each closed period, the state of the report
//! and whether it is late.

use std::ops::AddAssign;

use chrono::{Days, NaiveDate};
use serde::Serialize;

use crate::domain::kinds::{Frequency, ObservationStatus, closed_set};
use crate::domain::period::{Period, closed_periods};

closed_set! {
    /// The state of the report expected for one assignment and one period.
    pub enum ReportState ("report state") {
        /// No observation at all.
        Missing = "missing",
        /// Started but not submitted.
        Draft = "draft",
        /// Submitted, awaiting review.
        Submitted = "submitted",
        /// Approved.
        Approved = "approved",
        /// Returned to the organisation for correction.
        Returned = "returned",
    }
}

impl From<ObservationStatus> for ReportState {
    fn from(status: ObservationStatus) -> Self {
        match status {
            ObservationStatus::Draft => Self::Draft,
            ObservationStatus::Submitted => Self::Submitted,
            ObservationStatus::Approved => Self::Approved,
            ObservationStatus::Returned => Self::Returned,
        }
    }
}

/// What is known about the observation reported for an assignment and period.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct ReportFacts {
    /// Current workflow status.
    pub status: ObservationStatus,
    /// The day it was first submitted; kept through later returns and resubmissions.
    pub first_submitted_on: Option<NaiveDate>,
}

/// Compliance of one assignment for one closed period.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Compliance {
    /// State of the report.
    pub state: ReportState,
    /// Whether the report was (or, not yet submitted, is) later than `due`.
    pub late: bool,
    /// Last day on which submitting is on time.
    pub due: NaiveDate,
}

/// Days after a period's end within which its report is on time. One place.
pub const GRACE_DAYS: i64 = 30;

/// The last on-time day for a period's report: its end plus [`GRACE_DAYS`].
///
/// Saturates at the last date chrono can represent instead of panicking.
pub fn due_date(period: &Period) -> NaiveDate {
    u64::try_from(GRACE_DAYS)
        .ok()
        .and_then(|days| period.end().checked_add_days(Days::new(days)))
        .unwrap_or(NaiveDate::MAX)
}

/// Compliance of the report for `period`, or `None` while the period has not closed
/// (its end is today or later).
///
/// Late means first submitted after the due date; a report never submitted (missing or
/// draft) is late once `today` is past the due date. A report first submitted on time
/// stays on time even if it was later returned. A submitted, approved or returned report
/// without a first-submission date is judged like a never-submitted one, as its timeliness
/// cannot be shown.
pub fn compliance(
    period: &Period,
    report: Option<&ReportFacts>,
    today: NaiveDate,
) -> Option<Compliance> {
    if !period.is_closed(today) {
        return None;
    }
    let due = due_date(period);
    let state = report.map_or(ReportState::Missing, |r| r.status.into());
    let late = match report.and_then(|r| r.first_submitted_on) {
        Some(submitted) => submitted > due,
        None => today > due,
    };
    Some(Compliance { state, late, due })
}

/// Counts over a set of compliance items (e.g. one organisation, or one pillar).
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ComplianceSummary {
    /// Reports expected (items counted).
    pub expected: usize,
    /// Items not late: reports submitted on time, and reports still within their grace
    /// period. `on_time + late == expected`.
    pub on_time: usize,
    /// Items late.
    pub late: usize,
    /// Items in state missing.
    pub missing: usize,
    /// Items in state draft.
    pub draft: usize,
    /// Items in state submitted.
    pub submitted: usize,
    /// Items in state approved.
    pub approved: usize,
    /// Items in state returned.
    pub returned: usize,
}

impl ComplianceSummary {
    /// Share of expected reports that are not late (0–1); `None` when nothing is expected.
    pub fn on_time_share(&self) -> Option<f64> {
        (self.expected > 0).then(|| self.on_time as f64 / self.expected as f64)
    }
}

/// Counts compliance items by lateness and state.
pub fn summarise<'a>(items: impl IntoIterator<Item = &'a Compliance>) -> ComplianceSummary {
    let mut summary = ComplianceSummary::default();
    for item in items {
        summary.expected += 1;
        if item.late {
            summary.late += 1;
        } else {
            summary.on_time += 1;
        }
        match item.state {
            ReportState::Missing => summary.missing += 1,
            ReportState::Draft => summary.draft += 1,
            ReportState::Submitted => summary.submitted += 1,
            ReportState::Approved => summary.approved += 1,
            ReportState::Returned => summary.returned += 1,
        }
    }
    summary
}

/// Whether an assignment that starts on `starts_on` expects a report for `period`: it does
/// for every period ending on or after its start (an organisation assigned mid-program is not
/// late for the periods before).
pub fn is_expected(starts_on: NaiveDate, period: &Period) -> bool {
    period.end() >= starts_on
}

/// The report round most recently due for a frequency: the last period of the program
/// (`program_start..=program_end`) that has closed by `today`, or `None` before the first one
/// closes.
pub fn latest_closed_period(
    frequency: Frequency,
    program_start: NaiveDate,
    program_end: NaiveDate,
    today: NaiveDate,
) -> Option<Period> {
    closed_periods(frequency, program_start, program_end, today).pop()
}

impl ReportState {
    /// How much a state needs attention, for showing several reports as one: missing (4),
    /// returned (3), draft (2), submitted (1), approved (0).
    pub fn severity(self) -> u8 {
        match self {
            Self::Missing => 4,
            Self::Returned => 3,
            Self::Draft => 2,
            Self::Submitted => 1,
            Self::Approved => 0,
        }
    }
}

impl ComplianceSummary {
    /// The state that needs the most attention among the items counted (see
    /// [`ReportState::severity`]); `None` when nothing is expected. A matrix cell holding
    /// several reports shows this one.
    pub fn worst_state(&self) -> Option<ReportState> {
        [
            (ReportState::Missing, self.missing),
            (ReportState::Returned, self.returned),
            (ReportState::Draft, self.draft),
            (ReportState::Submitted, self.submitted),
            (ReportState::Approved, self.approved),
        ]
        .into_iter()
        .filter(|(_, count)| *count > 0)
        .max_by_key(|(state, _)| state.severity())
        .map(|(state, _)| state)
    }
}

/// The reports made for one period by a group of assignments that share it (one indicator's,
/// or one organisation's of one frequency): the precomputed form of their
/// [`ReportFacts`], enough for [`summarise_counts`] to give what [`summarise`] gives over the
/// individual items.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct ReportCounts {
    /// Reports in status draft.
    pub draft: usize,
    /// Reports in status submitted.
    pub submitted: usize,
    /// Reports in status approved.
    pub approved: usize,
    /// Reports in status returned.
    pub returned: usize,
    /// Reports first submitted after the period's due date.
    pub submitted_late: usize,
    /// Reports never submitted (no first-submission date).
    pub unsubmitted: usize,
}

impl ReportCounts {
    /// Reports made, whatever their state.
    pub fn reported(&self) -> usize {
        self.draft + self.submitted + self.approved + self.returned
    }

    /// Counts one report made for `period` (the rule the SQL tallies follow, migration 0010).
    pub fn count(&mut self, period: &Period, report: &ReportFacts) {
        match report.status {
            ObservationStatus::Draft => self.draft += 1,
            ObservationStatus::Submitted => self.submitted += 1,
            ObservationStatus::Approved => self.approved += 1,
            ObservationStatus::Returned => self.returned += 1,
        }
        match report.first_submitted_on {
            Some(submitted) if submitted > due_date(period) => self.submitted_late += 1,
            Some(_) => {}
            None => self.unsubmitted += 1,
        }
    }
}

/// Where a period's reports stand on a day, the two facts [`summarise_counts`] judges counts
/// by: whether anything is counted yet (the period has closed), and whether the reports not
/// made or never submitted are late (the due date has passed). A query that judges tallies
/// in SQL takes these per period as parameters, so the dates stay this module's rule and the
/// day stays the injected clock's.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Standing {
    /// The period has closed: its reports are expected.
    pub closed: bool,
    /// `today` is past the due date: a report not made, or never submitted, is late.
    pub overdue: bool,
}

impl Standing {
    /// How `period`'s reports stand on `today`.
    pub fn on(period: &Period, today: NaiveDate) -> Self {
        Self {
            closed: period.is_closed(today),
            overdue: today > due_date(period),
        }
    }
}

/// The summary of `expected` reports due for `period`, of which `counts` were made: exactly
/// what [`summarise`] gives over the [`compliance`] of each one, without the items.
///
/// Nothing is counted while the period is open. The reports not made are missing; like the
/// reports never submitted they are late once `today` is past the due date, while a submitted
/// report is late only if first submitted after it. `counts` must count reports of the
/// expected assignments only (at most `expected`); more would be a bug in the caller, and the
/// missing and on-time counts then stop at zero instead of wrapping.
pub fn summarise_counts(
    period: &Period,
    expected: usize,
    counts: &ReportCounts,
    today: NaiveDate,
) -> ComplianceSummary {
    let standing = Standing::on(period, today);
    if !standing.closed {
        return ComplianceSummary::default();
    }
    let missing = expected.saturating_sub(counts.reported());
    let overdue = if standing.overdue {
        missing + counts.unsubmitted
    } else {
        0
    };
    let late = counts.submitted_late + overdue;
    ComplianceSummary {
        expected,
        on_time: expected.saturating_sub(late),
        late,
        missing,
        draft: counts.draft,
        submitted: counts.submitted,
        approved: counts.approved,
        returned: counts.returned,
    }
}

impl AddAssign<&ComplianceSummary> for ComplianceSummary {
    /// Adds the counts of another set of items (summaries of disjoint sets add up).
    fn add_assign(&mut self, other: &ComplianceSummary) {
        self.expected += other.expected;
        self.on_time += other.on_time;
        self.late += other.late;
        self.missing += other.missing;
        self.draft += other.draft;
        self.submitted += other.submitted;
        self.approved += other.approved;
        self.returned += other.returned;
    }
}

impl AddAssign for ComplianceSummary {
    fn add_assign(&mut self, other: ComplianceSummary) {
        *self += &other;
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod round_tests;

#[cfg(test)]
mod count_tests;
