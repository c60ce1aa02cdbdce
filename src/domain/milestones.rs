//! Where a milestone of the program's timeline stands on a given day: overdue, due soon, or
//! neither. One place for the rule, so the overview and the timeline agree. And what makes a
//! milestone well formed, whoever records it: its code, its dates, its completion date.

use chrono::{Days, NaiveDate};

use crate::domain::kinds::MilestoneStatus;

/// How far ahead "due soon" looks, in days.
pub const DUE_SOON_DAYS: u64 = 90;

/// Whether the milestone is finished, one way or the other (done or cancelled).
pub fn is_closed(status: MilestoneStatus) -> bool {
    matches!(status, MilestoneStatus::Done | MilestoneStatus::Cancelled)
}

/// The status to show on `today`: a milestone that is not done or cancelled and whose due date
/// has passed is late, whatever status was last recorded; otherwise the recorded status.
pub fn effective_status(
    status: MilestoneStatus,
    due_on: NaiveDate,
    today: NaiveDate,
) -> MilestoneStatus {
    if !is_closed(status) && due_on < today {
        MilestoneStatus::Late
    } else {
        status
    }
}

/// Whether the milestone is overdue on `today`: not finished, and either past its due date or
/// recorded as late.
pub fn is_overdue(status: MilestoneStatus, due_on: NaiveDate, today: NaiveDate) -> bool {
    effective_status(status, due_on, today) == MilestoneStatus::Late
}

/// Whether the milestone falls due within the next [`DUE_SOON_DAYS`] days (today included) and
/// is neither finished nor already overdue.
pub fn is_due_soon(status: MilestoneStatus, due_on: NaiveDate, today: NaiveDate) -> bool {
    let horizon = today
        .checked_add_days(Days::new(DUE_SOON_DAYS))
        .unwrap_or(NaiveDate::MAX);
    !is_closed(status) && !is_overdue(status, due_on, today) && due_on <= horizon
}

/// A milestone's code: `M` and 2 or 3 digits (`M12`).
pub fn is_milestone_code(code: &str) -> bool {
    code.starts_with('M')
        && (3..=4).contains(&code.len())
        && code[1..].chars().all(|c| c.is_ascii_digit())
}

/// Whether a milestone's dates are in order: it is not due before it starts.
pub fn dates_in_order(starts_on: NaiveDate, due_on: NaiveDate) -> bool {
    due_on >= starts_on
}

/// What is wrong with a milestone's completion date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompletionProblem {
    /// Done, but not when.
    Missing,
    /// A completion date on a milestone that is not done.
    NotDone,
}

/// A finished milestone says when it finished; an unfinished one does not.
pub fn completion_problem(
    status: MilestoneStatus,
    completed_on: Option<NaiveDate>,
) -> Option<CompletionProblem> {
    match (status, completed_on) {
        (MilestoneStatus::Done, None) => Some(CompletionProblem::Missing),
        (status, Some(_)) if status != MilestoneStatus::Done => Some(CompletionProblem::NotDone),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use MilestoneStatus::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn an_unfinished_milestone_past_its_due_date_is_late() {
        let today = d(2026, 11, 29);
        assert_eq!(effective_status(Planned, d(2026, 11, 28), today), Late);
        assert_eq!(effective_status(InProgress, d(2026, 9, 30), today), Late);
        // Due today: not yet late.
        assert_eq!(effective_status(InProgress, today, today), InProgress);
        // Finished milestones keep their status.
        assert_eq!(effective_status(Done, d(2026, 1, 15), today), Done);
        assert_eq!(
            effective_status(Cancelled, d(2026, 1, 15), today),
            Cancelled
        );
        // Recorded late stays late, even before the due date (a manager's call).
        assert_eq!(effective_status(Late, d(2027, 1, 1), today), Late);
        assert!(is_overdue(Late, d(2027, 1, 1), today));
        assert!(!is_overdue(Done, d(2026, 1, 1), today));
    }

    #[test]
    fn due_soon_looks_90_days_ahead() {
        let today = d(2026, 11, 29);
        // 2026-11-29 + 90 days = 2027-02-27.
        assert!(is_due_soon(InProgress, d(2026, 12, 31), today));
        assert!(is_due_soon(Planned, d(2027, 2, 27), today));
        assert!(!is_due_soon(Planned, d(2027, 2, 28), today));
        assert!(is_due_soon(Planned, today, today), "due today is due soon");
        assert!(
            !is_due_soon(Planned, d(2026, 11, 28), today),
            "overdue, not soon"
        );
        assert!(!is_due_soon(Done, d(2026, 12, 31), today));
        assert!(!is_due_soon(Late, d(2026, 12, 31), today), "already late");
        assert!(!is_due_soon(Planned, d(2026, 12, 31), NaiveDate::MAX));
    }

    #[test]
    fn milestone_codes_are_m_and_two_or_three_digits() {
        assert!(is_milestone_code("M12"));
        assert!(is_milestone_code("M123"));
        assert!(!is_milestone_code("M1"));
        assert!(!is_milestone_code("M1234"));
        assert!(!is_milestone_code("X12"));
        assert!(!is_milestone_code("M1A"));
        assert!(!is_milestone_code(""));
    }

    #[test]
    fn a_milestone_is_not_due_before_it_starts() {
        assert!(dates_in_order(d(2027, 1, 1), d(2027, 6, 30)));
        assert!(dates_in_order(d(2027, 1, 1), d(2027, 1, 1)), "same day");
        assert!(!dates_in_order(d(2027, 5, 1), d(2027, 1, 1)));
    }

    #[test]
    fn only_a_done_milestone_has_a_completion_date() {
        let day = Some(d(2027, 6, 1));
        assert_eq!(completion_problem(Done, day), None);
        assert_eq!(
            completion_problem(Done, None),
            Some(CompletionProblem::Missing)
        );
        for status in [Planned, InProgress, Late, Cancelled] {
            assert_eq!(completion_problem(status, None), None);
            assert_eq!(
                completion_problem(status, day),
                Some(CompletionProblem::NotDone)
            );
        }
    }
}
