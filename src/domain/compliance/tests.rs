//! Unit tests of report states and lateness per assignment and closed period: due dates,
//! the grace period, drafts, returned reports and summaries. Tests only; no I/O.

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
