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

/// A period label of any frequency — `2026-10` (a month), `2026-Q3`, `2026-H1`, `2026` —
/// with the frequency it was read as (the shortest that reads it).
pub fn parse_any_label(label: &str) -> Option<(Period, Frequency)> {
    Frequency::ALL
        .iter()
        .find_map(|f| Period::parse_label(*f, label).ok().map(|p| (p, *f)))
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
mod tests;
