//! Publishing through the API: a program manager's `write` token publishes a quarter or a
//! year into the transparency log, and any token lists what is published. The rules are
//! `crate::workflow::publication`'s; the log itself is public under `/transparency/…`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use axum::extract::Path;
use axum::http::Method;

use super::idempotency::{self, Begun, JsonResponse};
use super::json::IdempotencyKey;
use super::json::JsonBody;
use super::openapi::{Conflict, NotFound};
use super::principal::{AnyCaller, Attester, Principal};
use super::problem::ApiError;
use crate::domain::kinds::Assurance;
use crate::domain::{Actor, AuditOrigin, Denied, Missing};
use crate::error::AppError;
use crate::error::FieldMessage;
use crate::state::AppState;
use crate::store;
use crate::workflow::publication::{self, Publisher};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, publish))
        .routes(routes!(attest))
}

/// The period to publish.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PublishRequest {
    /// A quarter (`2026-Q1`) or a year (`2026`) that has ended.
    #[schema(example = "2026-Q1")]
    pub period: String,
}

/// A statement or restatement in the transparency log.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicationBody {
    /// The publication's id: `POST /api/v1/publications/{id}/attestations` attests it.
    pub id: Uuid,
    /// `2026-Q1` or `2026`.
    pub period: String,
    /// `statement` or `restatement`.
    pub kind: String,
    /// Its index in the transparency log: `GET /transparency/entries/{entry}`.
    pub entry: i64,
    pub published_at: String,
}

/// What publishing appended.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublishedBody {
    pub period: String,
    pub entry: u64,
    /// The log's size after the append, and its signed checkpoint (C2SP tlog-checkpoint).
    pub tree_size: u64,
    pub checkpoint: String,
}

/// List publications
///
/// Every statement and restatement published, newest first. Any token may list them, a
/// verifier account's included.
#[utoipa::path(
    get,
    path = "/api/v1/publications",
    tag = "publication",
    operation_id = "list_publications",
    responses((status = 200, description = "Publications, newest first", body = [PublicationBody]))
)]
async fn list(
    State(state): State<AppState>,
    _caller: AnyCaller,
) -> Result<Json<Vec<PublicationBody>>, ApiError> {
    let program = crate::auth::program::current()?.ok_or(AppError::NotFound(Missing::Program))?;
    let rows = store::transparency::publications(&state.pool, program.id).await?;
    Ok(Json(
        rows.into_iter()
            .map(|r| PublicationBody {
                id: r.id,
                period: r.period_label,
                kind: r.kind,
                entry: r.entry_position,
                published_at: r.published_at.to_rfc3339(),
            })
            .collect(),
    ))
}

/// Publish a period
///
/// Program managers' `write` tokens only. Freezes the period's publishable park figures
/// (approved, coverage met, at least three organisations or the park office) as a statement
/// in the transparency log. A period is published once (409 after); a later change of one of
/// its figures is published as a restatement when the corrected report is approved.
#[utoipa::path(
    post,
    path = "/api/v1/publications",
    tag = "publication",
    operation_id = "publish_period",
    request_body(content = PublishRequest, content_type = "application/json"),
    responses(
        (status = 201, description = "Published", body = PublishedBody),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
    )
)]
async fn publish(
    State(state): State<AppState>,
    principal: Principal,
    context: AuditOrigin,
    body: JsonBody<PublishRequest>,
) -> Result<Response, ApiError> {
    if !principal.manager {
        return Err(ApiError::App(AppError::Forbidden(Denied::ReviewersOnly)));
    }
    let program = crate::auth::program::current()?.ok_or(AppError::NotFound(Missing::Program))?;
    let label = body.value.period.trim().to_owned();
    let Some(period) = publication::parse_period(&label) else {
        return Err(ApiError::App(AppError::NotFound(Missing::Period(label))));
    };
    let actor = Actor::from(&principal.caller);
    let publisher = Publisher {
        signer: &state.log_signer,
        actor: &actor,
        context: &context,
        now: state.clock.now(),
    };
    let appended = publication::publish(
        &state.pool,
        &publisher,
        &program,
        &period,
        state.clock.today(),
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(PublishedBody {
            period: publication::period_label(&period),
            entry: appended.position,
            tree_size: appended.size,
            checkpoint: appended.checkpoint,
        }),
    )
        .into_response())
}

/// The assurance an attestation gives (ISAE 3000).
#[derive(Debug, Clone, Copy, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum AssuranceScope {
    /// Limited assurance (a review).
    Limited,
    /// Reasonable assurance (an audit).
    Reasonable,
}

impl From<AssuranceScope> for Assurance {
    fn from(scope: AssuranceScope) -> Self {
        match scope {
            AssuranceScope::Limited => Assurance::Limited,
            AssuranceScope::Reasonable => Assurance::Reasonable,
        }
    }
}

/// An attestation of a published statement.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttestationRequest {
    pub assurance: AssuranceScope,
    /// What was checked and what was found; at most 2000 characters. Public: it goes into
    /// the transparency log.
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub note: String,
}

/// What attesting appended.
#[derive(Debug, Serialize, ToSchema)]
pub struct AttestedBody {
    /// The attestation's own index in the transparency log.
    pub entry: u64,
    /// The index of the statement (or restatement) it attests.
    pub statement_entry: u64,
    pub assurance: AssuranceScope,
    /// The verifier account whose name the entry carries.
    pub attested_by: String,
    /// The log's size after the append, and its signed checkpoint (C2SP tlog-checkpoint).
    pub tree_size: u64,
    pub checkpoint: String,
}

/// Attest a publication
///
/// Tokens issued for a verifier account (an independent assurance provider) only; any
/// other token gets 403. Appends an attestation of the statement or restatement to the
/// transparency log, as the `/attest` page does: the assurance (limited or reasonable), the
/// note and the verifier's name (never an email), with the statement's leaf hash.
#[utoipa::path(
    post,
    path = "/api/v1/publications/{id}/attestations",
    tag = "publication",
    operation_id = "attest_publication",
    params(
        ("id" = Uuid, Path, description = "The publication's id (`GET /api/v1/publications`)"),
        ("Idempotency-Key" = Option<String>, Header, nullable = false, min_length = 1, max_length = 255, pattern = "^[!-~]([ -~]*[!-~])?$", description = "Makes a retry safe: the same key with the same body replays the first answer"),
    ),
    request_body(content = AttestationRequest, content_type = "application/json"),
    responses(
        (status = 201, description = "Attested", body = AttestedBody,
         headers(("Location" = String, description = "The attestation's entry in the transparency log"))),
        (status = 404, response = NotFound),
    )
)]
async fn attest(
    State(state): State<AppState>,
    attester: Attester,
    context: AuditOrigin,
    Path(id): Path<String>,
    key: IdempotencyKey,
    body: JsonBody<AttestationRequest>,
) -> Result<Response, ApiError> {
    let publication_id: Uuid = id
        .parse()
        .map_err(|_| AppError::NotFound(Missing::Period(id.clone())))?;
    if body.value.note.trim().chars().count() > publication::MAX_NOTE_CHARS {
        return Err(ApiError::App(AppError::Validation(vec![
            FieldMessage::new(
                "/note",
                format!("at most {} characters", publication::MAX_NOTE_CHARS),
            ),
        ])));
    }
    let Some(statement_entry) =
        store::transparency::publication_entry(&state.pool, publication_id).await?
    else {
        return Err(ApiError::App(AppError::NotFound(Missing::Period(id))));
    };
    let path = format!("/api/v1/publications/{publication_id}/attestations");
    let mut write = match idempotency::begin(
        &state,
        attester.caller.organisation_id,
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
    let actor = Actor::from(&attester.caller);
    let publisher = Publisher {
        signer: &state.log_signer,
        actor: &actor,
        context: &context,
        now: state.clock.now(),
    };
    let account = publication::AttestingAccount {
        user_id: Some(attester.verifier.user_id),
        name: attester.verifier.display_name.clone(),
    };
    let appended = publication::attest(
        &mut write.tx,
        &publisher,
        &account,
        statement_entry,
        body.value.assurance.into(),
        &body.value.note,
    )
    .await?;
    let response = JsonResponse::new(
        StatusCode::CREATED,
        &AttestedBody {
            entry: appended.position,
            statement_entry,
            assurance: body.value.assurance,
            attested_by: account.name,
            tree_size: appended.size,
            checkpoint: appended.checkpoint,
        },
    )
    .with_location(format!("/transparency/entries/{}", appended.position));
    write.commit(response).await
}
