//! What the structure pages (`pillars`, `indicators`, `targets`, `organisations`,
//! `assignments`, `milestones`) share: the program they keep, their strings, the notice after a
//! Post/Redirect/Get, choices for `<select>`s, the conflict list, the confirmation page, the
//! words for `workflow::structure`'s problems, and reading a number or a version from a form.
//!
//! Rules of these pages: a form is read once at the edge into the use case's input (what cannot
//! be read goes along as a reading problem); the rules, the writes and the audit are
//! `crate::workflow::structure`'s. Invalid input comes back with a message per field and the
//! input kept (422); a stale version comes back with what changed beside the user's input
//! (409); archiving asks first; Post/Redirect/Get throughout. No SQL and no rule here.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::error::{AppError, FieldMessage};
use crate::i18n::Locale;
use crate::i18n::StructureStrings;
use crate::store::program::Program;
use crate::store::structure::PillarRecord;
use crate::web::layout::Layout;
use crate::workflow::structure::{FieldProblem, Problem};

/// A choice in a `<select>`: the stored value and its label in the page's language.
pub(crate) struct Choice {
    pub value: String,
    pub label: String,
}

/// Every value of a closed set, labelled in the page's language.
pub(super) fn choices<T: Copy + std::fmt::Display>(
    all: &[T],
    label: impl Fn(T) -> &'static str,
) -> Vec<Choice> {
    all.iter()
        .map(|v| Choice {
            value: v.to_string(),
            label: label(*v).to_string(),
        })
        .collect()
}

/// The live pillars, as "CE Circular economy" in the page's language.
pub(super) fn live_pillar_choices(pillars: &[PillarRecord], locale: Locale) -> Vec<Choice> {
    pillars
        .iter()
        .filter(|p| !p.archived)
        .map(|p| Choice {
            value: p.code.clone(),
            label: format!("{} {}", p.code, locale.text(&p.name)),
        })
        .collect()
}

/// A field that someone else changed while this user was editing: what it holds now.
pub(crate) struct ChangedField {
    pub field: String,
    pub stored: String,
}

/// The program the admin is keeping: the request's (`?program=`, see `auth::program`).
pub(super) fn program() -> Result<Program, AppError> {
    crate::auth::program::current()?
        .ok_or_else(|| AppError::NotFound(crate::domain::Missing::Program))
}

pub(super) fn strings(layout: &Layout) -> &'static StructureStrings {
    &layout.locale.strings().structure
}

pub(super) fn unprocessable(html: String) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response()
}

pub(super) fn conflict(html: String) -> Response {
    (StatusCode::CONFLICT, Html(html)).into_response()
}

/// What the page says after a Post/Redirect/Get (`?done=saved`).
#[derive(Deserialize, Default)]
pub(super) struct Notice {
    pub done: Option<String>,
}

pub(super) fn notice_text(s: &StructureStrings, notice: &Notice) -> String {
    match notice.done.as_deref() {
        Some("saved") => s.saved.into(),
        Some("archived") => s.archived_notice.into(),
        Some("restored") => s.restored_notice.into(),
        Some("deleted") => s.deleted_notice.into(),
        Some("target") => s.target_saved.into(),
        _ => String::new(),
    }
}

/// Post/Redirect/Get after archiving or restoring: back to the list, saying which.
pub(super) fn after_archive_change(list: &str, archived: bool) -> Response {
    let done = if archived { "archived" } else { "restored" };
    Redirect::to(&format!("{list}?done={done}")).into_response()
}

#[derive(Template)]
#[template(path = "admin/confirm.html")]
pub(super) struct ConfirmPage {
    pub layout: Layout,
    pub s: &'static StructureStrings,
    pub title: String,
    pub explanation: String,
    pub action: String,
    pub button: String,
    pub back: String,
}

/// A problem in the page's language.
pub(super) fn problem_text(s: &StructureStrings, problem: Problem) -> &'static str {
    match problem {
        Problem::Required => s.err_required,
        Problem::Choose => s.err_choose,
        Problem::PillarCode => s.err_pillar_code,
        Problem::IndicatorCode => s.err_indicator_code,
        Problem::OrganisationCode => s.err_organisation_code,
        Problem::MilestoneCode => s.err_milestone_code,
        Problem::MaterialCode => s.err_material_code,
        Problem::CodeTaken => s.err_code_taken,
        Problem::Position => s.err_position,
        Problem::Decimals => s.err_decimals,
        Problem::MinCoverage => s.err_min_coverage,
        Problem::Number => s.err_number,
        Problem::AmbiguousNumber => s.err_ambiguous_number,
        Problem::Implausible => s.err_implausible,
        Problem::BoundsOrder => s.err_bounds_order,
        Problem::Year => s.err_year,
        Problem::BaselinePair => s.err_baseline_pair,
        Problem::FractionPooled => s.err_fraction_pooled,
        Problem::FractionLabels => s.err_fraction_labels,
        Problem::Stages => s.err_stages,
        Problem::StagesSame => s.err_stages_same,
        Problem::Frameworks => s.err_frameworks,
        Problem::FrameworksTwice => s.err_frameworks_twice,
        Problem::KindLocked => s.err_kind_locked,
        Problem::Reason => s.err_reason,
        Problem::Archived => s.err_archived,
        Problem::RouteTenant => s.err_route_tenant,
        Problem::ParkLevel => s.err_park_level,
        Problem::Computed => s.err_computed,
        Problem::Url => s.err_url,
        Problem::Email => s.err_email,
        Problem::Date => s.err_date,
        Problem::DueBeforeStart => s.err_due_before_start,
        Problem::CompletedNeeded => s.err_completed_needed,
        Problem::CompletedOnlyDone => s.err_completed_only_done,
        Problem::NameTooLong => s.err_name_too_long,
        Problem::TextTooLong => s.err_text_too_long,
        Problem::TargetRange => s.err_target_range,
    }
}

/// A number typed into an admin form, read by the page's language (`domain::number`, the
/// reader of every form): blank is `None`; an ambiguous entry is refused, to be retyped, not
/// guessed.
pub(super) fn read_typed_number(
    text: &str,
    convention: crate::domain::NumberConvention,
) -> Result<Option<f64>, Problem> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    match crate::domain::read_number(text, convention) {
        Ok(crate::domain::Reading::Exact(v)) => Ok(Some(v)),
        Ok(crate::domain::Reading::Confirm(_)) => Err(Problem::AmbiguousNumber),
        Err(_) => Err(Problem::Number),
    }
}

/// A stored number as an admin form shows it: it reads back exactly in either language.
pub(super) fn number_for_input(x: f64) -> String {
    crate::domain::write_for_input(x, crate::domain::NumberConvention::DecimalPoint)
}

/// The messages next to the fields, in the page's language.
pub(super) fn field_messages(s: &StructureStrings, problems: &[FieldProblem]) -> Vec<FieldMessage> {
    problems
        .iter()
        .map(|p| FieldMessage::new(p.field, problem_text(s, p.problem)))
        .collect()
}

/// An optional text field: trimmed, `None` when empty.
pub(super) fn optional_text(text: &str) -> Option<String> {
    Some(text.trim().to_string()).filter(|t| !t.is_empty())
}

/// A position field: empty is 0; what is not a whole number is a reading problem.
pub(super) fn read_position(text: &str, reading: &mut Vec<FieldProblem>) -> i16 {
    match text.trim() {
        "" => 0,
        text => text.parse().unwrap_or_else(|_| {
            reading.push(FieldProblem::new("position", Problem::Position));
            0
        }),
    }
}

/// The hidden version field of an edit form; `None` when missing or garbled.
pub(super) fn read_version(text: &str) -> Option<i32> {
    text.trim().parse().ok()
}
