//! The application: shared state and the one router that merges every area's routes, with the
//! layers every request passes through.

use std::time::Duration;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderName, StatusCode};
use axum::middleware::{self, Next};
use axum::response::Response;
use sqlx::PgPool;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{
    MakeRequestUuid, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::domain::clock::Clock;
use crate::error::{self, REQUEST_ID};

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub pool: PgPool,
    /// "Today" for every rule that asks; tests and demonstrations pin it.
    pub clock: Clock,
}

const REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// The whole URL space: each area's `router()` merged here, then the common layers.
pub fn router(state: AppState, request_timeout: Duration) -> Router {
    Router::new()
        .merge(crate::web::router())
        .fallback(error::not_found_page)
        .with_state(state)
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(REQUEST_ID_HEADER, MakeRequestUuid))
                .layer(TraceLayer::new_for_http().make_span_with(|req: &Request| {
                    let request_id = req
                        .extensions()
                        .get::<RequestId>()
                        .and_then(|id| id.header_value().to_str().ok())
                        .unwrap_or("-");
                    tracing::info_span!("request", request_id, method = %req.method(), path = %req.uri().path())
                }))
                .layer(PropagateRequestIdLayer::new(REQUEST_ID_HEADER))
                .layer(middleware::from_fn(scope_request_id))
                .layer(CatchPanicLayer::custom(error::panic_response))
                .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, request_timeout)),
        )
}

/// Makes the request id readable by error pages, which show it so that a user's report can be
/// matched with the log line that holds the cause.
async fn scope_request_id(req: Request, next: Next) -> Response {
    let id = req
        .extensions()
        .get::<RequestId>()
        .and_then(|id| id.header_value().to_str().ok())
        .unwrap_or("-")
        .to_string();
    REQUEST_ID.scope(id, next.run(req)).await
}
