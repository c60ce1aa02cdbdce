//! `/admin/organisations`: the stakeholders (kind, process route, contacts) with their roles in
//! the program and the pillars of each role — the list with the new-organisation form, the edit
//! form, archive (after a confirmation page) and restore. The rules and the writes are
//! `crate::workflow::structure::organisations`'; this module reads the form and shows the
//! outcome.
//! Reads through `store/`; no SQL, no write of its own and no rule here.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Form, Router};

use super::structure::{
    ChangedField, Choice, ConfirmPage, Notice, after_archive_change, choices, conflict,
    field_messages, live_pillar_choices, notice_text, optional_text, program, read_version,
    strings, unprocessable,
};
use crate::auth::CurrentUser;
use crate::domain::kinds::{OrganisationKind, ProcessRoute, ProgramRole};
use crate::domain::{Actor, AuditOrigin, Bilingual};
use crate::error::{AppError, FieldMessage};
use crate::i18n::StructureStrings;
use crate::state::AppState;
use crate::store;
use crate::store::structure::OrganisationRecord;
use crate::web::form::message_for;
use crate::web::layout::Layout;
use crate::workflow::structure::organisations::{self, OrganisationInput, RoleInput};
use crate::workflow::structure::{FieldProblem, Problem, StructureError};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/admin/organisations",
            get(organisations_page).post(create_organisation),
        )
        .route(
            "/admin/organisations/{code}",
            get(edit_organisation_page).post(update_organisation),
        )
        .route(
            "/admin/organisations/{code}/archive",
            get(confirm_archive).post(archive),
        )
        .route("/admin/organisations/{code}/restore", post(restore))
}

/// The organisation form as typed. Read from the raw pairs because roles and their pillars
/// repeat (`role=funder&pillars_funder=CE&pillars_funder=SK`).
#[derive(Debug, Default, Clone)]
struct OrganisationForm {
    code: String,
    name: String,
    short_name: String,
    kind: String,
    process_route: String,
    description_en: String,
    description_id: String,
    website: String,
    contact_name: String,
    contact_email: String,
    version: String,
    roles: Vec<String>,
    /// (role, pillar code) pairs ticked.
    role_pillars: Vec<(String, String)>,
}

impl OrganisationForm {
    fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        let mut form = OrganisationForm::default();
        for (key, value) in pairs {
            match key.as_str() {
                "code" => form.code = value,
                "name" => form.name = value,
                "short_name" => form.short_name = value,
                "kind" => form.kind = value,
                "process_route" => form.process_route = value,
                "description_en" => form.description_en = value,
                "description_id" => form.description_id = value,
                "website" => form.website = value,
                "contact_name" => form.contact_name = value,
                "contact_email" => form.contact_email = value,
                "version" => form.version = value,
                "role" => form.roles.push(value),
                other => {
                    if let Some(role) = other.strip_prefix("pillars_") {
                        form.role_pillars.push((role.to_string(), value));
                    }
                }
            }
        }
        form
    }

    fn of(r: &OrganisationRecord) -> Self {
        let mut form = OrganisationForm {
            code: r.code.clone(),
            name: r.name.clone(),
            short_name: r.short_name.clone(),
            kind: r.kind.clone(),
            process_route: r.process_route.clone().unwrap_or_default(),
            description_en: r.description.english.clone(),
            description_id: r.description.indonesian.clone(),
            website: r.website.clone().unwrap_or_default(),
            contact_name: r.contact_name.clone().unwrap_or_default(),
            contact_email: r.contact_email.clone().unwrap_or_default(),
            version: r.version.to_string(),
            ..OrganisationForm::default()
        };
        for entry in &r.roles {
            let (role, pillars) = entry.split_once(':').unwrap_or((entry, ""));
            form.roles.push(role.to_string());
            for p in pillars.split(',').filter(|p| !p.is_empty()) {
                form.role_pillars.push((role.to_string(), p.to_string()));
            }
        }
        form
    }

    fn has_role(&self, role: &str) -> bool {
        self.roles.iter().any(|r| r == role)
    }

    fn has_pillar(&self, role: &str, pillar: &str) -> bool {
        self.role_pillars
            .iter()
            .any(|(r, p)| r == role && p == pillar)
    }

    /// The roles as one comparable line, for the conflict list.
    fn roles_line(&self) -> String {
        let mut roles: Vec<String> = self
            .roles
            .iter()
            .map(|r| {
                let mut pillars: Vec<&str> = self
                    .role_pillars
                    .iter()
                    .filter(|(x, _)| x == r)
                    .map(|(_, p)| p.as_str())
                    .collect();
                pillars.sort_unstable();
                format!("{r}: {}", pillars.join(", "))
            })
            .collect();
        roles.sort();
        roles.join("; ")
    }
}

/// The form as the use case's input: closed sets not chosen are `None`; a process route or a
/// role that is not one of the offered values is a reading problem.
fn read_organisation(form: &OrganisationForm) -> OrganisationInput {
    let mut reading = Vec::new();
    let process_route = match form.process_route.trim() {
        "" => None,
        text => {
            let route = text.parse::<ProcessRoute>().ok();
            if route.is_none() {
                reading.push(FieldProblem::new("process_route", Problem::Choose));
            }
            route
        }
    };
    let mut roles = Vec::new();
    for role in &form.roles {
        match role.parse::<ProgramRole>() {
            Ok(r) => roles.push(RoleInput {
                role: r,
                pillars: form
                    .role_pillars
                    .iter()
                    .filter(|(x, _)| x == role)
                    .map(|(_, pillar)| pillar.clone())
                    .collect(),
            }),
            Err(_) => reading.push(FieldProblem::new("roles", Problem::Choose)),
        }
    }
    OrganisationInput {
        code: form.code.clone(),
        name: form.name.clone(),
        short_name: form.short_name.clone(),
        kind: form.kind.parse().ok(),
        process_route,
        description: Bilingual::new(form.description_en.clone(), form.description_id.clone()),
        website: optional_text(&form.website),
        contact_name: optional_text(&form.contact_name),
        contact_email: optional_text(&form.contact_email),
        roles,
        reading_problems: reading,
    }
}

#[derive(Template)]
#[template(path = "admin/organisations.html")]
struct OrganisationsPage {
    layout: Layout,
    s: &'static StructureStrings,
    organisations: Vec<OrganisationLine>,
    /// Empty for the new-organisation form.
    editing: String,
    archived: bool,
    form: OrganisationForm,
    errors: Vec<FieldMessage>,
    conflict: Vec<ChangedField>,
    notice: String,
    kinds: Vec<Choice>,
    routes: Vec<Choice>,
    roles: Vec<Choice>,
    pillars: Vec<Choice>,
}

impl OrganisationsPage {
    fn error(&self, field: &str) -> String {
        message_for(&self.errors, field)
    }
}

struct OrganisationLine {
    code: String,
    name: String,
    kind: String,
    route: String,
    contact: String,
    roles: String,
    archived: bool,
}

struct OrganisationView {
    editing: Option<OrganisationRecord>,
    form: OrganisationForm,
    errors: Vec<FieldMessage>,
    conflict: Vec<ChangedField>,
    notice: String,
}

async fn render_organisations(
    state: &AppState,
    layout: Layout,
    view: OrganisationView,
) -> Result<String, AppError> {
    let program = program()?;
    let (records, pillars) = tokio::try_join!(
        store::structure::organisations(&state.pool, program.id),
        store::structure::pillars(&state.pool, program.id)
    )?;
    let s = strings(&layout);
    let t = layout.t;
    let organisations = records
        .into_iter()
        .map(|r| OrganisationLine {
            kind: r
                .kind
                .parse::<OrganisationKind>()
                .map(|k| t.organisation_kind(k).to_string())
                .unwrap_or_default(),
            route: r
                .process_route
                .as_deref()
                .and_then(|x| x.parse::<ProcessRoute>().ok())
                .map(|x| t.process_route(x).to_string())
                .unwrap_or_default(),
            contact: [r.contact_name.clone(), r.contact_email.clone()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" · "),
            roles: r
                .roles
                .iter()
                .map(|entry| {
                    let (role, pillars) = entry.split_once(':').unwrap_or((entry, ""));
                    let label = role
                        .parse::<ProgramRole>()
                        .map(|x| t.program_role(x).to_string())
                        .unwrap_or_else(|_| role.to_string());
                    if pillars.is_empty() {
                        label
                    } else {
                        format!("{label} ({})", pillars.replace(',', ", "))
                    }
                })
                .collect::<Vec<_>>()
                .join("; "),
            code: r.code,
            name: r.name,
            archived: r.archived,
        })
        .collect();
    Ok(OrganisationsPage {
        s,
        organisations,
        editing: view
            .editing
            .as_ref()
            .map(|r| r.code.clone())
            .unwrap_or_default(),
        archived: view.editing.as_ref().is_some_and(|r| r.archived),
        form: view.form,
        errors: view.errors,
        conflict: view.conflict,
        notice: view.notice,
        kinds: choices(OrganisationKind::ALL, |k| t.organisation_kind(k)),
        routes: choices(ProcessRoute::ALL, |r| t.process_route(r)),
        roles: choices(ProgramRole::ALL, |r| t.program_role(r)),
        pillars: live_pillar_choices(&pillars, layout.locale),
        layout,
    }
    .render()?)
}

fn blank_view(form: OrganisationForm) -> OrganisationView {
    OrganisationView {
        editing: None,
        form,
        errors: Vec::new(),
        conflict: Vec::new(),
        notice: String::new(),
    }
}

async fn organisations_page(
    State(state): State<AppState>,
    layout: Layout,
    Query(notice): Query<Notice>,
) -> Result<Html<String>, AppError> {
    let view = OrganisationView {
        notice: notice_text(strings(&layout), &notice),
        ..blank_view(OrganisationForm {
            kind: "tenant".into(),
            ..OrganisationForm::default()
        })
    };
    Ok(Html(render_organisations(&state, layout, view).await?))
}

async fn create_organisation(
    State(state): State<AppState>,
    layout: Layout,
    Extension(admin): Extension<CurrentUser>,
    context: AuditOrigin,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = OrganisationForm::from_pairs(pairs);
    let program = program()?;
    let mut tx = state.pool.begin().await?;
    let created = organisations::create(
        &mut tx,
        &Actor::from(&admin),
        &context,
        program.id,
        &read_organisation(&form),
    )
    .await;
    match created {
        Ok(_) => {
            tx.commit().await?;
            Ok(Redirect::to("/admin/organisations?done=saved").into_response())
        }
        Err(StructureError::Invalid(problems)) => {
            drop(tx);
            let view = OrganisationView {
                errors: field_messages(strings(&layout), &problems),
                ..blank_view(form)
            };
            Ok(unprocessable(
                render_organisations(&state, layout, view).await?,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

async fn organisation_by_code(
    state: &AppState,
    code: &str,
) -> Result<OrganisationRecord, AppError> {
    let program = program()?;
    store::structure::organisations(&state.pool, program.id)
        .await?
        .into_iter()
        .find(|o| o.code == code)
        .ok_or_else(|| AppError::NotFound(crate::domain::Missing::Organisation(code.to_string())))
}

async fn edit_organisation_page(
    State(state): State<AppState>,
    layout: Layout,
    Path(code): Path<String>,
) -> Result<Html<String>, AppError> {
    let record = organisation_by_code(&state, &code).await?;
    let view = OrganisationView {
        form: OrganisationForm::of(&record),
        editing: Some(record),
        ..blank_view(OrganisationForm::default())
    };
    Ok(Html(render_organisations(&state, layout, view).await?))
}

fn changed_fields(
    stored: &OrganisationForm,
    typed: &OrganisationForm,
    s: &StructureStrings,
) -> Vec<ChangedField> {
    let pairs = [
        (s.org_name, stored.name.clone(), typed.name.clone()),
        (
            s.short_name,
            stored.short_name.clone(),
            typed.short_name.clone(),
        ),
        (s.kind, stored.kind.clone(), typed.kind.clone()),
        (
            s.process_route,
            stored.process_route.clone(),
            typed.process_route.clone(),
        ),
        (
            s.description_en,
            stored.description_en.clone(),
            typed.description_en.clone(),
        ),
        (
            s.description_id,
            stored.description_id.clone(),
            typed.description_id.clone(),
        ),
        (s.website, stored.website.clone(), typed.website.clone()),
        (
            s.contact_name,
            stored.contact_name.clone(),
            typed.contact_name.clone(),
        ),
        (
            s.contact_email,
            stored.contact_email.clone(),
            typed.contact_email.clone(),
        ),
        (s.roles, stored.roles_line(), typed.roles_line()),
    ];
    pairs
        .into_iter()
        .filter(|(_, a, b)| a.trim() != b.trim())
        .map(|(field, stored, _)| ChangedField {
            field: field.into(),
            stored,
        })
        .collect()
}

async fn update_organisation(
    State(state): State<AppState>,
    layout: Layout,
    Extension(admin): Extension<CurrentUser>,
    context: AuditOrigin,
    Path(code): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let s = strings(&layout);
    let program = program()?;
    let mut form = OrganisationForm::from_pairs(pairs);
    // The code names the organisation in addresses, accounts and data; it is not edited.
    form.code = code.clone();
    let mut tx = state.pool.begin().await?;
    let updated = organisations::update(
        &mut tx,
        &Actor::from(&admin),
        &context,
        program.id,
        &code,
        read_version(&form.version),
        &read_organisation(&form),
    )
    .await;
    match updated {
        Ok(()) => {
            tx.commit().await?;
            Ok(Redirect::to("/admin/organisations?done=saved").into_response())
        }
        Err(StructureError::Invalid(problems)) => {
            drop(tx);
            let record = organisation_by_code(&state, &code).await?;
            let view = OrganisationView {
                editing: Some(record),
                errors: field_messages(s, &problems),
                ..blank_view(form)
            };
            Ok(unprocessable(
                render_organisations(&state, layout, view).await?,
            ))
        }
        Err(StructureError::VersionMissing) => Err(AppError::BadRequest(
            "The form lacks the organisation's version.".into(),
        )),
        Err(StructureError::Stale) => {
            drop(tx);
            let current = organisation_by_code(&state, &code).await?;
            let changed = changed_fields(&OrganisationForm::of(&current), &form, s);
            form.version = current.version.to_string();
            let view = OrganisationView {
                editing: Some(current),
                conflict: changed,
                ..blank_view(form)
            };
            let html = render_organisations(&state, layout, view).await?;
            Ok(conflict(html))
        }
        Err(e) => Err(e.into()),
    }
}

async fn confirm_archive(
    State(state): State<AppState>,
    layout: Layout,
    Path(code): Path<String>,
) -> Result<Html<String>, AppError> {
    let record = organisation_by_code(&state, &code).await?;
    let s = strings(&layout);
    Ok(Html(
        ConfirmPage {
            title: format!("{} ({})", record.name, record.code),
            explanation: s.archive_organisation_explained.into(),
            action: format!("/admin/organisations/{}/archive", record.code),
            button: s.archive.into(),
            back: "/admin/organisations".into(),
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
    organisations::set_archived(
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
    // Its people's sessions ended (archived) or may start again: forget every kept session here
    // now, as the notice will on every instance.
    state
        .page_cache
        .heard_of_sessions(&crate::cache::Ended::Every);
    Ok(after_archive_change("/admin/organisations", archived))
}

async fn archive(
    State(state): State<AppState>,
    Extension(admin): Extension<CurrentUser>,
    context: AuditOrigin,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    set_archived(state, admin, context, &code, true).await
}

async fn restore(
    State(state): State<AppState>,
    Extension(admin): Extension<CurrentUser>,
    context: AuditOrigin,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    set_archived(state, admin, context, &code, false).await
}
