//! Calendar periods aligned to a reporting frequency.
//!
//! A period is a month, a calendar quarter, a half-year (Jan–Jun, Jul–Dec) or a calendar
//! year, with both ends inclusive. A `Period` value is always a whole calendar period, so
//! code past the edge never sees a misaligned one.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::domain::kinds::Frequency;

/// A reporting period: `start` and `end` are both inclusive and aligned to a frequency.
///
/// Ordered by start, then end.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Period {
    start: NaiveDate,
    end: NaiveDate,
}

/// Why a period could not be built or parsed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    /// The start date is not the first day of a period of the frequency.
    #[error("period start {start} is not the first day of a {}", noun(*frequency))]
    StartNotAligned {
        /// The start date given.
        start: NaiveDate,
        /// The frequency the period was checked against.
        frequency: Frequency,
    },
    /// The start is aligned but the end is not the last day of that period.
    #[error("period end {end} does not match its start: the period ends on {expected}")]
    EndMismatch {
        /// The end date given.
        end: NaiveDate,
        /// The last day of the period that starts on the given start date.
        expected: NaiveDate,
    },
    /// The text is not a period label of the frequency.
    #[error("\"{label}\" is not a {} label; expected e.g. {}", noun(*frequency), example(*frequency))]
    InvalidLabel {
        /// The text given.
        label: String,
        /// The frequency whose label format was expected.
        frequency: Frequency,
    },
}

/// What one period of the frequency is called, for messages.
fn noun(frequency: Frequency) -> &'static str {
    match frequency {
        Frequency::Monthly => "month",
        Frequency::Quarterly => "quarter",
        Frequency::SemiAnnual => "half-year",
        Frequency::Annual => "year",
    }
}

/// A sample label of the frequency, for messages.
fn example(frequency: Frequency) -> &'static str {
    match frequency {
        Frequency::Monthly => "2026-03",
        Frequency::Quarterly => "2026-Q1",
        Frequency::SemiAnnual => "2026-H2",
        Frequency::Annual => "2026",
    }
}

fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Builds a date that is known to exist.
///
/// Only called with the year of an existing `NaiveDate` (chrono's range covers whole years),
/// a month in 1..=12 and a day within that month, so the `expect` cannot fire.
fn calendar_date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day)
        .expect("year of an existing date, month 1..=12 and day within the month")
}

impl Period {
    /// The period of the frequency that contains `date`.
    pub fn containing(frequency: Frequency, date: NaiveDate) -> Period {
        let months = frequency.months();
        let year = date.year();
        // Periods never cross a year boundary, so both ends share the date's year.
        let first_month = (date.month0() / months) * months + 1;
        let last_month = first_month + months - 1;
        Period {
            start: calendar_date(year, first_month, 1),
            end: calendar_date(year, last_month, days_in_month(year, last_month)),
        }
    }

    /// Checks that `start..=end` is exactly one period of the frequency.
    pub fn new(
        frequency: Frequency,
        start: NaiveDate,
        end: NaiveDate,
    ) -> Result<Period, PeriodError> {
        let aligned = Period::containing(frequency, start);
        if aligned.start != start {
            return Err(PeriodError::StartNotAligned { start, frequency });
        }
        if aligned.end != end {
            return Err(PeriodError::EndMismatch {
                end,
                expected: aligned.end,
            });
        }
        Ok(aligned)
    }

    /// Parses a label: `2026-03` (monthly), `2026-Q1` (quarterly), `2026-H2` (semi-annual),
    /// `2026` (annual).
    ///
    /// Surrounding whitespace and a lower-case `q`/`h` are accepted; the year has four digits.
    pub fn parse_label(frequency: Frequency, label: &str) -> Result<Period, PeriodError> {
        let invalid = || PeriodError::InvalidLabel {
            label: label.to_owned(),
            frequency,
        };
        let text = label.trim();
        let (year_text, rest) = match text.split_once('-') {
            Some((year, rest)) => (year, Some(rest)),
            None => (text, None),
        };
        let year = parse_digits(year_text, 4).ok_or_else(invalid)?;
        let first_month = match (frequency, rest) {
            (Frequency::Annual, None) => 1,
            (Frequency::Monthly, Some(month)) => parse_digits(month, 2)
                .filter(|m| (1..=12).contains(m))
                .ok_or_else(invalid)?,
            (Frequency::Quarterly, Some(quarter)) => quarter
                .strip_prefix(['Q', 'q'])
                .and_then(|n| parse_digits(n, 1))
                .filter(|q| (1..=4).contains(q))
                .map(|q| (q - 1) * 3 + 1)
                .ok_or_else(invalid)?,
            (Frequency::SemiAnnual, Some(half)) => half
                .strip_prefix(['H', 'h'])
                .and_then(|n| parse_digits(n, 1))
                .filter(|h| (1..=2).contains(h))
                .map(|h| (h - 1) * 6 + 1)
                .ok_or_else(invalid)?,
            _ => return Err(invalid()),
        };
        let year = i32::try_from(year).map_err(|_| invalid())?;
        let start = NaiveDate::from_ymd_opt(year, first_month, 1).ok_or_else(invalid)?;
        Ok(Period::containing(frequency, start))
    }

    /// The label of this period for the frequency; the inverse of [`Period::parse_label`]
    /// for years 0–9999.
    ///
    /// The label is taken from the start date, so a period of another frequency gets the
    /// label of the `frequency` period it starts in.
    pub fn label(&self, frequency: Frequency) -> String {
        let year = self.start.year();
        let month = self.start.month();
        match frequency {
            Frequency::Monthly => format!("{year:04}-{month:02}"),
            Frequency::Quarterly => format!("{year:04}-Q{}", (month - 1) / 3 + 1),
            Frequency::SemiAnnual => format!("{year:04}-H{}", (month - 1) / 6 + 1),
            Frequency::Annual => format!("{year:04}"),
        }
    }

    /// The frequency this period is one period of, inferred from its length.
    pub fn frequency_of(&self) -> Option<Frequency> {
        Frequency::ALL
            .iter()
            .copied()
            .find(|f| Period::containing(*f, self.start) == *self)
    }

    /// First day (inclusive).
    pub fn start(&self) -> NaiveDate {
        self.start
    }

    /// Last day (inclusive).
    pub fn end(&self) -> NaiveDate {
        self.end
    }

    /// The period of the frequency that follows this one.
    ///
    /// Saturates: for the last period chrono can represent (December of year 262143) it
    /// returns that period again rather than panicking.
    pub fn next(&self, frequency: Frequency) -> Period {
        match self.end.succ_opt() {
            Some(day_after) => Period::containing(frequency, day_after),
            None => Period::containing(frequency, self.end),
        }
    }

    /// The calendar year of the period (year of its start).
    pub fn year(&self) -> i32 {
        self.start.year()
    }

    /// Whether the period is over: its last day is before `today`.
    pub fn is_closed(&self, today: NaiveDate) -> bool {
        self.end < today
    }

    /// Whether `date` falls within the period (ends inclusive).
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }
}

/// Parses exactly `len` ASCII digits.
fn parse_digits(text: &str, len: usize) -> Option<u32> {
    if text.len() != len || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Every period of the frequency from the one containing `from` up to the last one that
/// ends on or before `to`, in order. Empty when `from` is after `to`.
pub fn periods_between(frequency: Frequency, from: NaiveDate, to: NaiveDate) -> Vec<Period> {
    let mut periods = Vec::new();
    let mut period = Period::containing(frequency, from);
    while period.end <= to {
        periods.push(period);
        match period.end.succ_opt() {
            Some(day_after) => period = Period::containing(frequency, day_after),
            None => break,
        }
    }
    periods
}

/// The periods of the program (`program_start..=program_end`, see [`periods_between`])
/// that have closed by `today`, i.e. whose last day is before `today`.
pub fn closed_periods(
    frequency: Frequency,
    program_start: NaiveDate,
    program_end: NaiveDate,
    today: NaiveDate,
) -> Vec<Period> {
    // Closed means end < today, i.e. end <= yesterday; bounding `to` keeps the walk short.
    match today.pred_opt() {
        Some(yesterday) => periods_between(frequency, program_start, program_end.min(yesterday)),
        None => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
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
}
