//! One observation as a reporter sends it, and its check against the domain rules: the
//! indicator is assigned, the period is aligned, inside the program and not in the future, the
//! value has the kind's shape, the unit is the declared one, the data quality is known and the
//! evidence is a web address. Pure code: every problem is reported (as a `domain::FieldError`
//! carrying an `InputProblem`, worded by the edges), not just the first. It reads the domain and the store's reporting specs, and touches no
//! database and no channel (`web/`, `api/`).

use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::domain::field_error::{FieldError, InputProblem};
use crate::domain::kinds::{Assurance, DataQuality, ObservationStatus, SubmissionStatus};
use crate::domain::period::{Period, PeriodError};
use crate::domain::value::{ObservationValue, RawValue, check_bounds, parse_value};
use crate::domain::web_address::check_url;
use crate::store::observations::ReportingSpec;

/// The longest comment kept (characters).
pub const MAX_COMMENT_CHARS: usize = 2000;
/// The longest reason or review note accepted (characters).
pub const MAX_NOTE_CHARS: usize = 2000;

/// One observation as sent: the figure for one assigned indicator and one period.
///
/// (Every field is optional in Rust so that a missing one is reported with the others by
/// [`check`]; the OpenAPI schema marks the ones the API requires.)
///
/// Which value fields apply depends on the indicator's kind (`GET /api/v1/indicators` says it):
/// `value` for quantity and count, `numerator` and `denominator` for percentage and ratio,
/// `stage` for milestone, `text` for qualitative. The others must be left out.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ObservationInput {
    /// The indicator's code, e.g. `CE-03`.
    #[schema(value_type = String, required = true, example = "CE-03")]
    pub indicator: Option<String>,
    /// First day of the period, aligned to the indicator's frequency (`2026-10-01` for
    /// October 2026, `2026-07-01` for 2026-Q3).
    #[schema(value_type = String, format = Date, required = true, example = "2026-10-01")]
    pub period_start: Option<NaiveDate>,
    /// Last day of the period; optional, checked when given.
    pub period_end: Option<NaiveDate>,
    /// Quantity or count (a count is a whole number ≥ 0).
    pub value: Option<f64>,
    /// Percentage or ratio: the numerator (≥ 0; ≤ denominator for a percentage).
    pub numerator: Option<f64>,
    /// Percentage or ratio: the denominator (> 0).
    pub denominator: Option<f64>,
    /// Milestone: the stage reached, 0-based index into the indicator's stage labels.
    pub stage: Option<i32>,
    /// Qualitative: the narrative text.
    pub text: Option<String>,
    /// The indicator's unit exactly as declared (e.g. `t`, `%`): a guard against sending
    /// kilotonnes where tonnes are expected.
    #[schema(value_type = String, required = true, example = "%")]
    pub unit: Option<String>,
    /// How the figure was obtained.
    #[schema(value_type = crate::domain::DataQuality, required = true)]
    pub data_quality: Option<String>,
    /// External assurance of the figure: `none` (default), `limited` or `reasonable`.
    #[schema(value_type = Option<crate::domain::Assurance>)]
    pub assurance: Option<String>,
    /// Free text for the reviewer (up to 2,000 characters).
    pub comment: Option<String>,
    /// Where the evidence lies: an `http` or `https` address.
    pub evidence_url: Option<String>,
    /// `draft` (default) keeps it editable; `submitted` sends it for review.
    #[schema(value_type = Option<crate::domain::SubmissionStatus>)]
    pub status: Option<String>,
    /// In a batch, to change an observation that already exists for this indicator and period:
    /// the version you read (its `ETag`). Leave it out to create a new one.
    #[schema(minimum = 1)]
    pub version: Option<i32>,
    /// Why the figure is changed (kept in the observation's history).
    pub reason: Option<String>,
}

/// An input that passed every check: typed, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    pub indicator_id: uuid::Uuid,
    pub indicator: String,
    /// The indicator's kind, by which the value reads as one number.
    pub kind: crate::domain::kinds::IndicatorKind,
    pub period: Period,
    pub value: ObservationValue,
    pub data_quality: DataQuality,
    pub assurance: Assurance,
    pub comment: String,
    pub evidence_url: Option<String>,
    /// Draft or submitted.
    pub status: ObservationStatus,
    pub version: Option<i32>,
    pub reason: Option<String>,
}

/// Checks one input against the organisation's assignments (`specs`) on `today`.
pub fn check(
    specs: &[ReportingSpec],
    input: &ObservationInput,
    today: NaiveDate,
) -> Result<Checked, Vec<FieldError>> {
    let mut problems = Vec::new();
    let spec = match input.indicator.as_deref().map(str::trim) {
        None | Some("") => {
            problems.push(FieldError::new("indicator", InputProblem::Required));
            None
        }
        Some(code) => {
            let spec = specs.iter().find(|s| s.code == code);
            match spec {
                None => problems.push(FieldError::new(
                    "indicator",
                    InputProblem::NotAssigned {
                        indicator: code.to_string(),
                    },
                )),
                // Computed from activity data: its figure is never typed in.
                Some(s) if s.computed_from.is_some() => {
                    problems.push(FieldError::new(
                        "indicator",
                        InputProblem::Computed {
                            indicator: code.to_string(),
                        },
                    ));
                    return Err(problems);
                }
                Some(_) => {}
            }
            spec
        }
    };
    let status = match input.status.as_deref().map(str::trim) {
        None => Some(ObservationStatus::Draft),
        Some(text) => match text.parse::<SubmissionStatus>() {
            Ok(status) => Some(ObservationStatus::from(status)),
            Err(_) => {
                problems.push(FieldError::new("status", InputProblem::StatusNotAllowed));
                None
            }
        },
    };
    let period = spec.and_then(|spec| check_period(spec, input, status, today, &mut problems));
    if input.period_start.is_none() {
        problems.push(FieldError::new("period_start", InputProblem::Required));
    }
    let value = spec.and_then(|spec| {
        let raw = RawValue {
            value: input.value,
            numerator: input.numerator,
            denominator: input.denominator,
            stage: input.stage,
            text: input.text.clone(),
        };
        match parse_value(spec.kind, spec.stage_count, raw)
            .and_then(|value| check_bounds(spec.kind, &value, &spec.bounds).map(|()| value))
        {
            Ok(value) => Some(value),
            Err(errors) => {
                problems.extend(errors);
                None
            }
        }
    });
    if let (Some(spec), Some(unit)) = (spec, input.unit.as_deref())
        && unit.trim() != spec.unit
    {
        problems.push(FieldError::new(
            "unit",
            InputProblem::WrongUnit {
                expected: spec.unit.clone(),
                indicator: spec.code.clone(),
            },
        ));
    }
    let data_quality = match input.data_quality.as_deref().map(str::trim) {
        None | Some("") => {
            problems.push(FieldError::new("data_quality", InputProblem::Required));
            None
        }
        Some(text) => match text.parse::<DataQuality>() {
            Ok(quality) => Some(quality),
            Err(_) => {
                problems.push(FieldError::new(
                    "data_quality",
                    InputProblem::UnknownDataQuality,
                ));
                None
            }
        },
    };
    let assurance = match input.assurance.as_deref().map(str::trim) {
        None | Some("") => Some(Assurance::None),
        Some(text) => match text.parse::<Assurance>() {
            Ok(level) => Some(level),
            Err(_) => {
                problems.push(FieldError::new("assurance", InputProblem::UnknownAssurance));
                None
            }
        },
    };
    let comment = input.comment.as_deref().map(str::trim).unwrap_or_default();
    if comment.chars().count() > MAX_COMMENT_CHARS {
        problems.push(FieldError::new(
            "comment",
            InputProblem::TooLong {
                max: MAX_COMMENT_CHARS,
            },
        ));
    }
    let evidence_url = match input.evidence_url.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => match check_url(text) {
            Ok(()) => Some(text.to_string()),
            Err(problem) => {
                problems.push(FieldError::new("evidence_url", problem));
                None
            }
        },
    };
    if let Some(version) = input.version
        && version < 1
    {
        problems.push(FieldError::new("version", InputProblem::VersionTooLow));
    }
    let reason = input
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    if reason.is_some_and(|r| r.chars().count() > MAX_NOTE_CHARS) {
        problems.push(FieldError::new(
            "reason",
            InputProblem::TooLong {
                max: MAX_NOTE_CHARS,
            },
        ));
    }
    match (spec, period, value, data_quality, assurance, status) {
        (
            Some(spec),
            Some(period),
            Some(value),
            Some(data_quality),
            Some(assurance),
            Some(status),
        ) if problems.is_empty() => Ok(Checked {
            indicator_id: spec.indicator_id,
            indicator: spec.code.clone(),
            kind: spec.kind,
            period,
            value,
            data_quality,
            assurance,
            comment: comment.to_string(),
            evidence_url,
            status,
            version: input.version,
            reason: reason.map(str::to_string),
        }),
        _ => Err(problems),
    }
}

/// The period of the input, aligned to the indicator's frequency, inside the program and not in
/// the future; a period still running may be kept as a draft but not submitted.
fn check_period(
    spec: &ReportingSpec,
    input: &ObservationInput,
    status: Option<ObservationStatus>,
    today: NaiveDate,
    problems: &mut Vec<FieldError>,
) -> Option<Period> {
    let start = input.period_start?;
    let end = input
        .period_end
        .unwrap_or_else(|| Period::containing(spec.frequency, start).end());
    let period = match Period::new(spec.frequency, start, end) {
        Ok(period) => period,
        Err(e) => {
            let field = match e {
                PeriodError::EndMismatch { .. } => "period_end",
                _ => "period_start",
            };
            problems.push(FieldError::new(field, InputProblem::Period(e)));
            return None;
        }
    };
    let label = period.label(spec.frequency);
    if period.start() < spec.program_starts_on || period.end() > spec.program_ends_on {
        problems.push(FieldError::new(
            "period_start",
            InputProblem::OutsideProgram {
                period: label,
                starts: spec.program_starts_on,
                ends: spec.program_ends_on,
            },
        ));
        return None;
    }
    if period.start() > today {
        problems.push(FieldError::new(
            "period_start",
            InputProblem::InFuture {
                period: label,
                starts: period.start(),
            },
        ));
        return None;
    }
    if status == Some(ObservationStatus::Submitted) && !period.is_closed(today) {
        problems.push(FieldError::new(
            "status",
            InputProblem::StillRunning {
                period: label,
                ends: period.end(),
            },
        ));
        return None;
    }
    Some(period)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::kinds::{Frequency, IndicatorKind};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn spec(code: &str, kind: IndicatorKind, frequency: Frequency, unit: &str) -> ReportingSpec {
        ReportingSpec {
            indicator_id: uuid::Uuid::nil(),
            code: code.into(),
            name_en: code.into(),
            kind,
            frequency,
            unit: unit.into(),
            stage_count: if kind == IndicatorKind::Milestone {
                4
            } else {
                0
            },
            bounds: crate::domain::Bounds::default_for(kind, unit),
            assignment_starts_on: d(2026, 1, 1),
            program_starts_on: d(2026, 1, 1),
            program_ends_on: d(2028, 12, 31),
            computed_from: None,
        }
    }

    fn specs() -> Vec<ReportingSpec> {
        vec![
            spec("CE-03", IndicatorKind::Percentage, Frequency::Monthly, "%"),
            spec(
                "CE-02",
                IndicatorKind::Quantity,
                Frequency::Quarterly,
                "Mt CO2e",
            ),
            spec(
                "SK-02",
                IndicatorKind::Count,
                Frequency::Quarterly,
                "persons",
            ),
            spec(
                "SK-08",
                IndicatorKind::Milestone,
                Frequency::Quarterly,
                "stage 0–4",
            ),
        ]
    }

    fn percentage(start: NaiveDate, n: f64, d: f64) -> ObservationInput {
        ObservationInput {
            indicator: Some("CE-03".into()),
            period_start: Some(start),
            numerator: Some(n),
            denominator: Some(d),
            unit: Some("%".into()),
            data_quality: Some("measured".into()),
            status: Some("submitted".into()),
            ..ObservationInput::default()
        }
    }

    fn fields(problems: &[FieldError]) -> Vec<&str> {
        problems.iter().filter_map(|p| p.field.as_deref()).collect()
    }

    const TODAY: fn() -> NaiveDate = || d(2026, 11, 29);

    #[test]
    fn a_valid_percentage_passes_with_its_period_completed() {
        let checked = check(&specs(), &percentage(d(2026, 10, 1), 45.0, 120.0), TODAY()).unwrap();
        assert_eq!(checked.period.end(), d(2026, 10, 31));
        assert_eq!(checked.status, ObservationStatus::Submitted);
        assert_eq!(checked.assurance, Assurance::None);
        assert_eq!(
            checked.value,
            ObservationValue::Fraction {
                numerator: 45.0,
                denominator: 120.0
            }
        );
    }

    #[test]
    fn every_problem_is_reported_with_its_field() {
        let input = ObservationInput {
            indicator: Some("CE-03".into()),
            period_start: Some(d(2026, 10, 1)),
            period_end: Some(d(2026, 10, 30)),
            numerator: Some(130.0),
            denominator: Some(120.0),
            unit: Some("ratio".into()),
            data_quality: Some("guessed".into()),
            evidence_url: Some("ftp://example.org/x".into()),
            status: Some("approved".into()),
            ..ObservationInput::default()
        };
        let problems = check(&specs(), &input, TODAY()).unwrap_err();
        assert_eq!(
            fields(&problems),
            [
                "status",
                "period_end",
                "numerator",
                "unit",
                "data_quality",
                "evidence_url"
            ]
        );
    }

    #[test]
    fn unassigned_indicators_and_missing_fields_are_named() {
        let problems = check(&specs(), &ObservationInput::default(), TODAY()).unwrap_err();
        assert_eq!(
            fields(&problems),
            ["indicator", "period_start", "data_quality"]
        );
        let other = ObservationInput {
            indicator: Some("CM-01".into()),
            ..percentage(d(2026, 10, 1), 1.0, 2.0)
        };
        let problems = check(&specs(), &other, TODAY()).unwrap_err();
        assert_eq!(
            problems[0].problem,
            InputProblem::NotAssigned {
                indicator: "CM-01".into()
            }
        );
    }

    #[test]
    fn a_computed_indicator_is_refused_whatever_the_value() {
        let mut specs = specs();
        for s in &mut specs {
            s.computed_from = Some(crate::domain::kinds::ComputedFrom::GhgInventory);
        }
        let typed = ObservationInput {
            indicator: Some("CE-03".into()),
            ..percentage(d(2026, 10, 1), 1.0, 2.0)
        };
        let problems = check(&specs, &typed, TODAY()).unwrap_err();
        assert_eq!(
            problems,
            [FieldError::new(
                "indicator",
                InputProblem::Computed {
                    indicator: "CE-03".into()
                }
            )]
        );
    }

    #[test]
    fn periods_are_aligned_inside_the_program_and_not_in_the_future() {
        let misaligned = ObservationInput {
            period_start: Some(d(2026, 10, 2)),
            ..percentage(d(2026, 10, 1), 1.0, 2.0)
        };
        let problems = check(&specs(), &misaligned, TODAY()).unwrap_err();
        assert_eq!(fields(&problems), ["period_start"]);
        assert!(matches!(
            problems[0].problem,
            InputProblem::Period(PeriodError::StartNotAligned {
                frequency: Frequency::Monthly,
                ..
            })
        ));

        let before = percentage(d(2025, 12, 1), 1.0, 2.0);
        let problems = check(&specs(), &before, TODAY()).unwrap_err();
        assert!(matches!(
            problems[0].problem,
            InputProblem::OutsideProgram { .. }
        ));

        let future = ObservationInput {
            status: Some("draft".into()),
            ..percentage(d(2026, 12, 1), 1.0, 2.0)
        };
        let problems = check(&specs(), &future, TODAY()).unwrap_err();
        assert!(matches!(problems[0].problem, InputProblem::InFuture { .. }));

        // November 2026 is still running on the 29th: a draft yes, a submission no.
        let running = percentage(d(2026, 11, 1), 1.0, 2.0);
        let problems = check(&specs(), &running, TODAY()).unwrap_err();
        assert_eq!(fields(&problems), ["status"]);
        let draft = ObservationInput {
            status: None,
            ..running
        };
        assert_eq!(
            check(&specs(), &draft, TODAY()).unwrap().status,
            ObservationStatus::Draft
        );
        // A quarter must start on a quarter's first day.
        let quarter = ObservationInput {
            indicator: Some("CE-02".into()),
            period_start: Some(d(2026, 8, 1)),
            value: Some(1.5),
            unit: Some("Mt CO2e".into()),
            data_quality: Some("estimated".into()),
            ..ObservationInput::default()
        };
        let problems = check(&specs(), &quarter, TODAY()).unwrap_err();
        assert!(matches!(
            problems[0].problem,
            InputProblem::Period(PeriodError::StartNotAligned {
                frequency: Frequency::Quarterly,
                ..
            })
        ));
    }

    #[test]
    fn counts_are_whole_and_stages_within_labels() {
        let count = ObservationInput {
            indicator: Some("SK-02".into()),
            period_start: Some(d(2026, 7, 1)),
            value: Some(2.5),
            unit: Some("persons".into()),
            data_quality: Some("measured".into()),
            ..ObservationInput::default()
        };
        let problems = check(&specs(), &count, TODAY()).unwrap_err();
        assert_eq!(fields(&problems), ["value"]);
        let stage = ObservationInput {
            indicator: Some("SK-08".into()),
            value: None,
            stage: Some(4),
            unit: Some("stage 0–4".into()),
            ..count
        };
        let problems = check(&specs(), &stage, TODAY()).unwrap_err();
        assert_eq!(
            problems[0].problem,
            InputProblem::StageOutOfRange { last: 3 }
        );
    }

    #[test]
    fn evidence_must_be_a_web_address() {
        assert!(check_url("https://erp.example.com/reports/2026-10.pdf").is_ok());
        assert!(check_url("http://intranet.local/x").is_ok());
        assert!(check_url("ftp://example.org/x").is_err());
        assert!(check_url("javascript:alert(1)").is_err());
        assert!(check_url("not a url").is_err());
        assert!(check_url("https://").is_err());
        assert!(check_url(&format!("https://example.org/{}", "a".repeat(3000))).is_err());
    }
}
