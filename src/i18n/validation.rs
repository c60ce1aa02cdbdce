//! The words for what is wrong with an input: the shape of the `validation` area of a
//! language's catalogue, and [`ValidationStrings::say`] (called as `Strings::field_error`), the
//! one place a `domain::FieldError` becomes a sentence. The pages (next to a form field) and the API (in
//! problem+json) both call it with the reader's language, so a rule is worded once per
//! language. May use `domain/` only.

use crate::domain::field_error::{FieldError, InputProblem};
use crate::domain::kinds::{Frequency, IndicatorKind};
use crate::domain::period::PeriodError;
use crate::domain::report_refusal::ReportRefusal;

/// The validation messages of one language. Functions take what the sentence names, already
/// written for the language (numbers with its separators, a field's name from [`Self::field`]).
#[derive(Debug)]
pub struct ValidationStrings {
    /// A field's name as it starts a sentence (`numerator` → "The numerator").
    pub field: fn(&str) -> &'static str,
    /// An indicator kind as a sentence names it ("percentage").
    pub kind_noun: fn(IndicatorKind) -> &'static str,
    /// What one period of a frequency is called ("month", "quarter"…).
    pub period_noun: fn(Frequency) -> &'static str,
    /// The separator of thousands and the decimal mark.
    pub thousands: char,
    pub decimal: char,
    pub required: fn(&str) -> String,
    /// The field, the indicator kind's label.
    pub not_used: fn(&str, &str) -> String,
    pub not_a_number: fn(&str) -> String,
    pub not_a_choice: fn(&str) -> String,
    /// The field, the number given.
    pub not_whole: fn(&str, &str) -> String,
    pub negative: fn(&str, &str) -> String,
    pub too_large: fn(&str) -> String,
    /// The field, the most (or least) it may be.
    pub above_maximum: fn(&str, &str) -> String,
    pub below_minimum: fn(&str, &str) -> String,
    /// The field, the smallest non-zero magnitude kept.
    pub too_small: fn(&str, &str) -> String,
    /// The percentage or ratio from the parts, the least and the most it may be.
    pub figure_out_of_bounds: fn(&str, &str, &str) -> String,
    /// The field, the text typed, how it would be read.
    pub ambiguous: fn(&str, &str, &str) -> String,
    /// The median of the organisation's last approved periods.
    pub unusual_needs_comment: fn(&str) -> String,
    /// The numerator and the denominator given.
    pub numerator_above_denominator: fn(&str, &str) -> String,
    pub not_positive: fn(&str) -> String,
    /// The last stage's number.
    pub stage_out_of_range: fn(&str) -> String,
    pub no_stages: &'static str,
    pub blank: fn(&str) -> String,
    /// The field, the most characters allowed.
    pub too_long: fn(&str, &str) -> String,
    pub not_web_address: fn(&str) -> String,
    /// The indicator's code.
    pub not_assigned: fn(&str) -> String,
    pub status_not_allowed: &'static str,
    /// A ledger month that does not balance: the imbalance (with its sign), written.
    pub unbalanced: fn(&str) -> String,
    /// The field, the code typed.
    pub unknown_code: fn(&str, &str) -> String,
    pub same_organisation: &'static str,
    /// The start given, the period noun.
    pub start_not_aligned: fn(&str, &str) -> String,
    /// The end given, the end expected.
    pub end_mismatch: fn(&str, &str) -> String,
    /// The text given, the period noun.
    pub invalid_label: fn(&str, &str) -> String,
    /// The period, the program's first and last day.
    pub outside_program: fn(&str, &str, &str) -> String,
    /// The period, its first day.
    pub in_future: fn(&str, &str) -> String,
    /// The period, its last day.
    pub still_running: fn(&str, &str) -> String,
    /// The unit expected, the indicator's code.
    pub wrong_unit: fn(&str, &str) -> String,
    pub unit_required: &'static str,
    pub unknown_data_quality: &'static str,
    pub unknown_assurance: &'static str,
    pub version_too_low: &'static str,
    /// The observation's indicator.
    pub indicator_fixed: fn(&str) -> String,
    /// The observation's period start.
    pub period_fixed: fn(&str) -> String,
    pub note_required: &'static str,
    /// The computed indicator's code.
    pub computed: fn(&str) -> String,
    pub carbon_out_above_in: &'static str,
    pub unreadable: &'static str,
    /// Why a reporting step cannot be taken as things stand, as a whole sentence.
    pub refusal: fn(&ReportRefusal) -> String,
}

impl ValidationStrings {
    /// What is wrong with a field, as a whole sentence in this language. The field is named in
    /// the sentence (never as a `field:` prefix), so it reads the same beside a form field and
    /// in an API answer.
    pub fn say(&self, error: &FieldError) -> String {
        let v = self;
        let field = (v.field)(error.field.as_deref().unwrap_or(""));
        let number = |x: f64| written_number(x, v.thousands, v.decimal);
        // A computed figure, to six significant decimals at most.
        let rounded = |x: f64| number((x * 1e6).round() / 1e6);
        let count = |n: usize| written_number(n as f64, v.thousands, v.decimal);
        match &error.problem {
            InputProblem::Required => (v.required)(field),
            InputProblem::NotUsed { kind } => (v.not_used)(field, (v.kind_noun)(*kind)),
            InputProblem::NotANumber => (v.not_a_number)(field),
            InputProblem::NotAChoice => (v.not_a_choice)(field),
            InputProblem::NotWhole { got } => (v.not_whole)(field, &number(*got)),
            InputProblem::Negative { got } => (v.negative)(field, &number(*got)),
            InputProblem::TooLarge => (v.too_large)(field),
            InputProblem::AboveMaximum { max } => (v.above_maximum)(field, &number(*max)),
            InputProblem::BelowMinimum { min } => (v.below_minimum)(field, &number(*min)),
            InputProblem::TooSmall { min } => (v.too_small)(field, &number(*min)),
            InputProblem::FigureOutOfBounds { figure, min, max } => {
                (v.figure_out_of_bounds)(&rounded(*figure), &number(*min), &number(*max))
            }
            InputProblem::Ambiguous { typed, reading } => {
                (v.ambiguous)(field, typed, &number(*reading))
            }
            InputProblem::UnusualNeedsComment { median } => {
                (v.unusual_needs_comment)(&rounded(*median))
            }
            InputProblem::NumeratorAboveDenominator {
                numerator,
                denominator,
            } => (v.numerator_above_denominator)(&number(*numerator), &number(*denominator)),
            InputProblem::NotPositive => (v.not_positive)(field),
            InputProblem::StageOutOfRange { last } => (v.stage_out_of_range)(&count(*last)),
            InputProblem::NoStages => v.no_stages.into(),
            InputProblem::Blank => (v.blank)(field),
            InputProblem::TooLong { max } => (v.too_long)(field, &count(*max)),
            InputProblem::NotWebAddress => (v.not_web_address)(field),
            InputProblem::NotAssigned { indicator } => (v.not_assigned)(indicator),
            InputProblem::StatusNotAllowed => v.status_not_allowed.into(),
            InputProblem::Unbalanced { imbalance } => (v.unbalanced)(&rounded(*imbalance)),
            InputProblem::UnknownCode { code } => (v.unknown_code)(field, code),
            InputProblem::SameOrganisation => v.same_organisation.into(),
            InputProblem::Period(PeriodError::StartNotAligned { start, frequency }) => {
                (v.start_not_aligned)(&start.to_string(), (v.period_noun)(*frequency))
            }
            InputProblem::Period(PeriodError::EndMismatch { end, expected }) => {
                (v.end_mismatch)(&end.to_string(), &expected.to_string())
            }
            InputProblem::Period(PeriodError::InvalidLabel { label, frequency }) => {
                (v.invalid_label)(label, (v.period_noun)(*frequency))
            }
            InputProblem::OutsideProgram {
                period,
                starts,
                ends,
            } => (v.outside_program)(period, &starts.to_string(), &ends.to_string()),
            InputProblem::InFuture { period, starts } => (v.in_future)(period, &starts.to_string()),
            InputProblem::StillRunning { period, ends } => {
                (v.still_running)(period, &ends.to_string())
            }
            InputProblem::WrongUnit {
                expected,
                indicator,
            } => (v.wrong_unit)(expected, indicator),
            InputProblem::UnitRequired => v.unit_required.into(),
            InputProblem::UnknownDataQuality => v.unknown_data_quality.into(),
            InputProblem::UnknownAssurance => v.unknown_assurance.into(),
            InputProblem::VersionTooLow => v.version_too_low.into(),
            InputProblem::IndicatorFixed { indicator } => (v.indicator_fixed)(indicator),
            InputProblem::PeriodFixed { starts } => (v.period_fixed)(&starts.to_string()),
            InputProblem::NoteRequired => v.note_required.into(),
            InputProblem::Computed { indicator } => (v.computed)(indicator),
            InputProblem::CarbonOutAboveIn => v.carbon_out_above_in.into(),
            InputProblem::Unreadable(None) => v.unreadable.into(),
            InputProblem::Unreadable(Some(detail)) => format!("{} ({detail})", v.unreadable),
            InputProblem::Refused(refusal) => (v.refusal)(refusal),
        }
    }
}

/// A number as the language writes it: thousands grouped, the decimal mark its own, no
/// trailing zeros (`1000` → "1,000" or "1.000"; `12.5` → "12.5" or "12,5").
pub fn written_number(x: f64, thousands: char, decimal: char) -> String {
    let plain = format!("{}", x.abs());
    let (whole, fraction) = plain.split_once('.').unwrap_or((plain.as_str(), ""));
    let mut grouped = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(thousands);
        }
        grouped.push(digit);
    }
    let sign = if x < 0.0 { "-" } else { "" };
    if fraction.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}{decimal}{fraction}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{EN, ID};

    #[test]
    fn numbers_are_written_with_the_languages_separators() {
        assert_eq!(written_number(1000.0, ',', '.'), "1,000");
        assert_eq!(written_number(1000.0, '.', ','), "1.000");
        assert_eq!(written_number(1234567.25, ',', '.'), "1,234,567.25");
        assert_eq!(written_number(-3.0, ',', '.'), "-3");
        assert_eq!(written_number(12.5, '.', ','), "12,5");
        assert_eq!(written_number(999.0, ',', '.'), "999");
    }

    #[test]
    fn problems_are_whole_sentences_in_both_languages() {
        let above = FieldError::new(
            "numerator",
            InputProblem::NumeratorAboveDenominator {
                numerator: 1000.0,
                denominator: 10.0,
            },
        );
        assert_eq!(
            EN.field_error(&above),
            "The numerator (1,000) cannot be larger than the denominator (10)."
        );
        assert_eq!(
            ID.field_error(&above),
            "Pembilang (1.000) tidak boleh lebih besar dari penyebut (10)."
        );
        let url = FieldError::new("evidence_url", InputProblem::NotWebAddress);
        assert_eq!(
            EN.field_error(&url),
            "Evidence must be a full web address, such as https://example.org/report.pdf."
        );
        assert!(
            ID.field_error(&url)
                .starts_with("Bukti harus berupa alamat web lengkap")
        );
        let long = FieldError::new("comment", InputProblem::TooLong { max: 2000 });
        assert_eq!(
            EN.field_error(&long),
            "The comment can be at most 2,000 characters long."
        );
        // No field's name doubled, no `field:` prefix.
        let required = FieldError::new("numerator", InputProblem::Required);
        assert_eq!(EN.field_error(&required), "The numerator is required.");
        assert_eq!(ID.field_error(&required), "Pembilang wajib diisi.");
    }

    #[test]
    fn ambiguous_numbers_and_bounds_are_worded_with_the_languages_numbers() {
        let ambiguous = FieldError::new(
            "value",
            InputProblem::Ambiguous {
                typed: "1.300".into(),
                reading: 1.3,
            },
        );
        assert!(
            EN.field_error(&ambiguous)
                .starts_with("The value \u{201c}1.300\u{201d} would be read as 1.3. Confirm")
        );
        let ambiguous = FieldError::new(
            "value",
            InputProblem::Ambiguous {
                typed: "1,300".into(),
                reading: 1.3,
            },
        );
        assert!(
            ID.field_error(&ambiguous)
                .starts_with("Nilai \u{201c}1,300\u{201d} akan dibaca sebagai 1,3. Konfirmasi")
        );
        let above = FieldError::new("numerator", InputProblem::AboveMaximum { max: 1e15 });
        assert_eq!(
            EN.field_error(&above),
            "The numerator can be at most 1,000,000,000,000,000."
        );
        assert_eq!(
            ID.field_error(&above),
            "Pembilang paling banyak 1.000.000.000.000.000."
        );
        let unusual = FieldError::new(
            "comment",
            InputProblem::UnusualNeedsComment { median: 11.0 },
        );
        assert!(
            EN.field_error(&unusual)
                .contains("(median of the last periods: 11)")
        );
        assert!(
            ID.field_error(&unusual)
                .contains("(median periode terakhir: 11)")
        );
    }
}
