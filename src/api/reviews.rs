//! Reviewing reports through the API: a program manager's `write` token approves a submitted
//! observation, returns it with a note, or reopens an approved one with a reason. Who counts as
//! a program manager, and the rule that nobody reviews their own organisation's report, live in
//! `crate::workflow::reports::review`.

use axum::extract::{Path, State};
use axum::http::{Method, StatusCode};
use axum::response::Response;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::idempotency::{self, Begun};
use super::json::{IdempotencyKey, IfMatch, OptionalJsonBody};
use super::observations::{ObservationBody, observation_response};
use super::openapi::{Conflict, NotFound, PreconditionFailed};
use super::principal::{Principal, parse_id};
use super::problem::ApiError;
use crate::auth::policy::NoteReader;
use crate::domain::{Actor, AuditOrigin};
use crate::error::AppError;
use crate::state::AppState;
use crate::workflow::publication::{self, Publisher};
use crate::workflow::reports::{self, Reviewer};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(approve))
        .routes(routes!(return_observation))
        .routes(routes!(reopen))
}

/// A review decision's note.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewRequest {
    /// Approving: optional. Returning: required — what to correct and why.
    pub note: Option<String>,
}

/// Why an approved observation is reopened.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReopenRequest {
    /// Required: why the approved figure must change.
    pub reason: Option<String>,
}

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

enum Decision {
    Approve,
    Return,
    Reopen,
}

async fn decide(
    state: &AppState,
    principal: &Principal,
    context: &AuditOrigin,
    (id, decision, text): (String, Decision, Option<String>),
    if_match: IfMatch,
    key: &IdempotencyKey,
    body_hash: &[u8; 32],
) -> Result<Response, ApiError> {
    let reviewer = reviewer(principal)?;
    let id = parse_id(&id)?;
    let verb = match decision {
        Decision::Approve => "approve",
        Decision::Return => "return",
        Decision::Reopen => "reopen",
    };
    let path = format!("/api/v1/observations/{id}/{verb}");
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
    let text = text.as_deref();
    let now = state.clock.now();
    let observation = match decision {
        Decision::Approve => {
            let observation =
                reports::approve(&mut write.tx, &reviewer, context, now, id, if_match.0, text)
                    .await?;
            // A figure of a published period changed: its restatement commits with the
            // approval.
            let publisher = Publisher {
                signer: &state.log_signer,
                actor: &reviewer.actor,
                context,
                now,
            };
            publication::restate_after_approvals(
                &state.pool,
                &mut write.tx,
                &publisher,
                &[(
                    observation.indicator_id,
                    observation.period_start,
                    observation.period_end,
                )],
            )
            .await?;
            observation
        }
        Decision::Return => {
            reports::return_for_correction(
                &mut write.tx,
                &reviewer,
                context,
                now,
                id,
                if_match.0,
                text,
            )
            .await?
        }
        Decision::Reopen => {
            reports::reopen(&mut write.tx, &reviewer, context, now, id, if_match.0, text).await?
        }
    };
    write
        .commit(observation_response(
            StatusCode::OK,
            &observation,
            NoteReader::Reviewer,
        ))
        .await
}

/// Approve a submitted observation
///
/// Program managers' tokens only. It counts in the official figures from then on and is
/// locked. Nobody approves their own organisation's report (403).
#[utoipa::path(
    post,
    path = "/api/v1/observations/{id}/approve",
    tag = "review",
    operation_id = "approve_observation",
    params(
        ("id" = Uuid, Path, description = "The observation's id"),
        ("If-Match" = Option<String>, Header, nullable = false, pattern = r#"^(\*|(W/)?"[0-9]{1,9}"|[0-9]{1,9})$"#, description = "The ETag reviewed, e.g. \"3\" (recommended: approve exactly what you read)"),
        ("Idempotency-Key" = Option<String>, Header, nullable = false, min_length = 1, max_length = 255, pattern = "^[!-~]([ -~]*[!-~])?$", description = "Makes a retry safe"),
    ),
    request_body(content = Option<ReviewRequest>, content_type = "application/json"),
    responses(
        (status = 200, description = "Approved", body = ObservationBody),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 412, response = PreconditionFailed),
    )
)]
async fn approve(
    State(state): State<AppState>,
    principal: Principal,
    context: AuditOrigin,
    Path(id): Path<String>,
    if_match: IfMatch,
    key: IdempotencyKey,
    body: OptionalJsonBody<ReviewRequest>,
) -> Result<Response, ApiError> {
    let note = body.value.note;
    decide(
        &state,
        &principal,
        &context,
        (id, Decision::Approve, note),
        if_match,
        &key,
        &body.hash,
    )
    .await
}

/// Return a submitted observation for correction
///
/// Program managers' tokens only; the note (required) tells the organisation what to
/// correct.
#[utoipa::path(
    post,
    path = "/api/v1/observations/{id}/return",
    tag = "review",
    operation_id = "return_observation",
    params(
        ("id" = Uuid, Path, description = "The observation's id"),
        ("If-Match" = Option<String>, Header, nullable = false, pattern = r#"^(\*|(W/)?"[0-9]{1,9}"|[0-9]{1,9})$"#, description = "The ETag reviewed, e.g. \"3\""),
        ("Idempotency-Key" = Option<String>, Header, nullable = false, min_length = 1, max_length = 255, pattern = "^[!-~]([ -~]*[!-~])?$", description = "Makes a retry safe"),
    ),
    request_body(content = ReviewRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "Returned to the organisation", body = ObservationBody),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 412, response = PreconditionFailed),
    )
)]
async fn return_observation(
    State(state): State<AppState>,
    principal: Principal,
    context: AuditOrigin,
    Path(id): Path<String>,
    if_match: IfMatch,
    key: IdempotencyKey,
    body: OptionalJsonBody<ReviewRequest>,
) -> Result<Response, ApiError> {
    let note = body.value.note;
    decide(
        &state,
        &principal,
        &context,
        (id, Decision::Return, note),
        if_match,
        &key,
        &body.hash,
    )
    .await
}

/// Reopen an approved observation
///
/// Program managers' tokens only, with a reason (required): it leaves the official figures
/// and goes back to its organisation as returned, the reason as its note.
#[utoipa::path(
    post,
    path = "/api/v1/observations/{id}/reopen",
    tag = "review",
    operation_id = "reopen_observation",
    params(
        ("id" = Uuid, Path, description = "The observation's id"),
        ("If-Match" = Option<String>, Header, nullable = false, pattern = r#"^(\*|(W/)?"[0-9]{1,9}"|[0-9]{1,9})$"#, description = "The ETag read, e.g. \"3\""),
        ("Idempotency-Key" = Option<String>, Header, nullable = false, min_length = 1, max_length = 255, pattern = "^[!-~]([ -~]*[!-~])?$", description = "Makes a retry safe"),
    ),
    request_body(content = ReopenRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "Reopened: now returned", body = ObservationBody),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 412, response = PreconditionFailed),
    )
)]
async fn reopen(
    State(state): State<AppState>,
    principal: Principal,
    context: AuditOrigin,
    Path(id): Path<String>,
    if_match: IfMatch,
    key: IdempotencyKey,
    body: OptionalJsonBody<ReopenRequest>,
) -> Result<Response, ApiError> {
    let reason = body.value.reason;
    decide(
        &state,
        &principal,
        &context,
        (id, Decision::Reopen, reason),
        if_match,
        &key,
        &body.hash,
    )
    .await
}
