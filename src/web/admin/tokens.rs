//! `/admin/tokens`: issue API tokens (the secret is shown once), list them, revoke them.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Extension, Form, Router};
use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::CurrentUser;
use crate::auth::accounts::{self, TokenInput};
use crate::domain::{Actor, AuditOrigin};
use crate::error::{AppError, FieldMessage};
use crate::state::AppState;
use crate::store;
use crate::web::account_strings::{self, AccountStrings};
use crate::web::form::message_for;
use crate::web::layout::Layout;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/tokens", get(list).post(create))
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
    form: TokenForm,
    errors: Vec<FieldMessage>,
    /// The secret of the token just created: shown this once.
    created: Option<String>,
}

impl TokensPage {
    fn error(&self, field: &str) -> String {
        message_for(&self.errors, field)
    }
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
}

async fn render(
    state: &AppState,
    layout: Layout,
    form: TokenForm,
    errors: Vec<FieldMessage>,
    created: Option<String>,
) -> Result<String, AppError> {
    let (tokens, organisations) = tokio::try_join!(
        store::tokens::list(&state.pool),
        store::organisations::choices(&state.pool)
    )?;
    Ok(TokensPage {
        a: account_strings::for_locale(layout.locale),
        layout,
        tokens,
        organisations,
        form,
        errors,
        created,
    }
    .render()?)
}

async fn list(State(state): State<AppState>, layout: Layout) -> Result<Html<String>, AppError> {
    let form = TokenForm {
        scope: "write".into(),
        ..TokenForm::default()
    };
    Ok(Html(render(&state, layout, form, Vec::new(), None).await?))
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
            .map_err(|_| vec![FieldMessage::new("expires", "enter the date as YYYY-MM-DD")]),
    };
    let result = match expires_on {
        Ok(expires_on) => {
            let input = TokenInput {
                organisation_code: form.organisation.clone(),
                name: form.name.clone(),
                scope: form.scope.clone(),
                expires_on,
            };
            accounts::create_token(
                &state.pool,
                &Actor::from(&admin),
                &context,
                state.clock.today(),
                input,
            )
            .await
        }
        Err(errors) => Err(AppError::Validation(errors)),
    };
    match result {
        // Shown in this response and never again; the page is not cached (security headers).
        Ok(issued) => Ok(Html(
            render(
                &state,
                layout,
                TokenForm {
                    scope: "write".into(),
                    ..TokenForm::default()
                },
                Vec::new(),
                Some(issued.secret),
            )
            .await?,
        )
        .into_response()),
        Err(AppError::Validation(errors)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            Html(render(&state, layout, form, errors, None).await?),
        )
            .into_response()),
        Err(other) => Err(other),
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
        .map_err(|_| AppError::NotFound("This token".into()))
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
        .ok_or_else(|| AppError::NotFound("A live token with this id".into()))?;
    Ok(Html(
        RevokePage {
            a: account_strings::for_locale(layout.locale),
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
    accounts::revoke_token(&state.pool, &Actor::from(&admin), &context, parse_id(&id)?).await?;
    Ok(Redirect::to("/admin/tokens").into_response())
}
