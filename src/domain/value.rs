//! An observation's value, parsed and checked per indicator kind. Pure code that touches
//! nothing outside `domain/`; problems are reported as `domain::FieldError`s carrying an
//! `InputProblem` (never a sentence: the edges word it), every one found.

use crate::domain::field_error::{FieldError, InputProblem};
use crate::domain::kinds::IndicatorKind;

/// The value fields of an observation as received (form, API or database row), unchecked.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawValue {
    /// Quantity or count.
    pub value: Option<f64>,
    /// Numerator of a percentage or ratio.
    pub numerator: Option<f64>,
    /// Denominator of a percentage or ratio.
    pub denominator: Option<f64>,
    /// Milestone stage index (0-based).
    pub stage: Option<i32>,
    /// Qualitative text.
    pub text: Option<String>,
}

/// A checked value, in the shape its indicator kind requires.
#[derive(Clone, Debug, PartialEq)]
pub enum ObservationValue {
    /// A finite amount (may be negative, e.g. a net change).
    Quantity(f64),
    /// A whole number ≥ 0.
    Count(i64),
    /// Numerator and denominator of a percentage or ratio; denominator > 0.
    Fraction {
        /// Numerator, ≥ 0 (and ≤ denominator for a percentage).
        numerator: f64,
        /// Denominator, > 0.
        denominator: f64,
    },
    /// Index of the milestone stage reached.
    Stage(i16),
    /// Non-blank narrative text (trimmed).
    Text(String),
}

/// The largest magnitude a reported figure may have: far beyond any figure of the program
/// (the park's yearly nickel output is about 10^6 t), and small enough that summing every
/// tenant's figures in a roll-up can never overflow to infinity.
pub const MAX_MAGNITUDE: f64 = 1e15;

/// Collects field errors so every problem is reported at once. The fields are `value`,
/// `numerator`, `denominator`, `stage` and `text`.
#[derive(Default)]
struct Errors(Vec<FieldError>);

impl Errors {
    fn add(&mut self, field: &'static str, problem: InputProblem) {
        self.0.push(FieldError::new(field, problem));
    }

    /// The number if present and finite; records "required" / "not a number" otherwise.
    fn number(&mut self, field: &'static str, raw: Option<f64>) -> Option<f64> {
        match raw {
            None => {
                self.add(field, InputProblem::Required);
                None
            }
            Some(x) if !x.is_finite() => {
                self.add(field, InputProblem::NotANumber);
                None
            }
            Some(x) if x.abs() > MAX_MAGNITUDE => {
                self.add(field, InputProblem::TooLarge);
                None
            }
            Some(x) => Some(x),
        }
    }

    /// Records an error for a field the kind does not use, if it was given.
    fn absent<T>(&mut self, kind: IndicatorKind, field: &'static str, raw: &Option<T>) {
        if raw.is_some() {
            self.add(field, InputProblem::NotUsed { kind });
        }
    }
}

/// Checks `raw` against the rules of `kind` and returns the typed value, or every field
/// error found (not just the first).
///
/// `stage_count` is the number of stages defined for a milestone indicator (ignored for
/// other kinds).
pub fn parse_value(
    kind: IndicatorKind,
    stage_count: usize,
    raw: RawValue,
) -> Result<ObservationValue, Vec<FieldError>> {
    let mut errors = Errors::default();
    let uses_value = matches!(kind, IndicatorKind::Quantity | IndicatorKind::Count);
    if !uses_value {
        errors.absent(kind, "value", &raw.value);
    }
    if !kind.uses_fraction() {
        errors.absent(kind, "numerator", &raw.numerator);
        errors.absent(kind, "denominator", &raw.denominator);
    }
    if kind != IndicatorKind::Milestone {
        errors.absent(kind, "stage", &raw.stage);
    }
    if kind != IndicatorKind::Qualitative {
        errors.absent(kind, "text", &raw.text);
    }

    let parsed = match kind {
        IndicatorKind::Quantity => errors
            .number("value", raw.value)
            .map(ObservationValue::Quantity),
        IndicatorKind::Count => errors
            .number("value", raw.value)
            .and_then(|v| count(&mut errors, v)),
        IndicatorKind::Percentage | IndicatorKind::Ratio => fraction(&mut errors, kind, &raw),
        IndicatorKind::Milestone => stage(&mut errors, stage_count, raw.stage),
        IndicatorKind::Qualitative => text(&mut errors, raw.text),
    };
    match parsed {
        Some(value) if errors.0.is_empty() => Ok(value),
        _ => Err(errors.0),
    }
}

fn count(errors: &mut Errors, v: f64) -> Option<ObservationValue> {
    let mut ok = true;
    if v.fract() != 0.0 {
        errors.add("value", InputProblem::NotWhole { got: v });
        ok = false;
    }
    if v < 0.0 {
        errors.add("value", InputProblem::Negative { got: v });
        ok = false;
    }
    // 2^63 is the first whole f64 beyond i64; far above any real count.
    if v >= 9_223_372_036_854_775_808.0 {
        errors.add("value", InputProblem::TooLarge);
        ok = false;
    }
    // Exact whenever accepted (whole and in range); `as` saturates otherwise, unused.
    ok.then_some(ObservationValue::Count(v as i64))
}

fn fraction(errors: &mut Errors, kind: IndicatorKind, raw: &RawValue) -> Option<ObservationValue> {
    let numerator = errors.number("numerator", raw.numerator);
    let denominator = errors.number("denominator", raw.denominator);
    let numerator = numerator.filter(|n| {
        let ok = *n >= 0.0;
        if !ok {
            errors.add("numerator", InputProblem::Negative { got: *n });
        }
        ok
    });
    let denominator = denominator.filter(|d| {
        let ok = *d > 0.0;
        if !ok {
            errors.add("denominator", InputProblem::NotPositive);
        }
        ok
    });
    let (numerator, denominator) = (numerator?, denominator?);
    if kind == IndicatorKind::Percentage && numerator > denominator {
        errors.add(
            "numerator",
            InputProblem::NumeratorAboveDenominator {
                numerator,
                denominator,
            },
        );
        return None;
    }
    Some(ObservationValue::Fraction {
        numerator,
        denominator,
    })
}

fn stage(errors: &mut Errors, stage_count: usize, raw: Option<i32>) -> Option<ObservationValue> {
    let Some(stage) = raw else {
        errors.add("stage", InputProblem::Required);
        return None;
    };
    let in_range = usize::try_from(stage).is_ok_and(|s| s < stage_count);
    let stage = i16::try_from(stage).ok().filter(|_| in_range);
    if stage.is_none() {
        let problem = match stage_count {
            0 => InputProblem::NoStages,
            n => InputProblem::StageOutOfRange { last: n - 1 },
        };
        errors.add("stage", problem);
    }
    stage.map(ObservationValue::Stage)
}

fn text(errors: &mut Errors, raw: Option<String>) -> Option<ObservationValue> {
    match raw {
        None => {
            errors.add("text", InputProblem::Required);
            None
        }
        Some(text) if text.trim().is_empty() => {
            errors.add("text", InputProblem::Blank);
            None
        }
        // Stored trimmed so stray whitespace from a form does not show in reports.
        Some(text) => Some(ObservationValue::Text(text.trim().to_owned())),
    }
}

impl ObservationValue {
    /// The value as one number, as used in roll-ups and targets: percentage → 100·n/d,
    /// ratio → n/d, count and stage as numbers, quantity as is, text → `None`.
    ///
    /// `None` also for a fraction with a zero denominator (only constructible by hand).
    pub fn numeric(&self, kind: IndicatorKind) -> Option<f64> {
        match self {
            ObservationValue::Quantity(v) => Some(*v),
            ObservationValue::Count(c) => Some(*c as f64),
            ObservationValue::Fraction {
                numerator,
                denominator,
            } => {
                if *denominator == 0.0 {
                    return None;
                }
                if kind == IndicatorKind::Percentage {
                    Some(100.0 * numerator / denominator)
                } else {
                    Some(numerator / denominator)
                }
            }
            ObservationValue::Stage(s) => Some(f64::from(*s)),
            ObservationValue::Text(_) => None,
        }
    }

    /// The value split into storage columns: `(value, numerator, denominator, stage, text)`.
    #[allow(clippy::type_complexity)] // the tuple mirrors the table's columns one to one
    pub fn columns(
        &self,
    ) -> (
        Option<f64>,
        Option<f64>,
        Option<f64>,
        Option<i16>,
        Option<&str>,
    ) {
        match self {
            ObservationValue::Quantity(v) => (Some(*v), None, None, None, None),
            ObservationValue::Count(c) => (Some(*c as f64), None, None, None, None),
            ObservationValue::Fraction {
                numerator,
                denominator,
            } => (None, Some(*numerator), Some(*denominator), None, None),
            ObservationValue::Stage(s) => (None, None, None, Some(*s), None),
            ObservationValue::Text(t) => (None, None, None, None, Some(t.as_str())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use IndicatorKind::*;

    fn value(v: f64) -> RawValue {
        RawValue {
            value: Some(v),
            ..RawValue::default()
        }
    }

    fn fraction(n: f64, d: f64) -> RawValue {
        RawValue {
            numerator: Some(n),
            denominator: Some(d),
            ..RawValue::default()
        }
    }

    fn stage(s: i32) -> RawValue {
        RawValue {
            stage: Some(s),
            ..RawValue::default()
        }
    }

    fn text(t: &str) -> RawValue {
        RawValue {
            text: Some(t.to_owned()),
            ..RawValue::default()
        }
    }

    fn err(field: &'static str, problem: InputProblem) -> FieldError {
        FieldError::new(field, problem)
    }

    #[test]
    fn quantity_takes_any_finite_value() {
        assert_eq!(
            parse_value(Quantity, 0, value(1250.5)),
            Ok(ObservationValue::Quantity(1250.5))
        );
        assert_eq!(
            parse_value(Quantity, 0, value(-3.0)),
            Ok(ObservationValue::Quantity(-3.0))
        );
        assert_eq!(
            parse_value(Quantity, 0, RawValue::default()),
            Err(vec![err("value", InputProblem::Required)])
        );
        for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert_eq!(
                parse_value(Quantity, 0, value(bad)),
                Err(vec![err("value", InputProblem::NotANumber)])
            );
        }
    }

    #[test]
    fn figures_beyond_ten_to_the_fifteenth_are_refused_either_way() {
        assert_eq!(
            parse_value(Quantity, 0, value(1e15)),
            Ok(ObservationValue::Quantity(1e15))
        );
        assert_eq!(
            parse_value(Quantity, 0, value(-1.5e15)),
            Err(vec![err("value", InputProblem::TooLarge)])
        );
        // Two such denominators would sum to infinity in a roll-up.
        let huge = RawValue {
            numerator: Some(30.0),
            denominator: Some(1e308),
            ..RawValue::default()
        };
        assert_eq!(
            parse_value(Percentage, 0, huge),
            Err(vec![err("denominator", InputProblem::TooLarge)])
        );
    }

    #[test]
    fn count_must_be_whole_and_not_negative() {
        assert_eq!(
            parse_value(Count, 0, value(42.0)),
            Ok(ObservationValue::Count(42))
        );
        assert_eq!(
            parse_value(Count, 0, value(0.0)),
            Ok(ObservationValue::Count(0))
        );
        assert_eq!(
            parse_value(Count, 0, value(2.5)),
            Err(vec![err("value", InputProblem::NotWhole { got: 2.5 })])
        );
        assert_eq!(
            parse_value(Count, 0, value(-3.0)),
            Err(vec![err("value", InputProblem::Negative { got: -3.0 })])
        );
        // Both problems are reported.
        assert_eq!(parse_value(Count, 0, value(-0.5)).unwrap_err().len(), 2);
        assert_eq!(
            parse_value(Count, 0, value(1e19)),
            Err(vec![err("value", InputProblem::TooLarge)])
        );
        assert_eq!(
            parse_value(Count, 0, RawValue::default()),
            Err(vec![err("value", InputProblem::Required)])
        );
    }

    #[test]
    fn percentage_needs_0_le_numerator_le_denominator_and_positive_denominator() {
        assert_eq!(
            parse_value(Percentage, 0, fraction(45.0, 120.0)),
            Ok(ObservationValue::Fraction {
                numerator: 45.0,
                denominator: 120.0
            })
        );
        // The edges 0 / d and d / d are valid.
        assert!(parse_value(Percentage, 0, fraction(0.0, 10.0)).is_ok());
        assert!(parse_value(Percentage, 0, fraction(10.0, 10.0)).is_ok());
        assert_eq!(
            parse_value(Percentage, 0, fraction(120.0, 100.0)),
            Err(vec![err(
                "numerator",
                InputProblem::NumeratorAboveDenominator {
                    numerator: 120.0,
                    denominator: 100.0
                }
            )])
        );
        assert_eq!(
            parse_value(Percentage, 0, fraction(0.0, 0.0)),
            Err(vec![err("denominator", InputProblem::NotPositive)])
        );
        assert_eq!(
            parse_value(Percentage, 0, fraction(-1.0, -5.0)),
            Err(vec![
                err("numerator", InputProblem::Negative { got: -1.0 }),
                err("denominator", InputProblem::NotPositive),
            ])
        );
        assert_eq!(
            parse_value(Percentage, 0, RawValue::default()),
            Err(vec![
                err("numerator", InputProblem::Required),
                err("denominator", InputProblem::Required),
            ])
        );
        assert_eq!(
            parse_value(Percentage, 0, fraction(1.0, f64::NAN)),
            Err(vec![err("denominator", InputProblem::NotANumber)])
        );
    }

    #[test]
    fn ratio_allows_numerator_above_denominator() {
        assert_eq!(
            parse_value(Ratio, 0, fraction(5400.0, 1200.0)),
            Ok(ObservationValue::Fraction {
                numerator: 5400.0,
                denominator: 1200.0
            })
        );
        assert_eq!(
            parse_value(Ratio, 0, fraction(3.0, 0.0)),
            Err(vec![err("denominator", InputProblem::NotPositive)])
        );
        assert_eq!(
            parse_value(Ratio, 0, fraction(-3.0, 2.0)),
            Err(vec![err("numerator", InputProblem::Negative { got: -3.0 })])
        );
    }

    #[test]
    fn milestone_stage_must_be_one_of_the_defined_stages() {
        // 4 stages: 0, 1, 2, 3.
        assert_eq!(
            parse_value(Milestone, 4, stage(0)),
            Ok(ObservationValue::Stage(0))
        );
        assert_eq!(
            parse_value(Milestone, 4, stage(3)),
            Ok(ObservationValue::Stage(3))
        );
        let out_of_range = Err(vec![err(
            "stage",
            InputProblem::StageOutOfRange { last: 3 },
        )]);
        assert_eq!(parse_value(Milestone, 4, stage(4)), out_of_range);
        assert_eq!(parse_value(Milestone, 4, stage(-1)), out_of_range);
        assert_eq!(parse_value(Milestone, 4, stage(i32::MAX)), out_of_range);
        assert_eq!(
            parse_value(Milestone, 0, stage(0)),
            Err(vec![err("stage", InputProblem::NoStages)])
        );
        // A huge stage list does not let a stage overflow i16.
        assert!(parse_value(Milestone, usize::MAX, stage(40_000)).is_err());
        assert_eq!(
            parse_value(Milestone, 4, RawValue::default()),
            Err(vec![err("stage", InputProblem::Required)])
        );
    }

    #[test]
    fn qualitative_text_is_required_non_blank_and_trimmed() {
        assert_eq!(
            parse_value(Qualitative, 0, text("  Grievance desk opened.\n")),
            Ok(ObservationValue::Text("Grievance desk opened.".into()))
        );
        assert_eq!(
            parse_value(Qualitative, 0, text(" \t\n")),
            Err(vec![err("text", InputProblem::Blank)])
        );
        assert_eq!(
            parse_value(Qualitative, 0, RawValue::default()),
            Err(vec![err("text", InputProblem::Required)])
        );
    }

    #[test]
    fn fields_of_other_kinds_must_be_absent_and_all_errors_are_collected() {
        let raw = RawValue {
            value: Some(f64::NAN),
            numerator: Some(1.0),
            denominator: Some(2.0),
            stage: Some(1),
            text: Some("x".into()),
        };
        // Quantity: value is not finite, and four fields do not belong.
        assert_eq!(
            parse_value(Quantity, 0, raw.clone()),
            Err(vec![
                err("numerator", InputProblem::NotUsed { kind: Quantity }),
                err("denominator", InputProblem::NotUsed { kind: Quantity }),
                err("stage", InputProblem::NotUsed { kind: Quantity }),
                err("text", InputProblem::NotUsed { kind: Quantity }),
                err("value", InputProblem::NotANumber),
            ])
        );
        // A valid percentage with a stray value is still rejected.
        let stray = RawValue {
            value: Some(50.0),
            ..fraction(1.0, 2.0)
        };
        assert_eq!(
            parse_value(Percentage, 0, stray),
            Err(vec![err(
                "value",
                InputProblem::NotUsed { kind: Percentage }
            )])
        );
        // Even an empty text counts as given for a kind that does not use text.
        assert_eq!(
            parse_value(
                Milestone,
                3,
                RawValue {
                    text: Some(String::new()),
                    ..stage(1)
                }
            ),
            Err(vec![err("text", InputProblem::NotUsed { kind: Milestone })])
        );
    }

    #[test]
    fn numeric_reading_per_kind() {
        let f = ObservationValue::Fraction {
            numerator: 45.0,
            denominator: 120.0,
        };
        // 100 × 45 / 120 = 37.5; 45 / 120 = 0.375.
        assert_eq!(f.numeric(Percentage), Some(37.5));
        assert_eq!(f.numeric(Ratio), Some(0.375));
        assert_eq!(ObservationValue::Count(7).numeric(Count), Some(7.0));
        assert_eq!(
            ObservationValue::Quantity(-2.5).numeric(Quantity),
            Some(-2.5)
        );
        assert_eq!(ObservationValue::Stage(2).numeric(Milestone), Some(2.0));
        assert_eq!(
            ObservationValue::Text("x".into()).numeric(Qualitative),
            None
        );
        let zero = ObservationValue::Fraction {
            numerator: 1.0,
            denominator: 0.0,
        };
        assert_eq!(zero.numeric(Ratio), None);
    }

    #[test]
    fn columns_for_storage() {
        assert_eq!(
            ObservationValue::Quantity(3.5).columns(),
            (Some(3.5), None, None, None, None)
        );
        assert_eq!(
            ObservationValue::Count(4).columns(),
            (Some(4.0), None, None, None, None)
        );
        assert_eq!(
            ObservationValue::Fraction {
                numerator: 1.0,
                denominator: 4.0
            }
            .columns(),
            (None, Some(1.0), Some(4.0), None, None)
        );
        assert_eq!(
            ObservationValue::Stage(2).columns(),
            (None, None, None, Some(2), None)
        );
        assert_eq!(
            ObservationValue::Text("ok".into()).columns(),
            (None, None, None, None, Some("ok"))
        );
    }
}
