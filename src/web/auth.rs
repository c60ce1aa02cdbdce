//! `/login` and `/logout`.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Form, Router};
use serde::Deserialize;

use super::layout::Layout;
use crate::auth::session::{
    self, PRE_SESSION_CSRF_COOKIE, SignInError, cookie, safe_next, set_cookie,
};
use crate::auth::{CurrentUser, client, policy, token};
use crate::domain::AuditOrigin;
use crate::error::AppError;
use crate::i18n::AccountStrings;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/login", get(login_page).post(login))
        .route("/logout", post(logout))
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    a: &'static AccountStrings,
    n: &'static crate::i18n::NotificationStrings,
    /// Back from a password reset: "sign in with the new password".
    reset_done: bool,
    layout: Layout,
    csrf_token: String,
    next: String,
    email: String,
    error: Option<String>,
}

#[derive(Deserialize)]
struct NextQuery {
    next: Option<String>,
    reset: Option<String>,
}

/// Where a signed-in user belongs when no page was asked for.
fn home_of(user: &CurrentUser) -> &'static str {
    if user.role == crate::domain::Role::Tenant {
        policy::TENANT_HOME
    } else {
        "/"
    }
}

async fn login_page(
    State(state): State<AppState>,
    layout: Layout,
    user: Option<Extension<CurrentUser>>,
    headers: HeaderMap,
    Query(query): Query<NextQuery>,
) -> Result<Response, AppError> {
    if let Some(Extension(user)) = user {
        let next = query
            .next
            .as_deref()
            .map_or_else(|| home_of(&user).to_string(), |n| safe_next(Some(n)));
        return Ok(Redirect::to(&next).into_response());
    }
    // Before sign-in there is no session: the form's CSRF token lives in a cookie of its own.
    let (csrf_token, new_cookie) = match cookie(&headers, PRE_SESSION_CSRF_COOKIE) {
        Some(existing) => (existing.to_string(), None),
        None => {
            let fresh = token::random_secret();
            let cookie = set_cookie(
                PRE_SESSION_CSRF_COOKIE,
                &fresh,
                std::time::Duration::from_secs(3600),
                state.sessions.secure_cookies,
            );
            (fresh, Some(cookie))
        }
    };
    let page = LoginPage {
        a: &layout.locale.strings().accounts,
        n: &layout.locale.strings().notifications,
        reset_done: query.reset.is_some(),
        layout,
        csrf_token,
        next: safe_next(query.next.as_deref()),
        email: String::new(),
        error: None,
    };
    let mut response = Html(page.render()?).into_response();
    if let Some(cookie) = new_cookie {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    Ok(response)
}

#[derive(Deserialize)]
struct LoginForm {
    email: String,
    password: String,
    csrf_token: String,
    next: Option<String>,
}

async fn login(
    State(state): State<AppState>,
    layout: Layout,
    context: AuditOrigin,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, AppError> {
    let user_agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok());
    let again = |status: StatusCode, message: &str| -> Result<Response, AppError> {
        let page = LoginPage {
            a: &layout.locale.strings().accounts,
            n: &layout.locale.strings().notifications,
            reset_done: false,
            layout: layout.clone(),
            csrf_token: form.csrf_token.clone(),
            next: safe_next(form.next.as_deref()),
            email: form.email.clone(),
            error: Some(message.to_string()),
        };
        Ok((status, Html(page.render()?)).into_response())
    };
    // Decided before the session exists, so nothing about `next` can fail after it is opened.
    let target = safe_next(form.next.as_deref());
    match session::sign_in(
        &state.pool,
        &state.clock,
        &state.sessions,
        &context,
        user_agent,
        cookie(&headers, client::DEVICE_COOKIE),
        &form.email,
        &form.password,
    )
    .await
    {
        Ok(signed_in) => {
            let mut response = Redirect::to(&target).into_response();
            let headers = response.headers_mut();
            headers.append(header::SET_COOKIE, signed_in.set_cookie);
            headers.append(header::SET_COOKIE, signed_in.device_cookie);
            Ok(response)
        }
        // The same words whether the email is unknown or the password wrong.
        Err(SignInError::WrongCredentials) => again(
            StatusCode::UNAUTHORIZED,
            layout.locale.strings().accounts.wrong_credentials,
        ),
        Err(SignInError::Throttled) => {
            let mut response = again(
                StatusCode::TOO_MANY_REQUESTS,
                layout.locale.strings().accounts.throttled,
            )?;
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, header::HeaderValue::from_static("900"));
            Ok(response)
        }
        Err(SignInError::OrganisationArchived) => again(
            StatusCode::FORBIDDEN,
            layout.locale.strings().accounts.organisation_archived,
        ),
        Err(SignInError::Other(err)) => Err(err),
    }
}

async fn logout(
    State(state): State<AppState>,
    context: AuditOrigin,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let clear = session::sign_out(
        &state.pool,
        &state.sessions,
        &state.page_cache,
        &headers,
        &context,
    )
    .await?;
    let mut response = Redirect::to("/login").into_response();
    response.headers_mut().insert(header::SET_COOKIE, clear);
    Ok(response)
}
