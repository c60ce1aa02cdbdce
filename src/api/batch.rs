//! The API's batch writes (observations, activity rows, ledger months) from the body to the
//! stored answer, one way for all: the body's `items` are read one by one, so that every
//! unreadable item is named by its pointer, not just the first; the write claims the
//! `Idempotency-Key`, runs the workflow's writer in one transaction and keeps the answer for a
//! replay. A batch brings only how one item is read and how the items are written.

use std::future::Future;
use std::pin::Pin;

use axum::http::{Method, StatusCode};
use axum::response::Response;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use sqlx::{Postgres, Transaction};

use super::idempotency::{self, Begun, JsonResponse};
use super::json::{IdempotencyKey, JsonBody, typed};
use super::principal::Principal;
use super::problem::ApiError;
use crate::domain::clock::Clock;
use crate::domain::{FieldError, InputProblem};
use crate::error::{AppError, FieldMessage};
use crate::state::AppState;
use crate::workflow::reports::ReportingError;

/// How a body that is not `{"items": [...]}` is refused (422, before anything is written).
pub(super) enum Envelope {
    /// Named where it goes wrong (not an object, an unknown field, no array of items), the
    /// items being `noun`; with `max`, more than `max` items (or none) are refused here too,
    /// else the workflow counts them.
    Named {
        noun: &'static str,
        max: Option<usize>,
    },
    /// One message for every wrong body, at `/items`.
    Whole(&'static str),
}

impl Envelope {
    /// The body's items, not yet read.
    fn items<'b>(&self, body: &'b Value) -> Result<&'b Vec<Value>, ApiError> {
        match self {
            Envelope::Named { noun, max } => {
                let object = body.as_object().ok_or_else(|| {
                    validation("", "the body must be an object: {\"items\": [...]}")
                })?;
                if let Some(unknown) = object.keys().find(|k| *k != "items") {
                    return Err(validation(
                        &format!("/{unknown}"),
                        format!("unknown field {unknown:?}: the body is {{\"items\": [...]}}"),
                    ));
                }
                object
                    .get("items")
                    .and_then(|i| i.as_array())
                    .filter(|i| max.is_none_or(|max| (1..=max).contains(&i.len())))
                    .ok_or_else(|| {
                        validation(
                            "/items",
                            format!("items is required: an array of 1 to 1,000 {noun}"),
                        )
                    })
            }
            Envelope::Whole(message) => body
                .as_object()
                .filter(|o| o.keys().all(|k| k == "items"))
                .and_then(|o| o.get("items"))
                .and_then(|i| i.as_array())
                .ok_or_else(|| validation("/items", *message)),
        }
    }
}

fn validation(pointer: &str, message: impl Into<String>) -> ApiError {
    ApiError::App(AppError::Validation(vec![FieldMessage::new(
        pointer, message,
    )]))
}

/// One batch write: its path (for the `Idempotency-Key`) and how its body is refused.
pub(super) struct Batch {
    pub path: &'static str,
    pub envelope: Envelope,
}

/// What a batch's writer returns: the answer (200) once every item is written, in the
/// transaction it was given (with the clock that says "now" once the key is claimed).
pub(super) type Writing<'t, A> = Pin<Box<dyn Future<Output = Result<A, ApiError>> + Send + 't>>;

/// Runs a batch write for the token's organisation. `read` reads one item: its problems (about
/// the item, without its index) refuse the whole batch before the key is claimed, every item's
/// listed; a batch whose writer reports reading problems along with its own reads infallibly
/// and keeps them in its item. `write` writes the items read, in the order sent; its answer is
/// stored under the key and committed with the items, or nothing is.
pub(super) async fn run<I, A, W>(
    state: &AppState,
    principal: &Principal,
    key: &IdempotencyKey,
    body: &JsonBody<Value>,
    batch: &Batch,
    read: impl Fn(&Value) -> Result<I, Vec<FieldError>>,
    write: W,
) -> Result<Response, ApiError>
where
    A: Serialize,
    W: for<'t> FnOnce(&'t mut Transaction<'static, Postgres>, Vec<I>, Clock) -> Writing<'t, A>,
{
    let items = batch.envelope.items(&body.value)?;
    let mut inputs = Vec::with_capacity(items.len());
    let mut problems: Vec<FieldError> = Vec::new();
    for (index, item) in items.iter().enumerate() {
        match read(item) {
            Ok(input) => inputs.push(input),
            Err(errors) => problems.extend(errors.into_iter().map(|e| e.in_item(Some(index)))),
        }
    }
    if !problems.is_empty() {
        return Err(ReportingError::Invalid(problems).into());
    }
    let mut claimed = match idempotency::begin(
        state,
        principal.caller.organisation_id,
        key,
        &Method::POST,
        batch.path,
        &body.hash,
    )
    .await?
    {
        Begun::Replay(response) => return Ok(response),
        Begun::Fresh(claimed) => claimed,
    };
    let answer = write(&mut claimed.tx, inputs, state.clock.clone()).await?;
    claimed
        .commit(JsonResponse::new(StatusCode::OK, &answer))
        .await
}

/// An item read as `T`: each field that cannot be read is a problem named by its field
/// (`None`: the item as a whole), as an unreadable input of a form would be.
pub(super) fn read_typed<T: DeserializeOwned>(item: &Value) -> Result<T, Vec<FieldError>> {
    match typed::<T>(item) {
        Ok(input) => Ok(input),
        Err(ApiError::App(AppError::Validation(messages))) => Err(messages
            .into_iter()
            .map(|m| FieldError {
                item: None,
                field: m
                    .pointer
                    .strip_prefix('/')
                    .filter(|f| !f.is_empty())
                    .map(str::to_string),
                problem: InputProblem::Unreadable(Some(m.message)),
            })
            .collect()),
        Err(_) => Err(vec![FieldError::whole(InputProblem::Unreadable(None))]),
    }
}
