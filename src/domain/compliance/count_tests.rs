//! Unit tests of the compliance counts: late and on-time reports by state, grace periods,
//! open periods, and summaries that add up. Tests only; no I/O.

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

#[test]
fn a_period_stands_closed_after_its_end_and_overdue_after_its_due_date() {
    // Q1 2026 ends 2026-03-31 and is due 2026-04-30.
    let on = |day| Standing::on(&q1_2026(), day);
    assert_eq!(
        on(d(2026, 3, 31)),
        Standing {
            closed: false,
            overdue: false
        }
    );
    assert_eq!(
        on(d(2026, 4, 1)),
        Standing {
            closed: true,
            overdue: false
        }
    );
    assert_eq!(
        on(d(2026, 4, 30)),
        Standing {
            closed: true,
            overdue: false
        }
    );
    assert_eq!(
        on(d(2026, 5, 1)),
        Standing {
            closed: true,
            overdue: true
        }
    );
}
