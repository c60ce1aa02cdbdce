//! `POST /api/v1/observations/batch`: up to 1,000 observations of the caller's organisation in
//! one request, all or nothing, every unreadable or invalid item named by its JSON pointer.
//! The rules are `workflow::reports::save_batch`'s; this module reads the body item by item.

use axum::extract::State;
use axum::response::Response;
use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::batch::{self, Batch, Envelope, read_typed};
use super::json::{IdempotencyKey, JsonBody};
use super::openapi::{Conflict, PreconditionFailed};
use super::principal::Principal;
use super::problem::ApiError;
use crate::domain::AuditOrigin;
use crate::domain::kinds::ObservationStatus;
use crate::state::AppState;
use crate::workflow::reports::{self, BatchItem, ObservationInput, SavedItem};

use super::observations::{reporter, unit_problem};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(save_batch))
}

/// A batch of observations. (The body's schema: the handler reads the items one by one, see
/// [`batch_items`], so that every unreadable item is reported.)
// The items are read by `batch::run` with [`read_item`]; the text above stays as the published
// API document has it.
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

/// An item as the workflow reads it: the input, or why it cannot be read (the workflow lists
/// these with its own problems of the other items).
fn read_item(item: &serde_json::Value) -> BatchItem {
    match read_typed::<ObservationInput>(item) {
        Ok(input) => BatchItem {
            reading_problems: unit_problem(&input).into_iter().collect(),
            input: Some(input),
        },
        Err(reading_problems) => BatchItem {
            input: None,
            reading_problems,
        },
    }
}

/// The batch write's path and how it refuses a body that is not {"items": [...]}.
const OBSERVATION_BATCH: Batch = Batch {
    path: "/api/v1/observations/batch",
    envelope: Envelope::Named {
        noun: "observations",
        max: None,
    },
};

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
    let reporter = reporter(&principal);
    batch::run(
        &state,
        &principal,
        &key,
        &body,
        &OBSERVATION_BATCH,
        |item| Ok(read_item(item)),
        move |tx, items, clock| {
            Box::pin(async move {
                let saved =
                    reports::save_batch(tx, &reporter, &context, clock.now(), &items).await?;
                let created = saved.iter().filter(|s| s.created).count();
                Ok(BatchResult {
                    created,
                    updated: saved.len() - created,
                    items: saved.into_iter().map(BatchItemResult::from).collect(),
                })
            })
        },
    )
    .await
}
