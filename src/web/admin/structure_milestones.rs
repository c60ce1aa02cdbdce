//! `/admin/milestones`: the program's timeline — dates, pillar, owner, status, completion date
//! and evidence — with the same form rules as the rest of the structure (a message per field,
//! version checks, audit).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Extension, Form, Router};
use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::json;

use super::structure::{
    ChangedField, Choice, Notice, choices, is_unique_violation, notice_text, optional_text,
    program, strings, unprocessable,
};
use crate::auth::CurrentUser;
use crate::domain::kinds::MilestoneStatus;
use crate::domain::{Actor, AuditOrigin};
use crate::error::{AppError, FieldMessage};
use crate::state::AppState;
use crate::store;
use crate::store::audit::{self, AuditEntry};
use crate::store::structure::{MilestoneDraft, MilestoneRecord};
use crate::web::form::message_for;
use crate::web::layout::Layout;
use crate::web::structure_strings::StructureStrings;
use crate::web::view;
use crate::workflow::reports::input::check_url;

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
            title_en: r.title_en.clone(),
            title_id: r.title_id.clone(),
            description_en: r.description_en.clone(),
            description_id: r.description_id.clone(),
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

fn date(
    text: &str,
    field: &str,
    required: bool,
    errors: &mut Vec<FieldMessage>,
    s: &StructureStrings,
) -> Option<NaiveDate> {
    let text = text.trim();
    if text.is_empty() {
        if required {
            errors.push(FieldMessage::new(field, s.err_date));
        }
        return None;
    }
    let parsed = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
    if parsed.is_none() {
        errors.push(FieldMessage::new(field, s.err_date));
    }
    parsed
}

async fn parse(
    state: &AppState,
    program_id: uuid::Uuid,
    form: &MilestoneForm,
    s: &StructureStrings,
) -> Result<Result<MilestoneDraft, Vec<FieldMessage>>, AppError> {
    let mut errors = Vec::new();
    let code = form.code.trim().to_ascii_uppercase();
    let code_ok = code.starts_with('M')
        && (3..=4).contains(&code.len())
        && code[1..].chars().all(|c| c.is_ascii_digit());
    if !code_ok {
        errors.push(FieldMessage::new("code", s.err_milestone_code));
    }
    for (field, value) in [("title_en", &form.title_en), ("title_id", &form.title_id)] {
        if value.trim().is_empty() {
            errors.push(FieldMessage::new(field, s.err_required));
        }
    }
    let (pillars, organisations) = tokio::try_join!(
        store::structure::pillars(&state.pool, program_id),
        store::organisations::choices(&state.pool)
    )?;
    let pillar_id = match form.pillar.trim() {
        "" => None,
        code => match pillars.iter().find(|p| p.code == code) {
            Some(p) => Some(p.id),
            None => {
                errors.push(FieldMessage::new("pillar", s.err_choose));
                None
            }
        },
    };
    let owner_organisation_id = match form.owner.trim() {
        "" => None,
        code if organisations.iter().any(|o| o.code == code) => {
            store::organisations::id_by_code(&state.pool, code).await?
        }
        _ => {
            errors.push(FieldMessage::new("owner", s.err_choose));
            None
        }
    };
    let starts_on = date(&form.starts_on, "starts_on", true, &mut errors, s);
    let due_on = date(&form.due_on, "due_on", true, &mut errors, s);
    if let (Some(a), Some(b)) = (starts_on, due_on)
        && b < a
    {
        errors.push(FieldMessage::new("due_on", s.err_due_before_start));
    }
    let status = form.status.parse::<MilestoneStatus>().ok();
    if status.is_none() {
        errors.push(FieldMessage::new("status", s.err_choose));
    }
    let completed_on = date(&form.completed_on, "completed_on", false, &mut errors, s);
    // A finished milestone says when it finished; an unfinished one does not.
    match (status, completed_on) {
        (Some(MilestoneStatus::Done), None) if form.completed_on.trim().is_empty() => {
            errors.push(FieldMessage::new("completed_on", s.err_completed_needed))
        }
        (Some(st), Some(_)) if st != MilestoneStatus::Done => {
            errors.push(FieldMessage::new("completed_on", s.err_completed_only_done))
        }
        _ => {}
    }
    let evidence_url = optional_text(&form.evidence_url);
    if let Some(url) = &evidence_url
        && check_url(url).is_err()
    {
        errors.push(FieldMessage::new("evidence_url", s.err_url));
    }
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let (Some(starts_on), Some(due_on), Some(status)) = (starts_on, due_on, status) else {
        return Ok(Err(errors));
    };
    Ok(Ok(MilestoneDraft {
        code,
        title_en: form.title_en.trim().into(),
        title_id: form.title_id.trim().into(),
        description_en: form.description_en.trim().into(),
        description_id: form.description_id.trim().into(),
        pillar_id,
        owner_organisation_id,
        starts_on,
        due_on,
        status: status.as_str().into(),
        completed_on,
        evidence_url,
    }))
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
    let program = program(state).await?;
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
            title: view::pick(layout.locale, &m.title_en, &m.title_id),
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
    let s = strings(&layout);
    let program = program(&state).await?;
    let draft = match parse(&state, program.id, &form, s).await? {
        Ok(d) => d,
        Err(errors) => {
            let v = View {
                errors,
                ..view(form)
            };
            return Ok(unprocessable(render(&state, layout, v).await?));
        }
    };
    let mut tx = state.pool.begin().await?;
    let id = match store::structure::insert_milestone(&mut tx, program.id, &draft).await {
        Ok(id) => id,
        Err(e) if is_unique_violation(&e, "milestone_code_key") => {
            drop(tx);
            let v = View {
                errors: vec![FieldMessage::new("code", s.err_code_taken)],
                ..view(form)
            };
            return Ok(unprocessable(render(&state, layout, v).await?));
        }
        Err(e) => return Err(e.into()),
    };
    audit::record(
        &mut tx,
        &Actor::from(&admin),
        &context,
        AuditEntry {
            action: "create",
            entity: "milestone",
            entity_id: Some(id.to_string()),
            before: None,
            after: Some(json!(draft)),
            reason: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to("/admin/milestones?done=saved").into_response())
}

async fn milestone_by_code(state: &AppState, code: &str) -> Result<MilestoneRecord, AppError> {
    let program = program(state).await?;
    store::structure::milestones(&state.pool, program.id)
        .await?
        .into_iter()
        .find(|m| m.code == code)
        .ok_or_else(|| AppError::NotFound(format!("Milestone {code}")))
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
    let record = milestone_by_code(&state, &code).await?;
    form.code = record.code.clone();
    let program = program(&state).await?;
    let draft = match parse(&state, program.id, &form, s).await? {
        Ok(d) => d,
        Err(errors) => {
            let v = View {
                editing: record.code.clone(),
                errors,
                ..view(form)
            };
            return Ok(unprocessable(render(&state, layout, v).await?));
        }
    };
    let Ok(version) = form.version.trim().parse::<i32>() else {
        return Err(AppError::BadRequest(
            "The form lacks the milestone's version.".into(),
        ));
    };
    let mut tx = state.pool.begin().await?;
    let Some(_) = store::structure::update_milestone(&mut tx, record.id, version, &draft).await?
    else {
        drop(tx);
        let current = milestone_by_code(&state, &code).await?;
        let conflict = changed_fields(&MilestoneForm::of(&current), &form, s);
        form.version = current.version.to_string();
        let v = View {
            editing: current.code.clone(),
            conflict,
            ..view(form)
        };
        let html = render(&state, layout, v).await?;
        return Ok((StatusCode::CONFLICT, Html(html)).into_response());
    };
    audit::record(
        &mut tx,
        &Actor::from(&admin),
        &context,
        AuditEntry {
            action: "update",
            entity: "milestone",
            entity_id: Some(record.id.to_string()),
            before: Some(json!(record)),
            after: Some(json!(draft)),
            reason: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to("/admin/milestones?done=saved").into_response())
}
