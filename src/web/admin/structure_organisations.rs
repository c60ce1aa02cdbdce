//! `/admin/organisations` and `/admin/assignments`: the stakeholders (kind, process route,
//! contacts) with their roles in the program and the pillars of each role, and the matrix of
//! organisations × indicators that says who reports what.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Form, Router};
use serde::Deserialize;
use serde_json::json;
use uuid::Uuid;

use super::structure::{
    ChangedField, Choice, ConfirmPage, Notice, choices, is_unique_violation, notice_text,
    optional_text, program, strings, unprocessable,
};
use crate::auth::CurrentUser;
use crate::domain::kinds::{OrganisationKind, ProcessRoute, ProgramRole};
use crate::domain::{Actor, AuditOrigin};
use crate::error::{AppError, FieldMessage};
use crate::state::AppState;
use crate::store;
use crate::store::audit::{self, AuditEntry};
use crate::store::structure::{OrganisationDraft, OrganisationRecord, PillarRecord};
use crate::web::form::message_for;
use crate::web::layout::Layout;
use crate::web::structure_strings::StructureStrings;
use crate::web::view;
use crate::workflow::reports::input::check_url;

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
        .route(
            "/admin/assignments",
            get(assignments_page).post(save_assignments),
        )
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
            description_en: r.description_en.clone(),
            description_id: r.description_id.clone(),
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

fn valid_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty() && domain.contains('.') && !text.chars().any(char::is_whitespace)
}

fn parse_organisation(
    form: &OrganisationForm,
    pillars: &[PillarRecord],
    s: &StructureStrings,
) -> Result<OrganisationDraft, Vec<FieldMessage>> {
    let mut errors = Vec::new();
    let code = form.code.trim().to_ascii_uppercase();
    let code_ok = code.len() >= 2
        && code.len() <= 32
        && code.starts_with(|c: char| c.is_ascii_uppercase())
        && code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-');
    if !code_ok {
        errors.push(FieldMessage::new("code", s.err_organisation_code));
    }
    for (field, value) in [("name", &form.name), ("short_name", &form.short_name)] {
        if value.trim().is_empty() {
            errors.push(FieldMessage::new(field, s.err_required));
        }
    }
    let kind = form.kind.parse::<OrganisationKind>().ok();
    if kind.is_none() {
        errors.push(FieldMessage::new("kind", s.err_choose));
    }
    let route = match form.process_route.trim() {
        "" => None,
        text => match text.parse::<ProcessRoute>() {
            Ok(r) => Some(r),
            Err(_) => {
                errors.push(FieldMessage::new("process_route", s.err_choose));
                None
            }
        },
    };
    if route.is_some()
        && kind.is_some_and(|k| {
            !matches!(k, OrganisationKind::Tenant | OrganisationKind::ParkOperator)
        })
    {
        errors.push(FieldMessage::new("process_route", s.err_route_tenant));
    }
    let website = optional_text(&form.website);
    if let Some(url) = &website
        && check_url(url).is_err()
    {
        errors.push(FieldMessage::new("website", s.err_url));
    }
    let contact_email = optional_text(&form.contact_email);
    if contact_email.as_deref().is_some_and(|e| !valid_email(e)) {
        errors.push(FieldMessage::new("contact_email", s.err_email));
    }
    let mut roles = Vec::new();
    for role in &form.roles {
        match role.parse::<ProgramRole>() {
            Ok(r) => {
                let mut ids = Vec::new();
                for (_, code) in form.role_pillars.iter().filter(|(x, _)| x == role) {
                    match pillars.iter().find(|p| &p.code == code && !p.archived) {
                        Some(p) => ids.push(p.id),
                        None => errors.push(FieldMessage::new("roles", s.err_choose)),
                    }
                }
                roles.push((r.as_str().to_string(), ids));
            }
            Err(_) => errors.push(FieldMessage::new("roles", s.err_choose)),
        }
    }
    roles.sort();
    roles.dedup_by(|a, b| a.0 == b.0);
    if !errors.is_empty() {
        return Err(errors);
    }
    let Some(kind) = kind else {
        return Err(errors);
    };
    Ok(OrganisationDraft {
        code,
        name: form.name.trim().into(),
        short_name: form.short_name.trim().into(),
        kind: kind.as_str().into(),
        process_route: route.map(|r| r.as_str().to_string()),
        description_en: form.description_en.trim().into(),
        description_id: form.description_id.trim().into(),
        website,
        contact_name: optional_text(&form.contact_name),
        contact_email,
        roles,
    })
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
    let program = program(state).await?;
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
    let s = strings(&layout);
    let form = OrganisationForm::from_pairs(pairs);
    let program = program(&state).await?;
    let pillars = store::structure::pillars(&state.pool, program.id).await?;
    let draft = match parse_organisation(&form, &pillars, s) {
        Ok(d) => d,
        Err(errors) => {
            let view = OrganisationView {
                errors,
                ..blank_view(form)
            };
            return Ok(unprocessable(
                render_organisations(&state, layout, view).await?,
            ));
        }
    };
    let mut tx = state.pool.begin().await?;
    let id = match store::structure::insert_organisation(&mut tx, &draft).await {
        Ok(id) => id,
        Err(e) if is_unique_violation(&e, "organisation_code_key") => {
            drop(tx);
            let view = OrganisationView {
                errors: vec![FieldMessage::new("code", s.err_code_taken)],
                ..blank_view(form)
            };
            return Ok(unprocessable(
                render_organisations(&state, layout, view).await?,
            ));
        }
        Err(e) => return Err(e.into()),
    };
    store::structure::replace_roles(&mut tx, program.id, id, &draft.roles).await?;
    audit::record(
        &mut tx,
        &Actor::from(&admin),
        &context,
        AuditEntry {
            action: "create",
            entity: "organisation",
            entity_id: Some(id.to_string()),
            before: None,
            after: Some(json!(draft)),
            reason: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to("/admin/organisations?done=saved").into_response())
}

async fn organisation_by_code(
    state: &AppState,
    code: &str,
) -> Result<OrganisationRecord, AppError> {
    let program = program(state).await?;
    store::structure::organisations(&state.pool, program.id)
        .await?
        .into_iter()
        .find(|o| o.code == code)
        .ok_or_else(|| AppError::NotFound(format!("Organisation {code}")))
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
    let record = organisation_by_code(&state, &code).await?;
    let mut form = OrganisationForm::from_pairs(pairs);
    form.code = record.code.clone();
    let program = program(&state).await?;
    let pillars = store::structure::pillars(&state.pool, program.id).await?;
    let draft = match parse_organisation(&form, &pillars, s) {
        Ok(d) => d,
        Err(errors) => {
            let view = OrganisationView {
                editing: Some(record),
                errors,
                ..blank_view(form)
            };
            return Ok(unprocessable(
                render_organisations(&state, layout, view).await?,
            ));
        }
    };
    let Ok(version) = form.version.trim().parse::<i32>() else {
        return Err(AppError::BadRequest(
            "The form lacks the organisation's version.".into(),
        ));
    };
    let mut tx = state.pool.begin().await?;
    let Some(_) =
        store::structure::update_organisation(&mut tx, record.id, version, &draft).await?
    else {
        drop(tx);
        let current = organisation_by_code(&state, &code).await?;
        let conflict = changed_fields(&OrganisationForm::of(&current), &form, s);
        form.version = current.version.to_string();
        let view = OrganisationView {
            editing: Some(current),
            conflict,
            ..blank_view(form)
        };
        let html = render_organisations(&state, layout, view).await?;
        return Ok((StatusCode::CONFLICT, Html(html)).into_response());
    };
    store::structure::replace_roles(&mut tx, program.id, record.id, &draft.roles).await?;
    audit::record(
        &mut tx,
        &Actor::from(&admin),
        &context,
        AuditEntry {
            action: "update",
            entity: "organisation",
            entity_id: Some(record.id.to_string()),
            before: Some(json!(record)),
            after: Some(json!(draft)),
            reason: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to("/admin/organisations?done=saved").into_response())
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
    let record = organisation_by_code(&state, code).await?;
    let mut tx = state.pool.begin().await?;
    store::structure::set_organisation_archived(&mut tx, record.id, archived).await?;
    super::structure::record_archive_change(
        &mut tx,
        &admin,
        &context,
        "organisation",
        record.id,
        record.archived,
        archived,
    )
    .await?;
    tx.commit().await?;
    Ok(super::structure::after_archive_change(
        "/admin/organisations",
        archived,
    ))
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

// ---------------------------------------------------------------------------------------------
// Assignments

#[derive(Template)]
#[template(path = "admin/assignments.html")]
struct AssignmentsPage {
    layout: Layout,
    s: &'static StructureStrings,
    pillar: String,
    pillars: Vec<Choice>,
    indicators: Vec<Choice>,
    rows: Vec<MatrixRow>,
    starts_on: String,
    /// The live assignments of the pillar as this page shows them, so that a save over
    /// someone else's newer one is noticed (see [`seen_token`]).
    seen: String,
    error: String,
    notice: String,
}

struct MatrixRow {
    code: String,
    name: String,
    /// One cell per indicator column: (the checkbox value, ticked).
    cells: Vec<(String, String, bool)>,
}

#[derive(Deserialize, Default)]
struct MatrixQuery {
    pillar: Option<String>,
    done: Option<String>,
}

/// The live assignments among `columns`, as one comparable text (sorted `ORG|IND` pairs).
fn seen_token(pairs: &[(String, String)], columns: &[&str]) -> String {
    let mut seen: Vec<String> = pairs
        .iter()
        .filter(|(_, i)| columns.contains(&i.as_str()))
        .map(|(o, i)| format!("{o}|{i}"))
        .collect();
    seen.sort();
    seen.join(",")
}

struct MatrixInput {
    ticked: Vec<String>,
    starts_on: String,
    seen: String,
}

async fn render_matrix(
    state: &AppState,
    layout: Layout,
    pillar: Option<String>,
    input: Option<MatrixInput>,
    error: String,
    notice: String,
) -> Result<(String, bool), AppError> {
    let ticked_override = input.as_ref().map(|i| i.ticked.clone());
    let program = program(state).await?;
    let pool = &state.pool;
    let (pillars, indicators, organisations, pairs) = tokio::try_join!(
        store::structure::pillars(pool, program.id),
        store::structure::indicators(pool, program.id),
        store::organisations::choices(pool),
        store::structure::assignment_pairs(pool, program.id)
    )?;
    let live: Vec<&PillarRecord> = pillars.iter().filter(|p| !p.archived).collect();
    let pillar = pillar
        .filter(|c| live.iter().any(|p| &p.code == c))
        .or_else(|| live.first().map(|p| p.code.clone()))
        .unwrap_or_default();
    let columns: Vec<_> = indicators
        .iter()
        .filter(|i| !i.archived && i.pillar_code == pillar)
        .collect();
    let ticked = |org: &str, ind: &str| match &ticked_override {
        Some(list) => list.iter().any(|v| v == &format!("{org}|{ind}")),
        None => pairs.iter().any(|(o, i)| o == org && i == ind),
    };
    let rows = organisations
        .iter()
        .map(|o| MatrixRow {
            cells: columns
                .iter()
                .map(|i| {
                    (
                        format!("{}|{}", o.code, i.code),
                        format!("{} — {}", o.name, i.code),
                        ticked(&o.code, &i.code),
                    )
                })
                .collect(),
            code: o.code.clone(),
            name: o.name.clone(),
        })
        .collect();
    let s = strings(&layout);
    let found = !pillar.is_empty();
    let codes: Vec<&str> = columns.iter().map(|i| i.code.as_str()).collect();
    let seen = input
        .as_ref()
        .map(|i| i.seen.clone())
        .unwrap_or_else(|| seen_token(&pairs, &codes));
    Ok((
        AssignmentsPage {
            s,
            pillars: live
                .iter()
                .map(|p| Choice {
                    value: p.code.clone(),
                    label: format!(
                        "{} {}",
                        p.code,
                        view::pick(layout.locale, &p.name_en, &p.name_id)
                    ),
                })
                .collect(),
            indicators: columns
                .iter()
                .map(|i| Choice {
                    value: i.code.clone(),
                    label: view::pick(layout.locale, &i.name_en, &i.name_id),
                })
                .collect(),
            pillar,
            rows,
            starts_on: input
                .map(|i| i.starts_on)
                .unwrap_or_else(|| program.starts_on.to_string()),
            seen,
            error,
            notice,
            layout,
        }
        .render()?,
        found,
    ))
}

async fn assignments_page(
    State(state): State<AppState>,
    layout: Layout,
    Query(query): Query<MatrixQuery>,
) -> Result<Html<String>, AppError> {
    let notice = if query.done.is_some() {
        strings(&layout).saved.to_string()
    } else {
        String::new()
    };
    let (html, _) =
        render_matrix(&state, layout, query.pillar, None, String::new(), notice).await?;
    Ok(Html(html))
}

async fn save_assignments(
    State(state): State<AppState>,
    layout: Layout,
    Extension(admin): Extension<CurrentUser>,
    context: AuditOrigin,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let s = strings(&layout);
    let value = |key: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    };
    let pillar = value("pillar");
    let starts_text = value("starts_on");
    let ticked: Vec<String> = pairs
        .iter()
        .filter(|(k, _)| k == "a")
        .map(|(_, v)| v.clone())
        .collect();
    let program = program(&state).await?;
    let pool = &state.pool;
    let (indicators, organisations, current) = tokio::try_join!(
        store::structure::indicators(pool, program.id),
        store::structure::organisations(pool, program.id),
        store::structure::assignment_pairs(pool, program.id)
    )?;
    let columns: Vec<_> = indicators
        .iter()
        .filter(|i| !i.archived && i.pillar_code == pillar)
        .collect();
    let mut error = String::new();
    let starts_on = chrono::NaiveDate::parse_from_str(&starts_text, "%Y-%m-%d").ok();
    if starts_on.is_none() {
        error = s.err_date.into();
    }
    let mut wanted: Vec<(Uuid, Uuid)> = Vec::new();
    for entry in &ticked {
        let (org, ind) = entry.split_once('|').unwrap_or(("", ""));
        let organisation = organisations.iter().find(|o| o.code == org && !o.archived);
        let indicator = columns.iter().find(|i| i.code == ind);
        match (indicator, organisation) {
            (Some(i), Some(o)) => wanted.push((i.id, o.id)),
            _ => error = s.err_choose.into(),
        }
    }
    if columns.is_empty() {
        error = s.err_choose.into();
    }
    let Some(starts_on) = starts_on.filter(|_| error.is_empty()) else {
        let input = MatrixInput {
            ticked,
            starts_on: starts_text,
            seen: value("seen"),
        };
        let (html, _) = render_matrix(
            &state,
            layout,
            Some(pillar),
            Some(input),
            error,
            String::new(),
        )
        .await?;
        return Ok(unprocessable(html));
    };
    // Someone saved this pillar's matrix since this page was shown: say what changed and keep
    // the ticks; the page now carries the current state, so saving again is deliberate.
    let codes: Vec<&str> = columns.iter().map(|i| i.code.as_str()).collect();
    let now = seen_token(&current, &codes);
    if now != value("seen") {
        let seen = value("seen");
        let before: Vec<&str> = seen.split(',').filter(|p| !p.is_empty()).collect();
        let after: Vec<&str> = now.split(',').filter(|p| !p.is_empty()).collect();
        let mut changed: Vec<String> = after
            .iter()
            .filter(|p| !before.contains(p))
            .map(|p| format!("+ {}", p.replace('|', " ")))
            .chain(
                before
                    .iter()
                    .filter(|p| !after.contains(p))
                    .map(|p| format!("− {}", p.replace('|', " "))),
            )
            .collect();
        changed.sort();
        let message = format!("{} {}", s.matrix_conflict, changed.join(", "));
        let input = MatrixInput {
            ticked,
            starts_on: starts_text,
            seen: now,
        };
        let (html, _) = render_matrix(
            &state,
            layout,
            Some(pillar),
            Some(input),
            message,
            String::new(),
        )
        .await?;
        return Ok((StatusCode::CONFLICT, Html(html)).into_response());
    }
    let ids: Vec<Uuid> = columns.iter().map(|i| i.id).collect();
    let mut tx = state.pool.begin().await?;
    let change = store::structure::save_assignments(&mut tx, &ids, &wanted, starts_on).await?;
    if !change.added.is_empty() || !change.removed.is_empty() {
        audit::record(
            &mut tx,
            &Actor::from(&admin),
            &context,
            AuditEntry {
                action: "assign",
                entity: "assignment",
                entity_id: Some(pillar.clone()),
                before: Some(json!({ "removed": change.removed })),
                after: Some(json!({ "added": change.added, "starts_on": starts_on })),
                reason: None,
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Redirect::to(&format!("/admin/assignments?pillar={pillar}&done=1")).into_response())
}
