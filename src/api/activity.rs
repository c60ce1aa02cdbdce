//! Activity data of the greenhouse-gas inventory through the API: a batch write of the
//! caller's organisation's monthly rows (all or nothing, with `Idempotency-Key` like
//! observation batches) and a read of activity rows — the caller's own for a tenant's token,
//! every organisation's for a manager's. The rules and the workflow are `workflow::ghg`'s (the
//! reports' states, versions, revisions and audit); this module reads the body item by item.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{Postgres, Transaction};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::batch::{self, Batch, Envelope, read_typed};
use super::json::{IdempotencyKey, JsonBody};
use super::observations::reporter;
use super::openapi::{Conflict, PreconditionFailed};
use super::principal::Principal;
use super::problem::ApiError;
use crate::domain::{AuditOrigin, FieldError, InputProblem, Missing};
use crate::error::AppError;
use crate::state::AppState;
use crate::store;
use crate::store::ghg::{ActivityRecord, ParkOrganisation};
use crate::workflow::ghg::{self, ActivityInput, Reporter, ReportingError};

/// The most rows one batch may carry (as for observation batches).
pub const MAX_ACTIVITY_BATCH: usize = 1_000;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(save_batch, list))
}

/// A batch of activity rows. (The body's schema: the handler reads the items one by one, so
/// that every unreadable item is reported.)
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct ActivityBatchRequest {
    /// 1 to 1,000 rows of the token's organisation. An item with `id` and `version` changes
    /// that draft or returned row; one without creates a row.
    pub items: Vec<ActivityBatchItem>,
}

/// One row to write: the activity, and for a change the row's id and the version read.
/// (Schema only: [`read_item`] reads an item.)
#[derive(Debug, Deserialize, ToSchema)]
#[allow(dead_code)]
pub struct ActivityBatchItem {
    /// The row to change (leave out to create one).
    pub id: Option<Uuid>,
    /// The version read (required with `id`).
    pub version: Option<i32>,
    #[serde(flatten)]
    pub activity: ActivityInput,
}

/// What the batch did, item by item in the order sent.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActivityBatchResult {
    pub created: usize,
    pub updated: usize,
    pub items: Vec<ActivityItemResult>,
}

/// One stored item of a batch.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActivityItemResult {
    /// The item's position in the request.
    pub index: usize,
    pub id: Uuid,
    pub month: NaiveDate,
    pub kind: String,
    pub status: String,
    /// The row's version now.
    pub version: i32,
    /// True when the item created the row, false when it changed one.
    pub created: bool,
}

/// One activity row as read.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActivityBody {
    pub id: Uuid,
    /// The reporting organisation's code.
    pub organisation: String,
    pub month: NaiveDate,
    pub kind: String,
    pub quantity: f64,
    pub fuel: Option<String>,
    pub unit: Option<String>,
    /// Measured net calorific value, GJ/t (Tier 2).
    pub ncv: Option<f64>,
    pub carbon_out: Option<f64>,
    pub carbonate: Option<String>,
    pub carrier: Option<String>,
    /// The supplier or customer's code; absent for the grid.
    pub counterparty: Option<String>,
    pub comment: String,
    pub status: String,
    pub version: i32,
    pub review_note: Option<String>,
}

impl From<ActivityRecord> for ActivityBody {
    fn from(r: ActivityRecord) -> Self {
        ActivityBody {
            id: r.id,
            organisation: r.organisation,
            month: r.month,
            kind: r.kind,
            quantity: r.quantity,
            fuel: r.fuel,
            unit: r.unit,
            ncv: r.ncv_gj_per_t,
            carbon_out: r.carbon_out_t,
            carbonate: r.carbonate,
            carrier: r.carrier,
            counterparty: r.counterparty,
            comment: r.comment,
            status: r.status,
            version: r.version,
            review_note: r.review_note,
        }
    }
}

/// One item as read from the body: where to write, and what (or why it cannot be read).
struct ReadItem {
    existing: Result<Option<(Uuid, i32)>, Vec<FieldError>>,
    input: Result<ActivityInput, Vec<FieldError>>,
}

fn unreadable(field: &str, message: String) -> FieldError {
    FieldError {
        item: None,
        field: Some(field.to_string()).filter(|f| !f.is_empty()),
        problem: InputProblem::Unreadable(Some(message)),
    }
}

/// Reads an item, so that every unreadable item is reported, not just the first.
fn read_item(item: &serde_json::Value) -> ReadItem {
    let mut rest = item.clone();
    let (id, version) = match rest.as_object_mut() {
        Some(object) => (object.remove("id"), object.remove("version")),
        None => (None, None),
    };
    let id = id.map(|v| serde_json::from_value::<Uuid>(v).map_err(|_| "id"));
    let version = version.map(|v| serde_json::from_value::<i32>(v).map_err(|_| "version"));
    let existing = match (id, version) {
        (None, None) => Ok(None),
        (Some(Ok(id)), Some(Ok(version))) => Ok(Some((id, version))),
        (Some(Err(field)), _) | (_, Some(Err(field))) => Err(vec![unreadable(
            field,
            format!("{field} must be the row's id (a UUID) and version (a whole number)"),
        )]),
        (Some(Ok(_)), None) => Err(vec![FieldError::new("version", InputProblem::Required)]),
        (None, Some(Ok(_))) => Err(vec![FieldError::new("id", InputProblem::Required)]),
    };
    ReadItem {
        existing,
        input: read_typed::<ActivityInput>(&rest),
    }
}

/// The batch write's path and how it refuses a body that is not {"items": [...]}.
const ACTIVITY_BATCH: Batch = Batch {
    path: "/api/v1/ghg/activity/batch",
    envelope: Envelope::Named {
        noun: "activity rows",
        max: Some(MAX_ACTIVITY_BATCH),
    },
};

/// Save a batch of up to 1,000 activity rows, all or nothing
///
/// For the token's organisation: monthly activity data of the greenhouse-gas inventory
/// (fuel use, process carbon, carbonates, energy bought and delivered, production), draft or
/// submitted for review. New rows are created; draft or returned rows named with their `id`
/// and `version` are changed. When any item is invalid nothing is stored and `errors` lists
/// every invalid item by index and field (422); a row awaiting review or approved answers
/// 409, a stale version 412.
#[utoipa::path(
    post,
    path = "/api/v1/ghg/activity/batch",
    tag = "observations",
    operation_id = "save_activity_batch",
    request_body(content = ActivityBatchRequest, content_type = "application/json"),
    params(("Idempotency-Key" = Option<String>, Header, nullable = false, min_length = 1, max_length = 255, pattern = "^[!-~]([ -~]*[!-~])?$", description = "Makes a retry safe: the same key with the same body replays the first answer")),
    responses(
        (status = 200, description = "Every item stored", body = ActivityBatchResult),
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
        &ACTIVITY_BATCH,
        |item| Ok(read_item(item)),
        move |tx, items, clock| {
            Box::pin(async move {
                let park_id = store::ghg::park_of(tx, reporter.organisation_id)
                    .await?
                    .ok_or(AppError::NotFound(Missing::ThisOrganisation))?;
                let park = store::ghg::park_organisations(tx, park_id).await?;
                let now = clock.now();
                let today = clock.today();
                save_items(tx, &reporter, &context, now, today, &park, items).await
            })
        },
    )
    .await
}

/// Writes the items read, in the order sent. Every item is checked; the first refusal that is
/// not about the input (a locked or stale row) ends the batch, and any problem rolls back what
/// was written (the transaction).
async fn save_items(
    tx: &mut Transaction<'static, Postgres>,
    reporter: &Reporter,
    context: &AuditOrigin,
    now: DateTime<Utc>,
    today: NaiveDate,
    park: &[ParkOrganisation],
    items: Vec<ReadItem>,
) -> Result<ActivityBatchResult, ApiError> {
    let mut problems: Vec<FieldError> = Vec::new();
    let mut saved = Vec::new();
    for (index, item) in items.into_iter().enumerate() {
        let at = |errors: Vec<FieldError>| errors.into_iter().map(move |e| e.in_item(Some(index)));
        let (existing, input) = match (item.existing, item.input) {
            (Ok(existing), Ok(input)) => (existing, input),
            (existing, input) => {
                problems.extend(at(existing.err().unwrap_or_default()));
                problems.extend(at(input.err().unwrap_or_default()));
                continue;
            }
        };
        match ghg::save_activity_in_park(tx, reporter, context, now, today, park, existing, &input)
            .await
        {
            Ok(row) => saved.push(ActivityItemResult {
                index,
                id: row.id,
                month: row.month,
                kind: row.kind,
                status: row.status,
                version: row.version,
                created: existing.is_none(),
            }),
            Err(ReportingError::Invalid(errors)) => problems.extend(at(errors)),
            Err(other) => return Err(other.into()),
        }
    }
    if !problems.is_empty() {
        return Err(ReportingError::Invalid(problems).into());
    }
    let created = saved.iter().filter(|s| s.created).count();
    Ok(ActivityBatchResult {
        created,
        updated: saved.len() - created,
        items: saved,
    })
}

/// Months and organisation of an activity read.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ActivityQuery {
    /// Only rows of months starting on or after this day (default: the program's start).
    from: Option<NaiveDate>,
    /// Only rows of months starting on or before this day (default: the program's end).
    to: Option<NaiveDate>,
    /// One organisation's rows, by code (a tenant's token: its own only).
    organisation: Option<String>,
}

/// List activity rows
///
/// Activity data of the greenhouse-gas inventory in any status, newest month first: the
/// token's organisation's rows for a tenant's token, every organisation's of the program's
/// park (or the one named) for a manager's. Rows of the request's program's park only
/// (`?program=`).
#[utoipa::path(
    get,
    path = "/api/v1/ghg/activity",
    tag = "observations",
    operation_id = "list_activity",
    params(ActivityQuery),
    responses(
        (status = 200, description = "Activity rows", body = [ActivityBody]),
        (status = 400, response = super::openapi::BadRequest),
        (status = 404, response = super::openapi::NotFound),
    )
)]
async fn list(
    State(state): State<AppState>,
    principal: Principal,
    query: Result<Query<ActivityQuery>, QueryRejection>,
) -> Result<Json<Vec<ActivityBody>>, ApiError> {
    let Query(query) = query.map_err(|e| ApiError::App(AppError::BadRequest(e.body_text())))?;
    // The request's program (`?program=`): its span and its park's organisations.
    let program = crate::auth::program::current()?.ok_or(AppError::NotFound(Missing::Program))?;
    let organisation = match (&query.organisation, principal.read_scope()) {
        (None, scope) => scope,
        (Some(code), scope) => {
            let id = store::organisations::id_by_code(&state.pool, code)
                .await?
                // Another organisation is unknown to a tenant's token, as for every read.
                .filter(|id| scope.is_none_or(|own| own == *id))
                .ok_or_else(|| AppError::NotFound(Missing::Organisation(code.clone())))?;
            Some(id)
        }
    };
    let rows = store::ghg::activity_records(
        &state.pool,
        organisation,
        Some(&program.park_code),
        query.from.unwrap_or(program.starts_on),
        query.to.unwrap_or(program.ends_on),
    )
    .await?;
    Ok(Json(rows.into_iter().map(ActivityBody::from).collect()))
}
