//! Unit tests of calendar periods: alignment, labels, parsing, leap years and period ends.
//! Tests only; no I/O.

use super::*;
use Frequency::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn p(start: NaiveDate, end: NaiveDate) -> Period {
    Period { start, end }
}

#[test]
fn containing_month_respects_leap_years() {
    // 2028 is a leap year (divisible by 4, not by 100); 2026 is not.
    assert_eq!(
        Period::containing(Monthly, d(2028, 2, 10)),
        p(d(2028, 2, 1), d(2028, 2, 29))
    );
    assert_eq!(
        Period::containing(Monthly, d(2026, 2, 28)),
        p(d(2026, 2, 1), d(2026, 2, 28))
    );
    // 2100 is divisible by 100 but not 400: not leap. 2000 is divisible by 400: leap.
    assert_eq!(
        Period::containing(Monthly, d(2100, 2, 1)).end(),
        d(2100, 2, 28)
    );
    assert_eq!(
        Period::containing(Monthly, d(2000, 2, 1)).end(),
        d(2000, 2, 29)
    );
    assert_eq!(
        Period::containing(Monthly, d(2026, 12, 31)),
        p(d(2026, 12, 1), d(2026, 12, 31))
    );
}

#[test]
fn containing_quarter_half_and_year() {
    assert_eq!(
        Period::containing(Quarterly, d(2026, 3, 31)),
        p(d(2026, 1, 1), d(2026, 3, 31))
    );
    assert_eq!(
        Period::containing(Quarterly, d(2026, 4, 1)),
        p(d(2026, 4, 1), d(2026, 6, 30))
    );
    assert_eq!(
        Period::containing(Quarterly, d(2027, 11, 15)),
        p(d(2027, 10, 1), d(2027, 12, 31))
    );
    assert_eq!(
        Period::containing(SemiAnnual, d(2026, 6, 30)),
        p(d(2026, 1, 1), d(2026, 6, 30))
    );
    assert_eq!(
        Period::containing(SemiAnnual, d(2026, 7, 1)),
        p(d(2026, 7, 1), d(2026, 12, 31))
    );
    assert_eq!(
        Period::containing(Annual, d(2028, 2, 29)),
        p(d(2028, 1, 1), d(2028, 12, 31))
    );
}

#[test]
fn containing_works_at_the_ends_of_chronos_range() {
    for f in Frequency::ALL {
        let first = Period::containing(*f, NaiveDate::MIN);
        assert_eq!(first.start(), NaiveDate::MIN);
        let last = Period::containing(*f, NaiveDate::MAX);
        assert_eq!(last.end(), NaiveDate::MAX);
        // The period after the last representable one saturates instead of panicking.
        assert_eq!(last.next(*f), last);
    }
}

#[test]
fn new_accepts_aligned_periods() {
    assert_eq!(
        Period::new(Quarterly, d(2026, 4, 1), d(2026, 6, 30)),
        Ok(p(d(2026, 4, 1), d(2026, 6, 30)))
    );
    assert_eq!(
        Period::new(Monthly, d(2028, 2, 1), d(2028, 2, 29)),
        Ok(p(d(2028, 2, 1), d(2028, 2, 29)))
    );
    assert!(Period::new(SemiAnnual, d(2026, 7, 1), d(2026, 12, 31)).is_ok());
    assert!(Period::new(Annual, d(2027, 1, 1), d(2027, 12, 31)).is_ok());
}

#[test]
fn new_rejects_a_misaligned_start() {
    let err = Period::new(Quarterly, d(2026, 2, 1), d(2026, 4, 30)).unwrap_err();
    assert_eq!(
        err,
        PeriodError::StartNotAligned {
            start: d(2026, 2, 1),
            frequency: Quarterly
        }
    );
    assert_eq!(
        err.to_string(),
        "period start 2026-02-01 is not the first day of a quarter"
    );
    assert_eq!(
        Period::new(Monthly, d(2026, 3, 2), d(2026, 3, 31))
            .unwrap_err()
            .to_string(),
        "period start 2026-03-02 is not the first day of a month"
    );
    assert_eq!(
        Period::new(SemiAnnual, d(2026, 4, 1), d(2026, 9, 30))
            .unwrap_err()
            .to_string(),
        "period start 2026-04-01 is not the first day of a half-year"
    );
}

#[test]
fn new_rejects_a_wrong_end() {
    // Feb 2026 has 28 days, so the 29th does not exist and the 27th is one short.
    let err = Period::new(Monthly, d(2026, 2, 1), d(2026, 2, 27)).unwrap_err();
    assert_eq!(
        err,
        PeriodError::EndMismatch {
            end: d(2026, 2, 27),
            expected: d(2026, 2, 28)
        }
    );
    assert_eq!(
        err.to_string(),
        "period end 2026-02-27 does not match its start: the period ends on 2026-02-28"
    );
    // A month reported against a quarterly indicator.
    assert_eq!(
        Period::new(Quarterly, d(2026, 1, 1), d(2026, 1, 31)),
        Err(PeriodError::EndMismatch {
            end: d(2026, 1, 31),
            expected: d(2026, 3, 31)
        })
    );
    // End before start.
    assert!(matches!(
        Period::new(Annual, d(2026, 1, 1), d(2025, 12, 31)),
        Err(PeriodError::EndMismatch { .. })
    ));
}

#[test]
fn parse_label_for_each_frequency() {
    assert_eq!(
        Period::parse_label(Monthly, "2026-03"),
        Ok(p(d(2026, 3, 1), d(2026, 3, 31)))
    );
    assert_eq!(
        Period::parse_label(Monthly, "2028-02"),
        Ok(p(d(2028, 2, 1), d(2028, 2, 29)))
    );
    assert_eq!(
        Period::parse_label(Quarterly, "2026-Q1"),
        Ok(p(d(2026, 1, 1), d(2026, 3, 31)))
    );
    assert_eq!(
        Period::parse_label(Quarterly, " 2027-q4 "),
        Ok(p(d(2027, 10, 1), d(2027, 12, 31)))
    );
    assert_eq!(
        Period::parse_label(SemiAnnual, "2026-H2"),
        Ok(p(d(2026, 7, 1), d(2026, 12, 31)))
    );
    assert_eq!(
        Period::parse_label(Annual, "2026"),
        Ok(p(d(2026, 1, 1), d(2026, 12, 31)))
    );
}

#[test]
fn parse_label_rejects_malformed_or_foreign_labels() {
    let bad = [
        (Monthly, "2026-13"),
        (Monthly, "2026-00"),
        (Monthly, "2026-3"),
        (Monthly, "2026-Q1"),
        (Monthly, "2026"),
        (Quarterly, "2026-Q5"),
        (Quarterly, "2026-Q0"),
        (Quarterly, "2026-03"),
        (Quarterly, "2026-Q"),
        (SemiAnnual, "2026-H3"),
        (SemiAnnual, "2026-Q2"),
        (Annual, "2026-01"),
        (Annual, "26"),
        (Annual, "+2026"),
        (Annual, ""),
        (Quarterly, "2026-Q١"),
        (Monthly, "abcd-01"),
    ];
    for (f, label) in bad {
        assert_eq!(
            Period::parse_label(f, label),
            Err(PeriodError::InvalidLabel {
                label: label.to_owned(),
                frequency: f
            }),
            "{label} as {f}"
        );
    }
    assert_eq!(
        Period::parse_label(Quarterly, "2026-Q5")
            .unwrap_err()
            .to_string(),
        r#""2026-Q5" is not a quarter label; expected e.g. 2026-Q1"#
    );
}

#[test]
fn label_is_the_inverse_of_parse_label() {
    assert_eq!(p(d(2026, 3, 1), d(2026, 3, 31)).label(Monthly), "2026-03");
    assert_eq!(p(d(2026, 7, 1), d(2026, 9, 30)).label(Quarterly), "2026-Q3");
    assert_eq!(
        p(d(2026, 7, 1), d(2026, 12, 31)).label(SemiAnnual),
        "2026-H2"
    );
    assert_eq!(p(d(2028, 1, 1), d(2028, 12, 31)).label(Annual), "2028");
    for f in Frequency::ALL {
        for period in periods_between(*f, d(2026, 1, 1), d(2028, 12, 31)) {
            let label = period.label(*f);
            assert_eq!(Period::parse_label(*f, &label), Ok(period), "{label}");
        }
    }
}

#[test]
fn frequency_is_inferred_from_the_length() {
    assert_eq!(
        p(d(2028, 2, 1), d(2028, 2, 29)).frequency_of(),
        Some(Monthly)
    );
    assert_eq!(
        p(d(2026, 10, 1), d(2026, 12, 31)).frequency_of(),
        Some(Quarterly)
    );
    assert_eq!(
        p(d(2026, 1, 1), d(2026, 6, 30)).frequency_of(),
        Some(SemiAnnual)
    );
    assert_eq!(
        p(d(2026, 1, 1), d(2026, 12, 31)).frequency_of(),
        Some(Annual)
    );
    // Two months, or a quarter-length span that is not a calendar quarter: none.
    assert_eq!(p(d(2026, 1, 1), d(2026, 2, 28)).frequency_of(), None);
    assert_eq!(p(d(2026, 2, 1), d(2026, 4, 30)).frequency_of(), None);
}

#[test]
fn next_crosses_month_and_year_boundaries() {
    let jan = Period::parse_label(Monthly, "2028-01").unwrap();
    assert_eq!(jan.next(Monthly), p(d(2028, 2, 1), d(2028, 2, 29)));
    let dec = Period::parse_label(Monthly, "2026-12").unwrap();
    assert_eq!(dec.next(Monthly), p(d(2027, 1, 1), d(2027, 1, 31)));
    let q4 = Period::parse_label(Quarterly, "2026-Q4").unwrap();
    assert_eq!(q4.next(Quarterly), p(d(2027, 1, 1), d(2027, 3, 31)));
    let h2 = Period::parse_label(SemiAnnual, "2027-H2").unwrap();
    assert_eq!(h2.next(SemiAnnual), p(d(2028, 1, 1), d(2028, 6, 30)));
    let y = Period::parse_label(Annual, "2026").unwrap();
    assert_eq!(y.next(Annual), p(d(2027, 1, 1), d(2027, 12, 31)));
}

#[test]
fn year_contains_and_is_closed() {
    let q4 = Period::parse_label(Quarterly, "2026-Q4").unwrap();
    assert_eq!(q4.year(), 2026);
    assert!(q4.contains(d(2026, 10, 1)));
    assert!(q4.contains(d(2026, 12, 31)));
    assert!(!q4.contains(d(2026, 9, 30)));
    assert!(!q4.contains(d(2027, 1, 1)));
    // Closed only once its last day is in the past.
    assert!(!q4.is_closed(d(2026, 12, 31)));
    assert!(q4.is_closed(d(2027, 1, 1)));
}

#[test]
fn periods_are_ordered_by_start() {
    let mut periods = [
        Period::parse_label(Quarterly, "2027-Q1").unwrap(),
        Period::parse_label(Quarterly, "2026-Q4").unwrap(),
        Period::parse_label(Quarterly, "2026-Q2").unwrap(),
    ];
    periods.sort();
    let labels: Vec<String> = periods.iter().map(|x| x.label(Quarterly)).collect();
    assert_eq!(labels, ["2026-Q2", "2026-Q4", "2027-Q1"]);
}

#[test]
fn periods_between_includes_from_s_period_and_only_whole_periods_up_to_to() {
    // From mid-February: February's period is included even though it starts earlier.
    // To 2026-05-30: May ends on the 31st, so May is not included.
    let months = periods_between(Monthly, d(2026, 2, 15), d(2026, 5, 30));
    let labels: Vec<String> = months.iter().map(|x| x.label(Monthly)).collect();
    assert_eq!(labels, ["2026-02", "2026-03", "2026-04"]);
    // To exactly a period end includes that period.
    assert_eq!(
        periods_between(Monthly, d(2026, 2, 15), d(2026, 5, 31)).len(),
        4
    );
    // Across a year boundary.
    let quarters = periods_between(Quarterly, d(2026, 10, 1), d(2027, 6, 30));
    let labels: Vec<String> = quarters.iter().map(|x| x.label(Quarterly)).collect();
    assert_eq!(labels, ["2026-Q4", "2027-Q1", "2027-Q2"]);
    // The whole program: 36 months, 12 quarters, 6 halves, 3 years.
    let counts: Vec<usize> = Frequency::ALL
        .iter()
        .map(|f| periods_between(*f, d(2026, 1, 1), d(2028, 12, 31)).len())
        .collect();
    assert_eq!(counts, [36, 12, 6, 3]);
}

#[test]
fn periods_between_is_empty_when_nothing_fits() {
    assert!(periods_between(Monthly, d(2026, 5, 1), d(2026, 4, 30)).is_empty());
    // The period of `from` has not ended by `to`.
    assert!(periods_between(Annual, d(2026, 1, 1), d(2026, 12, 30)).is_empty());
}

#[test]
fn closed_periods_are_those_ended_before_today() {
    let (start, end) = (d(2026, 1, 1), d(2028, 12, 31));
    // On 31 March Q1 is still open (end == today); on 1 April it has closed.
    assert!(closed_periods(Quarterly, start, end, d(2026, 3, 31)).is_empty());
    assert_eq!(
        closed_periods(Quarterly, start, end, d(2026, 4, 1)),
        [p(d(2026, 1, 1), d(2026, 3, 31))]
    );
    // On 1 March 2028, Jan 2026 .. Feb 2028 are closed: 12 + 12 + 2 = 26 months, the last
    // one ending on the leap day.
    let months = closed_periods(Monthly, start, end, d(2028, 3, 1));
    assert_eq!(months.len(), 26);
    assert_eq!(months.last().map(|x| x.end()), Some(d(2028, 2, 29)));
    // After the program, every period of the program and none beyond it.
    assert_eq!(
        closed_periods(SemiAnnual, start, end, d(2030, 1, 1)).len(),
        6
    );
    // Before the program: none; and the earliest representable day does not panic.
    assert!(closed_periods(Monthly, start, end, d(2025, 6, 1)).is_empty());
    assert!(closed_periods(Monthly, start, end, NaiveDate::MIN).is_empty());
}
