//! Numbers and dates as people read them, per locale (English `1,234.5`, Indonesian `1.234,5`).

use chrono::{Datelike, NaiveDate};

use crate::domain::kinds::Frequency;
use crate::domain::period::Period;
pub use crate::i18n::Locale;

/// Formats a number with a fixed number of decimals and the locale's separators.
pub fn number(value: f64, decimals: u8, locale: Locale) -> String {
    if !value.is_finite() {
        return "–".to_string();
    }
    let text = fixed(value.abs(), decimals);
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

/// Writes `value` with exactly `decimals` decimals and a `.` point, digit for digit what
/// `format!("{:.*}", decimals, value)` writes.
///
/// The standard formatter's exact mode often falls back to its slow big-number algorithm;
/// dashboards write thousands of figures and chart coordinates per page, so the common case
/// (a magnitude below 10^12 once scaled, not within a hair of a rounding tie) is rounded in
/// integers here. The scaled product differs from the exact decimal by at most half a unit in
/// its last place (< 1.3e-4 below 10^12); when the fraction lies within 10^-3 of a tie, the
/// standard formatter decides.
pub fn fixed(value: f64, decimals: u8) -> String {
    const LIMIT: f64 = 1e12;
    let scale = 10f64.powi(i32::from(decimals));
    let scaled = value.abs() * scale;
    if decimals > 9 || !scaled.is_finite() || scaled >= LIMIT {
        return format!("{:.*}", usize::from(decimals), value);
    }
    let floor = scaled.floor();
    let fraction = scaled - floor;
    if (fraction - 0.5).abs() < 1e-3 {
        return format!("{:.*}", usize::from(decimals), value);
    }
    // Exact: floor < 10^12 < 2^53, so the cast and the +1 lose nothing.
    let rounded = floor as u64 + u64::from(fraction > 0.5);
    let digits = rounded.to_string();
    let decimals = usize::from(decimals);
    let mut text = String::with_capacity(digits.len() + decimals + 3);
    // The standard formatter keeps the sign of a negative value even when it rounds to zero.
    if value.is_sign_negative() {
        text.push('-');
    }
    if digits.len() <= decimals {
        text.push('0');
        if decimals > 0 {
            text.push('.');
            text.extend(std::iter::repeat_n('0', decimals - digits.len()));
        }
        text.push_str(&digits);
    } else {
        let (whole, fraction) = digits.split_at(digits.len() - decimals);
        text.push_str(whole);
        if decimals > 0 {
            text.push('.');
            text.push_str(fraction);
        }
    }
    text
}

/// Short month names.
fn month_name(month0: u32, locale: Locale) -> &'static str {
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
    months[month0 as usize % 12]
}

/// A date as `29 Nov 2026` (English) or `29 Nov 2026` with Indonesian month names.
pub fn date(value: NaiveDate, locale: Locale) -> String {
    format!(
        "{} {} {}",
        value.day(),
        month_name(value.month0(), locale),
        value.year()
    )
}

/// A month as `Oct 2026` / `Okt 2026`.
pub fn month(value: NaiveDate, locale: Locale) -> String {
    format!("{} {}", month_name(value.month0(), locale), value.year())
}

/// A reporting period as people name it: `Oct 2026`, `Q3 2026`, `H1 2026`, `2026` in English;
/// `Okt 2026`, `TW III 2026` (triwulan), `Semester I 2026`, `2026` in Indonesian.
pub fn period(period: &Period, frequency: Frequency, locale: Locale) -> String {
    const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];
    let start = period.start();
    let year = start.year();
    match (frequency, locale) {
        (Frequency::Monthly, _) => month(start, locale),
        (Frequency::Quarterly, Locale::En) => format!("Q{} {year}", start.month0() / 3 + 1),
        (Frequency::Quarterly, Locale::Id) => {
            format!("TW {} {year}", ROMAN[(start.month0() / 3) as usize])
        }
        (Frequency::SemiAnnual, Locale::En) => format!("H{} {year}", start.month0() / 6 + 1),
        (Frequency::SemiAnnual, Locale::Id) => {
            format!("Semester {} {year}", ROMAN[(start.month0() / 6) as usize])
        }
        (Frequency::Annual, _) => year.to_string(),
    }
}

/// A share (0–1) as a whole percentage: `84%`.
pub fn percent(share: f64, locale: Locale) -> String {
    format!("{}%", number(share * 100.0, 0, locale))
}

/// A figure and its unit, the one way every page writes them: "50.4 %", "609 GJ/t Ni",
/// "7.3 % units". The unit is the indicator's own (a percentage's unit holds its "%"), so
/// nothing else may append a "%" or a unit to a figure. No unit, or no figure ("—"): the
/// figure alone.
pub fn with_unit(figure: &str, unit: &str) -> String {
    let unit = unit.trim();
    if unit.is_empty() || figure == "—" || figure == "–" || figure.is_empty() {
        figure.to_string()
    } else {
        format!("{figure} {unit}")
    }
}

/// The unit of one period's value. An indicator whose unit is a yearly rate ("count/yr",
/// "IDR bn/yr": its targets are per year) but that is reported each month, quarter or
/// half-year is reported per period: "count per quarter", never "count/yr" for one quarter
/// (which invites a yearly figure that is then counted four times). Other units, and yearly
/// indicators, are unchanged.
pub fn period_unit(unit: &str, frequency: Frequency, locale: Locale) -> String {
    let base = unit
        .trim()
        .strip_suffix("/yr")
        .or_else(|| unit.trim().strip_suffix("/year"))
        .or_else(|| unit.trim().strip_suffix("/thn"))
        .map(str::trim_end);
    let Some(per) = locale.strings().per_period(frequency) else {
        return unit.to_string();
    };
    match base {
        Some(base) if !base.is_empty() => format!("{base} {per}"),
        _ => unit.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_unit_is_written_once_beside_its_figure() {
        assert_eq!(with_unit("50.4", "%"), "50.4 %");
        assert_eq!(with_unit("7.3", "% units"), "7.3 % units");
        assert_eq!(with_unit("609", "GJ/t Ni"), "609 GJ/t Ni");
        assert_eq!(with_unit("—", "%"), "—");
        assert_eq!(with_unit("0.75", ""), "0.75");
    }

    #[test]
    fn a_yearly_unit_reads_per_period_for_shorter_periods() {
        assert_eq!(
            period_unit("count/yr", Frequency::Quarterly, Locale::En),
            "count per quarter"
        );
        assert_eq!(
            period_unit("count/yr", Frequency::Quarterly, Locale::Id),
            "count per triwulan"
        );
        assert_eq!(
            period_unit("IDR bn/yr", Frequency::Monthly, Locale::En),
            "IDR bn per month"
        );
        assert_eq!(
            period_unit("IDR bn/yr", Frequency::SemiAnnual, Locale::Id),
            "IDR bn per semester"
        );
        assert_eq!(
            period_unit("count/yr", Frequency::Annual, Locale::En),
            "count/yr"
        );
        assert_eq!(period_unit("%", Frequency::Quarterly, Locale::En), "%");
        assert_eq!(
            period_unit("GJ/t Ni", Frequency::Monthly, Locale::En),
            "GJ/t Ni"
        );
    }

    #[test]
    fn fixed_writes_what_the_standard_formatter_writes() {
        // Ties, near-ties, zero, negative zero, tiny and large magnitudes, and a stream of
        // pseudo-random values at every precision the catalogue uses.
        let mut values = vec![
            0.0,
            -0.0,
            0.5,
            1.5,
            2.5,
            0.05,
            0.15,
            0.25,
            0.285,
            1.005,
            2.675,
            1.45,
            -1.45,
            0.049_999_999,
            999.95,
            999.949_999,
            9.999_999,
            1e-9,
            -1e-9,
            123_456_789.125,
            99_999_999_999.99,
            1e12,
            1.5e13,
            577.804_682_027_649_7,
            -0.04,
            63_000.0,
        ];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..40_000 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            let mantissa = (state >> 11) as f64 / (1u64 << 53) as f64;
            let exponent = ((state >> 3) % 16) as i32 - 5;
            let sign = if state & 1 == 0 { 1.0 } else { -1.0 };
            values.push(sign * mantissa * 10f64.powi(exponent));
            // Values on a decimal grid, where ties live.
            values.push(((state >> 20) % 2_000_000) as f64 / 1000.0);
        }
        for value in values {
            for decimals in 0..=4u8 {
                assert_eq!(
                    fixed(value, decimals),
                    format!("{:.*}", usize::from(decimals), value),
                    "{value:e} at {decimals} decimals"
                );
            }
        }
    }

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
    fn periods_and_shares_per_locale() {
        let q3 = Period::parse_label(Frequency::Quarterly, "2026-Q3").unwrap();
        assert_eq!(period(&q3, Frequency::Quarterly, Locale::En), "Q3 2026");
        assert_eq!(period(&q3, Frequency::Quarterly, Locale::Id), "TW III 2026");
        let oct = Period::parse_label(Frequency::Monthly, "2026-10").unwrap();
        assert_eq!(period(&oct, Frequency::Monthly, Locale::En), "Oct 2026");
        assert_eq!(period(&oct, Frequency::Monthly, Locale::Id), "Okt 2026");
        let h2 = Period::parse_label(Frequency::SemiAnnual, "2026-H2").unwrap();
        assert_eq!(period(&h2, Frequency::SemiAnnual, Locale::En), "H2 2026");
        assert_eq!(
            period(&h2, Frequency::SemiAnnual, Locale::Id),
            "Semester II 2026"
        );
        let year = Period::parse_label(Frequency::Annual, "2027").unwrap();
        assert_eq!(period(&year, Frequency::Annual, Locale::Id), "2027");
        assert_eq!(percent(0.8437, Locale::En), "84%");
        assert_eq!(percent(1.0, Locale::Id), "100%");
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
