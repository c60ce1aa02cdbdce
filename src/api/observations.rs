//! `/api/v1/observations`: the organisation's reported figures. Read one (its version as the
//! `ETag`) or a page of them (filters, cursor pagination); create one, save a batch of up to
//! 1,000 (all or nothing), change a draft or returned one (`If-Match`), submit one, read its
//! history. Handlers parse, call `crate::workflow::reports`, and answer; a batch item that
//! cannot be read becomes `domain::FieldError`s like any other, and every refusal is answered
//! through `api::problem`. No SQL and no reporting rule here.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::idempotency::{self, Begun, JsonResponse};
use super::json::{IdempotencyKey, IfMatch, JsonBody, OptionalJsonBody};
use super::openapi::{Conflict, NotFound, PreconditionFailed, PreconditionRequired};
use super::principal::{Principal, parse_id};
use super::problem::{ApiError, field_message};
use super::wire_time::{self, period_label};
use crate::auth::policy::{self, NoteReader, readable_note};
use crate::cache::Scope;
use crate::domain::kinds::{DataQuality, ObservationStatus};
use crate::domain::{Actor, AuditOrigin, FieldError, InputProblem};
use crate::error::AppError;
use crate::state::AppState;
use crate::store;
use crate::store::observations::{Observation, ObservationFilter, PagePosition};
use crate::workflow::reports::{self, ObservationInput, Reporter};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(read, update))
        .routes(routes!(submit))
        .routes(routes!(history))
}

/// An observation: one organisation's figure for one indicator and one period.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Observation)]
pub struct ObservationBody {
    pub id: Uuid,
    #[schema(example = "CE-03")]
    pub indicator: String,
    #[schema(example = "DEMO-RKEF-A")]
    pub organisation: String,
    #[serde(serialize_with = "wire_time::date")]
    pub period_start: NaiveDate,
    #[serde(serialize_with = "wire_time::date")]
    pub period_end: NaiveDate,
    /// The period's label for the indicator's frequency (`2026-10`, `2026-Q3`, `2026-H2`, `2026`).
    #[schema(example = "2026-10")]
    pub period: String,
    pub value: Option<f64>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub stage: Option<i16>,
    pub text: Option<String>,
    /// The indicator's unit.
    pub unit: String,
    #[schema(value_type = crate::domain::DataQuality)]
    pub data_quality: DataQuality,
    /// `none`, `limited` or `reasonable`.
    pub assurance: String,
    pub comment: String,
    pub evidence_url: Option<String>,
    #[schema(value_type = crate::domain::ObservationStatus)]
    pub status: ObservationStatus,
    /// Bumped by every change; sent as the `ETag` and expected back in `If-Match`.
    pub version: i32,
    /// The reviewer's note of a returned (or reopened) observation, or of an approval.
    pub review_note: Option<String>,
    #[serde(serialize_with = "wire_time::optional_instant")]
    pub first_submitted_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "wire_time::optional_instant")]
    pub submitted_at: Option<DateTime<Utc>>,
    pub submitted_by: Option<String>,
    #[serde(serialize_with = "wire_time::optional_instant")]
    pub reviewed_at: Option<DateTime<Utc>>,
    pub reviewed_by: Option<String>,
    #[serde(serialize_with = "wire_time::instant")]
    pub created_at: DateTime<Utc>,
    #[serde(serialize_with = "wire_time::instant")]
    pub updated_at: DateTime<Utc>,
}

impl ObservationBody {
    /// The observation as `reader` may see it: its review note only where
    /// `auth::policy::may_read_note` allows.
    pub fn for_reader(o: &Observation, reader: NoteReader) -> Self {
        ObservationBody {
            id: o.id,
            indicator: o.indicator.clone(),
            organisation: o.organisation.clone(),
            period_start: o.period_start,
            period_end: o.period_end,
            period: period_label(o.frequency, o.period_start, o.period_end),
            value: o.value,
            numerator: o.numerator,
            denominator: o.denominator,
            stage: o.stage,
            text: o.text.clone(),
            unit: o.unit.clone(),
            data_quality: o.data_quality,
            assurance: o.assurance.clone(),
            comment: o.comment.clone(),
            evidence_url: o.evidence_url.clone(),
            status: o.status,
            version: o.version,
            review_note: readable_note(
                reader,
                o.review_note.as_deref(),
                o.review_note_internal,
                o.organisation_id,
            ),
            first_submitted_at: o.first_submitted_at,
            submitted_at: o.submitted_at,
            submitted_by: o.submitted_by.clone(),
            reviewed_at: o.reviewed_at,
            reviewed_by: o.reviewed_by.clone(),
            created_at: o.created_at,
            updated_at: o.updated_at,
        }
    }
}

/// The answer to a write of one observation: its body as `reader` may see it, with its
/// version as the `ETag`.
pub fn observation_response(
    status: StatusCode,
    observation: &Observation,
    reader: NoteReader,
) -> JsonResponse {
    JsonResponse::new(status, &ObservationBody::for_reader(observation, reader))
        .with_etag(observation.version)
}

/// Who the caller is to a review note.
pub(super) fn note_reader(principal: &Principal) -> NoteReader {
    NoteReader::of_token(principal.manager, principal.caller.organisation_id)
}

pub(super) fn reporter(principal: &Principal) -> Reporter {
    Reporter {
        organisation_id: principal.caller.organisation_id,
        actor: Actor::from(&principal.caller),
    }
}

/// The API insists on the unit (a guard against kilotonnes sent as tonnes); the form does not.
pub(super) fn unit_problem(input: &ObservationInput) -> Option<FieldError> {
    input
        .unit
        .is_none()
        .then(|| FieldError::new("unit", InputProblem::UnitRequired))
}

pub(super) fn require_unit(input: &ObservationInput) -> Result<(), ApiError> {
    match unit_problem(input) {
        Some(problem) => Err(ApiError::App(AppError::Validation(vec![field_message(
            problem,
        )]))),
        None => Ok(()),
    }
}

/// Filters and position of a page of observations.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Only this indicator (its code).
    indicator: Option<String>,
    /// Only this organisation (its code). A tenant's token sees its own organisation only.
    organisation: Option<String>,
    /// Only periods starting on or after this day.
    period_from: Option<NaiveDate>,
    /// Only periods ending on or before this day.
    period_to: Option<NaiveDate>,
    /// Only this status: draft, submitted, approved or returned.
    status: Option<String>,
    /// Page size, 1 to 1,000 (default 100).
    #[param(minimum = 1, maximum = 1000)]
    limit: Option<i64>,
    /// The `next` cursor of the previous page.
    cursor: Option<String>,
}

/// A page of observations, in the stable order (period start, id).
#[derive(Debug, Serialize, ToSchema)]
pub struct ObservationPage {
    pub items: Vec<ObservationBody>,
    /// The address of the next page (same filters), or null on the last page. Also sent as a
    /// `Link: <…>; rel="next"` header.
    pub next: Option<String>,
}

const DEFAULT_PAGE: i64 = 100;
const MAX_PAGE: i64 = 1000;

fn encode_cursor(position: PagePosition) -> String {
    URL_SAFE_NO_PAD.encode(format!("1:{}:{}", position.period_start, position.id))
}

fn decode_cursor(cursor: &str) -> Option<PagePosition> {
    let text = String::from_utf8(URL_SAFE_NO_PAD.decode(cursor).ok()?).ok()?;
    let mut parts = text.splitn(3, ':');
    if parts.next()? != "1" {
        return None;
    }
    Some(PagePosition {
        period_start: parts.next()?.parse().ok()?,
        id: parts.next()?.parse().ok()?,
    })
}

fn bad_request(message: impl Into<String>) -> ApiError {
    ApiError::App(AppError::BadRequest(message.into()))
}

/// List observations, a page at a time
///
/// The caller's organisation's observations (a manager's token: every organisation's),
/// filtered. The order (period start, then id) never changes for a row, so walking the pages
/// with `next` neither skips nor repeats an observation while new ones arrive (those may or
/// may not appear, depending on where they fall).
#[utoipa::path(
    get,
    path = "/api/v1/observations",
    tag = "observations",
    operation_id = "list_observations",
    params(ListQuery),
    responses(
        (status = 200, description = "A page of observations", body = ObservationPage,
         headers(("Link" = String, description = "`<next page>; rel=\"next\"` when there is one"))),
        (status = 400, response = super::openapi::BadRequest),
        (status = 404, response = NotFound),
    )
)]
async fn list(
    State(state): State<AppState>,
    principal: Principal,
    coding: super::content_coding::Coding,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(query) = query.map_err(|e| bad_request(e.body_text()))?;
    let limit = query.limit.unwrap_or(DEFAULT_PAGE);
    if !(1..=MAX_PAGE).contains(&limit) {
        return Err(bad_request(format!(
            "limit must be between 1 and {MAX_PAGE} (got {limit})"
        )));
    }
    let status = query
        .status
        .as_deref()
        .map(|s| {
            s.parse::<ObservationStatus>().map_err(|_| {
                bad_request(format!(
                    "status must be draft, submitted, approved or returned (got {s:?})"
                ))
            })
        })
        .transpose()?;
    let after = query
        .cursor
        .as_deref()
        .map(|c| {
            decode_cursor(c).ok_or_else(|| {
                bad_request("cursor is not one this API gave out; start again without it")
            })
        })
        .transpose()?;
    if !principal.manager
        && query
            .organisation
            .as_deref()
            .is_some_and(|code| code != principal.caller.organisation_code)
    {
        return Err(ApiError::App(AppError::NotFound(
            crate::domain::Missing::ThisOrganisation,
        )));
    }
    let program = request_program()?;
    // Everything the page's bytes depend on: the program, the reader, the query as sent (the
    // `next` address repeats it).
    let key = format!(
        "api/answer/observations:{}:{}:{:?}",
        program.code,
        super::kept::reader(&principal),
        (
            &query.indicator,
            &query.organisation,
            query.period_from,
            query.period_to,
            &query.status,
            query.limit,
            &query.cursor,
        )
    );
    super::kept::kept_or(&state, &key, coding, || {
        page_answer(&state, &principal, &query, program.id, status, after, limit)
    })
    .await
}

/// A page of observations as sent, and what it read: one indicator's reports when filtered to
/// a live one, else anything.
async fn page_answer(
    state: &AppState,
    principal: &Principal,
    query: &ListQuery,
    program_id: Uuid,
    status: Option<ObservationStatus>,
    after: Option<PagePosition>,
    limit: i64,
) -> Result<(super::kept::Answer, Scope), ApiError> {
    let scope = match query.indicator.as_deref() {
        Some(code) => super::catalogue::catalogue(state)
            .await?
            .entry(code)
            .map_or(Scope::Data, |e| Scope::Indicator(e.indicator.id)),
        None => Scope::Data,
    };
    let filter = ObservationFilter {
        organisation_id: principal.read_scope(),
        indicator_code: query.indicator.clone(),
        organisation_code: query.organisation.clone(),
        period_from: query.period_from,
        period_to: query.period_to,
        status,
        reader: Some(principal.caller.organisation_id),
        program_id: Some(program_id),
    };
    let mut rows = store::observations::page(&state.pool, &filter, after, limit + 1).await?;
    let more = rows.len() > usize::try_from(limit).unwrap_or(usize::MAX);
    rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    let next = match (more, rows.last()) {
        (true, Some(last)) => {
            let cursor = encode_cursor(PagePosition {
                period_start: last.period_start,
                id: last.id,
            });
            let mut params = form_urlencoded::Serializer::new(String::new());
            for (key, value) in [
                ("indicator", query.indicator.clone()),
                ("organisation", query.organisation.clone()),
                ("period_from", query.period_from.map(|d| d.to_string())),
                ("period_to", query.period_to.map(|d| d.to_string())),
                ("status", query.status.clone()),
                ("limit", query.limit.map(|l| l.to_string())),
                ("cursor", Some(cursor)),
            ] {
                if let Some(value) = value {
                    params.append_pair(key, &value);
                }
            }
            Some(format!("/api/v1/observations?{}", params.finish()))
        }
        _ => None,
    };
    let page = ObservationPage {
        items: rows
            .iter()
            .map(|o| ObservationBody::for_reader(o, note_reader(principal)))
            .collect(),
        next: next.clone(),
    };
    let link = next.and_then(|next| HeaderValue::from_str(&format!("<{next}>; rel=\"next\"")).ok());
    let body = serde_json::to_vec(&page).map_err(|e| AppError::Unexpected(e.into()))?;
    Ok((super::kept::Answer::json(body).with_link(link), scope))
}

/// Read one observation
///
/// Its version is sent as the `ETag`: send it back in `If-Match` to change it.
#[utoipa::path(
    get,
    path = "/api/v1/observations/{id}",
    tag = "observations",
    operation_id = "get_observation",
    params(("id" = Uuid, Path, description = "The observation's id")),
    responses(
        (status = 200, description = "The observation", body = ObservationBody,
         headers(("ETag" = String, description = "The version, quoted: send it back in If-Match"))),
        (status = 404, response = NotFound),
    )
)]
async fn read(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let observation = store::observations::get(
        &state.pool,
        parse_id(&id)?,
        principal.read_scope(),
        principal.caller.organisation_id,
    )
    .await?
    .ok_or_else(|| AppError::NotFound(crate::domain::Missing::Observation))?;
    // Another program's observation is not found here (rights are per program).
    if !store::program::indicator_in_program(
        &state.pool,
        observation.indicator_id,
        request_program()?.id,
    )
    .await?
    {
        return Err(AppError::NotFound(crate::domain::Missing::Observation).into());
    }
    Ok(observation_response(StatusCode::OK, &observation, note_reader(&principal)).into_response())
}

/// Create one observation
///
/// For the token's organisation, as a draft or submitted. One already reported for the
/// indicator and period is a conflict (409): change that one (PUT) instead.
#[utoipa::path(
    post,
    path = "/api/v1/observations",
    tag = "observations",
    operation_id = "create_observation",
    request_body(content = ObservationInput, description = "The figure", content_type = "application/json"),
    params(("Idempotency-Key" = Option<String>, Header, nullable = false, min_length = 1, max_length = 255, pattern = "^[!-~]([ -~]*[!-~])?$", description = "Makes a retry safe: the same key with the same body replays the first answer")),
    responses(
        (status = 201, description = "Created", body = ObservationBody,
         headers(("ETag" = String, description = "The version, quoted"),
                 ("Location" = String, description = "The new observation's address"))),
        (status = 409, response = Conflict),
    )
)]
async fn create(
    State(state): State<AppState>,
    principal: Principal,
    context: AuditOrigin,
    key: IdempotencyKey,
    body: JsonBody<ObservationInput>,
) -> Result<Response, ApiError> {
    require_unit(&body.value)?;
    let path = "/api/v1/observations";
    let mut write = match idempotency::begin(
        &state,
        principal.caller.organisation_id,
        &key,
        &Method::POST,
        path,
        &body.hash,
    )
    .await?
    {
        Begun::Replay(response) => return Ok(response),
        Begun::Fresh(write) => write,
    };
    let observation = reports::create(
        &mut write.tx,
        &reporter(&principal),
        &context,
        state.clock.now(),
        &body.value,
    )
    .await?;
    let response = observation_response(StatusCode::CREATED, &observation, note_reader(&principal))
        .with_location(format!("/api/v1/observations/{}", observation.id));
    write.commit(response).await
}

/// Change a draft or returned observation
///
/// A returned one is corrected this way; send `"status": "submitted"` to resubmit it. The
/// whole figure is replaced; the indicator and period must stay. Needs `If-Match` with the
/// version read (428 without, 412 when stale). Submitted and approved observations cannot be
/// changed (409).
#[utoipa::path(
    put,
    path = "/api/v1/observations/{id}",
    tag = "observations",
    operation_id = "update_observation",
    params(
        ("id" = Uuid, Path, description = "The observation's id"),
        ("If-Match" = String, Header, pattern = r#"^((W/)?"[0-9]{1,9}"|[0-9]{1,9})$"#, description = "The ETag read, e.g. \"3\" (not `*`: a change must name the version it was made from)"),
        ("Idempotency-Key" = Option<String>, Header, nullable = false, min_length = 1, max_length = 255, pattern = "^[!-~]([ -~]*[!-~])?$", description = "Makes a retry safe"),
    ),
    request_body(content = ObservationInput, content_type = "application/json"),
    responses(
        (status = 200, description = "Changed", body = ObservationBody,
         headers(("ETag" = String, description = "The new version, quoted"))),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 412, response = PreconditionFailed),
        (status = 428, response = PreconditionRequired),
    )
)]
async fn update(
    State(state): State<AppState>,
    principal: Principal,
    context: AuditOrigin,
    Path(id): Path<String>,
    if_match: IfMatch,
    key: IdempotencyKey,
    body: JsonBody<ObservationInput>,
) -> Result<Response, ApiError> {
    let id = parse_id(&id)?;
    let expected = if_match.0.ok_or_else(ApiError::precondition_required)?;
    require_unit(&body.value)?;
    let path = format!("/api/v1/observations/{id}");
    let mut write = match idempotency::begin(
        &state,
        principal.caller.organisation_id,
        &key,
        &Method::PUT,
        &path,
        &body.hash,
    )
    .await?
    {
        Begun::Replay(response) => return Ok(response),
        Begun::Fresh(write) => write,
    };
    let observation = reports::update(
        &mut write.tx,
        &reporter(&principal),
        &context,
        state.clock.now(),
        id,
        expected,
        &body.value,
    )
    .await?;
    write
        .commit(observation_response(
            StatusCode::OK,
            &observation,
            note_reader(&principal),
        ))
        .await
}

/// An optional body of a state change.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubmitRequest {}

/// Submit a draft for review
///
/// A draft, or a returned observation as it stands. The period must have ended. `If-Match` is
/// checked when sent (recommended).
#[utoipa::path(
    post,
    path = "/api/v1/observations/{id}/submit",
    tag = "observations",
    operation_id = "submit_observation",
    params(
        ("id" = Uuid, Path, description = "The observation's id"),
        ("If-Match" = Option<String>, Header, nullable = false, pattern = r#"^(\*|(W/)?"[0-9]{1,9}"|[0-9]{1,9})$"#, description = "The ETag read, e.g. \"3\""),
        ("Idempotency-Key" = Option<String>, Header, nullable = false, min_length = 1, max_length = 255, pattern = "^[!-~]([ -~]*[!-~])?$", description = "Makes a retry safe"),
    ),
    responses(
        (status = 200, description = "Submitted", body = ObservationBody,
         headers(("ETag" = String, description = "The new version, quoted"))),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 412, response = PreconditionFailed),
    )
)]
async fn submit(
    State(state): State<AppState>,
    principal: Principal,
    context: AuditOrigin,
    Path(id): Path<String>,
    if_match: IfMatch,
    key: IdempotencyKey,
    body: OptionalJsonBody<SubmitRequest>,
) -> Result<Response, ApiError> {
    let id = parse_id(&id)?;
    let path = format!("/api/v1/observations/{id}/submit");
    let mut write = match idempotency::begin(
        &state,
        principal.caller.organisation_id,
        &key,
        &Method::POST,
        &path,
        &body.hash,
    )
    .await?
    {
        Begun::Replay(response) => return Ok(response),
        Begun::Fresh(write) => write,
    };
    let observation = reports::submit(
        &mut write.tx,
        &reporter(&principal),
        &context,
        state.clock.now(),
        id,
        if_match.0,
    )
    .await?;
    write
        .commit(observation_response(
            StatusCode::OK,
            &observation,
            note_reader(&principal),
        ))
        .await
}

/// One version of an observation: who changed it, when, why, and what it was and became.
#[derive(Debug, Serialize, ToSchema)]
pub struct RevisionBody {
    pub version: i32,
    /// create, update, submit, approve, return or reopen.
    pub action: String,
    pub changed_by: String,
    pub changed_at: DateTime<Utc>,
    pub reason: Option<String>,
    /// The stored row before the change (null for the creation).
    #[schema(value_type = Option<Object>)]
    pub before: Option<serde_json::Value>,
    /// The stored row after the change.
    #[schema(value_type = Object)]
    pub after: serde_json::Value,
}

/// Read an observation's history
///
/// Every version, oldest first: who changed it, when, why, before and after.
#[utoipa::path(
    get,
    path = "/api/v1/observations/{id}/revisions",
    tag = "observations",
    operation_id = "list_observation_revisions",
    params(("id" = Uuid, Path, description = "The observation's id")),
    responses(
        (status = 200, description = "Every revision, oldest first", body = Vec<RevisionBody>),
        (status = 404, response = NotFound),
    )
)]
async fn history(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let id = parse_id(&id)?;
    let observation = store::observations::get(
        &state.pool,
        id,
        principal.read_scope(),
        principal.caller.organisation_id,
    )
    .await?
    .ok_or_else(|| AppError::NotFound(crate::domain::Missing::Observation))?;
    let reader = note_reader(&principal);
    let revisions = store::observations::revisions(&state.pool, id).await?;
    // Which versions hold a reviewers' own note: hidden, with their reasons, from everyone
    // else (`auth::policy::may_read_note`).
    let internal = policy::internal_notes_by_version(revisions.iter().map(|r| r.action.as_str()));
    let readable = |version_index: Option<usize>| {
        version_index.is_none_or(|i| {
            policy::may_read_note(
                reader,
                internal.get(i).copied().unwrap_or(false),
                observation.organisation_id,
            )
        })
    };
    let hide_note = |row: &mut serde_json::Value| {
        if let Some(note) = row.get_mut("review_note") {
            *note = serde_json::Value::Null;
        }
    };
    let revisions: Vec<RevisionBody> = revisions
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            let mut before = r.before;
            let mut after = r.after;
            if let Some(row) = before.as_mut().filter(|_| !readable(i.checked_sub(1))) {
                hide_note(row);
            }
            if !readable(Some(i)) {
                hide_note(&mut after);
            }
            RevisionBody {
                version: r.version,
                reason: r.reason.filter(|_| {
                    policy::may_read_reason(reader, &r.action, observation.organisation_id)
                }),
                action: r.action,
                changed_by: r.changed_by,
                changed_at: r.changed_at,
                before,
                after,
            }
        })
        .collect();
    Ok(JsonResponse::new(StatusCode::OK, &revisions).into_response())
}

/// The request's program (`auth::program`): the token's, or the one it asked for.
fn request_program() -> Result<crate::store::program::Program, ApiError> {
    crate::auth::program::current()?
        .ok_or_else(|| ApiError::App(AppError::NotFound(crate::domain::Missing::Program)))
}
