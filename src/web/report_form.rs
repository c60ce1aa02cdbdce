//! One path from a reporting form to the reports workflow's input. The single form of
//! `/submit/{indicator}/{period}` and each line of the period grid post the same fields; here
//! they become an `ObservationInput` for the indicator's kind (`TryFrom`, as zero2prod reads a
//! subscription form). Only the reading of what was typed happens here — a number is a
//! number, a stage is one of the choices — reported as `InputProblem`s that the page words in
//! its language; every rule
//! about the figure is the workflow's. It touches no store and renders nothing.

use chrono::NaiveDate;
use serde::Deserialize;

use crate::domain::kinds::IndicatorKind;
use crate::domain::{FieldError, InputProblem, NumberConvention, Reading, read_number};
use crate::store::observations::Observation;
use crate::workflow::reports::ObservationInput;

/// The fields of a reporting form as typed, kept to show them again.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct ReportFields {
    #[serde(default)]
    pub value: String,
    #[serde(default)]
    pub numerator: String,
    #[serde(default)]
    pub denominator: String,
    #[serde(default)]
    pub stage: String,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub data_quality: String,
    #[serde(default)]
    pub comment: String,
    #[serde(default)]
    pub evidence_url: String,
    /// The version of the observation the form was filled from (blank for a new one).
    #[serde(default)]
    pub version: String,
    /// A number field's text whose stated reading the user confirmed (the confirmation box
    /// carries the text it confirms: retyped, the number is read afresh).
    #[serde(default)]
    pub confirm_value: String,
    #[serde(default)]
    pub confirm_numerator: String,
    #[serde(default)]
    pub confirm_denominator: String,
}

impl ReportFields {
    /// The fields of a stored observation, to change it, its numbers written for a form in
    /// `convention` (so that posting them unchanged reads them back exactly).
    pub fn of(o: &Observation, convention: NumberConvention) -> Self {
        let number = |v: Option<f64>| {
            v.map(|v| crate::domain::write_for_input(v, convention))
                .unwrap_or_default()
        };
        ReportFields {
            value: number(o.value),
            numerator: number(o.numerator),
            denominator: number(o.denominator),
            stage: o.stage.map(|s| s.to_string()).unwrap_or_default(),
            text: o.text.clone().unwrap_or_default(),
            data_quality: o.data_quality.as_str().into(),
            comment: o.comment.clone(),
            evidence_url: o.evidence_url.clone().unwrap_or_default(),
            version: o.version.to_string(),
            ..ReportFields::default()
        }
    }

    /// The number fields whose reading must be confirmed, among `problems`.
    pub fn to_confirm(problems: &[FieldError]) -> Vec<String> {
        problems
            .iter()
            .filter(|p| matches!(p.problem, InputProblem::Ambiguous { .. }))
            .filter_map(|p| p.field.clone())
            .collect()
    }

    /// Whether no figure was typed at all (a grid line left alone).
    pub fn is_blank(&self) -> bool {
        [
            &self.value,
            &self.numerator,
            &self.denominator,
            &self.stage,
            &self.text,
        ]
        .iter()
        .all(|v| v.trim().is_empty())
    }
}

/// What a form's hidden `version` field names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PostedVersion {
    /// Empty: the form was filled when no report existed.
    New,
    /// The version of the report the form was filled from.
    Named(i32),
    /// Anything else: the form cannot say what it changes.
    Garbled,
}

impl PostedVersion {
    pub fn read(text: &str) -> PostedVersion {
        match text.trim() {
            "" => PostedVersion::New,
            t => match t.parse::<i32>() {
                Ok(v) if v >= 1 => PostedVersion::Named(v),
                _ => PostedVersion::Garbled,
            },
        }
    }

    /// Whether the form may change `stored` (the stored report's version, if one exists): a
    /// stored report needs a named version (which the workflow then compares), and no form
    /// may carry a garbled one.
    pub fn fits(self, stored: Option<i32>) -> bool {
        !matches!(
            (self, stored),
            (PostedVersion::Garbled, _) | (PostedVersion::New, Some(_))
        )
    }
}

/// A form posted for one indicator and period.
pub struct PostedReport<'a> {
    /// The indicator's code.
    pub indicator: &'a str,
    /// The indicator's unit (the form does not ask for it).
    pub unit: &'a str,
    /// Which of the figure fields apply.
    pub kind: IndicatorKind,
    pub period_start: NaiveDate,
    /// Send it for review; else keep it as a draft.
    pub submit: bool,
    pub fields: &'a ReportFields,
    /// How the form's language writes numbers.
    pub convention: NumberConvention,
}

impl TryFrom<PostedReport<'_>> for ObservationInput {
    /// Every field that could not be read (nothing about the rules yet).
    type Error = Vec<FieldError>;

    fn try_from(posted: PostedReport<'_>) -> Result<Self, Self::Error> {
        let PostedReport {
            indicator,
            unit,
            kind,
            period_start,
            submit,
            fields,
            convention,
        } = posted;
        let number = |text: &str, confirmed: &str, field: &str, errors: &mut Vec<FieldError>| {
            number(text, confirmed, field, convention, errors)
        };
        let mut errors = Vec::new();
        let mut input = ObservationInput {
            indicator: Some(indicator.to_string()),
            period_start: Some(period_start),
            unit: Some(unit.to_string()),
            data_quality: Some(fields.data_quality.clone()),
            comment: Some(fields.comment.clone()),
            evidence_url: Some(fields.evidence_url.trim().to_string()).filter(|u| !u.is_empty()),
            status: Some(if submit { "submitted" } else { "draft" }.into()),
            version: fields.version.trim().parse::<i32>().ok(),
            ..ObservationInput::default()
        };
        match kind {
            IndicatorKind::Quantity | IndicatorKind::Count => {
                input.value = number(&fields.value, &fields.confirm_value, "value", &mut errors);
            }
            IndicatorKind::Percentage | IndicatorKind::Ratio => {
                input.numerator = number(
                    &fields.numerator,
                    &fields.confirm_numerator,
                    "numerator",
                    &mut errors,
                );
                input.denominator = number(
                    &fields.denominator,
                    &fields.confirm_denominator,
                    "denominator",
                    &mut errors,
                );
            }
            IndicatorKind::Milestone => match fields.stage.trim() {
                "" => {}
                t => match t.parse::<i32>() {
                    Ok(n) => input.stage = Some(n),
                    Err(_) => errors.push(FieldError::new("stage", InputProblem::NotAChoice)),
                },
            },
            IndicatorKind::Qualitative => input.text = Some(fields.text.clone()),
        }
        if errors.is_empty() {
            Ok(input)
        } else {
            Err(errors)
        }
    }
}

/// A number field: `None` when blank; read by the form's language (`domain::number`); an
/// ambiguous reading is kept only when `confirmed` carries the same text (the user ticked the
/// confirmation the form offered), else it is a problem stating the reading.
fn number(
    text: &str,
    confirmed: &str,
    field: &str,
    convention: NumberConvention,
    errors: &mut Vec<FieldError>,
) -> Option<f64> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    match read_number(text, convention) {
        Ok(Reading::Exact(v)) => Some(v),
        Ok(Reading::Confirm(v)) if confirmed.trim() == text => Some(v),
        Ok(Reading::Confirm(reading)) => {
            errors.push(FieldError::new(
                field,
                InputProblem::Ambiguous {
                    typed: text.to_string(),
                    reading,
                },
            ));
            None
        }
        Err(_) => {
            errors.push(FieldError::new(field, InputProblem::NotANumber));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn posted<'a>(kind: IndicatorKind, fields: &'a ReportFields) -> PostedReport<'a> {
        PostedReport {
            indicator: "CE-99",
            unit: "%",
            kind,
            period_start: NaiveDate::from_ymd_opt(2026, 7, 1).unwrap(),
            submit: true,
            fields,
            convention: NumberConvention::DecimalComma,
        }
    }

    #[test]
    fn only_the_kinds_fields_are_read_with_a_decimal_comma() {
        let fields = ReportFields {
            value: "7".into(),
            numerator: " 30,5 ".into(),
            denominator: "120".into(),
            data_quality: "measured".into(),
            evidence_url: "  ".into(),
            version: "3".into(),
            ..ReportFields::default()
        };
        let input = ObservationInput::try_from(posted(IndicatorKind::Percentage, &fields)).unwrap();
        assert_eq!(
            (input.value, input.numerator, input.denominator),
            (None, Some(30.5), Some(120.0))
        );
        assert_eq!(input.status.as_deref(), Some("submitted"));
        assert_eq!((input.evidence_url, input.version), (None, Some(3)));
        assert_eq!(input.unit.as_deref(), Some("%"));
    }

    #[test]
    fn an_ambiguous_number_is_kept_only_once_confirmed() {
        // "1,300" in the Indonesian form: 1,3 or one thousand three hundred?
        let mut fields = ReportFields {
            value: "1,300".into(),
            ..ReportFields::default()
        };
        let errors =
            ObservationInput::try_from(posted(IndicatorKind::Quantity, &fields)).unwrap_err();
        assert_eq!(
            errors,
            [FieldError::new(
                "value",
                InputProblem::Ambiguous {
                    typed: "1,300".into(),
                    reading: 1.3
                }
            )]
        );
        assert_eq!(ReportFields::to_confirm(&errors), ["value"]);
        // Confirmed for another text: asked again.
        fields.confirm_value = "1,30".into();
        assert!(ObservationInput::try_from(posted(IndicatorKind::Quantity, &fields)).is_err());
        fields.confirm_value = "1,300".into();
        let input = ObservationInput::try_from(posted(IndicatorKind::Quantity, &fields)).unwrap();
        assert_eq!(input.value, Some(1.3));
        // The Indonesian grouping needs no confirmation.
        let grouped = ReportFields {
            value: "1.300".into(),
            ..ReportFields::default()
        };
        let input = ObservationInput::try_from(posted(IndicatorKind::Quantity, &grouped)).unwrap();
        assert_eq!(input.value, Some(1300.0));
    }

    #[test]
    fn what_cannot_be_read_is_named_field_by_field() {
        let fields = ReportFields {
            numerator: "lots".into(),
            denominator: "inf".into(),
            stage: "two".into(),
            ..ReportFields::default()
        };
        let errors = ObservationInput::try_from(posted(IndicatorKind::Ratio, &fields)).unwrap_err();
        assert_eq!(
            errors,
            [
                FieldError::new("numerator", InputProblem::NotANumber),
                FieldError::new("denominator", InputProblem::NotANumber),
            ]
        );
        let errors =
            ObservationInput::try_from(posted(IndicatorKind::Milestone, &fields)).unwrap_err();
        assert_eq!(errors, [FieldError::new("stage", InputProblem::NotAChoice)]);
        // Blank is not an error here: the workflow says what is required.
        let blank = ReportFields::default();
        assert!(blank.is_blank());
        let input = ObservationInput::try_from(posted(IndicatorKind::Count, &blank)).unwrap();
        assert_eq!(input.value, None);
    }
}
