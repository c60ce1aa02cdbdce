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

use super::json::JsonBody;
use super::openapi::{Conflict, NotFound};
use super::principal::Principal;
use super::problem::ApiError;
use crate::domain::{Actor, AuditOrigin, Denied, Missing};
use crate::error::AppError;
use crate::state::AppState;
use crate::store;
use crate::workflow::publication::{self, Publisher};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list, publish))
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
/// Every statement and restatement published, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/publications",
    tag = "publication",
    operation_id = "list_publications",
    responses((status = 200, description = "Publications, newest first", body = [PublicationBody]))
)]
async fn list(
    State(state): State<AppState>,
    _principal: Principal,
) -> Result<Json<Vec<PublicationBody>>, ApiError> {
    let program = store::program::main_program(&state.pool)
        .await?
        .ok_or(AppError::NotFound(Missing::Program))?;
    let rows = store::transparency::publications(&state.pool, program.id).await?;
    Ok(Json(
        rows.into_iter()
            .map(|r| PublicationBody {
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
    let program = store::program::main_program(&state.pool)
        .await?
        .ok_or(AppError::NotFound(Missing::Program))?;
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
