//! A number as a person types it into a form, read by the number convention of the form's
//! language: English writes one thousand three hundred and a half "1,300.5", Indonesian
//! "1.300,5". The one reader for every channel that takes typed text (the report form, the
//! period grid, the admin forms with numbers, any later import); the API keeps JSON numbers.
//! Pure code: the language is passed in as a [`NumberConvention`], never as an `i18n` type.
//!
//! The rules, for a convention whose group separator is G and decimal mark D (English: G `,`,
//! D `.`; Indonesian: G `.`, D `,`):
//!
//! * digits only (`1300`), optionally signed, are read as they are;
//! * a space (also a no-break, narrow no-break or thin space) separates groups of three digits
//!   in either language (`1 300,5` in Indonesian, `1 300.5` in English);
//! * G between groups of three digits, the first group 1–3 digits without a leading zero, and
//!   at most one D after them, is read as grouping: English `1,300` and `1,300.5`, Indonesian
//!   `1.300` and `1.300,5`;
//! * **ambiguous** (asked, not guessed): a single D followed by exactly three digits after an
//!   integer part that could also be a group of thousands — English `1.300`, `12.345`,
//!   Indonesian `1,300` — is read by the language (1.3, 12.345) and must be confirmed;
//! * a decimal point that cannot be a group separator (`1300.5`, `1.5`, `0.300`) is a decimal
//!   point in Indonesian too: "plain 1300.5 is accepted in both";
//! * a decimal comma is not English: `1300,5`, `1,5` or Indonesian-written `1.300,5` in the
//!   English form are read by the Indonesian convention (1300.5, 1.5, 1300.5) and must be
//!   confirmed; likewise English-written `1,300.5` in the Indonesian form;
//! * anything else (letters, exponents, `1,30,0`, empty groups, `inf`) is not a number.
//!
//! A reading that must be confirmed is [`Reading::Confirm`]: the form comes back with the input
//! kept, says how it would be read, and stores it only when posted again, unchanged, with the
//! confirmation.

/// How a language writes numbers: which mark separates the decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberConvention {
    /// `1,300.5` (English).
    DecimalPoint,
    /// `1.300,5` (Bahasa Indonesia).
    DecimalComma,
}

impl NumberConvention {
    fn group(self) -> char {
        match self {
            NumberConvention::DecimalPoint => ',',
            NumberConvention::DecimalComma => '.',
        }
    }

    fn decimal(self) -> char {
        match self {
            NumberConvention::DecimalPoint => '.',
            NumberConvention::DecimalComma => ',',
        }
    }

    fn other(self) -> NumberConvention {
        match self {
            NumberConvention::DecimalPoint => NumberConvention::DecimalComma,
            NumberConvention::DecimalComma => NumberConvention::DecimalPoint,
        }
    }
}

/// What a typed number was read as.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Reading {
    /// Unambiguous in the form's language.
    Exact(f64),
    /// Readable, but another reading is as likely (or the text is written the other
    /// language's way): this is the reading the form states, kept only once confirmed.
    Confirm(f64),
}

impl Reading {
    /// The number read, confirmed or not.
    pub fn value(self) -> f64 {
        match self {
            Reading::Exact(v) | Reading::Confirm(v) => v,
        }
    }
}

/// The text is not a number in either convention.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotANumber;

/// Whether `c` is a space people put between groups of digits.
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{00A0}' | '\u{202F}' | '\u{2009}')
}

/// The text split into digit runs and the separators between them, with its sign.
struct Shape {
    negative: bool,
    runs: Vec<String>,
    /// `seps[i]` lies between `runs[i]` and `runs[i + 1]`; spaces are `' '`.
    seps: Vec<char>,
}

fn shape(text: &str) -> Result<Shape, NotANumber> {
    let text = text.trim_matches(|c: char| c.is_whitespace());
    let (negative, body) = match text.chars().next() {
        Some('-' | '\u{2212}') => (true, &text[text.chars().next().map_or(0, char::len_utf8)..]),
        Some('+') => (false, &text[1..]),
        _ => (false, text),
    };
    let mut runs = vec![String::new()];
    let mut seps = Vec::new();
    for c in body.chars() {
        if c.is_ascii_digit() {
            runs.last_mut().expect("one run at least").push(c);
        } else if c == ',' || c == '.' || is_space(c) {
            seps.push(if is_space(c) { ' ' } else { c });
            runs.push(String::new());
        } else {
            return Err(NotANumber);
        }
    }
    // ".5" is "0.5"; no other run may be empty ("1,,2", "1.", "").
    if runs[0].is_empty() && seps.len() == 1 && seps[0] != ' ' {
        runs[0].push('0');
    }
    if runs.iter().any(String::is_empty) {
        return Err(NotANumber);
    }
    Ok(Shape {
        negative,
        runs,
        seps,
    })
}

/// Whether `runs` are groups of thousands: the first 1–3 digits without a leading zero, every
/// other exactly 3.
fn is_grouping(runs: &[String]) -> bool {
    let first = &runs[0];
    (1..=3).contains(&first.len())
        && !(first.len() > 1 && first.starts_with('0'))
        && !(runs.len() > 1 && first == "0")
        && runs[1..].iter().all(|r| r.len() == 3)
}

/// The number the shape is under a convention with group separator `group` (or spaces, never
/// both) and decimal mark `decimal`; `None` when it is not written that way.
fn interpret(shape: &Shape, group: Option<char>, decimal: char) -> Option<f64> {
    let (whole_runs, fraction, group_seps) = match shape.seps.last() {
        Some(&last) if last == decimal => (
            &shape.runs[..shape.runs.len() - 1],
            shape.runs.last().map(String::as_str),
            &shape.seps[..shape.seps.len() - 1],
        ),
        _ => (&shape.runs[..], None, &shape.seps[..]),
    };
    if let Some(&first) = group_seps.first() {
        let allowed = first == ' ' || Some(first) == group;
        if !allowed || group_seps.iter().any(|&s| s != first) || !is_grouping(whole_runs) {
            return None;
        }
    }
    let mut plain = String::new();
    if shape.negative {
        plain.push('-');
    }
    plain.extend(whole_runs.iter().map(String::as_str));
    if let Some(fraction) = fraction {
        plain.push('.');
        plain.push_str(fraction);
    }
    plain.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Reads `text` (not blank) by `convention`; see the module's rules.
pub fn read_number(text: &str, convention: NumberConvention) -> Result<Reading, NotANumber> {
    let shape = shape(text)?;
    let (group, decimal) = (convention.group(), convention.decimal());
    if let Some(value) = interpret(&shape, Some(group), decimal) {
        // One decimal mark and nothing else, three digits after it, and what comes before
        // could be a first group of thousands: "1.300" in English, "1,300" in Indonesian.
        let ambiguous = shape.seps == [decimal]
            && shape.runs[1].len() == 3
            && is_grouping(&shape.runs[..1])
            && shape.runs[0] != "0";
        return Ok(if ambiguous {
            Reading::Confirm(value)
        } else {
            Reading::Exact(value)
        });
    }
    // A decimal point that cannot be a group separator is one in every language.
    if convention == NumberConvention::DecimalComma
        && let Some(value) = interpret(&shape, None, '.')
    {
        return Ok(Reading::Exact(value));
    }
    let other = convention.other();
    interpret(&shape, Some(other.group()), other.decimal())
        .map(Reading::Confirm)
        .ok_or(NotANumber)
}

/// `x` as a form shows it for editing in `convention`: no grouping, the language's decimal
/// mark, and never in an ambiguous shape — three decimals after a short whole part get a
/// trailing zero (`12.3450`), so that posting the form unchanged reads back exactly `x`.
pub fn write_for_input(x: f64, convention: NumberConvention) -> String {
    let plain = format!("{x}");
    let Some((whole, fraction)) = plain.split_once('.') else {
        return plain;
    };
    let padding = if fraction.len() == 3 { "0" } else { "" };
    format!("{whole}{}{fraction}{padding}", convention.decimal())
}

#[cfg(test)]
mod tests {
    use super::NumberConvention::{DecimalComma as ID, DecimalPoint as EN};
    use super::*;

    /// The table of the issue: what is typed, in which form, and what is read.
    #[test]
    fn typed_numbers_in_both_languages() {
        use Reading::{Confirm, Exact};
        let table: &[(&str, NumberConvention, Result<Reading, NotANumber>)] = &[
            // Plain numbers, both languages.
            ("1300", EN, Ok(Exact(1300.0))),
            ("1300", ID, Ok(Exact(1300.0))),
            ("1300.5", EN, Ok(Exact(1300.5))),
            ("1300.5", ID, Ok(Exact(1300.5))),
            ("-3", EN, Ok(Exact(-3.0))),
            ("+7", ID, Ok(Exact(7.0))),
            ("\u{2212}2,5", ID, Ok(Exact(-2.5))),
            (" 42 ", EN, Ok(Exact(42.0))),
            ("0", ID, Ok(Exact(0.0))),
            (".5", EN, Ok(Exact(0.5))),
            (",5", ID, Ok(Exact(0.5))),
            // Each language's own grouping and decimals.
            ("1,300", EN, Ok(Exact(1300.0))),
            ("1,234", EN, Ok(Exact(1234.0))),
            ("1,300.5", EN, Ok(Exact(1300.5))),
            ("1,080,163", EN, Ok(Exact(1_080_163.0))),
            ("1.300", ID, Ok(Exact(1300.0))),
            ("1.300,5", ID, Ok(Exact(1300.5))),
            ("1.080.163", ID, Ok(Exact(1_080_163.0))),
            ("1300,5", ID, Ok(Exact(1300.5))),
            ("1,5", ID, Ok(Exact(1.5))),
            ("1,300.500", EN, Ok(Exact(1300.5))),
            ("1.300,500", ID, Ok(Exact(1300.5))),
            // Decimals that cannot be grouping are not ambiguous.
            ("0.300", EN, Ok(Exact(0.3))),
            ("0,300", ID, Ok(Exact(0.3))),
            ("1234.567", EN, Ok(Exact(1234.567))),
            ("1234,567", ID, Ok(Exact(1234.567))),
            ("1.30", ID, Ok(Exact(1.3))),
            ("1.5", ID, Ok(Exact(1.5))),
            ("12.3456", EN, Ok(Exact(12.3456))),
            // Spaces (plain, no-break, narrow no-break, thin) between groups, both languages.
            ("1 300", EN, Ok(Exact(1300.0))),
            ("1 300", ID, Ok(Exact(1300.0))),
            ("1\u{00A0}300.5", EN, Ok(Exact(1300.5))),
            ("1\u{202F}300,5", ID, Ok(Exact(1300.5))),
            ("1\u{2009}080\u{2009}163", ID, Ok(Exact(1_080_163.0))),
            // Ambiguous: one decimal mark, three digits, could be thousands → asked.
            ("1.300", EN, Ok(Confirm(1.3))),
            ("1,300", ID, Ok(Confirm(1.3))),
            ("12.345", EN, Ok(Confirm(12.345))),
            ("123,456", ID, Ok(Confirm(123.456))),
            ("-1.300", EN, Ok(Confirm(-1.3))),
            // The other language's way: read by it, asked.
            ("1300,5", EN, Ok(Confirm(1300.5))),
            ("1,5", EN, Ok(Confirm(1.5))),
            ("1,30", EN, Ok(Confirm(1.3))),
            ("0,300", EN, Ok(Confirm(0.3))),
            ("1.300,5", EN, Ok(Confirm(1300.5))),
            ("1.300.000", EN, Ok(Confirm(1_300_000.0))),
            ("1,300.5", ID, Ok(Confirm(1300.5))),
            ("1,300,000", ID, Ok(Confirm(1_300_000.0))),
            // Not numbers.
            ("", EN, Err(NotANumber)),
            ("lots", EN, Err(NotANumber)),
            ("1e5", EN, Err(NotANumber)),
            ("inf", ID, Err(NotANumber)),
            ("NaN", EN, Err(NotANumber)),
            ("1,30,0", EN, Err(NotANumber)),
            ("1..3", EN, Err(NotANumber)),
            ("1.", EN, Err(NotANumber)),
            ("1 30", EN, Err(NotANumber)),
            ("12 3456", ID, Err(NotANumber)),
            ("1,300.000.5", EN, Err(NotANumber)),
            ("--1", EN, Err(NotANumber)),
            ("١٢", EN, Err(NotANumber)),
        ];
        for (typed, convention, expected) in table {
            assert_eq!(
                read_number(typed, *convention),
                *expected,
                "{typed:?} in {convention:?}"
            );
        }
    }

    #[test]
    fn a_stored_number_shown_for_editing_reads_back_exactly() {
        assert_eq!(write_for_input(12.345, EN), "12.3450");
        assert_eq!(write_for_input(12.345, ID), "12,3450");
        assert_eq!(write_for_input(1300.5, ID), "1300,5");
        assert_eq!(write_for_input(1300.0, EN), "1300");
        assert_eq!(write_for_input(1e15, EN), "1000000000000000");
        for x in [
            12.345, 1300.5, 0.3, 1.3, 1300.0, 1e-6, 1e15, -2.5, 123.456, 0.125,
        ] {
            for convention in [EN, ID] {
                let shown = write_for_input(x, convention);
                assert_eq!(
                    read_number(&shown, convention),
                    Ok(Reading::Exact(x)),
                    "{shown}"
                );
            }
        }
    }

    #[test]
    fn the_reading_is_the_same_number_as_typed_plainly() {
        // The reading goes through the same float parse as "1300.5" would.
        assert_eq!(read_number("1.300,5", ID).unwrap().value(), 1300.5);
        assert_eq!(read_number("0,1", ID).unwrap().value(), 0.1);
        assert_eq!(
            read_number("1,000,000,000,000,000", EN).unwrap().value(),
            1e15
        );
    }
}
