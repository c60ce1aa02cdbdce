//! `/admin/pillars` and `/admin/indicators`: the program's structure kept through forms —
//! pillars, indicators with every attribute and their framework references, and yearly targets
//! whose every change asks for a reason and is kept in `target_revision`.
//!
//! Rules of these forms: input is parsed once at the edge into a draft (a message per field,
//! the input kept, nothing stored on failure); an update carries the version it started from
//! and a stale one is refused with what changed shown beside the user's input; anything data
//! refers to is archived rather than deleted, after a confirmation page; every write and its
//! audit entry commit together; Post/Redirect/Get throughout.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Extension, Form, Router};
use serde::Deserialize;
use serde_json::json;

use crate::auth::CurrentUser;
use crate::domain::kinds::{Aggregation, Direction, Frequency, IndicatorKind};
use crate::domain::structure::FrameworkReference;
use crate::domain::{Actor, AuditOrigin};
use crate::error::{AppError, FieldMessage};
use crate::state::AppState;
use crate::store;
use crate::store::audit::{self, AuditEntry};
use crate::store::program::Program;
use crate::store::structure::{
    IndicatorDraft, IndicatorRecord, PillarDraft, PillarRecord, TargetWrite,
};
use crate::web::form::message_for;
use crate::web::layout::Layout;
use crate::web::structure_strings::{self, StructureStrings};
use crate::web::view;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/pillars", get(pillars_page).post(create_pillar))
        .route(
            "/admin/pillars/{code}",
            get(edit_pillar_page).post(update_pillar),
        )
        .route(
            "/admin/pillars/{code}/archive",
            get(confirm_archive_pillar).post(archive_pillar),
        )
        .route(
            "/admin/pillars/{code}/restore",
            axum::routing::post(restore_pillar),
        )
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
            "/admin/indicators/{code}/targets",
            axum::routing::post(set_target),
        )
        .route(
            "/admin/indicators/{code}/remove",
            get(confirm_remove_indicator).post(remove_indicator),
        )
        .route(
            "/admin/indicators/{code}/restore",
            axum::routing::post(restore_indicator),
        )
}

/// A choice in a `<select>`: the stored value and its label in the page's language.
pub(crate) struct Choice {
    pub value: String,
    pub label: String,
}

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

/// A field that someone else changed while this user was editing: what it holds now.
pub(crate) struct ChangedField {
    pub field: String,
    pub stored: String,
}

pub(super) async fn program(state: &AppState) -> Result<Program, AppError> {
    store::program::main_program(&state.pool)
        .await?
        .ok_or_else(|| AppError::NotFound("The program".into()))
}

pub(super) fn strings(layout: &Layout) -> &'static StructureStrings {
    structure_strings::for_locale(layout.locale)
}

pub(super) fn unprocessable(html: String) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response()
}

pub(super) fn is_unique_violation(err: &sqlx::Error, constraint: &str) -> bool {
    err.as_database_error()
        .and_then(|d| d.constraint())
        .is_some_and(|c| c == constraint)
}

// ---------------------------------------------------------------------------------------------
// Pillars

#[derive(Template)]
#[template(path = "admin/pillars.html")]
struct PillarsPage {
    layout: Layout,
    s: &'static StructureStrings,
    pillars: Vec<PillarRecord>,
    form: PillarForm,
    errors: Vec<FieldMessage>,
    notice: String,
    /// The pillar being edited (its code), or empty for the list with the new-pillar form.
    editing: String,
    conflict: Vec<ChangedField>,
}

impl PillarsPage {
    fn error(&self, field: &str) -> String {
        message_for(&self.errors, field)
    }
}

#[derive(Debug, Default, Clone, Deserialize)]
struct PillarForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    name_en: String,
    #[serde(default)]
    name_id: String,
    #[serde(default)]
    description_en: String,
    #[serde(default)]
    description_id: String,
    #[serde(default)]
    position: String,
    #[serde(default)]
    version: String,
}

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

fn parse_pillar(form: &PillarForm, s: &StructureStrings) -> Result<PillarDraft, Vec<FieldMessage>> {
    let mut errors = Vec::new();
    let code = form.code.trim().to_ascii_uppercase();
    if !(2..=4).contains(&code.len()) || !code.chars().all(|c| c.is_ascii_uppercase()) {
        errors.push(FieldMessage::new("code", s.err_pillar_code));
    }
    for (field, value) in [("name_en", &form.name_en), ("name_id", &form.name_id)] {
        if value.trim().is_empty() {
            errors.push(FieldMessage::new(field, s.err_required));
        }
    }
    let position = parse_position(&form.position, &mut errors, s);
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(PillarDraft {
        code,
        name_en: form.name_en.trim().into(),
        name_id: form.name_id.trim().into(),
        description_en: form.description_en.trim().into(),
        description_id: form.description_id.trim().into(),
        position,
    })
}

fn parse_position(text: &str, errors: &mut Vec<FieldMessage>, s: &StructureStrings) -> i16 {
    let text = text.trim();
    if text.is_empty() {
        return 0;
    }
    match text.parse::<i16>() {
        Ok(p) if p >= 0 => p,
        _ => {
            errors.push(FieldMessage::new("position", s.err_position));
            0
        }
    }
}

async fn render_pillars(
    state: &AppState,
    layout: Layout,
    form: PillarForm,
    errors: Vec<FieldMessage>,
    notice: String,
    editing: String,
) -> Result<String, AppError> {
    render_pillars_with(state, layout, form, errors, notice, editing, Vec::new()).await
}

async fn render_pillars_with(
    state: &AppState,
    layout: Layout,
    form: PillarForm,
    errors: Vec<FieldMessage>,
    notice: String,
    editing: String,
    conflict: Vec<ChangedField>,
) -> Result<String, AppError> {
    let program = program(state).await?;
    let pillars = store::structure::pillars(&state.pool, program.id).await?;
    let s = strings(&layout);
    Ok(PillarsPage {
        layout,
        s,
        pillars,
        form,
        errors,
        notice,
        editing,
        conflict,
    }
    .render()?)
}

async fn pillars_page(
    State(state): State<AppState>,
    layout: Layout,
    Query(notice): Query<Notice>,
) -> Result<Html<String>, AppError> {
    let notice = notice_text(strings(&layout), &notice);
    Ok(Html(
        render_pillars(
            &state,
            layout,
            PillarForm::default(),
            Vec::new(),
            notice,
            String::new(),
        )
        .await?,
    ))
}

async fn create_pillar(
    State(state): State<AppState>,
    layout: Layout,
    Extension(admin): Extension<CurrentUser>,
    context: AuditOrigin,
    Form(form): Form<PillarForm>,
) -> Result<Response, AppError> {
    let s = strings(&layout);
    let program = program(&state).await?;
    let draft = match parse_pillar(&form, s) {
        Ok(d) => d,
        Err(errors) => {
            let html =
                render_pillars(&state, layout, form, errors, String::new(), String::new()).await?;
            return Ok(unprocessable(html));
        }
    };
    let mut tx = state.pool.begin().await?;
    let id = match store::structure::insert_pillar(&mut tx, program.id, &draft).await {
        Ok(id) => id,
        Err(e) if is_unique_violation(&e, "pillar_code_key") => {
            let errors = vec![FieldMessage::new("code", s.err_code_taken)];
            let html =
                render_pillars(&state, layout, form, errors, String::new(), String::new()).await?;
            return Ok(unprocessable(html));
        }
        Err(e) => return Err(e.into()),
    };
    audit::record(
        &mut tx,
        &Actor::from(&admin),
        &context,
        AuditEntry {
            action: "create",
            entity: "pillar",
            entity_id: Some(id.to_string()),
            before: None,
            after: Some(json!(draft)),
            reason: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to("/admin/pillars?done=saved").into_response())
}

async fn pillar_by_code(state: &AppState, code: &str) -> Result<PillarRecord, AppError> {
    let program = program(state).await?;
    store::structure::pillars(&state.pool, program.id)
        .await?
        .into_iter()
        .find(|p| p.code == code)
        .ok_or_else(|| AppError::NotFound(format!("Pillar {code}")))
}

async fn edit_pillar_page(
    State(state): State<AppState>,
    layout: Layout,
    Path(code): Path<String>,
) -> Result<Html<String>, AppError> {
    let pillar = pillar_by_code(&state, &code).await?;
    let form = PillarForm {
        code: pillar.code.clone(),
        name_en: pillar.name_en,
        name_id: pillar.name_id,
        description_en: pillar.description_en,
        description_id: pillar.description_id,
        position: pillar.position.to_string(),
        version: pillar.version.to_string(),
    };
    Ok(Html(
        render_pillars(&state, layout, form, Vec::new(), String::new(), pillar.code).await?,
    ))
}

async fn update_pillar(
    State(state): State<AppState>,
    layout: Layout,
    Extension(admin): Extension<CurrentUser>,
    context: AuditOrigin,
    Path(code): Path<String>,
    Form(mut form): Form<PillarForm>,
) -> Result<Response, AppError> {
    let s = strings(&layout);
    let pillar = pillar_by_code(&state, &code).await?;
    // The code names the pillar in addresses and data; it is not edited.
    form.code = pillar.code.clone();
    let draft = match parse_pillar(&form, s) {
        Ok(d) => d,
        Err(errors) => {
            let html =
                render_pillars(&state, layout, form, errors, String::new(), pillar.code).await?;
            return Ok(unprocessable(html));
        }
    };
    let Ok(version) = form.version.trim().parse::<i32>() else {
        return Err(AppError::BadRequest(
            "The form lacks the pillar's version.".into(),
        ));
    };
    let mut tx = state.pool.begin().await?;
    if store::structure::update_pillar(&mut tx, pillar.id, version, &draft)
        .await?
        .is_none()
    {
        drop(tx);
        // Someone saved first: show what they changed, keep this user's input, and take the
        // current version so that saving again is a deliberate overwrite.
        let current = pillar_by_code(&state, &code).await?;
        let conflict = [
            (s.name_en, &current.name_en, &form.name_en),
            (s.name_id, &current.name_id, &form.name_id),
            (
                s.description_en,
                &current.description_en,
                &form.description_en,
            ),
            (
                s.description_id,
                &current.description_id,
                &form.description_id,
            ),
        ]
        .into_iter()
        .filter(|(_, a, b)| a.trim() != b.trim())
        .map(|(field, stored, _)| ChangedField {
            field: field.into(),
            stored: stored.clone(),
        })
        .chain(
            (current.position.to_string() != form.position.trim()).then(|| ChangedField {
                field: s.position.into(),
                stored: current.position.to_string(),
            }),
        )
        .collect();
        form.version = current.version.to_string();
        let html = render_pillars_with(
            &state,
            layout,
            form,
            Vec::new(),
            String::new(),
            current.code,
            conflict,
        )
        .await?;
        return Ok((StatusCode::CONFLICT, Html(html)).into_response());
    }
    audit::record(
        &mut tx,
        &Actor::from(&admin),
        &context,
        AuditEntry {
            action: "update",
            entity: "pillar",
            entity_id: Some(pillar.id.to_string()),
            before: Some(json!(pillar)),
            after: Some(json!(draft)),
            reason: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to("/admin/pillars?done=saved").into_response())
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

async fn confirm_archive_pillar(
    State(state): State<AppState>,
    layout: Layout,
    Path(code): Path<String>,
) -> Result<Html<String>, AppError> {
    let pillar = pillar_by_code(&state, &code).await?;
    let s = strings(&layout);
    Ok(Html(
        ConfirmPage {
            title: format!(
                "{} {} — {}",
                pillar.code,
                view::pick(layout.locale, &pillar.name_en, &pillar.name_id),
                s.archive
            ),
            explanation: s.archive_pillar_explained.into(),
            action: format!("/admin/pillars/{}/archive", pillar.code),
            button: s.archive.into(),
            back: "/admin/pillars".into(),
            layout,
            s,
        }
        .render()?,
    ))
}

async fn set_pillar_archived(
    state: AppState,
    admin: CurrentUser,
    context: AuditOrigin,
    code: &str,
    archived: bool,
) -> Result<Response, AppError> {
    let pillar = pillar_by_code(&state, code).await?;
    let mut tx = state.pool.begin().await?;
    store::structure::set_pillar_archived(&mut tx, pillar.id, archived).await?;
    record_archive_change(
        &mut tx,
        &admin,
        &context,
        "pillar",
        pillar.id,
        pillar.archived,
        archived,
    )
    .await?;
    tx.commit().await?;
    Ok(after_archive_change("/admin/pillars", archived))
}

/// The audit entry of archiving or restoring an entity, in the caller's transaction.
pub(super) async fn record_archive_change(
    tx: &mut sqlx::PgConnection,
    admin: &CurrentUser,
    context: &AuditOrigin,
    entity: &str,
    id: uuid::Uuid,
    was_archived: bool,
    archived: bool,
) -> Result<(), AppError> {
    audit::record(
        tx,
        &Actor::from(admin),
        context,
        AuditEntry {
            action: if archived { "archive" } else { "restore" },
            entity,
            entity_id: Some(id.to_string()),
            before: Some(json!({ "archived": was_archived })),
            after: Some(json!({ "archived": archived })),
            reason: None,
        },
    )
    .await?;
    Ok(())
}

/// Post/Redirect/Get after archiving or restoring: back to the list, saying which.
pub(super) fn after_archive_change(list: &str, archived: bool) -> Response {
    let done = if archived { "archived" } else { "restored" };
    Redirect::to(&format!("{list}?done={done}")).into_response()
}

async fn archive_pillar(
    State(state): State<AppState>,
    Extension(admin): Extension<CurrentUser>,
    context: AuditOrigin,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    set_pillar_archived(state, admin, context, &code, true).await
}

async fn restore_pillar(
    State(state): State<AppState>,
    Extension(admin): Extension<CurrentUser>,
    context: AuditOrigin,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    set_pillar_archived(state, admin, context, &code, false).await
}

// ---------------------------------------------------------------------------------------------
// Indicators

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
    let program = program(&state).await?;
    let records = store::structure::indicators(&state.pool, program.id).await?;
    let s = strings(&layout);
    let t = layout.t;
    let rows = records
        .into_iter()
        .map(|r| IndicatorLine {
            name: view::pick(layout.locale, &r.name_en, &r.name_id),
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

/// The indicator form as typed: every field text, kept as is when the form comes back.
#[derive(Debug, Default, Clone, Deserialize)]
pub(crate) struct IndicatorForm {
    #[serde(default)]
    pub pillar: String,
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub name_en: String,
    #[serde(default)]
    pub name_id: String,
    #[serde(default)]
    pub definition_en: String,
    #[serde(default)]
    pub definition_id: String,
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub direction: String,
    #[serde(default)]
    pub aggregation: String,
    #[serde(default)]
    pub cumulative: Option<String>,
    #[serde(default)]
    pub frequency: String,
    #[serde(default)]
    pub decimals: String,
    #[serde(default)]
    pub baseline_value: String,
    #[serde(default)]
    pub baseline_year: String,
    #[serde(default)]
    pub numerator_label_en: String,
    #[serde(default)]
    pub numerator_label_id: String,
    #[serde(default)]
    pub denominator_label_en: String,
    #[serde(default)]
    pub denominator_label_id: String,
    #[serde(default)]
    pub stage_labels_en: String,
    #[serde(default)]
    pub stage_labels_id: String,
    #[serde(default)]
    pub frameworks: String,
    #[serde(default)]
    pub position: String,
    #[serde(default)]
    pub version: String,
}

impl IndicatorForm {
    fn of(r: &IndicatorRecord) -> IndicatorForm {
        IndicatorForm {
            pillar: r.pillar_code.clone(),
            code: r.code.clone(),
            name_en: r.name_en.clone(),
            name_id: r.name_id.clone(),
            definition_en: r.definition_en.clone(),
            definition_id: r.definition_id.clone(),
            unit: r.unit.clone(),
            kind: r.kind.clone(),
            direction: r.direction.clone(),
            aggregation: r.aggregation.clone(),
            cumulative: r.cumulative.then(|| "on".into()),
            frequency: r.frequency.clone(),
            decimals: r.decimals.to_string(),
            baseline_value: r.baseline_value.map(|v| v.to_string()).unwrap_or_default(),
            baseline_year: r.baseline_year.map(|v| v.to_string()).unwrap_or_default(),
            numerator_label_en: r.numerator_label_en.clone().unwrap_or_default(),
            numerator_label_id: r.numerator_label_id.clone().unwrap_or_default(),
            denominator_label_en: r.denominator_label_en.clone().unwrap_or_default(),
            denominator_label_id: r.denominator_label_id.clone().unwrap_or_default(),
            stage_labels_en: r.stage_labels_en.clone().unwrap_or_default().join("\n"),
            stage_labels_id: r.stage_labels_id.clone().unwrap_or_default().join("\n"),
            frameworks: r.frameworks.join("\n"),
            position: r.position.to_string(),
            version: r.version.to_string(),
        }
    }

    fn is_cumulative(&self) -> bool {
        self.cumulative.is_some()
    }
}

fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

pub(super) fn optional_text(text: &str) -> Option<String> {
    Some(text.trim().to_string()).filter(|t| !t.is_empty())
}

fn valid_indicator_code(code: &str) -> bool {
    let Some((letters, digits)) = code.split_once('-') else {
        return false;
    };
    (2..=4).contains(&letters.len())
        && letters.chars().all(|c| c.is_ascii_uppercase())
        && (2..=3).contains(&digits.len())
        && digits.chars().all(|c| c.is_ascii_digit())
}

/// Parses the indicator form into a draft, or a message per field. `pillars` are the live
/// pillars to choose from; `locked_kind` is set when observations exist (the kind and the
/// frequency of reported data cannot change under it).
fn parse_indicator(
    form: &IndicatorForm,
    pillars: &[PillarRecord],
    locked: Option<&IndicatorRecord>,
    s: &StructureStrings,
) -> Result<IndicatorDraft, Vec<FieldMessage>> {
    let mut errors = Vec::new();
    let pillar_id = pillars
        .iter()
        .find(|p| p.code == form.pillar && !p.archived)
        .map(|p| p.id);
    if pillar_id.is_none() {
        errors.push(FieldMessage::new("pillar", s.err_choose));
    }
    let code = form.code.trim().to_ascii_uppercase();
    if !valid_indicator_code(&code) {
        errors.push(FieldMessage::new("code", s.err_indicator_code));
    }
    for (field, value) in [
        ("name_en", &form.name_en),
        ("name_id", &form.name_id),
        ("unit", &form.unit),
    ] {
        if value.trim().is_empty() {
            errors.push(FieldMessage::new(field, s.err_required));
        }
    }
    let kind = form.kind.parse::<IndicatorKind>().ok();
    if kind.is_none() {
        errors.push(FieldMessage::new("kind", s.err_choose));
    }
    let direction = form.direction.parse::<Direction>().ok();
    if direction.is_none() {
        errors.push(FieldMessage::new("direction", s.err_choose));
    }
    let aggregation = form.aggregation.parse::<Aggregation>().ok();
    if aggregation.is_none() {
        errors.push(FieldMessage::new("aggregation", s.err_choose));
    }
    let frequency = form.frequency.parse::<Frequency>().ok();
    if frequency.is_none() {
        errors.push(FieldMessage::new("frequency", s.err_choose));
    }
    // Percentages and ratios are pooled (Σ numerators ÷ Σ denominators), never averaged.
    if let (Some(k), Some(a)) = (kind, aggregation)
        && k.uses_fraction()
        && !matches!(a, Aggregation::RatioOfSums | Aggregation::Park)
    {
        errors.push(FieldMessage::new("aggregation", s.err_fraction_pooled));
    }
    if let Some(existing) = locked.filter(|r| r.observations > 0) {
        if kind.is_some_and(|k| k.as_str() != existing.kind) {
            errors.push(FieldMessage::new("kind", s.err_kind_locked));
        }
        if frequency.is_some_and(|f| f.as_str() != existing.frequency) {
            errors.push(FieldMessage::new("frequency", s.err_kind_locked));
        }
    }
    let decimals = match form.decimals.trim() {
        "" => 1,
        text => match text.parse::<i16>() {
            Ok(d) if (0..=6).contains(&d) => d,
            _ => {
                errors.push(FieldMessage::new("decimals", s.err_decimals));
                1
            }
        },
    };
    let baseline_value = match form.baseline_value.trim() {
        "" => None,
        text => match text.replace(',', ".").parse::<f64>() {
            Ok(v) if v.is_finite() => Some(v),
            _ => {
                errors.push(FieldMessage::new("baseline_value", s.err_number));
                None
            }
        },
    };
    let baseline_year = match form.baseline_year.trim() {
        "" => None,
        text => match text.parse::<i16>() {
            Ok(y) if (2000..=2100).contains(&y) => Some(y),
            _ => {
                errors.push(FieldMessage::new("baseline_year", s.err_year));
                None
            }
        },
    };
    if form.baseline_value.trim().is_empty() != form.baseline_year.trim().is_empty() {
        errors.push(FieldMessage::new("baseline_year", s.err_baseline_pair));
    }
    let fraction = kind.is_some_and(|k| k.uses_fraction());
    if fraction {
        for field in ["numerator_label_en", "denominator_label_en"] {
            let value = if field == "numerator_label_en" {
                &form.numerator_label_en
            } else {
                &form.denominator_label_en
            };
            if value.trim().is_empty() {
                errors.push(FieldMessage::new(field, s.err_fraction_labels));
            }
        }
    }
    let milestone = kind == Some(IndicatorKind::Milestone);
    let (stages_en, stages_id) = (lines(&form.stage_labels_en), lines(&form.stage_labels_id));
    if milestone {
        if stages_en.len() < 2 {
            errors.push(FieldMessage::new("stage_labels_en", s.err_stages));
        }
        if stages_en.len() != stages_id.len() {
            errors.push(FieldMessage::new("stage_labels_id", s.err_stages_same));
        }
    }
    let mut frameworks: Vec<FrameworkReference> = Vec::new();
    for line in lines(&form.frameworks) {
        let mut parts = line.split('|').map(str::trim);
        let framework = parts.next().unwrap_or("").to_string();
        let code = parts.next().unwrap_or("").to_string();
        let version = parts.next().unwrap_or("").to_string();
        let effective_from = match parts.next().filter(|d| !d.is_empty()) {
            None => Ok(None),
            Some(d) => chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").map(Some),
        };
        let Ok(effective_from) = effective_from else {
            errors.push(FieldMessage::new("frameworks", s.err_frameworks));
            break;
        };
        if framework.is_empty() || parts.next().is_some() {
            errors.push(FieldMessage::new("frameworks", s.err_frameworks));
            break;
        }
        let line = FrameworkReference {
            framework,
            code,
            version,
            effective_from,
        };
        // One reference per framework, code and version (whatever its date).
        if frameworks.iter().any(|f| {
            (&f.framework, &f.code, &f.version) == (&line.framework, &line.code, &line.version)
        }) {
            errors.push(FieldMessage::new("frameworks", s.err_frameworks_twice));
            break;
        }
        frameworks.push(line);
    }
    let position = parse_position(&form.position, &mut errors, s);
    if !errors.is_empty() {
        return Err(errors);
    }
    let (Some(pillar_id), Some(kind), Some(direction), Some(aggregation), Some(frequency)) =
        (pillar_id, kind, direction, aggregation, frequency)
    else {
        return Err(errors);
    };
    Ok(IndicatorDraft {
        pillar_id,
        code,
        name_en: form.name_en.trim().into(),
        name_id: form.name_id.trim().into(),
        definition_en: form.definition_en.trim().into(),
        definition_id: form.definition_id.trim().into(),
        unit: form.unit.trim().into(),
        kind: kind.as_str().into(),
        direction: direction.as_str().into(),
        aggregation: aggregation.as_str().into(),
        cumulative: form.is_cumulative(),
        frequency: frequency.as_str().into(),
        decimals,
        baseline_value,
        baseline_year,
        numerator_label_en: optional_text(&form.numerator_label_en).filter(|_| fraction),
        numerator_label_id: optional_text(&form.numerator_label_id).filter(|_| fraction),
        denominator_label_en: optional_text(&form.denominator_label_en).filter(|_| fraction),
        denominator_label_id: optional_text(&form.denominator_label_id).filter(|_| fraction),
        stage_labels_en: milestone.then_some(stages_en),
        stage_labels_id: milestone.then_some(stages_id),
        position,
        frameworks,
    })
}

#[derive(Template)]
#[template(path = "admin/indicator.html")]
struct IndicatorPage {
    layout: Layout,
    s: &'static StructureStrings,
    /// Empty for a new indicator.
    code: String,
    archived: bool,
    observations: i64,
    form: IndicatorForm,
    errors: Vec<FieldMessage>,
    conflict: Vec<ChangedField>,
    notice: String,
    pillars: Vec<Choice>,
    kinds: Vec<Choice>,
    directions: Vec<Choice>,
    aggregations: Vec<Choice>,
    frequencies: Vec<Choice>,
    targets: Vec<TargetRow>,
    history: Vec<HistoryLine>,
}

impl IndicatorPage {
    fn error(&self, field: &str) -> String {
        message_for(&self.errors, field)
    }
}

/// A year's target on the form: its value (or the value typed), its version, a message.
struct TargetRow {
    year: i16,
    value: String,
    version: String,
    reason: String,
    error: String,
}

struct HistoryLine {
    year: i16,
    old_value: String,
    new_value: String,
    reason: String,
    changed_by: String,
    changed_at: String,
}

/// What the target form typed, to keep when it comes back.
#[derive(Debug, Default, Clone, Deserialize)]
struct TargetForm {
    #[serde(default)]
    year: String,
    #[serde(default)]
    value: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    version: String,
}

struct IndicatorView {
    form: IndicatorForm,
    errors: Vec<FieldMessage>,
    conflict: Vec<ChangedField>,
    notice: String,
    target_input: Option<(TargetForm, String)>,
}

impl IndicatorView {
    fn plain(form: IndicatorForm) -> Self {
        IndicatorView {
            form,
            errors: Vec::new(),
            conflict: Vec::new(),
            notice: String::new(),
            target_input: None,
        }
    }
}

async fn render_indicator(
    state: &AppState,
    layout: Layout,
    record: Option<&IndicatorRecord>,
    view: IndicatorView,
) -> Result<String, AppError> {
    let program = program(state).await?;
    let pool = &state.pool;
    let pillars = store::structure::pillars(pool, program.id).await?;
    let (targets, history) = match record {
        Some(r) => tokio::try_join!(
            store::structure::targets(pool, r.id),
            store::catalogue::target_history(pool, r.id)
        )?,
        None => (Vec::new(), Vec::new()),
    };
    let s = strings(&layout);
    let t = layout.t;
    let mut years: Vec<i16> = (program
        .starts_on
        .format("%Y")
        .to_string()
        .parse::<i16>()
        .unwrap_or(2026)
        ..=program
            .ends_on
            .format("%Y")
            .to_string()
            .parse::<i16>()
            .unwrap_or(2028))
        .collect();
    years.extend(targets.iter().map(|t| t.year));
    years.sort_unstable();
    years.dedup();
    let target_rows = years
        .into_iter()
        .map(|year| {
            let stored = targets.iter().find(|t| t.year == year);
            let mut row = TargetRow {
                year,
                value: stored.map(|t| t.value.to_string()).unwrap_or_default(),
                version: stored.map(|t| t.version.to_string()).unwrap_or_default(),
                reason: String::new(),
                error: String::new(),
            };
            if let Some((input, error)) = &view.target_input
                && input.year == year.to_string()
            {
                row.value = input.value.clone();
                row.reason = input.reason.clone();
                row.error = error.clone();
            }
            row
        })
        .collect();
    let history = history
        .into_iter()
        .map(|h| HistoryLine {
            year: h.year,
            old_value: h
                .old_value
                .map(|v| v.to_string())
                .unwrap_or_else(|| "—".into()),
            new_value: h.new_value.to_string(),
            reason: h.reason,
            changed_by: h.changed_by,
            changed_at: h.changed_at.format("%Y-%m-%d %H:%M UTC").to_string(),
        })
        .collect();
    Ok(IndicatorPage {
        s,
        code: record.map(|r| r.code.clone()).unwrap_or_default(),
        archived: record.is_some_and(|r| r.archived),
        observations: record.map_or(0, |r| r.observations),
        form: view.form,
        errors: view.errors,
        conflict: view.conflict,
        notice: view.notice,
        pillars: pillars
            .iter()
            .filter(|p| !p.archived)
            .map(|p| Choice {
                value: p.code.clone(),
                label: format!(
                    "{} {}",
                    p.code,
                    view::pick(layout.locale, &p.name_en, &p.name_id)
                ),
            })
            .collect(),
        kinds: choices(IndicatorKind::ALL, |k| t.indicator_kind(k)),
        directions: choices(Direction::ALL, |d| t.direction(d)),
        aggregations: choices(Aggregation::ALL, |a| t.aggregation(a)),
        frequencies: choices(Frequency::ALL, |f| t.frequency(f)),
        targets: target_rows,
        history,
        layout,
    }
    .render()?)
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
    let s = strings(&layout);
    let program = program(&state).await?;
    let pillars = store::structure::pillars(&state.pool, program.id).await?;
    let fail = |form: IndicatorForm, errors: Vec<FieldMessage>| IndicatorView {
        errors,
        ..IndicatorView::plain(form)
    };
    let draft = match parse_indicator(&form, &pillars, None, s) {
        Ok(d) => d,
        Err(errors) => {
            let html = render_indicator(&state, layout, None, fail(form, errors)).await?;
            return Ok(unprocessable(html));
        }
    };
    let mut tx = state.pool.begin().await?;
    let id = match store::structure::insert_indicator(&mut tx, program.id, &draft).await {
        Ok(id) => id,
        Err(e) if is_unique_violation(&e, "indicator_code_key") => {
            drop(tx);
            let errors = vec![FieldMessage::new("code", s.err_code_taken)];
            let html = render_indicator(&state, layout, None, fail(form, errors)).await?;
            return Ok(unprocessable(html));
        }
        Err(e) => return Err(e.into()),
    };
    store::structure::replace_frameworks(&mut tx, id, &draft.frameworks).await?;
    audit::record(
        &mut tx,
        &Actor::from(&admin),
        &context,
        AuditEntry {
            action: "create",
            entity: "indicator",
            entity_id: Some(id.to_string()),
            before: None,
            after: Some(json!(draft)),
            reason: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/admin/indicators/{}?done=saved", draft.code)).into_response())
}

async fn indicator_by_code(state: &AppState, code: &str) -> Result<IndicatorRecord, AppError> {
    let program = program(state).await?;
    store::structure::indicator(&state.pool, program.id, code)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("Indicator {code}")))
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

/// The fields whose stored value differs from what the user typed, named in the page's
/// language, with the stored value.
fn changed_fields(
    stored: &IndicatorForm,
    typed: &IndicatorForm,
    s: &StructureStrings,
) -> Vec<ChangedField> {
    let pairs: [(&str, &String, &String); 22] = [
        (s.pillar, &stored.pillar, &typed.pillar),
        (s.name_en, &stored.name_en, &typed.name_en),
        (s.name_id, &stored.name_id, &typed.name_id),
        (s.definition_en, &stored.definition_en, &typed.definition_en),
        (s.definition_id, &stored.definition_id, &typed.definition_id),
        (s.unit, &stored.unit, &typed.unit),
        (s.kind, &stored.kind, &typed.kind),
        (s.direction, &stored.direction, &typed.direction),
        (s.aggregation, &stored.aggregation, &typed.aggregation),
        (s.frequency, &stored.frequency, &typed.frequency),
        (s.decimals, &stored.decimals, &typed.decimals),
        (
            s.baseline_value,
            &stored.baseline_value,
            &typed.baseline_value,
        ),
        (s.baseline_year, &stored.baseline_year, &typed.baseline_year),
        (
            s.numerator_label_en,
            &stored.numerator_label_en,
            &typed.numerator_label_en,
        ),
        (
            s.numerator_label_id,
            &stored.numerator_label_id,
            &typed.numerator_label_id,
        ),
        (
            s.denominator_label_en,
            &stored.denominator_label_en,
            &typed.denominator_label_en,
        ),
        (
            s.denominator_label_id,
            &stored.denominator_label_id,
            &typed.denominator_label_id,
        ),
        (
            s.stage_labels_en,
            &stored.stage_labels_en,
            &typed.stage_labels_en,
        ),
        (
            s.stage_labels_id,
            &stored.stage_labels_id,
            &typed.stage_labels_id,
        ),
        (s.frameworks, &stored.frameworks, &typed.frameworks),
        (s.position, &stored.position, &typed.position),
        (s.code, &stored.code, &typed.code),
    ];
    let mut changed: Vec<ChangedField> = pairs
        .into_iter()
        .filter(|(_, a, b)| a.trim().replace("\r\n", "\n") != b.trim().replace("\r\n", "\n"))
        .map(|(field, stored, _)| ChangedField {
            field: field.into(),
            stored: stored.clone(),
        })
        .collect();
    if stored.is_cumulative() != typed.is_cumulative() {
        changed.push(ChangedField {
            field: s.cumulative.into(),
            stored: stored.is_cumulative().to_string(),
        });
    }
    changed
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
    let record = indicator_by_code(&state, &code).await?;
    // The code names the indicator in addresses, the API and reported data; it is not edited.
    form.code = record.code.clone();
    let program = program(&state).await?;
    let pillars = store::structure::pillars(&state.pool, program.id).await?;
    let draft = match parse_indicator(&form, &pillars, Some(&record), s) {
        Ok(d) => d,
        Err(errors) => {
            let view = IndicatorView {
                errors,
                ..IndicatorView::plain(form)
            };
            let html = render_indicator(&state, layout, Some(&record), view).await?;
            return Ok(unprocessable(html));
        }
    };
    let Ok(version) = form.version.trim().parse::<i32>() else {
        return Err(AppError::BadRequest(
            "The form lacks the indicator's version.".into(),
        ));
    };
    let mut tx = state.pool.begin().await?;
    let Some(_) = store::structure::update_indicator(&mut tx, record.id, version, &draft).await?
    else {
        drop(tx);
        // Someone saved first: show what they changed beside this user's input, and take the
        // current version so that saving again is a deliberate overwrite.
        let current = indicator_by_code(&state, &code).await?;
        let stored = IndicatorForm::of(&current);
        let conflict = changed_fields(&stored, &form, s);
        form.version = current.version.to_string();
        let view = IndicatorView {
            conflict,
            ..IndicatorView::plain(form)
        };
        let html = render_indicator(&state, layout, Some(&current), view).await?;
        return Ok((StatusCode::CONFLICT, Html(html)).into_response());
    };
    store::structure::replace_frameworks(&mut tx, record.id, &draft.frameworks).await?;
    audit::record(
        &mut tx,
        &Actor::from(&admin),
        &context,
        AuditEntry {
            action: "update",
            entity: "indicator",
            entity_id: Some(record.id.to_string()),
            before: Some(json!(record)),
            after: Some(json!(draft)),
            reason: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/admin/indicators/{}?done=saved", record.code)).into_response())
}

async fn set_target(
    State(state): State<AppState>,
    layout: Layout,
    Extension(admin): Extension<CurrentUser>,
    context: AuditOrigin,
    Path(code): Path<String>,
    Form(input): Form<TargetForm>,
) -> Result<Response, AppError> {
    let s = strings(&layout);
    let record = indicator_by_code(&state, &code).await?;
    let year = input
        .year
        .trim()
        .parse::<i16>()
        .ok()
        .filter(|y| (2000..=2100).contains(y));
    let value = input
        .value
        .trim()
        .replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite());
    let expected_version = match input.version.trim() {
        "" => None,
        v => v.parse::<i32>().ok(),
    };
    let reason = input.reason.trim().to_string();
    let mut problem = None;
    if year.is_none() {
        problem = Some(s.err_year);
    } else if value.is_none() {
        problem = Some(s.err_number);
    } else if expected_version.is_some() && reason.is_empty() {
        // A changed target keeps the old value and says why it changed.
        problem = Some(s.err_reason);
    } else if record.archived {
        problem = Some(s.err_archived);
    }
    let fail = |input: TargetForm, message: String| IndicatorView {
        target_input: Some((input, message)),
        ..IndicatorView::plain(IndicatorForm::of(&record))
    };
    if let Some(message) = problem {
        let html =
            render_indicator(&state, layout, Some(&record), fail(input, message.into())).await?;
        return Ok(unprocessable(html));
    }
    let (Some(year), Some(value)) = (year, value) else {
        return Err(AppError::BadRequest("year and value".into()));
    };
    let reason = if reason.is_empty() {
        s.first_target_reason.to_string()
    } else {
        reason
    };
    let actor = Actor::from(&admin);
    let mut tx = state.pool.begin().await?;
    let write = store::structure::set_target(
        &mut tx,
        record.id,
        year,
        value,
        expected_version,
        &reason,
        actor.label(),
    )
    .await?;
    match write {
        TargetWrite::Stale { current_value } => {
            drop(tx);
            let message = format!(
                "{} {}",
                s.target_conflict,
                current_value
                    .map(|v| v.to_string())
                    .unwrap_or_else(|| "—".into())
            );
            let html =
                render_indicator(&state, layout, Some(&record), fail(input, message)).await?;
            Ok((StatusCode::CONFLICT, Html(html)).into_response())
        }
        TargetWrite::Stored { old_value } => {
            audit::record(
                &mut tx,
                &actor,
                &context,
                AuditEntry {
                    action: "set_target",
                    entity: "target",
                    entity_id: Some(format!("{}/{year}", record.code)),
                    before: old_value.map(|v| json!({ "year": year, "value": v })),
                    after: Some(json!({ "year": year, "value": value })),
                    reason: Some(&reason),
                },
            )
            .await?;
            tx.commit().await?;
            Ok(
                Redirect::to(&format!("/admin/indicators/{}?done=target", record.code))
                    .into_response(),
            )
        }
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
            title: format!(
                "{} {}",
                record.code,
                view::pick(layout.locale, &record.name_en, &record.name_id)
            ),
            explanation: if referenced {
                s.remove_archives(record.observations, record.targets, record.assignments)
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
    let record = indicator_by_code(&state, &code).await?;
    let mut tx = state.pool.begin().await?;
    // Anything data refers to is archived, never deleted; the store checks again inside the
    // transaction so that a report arriving meanwhile cannot be orphaned.
    let deleted = store::structure::delete_unreferenced_indicator(&mut tx, record.id).await?;
    if !deleted {
        store::structure::set_indicator_archived(&mut tx, record.id, true).await?;
    }
    audit::record(
        &mut tx,
        &Actor::from(&admin),
        &context,
        AuditEntry {
            action: if deleted { "delete" } else { "archive" },
            entity: "indicator",
            entity_id: Some(record.id.to_string()),
            before: Some(json!(record)),
            after: None,
            reason: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(if deleted {
        Redirect::to("/admin/indicators?done=deleted")
    } else {
        Redirect::to(&format!("/admin/indicators/{}?done=archived", record.code))
    }
    .into_response())
}

async fn restore_indicator(
    State(state): State<AppState>,
    Extension(admin): Extension<CurrentUser>,
    context: AuditOrigin,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    let record = indicator_by_code(&state, &code).await?;
    let mut tx = state.pool.begin().await?;
    store::structure::set_indicator_archived(&mut tx, record.id, false).await?;
    record_archive_change(
        &mut tx,
        &admin,
        &context,
        "indicator",
        record.id,
        true,
        false,
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/admin/indicators/{}?done=restored", record.code)).into_response())
}
