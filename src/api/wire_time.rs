//! How the API writes dates and instants: exactly the text chrono's own serde writes
//! (`2026-10-05`, `2026-10-05T03:04:05.123456Z`), put together in a stack buffer.
//!
//! chrono serialises through `collect_str`, which drives its formatter one character at a
//! time into serde_json's escaping writer; in a page of 100 observations (five instants and
//! two dates each) that was a fifth of the request's instructions (`benches/request_cost.sh`).
//! Anything outside the four-digit years, and a leap second, goes to chrono as before, so the
//! text never differs (the unit tests compare the two).

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use serde::{Serialize, Serializer};

use crate::domain::kinds::Frequency;

/// The label of a stored period (its frequency's label; the dates when they are not one period).
pub fn period_label(frequency: Frequency, start: NaiveDate, end: NaiveDate) -> String {
    match crate::domain::period::Period::new(frequency, start, end) {
        Ok(period) => period.label(frequency),
        Err(_) => format!("{start}/{end}"),
    }
}

/// `#[serde(serialize_with = "wire_time::instant")]` on a `DateTime<Utc>`.
pub fn instant<S: Serializer>(at: &DateTime<Utc>, serializer: S) -> Result<S::Ok, S::Error> {
    let mut buffer = [0u8; 30];
    match write_instant(at, &mut buffer) {
        Some(text) => serializer.serialize_str(text),
        None => at.serialize(serializer),
    }
}

/// `#[serde(serialize_with = "wire_time::optional_instant")]` on an `Option<DateTime<Utc>>`.
pub fn optional_instant<S: Serializer>(
    at: &Option<DateTime<Utc>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match at {
        Some(at) => instant(at, serializer),
        None => serializer.serialize_none(),
    }
}

/// `#[serde(serialize_with = "wire_time::date")]` on a `NaiveDate`.
pub fn date<S: Serializer>(day: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
    let mut buffer = [0u8; 10];
    match write_date(*day, &mut buffer) {
        Some(()) => serializer.serialize_str(ascii(&buffer)),
        None => day.serialize(serializer),
    }
}

/// `YYYY-MM-DD` into the buffer, or `None` for a year chrono writes with a sign.
fn write_date(day: NaiveDate, out: &mut [u8; 10]) -> Option<()> {
    let year = u32::try_from(day.year()).ok().filter(|y| *y <= 9999)?;
    digits(&mut out[0..4], year);
    out[4] = b'-';
    digits(&mut out[5..7], day.month());
    out[7] = b'-';
    digits(&mut out[8..10], day.day());
    Some(())
}

/// RFC 3339 with `Z` and chrono's `SecondsFormat::AutoSi` fraction (none, or 3, 6 or 9
/// digits, the fewest that keep the value), or `None` where chrono must write it.
fn write_instant<'b>(at: &DateTime<Utc>, out: &'b mut [u8; 30]) -> Option<&'b str> {
    let naive = at.naive_utc();
    let nanos = naive.nanosecond();
    if nanos >= 1_000_000_000 {
        return None;
    }
    let mut day = [0u8; 10];
    write_date(naive.date(), &mut day)?;
    out[..10].copy_from_slice(&day);
    out[10] = b'T';
    digits(&mut out[11..13], naive.hour());
    out[13] = b':';
    digits(&mut out[14..16], naive.minute());
    out[16] = b':';
    digits(&mut out[17..19], naive.second());
    let mut end = 19;
    let (fraction, width) = if nanos == 0 {
        (0, 0)
    } else if nanos % 1_000_000 == 0 {
        (nanos / 1_000_000, 3)
    } else if nanos % 1_000 == 0 {
        (nanos / 1_000, 6)
    } else {
        (nanos, 9)
    };
    if width > 0 {
        out[end] = b'.';
        digits(&mut out[end + 1..end + 1 + width], fraction);
        end += 1 + width;
    }
    out[end] = b'Z';
    Some(ascii(&out[..=end]))
}

/// `value` as decimal digits filling `out`, zero-padded on the left.
fn digits(out: &mut [u8], mut value: u32) {
    for place in out.iter_mut().rev() {
        // `value % 10` is below 10: the cast cannot truncate.
        *place = b'0' + (value % 10) as u8;
        value /= 10;
    }
}

fn ascii(bytes: &[u8]) -> &str {
    // Only ASCII digits and separators are written above.
    std::str::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[derive(Serialize)]
    struct Ours {
        #[serde(serialize_with = "instant")]
        at: DateTime<Utc>,
        #[serde(serialize_with = "optional_instant")]
        maybe: Option<DateTime<Utc>>,
        #[serde(serialize_with = "date")]
        day: NaiveDate,
    }

    #[derive(Serialize)]
    struct Chronos {
        at: DateTime<Utc>,
        maybe: Option<DateTime<Utc>>,
        day: NaiveDate,
    }

    fn same_text(at: DateTime<Utc>, day: NaiveDate) {
        for maybe in [None, Some(at)] {
            let ours = serde_json::to_string(&Ours { at, maybe, day }).unwrap();
            let chronos = serde_json::to_string(&Chronos { at, maybe, day }).unwrap();
            assert_eq!(ours, chronos);
        }
    }

    #[test]
    fn instants_and_dates_read_exactly_as_chrono_writes_them() {
        let base = Utc.with_ymd_and_hms(2026, 10, 5, 3, 4, 5).unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 1, 31).unwrap();
        // Every fraction width: none, milli, micro (PostgreSQL's), nano.
        for nanos in [
            0,
            1,
            999,
            1_000,
            120_000,
            123_456_000,
            5_000_000,
            999_999_999,
        ] {
            same_text(base + chrono::Duration::nanoseconds(nanos), day);
        }
        // Midnight, the end of a year, small and large four-digit years.
        same_text(
            Utc.with_ymd_and_hms(2028, 12, 31, 23, 59, 59).unwrap(),
            NaiveDate::from_ymd_opt(9999, 12, 31).unwrap(),
        );
        same_text(
            Utc.with_ymd_and_hms(7, 2, 1, 0, 0, 0).unwrap(),
            NaiveDate::from_ymd_opt(1, 1, 1).unwrap(),
        );
    }

    #[test]
    fn years_chrono_writes_with_a_sign_and_leap_seconds_are_left_to_chrono() {
        same_text(
            Utc.with_ymd_and_hms(12_345, 6, 7, 8, 9, 10).unwrap(),
            NaiveDate::from_ymd_opt(-44, 3, 15).unwrap(),
        );
        let leap = NaiveDate::from_ymd_opt(2016, 12, 31)
            .unwrap()
            .and_hms_nano_opt(23, 59, 59, 1_500_000_000)
            .unwrap()
            .and_utc();
        same_text(leap, NaiveDate::from_ymd_opt(10_000, 1, 1).unwrap());
    }
}
