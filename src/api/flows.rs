//! The material-flow ledger through the API (issue 18): the materials, the caller's ledger
//! months (a batch of up to 1,000, all or nothing, with `Idempotency-Key` like observation
//! batches), transfers (record, confirm, dispute) and the park's flows of a material and
//! period with the indicators the ledger computes. Who reads what is `auth::policy`'s flow
//! rule ([`FlowReader`]); the rules of the writes are `workflow::flows`'s.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{Method, StatusCode};
use axum::response::Response;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::batch::{self, Batch, Envelope, read_typed};
use super::idempotency::{self, Begun, JsonResponse};
use super::json::{IdempotencyKey, IfMatch, JsonBody, OptionalJsonBody};
use super::openapi::{Conflict, NotFound, PreconditionFailed};
use super::principal::{Principal, parse_id};
use super::problem::ApiError;
use crate::auth::policy::{self, FlowReader};
use crate::domain::flows::{self, FlowEnd, FlowSource};
use crate::domain::kinds::{
    HazardClass, IntendedUse, MaterialUnit, ObservationStatus, TransferState,
};
use crate::domain::{Actor, AuditOrigin, Missing};
use crate::error::AppError;
use crate::state::AppState;
use crate::store;
use crate::store::flows::{LedgerFilter, LedgerRow, Transfer};
use crate::workflow::flows::{
    self as ledger, LedgerDecision, LedgerInput, TransferAnswer, TransferInput,
};
use crate::workflow::publication::{self, Publisher};
use crate::workflow::reports::{Reporter, Reviewer};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(materials))
        .routes(routes!(ledger_months))
        .routes(routes!(save_ledger_batch))
        .routes(routes!(approve_ledger_month))
        .routes(routes!(return_ledger_month))
        .routes(routes!(reopen_ledger_month))
        .routes(routes!(transfers, record_transfer))
        .routes(routes!(confirm_transfer))
        .routes(routes!(dispute_transfer))
        .routes(routes!(park_flows))
}

/// The park of the request's program (`auth::program::current`): the ledger read and
/// reviewed is that park's organisations' (docs/programs.md). `None` when the caller is in no
/// program: an organisation that only sends or receives transfers (a demo brick maker) holds
/// no role in one, and reads only its own ledger and transfers anyway.
async fn program_park(state: &AppState) -> Result<Option<Uuid>, ApiError> {
    let Some(program) = crate::auth::program::scope().current else {
        return Ok(None);
    };
    Ok(store::flows::park_of(&state.pool, &program.park_code).await?)
}

fn reader(principal: &Principal) -> FlowReader {
    FlowReader::of_token(principal.manager, principal.caller.organisation_id)
}

fn reporter(principal: &Principal) -> Reporter {
    Reporter {
        organisation_id: principal.caller.organisation_id,
        actor: Actor::from(&principal.caller),
    }
}

/// A material of the ledger.
#[derive(Debug, Serialize, ToSchema)]
pub struct MaterialBody {
    pub code: String,
    pub name_en: String,
    pub name_id: String,
    #[schema(value_type = MaterialUnit)]
    pub unit: MaterialUnit,
    /// The Indonesian waste class, where one applies.
    #[schema(value_type = Option<HazardClass>)]
    pub hazard_class: Option<HazardClass>,
    /// Codes of the indicators it feeds.
    pub indicators: Vec<String>,
}

/// List the materials
///
/// Every material the ledger holds, with its unit, waste class and the indicators it feeds.
#[utoipa::path(
    get,
    path = "/api/v1/flows/materials",
    tag = "flows",
    operation_id = "list_materials",
    responses((status = 200, description = "The materials, by code", body = [MaterialBody]))
)]
async fn materials(
    State(state): State<AppState>,
    _principal: Principal,
) -> Result<Json<Vec<MaterialBody>>, ApiError> {
    let rows = store::flows::materials(&state.pool).await?;
    Ok(Json(
        rows.into_iter()
            .map(|m| MaterialBody {
                code: m.code,
                name_en: m.name.english,
                name_id: m.name.indonesian,
                unit: m.unit,
                hazard_class: m.hazard_class,
                indicators: m.indicators,
            })
            .collect(),
    ))
}

/// A month of one organisation's ledger of one material.
#[derive(Debug, Serialize, ToSchema)]
pub struct LedgerBody {
    pub id: Uuid,
    pub organisation: String,
    pub material: String,
    #[schema(value_type = MaterialUnit)]
    pub unit: MaterialUnit,
    /// `YYYY-MM`.
    pub month: String,
    /// The previous month's closing stock, or the declared opening of a first month.
    pub opening: f64,
    pub generated: f64,
    pub received: f64,
    pub used_on_site: f64,
    pub sent: f64,
    pub disposed_landfill: f64,
    pub disposed_storage: f64,
    pub disposed_sea: f64,
    pub closing: f64,
    /// inflow − outflow; 0 when the month balances exactly.
    pub imbalance: f64,
    /// Whether the two sides agree within the tolerance (0.5 %).
    pub balanced: bool,
    pub comment: String,
    #[schema(value_type = ObservationStatus)]
    pub status: ObservationStatus,
    /// The version to name when changing it.
    pub version: i32,
    pub review_note: Option<String>,
}

fn month_label(month: NaiveDate) -> String {
    format!("{:04}-{:02}", month.year(), month.month())
}

impl From<&LedgerRow> for LedgerBody {
    fn from(r: &LedgerRow) -> Self {
        let balance = flows::balance(&r.figures());
        LedgerBody {
            id: r.id,
            organisation: r.organisation.clone(),
            material: r.material.clone(),
            unit: r.unit,
            month: month_label(r.month),
            opening: r.opening,
            generated: r.generated,
            received: r.received,
            used_on_site: r.used_on_site,
            sent: r.sent,
            disposed_landfill: r.disposed_landfill,
            disposed_storage: r.disposed_storage,
            disposed_sea: r.disposed_sea,
            closing: r.closing,
            imbalance: balance.imbalance,
            balanced: balance.holds(),
            comment: r.comment.clone(),
            status: r.status,
            version: r.version,
            review_note: r.review_note.clone(),
        }
    }
}

/// Which months of the ledger, or which transfers.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FlowsFilter {
    /// A material's code.
    material: Option<String>,
    /// The first month, `YYYY-MM`.
    from: Option<String>,
    /// The last month, `YYYY-MM`.
    to: Option<String>,
}

/// `YYYY-MM` → its first day; a bad one is a 400.
fn month_param(name: &str, text: Option<&str>) -> Result<Option<NaiveDate>, ApiError> {
    text.map(|t| {
        NaiveDate::parse_from_str(&format!("{}-01", t.trim()), "%Y-%m-%d")
            .map_err(|_| ApiError::App(AppError::BadRequest(format!("{name}: expected YYYY-MM"))))
    })
    .transpose()
}

async fn material_param(state: &AppState, code: Option<&str>) -> Result<Option<Uuid>, ApiError> {
    let Some(code) = code.map(str::trim).filter(|c| !c.is_empty()) else {
        return Ok(None);
    };
    let mut conn = state.pool.acquire().await.map_err(AppError::from)?;
    let found = store::flows::materials_by_code(&mut conn, &[code.to_string()]).await?;
    found
        .into_iter()
        .next()
        .map(|(id, _)| Some(id))
        .ok_or_else(|| ApiError::App(AppError::NotFound(Missing::Page)))
}

/// List ledger months
///
/// The caller's own organisation's months (a program manager's token: every organisation's),
/// latest first, with their balance.
#[utoipa::path(
    get,
    path = "/api/v1/flows/ledger",
    tag = "flows",
    operation_id = "list_ledger_months",
    params(FlowsFilter),
    responses(
        (status = 200, description = "Ledger months", body = [LedgerBody]),
        (status = 400, response = super::openapi::BadRequest),
        (status = 404, response = NotFound),
    )
)]
async fn ledger_months(
    State(state): State<AppState>,
    principal: Principal,
    query: Result<Query<FlowsFilter>, QueryRejection>,
) -> Result<Json<Vec<LedgerBody>>, ApiError> {
    let Query(query) = query.map_err(|e| ApiError::App(AppError::BadRequest(e.body_text())))?;
    let reader = reader(&principal);
    let rows = store::flows::ledger(
        &state.pool,
        LedgerFilter {
            park_id: program_park(&state).await?,
            organisation_id: reader.scope(),
            material_id: material_param(&state, query.material.as_deref()).await?,
            from: month_param("from", query.from.as_deref())?,
            to: month_param("to", query.to.as_deref())?,
            status: None,
        },
    )
    .await?;
    Ok(Json(
        rows.iter()
            .filter(|r| policy::may_read_ledger(reader, r.organisation_id))
            .map(LedgerBody::from)
            .collect(),
    ))
}

/// A batch of ledger months. (The body's schema: the handler reads the items one by one, so
/// that every unreadable item is reported.)
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct LedgerBatchRequest {
    /// 1 to 1,000 months of the token's organisation. An item with `version` changes the
    /// month already in the ledger; one without creates it.
    pub items: Vec<LedgerInput>,
}

/// What a ledger batch did, item by item in the order sent.
#[derive(Debug, Serialize, ToSchema)]
pub struct LedgerBatchResult {
    pub created: usize,
    pub updated: usize,
    pub items: Vec<LedgerBody>,
}

/// The batch write's path and how it refuses a body that is not {"items": [...]}.
const LEDGER_BATCH: Batch = Batch {
    path: "/api/v1/flows/ledger/batch",
    envelope: Envelope::Whole("the body is {\"items\": [...]}: 1 to 1,000 months"),
};

/// Save a batch of up to 1,000 ledger months, all or nothing
///
/// For the token's organisation: new months are created, existing ones (named with their
/// `version`) changed. A submitted month must balance (opening + generated + received = used
/// on site + sent + disposed + closing, within 0.5 %) or carry a comment explaining why;
/// else 422 names it. Conflicts with stored months answer 409, every one listed.
#[utoipa::path(
    post,
    path = "/api/v1/flows/ledger/batch",
    tag = "flows",
    operation_id = "save_ledger_batch",
    request_body(content = LedgerBatchRequest, content_type = "application/json"),
    params(("Idempotency-Key" = Option<String>, Header, nullable = false, min_length = 1, max_length = 255, pattern = "^[!-~]([ -~]*[!-~])?$", description = "Makes a retry safe: the same key with the same body replays the first answer")),
    responses(
        (status = 200, description = "Every month stored", body = LedgerBatchResult),
        (status = 409, response = Conflict),
        (status = 412, response = PreconditionFailed),
    )
)]
async fn save_ledger_batch(
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
        &LEDGER_BATCH,
        read_typed::<LedgerInput>,
        move |tx, items, clock| {
            Box::pin(async move {
                let saved =
                    ledger::save_ledger(tx, &reporter, &context, clock.now(), &items, false)
                        .await?;
                let created = saved.iter().filter(|s| s.created).count();
                Ok(LedgerBatchResult {
                    created,
                    updated: saved.len() - created,
                    items: saved.iter().map(|s| LedgerBody::from(&s.row)).collect(),
                })
            })
        },
    )
    .await
}

/// A transfer between two organisations.
#[derive(Debug, Serialize, ToSchema)]
pub struct TransferBody {
    pub id: Uuid,
    pub sender: String,
    pub receiver: String,
    pub material: String,
    #[schema(value_type = MaterialUnit)]
    pub unit: MaterialUnit,
    /// `YYYY-MM`.
    pub month: String,
    /// The sender's quantity.
    pub quantity: f64,
    #[schema(value_type = IntendedUse)]
    pub intended_use: IntendedUse,
    #[schema(value_type = TransferState)]
    pub state: TransferState,
    /// The receiver's confirmed quantity.
    pub received_quantity: Option<f64>,
    pub dispute_note: Option<String>,
    pub recorded_at: DateTime<Utc>,
    pub answered_at: Option<DateTime<Utc>>,
    pub version: i32,
    /// What both parties and the managers should look at: `difference` (confirmed more than
    /// 2 % from the sender's quantity), `unanswered` (after 30 days), `disputed`.
    #[schema(value_type = Vec<Object>)]
    pub flags: Vec<flows::TransferFlag>,
}

fn transfer_body(t: &Transfer, today: NaiveDate) -> TransferBody {
    let facts = flows::TransferFacts {
        state: t.state,
        quantity: t.quantity,
        received: t.received_quantity,
        recorded_on: t.recorded_at.date_naive(),
    };
    TransferBody {
        id: t.id,
        sender: t.sender.clone(),
        receiver: t.receiver.clone(),
        material: t.material.clone(),
        unit: t.unit,
        month: month_label(t.month),
        quantity: t.quantity,
        intended_use: t.intended_use,
        state: t.state,
        received_quantity: t.received_quantity,
        dispute_note: t.dispute_note.clone(),
        recorded_at: t.recorded_at,
        answered_at: t.answered_at,
        version: t.version,
        flags: flows::transfer_flags(&facts, today),
    }
}

/// List transfers
///
/// The transfers the caller's organisation is a party to, as sender or receiver (a program
/// manager's token: every transfer), latest first, with their flags.
#[utoipa::path(
    get,
    path = "/api/v1/flows/transfers",
    tag = "flows",
    operation_id = "list_transfers",
    params(FlowsFilter),
    responses(
        (status = 200, description = "Transfers", body = [TransferBody]),
        (status = 400, response = super::openapi::BadRequest),
        (status = 404, response = NotFound),
    )
)]
async fn transfers(
    State(state): State<AppState>,
    principal: Principal,
    query: Result<Query<FlowsFilter>, QueryRejection>,
) -> Result<Json<Vec<TransferBody>>, ApiError> {
    let Query(query) = query.map_err(|e| ApiError::App(AppError::BadRequest(e.body_text())))?;
    let reader = reader(&principal);
    let rows = store::flows::transfers(
        &state.pool,
        program_park(&state).await?,
        reader.scope(),
        material_param(&state, query.material.as_deref()).await?,
        month_param("from", query.from.as_deref())?,
        month_param("to", query.to.as_deref())?,
    )
    .await?;
    let today = state.clock.today();
    Ok(Json(
        rows.iter()
            .filter(|t| policy::may_read_transfer(reader, t.sender_id, t.receiver_id))
            .map(|t| transfer_body(t, today))
            .collect(),
    ))
}

/// Record a transfer
///
/// From the token's organisation to another: material, month, receiver, quantity and
/// intended use. It waits for the receiver to confirm or dispute it; unanswered after 30
/// days it is flagged for both and for the managers.
#[utoipa::path(
    post,
    path = "/api/v1/flows/transfers",
    tag = "flows",
    operation_id = "record_transfer",
    request_body(content = TransferInput, content_type = "application/json"),
    params(("Idempotency-Key" = Option<String>, Header, nullable = false, min_length = 1, max_length = 255, pattern = "^[!-~]([ -~]*[!-~])?$", description = "Makes a retry safe")),
    responses((status = 201, description = "Recorded", body = TransferBody))
)]
async fn record_transfer(
    State(state): State<AppState>,
    principal: Principal,
    context: AuditOrigin,
    key: IdempotencyKey,
    body: JsonBody<TransferInput>,
) -> Result<Response, ApiError> {
    let mut write = match idempotency::begin(
        &state,
        principal.caller.organisation_id,
        &key,
        &Method::POST,
        "/api/v1/flows/transfers",
        &body.hash,
    )
    .await?
    {
        Begun::Replay(response) => return Ok(response),
        Begun::Fresh(write) => write,
    };
    let transfer = ledger::record_transfer(
        &mut write.tx,
        &reporter(&principal),
        &context,
        state.clock.now(),
        &body.value,
    )
    .await?;
    let result = transfer_body(&transfer, state.clock.today());
    write
        .commit(JsonResponse::new(StatusCode::CREATED, &result))
        .await
}

/// A review decision on a ledger month.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LedgerReviewRequest {
    /// Approving: optional. Returning: required — what to correct and why.
    pub note: Option<String>,
}

/// Why an approved ledger month is reopened.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LedgerReopenRequest {
    /// Required: why the approved month must change.
    pub reason: Option<String>,
}

/// Only program managers' tokens review, as for observations (`api::reviews`).
fn reviewer(principal: &Principal) -> Result<Reviewer, ApiError> {
    if !principal.manager {
        return Err(ApiError::App(AppError::Forbidden(
            crate::domain::Denied::ReviewersOnly,
        )));
    }
    Ok(Reviewer {
        actor: Actor::from(&principal.caller),
        organisation_id: Some(principal.caller.organisation_id),
    })
}

/// The restatements of published periods a change of the material's ledger in `month` makes
/// (`workflow::publication::restate_after_ledger_review`), in the write's transaction.
async fn restate(
    state: &AppState,
    principal: &Principal,
    context: &AuditOrigin,
    tx: &mut sqlx::PgConnection,
    material_id: &Uuid,
    month: NaiveDate,
) -> Result<(), ApiError> {
    let actor = Actor::from(&principal.caller);
    let publisher = Publisher {
        signer: &state.log_signer,
        actor: &actor,
        context,
        now: state.clock.now(),
    };
    publication::restate_after_ledger_review(&state.pool, tx, &publisher, *material_id, month)
        .await?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn review(
    state: &AppState,
    principal: &Principal,
    context: &AuditOrigin,
    key: &IdempotencyKey,
    body_hash: &[u8; 32],
    (id, if_match): (&str, IfMatch),
    decision: LedgerDecision,
    text: Option<&str>,
) -> Result<Response, ApiError> {
    let reviewer = reviewer(principal)?;
    let id = parse_id(id)?;
    // Another program's ledger month is not found from this one.
    if let Some(park) = program_park(state).await?
        && !store::flows::ledger_in_park(&state.pool, id, park).await?
    {
        return Err(crate::workflow::reports::ReportingError::NotFound.into());
    }
    let verb = match decision {
        LedgerDecision::Approve => "approve",
        LedgerDecision::Return => "return",
        LedgerDecision::Reopen => "reopen",
    };
    let path = format!("/api/v1/flows/ledger/{id}/{verb}");
    let mut write = match idempotency::begin(
        state,
        principal.caller.organisation_id,
        key,
        &Method::POST,
        &path,
        body_hash,
    )
    .await?
    {
        Begun::Replay(response) => return Ok(response),
        Begun::Fresh(write) => write,
    };
    let month = ledger::review_month(
        &mut write.tx,
        &reviewer,
        context,
        state.clock.now(),
        (id, if_match.0),
        decision,
        text,
    )
    .await?;
    // An approval or a reopening that changes a published CE-05 or CE-08 figure: its
    // restatement commits with the review.
    if decision != LedgerDecision::Return {
        restate(
            state,
            principal,
            context,
            &mut write.tx,
            &month.material_id,
            month.month,
        )
        .await?;
    }
    let body = LedgerBody::from(&month);
    write
        .commit(JsonResponse::new(StatusCode::OK, &body).with_etag(month.version))
        .await
}

/// Approve a submitted ledger month
///
/// Program managers' tokens only (a tenant's token: 403). It counts in the park's flows and
/// in the indicators computed from the ledger (CE-05, CE-08) from then on, and is locked.
/// Nobody approves their own organisation's month (403).
#[utoipa::path(
    post,
    path = "/api/v1/flows/ledger/{id}/approve",
    tag = "flows",
    operation_id = "approve_ledger_month",
    params(
        ("id" = Uuid, Path, description = "The ledger month's id"),
        ("If-Match" = Option<String>, Header, nullable = false, pattern = r#"^(\*|(W/)?"[0-9]{1,9}"|[0-9]{1,9})$"#, description = "The version reviewed, e.g. \"3\" (recommended: approve exactly what you read)"),
        ("Idempotency-Key" = Option<String>, Header, nullable = false, min_length = 1, max_length = 255, pattern = "^[!-~]([ -~]*[!-~])?$", description = "Makes a retry safe"),
    ),
    request_body(content = Option<LedgerReviewRequest>, content_type = "application/json"),
    responses(
        (status = 200, description = "Approved", body = LedgerBody),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 412, response = PreconditionFailed),
    )
)]
async fn approve_ledger_month(
    State(state): State<AppState>,
    principal: Principal,
    context: AuditOrigin,
    Path(id): Path<String>,
    if_match: IfMatch,
    key: IdempotencyKey,
    body: OptionalJsonBody<LedgerReviewRequest>,
) -> Result<Response, ApiError> {
    let note = body.value.note.as_deref();
    review(
        &state,
        &principal,
        &context,
        &key,
        &body.hash,
        (&id, if_match),
        LedgerDecision::Approve,
        note,
    )
    .await
}

/// Return a submitted ledger month for correction
///
/// Program managers' tokens only; the note (required) tells the organisation what to
/// correct.
#[utoipa::path(
    post,
    path = "/api/v1/flows/ledger/{id}/return",
    tag = "flows",
    operation_id = "return_ledger_month",
    params(
        ("id" = Uuid, Path, description = "The ledger month's id"),
        ("If-Match" = Option<String>, Header, nullable = false, pattern = r#"^(\*|(W/)?"[0-9]{1,9}"|[0-9]{1,9})$"#, description = "The version reviewed, e.g. \"3\""),
        ("Idempotency-Key" = Option<String>, Header, nullable = false, min_length = 1, max_length = 255, pattern = "^[!-~]([ -~]*[!-~])?$", description = "Makes a retry safe"),
    ),
    request_body(content = LedgerReviewRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "Returned to the organisation", body = LedgerBody),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 412, response = PreconditionFailed),
    )
)]
async fn return_ledger_month(
    State(state): State<AppState>,
    principal: Principal,
    context: AuditOrigin,
    Path(id): Path<String>,
    if_match: IfMatch,
    key: IdempotencyKey,
    body: OptionalJsonBody<LedgerReviewRequest>,
) -> Result<Response, ApiError> {
    let note = body.value.note.as_deref();
    review(
        &state,
        &principal,
        &context,
        &key,
        &body.hash,
        (&id, if_match),
        LedgerDecision::Return,
        note,
    )
    .await
}

/// Reopen an approved ledger month
///
/// Program managers' tokens only, with a reason (required): the month leaves the park's flows
/// and the computed indicators and goes back to its organisation as returned, the reason as
/// its note.
#[utoipa::path(
    post,
    path = "/api/v1/flows/ledger/{id}/reopen",
    tag = "flows",
    operation_id = "reopen_ledger_month",
    params(
        ("id" = Uuid, Path, description = "The ledger month's id"),
        ("If-Match" = Option<String>, Header, nullable = false, pattern = r#"^(\*|(W/)?"[0-9]{1,9}"|[0-9]{1,9})$"#, description = "The version read, e.g. \"3\""),
        ("Idempotency-Key" = Option<String>, Header, nullable = false, min_length = 1, max_length = 255, pattern = "^[!-~]([ -~]*[!-~])?$", description = "Makes a retry safe"),
    ),
    request_body(content = LedgerReopenRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "Reopened: now returned", body = LedgerBody),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 412, response = PreconditionFailed),
    )
)]
async fn reopen_ledger_month(
    State(state): State<AppState>,
    principal: Principal,
    context: AuditOrigin,
    Path(id): Path<String>,
    if_match: IfMatch,
    key: IdempotencyKey,
    body: OptionalJsonBody<LedgerReopenRequest>,
) -> Result<Response, ApiError> {
    let reason = body.value.reason.as_deref();
    review(
        &state,
        &principal,
        &context,
        &key,
        &body.hash,
        (&id, if_match),
        LedgerDecision::Reopen,
        reason,
    )
    .await
}

/// The receiver's confirmation.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfirmRequest {
    /// The quantity the receiver counted, in the material's unit.
    #[schema(value_type = f64, required = true, minimum = 0)]
    pub received_quantity: Option<f64>,
    /// The version read (recommended).
    pub version: Option<i32>,
}

/// The receiver's dispute.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DisputeRequest {
    /// Required: what is wrong with the transfer as recorded.
    #[schema(value_type = String, required = true)]
    pub note: Option<String>,
    /// The version read (recommended).
    pub version: Option<i32>,
}

#[allow(clippy::too_many_arguments)]
async fn answer(
    state: &AppState,
    principal: &Principal,
    context: &AuditOrigin,
    key: &IdempotencyKey,
    body_hash: &[u8; 32],
    id: &str,
    version: Option<i32>,
    answer: TransferAnswer,
) -> Result<Response, ApiError> {
    let id = parse_id(id)?;
    let verb = match answer {
        TransferAnswer::Confirm { .. } => "confirm",
        TransferAnswer::Dispute { .. } => "dispute",
    };
    let path = format!("/api/v1/flows/transfers/{id}/{verb}");
    let mut write = match idempotency::begin(
        state,
        principal.caller.organisation_id,
        key,
        &Method::POST,
        &path,
        body_hash,
    )
    .await?
    {
        Begun::Replay(response) => return Ok(response),
        Begun::Fresh(write) => write,
    };
    let transfer = ledger::answer_transfer(
        &mut write.tx,
        &reporter(principal),
        context,
        state.clock.now(),
        (id, version),
        &answer,
    )
    .await?;
    // A confirmation counts in CE-05 and CE-08: a published figure it changes is restated.
    if transfer.state == TransferState::Confirmed {
        restate(
            state,
            principal,
            context,
            &mut write.tx,
            &transfer.material_id,
            transfer.month,
        )
        .await?;
    }
    let result = transfer_body(&transfer, state.clock.today());
    write
        .commit(JsonResponse::new(StatusCode::OK, &result))
        .await
}

/// Confirm a transfer
///
/// Its receiver only, while it is pending: with the quantity received. A quantity more than
/// 2 % from the sender's is flagged. The sender answers 403; anyone else 404.
#[utoipa::path(
    post,
    path = "/api/v1/flows/transfers/{id}/confirm",
    tag = "flows",
    operation_id = "confirm_transfer",
    params(
        ("id" = Uuid, Path, description = "The transfer's id"),
        ("Idempotency-Key" = Option<String>, Header, nullable = false, min_length = 1, max_length = 255, pattern = "^[!-~]([ -~]*[!-~])?$", description = "Makes a retry safe"),
    ),
    request_body(content = ConfirmRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "Confirmed", body = TransferBody),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 412, response = PreconditionFailed),
    )
)]
async fn confirm_transfer(
    State(state): State<AppState>,
    principal: Principal,
    context: AuditOrigin,
    key: IdempotencyKey,
    Path(id): Path<String>,
    body: JsonBody<ConfirmRequest>,
) -> Result<Response, ApiError> {
    let version = body.value.version;
    let confirm = TransferAnswer::Confirm {
        received: body.value.received_quantity,
    };
    answer(
        &state, &principal, &context, &key, &body.hash, &id, version, confirm,
    )
    .await
}

/// Dispute a transfer
///
/// Its receiver only, while it is pending: with a note saying what is wrong. Both parties and
/// the managers see it flagged.
#[utoipa::path(
    post,
    path = "/api/v1/flows/transfers/{id}/dispute",
    tag = "flows",
    operation_id = "dispute_transfer",
    params(
        ("id" = Uuid, Path, description = "The transfer's id"),
        ("Idempotency-Key" = Option<String>, Header, nullable = false, min_length = 1, max_length = 255, pattern = "^[!-~]([ -~]*[!-~])?$", description = "Makes a retry safe"),
    ),
    request_body(content = DisputeRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "Disputed", body = TransferBody),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 412, response = PreconditionFailed),
    )
)]
async fn dispute_transfer(
    State(state): State<AppState>,
    principal: Principal,
    context: AuditOrigin,
    key: IdempotencyKey,
    Path(id): Path<String>,
    body: JsonBody<DisputeRequest>,
) -> Result<Response, ApiError> {
    let version = body.value.version;
    let dispute = TransferAnswer::Dispute {
        note: body.value.note.clone(),
    };
    answer(
        &state, &principal, &context, &key, &body.hash, &id, version, dispute,
    )
    .await
}

/// The park's flows of which material and period.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ParkQuery {
    /// A material's code.
    material: String,
    /// `2026-10`, `2026-Q3`, `2026-H1` or `2026`.
    period: String,
}

/// One band of the park's flows.
#[derive(Debug, Serialize, ToSchema)]
pub struct FlowBody {
    /// An organisation's code, or `park` (the park as one source).
    pub from: String,
    /// An organisation's code (a confirmed transfer to it), or `used_on_site`, `in_park`,
    /// `outside`, `landfill`, `storage`, `sea`.
    pub to: String,
    pub quantity: f64,
}

/// The park's totals of a material in a period.
#[derive(Debug, Serialize, ToSchema)]
pub struct ParkTotalsBody {
    pub generated: f64,
    pub used_on_site: f64,
    pub reused_by_transfer: f64,
    pub reused: f64,
    pub share_reused: Option<f64>,
    pub sent_outside: f64,
    pub disposed_landfill: f64,
    pub disposed_storage: f64,
    pub disposed_sea: f64,
    /// Active company-to-company links (confirmed symbiosis transfers, distinct pairs).
    pub links: usize,
}

/// A value the ledger computes for an indicator.
#[derive(Debug, Serialize, ToSchema)]
pub struct ComputedBody {
    pub indicator: String,
    /// The organisation's code; absent for the park.
    pub organisation: Option<String>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub value: f64,
}

/// The park's flows of a material in a period.
#[derive(Debug, Serialize, ToSchema)]
pub struct ParkFlowsBody {
    pub material: String,
    pub period: String,
    /// Organisations with an approved ledger month of the material in the period.
    pub contributors: usize,
    /// The park's totals: absent for an organisation's token when fewer than three
    /// organisations contribute.
    pub totals: Option<ParkTotalsBody>,
    /// The bands the caller may see: every organisation's for a program manager's token,
    /// the park as one source for an organisation's (where totals are shown), else its own.
    pub flows: Vec<FlowBody>,
    /// CE-05 and CE-08 as the ledger computes them for the period, as far as the caller may
    /// read them.
    pub computed: Vec<ComputedBody>,
}

/// Read the park's flows
///
/// A material's flows in a month, quarter, half-year or year: approved ledger months and
/// confirmed transfers only. An organisation's token sees the park's totals where at least
/// three organisations contribute, its own flows otherwise.
#[utoipa::path(
    get,
    path = "/api/v1/flows/park",
    tag = "flows",
    operation_id = "read_park_flows",
    params(ParkQuery),
    responses(
        (status = 200, description = "The park's flows", body = ParkFlowsBody),
        (status = 400, response = super::openapi::BadRequest),
        (status = 404, response = NotFound),
    )
)]
async fn park_flows(
    State(state): State<AppState>,
    principal: Principal,
    query: Result<Query<ParkQuery>, QueryRejection>,
) -> Result<Json<ParkFlowsBody>, ApiError> {
    let Query(query) = query.map_err(|e| ApiError::App(AppError::BadRequest(e.body_text())))?;
    let reader = reader(&principal);
    let material = material_param(&state, Some(&query.material))
        .await?
        .ok_or_else(|| ApiError::App(AppError::NotFound(Missing::Page)))?;
    let (period, frequency) = crate::domain::period::parse_any_label(query.period.trim())
        .ok_or_else(|| {
            ApiError::App(AppError::BadRequest(
                "period: expected 2026-10, 2026-Q3, 2026-H1 or 2026".into(),
            ))
        })?;
    let from = period.start();
    let to = NaiveDate::from_ymd_opt(period.end().year(), period.end().month(), 1).unwrap_or(from);
    let in_park = program_park(&state).await?;
    let park = store::flows::park_period(&state.pool, in_park, &[material], from, to).await?;
    let codes: std::collections::HashMap<Uuid, String> =
        store::flows::counterparties(&state.pool, in_park)
            .await?
            .into_iter()
            .map(|(id, code, _)| (id, code))
            .collect();
    let code = |id: &Uuid| codes.get(id).cloned().unwrap_or_else(|| id.to_string());
    let visible = policy::may_read_park_flows(reader, park.flows.contributors);
    let links = if policy::may_read_organisations_flows(reader) {
        park.links.clone()
    } else if visible {
        flows::park_links(&park.links)
    } else {
        park.links
            .iter()
            .filter(
                |l| matches!(l.from, FlowSource::Organisation(id) if Some(id) == reader.scope()),
            )
            .copied()
            .collect()
    };
    let p = &park.flows;
    let mut computed = Vec::new();
    for (indicator, _) in flows::LedgerMeasure::ALL {
        let values =
            store::flows::computed_values(&state.pool, in_park, indicator, from, to).await?;
        let park_visible = policy::may_read_park_flows(reader, values.contributors);
        computed.extend(
            values
                .values
                .iter()
                .filter(|v| match v.organisation_id {
                    None => park_visible,
                    Some(id) => policy::may_read_ledger(reader, id),
                })
                .map(|v| ComputedBody {
                    indicator: (*indicator).to_string(),
                    organisation: v.organisation_id.as_ref().map(code),
                    numerator: v.numerator,
                    denominator: v.denominator,
                    value: v.value,
                }),
        );
    }
    Ok(Json(ParkFlowsBody {
        material: query.material.trim().to_string(),
        period: period.label(frequency),
        contributors: p.contributors,
        totals: visible.then_some(ParkTotalsBody {
            generated: p.generated,
            used_on_site: p.used_on_site,
            reused_by_transfer: p.reused_by_transfer,
            reused: p.reused,
            share_reused: p.share_reused,
            sent_outside: p.sent_outside,
            disposed_landfill: p.disposed.landfill,
            disposed_storage: p.disposed.storage,
            disposed_sea: p.disposed.sea,
            links: p.links,
        }),
        flows: links
            .iter()
            .map(|l| FlowBody {
                from: match l.from {
                    FlowSource::Organisation(id) => code(&id),
                    FlowSource::Park => "park".into(),
                },
                to: match l.to {
                    FlowEnd::Organisation(id) => code(&id),
                    FlowEnd::UsedOnSite => "used_on_site".into(),
                    FlowEnd::InPark => "in_park".into(),
                    FlowEnd::Outside => "outside".into(),
                    FlowEnd::Landfill => "landfill".into(),
                    FlowEnd::Storage => "storage".into(),
                    FlowEnd::Sea => "sea".into(),
                },
                quantity: l.quantity,
            })
            .collect(),
        computed,
    }))
}
