//! `POST /api/v1/observations/batch`: up to 1,000 observations of the caller's organisation in
//! one request, all or nothing, every unreadable or invalid item named by its JSON pointer.
//! The rules are `workflow::reports::save_batch`'s; this module reads the body item by item.

use axum::extract::State;
use axum::http::{Method, StatusCode};
use axum::response::Response;
use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::idempotency::{self, Begun, JsonResponse};
use super::json::{IdempotencyKey, JsonBody, typed};
use super::openapi::{Conflict, PreconditionFailed};
use super::principal::Principal;
use super::problem::ApiError;
use crate::domain::kinds::ObservationStatus;
use crate::domain::{AuditOrigin, FieldError, InputProblem};
use crate::error::{AppError, FieldMessage};
use crate::state::AppState;
use crate::workflow::reports::{self, BatchItem, ObservationInput, SavedItem};

use super::observations::{reporter, unit_problem};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(save_batch))
}

/// A batch of observations. (The body's schema: the handler reads the items one by one, see
/// [`batch_items`], so that every unreadable item is reported.)
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct BatchRequest {
    /// 1 to 1,000 observations of the token's organisation. An item with `version` changes the
    /// existing observation of its indicator and period; one without creates it.
    pub items: Vec<ObservationInput>,
}

/// What the batch did, item by item in the order sent.
#[derive(Debug, Serialize, ToSchema)]
pub struct BatchResult {
    pub created: usize,
    pub updated: usize,
    pub items: Vec<BatchItemResult>,
}

/// One item of a stored batch.
#[derive(Debug, Serialize, ToSchema)]
pub struct BatchItemResult {
    /// The item's position in the request.
    pub index: usize,
    pub id: Uuid,
    pub indicator: String,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    #[schema(value_type = crate::domain::ObservationStatus)]
    pub status: ObservationStatus,
    /// The new version (the ETag of the observation now).
    pub version: i32,
    /// True when the item created the observation, false when it changed an existing one.
    pub created: bool,
}

impl From<SavedItem> for BatchItemResult {
    fn from(s: SavedItem) -> Self {
        BatchItemResult {
            index: s.index,
            id: s.id,
            indicator: s.indicator,
            period_start: s.period_start,
            period_end: s.period_end,
            status: s.status,
            version: s.version,
            created: s.created,
        }
    }
}

/// Reads the items one by one, so that every unreadable item is reported, not just the first.
fn batch_items(body: &serde_json::Value) -> Result<Vec<BatchItem>, ApiError> {
    let object = body
        .as_object()
        .ok_or_else(|| validation("", "the body must be an object: {\"items\": [...]}"))?;
    if let Some(unknown) = object.keys().find(|k| *k != "items") {
        return Err(validation(
            &format!("/{unknown}"),
            format!("unknown field {unknown:?}: the body is {{\"items\": [...]}}"),
        ));
    }
    let items = object
        .get("items")
        .and_then(|i| i.as_array())
        .ok_or_else(|| {
            validation(
                "/items",
                "items is required: an array of 1 to 1,000 observations",
            )
        })?;
    Ok(items
        .iter()
        .map(|item| match typed::<ObservationInput>(item) {
            Ok(input) => BatchItem {
                reading_problems: unit_problem(&input).into_iter().collect(),
                input: Some(input),
            },
            Err(ApiError::App(AppError::Validation(messages))) => BatchItem {
                input: None,
                reading_problems: messages
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
                    .collect(),
            },
            Err(_) => BatchItem {
                input: None,
                reading_problems: vec![FieldError::whole(InputProblem::Unreadable(None))],
            },
        })
        .collect())
}

fn validation(pointer: &str, message: impl Into<String>) -> ApiError {
    ApiError::App(AppError::Validation(vec![FieldMessage::new(
        pointer, message,
    )]))
}

/// Save a batch of up to 1,000 observations, all or nothing
///
/// For the token's organisation: new ones are created, existing ones (named with their
/// `version`) changed. When any item is invalid nothing is stored and `errors` lists every
/// invalid item by index and field (422); items that conflict with stored observations answer
/// 409, stale versions 412, likewise listed.
#[utoipa::path(
    post,
    path = "/api/v1/observations/batch",
    tag = "observations",
    operation_id = "save_observation_batch",
    request_body(content = BatchRequest, content_type = "application/json"),
    params(("Idempotency-Key" = Option<String>, Header, nullable = false, min_length = 1, max_length = 255, pattern = "^[!-~]([ -~]*[!-~])?$", description = "Makes a retry safe: the same key with the same body replays the first answer")),
    responses(
        (status = 200, description = "Every item stored", body = BatchResult),
        (status = 409, response = Conflict),
        (status = 412, response = PreconditionFailed),
    )
)]
async fn save_batch(
    State(state): State<AppState>,
    principal: Principal,
    context: AuditOrigin,
    key: IdempotencyKey,
    body: JsonBody<serde_json::Value>,
) -> Result<Response, ApiError> {
    let items = batch_items(&body.value)?;
    let mut write = match idempotency::begin(
        &state,
        principal.caller.organisation_id,
        &key,
        &Method::POST,
        "/api/v1/observations/batch",
        &body.hash,
    )
    .await?
    {
        Begun::Replay(response) => return Ok(response),
        Begun::Fresh(write) => write,
    };
    let saved = reports::save_batch(
        &mut write.tx,
        &reporter(&principal),
        &context,
        state.clock.now(),
        &items,
    )
    .await?;
    let created = saved.iter().filter(|s| s.created).count();
    let result = BatchResult {
        created,
        updated: saved.len() - created,
        items: saved.into_iter().map(BatchItemResult::from).collect(),
    };
    write
        .commit(JsonResponse::new(StatusCode::OK, &result))
        .await
}
