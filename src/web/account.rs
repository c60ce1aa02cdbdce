//! `/account`: a signed-in person's own account — changing their password (the current one
//! required; their other sessions end). Open to every role (`auth::policy`).

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Form, Router};
use serde::Deserialize;

use crate::auth::accounts::{self, PasswordChange};
use crate::auth::{CurrentUser, session, token};
use crate::domain::AuditOrigin;
use crate::error::{AppError, FieldMessage};
use crate::i18n::AccountStrings;
use crate::state::AppState;
use crate::web::form::message_for;
use crate::web::layout::Layout;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/account", get(account_page))
        .route("/account/password", post(change_password))
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    a: &'static AccountStrings,
    n: &'static crate::i18n::NotificationStrings,
    /// The notification settings' rows.
    choices: Vec<crate::web::notifications::Choice>,
    notifications_saved: bool,
    layout: Layout,
    user: CurrentUser,
    errors: Vec<FieldMessage>,
    changed: bool,
}

impl AccountPage {
    fn error(&self, field: &str) -> String {
        message_for(&self.errors, field)
    }
}

#[derive(Deserialize)]
struct Done {
    changed: Option<String>,
    notifications: Option<String>,
}

async fn account_page(
    State(state): State<AppState>,
    layout: Layout,
    Extension(user): Extension<CurrentUser>,
    Query(done): Query<Done>,
) -> Result<Html<String>, AppError> {
    let n = &layout.locale.strings().notifications;
    let settings = accounts::notification_settings(&state.pool, user.id).await?;
    Ok(Html(
        AccountPage {
            a: &layout.locale.strings().accounts,
            n,
            choices: crate::web::notifications::choices(n, &settings),
            notifications_saved: done.notifications.is_some(),
            layout,
            user,
            errors: Vec::new(),
            changed: done.changed.is_some(),
        }
        .render()?,
    ))
}

#[derive(Deserialize)]
struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    repeat_password: String,
}

async fn change_password(
    State(state): State<AppState>,
    layout: Layout,
    Extension(user): Extension<CurrentUser>,
    context: AuditOrigin,
    headers: HeaderMap,
    Form(form): Form<PasswordForm>,
) -> Result<Response, AppError> {
    let session_hash = session::cookie(&headers, session::COOKIE)
        .map(token::hash)
        .ok_or_else(|| AppError::Unauthorized("Sign in again.".into()))?;
    let change = PasswordChange {
        current: form.current_password,
        new: form.new_password,
        repeated: form.repeat_password,
    };
    let result = accounts::change_own_password(
        &state.pool,
        &context,
        &user,
        &session_hash,
        session::cookie(&headers, crate::auth::client::DEVICE_COOKIE),
        change,
        state.clock.now(),
    )
    .await;
    match result {
        Ok(()) => {
            // The other sessions ended: this instance forgets them now (this one is asked
            // for again on the next page).
            state.page_cache.forget_sessions_of(user.id);
            Ok(Redirect::to("/account?changed=1").into_response())
        }
        Err(refused) => {
            let errors = refused.worded(&layout.locale.strings().accounts)?;
            let n = &layout.locale.strings().notifications;
            let settings = accounts::notification_settings(&state.pool, user.id).await?;
            let page = AccountPage {
                a: &layout.locale.strings().accounts,
                n,
                choices: crate::web::notifications::choices(n, &settings),
                notifications_saved: false,
                layout,
                user,
                errors,
                changed: false,
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
        }
    }
}
