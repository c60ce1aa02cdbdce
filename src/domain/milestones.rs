//! Where a milestone of the program's timeline stands on a given day: overdue, due soon, or
//! neither. One place for the rule, so the overview and the timeline agree.

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
}
