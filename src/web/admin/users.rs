//! `/admin/users`: list, create, edit (name, role, organisation, language, a new password),
//! deactivate and reactivate accounts.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Form, Router};
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::accounts::{self, AccountError, UserEdit, UserInput};
use crate::auth::{CurrentUser, session, token};
use crate::domain::accounts::{
    AccountFieldProblem, AccountProblem, PASSWORD_MAX_CHARS, USER_NAME_MAX_CHARS,
};
use crate::domain::{Actor, AuditOrigin, Role};
use crate::error::{AppError, FieldMessage};
use crate::i18n::AccountStrings;
use crate::state::AppState;
use crate::store;
use crate::web::form::message_for;
use crate::web::layout::Layout;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/users", get(list).post(create))
        .route("/admin/users/{id}", get(edit_page).post(update))
        .route("/admin/users/{id}/deactivate", post(deactivate))
        .route("/admin/users/{id}/activate", post(activate))
        .route("/admin/users/{id}/programs", post(set_programs))
}

#[derive(Template)]
#[template(path = "admin/users.html")]
struct UsersPage {
    a: &'static AccountStrings,
    layout: Layout,
    users: Vec<store::users::UserSummary>,
    organisations: Vec<store::organisations::OrganisationChoice>,
    roles: &'static [Role],
    form: UserForm,
    errors: Vec<FieldMessage>,
    notice: String,
}

impl UsersPage {
    fn error(&self, field: &str) -> String {
        message_for(&self.errors, field)
    }

    /// The longest display name kept (the form's `maxlength`).
    fn name_max(&self) -> usize {
        USER_NAME_MAX_CHARS
    }

    /// The longest password kept (the form's `maxlength`).
    fn password_max(&self) -> usize {
        PASSWORD_MAX_CHARS
    }
}

#[derive(Debug, Default, Clone, Deserialize)]
struct UserForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    organisation: String,
    #[serde(default)]
    language: String,
}

#[derive(Deserialize)]
struct Notice {
    created: Option<String>,
    changed: Option<String>,
}

async fn render(
    state: &AppState,
    layout: Layout,
    form: UserForm,
    errors: Vec<FieldMessage>,
    notice: String,
) -> Result<String, AppError> {
    let (users, organisations) = tokio::try_join!(
        store::users::list(&state.pool),
        store::organisations::choices(&state.pool)
    )?;
    Ok(UsersPage {
        a: &layout.locale.strings().accounts,
        layout,
        users,
        organisations,
        roles: Role::ALL,
        form,
        errors,
        notice,
    }
    .render()?)
}

async fn list(
    State(state): State<AppState>,
    layout: Layout,
    Query(notice): Query<Notice>,
) -> Result<Html<String>, AppError> {
    let a = &layout.locale.strings().accounts;
    let notice = match (notice.created, notice.changed) {
        (Some(email), _) => format!("{}: {email}", a.created_account),
        (_, Some(_)) => a.updated_account.to_string(),
        _ => String::new(),
    };
    let form = UserForm {
        language: "en".into(),
        role: "viewer".into(),
        ..UserForm::default()
    };
    Ok(Html(
        render(&state, layout, form, Vec::new(), notice).await?,
    ))
}

#[derive(Deserialize)]
struct CreateForm {
    #[serde(flatten)]
    user: UserForm,
    #[serde(default)]
    password: String,
}

async fn create(
    State(state): State<AppState>,
    layout: Layout,
    Extension(admin): Extension<CurrentUser>,
    context: AuditOrigin,
    Form(form): Form<CreateForm>,
) -> Result<Response, AppError> {
    let role = form.user.role.parse::<Role>();
    let result = match role {
        Ok(role) => {
            let input = UserInput {
                email: form.user.email.clone(),
                display_name: Some(form.user.display_name.clone()),
                role,
                organisation_code: Some(form.user.organisation.clone()).filter(|c| !c.is_empty()),
                preferred_language: form.user.language.clone(),
                password: form.password,
            };
            accounts::create_user(&state.pool, &Actor::from(&admin), &context, input).await
        }
        Err(_) => Err(AccountError::Invalid(vec![AccountFieldProblem::new(
            "role",
            AccountProblem::Role,
        )])),
    };
    match result {
        // Post/Redirect/Get: a reload never creates the account twice.
        Ok(_) => Ok(Redirect::to(&format!(
            "/admin/users?created={}",
            urlencode(form.user.email.trim())
        ))
        .into_response()),
        Err(refused) => {
            let errors = refused.worded(&layout.locale.strings().accounts)?;
            let html = render(&state, layout, form.user, errors, String::new()).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
    }
}

async fn set_active(
    state: AppState,
    admin: CurrentUser,
    context: AuditOrigin,
    id: &str,
    active: bool,
) -> Result<Response, AppError> {
    let id: Uuid = id
        .parse()
        .map_err(|_| AppError::NotFound(crate::domain::Missing::User))?;
    if id == admin.id && !active {
        return Err(AppError::Conflict(crate::domain::Clash::OwnAccount));
    }
    accounts::set_user_active(&state.pool, &Actor::from(&admin), &context, id, active)
        .await
        .map_err(AppError::from)?;
    // Committed: this instance drops the user's kept sessions now, the others on the notice.
    state.page_cache.forget_sessions_of(id);
    Ok(Redirect::to("/admin/users?changed=1").into_response())
}

async fn deactivate(
    State(state): State<AppState>,
    Extension(admin): Extension<CurrentUser>,
    context: AuditOrigin,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    set_active(state, admin, context, &id, false).await
}

async fn activate(
    State(state): State<AppState>,
    Extension(admin): Extension<CurrentUser>,
    context: AuditOrigin,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    set_active(state, admin, context, &id, true).await
}

fn urlencode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

#[derive(Template)]
#[template(path = "admin/user_edit.html")]
struct EditPage {
    a: &'static AccountStrings,
    layout: Layout,
    user: store::users::UserRecord,
    organisations: Vec<store::organisations::OrganisationChoice>,
    roles: &'static [Role],
    form: EditForm,
    errors: Vec<FieldMessage>,
    /// Every program, with whether the user works in it (managers and viewers only).
    programs: Vec<ProgramChoice>,
    /// Whether the user's programs are granted here (a manager or viewer).
    grants_programs: bool,
    /// A refused grant's message, or the notice that the programs were saved.
    programs_error: String,
    programs_saved: bool,
}

/// A program on the users page: its code, name and whether the user works in it.
struct ProgramChoice {
    code: String,
    name: String,
    granted: bool,
}

impl EditPage {
    fn error(&self, field: &str) -> String {
        message_for(&self.errors, field)
    }

    /// The longest display name kept (the form's `maxlength`).
    fn name_max(&self) -> usize {
        USER_NAME_MAX_CHARS
    }

    /// The longest password kept (the form's `maxlength`).
    fn password_max(&self) -> usize {
        PASSWORD_MAX_CHARS
    }
}

/// The edit form as posted; `version` is the one the admin read.
#[derive(Debug, Default, Clone, Deserialize)]
struct EditForm {
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    organisation: String,
    #[serde(default)]
    language: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    version: String,
}

impl EditForm {
    fn of(user: &store::users::UserRecord) -> Self {
        EditForm {
            display_name: user.display_name.clone(),
            role: user.role.as_str().to_string(),
            organisation: user.organisation_code.clone().unwrap_or_default(),
            language: user.preferred_language.clone(),
            password: String::new(),
            version: user.version.to_string(),
        }
    }
}

async fn user_by_path(state: &AppState, id: &str) -> Result<store::users::UserRecord, AppError> {
    let id: Uuid = id
        .parse()
        .map_err(|_| AppError::NotFound(crate::domain::Missing::User))?;
    store::users::by_id(&state.pool, id)
        .await?
        .ok_or_else(|| AppError::NotFound(crate::domain::Missing::User))
}

async fn render_edit(
    state: &AppState,
    layout: Layout,
    user: store::users::UserRecord,
    form: EditForm,
    errors: Vec<FieldMessage>,
) -> Result<String, AppError> {
    render_edit_with(state, layout, user, form, errors, String::new(), false).await
}

async fn render_edit_with(
    state: &AppState,
    layout: Layout,
    user: store::users::UserRecord,
    form: EditForm,
    errors: Vec<FieldMessage>,
    programs_error: String,
    programs_saved: bool,
) -> Result<String, AppError> {
    let (organisations, ties) = tokio::try_join!(
        async { Ok::<_, AppError>(store::organisations::choices(&state.pool).await?) },
        async {
            Ok::<_, AppError>(store::program::program_ties(&state.pool, Some(user.id), None).await?)
        },
    )?;
    let programs = ties
        .into_iter()
        .map(|t| ProgramChoice {
            name: layout.locale.text(&t.program.name).to_string(),
            code: t.program.code,
            granted: t.granted,
        })
        .collect();
    Ok(EditPage {
        a: &layout.locale.strings().accounts,
        grants_programs: matches!(user.role, Role::Manager | Role::Viewer),
        layout,
        user,
        organisations,
        roles: Role::ALL,
        form,
        errors,
        programs,
        programs_error,
        programs_saved,
    }
    .render()?)
}

/// `/admin/users/{id}/programs`: the programs a manager or viewer works in, one checkbox
/// per program (`program=CODE`, repeated).
async fn set_programs(
    State(state): State<AppState>,
    layout: Layout,
    Extension(admin): Extension<CurrentUser>,
    context: AuditOrigin,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let user = user_by_path(&state, &id).await?;
    let codes: Vec<String> = fields
        .into_iter()
        .filter(|(name, _)| name == "program")
        .map(|(_, code)| code.trim().to_string())
        .collect();
    let result = accounts::set_user_programs(
        &state.pool,
        &Actor::from(&admin),
        &context,
        user.id,
        user.role,
        &codes,
    )
    .await;
    let words = layout.t.programs;
    let (status, message, saved) = match result {
        Ok(()) => (StatusCode::OK, String::new(), true),
        Err(accounts::GrantError::UnknownProgram(_)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            words.unknown_program.to_string(),
            false,
        ),
        Err(accounts::GrantError::NotGranted) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            words.granted_by_role.to_string(),
            false,
        ),
        Err(accounts::GrantError::App(err)) => return Err(err),
    };
    let form = EditForm::of(&user);
    let html = render_edit_with(&state, layout, user, form, Vec::new(), message, saved).await?;
    Ok((status, Html(html)).into_response())
}

async fn edit_page(
    State(state): State<AppState>,
    layout: Layout,
    Path(id): Path<String>,
) -> Result<Html<String>, AppError> {
    let user = user_by_path(&state, &id).await?;
    let form = EditForm::of(&user);
    Ok(Html(
        render_edit(&state, layout, user, form, Vec::new()).await?,
    ))
}

async fn update(
    State(state): State<AppState>,
    layout: Layout,
    Extension(admin): Extension<CurrentUser>,
    context: AuditOrigin,
    Path(id): Path<String>,
    headers: HeaderMap,
    Form(mut form): Form<EditForm>,
) -> Result<Response, AppError> {
    let user = user_by_path(&state, &id).await?;
    let mut errors = Vec::new();
    let role = form
        .role
        .parse::<Role>()
        .map_err(|_| errors.push(AccountFieldProblem::new("role", AccountProblem::Role)))
        .ok();
    // A form that does not say which version it changed cannot be checked for a concurrent
    // edit: refused, not guessed.
    let version = form.version.trim().parse::<i32>().ok();
    if version.is_none() {
        errors.push(AccountFieldProblem::new("", AccountProblem::VersionUnknown));
    }
    if role.is_some_and(|r| r != Role::Admin) && user.id == admin.id {
        errors.push(AccountFieldProblem::new(
            "role",
            AccountProblem::OwnAdminRole,
        ));
    }
    // An admin setting their own password stays signed in here; their other sessions end.
    let keep_session = (user.id == admin.id)
        .then(|| session::cookie(&headers, session::COOKIE).map(token::hash))
        .flatten();
    let result = match (role, version) {
        (Some(role), Some(version)) if errors.is_empty() => {
            let edit = UserEdit {
                display_name: form.display_name.clone(),
                role,
                organisation_code: Some(form.organisation.clone()).filter(|c| !c.is_empty()),
                preferred_language: form.language.clone(),
                new_password: Some(std::mem::take(&mut form.password)),
                version,
                keep_session,
            };
            accounts::update_user(&state.pool, &Actor::from(&admin), &context, user.id, edit).await
        }
        _ => Err(AccountError::Invalid(errors)),
    };
    form.password.clear();
    match result {
        Ok(()) => {
            // A role, organisation, name or password changed: kept sessions show the old.
            state.page_cache.forget_sessions_of(user.id);
            Ok(Redirect::to("/admin/users?changed=1").into_response())
        }
        Err(refused) => {
            let errors = refused.worded(&layout.locale.strings().accounts)?;
            let html = render_edit(&state, layout, user, form, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
    }
}
