//! The documented resources: each resource module's routes merged with the OpenAPI document
//! they make up, so the document describes exactly the routes that exist.

use axum::Router;
use utoipa_axum::router::OpenApiRouter;

use super::{
    activity, assignments, catalogue, directory, exports, flows, imports, inventories, me,
    observation_batches, observations, openapi, parks, publications, reviews, series,
};
use crate::state::AppState;

/// Every documented API route, with the OpenAPI document they make up.
pub(super) fn documented() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    OpenApiRouter::with_openapi(openapi::base())
        .merge(me::router())
        .merge(catalogue::router())
        .merge(series::router())
        .merge(directory::router())
        .merge(assignments::router())
        .merge(observations::router())
        .merge(observation_batches::router())
        .merge(reviews::router())
        .merge(imports::router())
        .merge(exports::router())
        .merge(publications::router())
        .merge(inventories::router())
        .merge(activity::router())
        .merge(flows::router())
        .merge(parks::router())
        .split_for_parts()
}

/// The OpenAPI 3.1 document of the API, generated from the handlers.
pub fn openapi_document() -> utoipa::openapi::OpenApi {
    let (_, mut document) = documented();
    openapi::finish(&mut document);
    document
}
