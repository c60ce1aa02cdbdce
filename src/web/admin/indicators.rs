//! `/admin/indicators`: the list, the new-indicator form, the edit form, remove (deleted when
//! nothing refers to it, archived otherwise, after a confirmation page) and restore. The rules
//! and the writes are `crate::workflow::structure::indicators`'; this module reads the form and
//! shows the outcome on the page of `indicator_page`.
//! Reads through `store/`; no SQL, no write of its own and no rule here.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Form, Router};
use chrono::NaiveDate;

use super::indicator_page::{
    IndicatorForm, IndicatorView, changed_fields, indicator_by_code, render_indicator,
};
use super::structure::{
    ConfirmPage, Notice, conflict, field_messages, notice_text, optional_text, program,
    read_position, read_typed_number, read_version, strings, unprocessable,
};
use crate::auth::CurrentUser;
use crate::domain::NumberConvention;
use crate::domain::kinds::IndicatorKind;
use crate::domain::structure::{FrameworkReference, repeats_reference};
use crate::domain::{Actor, AuditOrigin, Bilingual};
use crate::error::AppError;
use crate::i18n::StructureStrings;
use crate::state::AppState;
use crate::store;
use crate::web::layout::Layout;
use crate::workflow::structure::indicators::{self, IndicatorInput, Removal};
use crate::workflow::structure::{FieldProblem, Problem, StructureError};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/indicators", get(indicators_page))
        .route(
            "/admin/indicators/new",
            get(new_indicator_page).post(create_indicator),
        )
        .route(
            "/admin/indicators/{code}",
            get(edit_indicator_page).post(update_indicator),
        )
        .route(
            "/admin/indicators/{code}/remove",
            get(confirm_remove_indicator).post(remove_indicator),
        )
        .route("/admin/indicators/{code}/restore", post(restore_indicator))
}

#[derive(Template)]
#[template(path = "admin/indicators.html")]
struct IndicatorsPage {
    layout: Layout,
    s: &'static StructureStrings,
    rows: Vec<IndicatorLine>,
    notice: String,
}

struct IndicatorLine {
    code: String,
    name: String,
    pillar: String,
    kind: String,
    unit: String,
    archived: bool,
}

async fn indicators_page(
    State(state): State<AppState>,
    layout: Layout,
    Query(notice): Query<Notice>,
) -> Result<Html<String>, AppError> {
    let program = program()?;
    let records = store::structure::indicators(&state.pool, program.id).await?;
    let s = strings(&layout);
    let t = layout.t;
    let rows = records
        .into_iter()
        .map(|r| IndicatorLine {
            name: layout.locale.text(&r.name).to_string(),
            kind: r
                .kind
                .parse::<IndicatorKind>()
                .map(|k| t.indicator_kind(k).to_string())
                .unwrap_or(r.kind),
            code: r.code,
            pillar: r.pillar_code,
            unit: r.unit,
            archived: r.archived,
        })
        .collect();
    let notice = notice_text(s, &notice);
    Ok(Html(
        IndicatorsPage {
            layout,
            s,
            rows,
            notice,
        }
        .render()?,
    ))
}

/// The non-empty lines of a text area, trimmed.
fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

/// The framework references, one a line: `framework | code | version | effective from`.
/// Reading stops at the first line in error, whichever its error: one that cannot be read is
/// a reading problem; a repeated reference goes along for the use case to name.
fn read_frameworks(text: &str, reading: &mut Vec<FieldProblem>) -> Vec<FrameworkReference> {
    let mut references = Vec::new();
    for line in lines(text) {
        let mut parts = line.split('|').map(str::trim);
        let framework = parts.next().unwrap_or("").to_string();
        let code = parts.next().unwrap_or("").to_string();
        let version = parts.next().unwrap_or("").to_string();
        let effective_from = match parts.next().filter(|d| !d.is_empty()) {
            None => Ok(None),
            Some(d) => NaiveDate::parse_from_str(d, "%Y-%m-%d").map(Some),
        };
        let Ok(effective_from) = effective_from else {
            reading.push(FieldProblem::new("frameworks", Problem::Frameworks));
            break;
        };
        if framework.is_empty() || parts.next().is_some() {
            reading.push(FieldProblem::new("frameworks", Problem::Frameworks));
            break;
        }
        references.push(FrameworkReference {
            framework,
            code,
            version,
            effective_from,
        });
        if repeats_reference(&references) {
            break;
        }
    }
    references
}

/// The form as the use case's input: closed sets not chosen are `None`; numbers, the
/// references and the position that cannot be read are reading problems.
fn read_indicator(form: &IndicatorForm, convention: NumberConvention) -> IndicatorInput {
    let mut reading = Vec::new();
    let decimals = match form.decimals.trim() {
        "" => 1,
        text => text.parse::<i16>().unwrap_or_else(|_| {
            reading.push(FieldProblem::new("decimals", Problem::Decimals));
            1
        }),
    };
    let mut number = |field: &'static str, text: &str| {
        read_typed_number(text, convention).unwrap_or_else(|problem| {
            reading.push(FieldProblem::new(field, problem));
            None
        })
    };
    let baseline_value = number("baseline_value", &form.baseline_value);
    let bound_min = number("bound_min", &form.bound_min);
    let bound_max = number("bound_max", &form.bound_max);
    let bound_parts_max = number("bound_parts_max", &form.bound_parts_max);
    let baseline_year = match form.baseline_year.trim() {
        "" => None,
        text => {
            let year = text.parse::<i16>().ok();
            if year.is_none() {
                reading.push(FieldProblem::new("baseline_year", Problem::Year));
            }
            year
        }
    };
    let frameworks = read_frameworks(&form.frameworks, &mut reading);
    let position = read_position(&form.position, &mut reading);
    let min_coverage_percent = match form.min_coverage_percent.trim() {
        "" => None,
        text => text.parse::<i16>().map(Some).unwrap_or_else(|_| {
            reading.push(FieldProblem::new(
                "min_coverage_percent",
                Problem::MinCoverage,
            ));
            None
        }),
    };
    // Not computed, or one of the closed set; anything else was not offered.
    let computed_from = match form.computed_from.trim() {
        "" => None,
        text => text.parse().map(Some).unwrap_or_else(|_| {
            reading.push(FieldProblem::new("computed_from", Problem::Choose));
            None
        }),
    };
    IndicatorInput {
        pillar: form.pillar.clone(),
        code: form.code.clone(),
        name: Bilingual::new(form.name_en.clone(), form.name_id.clone()),
        definition: Bilingual::new(form.definition_en.clone(), form.definition_id.clone()),
        unit: form.unit.clone(),
        kind: form.kind.parse().ok(),
        direction: form.direction.parse().ok(),
        aggregation: form.aggregation.parse().ok(),
        cumulative: form.is_cumulative(),
        frequency: form.frequency.parse().ok(),
        decimals,
        baseline_value,
        baseline_year,
        numerator_label: Bilingual::new(
            optional_text(&form.numerator_label_en),
            optional_text(&form.numerator_label_id),
        ),
        denominator_label: Bilingual::new(
            optional_text(&form.denominator_label_en),
            optional_text(&form.denominator_label_id),
        ),
        stage_labels: Bilingual::new(lines(&form.stage_labels_en), lines(&form.stage_labels_id)),
        frameworks,
        position,
        min_coverage_percent,
        bound_min,
        bound_max,
        bound_parts_max,
        computed_from,
        reading_problems: reading,
    }
}

async fn new_indicator_page(
    State(state): State<AppState>,
    layout: Layout,
) -> Result<Html<String>, AppError> {
    let form = IndicatorForm {
        kind: "quantity".into(),
        direction: "higher_is_better".into(),
        aggregation: "sum".into(),
        frequency: "quarterly".into(),
        decimals: "1".into(),
        position: "0".into(),
        min_coverage_percent: crate::domain::coverage::DEFAULT_MIN_COVERAGE_PERCENT.to_string(),
        ..IndicatorForm::default()
    };
    Ok(Html(
        render_indicator(&state, layout, None, IndicatorView::plain(form)).await?,
    ))
}

async fn create_indicator(
    State(state): State<AppState>,
    layout: Layout,
    Extension(admin): Extension<CurrentUser>,
    context: AuditOrigin,
    Form(form): Form<IndicatorForm>,
) -> Result<Response, AppError> {
    let program = program()?;
    let mut tx = state.pool.begin().await?;
    let created = indicators::create(
        &mut tx,
        &Actor::from(&admin),
        &context,
        program.id,
        &read_indicator(&form, layout.locale.number_convention()),
    )
    .await;
    match created {
        Ok(saved) => {
            tx.commit().await?;
            Ok(
                Redirect::to(&format!("/admin/indicators/{}?done=saved", saved.code))
                    .into_response(),
            )
        }
        Err(StructureError::Invalid(problems)) => {
            drop(tx);
            let view = IndicatorView {
                errors: field_messages(strings(&layout), &problems),
                ..IndicatorView::plain(form)
            };
            let html = render_indicator(&state, layout, None, view).await?;
            Ok(unprocessable(html))
        }
        Err(e) => Err(e.into()),
    }
}

async fn edit_indicator_page(
    State(state): State<AppState>,
    layout: Layout,
    Path(code): Path<String>,
    Query(notice): Query<Notice>,
) -> Result<Html<String>, AppError> {
    let record = indicator_by_code(&state, &code).await?;
    let view = IndicatorView {
        notice: notice_text(strings(&layout), &notice),
        ..IndicatorView::plain(IndicatorForm::of(&record))
    };
    Ok(Html(
        render_indicator(&state, layout, Some(&record), view).await?,
    ))
}

async fn update_indicator(
    State(state): State<AppState>,
    layout: Layout,
    Extension(admin): Extension<CurrentUser>,
    context: AuditOrigin,
    Path(code): Path<String>,
    Form(mut form): Form<IndicatorForm>,
) -> Result<Response, AppError> {
    let s = strings(&layout);
    let program = program()?;
    // The code names the indicator in addresses, the API and reported data; it is not edited.
    form.code = code.clone();
    let mut tx = state.pool.begin().await?;
    let updated = indicators::update(
        &mut tx,
        &Actor::from(&admin),
        &context,
        program.id,
        &code,
        read_version(&form.version),
        &read_indicator(&form, layout.locale.number_convention()),
    )
    .await;
    match updated {
        Ok(()) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/admin/indicators/{code}?done=saved")).into_response())
        }
        Err(StructureError::Invalid(problems)) => {
            drop(tx);
            let record = indicator_by_code(&state, &code).await?;
            let view = IndicatorView {
                errors: field_messages(s, &problems),
                ..IndicatorView::plain(form)
            };
            let html = render_indicator(&state, layout, Some(&record), view).await?;
            Ok(unprocessable(html))
        }
        Err(StructureError::VersionMissing) => Err(AppError::BadRequest(
            "The form lacks the indicator's version.".into(),
        )),
        Err(StructureError::Stale) => {
            drop(tx);
            // Someone saved first: show what they changed beside this user's input, and take
            // the current version so that saving again is a deliberate overwrite.
            let current = indicator_by_code(&state, &code).await?;
            let changed = changed_fields(&IndicatorForm::of(&current), &form, s);
            form.version = current.version.to_string();
            let view = IndicatorView {
                conflict: changed,
                ..IndicatorView::plain(form)
            };
            let html = render_indicator(&state, layout, Some(&current), view).await?;
            Ok(conflict(html))
        }
        Err(e) => Err(e.into()),
    }
}

async fn confirm_remove_indicator(
    State(state): State<AppState>,
    layout: Layout,
    Path(code): Path<String>,
) -> Result<Html<String>, AppError> {
    let record = indicator_by_code(&state, &code).await?;
    let s = strings(&layout);
    let referenced = record.observations + record.targets + record.assignments > 0;
    Ok(Html(
        ConfirmPage {
            title: format!("{} {}", record.code, layout.locale.text(&record.name)),
            explanation: if referenced {
                (s.remove_archives)(record.observations, record.targets, record.assignments)
            } else {
                s.remove_deletes.into()
            },
            action: format!("/admin/indicators/{}/remove", record.code),
            button: if referenced { s.archive } else { s.delete }.into(),
            back: format!("/admin/indicators/{}", record.code),
            layout,
            s,
        }
        .render()?,
    ))
}

async fn remove_indicator(
    State(state): State<AppState>,
    Extension(admin): Extension<CurrentUser>,
    context: AuditOrigin,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    let program = program()?;
    let mut tx = state.pool.begin().await?;
    let removal = indicators::remove(
        &mut tx,
        &Actor::from(&admin),
        &context,
        program.id,
        &code,
        state.clock.now(),
    )
    .await?;
    tx.commit().await?;
    Ok(match removal {
        Removal::Deleted => Redirect::to("/admin/indicators?done=deleted"),
        Removal::Archived => Redirect::to(&format!("/admin/indicators/{code}?done=archived")),
    }
    .into_response())
}

async fn restore_indicator(
    State(state): State<AppState>,
    Extension(admin): Extension<CurrentUser>,
    context: AuditOrigin,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    let program = program()?;
    let mut tx = state.pool.begin().await?;
    indicators::restore(
        &mut tx,
        &Actor::from(&admin),
        &context,
        program.id,
        &code,
        state.clock.now(),
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/admin/indicators/{code}?done=restored")).into_response())
}
