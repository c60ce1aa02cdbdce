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
use crate::error::{self, LOCALE, REQUEST, RequestInfo};
use crate::state::AppState;
use crate::web::layout;

pub use crate::api::BODY_LIMIT;

const REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// The whole URL space: each area's `router()` merged here, then the common layers.
///
/// Every layer costs each request an allocation and a boxed future, so the checks every
/// request passes are folded into three of ours (`frame` outside, `admit` and `after_session`
/// around the session), each a plain sequence of the steps it names.
pub fn router(state: AppState, request_timeout: Duration) -> Router {
    Router::new()
        .merge(crate::web::router())
        .merge(crate::api::router(state.clone()))
        .fallback(error::not_found_page)
        // After every merge: it reaches the routes present when it is called.
        .method_not_allowed_fallback(error::method_not_allowed)
        // Inner to outer: the language and CSRF need the user the session layer found.
        .layer(middleware::from_fn(after_session))
        .layer(middleware::from_fn_with_state(state.clone(), session::authenticate))
        .layer(middleware::from_fn_with_state(state.clone(), admit))
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
                .layer(middleware::from_fn(frame))
                .layer(CatchPanicLayer::custom(error::panic_response))
                .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, request_timeout))
                .layer(DefaultBodyLimit::max(BODY_LIMIT)),
        )
}

/// Every answer's frame: the request id (and whether this is an API call) and a first choice
/// of language made readable by error responses — which show the id, so that a user's report
/// can be matched with the log line that holds the cause; a head longer than we read refused
/// (414, 431) before anything reads it; the framework's own bare errors
/// (405, a timeout, an extractor's text) shaped like ours; the security headers on all.
async fn frame(mut req: Request, next: Next) -> Response {
    let id = req
        .extensions()
        .get::<RequestId>()
        .and_then(|id| id.header_value().to_str().ok())
        .unwrap_or("-")
        .to_string();
    let api = req.uri().path().starts_with("/api/");
    let locale = layout::first_language(&mut req);
    let answer = async move {
        match edge::oversized_head(&req) {
            Some(refusal) => refusal.into_response(),
            None => error::shape_bare_error(next.run(req).await).await,
        }
    };
    let mut response = REQUEST
        .scope(RequestInfo { id, api }, LOCALE.scope(locale, answer))
        .await;
    headers::add_security_headers(response.headers_mut());
    response
}

/// Admits a request to the routes, before anything reads it: while the database is known to
/// be down (its supervisor restarting it), 503 with `Retry-After` at once rather than a wait
/// for a connection (`/healthz`, which says whether the process answers, stays served); the
/// client's address resolved (trusted proxies considered) for throttling and the audit log;
/// input no handler or database may see (NUL characters) refused.
async fn admit(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    if state.database.is_down() && req.uri().path() != "/healthz" {
        return error::AppError::Unavailable("the database is restarting".into()).into_response();
    }
    client::resolve(&state.sessions, &mut req);
    match edge::screen(req).await {
        Ok(req) => next.run(req).await,
        Err(refusal) => refusal,
    }
}

/// With the user known: the request's language (the account's preference counts), then the
/// CSRF check of state-changing browser requests, refused in that language.
async fn after_session(mut req: Request, next: Next) -> Response {
    let choice = layout::choose_language(&mut req);
    let answer = async move {
        match csrf::screen(req).await {
            Ok(req) => next.run(req).await,
            Err(refusal) => refusal,
        }
    };
    let mut response = if choice.changed {
        LOCALE.scope(choice.locale, answer).await
    } else {
        answer.await
    };
    layout::mark_language(&mut response, choice);
    response
}
