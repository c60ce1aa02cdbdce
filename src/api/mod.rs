//! The JSON API under `/api/v1`: bearer tokens, scoped to the token's organisation; errors as
//! `application/problem+json`; writes honour `Idempotency-Key`, updates `If-Match`. Each
//! resource module registers its handlers with the OpenAPI document (utoipa), so the document
//! served at `/api/v1/openapi.json` and the reference page at `/api/docs` describe exactly the
//! routes that exist.

mod assignments;
mod catalogue;
mod directory;
mod idempotency;
mod json;
mod me;
mod observations;
pub mod openapi;
mod problem;
mod reference;
mod reviews;

use axum::Router;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use utoipa_axum::router::OpenApiRouter;
use uuid::Uuid;

use crate::auth::{ApiCaller, policy, token};
use crate::error::AppError;
use crate::reporting::review::MANAGING_ROLES;
use crate::state::AppState;
use crate::store;
use problem::ApiError;

/// Every documented API route, with the OpenAPI document they make up.
fn documented() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    OpenApiRouter::with_openapi(openapi::base())
        .merge(me::router())
        .merge(catalogue::router())
        .merge(directory::router())
        .merge(assignments::router())
        .merge(observations::router())
        .merge(reviews::router())
        .split_for_parts()
}

/// The OpenAPI 3.1 document of the API, generated from the handlers.
pub fn openapi_document() -> utoipa::openapi::OpenApi {
    let (_, mut document) = documented();
    openapi::finish(&mut document);
    document
}

/// Every API route: the resources behind the bearer-token check, and, outside it, the OpenAPI
/// document and the reference page (public: they describe the API, not anyone's data).
pub fn router(state: AppState) -> Router<AppState> {
    let (resources, _) = documented();
    let resources = resources
        .fallback(|| async { AppError::NotFound("This API resource".into()) })
        .layer(middleware::from_fn_with_state(state, authenticate));
    Router::new().merge(resources).merge(reference::router())
}

/// Turns `Authorization: Bearer …` into an [`ApiCaller`]: 401 for a missing, malformed,
/// unknown, expired or revoked token; 403 for a read token on a write; 429 over budget.
async fn authenticate(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let authorization = req.headers().get(header::AUTHORIZATION).cloned();
    match caller(&state, authorization).await {
        Ok(caller) => {
            if !policy::decide_api(caller.scope, req.method()) {
                return AppError::Forbidden(
                    "This token may only read; writing needs a token with the write scope.".into(),
                )
                .into_response();
            }
            if let Err(retry_after_secs) = state.api_limiter.check(caller.token_id) {
                return AppError::TooManyRequests {
                    message: "This token has used its request budget; slow down and retry after the given seconds.".into(),
                    retry_after_secs,
                }
                .into_response();
            }
            req.extensions_mut().insert(caller);
            next.run(req).await
        }
        Err(err) => err.into_response(),
    }
}

async fn caller(
    state: &AppState,
    authorization: Option<HeaderValue>,
) -> Result<ApiCaller, AppError> {
    let header = authorization.ok_or_else(|| {
        AppError::Unauthorized("Send an API token: Authorization: Bearer pilar_…".into())
    })?;
    let presented = header
        .to_str()
        .ok()
        .and_then(|h| h.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| token::well_formed(t))
        .ok_or_else(|| {
            AppError::Unauthorized("The Authorization header is not a Pilar bearer token.".into())
        })?;
    let grant = store::tokens::by_hash(&state.pool, &token::hash(presented))
        .await?
        .ok_or_else(|| AppError::Unauthorized("This token is not known.".into()))?;
    if grant.revoked_at.is_some() {
        return Err(AppError::Unauthorized(
            "This token has been revoked.".into(),
        ));
    }
    let now = state.clock.now();
    if grant.expires_at.is_some_and(|at| at <= now) {
        return Err(AppError::Unauthorized("This token has expired.".into()));
    }
    store::tokens::touch(&state.pool, grant.id, now).await?;
    Ok(ApiCaller {
        token_id: grant.id,
        organisation_id: grant.organisation_id,
        label: format!("token {} ({})", grant.name, grant.organisation_code),
        organisation_code: grant.organisation_code,
        scope: grant.scope,
    })
}

/// The caller of a resource handler: the token's organisation, and whether it is a program
/// manager's token (its organisation holds a managing role, see `reporting::review`). A
/// manager reads every organisation's observations and reviews them; a tenant reads and
/// writes its own only.
#[derive(Debug, Clone)]
pub struct Principal {
    pub caller: ApiCaller,
    pub manager: bool,
}

impl Principal {
    /// The organisation a read is confined to: the caller's own for a tenant, none for a
    /// manager.
    pub fn read_scope(&self) -> Option<Uuid> {
        (!self.manager).then_some(self.caller.organisation_id)
    }
}

impl FromRequestParts<AppState> for Principal {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let caller = parts
            .extensions
            .get::<ApiCaller>()
            .cloned()
            .ok_or_else(|| AppError::Unauthorized("Send an API token.".into()))?;
        let roles: Vec<&str> = MANAGING_ROLES.iter().map(|r| r.as_str()).collect();
        let manager =
            store::observations::holds_role(&state.pool, caller.organisation_id, &roles).await?;
        Ok(Principal { caller, manager })
    }
}

/// A path id: one that cannot exist is simply not found, revealing nothing either way.
fn parse_id(raw: &str) -> Result<Uuid, ApiError> {
    raw.parse()
        .map_err(|_| ApiError::App(AppError::NotFound("This observation".into())))
}
