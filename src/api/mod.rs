//! The JSON API under `/api/v1`: bearer tokens, scoped to the token's organisation; errors as
//! `application/problem+json`; writes honour `Idempotency-Key`, updates `If-Match`. Each
//! resource module registers its handlers with the OpenAPI document (utoipa), so the document
//! served at `/api/v1/openapi.json` and the reference page at `/api/docs` describe exactly the
//! routes that exist.

mod activity;
mod assignments;
mod batch;
mod catalogue;
mod content_coding;
mod directory;
mod exports;
mod flows;
mod idempotency;
mod imports;
mod inventories;
mod json;
mod kept;
mod me;
mod observation_batches;
mod observations;
pub mod openapi;
mod parks;
mod principal;
mod problem;
mod publications;
mod reference;
mod resources;
mod reviews;
mod series;
mod standing;
mod wire_time;

use axum::Router;
use axum::middleware;

use crate::auth::bearer;
use crate::error::AppError;
use crate::state::AppState;

pub use json::BODY_LIMIT;
pub use kept::after_write;
pub use resources::openapi_document;

/// Every API route: the resources behind the bearer-token check, and, outside it, the OpenAPI
/// document and the reference page (public: they describe the API, not anyone's data).
pub fn router(state: AppState) -> Router<AppState> {
    let (resources, _) = resources::documented();
    let resources = resources
        .fallback(|| async { AppError::NotFound(crate::domain::Missing::ApiResource) })
        .layer(middleware::from_fn_with_state(state, bearer::authenticate));
    Router::new().merge(resources).merge(reference::router())
}
