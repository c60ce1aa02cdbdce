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
    if !period.is_closed(today) {
        return ComplianceSummary::default();
    }
    let missing = expected.saturating_sub(counts.reported());
    let overdue = if today > due_date(period) {
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
mod tests {
    use super::*;
    use crate::domain::kinds::Frequency;
    use ObservationStatus as S;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn q1_2026() -> Period {
        Period::parse_label(Frequency::Quarterly, "2026-Q1").unwrap()
    }

    fn facts(status: ObservationStatus, first_submitted_on: Option<NaiveDate>) -> ReportFacts {
        ReportFacts {
            status,
            first_submitted_on,
        }
    }

    #[test]
    fn due_date_is_30_days_after_the_period_end() {
        // 2026-03-31 + 30 = 2026-04-30.
        assert_eq!(due_date(&q1_2026()), d(2026, 4, 30));
        // Across a year end: 2026-12-31 + 30 = 2027-01-30.
        let dec = Period::parse_label(Frequency::Monthly, "2026-12").unwrap();
        assert_eq!(due_date(&dec), d(2027, 1, 30));
        // Through February: 2028-01-31 + 29 = 2028-02-29 (leap), + 1 = 2028-03-01;
        // 2026-01-31 + 28 = 2026-02-28, + 2 = 2026-03-02.
        let jan28 = Period::parse_label(Frequency::Monthly, "2028-01").unwrap();
        assert_eq!(due_date(&jan28), d(2028, 3, 1));
        let jan26 = Period::parse_label(Frequency::Monthly, "2026-01").unwrap();
        assert_eq!(due_date(&jan26), d(2026, 3, 2));
        // The last representable period saturates.
        let last = Period::containing(Frequency::Annual, NaiveDate::MAX);
        assert_eq!(due_date(&last), NaiveDate::MAX);
    }

    #[test]
    fn open_periods_have_no_compliance() {
        // Q1 ends 2026-03-31: still open on that day.
        assert_eq!(compliance(&q1_2026(), None, d(2026, 3, 31)), None);
        assert_eq!(compliance(&q1_2026(), None, d(2026, 1, 15)), None);
    }

    #[test]
    fn a_missing_report_becomes_late_after_the_grace_period() {
        let expect = |late| {
            Some(Compliance {
                state: ReportState::Missing,
                late,
                due: d(2026, 4, 30),
            })
        };
        assert_eq!(compliance(&q1_2026(), None, d(2026, 4, 1)), expect(false));
        // On the due date itself it is not yet late.
        assert_eq!(compliance(&q1_2026(), None, d(2026, 4, 30)), expect(false));
        assert_eq!(compliance(&q1_2026(), None, d(2026, 5, 1)), expect(true));
    }

    #[test]
    fn a_draft_is_judged_like_a_missing_report() {
        let draft = facts(S::Draft, None);
        let c = compliance(&q1_2026(), Some(&draft), d(2026, 4, 30)).unwrap();
        assert_eq!((c.state, c.late), (ReportState::Draft, false));
        let c = compliance(&q1_2026(), Some(&draft), d(2026, 5, 1)).unwrap();
        assert_eq!((c.state, c.late), (ReportState::Draft, true));
    }

    #[test]
    fn a_submitted_report_is_late_only_if_first_submitted_after_the_due_date() {
        let today = d(2026, 9, 1);
        let on_due_day = facts(S::Submitted, Some(d(2026, 4, 30)));
        let c = compliance(&q1_2026(), Some(&on_due_day), today).unwrap();
        assert_eq!((c.state, c.late), (ReportState::Submitted, false));
        let day_after = facts(S::Approved, Some(d(2026, 5, 1)));
        let c = compliance(&q1_2026(), Some(&day_after), today).unwrap();
        assert_eq!((c.state, c.late), (ReportState::Approved, true));
        // Submitted before the period even closed (e.g. on its last day): on time.
        let early = facts(S::Approved, Some(d(2026, 3, 31)));
        assert!(!compliance(&q1_2026(), Some(&early), today).unwrap().late);
    }

    #[test]
    fn a_returned_report_first_submitted_on_time_is_not_late() {
        let returned = facts(S::Returned, Some(d(2026, 4, 20)));
        let c = compliance(&q1_2026(), Some(&returned), d(2026, 6, 1)).unwrap();
        assert_eq!((c.state, c.late), (ReportState::Returned, false));
    }

    #[test]
    fn report_states_follow_observation_statuses() {
        let states: Vec<ReportState> = ObservationStatus::ALL.iter().map(|s| (*s).into()).collect();
        assert_eq!(
            states,
            [
                ReportState::Draft,
                ReportState::Submitted,
                ReportState::Approved,
                ReportState::Returned
            ]
        );
        let texts: Vec<String> = ReportState::ALL.iter().map(|s| s.to_string()).collect();
        assert_eq!(
            texts,
            ["missing", "draft", "submitted", "approved", "returned"]
        );
    }

    #[test]
    fn summary_counts_lateness_and_states() {
        let due = d(2026, 4, 30);
        let item = |state, late| Compliance { state, late, due };
        let items = [
            item(ReportState::Approved, false),
            item(ReportState::Approved, true),
            item(ReportState::Submitted, false),
            item(ReportState::Returned, false),
            item(ReportState::Missing, true),
            item(ReportState::Draft, true),
            item(ReportState::Missing, false),
            item(ReportState::Approved, false),
        ];
        let summary = summarise(&items);
        assert_eq!(
            summary,
            ComplianceSummary {
                expected: 8,
                on_time: 5,
                late: 3,
                missing: 2,
                draft: 1,
                submitted: 1,
                approved: 3,
                returned: 1,
            }
        );
        // 5 / 8 = 0.625.
        assert_eq!(summary.on_time_share(), Some(0.625));
    }

    #[test]
    fn empty_summary_has_no_share() {
        let summary = summarise(&[]);
        assert_eq!(summary, ComplianceSummary::default());
        assert_eq!(summary.on_time_share(), None);
    }
}

#[cfg(test)]
mod round_tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_report_is_expected_for_periods_ending_on_or_after_the_assignment_start() {
        let march = Period::parse_label(Frequency::Monthly, "2026-03").unwrap();
        assert!(is_expected(d(2026, 1, 1), &march));
        assert!(
            is_expected(d(2026, 3, 31), &march),
            "the start on the last day counts"
        );
        assert!(!is_expected(d(2026, 4, 1), &march));
        let q1 = Period::parse_label(Frequency::Quarterly, "2026-Q1").unwrap();
        // Assigned in mid-February: the first quarter still ends after the start.
        assert!(is_expected(d(2026, 2, 15), &q1));
    }

    #[test]
    fn the_latest_round_is_the_last_closed_period_of_the_program() {
        let (start, end) = (d(2026, 1, 1), d(2028, 12, 31));
        let today = d(2026, 11, 29);
        let label = |f: Frequency| latest_closed_period(f, start, end, today).map(|p| p.label(f));
        assert_eq!(label(Frequency::Monthly).as_deref(), Some("2026-10"));
        assert_eq!(label(Frequency::Quarterly).as_deref(), Some("2026-Q3"));
        assert_eq!(label(Frequency::SemiAnnual).as_deref(), Some("2026-H1"));
        assert_eq!(label(Frequency::Annual), None, "2026 has not closed");
        // On the first day of a month, the month before has just closed.
        assert_eq!(
            latest_closed_period(Frequency::Monthly, start, end, d(2026, 12, 1))
                .map(|p| p.label(Frequency::Monthly))
                .as_deref(),
            Some("2026-11")
        );
        // Before the program's first period closes, and after the program ended.
        assert_eq!(
            latest_closed_period(Frequency::Monthly, start, end, d(2026, 1, 31)),
            None
        );
        assert_eq!(
            latest_closed_period(Frequency::Annual, start, end, d(2031, 5, 1))
                .map(|p| p.label(Frequency::Annual))
                .as_deref(),
            Some("2028")
        );
    }

    #[test]
    fn the_worst_state_of_a_cell_is_the_one_needing_most_attention() {
        let due = d(2026, 4, 30);
        let item = |state| Compliance {
            state,
            late: false,
            due,
        };
        let worst = |states: &[ReportState]| {
            let items: Vec<Compliance> = states.iter().map(|s| item(*s)).collect();
            summarise(&items).worst_state()
        };
        use ReportState::*;
        assert_eq!(worst(&[]), None);
        assert_eq!(worst(&[Approved, Approved]), Some(Approved));
        assert_eq!(worst(&[Approved, Submitted]), Some(Submitted));
        assert_eq!(worst(&[Submitted, Draft]), Some(Draft));
        assert_eq!(worst(&[Draft, Returned, Approved]), Some(Returned));
        assert_eq!(worst(&[Returned, Missing]), Some(Missing));
        let order: Vec<u8> = ReportState::ALL.iter().map(|s| s.severity()).collect();
        assert_eq!(order, [4, 2, 1, 0, 3]);
    }
}

#[cfg(test)]
mod count_tests {
    use super::*;
    use ObservationStatus as S;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn q1_2026() -> Period {
        Period::parse_label(Frequency::Quarterly, "2026-Q1").unwrap()
    }

    fn facts(status: ObservationStatus, first_submitted_on: Option<NaiveDate>) -> ReportFacts {
        ReportFacts {
            status,
            first_submitted_on,
        }
    }

    /// Ten assignments of Q1 2026 (due 2026-04-30): seven reports made, of which one draft
    /// never submitted and two first submitted late (on 2026-05-05).
    fn q1_counts() -> ReportCounts {
        ReportCounts {
            draft: 1,
            submitted: 2,
            approved: 3,
            returned: 1,
            submitted_late: 2,
            unsubmitted: 1,
        }
    }

    #[test]
    fn nothing_is_counted_while_the_period_is_open() {
        // Q1 ends 2026-03-31: still open on that day.
        assert_eq!(
            summarise_counts(&q1_2026(), 10, &q1_counts(), d(2026, 3, 31)),
            ComplianceSummary::default()
        );
    }

    #[test]
    fn within_the_grace_period_only_late_submissions_are_late() {
        // On the due date: late = 2 submitted late; missing = 10 - 7 = 3; on time = 10 - 2.
        let expect = ComplianceSummary {
            expected: 10,
            on_time: 8,
            late: 2,
            missing: 3,
            draft: 1,
            submitted: 2,
            approved: 3,
            returned: 1,
        };
        assert_eq!(
            summarise_counts(&q1_2026(), 10, &q1_counts(), d(2026, 4, 30)),
            expect
        );
    }

    #[test]
    fn after_the_due_date_missing_and_unsubmitted_reports_are_late() {
        // late = 2 submitted late + 3 missing + 1 draft = 6; on time = 10 - 6 = 4.
        assert_eq!(
            summarise_counts(&q1_2026(), 10, &q1_counts(), d(2026, 5, 1)),
            ComplianceSummary {
                expected: 10,
                on_time: 4,
                late: 6,
                missing: 3,
                draft: 1,
                submitted: 2,
                approved: 3,
                returned: 1,
            }
        );
    }

    #[test]
    fn nothing_expected_gives_an_empty_summary() {
        let summary = summarise_counts(&q1_2026(), 0, &ReportCounts::default(), d(2026, 9, 1));
        assert_eq!(summary, ComplianceSummary::default());
        // All expected reports missing, long after the due date: all late.
        let summary = summarise_counts(&q1_2026(), 4, &ReportCounts::default(), d(2026, 9, 1));
        assert_eq!((summary.missing, summary.late, summary.on_time), (4, 4, 0));
    }

    #[test]
    fn reports_are_counted_by_state_and_first_submission() {
        let mut counts = ReportCounts::default();
        for report in [
            facts(S::Draft, None),
            // Reopened after a return: a draft that was submitted, on time.
            facts(S::Draft, Some(d(2026, 4, 10))),
            facts(S::Submitted, Some(d(2026, 4, 30))),
            facts(S::Approved, Some(d(2026, 5, 1))),
            facts(S::Returned, Some(d(2026, 6, 1))),
        ] {
            counts.count(&q1_2026(), &report);
        }
        assert_eq!(
            counts,
            ReportCounts {
                draft: 2,
                submitted: 1,
                approved: 1,
                returned: 1,
                submitted_late: 2,
                unsubmitted: 1,
            }
        );
        assert_eq!(counts.reported(), 5);
    }

    #[test]
    fn summaries_add_up() {
        let mut total = summarise_counts(&q1_2026(), 10, &q1_counts(), d(2026, 5, 1));
        total += summarise_counts(&q1_2026(), 10, &q1_counts(), d(2026, 4, 30));
        total += &ComplianceSummary::default();
        assert_eq!(
            total,
            ComplianceSummary {
                expected: 20,
                on_time: 12,
                late: 8,
                missing: 6,
                draft: 2,
                submitted: 4,
                approved: 6,
                returned: 2,
            }
        );
    }

    /// Every kind of report the rules tell apart, for a period due on `due`.
    fn kinds(due: NaiveDate) -> Vec<Option<ReportFacts>> {
        let before = due.pred_opt().unwrap();
        let after = due.succ_opt().unwrap();
        let mut kinds = vec![None];
        for status in ObservationStatus::ALL {
            for first in [None, Some(before), Some(due), Some(after)] {
                kinds.push(Some(facts(*status, first)));
            }
        }
        kinds
    }

    #[test]
    fn counts_summarise_like_the_individual_items() {
        let periods = [
            q1_2026(),
            // A leap February: due 2028-03-30.
            Period::parse_label(Frequency::Monthly, "2028-02").unwrap(),
            Period::parse_label(Frequency::Annual, "2026").unwrap(),
        ];
        for period in &periods {
            let due = due_date(period);
            let kinds = kinds(due);
            let todays = [
                period.start(),
                period.end(),
                period.end().succ_opt().unwrap(),
                due.pred_opt().unwrap(),
                due,
                due.succ_opt().unwrap(),
                due + Days::new(400),
            ];
            // Mixes of every size up to 40, drawn deterministically from the kinds (a linear
            // congruential sequence, so the mixes differ in size and composition).
            let mut seed: u64 = 7;
            for size in 0..40usize {
                let mix: Vec<Option<ReportFacts>> = (0..size)
                    .map(|_| {
                        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                        kinds[(seed >> 33) as usize % kinds.len()]
                    })
                    .collect();
                let mut counts = ReportCounts::default();
                for report in mix.iter().flatten() {
                    counts.count(period, report);
                }
                for today in todays {
                    let items: Vec<Compliance> = mix
                        .iter()
                        .filter_map(|r| compliance(period, r.as_ref(), today))
                        .collect();
                    assert_eq!(
                        summarise_counts(period, mix.len(), &counts, today),
                        summarise(&items),
                        "{period:?}, {size} reports, today {today}"
                    );
                }
            }
        }
    }
}
