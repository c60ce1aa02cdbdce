//! Unit tests of reporting rounds: which periods an assignment expects, the latest closed
//! round, and the worst state of a grid cell. Tests only; no I/O.

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
