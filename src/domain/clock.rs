//! Where "now" and "today" come from, so that rules depending on the date can be tested.
//!
//! One clock decides: every expiry (sessions, API tokens, throttling windows) and every
//! recorded moment that a rule later reads (when a report was submitted or reviewed, when a
//! session was last seen) is taken from the injected [`Clock`] and passed to the store as a
//! parameter — never from SQL `now()` or a stray `Utc::now()` — so that a pinned "today" and
//! the moments compared with it always agree. So are the times a rule or an ordering reads
//! back: when a token was revoked, when an organisation, pillar, indicator or assignment was
//! archived, when someone last signed in, an observation's `created_at` and `updated_at`
//! (which order reports without a submission or review time). Bookkeeping times that no rule
//! compares with "today" (other rows' `updated_at`, a revision's or audit entry's time) are
//! the database's own clock, and so is the retention of idempotency keys, whose age is
//! compared with the database's `now()` on both sides.

use chrono::{DateTime, NaiveDate, Utc};

/// The source of the current moment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Clock {
    /// The system clock, read in UTC.
    ///
    /// The park runs on WIT (UTC+9), so between 00:00 and 09:00 WIT this is still yesterday's
    /// date there. That is accepted: a report period closing a few hours "late" changes no
    /// figure, and UTC keeps the server independent of its local time-zone setting.
    System,
    /// A fixed date, for tests and demonstrations. The time of day still runs with the
    /// system clock, so that durations within a day (session idle time, throttling windows)
    /// behave as they would on that date; at the system's midnight "now" goes back to the
    /// start of the same pinned day.
    Fixed(NaiveDate),
}

impl Clock {
    /// Today's date according to this clock.
    pub fn today(&self) -> NaiveDate {
        match self {
            Clock::System => Utc::now().date_naive(),
            Clock::Fixed(date) => *date,
        }
    }

    /// Today's date in a time zone `offset` from UTC (the park's day, for the daily
    /// notifications): on a fixed date, that date, whatever the time of day.
    pub fn today_in(&self, offset: chrono::FixedOffset) -> NaiveDate {
        match self {
            Clock::System => Utc::now().with_timezone(&offset).date_naive(),
            Clock::Fixed(date) => *date,
        }
    }

    /// The current moment according to this clock: on a fixed date, that date at the
    /// system's time of day.
    pub fn now(&self) -> DateTime<Utc> {
        let real = Utc::now();
        match self {
            Clock::System => real,
            Clock::Fixed(date) => date.and_time(real.time()).and_utc(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_clock_returns_its_date() {
        let date = NaiveDate::from_ymd_opt(2026, 2, 28).unwrap();
        assert_eq!(Clock::Fixed(date).today(), date);
        assert_eq!(Clock::Fixed(date).now().date_naive(), date);
    }

    #[test]
    fn system_clock_returns_the_utc_date() {
        // Read the UTC date on both sides so the test holds even across midnight.
        let before = Utc::now();
        let today = Clock::System.today();
        let now = Clock::System.now();
        let after = Utc::now();
        assert!(before.date_naive() <= today && today <= after.date_naive());
        assert!(before <= now && now <= after);
    }
}
