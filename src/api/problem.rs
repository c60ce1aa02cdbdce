//! The API's errors: every `AppError`, plus the few answers `AppError` has no variant for (a
//! conflict or stale precondition listing the items at fault, 428 for a missing `If-Match`),
//! all as `application/problem+json` (RFC 9457), written by `crate::error::problem_response`.
//! Here too the one conversion of the reports workflow's `ReportingError` (and of its
//! `domain::FieldError`s) into problem+json, and the documented shape of that body. Nothing
//! here renders HTML or knows a page.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::{Denied, FieldError, ReportRefusal};
use crate::error::{AppError, FieldMessage, problem_response, request_locale};
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

/// A field error as problem+json lists it: with its JSON Pointer into the request body, in the
/// language the request's `Accept-Language` prefers (English unless it prefers Indonesian).
pub fn field_message(error: FieldError) -> FieldMessage {
    let message = request_locale().strings().field_error(&error);
    FieldMessage::new(error.pointer(), message)
}

/// A refusal of the reports workflow, in the language the request prefers.
fn worded(refusal: &ReportRefusal) -> String {
    (request_locale().strings().validation.refusal)(refusal)
}

fn field_messages(items: Vec<FieldError>) -> Vec<FieldMessage> {
    items.into_iter().map(field_message).collect()
}

impl From<ReportingError> for ApiError {
    fn from(err: ReportingError) -> Self {
        match err {
            ReportingError::Invalid(items) => {
                ApiError::App(AppError::Validation(field_messages(items)))
            }
            ReportingError::NotFound => {
                ApiError::App(AppError::NotFound(crate::domain::Missing::Observation))
            }
            ReportingError::Conflict { refusal, items } => ApiError::Problem {
                status: StatusCode::CONFLICT,
                title: "Conflict",
                detail: worded(&refusal),
                errors: (!items.is_empty()).then(|| field_messages(items)),
            },
            ReportingError::Stale { refusal, items } => ApiError::Problem {
                status: StatusCode::PRECONDITION_FAILED,
                title: "Precondition failed",
                detail: worded(&refusal),
                errors: (!items.is_empty()).then(|| field_messages(items)),
            },
            ReportingError::Forbidden(refusal) => {
                ApiError::App(AppError::Forbidden(Denied::Report(refusal)))
            }
            ReportingError::Database(e) => ApiError::App(AppError::from(e)),
        }
    }
}

// `Problem` and `ProblemField` document the body for the OpenAPI document; the body itself is
// written by `crate::error::problem_response` (a test below keeps the two the same).

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
                problem_response(status, title, detail, errors.as_deref())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_documented_body_is_the_written_one() {
        let written = ApiError::from(ReportingError::Conflict {
            refusal: ReportRefusal::ItemsConflict { count: 1 },
            items: vec![
                FieldError::new("version", crate::domain::InputProblem::VersionTooLow)
                    .in_item(Some(3)),
            ],
        })
        .into_response();
        assert_eq!(written.status(), StatusCode::CONFLICT);
        let bytes = axum::body::to_bytes(written.into_body(), usize::MAX)
            .await
            .unwrap();
        let documented = Problem {
            kind: "about:blank".into(),
            title: "Conflict".into(),
            status: 409,
            detail: "1 item(s) conflict with stored observations; nothing was stored.".into(),
            errors: Some(vec![ProblemField {
                pointer: "/items/3/version".into(),
                message: "The version must be the one you read (1 or more).".into(),
            }]),
            request_id: "-".into(),
        };
        assert_eq!(bytes, serde_json::to_vec(&documented).unwrap());
    }
}
