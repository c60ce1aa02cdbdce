//! The one error type of the request path. A user sees a clear message (and, for the
//! unexpected, the request id); the log keeps the cause. Browsers get an HTML page, API
//! clients `application/problem+json` (RFC 9457) with a message per field. It knows the
//! domain and i18n and nothing above them: no workflow, page or API type.

use std::any::Any;

use askama::Template;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde::Serialize;

use crate::domain::{Clash, Denied, Missing, Violated};
use crate::i18n::{ErrorStrings, Locale};

/// Facts about the current request that error responses need, set by a middleware in `app.rs`.
#[derive(Debug, Clone)]
pub struct RequestInfo {
    pub id: String,
    /// An API request answers in problem+json; any other in HTML.
    pub api: bool,
}

tokio::task_local! {
    pub static REQUEST: RequestInfo;
    /// The language of the answer, chosen by `web::layout::first_language`, then by
    /// `choose_language` once the user is known (an error page in the page's language; an API
    /// field message in the one `Accept-Language` prefers).
    pub static LOCALE: Locale;
}

/// The current request's language; English outside a request.
pub fn request_locale() -> Locale {
    LOCALE.try_with(|locale| *locale).unwrap_or_default()
}

/// A message about one input field as an answer carries it: `pointer` is a JSON Pointer into
/// the request body for the API (`/items/3/numerator`) or a form field's name for pages. Rules
/// report `crate::domain::FieldError`; each edge turns those into this (`web::refusal` for the
/// pages, `api::problem` for problem+json), and forms that read their own fields make it
/// directly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldMessage {
    pub pointer: String,
    pub message: String,
}

impl FieldMessage {
    pub fn new(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        FieldMessage {
            pointer: pointer.into(),
            message: message.into(),
        }
    }
}

/// What part of a request's head was longer than we read (see `auth::edge::oversized_head`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Oversized {
    /// The request target (path and query), over the limit in bytes: 414.
    Address { limit: usize },
    /// The header fields (their count or their bytes, limit in bytes): 431.
    Headers { limit: usize },
}

/// Everything a handler can fail with; one variant per thing a caller can act on.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Malformed input (not JSON, not a form): 400.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// Malformed input whose reason is already worded in the reader's language (from the
    /// catalogue), so the page shows it as it is: 400.
    #[error("unreadable request: {0}")]
    Unreadable(String),
    /// No valid credentials: 401.
    #[error("unauthorized: {0}")]
    Unauthorized(String),
    /// Valid credentials, but not allowed: 403.
    #[error("forbidden: {0:?}")]
    Forbidden(Denied),
    /// The thing asked for does not exist, or may not be revealed: 404.
    #[error("{0:?} not found")]
    NotFound(Missing),
    /// The request conflicts with the current state: 409.
    #[error("conflict: {0:?}")]
    Conflict(Clash),
    /// An `If-Match` precondition failed: 412.
    #[error("precondition failed: {0}")]
    PreconditionFailed(String),
    /// The body is larger than the limit (bytes): 413.
    #[error("payload too large")]
    PayloadTooLarge { limit: usize },
    /// The request's address (414) or headers (431) are longer than we read.
    #[error("request head too large: {0:?}")]
    HeadTooLarge(Oversized),
    /// Well-formed input that breaks a rule, field by field: 422.
    #[error("validation failed")]
    Validation(Vec<FieldMessage>),
    /// Too many attempts; try again after the given seconds: 429.
    #[error("too many requests: {message}")]
    TooManyRequests {
        message: String,
        retry_after_secs: u64,
    },
    /// The database is not reachable right now: 503.
    #[error("service unavailable: {0}")]
    Unavailable(String),
    /// A bug or an unexpected failure; the caller sees only the request id: 500.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// Constraint names mapped to the field and the rule a user can act on (worded in the
/// reader's language by the catalogue). A violation of any other constraint is a bug and
/// answers 500.
const CONSTRAINT_RULES: &[(&str, &str, Violated)] = &[
    ("app_user_email_key", "email", Violated::EmailTaken),
    (
        "app_user_tenant_organisation",
        "organisation",
        Violated::TenantOrganisation,
    ),
    (
        "observation_period_key",
        "period",
        Violated::AlreadyReported,
    ),
    (
        "observation_assignment_fkey",
        "indicator",
        Violated::NotAssigned,
    ),
    ("api_token_name_check", "name", Violated::TokenName),
    // A park-level indicator is reported by the park office only (migration 0016's triggers
    // raise it under this name, whichever side changed).
    (
        "assignment_park_level_park_office",
        "organisation",
        Violated::ParkLevelOffice,
    ),
    // The program's structure: codes are unique within the program (organisations across
    // every program).
    ("pillar_code_key", "code", Violated::CodeTaken),
    ("indicator_code_key", "code", Violated::CodeTaken),
    ("organisation_code_key", "code", Violated::CodeTaken),
    ("milestone_code_key", "code", Violated::CodeTaken),
];

/// A violated constraint a user can act on: the input field it concerns and the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConstraintViolation {
    pub field: &'static str,
    pub rule: Violated,
}

/// The field and rule of a database error that violates one of the constraints mapped
/// above; `None` for any other error. The one place that reads constraint names out of
/// database errors: the request path's errors and the workflows both ask here.
pub fn constraint_violation(err: &sqlx::Error) -> Option<ConstraintViolation> {
    let constraint = err.as_database_error()?.constraint()?;
    CONSTRAINT_RULES
        .iter()
        .find(|(name, _, _)| *name == constraint)
        .map(|(_, field, rule)| ConstraintViolation { field, rule: *rule })
}

impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        if let Some(violation) = constraint_violation(&err) {
            let words = &request_locale().strings().errors;
            return AppError::Validation(vec![FieldMessage::new(
                violation.field,
                (words.violated)(&violation.rule),
            )]);
        }
        // Text PostgreSQL cannot store (a NUL byte): the caller's input, not a bug. The edge
        // refuses NUL first (`auth::edge`); this is the last line.
        if err
            .as_database_error()
            .and_then(|e| e.code())
            .is_some_and(|code| code == "22021")
        {
            return AppError::BadRequest(
                "The request holds a character that cannot be stored (a NUL byte).".into(),
            );
        }
        // The server going away under a query (a connection exception, or a shutdown or
        // crash of PostgreSQL) is the database being unavailable, not a bug.
        if err
            .as_database_error()
            .and_then(|e| e.code())
            .is_some_and(|code| code.starts_with("08") || code.starts_with("57P"))
        {
            return AppError::Unavailable(err.to_string());
        }
        match err {
            sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::Io(_)
            | sqlx::Error::WorkerCrashed => AppError::Unavailable(err.to_string()),
            other => {
                AppError::Unexpected(anyhow::Error::new(other).context("database query failed"))
            }
        }
    }
}

impl From<askama::Error> for AppError {
    fn from(err: askama::Error) -> Self {
        AppError::Unexpected(anyhow::Error::new(err).context("rendering a template failed"))
    }
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::BadRequest(_) | AppError::Unreadable(_) => StatusCode::BAD_REQUEST,
            AppError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::PreconditionFailed(_) => StatusCode::PRECONDITION_FAILED,
            AppError::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::HeadTooLarge(Oversized::Address { .. }) => StatusCode::URI_TOO_LONG,
            AppError::HeadTooLarge(Oversized::Headers { .. }) => {
                StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE
            }
            AppError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Unexpected(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A short title and a sentence the caller can act on; nothing internal.
    fn title_and_detail(&self) -> (&'static str, String) {
        match self {
            AppError::BadRequest(why) | AppError::Unreadable(why) => ("Bad request", why.clone()),
            AppError::Unauthorized(why) => ("Unauthorized", why.clone()),
            AppError::Forbidden(why) => {
                ("Forbidden", (request_locale().strings().errors.denied)(why))
            }
            AppError::NotFound(what) => (
                "Not found",
                (request_locale().strings().errors.missing)(what),
            ),
            AppError::Conflict(why) => ("Conflict", (request_locale().strings().errors.clash)(why)),
            AppError::PreconditionFailed(why) => ("Precondition failed", why.clone()),
            AppError::PayloadTooLarge { limit } => (
                "Payload too large",
                format!(
                    "The request body is larger than allowed ({} KB).",
                    limit / 1024
                ),
            ),
            AppError::HeadTooLarge(Oversized::Address { limit }) => (
                "URI too long",
                (request_locale().strings().errors.address_too_long)(&(limit / 1024).to_string()),
            ),
            AppError::HeadTooLarge(Oversized::Headers { limit }) => (
                "Request header fields too large",
                (request_locale().strings().errors.headers_too_long)(&(limit / 1024).to_string()),
            ),
            AppError::Validation(fields) => (
                "Validation failed",
                fields
                    .iter()
                    .map(|f| format!("{}: {}", f.pointer, f.message))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            AppError::TooManyRequests { message, .. } => ("Too many requests", message.clone()),
            AppError::Unavailable(_) => (
                "Temporarily unavailable",
                "Pilar cannot reach its database right now. Try again in a minute.".into(),
            ),
            AppError::Unexpected(_) => (
                "Something went wrong",
                "The error has been logged. If it persists, report it with the request id.".into(),
            ),
        }
    }

    /// The title of the error page in the page's language.
    fn page_title(&self, e: &ErrorStrings) -> &'static str {
        match self {
            AppError::BadRequest(_) | AppError::Unreadable(_) => e.bad_request,
            AppError::Unauthorized(_) => e.unauthorized,
            AppError::Forbidden(_) => e.forbidden,
            AppError::NotFound(_) => e.not_found,
            AppError::Conflict(_) => e.conflict,
            AppError::PreconditionFailed(_) => e.precondition_failed,
            AppError::PayloadTooLarge { .. } => e.payload_too_large,
            AppError::HeadTooLarge(Oversized::Address { .. }) => e.uri_too_long,
            AppError::HeadTooLarge(Oversized::Headers { .. }) => e.headers_too_large,
            AppError::Validation(_) => e.validation_failed,
            AppError::TooManyRequests { .. } => e.too_many_requests,
            AppError::Unavailable(_) => e.unavailable,
            AppError::Unexpected(_) => e.unexpected,
        }
    }

    fn log(&self) {
        match self {
            AppError::Unexpected(err) => {
                // The whole cause chain goes to the log (inside the request's span, which
                // carries the request id); none of it goes to the caller.
                tracing::error!(error = format!("{err:#}"), "unexpected error");
            }
            // One line per refused request, not an ERROR: the outage itself is logged once
            // when it starts and once when it ends (by the private cluster's supervisor).
            AppError::Unavailable(cause) => tracing::warn!(%cause, "database unavailable"),
            AppError::Unauthorized(why) => {
                tracing::warn!(status = %self.status(), %why, "refused")
            }
            AppError::Forbidden(why) => {
                tracing::warn!(status = %self.status(), why = ?why, "refused")
            }
            AppError::TooManyRequests { message, .. } => tracing::warn!(%message, "throttled"),
            other => tracing::info!(status = %other.status(), "request refused: {other}"),
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    lang: &'static str,
    status_line: String,
    back_to_overview: &'static str,
    title: &'a str,
    message: String,
    request_id: String,
}

/// The RFC 9457 body.
#[derive(Serialize)]
struct Problem<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    title: &'a str,
    status: u16,
    detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    errors: Option<&'a [FieldMessage]>,
    request_id: String,
}

/// An `application/problem+json` answer (RFC 9457): the one place its body is written, for
/// every `AppError` and for the API's own problems (`api::problem`, which documents the shape).
pub fn problem_response(
    status: StatusCode,
    title: &str,
    detail: String,
    errors: Option<&[FieldMessage]>,
) -> Response {
    let problem = Problem {
        kind: "about:blank",
        title,
        status: status.as_u16(),
        detail,
        errors,
        request_id: current_request().id,
    };
    let body = serde_json::to_vec(&problem).unwrap_or_default();
    (
        status,
        [(header::CONTENT_TYPE, "application/problem+json")],
        body,
    )
        .into_response()
}

fn current_request() -> RequestInfo {
    REQUEST.try_with(Clone::clone).unwrap_or(RequestInfo {
        id: "-".into(),
        api: false,
    })
}

/// An HTML error page in the request's language; falls back to plain text should the
/// template itself fail.
pub fn error_page(status: StatusCode, title: &str, message: String) -> Response {
    let locale = request_locale();
    let words = &locale.strings().errors;
    let page = ErrorPage {
        lang: locale.tag(),
        status_line: (words.status_line)(status.as_u16()),
        back_to_overview: words.back_to_overview,
        title,
        message,
        request_id: current_request().id,
    };
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(_) => (status, title.to_string()).into_response(),
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.log();
        let status = self.status();
        let (title, detail) = self.title_and_detail();
        let request = current_request();
        let mut response = if request.api {
            let errors = match &self {
                AppError::Validation(fields) => Some(fields.as_slice()),
                _ => None,
            };
            problem_response(status, title, detail, errors)
        } else {
            let words = &request_locale().strings().errors;
            let message = match &self {
                AppError::PayloadTooLarge { limit } => {
                    (words.too_large)(&(limit / 1024).to_string())
                }
                AppError::Unreadable(worded) => worded.clone(),
                // Worded in the request's language already.
                AppError::NotFound(_)
                | AppError::Forbidden(_)
                | AppError::Conflict(_)
                | AppError::HeadTooLarge(_) => detail,
                _ => (words.explain)(status.as_u16(), &detail),
            };
            error_page(status, self.page_title(words), message)
        };
        match &self {
            AppError::TooManyRequests {
                retry_after_secs, ..
            } => {
                if let Ok(value) = HeaderValue::from_str(&retry_after_secs.to_string()) {
                    response.headers_mut().insert(header::RETRY_AFTER, value);
                }
            }
            AppError::Unavailable(_) => {
                // The private cluster is back within a second or two (see `db::embedded::supervisor`).
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from_static("2"));
            }
            AppError::Unauthorized(_) if request.api => {
                response.headers_mut().insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static("Bearer realm=\"pilar\""),
                );
            }
            _ => {}
        }
        response
    }
}

/// The answer to a method an address does not take (405): a page in the reader's language,
/// or problem+json for the API. (The router keeps the `Allow` header.)
pub async fn method_not_allowed() -> Response {
    let status = StatusCode::METHOD_NOT_ALLOWED;
    let reason = "This address does not take this kind of request. Open it from a link in Pilar.";
    let words = &request_locale().strings().errors;
    // The detail in the request's language, for the API's problem as for the page.
    let detail = (words.explain)(status.as_u16(), reason);
    if current_request().api {
        return problem_response(status, "Method not allowed", detail, None);
    }
    error_page(status, words.method_not_allowed, detail)
}

/// The page for an address that matches no route.
pub async fn not_found_page() -> Response {
    AppError::NotFound(crate::domain::Missing::Page).into_response()
}

/// The longest framework message kept as an error's detail.
const BARE_TEXT_LIMIT: usize = 16 * 1024;

/// Gives error answers the framework wrote itself — 405 with an empty body, an extractor's
/// `text/plain` rejection (a path that does not parse, a form missing a field), a timeout —
/// the shape of ours: problem+json for the API, the error page for browsers. Their headers
/// (`Allow`, `Retry-After`…) stay.
/// Called on every answer from `app.rs`'s outer layer, inside the request's scope.
pub async fn shape_bare_error(response: Response) -> Response {
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let bare = match response.headers().get(header::CONTENT_TYPE) {
        None => true,
        Some(value) => value
            .to_str()
            .is_ok_and(|v| v.trim_start().starts_with("text/plain")),
    };
    if !bare {
        return response;
    }
    let (parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, BARE_TEXT_LIMIT)
        .await
        .map(|bytes| String::from_utf8_lossy(&bytes).trim().to_string())
        .unwrap_or_default();
    let title = status.canonical_reason().unwrap_or("Error");
    let detail = match (status, text.is_empty()) {
        (StatusCode::METHOD_NOT_ALLOWED, true) => {
            "This address does not answer this method; the Allow header lists those it does."
                .to_string()
        }
        (_, true) => format!("{title}."),
        (_, false) => text,
    };
    if status.is_server_error() {
        tracing::error!(status = %status, %detail, "framework error");
    } else {
        tracing::info!(status = %status, %detail, "request refused by the framework");
    }
    let mut shaped = if current_request().api {
        problem_response(status, title, detail, None)
    } else {
        error_page(status, title, detail)
    };
    for (name, value) in &parts.headers {
        if *name != header::CONTENT_TYPE && *name != header::CONTENT_LENGTH {
            shaped.headers_mut().append(name.clone(), value.clone());
        }
    }
    shaped
}

/// A panic in a handler becomes a plain 500; the panic message stays in the log.
pub fn panic_response(panic: Box<dyn Any + Send + 'static>) -> Response {
    let detail = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("unknown panic");
    AppError::Unexpected(anyhow::anyhow!("handler panicked: {detail}")).into_response()
}
