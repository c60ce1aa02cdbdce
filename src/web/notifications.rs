//! Reminders' pages: "forgot password" (`/login/forgot`), the reset link's page
//! (`/login/reset`), the notification settings reached from a message's link without signing
//! in (`/notifications?token=…`), and saving them from the account page
//! (`/account/notifications`); `/notifications` without a link takes a signed-in person to
//! their notifications (`/inbox`). The use cases are in `auth::accounts`.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Form, Router};
use serde::Deserialize;

use crate::auth::accounts::{self, ResetError, ResetRequest};
use crate::auth::session::{PRE_SESSION_CSRF_COOKIE, cookie, set_cookie};
use crate::auth::{CurrentUser, token};
use crate::domain::Actor;
use crate::domain::AuditOrigin;
use crate::domain::kinds::{Cadence, NotificationKind};
use crate::error::{AppError, FieldMessage};
use crate::i18n::{AccountStrings, NotificationStrings};
use crate::state::AppState;
use crate::web::form::message_for;
use crate::web::layout::Layout;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/login/forgot", get(forgot_page).post(forgot))
        .route("/login/reset", get(reset_page).post(reset))
        .route("/notifications", get(settings_page).post(save_by_link))
        .route("/account/notifications", post(save_own))
}

/// The form's CSRF token: the session's when signed in, else the pre-session cookie's (set
/// when missing, as the sign-in page does).
fn form_token(
    state: &AppState,
    layout: &Layout,
    headers: &HeaderMap,
) -> (String, Option<HeaderValue>) {
    if !layout.csrf_token.is_empty() {
        return (layout.csrf_token.clone(), None);
    }
    match cookie(headers, PRE_SESSION_CSRF_COOKIE) {
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
    }
}

fn with_cookie(mut response: Response, cookie: Option<HeaderValue>) -> Response {
    if let Some(cookie) = cookie {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    response
}

#[derive(Template)]
#[template(path = "forgot_password.html")]
struct ForgotPage {
    n: &'static NotificationStrings,
    a: &'static AccountStrings,
    layout: Layout,
    csrf_token: String,
    notice: Option<&'static str>,
    refused: bool,
}

async fn forgot_page(
    State(state): State<AppState>,
    layout: Layout,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let (csrf_token, cookie) = form_token(&state, &layout, &headers);
    let page = ForgotPage {
        n: &layout.locale.strings().notifications,
        a: &layout.locale.strings().accounts,
        layout,
        csrf_token,
        notice: None,
        refused: false,
    };
    Ok(with_cookie(Html(page.render()?).into_response(), cookie))
}

#[derive(Deserialize)]
struct ForgotForm {
    #[serde(default)]
    email: String,
    csrf_token: String,
}

async fn forgot(
    State(state): State<AppState>,
    layout: Layout,
    context: AuditOrigin,
    Form(form): Form<ForgotForm>,
) -> Result<Response, AppError> {
    let client = context.client_addr.as_deref().unwrap_or("unknown");
    let outcome =
        accounts::request_reset(&state.pool, &form.email, client, state.clock.now()).await?;
    let n = &layout.locale.strings().notifications;
    let (status, notice, refused) = match outcome {
        ResetRequest::Accepted => (StatusCode::OK, n.forgot_sent, false),
        ResetRequest::Throttled => (StatusCode::TOO_MANY_REQUESTS, n.forgot_throttled, true),
    };
    let page = ForgotPage {
        n,
        a: &layout.locale.strings().accounts,
        layout,
        csrf_token: form.csrf_token,
        notice: Some(notice),
        refused,
    };
    Ok((status, Html(page.render()?)).into_response())
}

#[derive(Template)]
#[template(path = "reset_password.html")]
struct ResetPage {
    n: &'static NotificationStrings,
    layout: Layout,
    csrf_token: String,
    token: String,
    usable: bool,
    errors: Vec<FieldMessage>,
}

impl ResetPage {
    fn error(&self, field: &str) -> String {
        message_for(&self.errors, field)
    }
}

#[derive(Deserialize)]
struct TokenQuery {
    #[serde(default)]
    token: String,
}

async fn reset_page(
    State(state): State<AppState>,
    layout: Layout,
    headers: HeaderMap,
    Query(query): Query<TokenQuery>,
) -> Result<Response, AppError> {
    let usable = accounts::reset_link_works(&state.pool, &query.token, state.clock.now()).await?;
    let (csrf_token, cookie) = form_token(&state, &layout, &headers);
    let page = ResetPage {
        n: &layout.locale.strings().notifications,
        layout,
        csrf_token,
        token: query.token,
        usable,
        errors: Vec::new(),
    };
    let status = if usable {
        StatusCode::OK
    } else {
        StatusCode::GONE
    };
    Ok(with_cookie(
        (status, Html(page.render()?)).into_response(),
        cookie,
    ))
}

#[derive(Deserialize)]
struct ResetForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    repeat_password: String,
    csrf_token: String,
}

async fn reset(
    State(state): State<AppState>,
    layout: Layout,
    context: AuditOrigin,
    Form(form): Form<ResetForm>,
) -> Result<Response, AppError> {
    let result = accounts::complete_reset(
        &state.pool,
        &context,
        &form.token,
        form.new_password,
        &form.repeat_password,
        state.clock.now(),
    )
    .await;
    let (status, usable, errors) = match result {
        Ok(()) => return Ok(Redirect::to("/login?reset=1").into_response()),
        Err(ResetError::LinkUnusable) => (StatusCode::GONE, false, Vec::new()),
        Err(ResetError::Account(refused)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            true,
            refused.worded(&layout.locale.strings().accounts)?,
        ),
    };
    let page = ResetPage {
        n: &layout.locale.strings().notifications,
        layout,
        csrf_token: form.csrf_token,
        token: form.token,
        usable,
        errors,
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// One kind's row of the settings form.
pub struct Choice {
    pub field: &'static str,
    pub label: &'static str,
    /// Each cadence: its value, its name, whether chosen.
    pub options: Vec<(&'static str, &'static str, bool)>,
}

/// The settings form's rows for a person's current settings.
pub fn choices(
    words: &NotificationStrings,
    settings: &[(NotificationKind, Cadence)],
) -> Vec<Choice> {
    settings
        .iter()
        .map(|&(kind, chosen)| Choice {
            field: kind.as_str(),
            label: words.kind(kind),
            options: Cadence::ALL
                .iter()
                .map(|&c| (c.as_str(), words.cadence(c), c == chosen))
                .collect(),
        })
        .collect()
}

/// The choices of a posted settings form: every chosen kind present with a known cadence
/// (anything else is ignored: a form that names no kind changes nothing).
fn chosen(fields: &[(String, String)]) -> Vec<(NotificationKind, Cadence)> {
    NotificationKind::CHOSEN
        .iter()
        .filter_map(|&kind| {
            fields
                .iter()
                .find(|(name, _)| name == kind.as_str())
                .and_then(|(_, value)| value.parse::<Cadence>().ok())
                .map(|cadence| (kind, cadence))
        })
        .collect()
}

#[derive(Template)]
#[template(path = "notification_settings.html")]
struct SettingsPage {
    n: &'static NotificationStrings,
    layout: Layout,
    csrf_token: String,
    token: String,
    usable: bool,
    saved: bool,
    choices: Vec<Choice>,
}

#[derive(Deserialize)]
struct SettingsQuery {
    #[serde(default)]
    token: String,
    saved: Option<String>,
}

async fn settings_page(
    State(state): State<AppState>,
    layout: Layout,
    headers: HeaderMap,
    signed_in: Option<Extension<CurrentUser>>,
    Query(query): Query<SettingsQuery>,
) -> Result<Response, AppError> {
    // Without a settings link, a signed-in person looking for their notifications finds them.
    if query.token.is_empty() && signed_in.is_some() {
        return Ok(Redirect::to("/inbox").into_response());
    }
    let user = accounts::settings_link_user(&state.pool, &query.token, state.clock.now()).await?;
    let n = &layout.locale.strings().notifications;
    let choices = match user {
        Some(id) => choices(n, &accounts::notification_settings(&state.pool, id).await?),
        None => Vec::new(),
    };
    let (csrf_token, cookie) = form_token(&state, &layout, &headers);
    let page = SettingsPage {
        n,
        layout,
        csrf_token,
        token: query.token,
        usable: user.is_some(),
        saved: query.saved.is_some(),
        choices,
    };
    let status = if page.usable {
        StatusCode::OK
    } else {
        StatusCode::GONE
    };
    Ok(with_cookie(
        (status, Html(page.render()?)).into_response(),
        cookie,
    ))
}

async fn save_by_link(
    State(state): State<AppState>,
    context: AuditOrigin,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let secret = fields
        .iter()
        .find(|(name, _)| name == "token")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let Some(user_id) =
        accounts::settings_link_user(&state.pool, &secret, state.clock.now()).await?
    else {
        return Ok(Redirect::to("/notifications").into_response());
    };
    accounts::set_notification_settings(
        &state.pool,
        &Actor::System {
            label: "notification settings link".into(),
        },
        &context,
        user_id,
        &chosen(&fields),
    )
    .await?;
    let back = format!(
        "/notifications?token={}&saved=1",
        form_urlencoded::byte_serialize(secret.as_bytes()).collect::<String>()
    );
    Ok(Redirect::to(&back).into_response())
}

async fn save_own(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    context: AuditOrigin,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    accounts::set_notification_settings(
        &state.pool,
        &Actor::from(&user),
        &context,
        user.id,
        &chosen(&fields),
    )
    .await?;
    Ok(Redirect::to("/account?notifications=1#notifications").into_response())
}
