//! The API's errors: every `AppError`, plus the few answers `AppError` has no variant for (a
//! conflict or stale precondition listing the items at fault, 428 for a missing `If-Match`),
//! all as `application/problem+json` (RFC 9457) in the same shape as `crate::error` renders.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::FieldError;
use crate::error::{AppError, FieldMessage, REQUEST};
use crate::workflow::reports::ReportingError;

/// An error answer of the API.
#[derive(Debug)]
pub enum ApiError {
    /// Anything `AppError` renders itself.
    App(AppError),
    /// A problem with its own status and, where it helps, the fields or items at fault.
    Problem {
        status: StatusCode,
        title: &'static str,
        detail: String,
        errors: Option<Vec<FieldMessage>>,
    },
}

impl ApiError {
    /// 428: an update without `If-Match`.
    pub fn precondition_required() -> Self {
        ApiError::Problem {
            status: StatusCode::PRECONDITION_REQUIRED,
            title: "Precondition required",
            detail: "Send If-Match with the ETag you read (e.g. If-Match: \"3\"), so that a change made since is not overwritten.".into(),
            errors: None,
        }
    }

    /// 422 with one message about the request as a whole (no body field to point at).
    pub fn unprocessable(detail: impl Into<String>) -> Self {
        ApiError::Problem {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            title: "Validation failed",
            detail: detail.into(),
            errors: None,
        }
    }
}

impl From<AppError> for ApiError {
    fn from(err: AppError) -> Self {
        ApiError::App(err)
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(err: sqlx::Error) -> Self {
        ApiError::App(AppError::from(err))
    }
}

fn field_messages(items: Vec<FieldError>) -> Vec<FieldMessage> {
    items
        .into_iter()
        .map(|i| FieldMessage::new(i.pointer(), i.message))
        .collect()
}

impl From<ReportingError> for ApiError {
    fn from(err: ReportingError) -> Self {
        match err {
            ReportingError::Invalid(items) => {
                ApiError::App(AppError::Validation(field_messages(items)))
            }
            ReportingError::Conflict { message, items } => ApiError::Problem {
                status: StatusCode::CONFLICT,
                title: "Conflict",
                detail: message,
                errors: (!items.is_empty()).then(|| field_messages(items)),
            },
            ReportingError::Stale { message, items } => ApiError::Problem {
                status: StatusCode::PRECONDITION_FAILED,
                title: "Precondition failed",
                detail: message,
                errors: (!items.is_empty()).then(|| field_messages(items)),
            },
            other => ApiError::App(AppError::from(other)),
        }
    }
}

/// The RFC 9457 body, as documented and as rendered.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// Always `about:blank`: the status code says what kind of problem it is.
    #[serde(rename = "type")]
    #[schema(example = "about:blank")]
    pub kind: String,
    /// A short summary of the status.
    #[schema(example = "Validation failed")]
    pub title: String,
    /// The HTTP status code.
    #[schema(example = 422)]
    pub status: u16,
    /// What went wrong, in a sentence you can act on.
    pub detail: String,
    /// One message per field at fault (`/items/3/numerator` in a batch).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<ProblemField>>,
    /// Quote it when reporting a problem: it finds the log lines of the request.
    pub request_id: String,
}

/// A message about one field of the request body.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProblemField {
    /// A JSON Pointer (RFC 6901) into the request body.
    #[schema(example = "/items/3/numerator")]
    pub pointer: String,
    #[schema(example = "numerator (130) cannot exceed denominator (120)")]
    pub message: String,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            ApiError::App(err) => err.into_response(),
            ApiError::Problem {
                status,
                title,
                detail,
                errors,
            } => {
                tracing::info!(status = %status, %detail, "request refused");
                let request_id = REQUEST
                    .try_with(|r| r.id.clone())
                    .unwrap_or_else(|_| "-".into());
                let body = Problem {
                    kind: "about:blank".into(),
                    title: title.into(),
                    status: status.as_u16(),
                    detail,
                    errors: errors.map(|list| {
                        list.into_iter()
                            .map(|f| ProblemField {
                                pointer: f.pointer,
                                message: f.message,
                            })
                            .collect()
                    }),
                    request_id,
                };
                (
                    status,
                    [(header::CONTENT_TYPE, "application/problem+json")],
                    serde_json::to_vec(&body).unwrap_or_default(),
                )
                    .into_response()
            }
        }
    }
}
