//! Numbers and dates as people read them, per locale (English `1,234.5`, Indonesian `1.234,5`).

use chrono::{Datelike, NaiveDate};

/// The languages of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Locale {
    En,
    Id,
}

/// Formats a number with a fixed number of decimals and the locale's separators.
pub fn number(value: f64, decimals: u8, locale: Locale) -> String {
    if !value.is_finite() {
        return "–".to_string();
    }
    let text = format!("{:.*}", usize::from(decimals), value.abs());
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let (group, point) = match locale {
        Locale::En => (',', '.'),
        Locale::Id => ('.', ','),
    };
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3 + fraction.len() + 2);
    // "-0.0" would read as a negative nothing; only a non-zero rounded value keeps its sign.
    if value < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        grouped.push('-');
    }
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(group);
        }
        grouped.push(digit);
    }
    if !fraction.is_empty() {
        grouped.push(point);
        grouped.push_str(fraction);
    }
    grouped
}

/// A date as `29 Nov 2026` (English) or `29 Nov 2026` with Indonesian month names.
pub fn date(value: NaiveDate, locale: Locale) -> String {
    const EN: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    const ID: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des",
    ];
    let months = match locale {
        Locale::En => EN,
        Locale::Id => ID,
    };
    format!(
        "{} {} {}",
        value.day(),
        months[value.month0() as usize],
        value.year()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands_per_locale() {
        assert_eq!(number(1234.5, 1, Locale::En), "1,234.5");
        assert_eq!(number(1234.5, 1, Locale::Id), "1.234,5");
        assert_eq!(number(63000.0, 0, Locale::En), "63,000");
        assert_eq!(number(1_234_567.891, 2, Locale::En), "1,234,567.89");
        assert_eq!(number(999.0, 0, Locale::En), "999");
        assert_eq!(number(0.27, 2, Locale::Id), "0,27");
    }

    #[test]
    fn negative_values_and_rounding_to_zero() {
        assert_eq!(number(-1234.0, 0, Locale::En), "-1,234");
        assert_eq!(number(-0.01, 1, Locale::En), "0.0");
        assert_eq!(number(f64::NAN, 1, Locale::En), "–");
    }

    #[test]
    fn dates_per_locale() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        assert_eq!(date(d, Locale::En), "29 Nov 2026");
        assert_eq!(
            date(NaiveDate::from_ymd_opt(2026, 8, 5).unwrap(), Locale::Id),
            "5 Agu 2026"
        );
    }
}
