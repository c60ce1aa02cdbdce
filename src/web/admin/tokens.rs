//! `/admin/tokens`: issue API tokens (the secret is shown once), list them, revoke them.
//!
//! Issuing is POST-redirect-GET: the POST stores the token and hands its secret to the
//! redirect's page in a short-lived cookie scoped to that page, which the page shows once and
//! clears. A refresh shows no secret and issues nothing; only the hash is ever stored.

use askama::Template;
use std::time::Duration;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Extension, Form, Router};
use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::accounts::{self, AccountError, TokenInput};
use crate::auth::{CurrentUser, session, token};
use crate::domain::accounts::TOKEN_NAME_MAX_CHARS;
use crate::domain::{Actor, AuditOrigin};
use crate::error::{AppError, FieldMessage};
use crate::i18n::AccountStrings;
use crate::state::AppState;
use crate::store;
use crate::web::form::message_for;
use crate::web::layout::Layout;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/tokens", get(list).post(create))
        .route("/admin/tokens/{id}/created", get(created))
        .route(
            "/admin/tokens/{id}/revoke",
            get(confirm_revoke).post(revoke),
        )
}

#[derive(Template)]
#[template(path = "admin/tokens.html")]
struct TokensPage {
    a: &'static AccountStrings,
    layout: Layout,
    tokens: Vec<store::tokens::TokenSummary>,
    organisations: Vec<store::organisations::OrganisationChoice>,
    verifiers: Vec<store::users::VerifierAccount>,
    form: TokenForm,
    errors: Vec<FieldMessage>,
    /// The secret of the token just created: shown this once.
    created: Option<String>,
    /// A notice above the list (the secret of a new token is no longer available).
    notice: String,
}

impl TokensPage {
    fn error(&self, field: &str) -> String {
        message_for(&self.errors, field)
    }

    /// The longest token name kept (the form's `maxlength`).
    fn name_max(&self) -> usize {
        TOKEN_NAME_MAX_CHARS
    }

    /// The last day a token is valid, as the admin entered it: it expires at the start of the
    /// next day (UTC).
    fn last_day_valid(&self, token: &store::tokens::TokenSummary) -> String {
        match token.expires_at {
            Some(at) => (at - chrono::Duration::seconds(1))
                .date_naive()
                .format("%Y-%m-%d")
                .to_string(),
            None => self.a.never.to_string(),
        }
    }
}

/// The cookie that carries a new token's secret from the POST to the page that shows it.
const NEW_TOKEN_COOKIE: &str = "pilar_new_token";
/// How long that cookie lives if the redirect is never followed.
const NEW_TOKEN_COOKIE_LIFE: Duration = Duration::from_secs(120);

fn created_path(id: Uuid) -> String {
    format!("/admin/tokens/{id}/created")
}

#[derive(Debug, Default, Clone, Deserialize)]
struct TokenForm {
    #[serde(default)]
    organisation: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    scope: String,
    #[serde(default)]
    expires: String,
    /// The email of the verifier account the token acts for; empty for none.
    #[serde(default)]
    verifier: String,
}

async fn render(
    state: &AppState,
    layout: Layout,
    form: TokenForm,
    errors: Vec<FieldMessage>,
    created: Option<String>,
    notice: String,
) -> Result<String, AppError> {
    let (tokens, organisations, verifiers) = tokio::try_join!(
        store::tokens::list(&state.pool),
        store::organisations::choices(&state.pool),
        store::users::active_verifiers(&state.pool)
    )?;
    Ok(TokensPage {
        a: &layout.locale.strings().accounts,
        layout,
        tokens,
        organisations,
        verifiers,
        form,
        errors,
        created,
        notice,
    }
    .render()?)
}

#[derive(Deserialize)]
struct ListQuery {
    /// Set when the page that shows a new token's secret could not show it.
    secret_gone: Option<String>,
}

async fn list(
    State(state): State<AppState>,
    layout: Layout,
    Query(query): Query<ListQuery>,
) -> Result<Html<String>, AppError> {
    let form = TokenForm {
        scope: "write".into(),
        ..TokenForm::default()
    };
    let notice = match query.secret_gone {
        Some(_) => layout
            .locale
            .strings()
            .accounts
            .token_secret_gone
            .to_string(),
        None => String::new(),
    };
    Ok(Html(
        render(&state, layout, form, Vec::new(), None, notice).await?,
    ))
}

async fn create(
    State(state): State<AppState>,
    layout: Layout,
    Extension(admin): Extension<CurrentUser>,
    context: AuditOrigin,
    Form(form): Form<TokenForm>,
) -> Result<Response, AppError> {
    let expires_on = match form.expires.trim() {
        "" => Ok(None),
        text => NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| vec![FieldMessage::new("expires", layout.t.structure.err_date)]),
    };
    let result = match expires_on {
        Ok(expires_on) => {
            let input = TokenInput {
                organisation_code: form.organisation.clone(),
                name: form.name.clone(),
                scope: form.scope.clone(),
                expires_on,
                verifier_email: Some(form.verifier.clone()),
            };
            accounts::create_token(
                &state.pool,
                &Actor::from(&admin),
                &context,
                state.clock.today(),
                input,
            )
            .await
            .map_err(Refused::Account)
        }
        Err(errors) => Err(Refused::Read(errors)),
    };
    match result {
        // The secret goes to the page that shows it once; a refresh of that page issues nothing.
        Ok(issued) => {
            let path = created_path(issued.id);
            let cookie = session::set_cookie_on(
                NEW_TOKEN_COOKIE,
                &issued.secret,
                &path,
                NEW_TOKEN_COOKIE_LIFE,
                state.sessions.secure_cookies,
            );
            Ok(([(header::SET_COOKIE, cookie)], Redirect::to(&path)).into_response())
        }
        Err(refused) => {
            let errors = match refused {
                Refused::Read(errors) => errors,
                Refused::Account(refused) => refused.worded(&layout.locale.strings().accounts)?,
            };
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                Html(render(&state, layout, form, errors, None, String::new()).await?),
            )
                .into_response())
        }
    }
}

#[derive(Template)]
#[template(path = "admin/token_revoke.html")]
struct RevokePage {
    a: &'static AccountStrings,
    layout: Layout,
    token: store::tokens::TokenSummary,
}

fn parse_id(raw: &str) -> Result<Uuid, AppError> {
    raw.parse()
        .map_err(|_| AppError::NotFound(crate::domain::Missing::Token))
}

/// Revoking cannot be undone, so it asks first.
async fn confirm_revoke(
    State(state): State<AppState>,
    layout: Layout,
    Path(id): Path<String>,
) -> Result<Html<String>, AppError> {
    let id = parse_id(&id)?;
    let token = store::tokens::live_one(&state.pool, id)
        .await?
        .ok_or_else(|| AppError::NotFound(crate::domain::Missing::Token))?;
    Ok(Html(
        RevokePage {
            a: &layout.locale.strings().accounts,
            layout,
            token,
        }
        .render()?,
    ))
}

async fn revoke(
    State(state): State<AppState>,
    Extension(admin): Extension<CurrentUser>,
    context: AuditOrigin,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    accounts::revoke_token(
        &state.pool,
        &Actor::from(&admin),
        &context,
        parse_id(&id)?,
        state.clock.now(),
    )
    .await
    .map_err(AppError::from)?;
    Ok(Redirect::to("/admin/tokens").into_response())
}

/// The page after issuing: the new token's secret, shown this once (the cookie that carried
/// it is cleared in the same response). Without the cookie — a refresh, another browser —
/// it goes back to the list.
async fn created(
    State(state): State<AppState>,
    layout: Layout,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let id = parse_id(&id)?;
    let path = created_path(id);
    let secret = session::cookie(&headers, NEW_TOKEN_COOKIE)
        .filter(|secret| token::well_formed(secret))
        .map(str::to_string);
    // Without the cookie (a refresh, or a browser that did not send it back) the secret is
    // gone for good: say so, so that the admin revokes the token if it was not copied.
    let gone = Redirect::to("/admin/tokens?secret_gone=1").into_response();
    let Some(secret) = secret else {
        return Ok(gone);
    };
    // The cookie must carry this token's own secret.
    let grant = store::tokens::by_hash(&state.pool, &token::hash(&secret)).await?;
    if grant.is_none_or(|g| g.id != id) {
        return Ok(gone);
    }
    let clear = session::set_cookie_on(
        NEW_TOKEN_COOKIE,
        "",
        &path,
        Duration::ZERO,
        state.sessions.secure_cookies,
    );
    let form = TokenForm {
        scope: "write".into(),
        ..TokenForm::default()
    };
    let page = render(
        &state,
        layout,
        form,
        Vec::new(),
        Some(secret),
        String::new(),
    )
    .await?;
    Ok(([(header::SET_COOKIE, clear)], Html(page)).into_response())
}

/// Why a token form was refused: a field the page could not read (already worded), or the
/// account rules' problems.
enum Refused {
    Read(Vec<FieldMessage>),
    Account(AccountError),
}
