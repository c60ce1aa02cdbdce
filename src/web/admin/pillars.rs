//! `/admin/pillars`: the program's pillars — the list with the new-pillar form, the edit form,
//! archive (after a confirmation page) and restore. The rules and the writes are
//! `crate::workflow::structure::pillars`'; this module reads the form and shows the outcome.
//! Reads through `store/`; no SQL, no write of its own and no rule here.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Form, Router};
use serde::Deserialize;

use super::structure::{
    ChangedField, ConfirmPage, Notice, after_archive_change, conflict, field_messages, notice_text,
    program, read_position, read_version, strings, unprocessable,
};
use crate::auth::CurrentUser;
use crate::domain::{Actor, AuditOrigin, Bilingual};
use crate::error::{AppError, FieldMessage};
use crate::i18n::StructureStrings;
use crate::state::AppState;
use crate::store;
use crate::store::structure::PillarRecord;
use crate::web::form::message_for;
use crate::web::layout::Layout;
use crate::workflow::structure::StructureError;
use crate::workflow::structure::pillars::{self, PillarInput};

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
        .route("/admin/pillars/{code}/restore", post(restore_pillar))
}

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

impl PillarForm {
    fn of(pillar: PillarRecord) -> Self {
        PillarForm {
            code: pillar.code,
            name_en: pillar.name.english,
            name_id: pillar.name.indonesian,
            description_en: pillar.description.english,
            description_id: pillar.description.indonesian,
            position: pillar.position.to_string(),
            version: pillar.version.to_string(),
        }
    }

    /// The form as the use case's input.
    fn input(&self) -> PillarInput {
        let mut reading_problems = Vec::new();
        let position = read_position(&self.position, &mut reading_problems);
        PillarInput {
            code: self.code.clone(),
            name: Bilingual::new(self.name_en.clone(), self.name_id.clone()),
            description: Bilingual::new(self.description_en.clone(), self.description_id.clone()),
            position,
            reading_problems,
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
    let program = program()?;
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
    let program = program()?;
    let mut tx = state.pool.begin().await?;
    match pillars::create(
        &mut tx,
        &Actor::from(&admin),
        &context,
        program.id,
        &form.input(),
    )
    .await
    {
        Ok(_) => {
            tx.commit().await?;
            Ok(Redirect::to("/admin/pillars?done=saved").into_response())
        }
        Err(StructureError::Invalid(problems)) => {
            drop(tx);
            let errors = field_messages(strings(&layout), &problems);
            let html =
                render_pillars(&state, layout, form, errors, String::new(), String::new()).await?;
            Ok(unprocessable(html))
        }
        Err(e) => Err(e.into()),
    }
}

async fn pillar_by_code(state: &AppState, code: &str) -> Result<PillarRecord, AppError> {
    let program = program()?;
    store::structure::pillars(&state.pool, program.id)
        .await?
        .into_iter()
        .find(|p| p.code == code)
        .ok_or_else(|| AppError::NotFound(crate::domain::Missing::Pillar(code.to_string())))
}

async fn edit_pillar_page(
    State(state): State<AppState>,
    layout: Layout,
    Path(code): Path<String>,
) -> Result<Html<String>, AppError> {
    let pillar = pillar_by_code(&state, &code).await?;
    let editing = pillar.code.clone();
    let form = PillarForm::of(pillar);
    Ok(Html(
        render_pillars(&state, layout, form, Vec::new(), String::new(), editing).await?,
    ))
}

/// The fields someone else saved while this user was editing, with what they hold now.
fn changed_fields(
    current: &PillarRecord,
    form: &PillarForm,
    s: &StructureStrings,
) -> Vec<ChangedField> {
    [
        (s.name_en, &current.name.english, &form.name_en),
        (s.name_id, &current.name.indonesian, &form.name_id),
        (
            s.description_en,
            &current.description.english,
            &form.description_en,
        ),
        (
            s.description_id,
            &current.description.indonesian,
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
    .collect()
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
    let program = program()?;
    // The code names the pillar in addresses and data; it is not edited.
    form.code = code.clone();
    let mut tx = state.pool.begin().await?;
    let updated = pillars::update(
        &mut tx,
        &Actor::from(&admin),
        &context,
        program.id,
        &code,
        read_version(&form.version),
        &form.input(),
    )
    .await;
    match updated {
        Ok(()) => {
            tx.commit().await?;
            Ok(Redirect::to("/admin/pillars?done=saved").into_response())
        }
        Err(StructureError::Invalid(problems)) => {
            drop(tx);
            let errors = field_messages(s, &problems);
            let html = render_pillars(&state, layout, form, errors, String::new(), code).await?;
            Ok(unprocessable(html))
        }
        Err(StructureError::VersionMissing) => Err(AppError::BadRequest(
            "The form lacks the pillar's version.".into(),
        )),
        Err(StructureError::Stale) => {
            drop(tx);
            // Someone saved first: show what they changed, keep this user's input, and take the
            // current version so that saving again is a deliberate overwrite.
            let current = pillar_by_code(&state, &code).await?;
            let changed = changed_fields(&current, &form, s);
            form.version = current.version.to_string();
            let html = render_pillars_with(
                &state,
                layout,
                form,
                Vec::new(),
                String::new(),
                current.code,
                changed,
            )
            .await?;
            Ok(conflict(html))
        }
        Err(e) => Err(e.into()),
    }
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
                layout.locale.text(&pillar.name),
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

async fn set_archived(
    state: AppState,
    admin: CurrentUser,
    context: AuditOrigin,
    code: &str,
    archived: bool,
) -> Result<Response, AppError> {
    let program = program()?;
    let mut tx = state.pool.begin().await?;
    pillars::set_archived(
        &mut tx,
        &Actor::from(&admin),
        &context,
        program.id,
        code,
        archived,
        state.clock.now(),
    )
    .await?;
    tx.commit().await?;
    Ok(after_archive_change("/admin/pillars", archived))
}

async fn archive_pillar(
    State(state): State<AppState>,
    Extension(admin): Extension<CurrentUser>,
    context: AuditOrigin,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    set_archived(state, admin, context, &code, true).await
}

async fn restore_pillar(
    State(state): State<AppState>,
    Extension(admin): Extension<CurrentUser>,
    context: AuditOrigin,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    set_archived(state, admin, context, &code, false).await
}
