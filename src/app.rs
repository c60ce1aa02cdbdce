//! The application: the one router that merges every area's routes, with the layers every
//! request passes through. The state they share is in `crate::state`.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use tower::{Layer, Service, ServiceBuilder};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::timeout::TimeoutLayer;
use tracing::Instrument;

use crate::auth::{client, csrf, edge, headers, session};
use crate::error::{self, LOCALE, REQUEST, RequestInfo};
use crate::state::AppState;
use crate::web::layout;

pub use crate::api::BODY_LIMIT;

const REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// The whole URL space: each area's `router()` merged here, then the common layers.
///
/// Every layer costs each request an allocation and a boxed future, so the checks every
/// request passes are folded into two of ours (`frame` outside the routing, `admit` inside
/// it), each a plain sequence of the steps it names.
pub fn router(state: AppState, request_timeout: Duration) -> Router {
    Router::new()
        .merge(crate::web::router())
        .merge(crate::api::router(state.clone()))
        .fallback(error::not_found_page)
        // After every merge: it reaches the routes present when it is called.
        .method_not_allowed_fallback(error::method_not_allowed)
        .layer(AdmitLayer {
            state: Arc::new(state.clone()),
        })
        .with_state(state)
        .layer(
            ServiceBuilder::new()
                .layer(FrameLayer)
                .layer(CatchPanicLayer::custom(error::panic_response))
                .layer(TimeoutLayer::with_status_code(
                    StatusCode::REQUEST_TIMEOUT,
                    request_timeout,
                ))
                .layer(DefaultBodyLimit::max(BODY_LIMIT)),
        )
}

/// The outermost layer, [`frame`] as a service: one boxed future per request where the request
/// id's two layers, the trace layer and a `from_fn` layer made four.
#[derive(Clone, Copy)]
struct FrameLayer;

impl<S> Layer<S> for FrameLayer {
    type Service = Frame<S>;

    fn layer(&self, inner: S) -> Frame<S> {
        Frame { inner }
    }
}

#[derive(Clone)]
struct Frame<S> {
    inner: S,
}

impl<S, B> Service<Request> for Frame<S>
where
    S: Service<Request, Response = axum::http::Response<B>, Error = Infallible>
        + Clone
        + Send
        + 'static,
    S::Future: Send + 'static,
    B: axum::body::HttpBody<Data = axum::body::Bytes> + Send + 'static,
    B::Error: Into<axum::BoxError>,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        // The clone that was made ready answers this request; a fresh clone waits for the next.
        let clone = self.inner.clone();
        let inner = std::mem::replace(&mut self.inner, clone);
        Box::pin(async move { Ok(frame(inner, req).await) })
    }
}

/// Every answer's frame: the request id — the client's `X-Request-Id` kept, else a fresh
/// one — sent back on the answer, and the request's log span; whether this is an API call and
/// a first choice of language, made readable by error responses — which show the id, so that
/// a user's report can be matched with the log line that holds the cause; a head longer than
/// we read refused (414, 431) before anything reads it; the framework's own bare errors (405,
/// a timeout, an extractor's text) shaped like ours; the security headers on all.
async fn frame<S, B>(mut inner: S, mut req: Request) -> Response
where
    S: Service<Request, Response = axum::http::Response<B>, Error = Infallible>,
    B: axum::body::HttpBody<Data = axum::body::Bytes> + Send + 'static,
    B::Error: Into<axum::BoxError>,
{
    let id_header = match req.headers().get(REQUEST_ID_HEADER) {
        Some(given) => given.clone(),
        None => {
            let mut text = uuid::Uuid::encode_buffer();
            let text = uuid::Uuid::new_v4().hyphenated().encode_lower(&mut text);
            let made = HeaderValue::from_str(text).expect("a UUID is a valid header value");
            req.headers_mut().insert(REQUEST_ID_HEADER, made.clone());
            made
        }
    };
    let id = id_header.to_str().unwrap_or("-").to_string();
    let span = tracing::info_span!("request", request_id = id.as_str(), method = %req.method(), path = %req.uri().path());
    let api = req.uri().path().starts_with("/api/");
    let locale = layout::first_language(&mut req);
    let answer = async move {
        match edge::oversized_head(&req) {
            Some(refusal) => refusal.into_response(),
            None => {
                // `Frame::call` was handed a service made ready.
                let response = match inner.call(req).await {
                    Ok(response) => response.map(Body::new),
                    Err(never) => match never {},
                };
                error::shape_bare_error(response).await
            }
        }
    };
    let mut response = REQUEST
        .scope(RequestInfo { id, api }, LOCALE.scope(locale, answer))
        .instrument(span.clone())
        .await;
    let headers = response.headers_mut();
    headers::add_security_headers(headers);
    if !headers.contains_key(REQUEST_ID_HEADER) {
        headers.insert(REQUEST_ID_HEADER, id_header);
    }
    let _entered = span.enter();
    tracing::debug!(
        status = response.status().as_u16(),
        "finished processing request"
    );
    response
}

/// The layer inside the routing, [`admit`] as a service: a `from_fn` layer cloned the whole
/// state twice per request (the layer's copy and the `State` extractor's) and boxed a second
/// future; this holds the state behind one `Arc`.
#[derive(Clone)]
struct AdmitLayer {
    state: Arc<AppState>,
}

impl<S> Layer<S> for AdmitLayer {
    type Service = Admit<S>;

    fn layer(&self, inner: S) -> Admit<S> {
        Admit {
            inner,
            state: self.state.clone(),
        }
    }
}

#[derive(Clone)]
struct Admit<S> {
    inner: S,
    state: Arc<AppState>,
}

impl<S> Service<Request> for Admit<S>
where
    S: Service<Request, Response = Response, Error = Infallible> + Clone + Send + 'static,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        // As in `Frame::call`: the ready clone answers, a fresh one waits for the next request.
        let clone = self.inner.clone();
        let inner = std::mem::replace(&mut self.inner, clone);
        let state = self.state.clone();
        Box::pin(async move { Ok(admit(state, inner, req).await) })
    }
}

/// Admits a request to the routes, in order: while the database is known to be down (its
/// supervisor restarting it), 503 with `Retry-After` at once rather than a wait for a
/// connection (`/healthz`, which says whether the process answers, stays served); the client's
/// address resolved (trusted proxies considered) for throttling and the audit log; input no
/// handler or database may see (NUL characters) refused; the session's user found and the
/// permission rule applied (`session::admit`); then, the user known, the request's language
/// (the account's preference counts) and the CSRF check of state-changing browser requests,
/// refused in that language. One layer: each `from_fn` layer costs every request a clone of
/// the routes below it and a boxed future.
async fn admit<S>(state: Arc<AppState>, mut inner: S, mut req: Request) -> Response
where
    S: Service<Request, Response = Response, Error = Infallible>,
{
    if state.database.is_down() && req.uri().path() != "/healthz" {
        return error::AppError::Unavailable("the database is restarting".into()).into_response();
    }
    client::resolve(&state.sessions, &mut req);
    // Anything but a read may write: its answer leaves once this instance has heard the write.
    let may_write = !req.method().is_safe();
    let req = match edge::screen(req).await {
        Ok(req) => req,
        Err(refusal) => return refusal,
    };
    let mut req = match session::admit(
        &state.pool,
        &state.clock,
        &state.sessions,
        &state.page_cache,
        req,
    )
    .await
    {
        Ok(req) => req,
        Err(answer) => return answer,
    };
    let choice = layout::choose_language(&mut req);
    let program_cookie = crate::auth::program::remembered(req.extensions().get());
    let programs = req
        .extensions()
        .get::<crate::auth::program::ProgramScope>()
        .cloned();
    let answer = async move {
        match csrf::screen(req).await {
            Ok(req) => {
                let answer = async move {
                    match inner.call(req).await {
                        Ok(response) => response,
                        Err(never) => match never {},
                    }
                };
                crate::auth::program::within(programs, answer).await
            }
            Err(refusal) => refusal,
        }
    };
    let mut response = if choice.changed {
        LOCALE.scope(choice.locale, answer).await
    } else {
        answer.await
    };
    layout::mark_language(&mut response, choice);
    if let Some(cookie) = program_cookie {
        response
            .headers_mut()
            .append(axum::http::header::SET_COOKIE, cookie);
    }
    if may_write {
        crate::api::after_write(&state).await;
    }
    response
}
