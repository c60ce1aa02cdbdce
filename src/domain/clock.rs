//! Where "today" comes from, so that rules depending on the date can be tested.

use chrono::NaiveDate;

/// The source of today's date.
///
/// Handlers ask the clock instead of calling `Utc::now()` themselves, so tests (and a demo
/// set to a date inside the program) can pin the date with [`Clock::Fixed`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Clock {
    /// The system clock, read as a UTC date.
    ///
    /// The park runs on WIT (UTC+9), so between 00:00 and 09:00 WIT this is still yesterday's
    /// date there. That is accepted: a report period closing a few hours "late" changes no
    /// figure, and UTC keeps the server independent of its local time-zone setting.
    System,
    /// A fixed date, for tests and demonstrations.
    Fixed(NaiveDate),
}

impl Clock {
    /// Today's date according to this clock.
    pub fn today(&self) -> NaiveDate {
        match self {
            Clock::System => chrono::Utc::now().date_naive(),
            Clock::Fixed(date) => *date,
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
    }

    #[test]
    fn system_clock_returns_the_utc_date() {
        // Read the UTC date on both sides so the test holds even across midnight.
        let before = chrono::Utc::now().date_naive();
        let today = Clock::System.today();
        let after = chrono::Utc::now().date_naive();
        assert!(before <= today && today <= after);
    }
}
