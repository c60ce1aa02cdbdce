//! The one error type of the request path. A user sees a clear message (and, for the
//! unexpected, the request id); the log keeps the cause.

use std::any::Any;

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

tokio::task_local! {
    /// The current request's id, set by a middleware in `app.rs`.
    pub static REQUEST_ID: String;
}

/// Everything a handler can fail with; one variant per thing a caller can act on.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The thing asked for does not exist (or may not be revealed).
    #[error("{0} not found")]
    NotFound(String),
    /// The database is not reachable right now.
    #[error("service unavailable: {0}")]
    Unavailable(String),
    /// A bug or an unexpected failure; the caller sees only the request id.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        match err {
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
                AppError::Unavailable(err.to_string())
            }
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

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    status: u16,
    title: &'a str,
    message: String,
    request_id: String,
}

fn current_request_id() -> String {
    REQUEST_ID
        .try_with(Clone::clone)
        .unwrap_or_else(|_| "-".to_string())
}

/// An HTML error page; falls back to plain text should the template itself fail.
pub fn error_page(status: StatusCode, title: &str, message: String) -> Response {
    let page = ErrorPage {
        status: status.as_u16(),
        title,
        message,
        request_id: current_request_id(),
    };
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(_) => (status, title.to_string()).into_response(),
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match self {
            AppError::NotFound(what) => error_page(
                StatusCode::NOT_FOUND,
                "Not found",
                format!(
                    "{what} does not exist. Check the address, or start again from the overview."
                ),
            ),
            AppError::Unavailable(cause) => {
                tracing::error!(%cause, "database unavailable");
                error_page(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "Temporarily unavailable",
                    "Pilar cannot reach its database right now. Try again in a minute.".into(),
                )
            }
            AppError::Unexpected(err) => {
                // The whole cause chain goes to the log (inside the request's span, which
                // carries the request id); none of it goes to the caller.
                tracing::error!(error = format!("{err:#}"), "unexpected error");
                error_page(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Something went wrong",
                    "The error has been logged. If it persists, report it with the request id below.".into(),
                )
            }
        }
    }
}

/// The page for an address that matches no route.
pub async fn not_found_page() -> Response {
    AppError::NotFound("This page".into()).into_response()
}

/// A panic in a handler becomes a plain 500 page; the panic message stays in the log.
pub fn panic_response(panic: Box<dyn Any + Send + 'static>) -> Response {
    let detail = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("unknown panic");
    tracing::error!(panic = detail, "handler panicked");
    error_page(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Something went wrong",
        "The error has been logged. If it persists, report it with the request id below.".into(),
    )
}
