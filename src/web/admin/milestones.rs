//! `/admin/milestones`: the program's timeline — dates, pillar, owner, status, completion date
//! and evidence — the list with the new-milestone form and the edit form. The rules (a message
//! per field, version checks, audit) are `crate::workflow::structure::milestones`'; this
//! module reads the form and shows the outcome.
//! Reads through `store/`; no SQL, no write of its own and no rule here.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Extension, Form, Router};
use chrono::NaiveDate;
use serde::Deserialize;

use super::structure::{
    ChangedField, Choice, Notice, choices, conflict, field_messages, live_pillar_choices,
    notice_text, optional_text, program, read_version, strings, unprocessable,
};
use crate::auth::CurrentUser;
use crate::domain::kinds::MilestoneStatus;
use crate::domain::{Actor, AuditOrigin, Bilingual};
use crate::error::{AppError, FieldMessage};
use crate::i18n::StructureStrings;
use crate::state::AppState;
use crate::store;
use crate::store::structure::MilestoneRecord;
use crate::web::form::message_for;
use crate::web::layout::Layout;
use crate::workflow::structure::milestones::{self, MilestoneInput};
use crate::workflow::structure::{FieldProblem, Problem, StructureError};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/milestones", get(milestones_page).post(create))
        .route("/admin/milestones/{code}", get(edit_page).post(update))
}

#[derive(Debug, Default, Clone, Deserialize)]
struct MilestoneForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    title_en: String,
    #[serde(default)]
    title_id: String,
    #[serde(default)]
    description_en: String,
    #[serde(default)]
    description_id: String,
    #[serde(default)]
    pillar: String,
    #[serde(default)]
    owner: String,
    #[serde(default)]
    starts_on: String,
    #[serde(default)]
    due_on: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    completed_on: String,
    #[serde(default)]
    evidence_url: String,
    #[serde(default)]
    version: String,
}

impl MilestoneForm {
    fn of(r: &MilestoneRecord) -> Self {
        MilestoneForm {
            code: r.code.clone(),
            title_en: r.title.english.clone(),
            title_id: r.title.indonesian.clone(),
            description_en: r.description.english.clone(),
            description_id: r.description.indonesian.clone(),
            pillar: r.pillar_code.clone().unwrap_or_default(),
            owner: r.owner_code.clone().unwrap_or_default(),
            starts_on: r.starts_on.to_string(),
            due_on: r.due_on.to_string(),
            status: r.status.clone(),
            completed_on: r.completed_on.map(|d| d.to_string()).unwrap_or_default(),
            evidence_url: r.evidence_url.clone().unwrap_or_default(),
            version: r.version.to_string(),
        }
    }
}

/// A date field (`YYYY-MM-DD`); `None` when empty or not a date.
fn date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

/// The form as the use case's input: a status not chosen is `None`, so is a start or due date
/// that is missing or not a date; a completion date that is not one is a reading problem.
fn read_milestone(form: &MilestoneForm) -> MilestoneInput {
    let mut reading = Vec::new();
    let completed_on = match form.completed_on.trim() {
        "" => None,
        text => {
            let day = date(text);
            if day.is_none() {
                reading.push(FieldProblem::new("completed_on", Problem::Date));
            }
            day
        }
    };
    MilestoneInput {
        code: form.code.clone(),
        title: Bilingual::new(form.title_en.clone(), form.title_id.clone()),
        description: Bilingual::new(form.description_en.clone(), form.description_id.clone()),
        pillar: optional_text(&form.pillar),
        owner: optional_text(&form.owner),
        starts_on: date(&form.starts_on),
        due_on: date(&form.due_on),
        status: form.status.parse().ok(),
        completed_on,
        evidence_url: optional_text(&form.evidence_url),
        reading_problems: reading,
    }
}

#[derive(Template)]
#[template(path = "admin/milestones.html")]
struct MilestonesPage {
    layout: Layout,
    s: &'static StructureStrings,
    rows: Vec<MilestoneLine>,
    editing: String,
    form: MilestoneForm,
    errors: Vec<FieldMessage>,
    conflict: Vec<ChangedField>,
    notice: String,
    pillars: Vec<Choice>,
    owners: Vec<Choice>,
    statuses: Vec<Choice>,
}

impl MilestonesPage {
    fn error(&self, field: &str) -> String {
        message_for(&self.errors, field)
    }
}

struct MilestoneLine {
    code: String,
    title: String,
    pillar: String,
    owner: String,
    starts_on: String,
    due_on: String,
    status: String,
    completed_on: String,
    evidence_url: String,
}

struct View {
    editing: String,
    form: MilestoneForm,
    errors: Vec<FieldMessage>,
    conflict: Vec<ChangedField>,
    notice: String,
}

fn view(form: MilestoneForm) -> View {
    View {
        editing: String::new(),
        form,
        errors: Vec::new(),
        conflict: Vec::new(),
        notice: String::new(),
    }
}

async fn render(state: &AppState, layout: Layout, v: View) -> Result<String, AppError> {
    let program = program()?;
    let (records, pillars, organisations) = tokio::try_join!(
        store::structure::milestones(&state.pool, program.id),
        store::structure::pillars(&state.pool, program.id),
        store::organisations::choices(&state.pool)
    )?;
    let s = strings(&layout);
    let t = layout.t;
    let rows = records
        .iter()
        .map(|m| MilestoneLine {
            code: m.code.clone(),
            title: layout.locale.text(&m.title).to_string(),
            pillar: m.pillar_code.clone().unwrap_or_default(),
            owner: m.owner_code.clone().unwrap_or_default(),
            starts_on: m.starts_on.to_string(),
            due_on: m.due_on.to_string(),
            status: m
                .status
                .parse::<MilestoneStatus>()
                .map(|x| t.milestone_status(x).to_string())
                .unwrap_or_default(),
            completed_on: m.completed_on.map(|d| d.to_string()).unwrap_or_default(),
            evidence_url: m.evidence_url.clone().unwrap_or_default(),
        })
        .collect();
    Ok(MilestonesPage {
        s,
        rows,
        editing: v.editing,
        form: v.form,
        errors: v.errors,
        conflict: v.conflict,
        notice: v.notice,
        pillars: live_pillar_choices(&pillars, layout.locale),
        owners: organisations
            .iter()
            .map(|o| Choice {
                value: o.code.clone(),
                label: format!("{} ({})", o.name, o.code),
            })
            .collect(),
        statuses: choices(MilestoneStatus::ALL, |x| t.milestone_status(x)),
        layout,
    }
    .render()?)
}

async fn milestones_page(
    State(state): State<AppState>,
    layout: Layout,
    Query(notice): Query<Notice>,
) -> Result<Html<String>, AppError> {
    let v = View {
        notice: notice_text(strings(&layout), &notice),
        ..view(MilestoneForm {
            status: "planned".into(),
            ..MilestoneForm::default()
        })
    };
    Ok(Html(render(&state, layout, v).await?))
}

async fn create(
    State(state): State<AppState>,
    layout: Layout,
    Extension(admin): Extension<CurrentUser>,
    context: AuditOrigin,
    Form(form): Form<MilestoneForm>,
) -> Result<Response, AppError> {
    let program = program()?;
    let mut tx = state.pool.begin().await?;
    let created = milestones::create(
        &mut tx,
        &Actor::from(&admin),
        &context,
        program.id,
        &read_milestone(&form),
    )
    .await;
    match created {
        Ok(_) => {
            tx.commit().await?;
            Ok(Redirect::to("/admin/milestones?done=saved").into_response())
        }
        Err(StructureError::Invalid(problems)) => {
            drop(tx);
            let v = View {
                errors: field_messages(strings(&layout), &problems),
                ..view(form)
            };
            Ok(unprocessable(render(&state, layout, v).await?))
        }
        Err(e) => Err(e.into()),
    }
}

async fn milestone_by_code(state: &AppState, code: &str) -> Result<MilestoneRecord, AppError> {
    let program = program()?;
    store::structure::milestones(&state.pool, program.id)
        .await?
        .into_iter()
        .find(|m| m.code == code)
        .ok_or_else(|| AppError::NotFound(crate::domain::Missing::Milestone(code.to_string())))
}

async fn edit_page(
    State(state): State<AppState>,
    layout: Layout,
    Path(code): Path<String>,
) -> Result<Html<String>, AppError> {
    let record = milestone_by_code(&state, &code).await?;
    let v = View {
        editing: record.code.clone(),
        ..view(MilestoneForm::of(&record))
    };
    Ok(Html(render(&state, layout, v).await?))
}

fn changed_fields(
    stored: &MilestoneForm,
    typed: &MilestoneForm,
    s: &StructureStrings,
) -> Vec<ChangedField> {
    [
        (s.title_en, &stored.title_en, &typed.title_en),
        (s.title_id, &stored.title_id, &typed.title_id),
        (
            s.description_en,
            &stored.description_en,
            &typed.description_en,
        ),
        (
            s.description_id,
            &stored.description_id,
            &typed.description_id,
        ),
        (s.pillar, &stored.pillar, &typed.pillar),
        (s.owner, &stored.owner, &typed.owner),
        (s.starts_on, &stored.starts_on, &typed.starts_on),
        (s.due_on, &stored.due_on, &typed.due_on),
        (s.milestone_status, &stored.status, &typed.status),
        (s.completed_on, &stored.completed_on, &typed.completed_on),
        (s.evidence_url, &stored.evidence_url, &typed.evidence_url),
    ]
    .into_iter()
    .filter(|(_, a, b)| a.trim() != b.trim())
    .map(|(field, stored, _)| ChangedField {
        field: field.into(),
        stored: stored.clone(),
    })
    .collect()
}

async fn update(
    State(state): State<AppState>,
    layout: Layout,
    Extension(admin): Extension<CurrentUser>,
    context: AuditOrigin,
    Path(code): Path<String>,
    Form(mut form): Form<MilestoneForm>,
) -> Result<Response, AppError> {
    let s = strings(&layout);
    let program = program()?;
    // The code names the milestone; it is not edited.
    form.code = code.clone();
    let mut tx = state.pool.begin().await?;
    let updated = milestones::update(
        &mut tx,
        &Actor::from(&admin),
        &context,
        program.id,
        &code,
        read_version(&form.version),
        &read_milestone(&form),
    )
    .await;
    match updated {
        Ok(()) => {
            tx.commit().await?;
            Ok(Redirect::to("/admin/milestones?done=saved").into_response())
        }
        Err(StructureError::Invalid(problems)) => {
            drop(tx);
            let v = View {
                editing: code,
                errors: field_messages(s, &problems),
                ..view(form)
            };
            Ok(unprocessable(render(&state, layout, v).await?))
        }
        Err(StructureError::VersionMissing) => Err(AppError::BadRequest(
            "The form lacks the milestone's version.".into(),
        )),
        Err(StructureError::Stale) => {
            drop(tx);
            let current = milestone_by_code(&state, &code).await?;
            let changed = changed_fields(&MilestoneForm::of(&current), &form, s);
            form.version = current.version.to_string();
            let v = View {
                editing: current.code.clone(),
                conflict: changed,
                ..view(form)
            };
            Ok(conflict(render(&state, layout, v).await?))
        }
        Err(e) => Err(e.into()),
    }
}
