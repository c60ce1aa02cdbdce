//! The application: the one router that merges every area's routes, with the layers every
//! request passes through. The state they share is in `crate::state`.

use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderName, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{
    MakeRequestUuid, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::auth::{client, csrf, edge, headers, session};
use crate::error::{self, REQUEST, RequestInfo};
use crate::state::AppState;
use crate::web::layout;

pub use crate::api::BODY_LIMIT;

const REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// The whole URL space: each area's `router()` merged here, then the common layers.
pub fn router(state: AppState, request_timeout: Duration) -> Router {
    Router::new()
        .merge(crate::web::router())
        .merge(crate::api::router(state.clone()))
        .fallback(error::not_found_page)
        // After every merge: it reaches the routes present when it is called.
        .method_not_allowed_fallback(error::method_not_allowed)
        // Inner to outer: CSRF needs the user the session layer found; the language (which may
        // be the user's) wraps CSRF so that its refusals are in the reader's language.
        .layer(middleware::from_fn(csrf::verify))
        .layer(middleware::from_fn(layout::remember_language))
        .layer(middleware::from_fn_with_state(state.clone(), session::authenticate))
        // Before anything reads the request: input no handler or database may see.
        .layer(middleware::from_fn(edge::refuse_nul))
        // Who the client is (trusted proxies considered), for throttling and the audit log.
        .layer(middleware::from_fn_with_state(state.clone(), client::resolve))
        // Outermost of the routes' layers: while the database is known to be down nothing
        // below may wait for a connection; the refusal still gets the request id, the
        // reader's language and the security headers from the layers outside.
        .layer(middleware::from_fn_with_state(state.clone(), refuse_while_database_down))
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
                .layer(middleware::from_fn(headers::security_headers))
                .layer(middleware::from_fn(scope_request_id))
                .layer(middleware::from_fn(layout::choose_language))
                .layer(middleware::from_fn(error::shape_bare_errors))
                .layer(CatchPanicLayer::custom(error::panic_response))
                .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, request_timeout))
                .layer(DefaultBodyLimit::max(BODY_LIMIT)),
        )
}

/// Answers 503 with `Retry-After` at once while the database is known to be down (its
/// supervisor is restarting it), rather than letting the request wait for a connection.
/// `/healthz` says whether the process answers, so it stays served.
async fn refuse_while_database_down(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    if state.database.is_down() && req.uri().path() != "/healthz" {
        return error::AppError::Unavailable("the database is restarting".into()).into_response();
    }
    next.run(req).await
}

/// Makes the request id (and whether this is an API call) readable by error responses, which
/// show the id so that a user's report can be matched with the log line that holds the cause.
async fn scope_request_id(req: Request, next: Next) -> Response {
    let id = req
        .extensions()
        .get::<RequestId>()
        .and_then(|id| id.header_value().to_str().ok())
        .unwrap_or("-")
        .to_string();
    let api = req.uri().path().starts_with("/api/");
    REQUEST.scope(RequestInfo { id, api }, next.run(req)).await
}
