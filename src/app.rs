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
/// it), each a plain sequence of the steps it names. A request that takes longer than
/// `request_timeout` is abandoned with 408 (`frame`'s deadline).
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
                .layer(FrameLayer {
                    timeout: request_timeout,
                })
                .layer(DefaultBodyLimit::max(BODY_LIMIT)),
        )
}

/// The outermost layer, [`frame`] as a service: one boxed future per request where the request
/// id's two layers, the trace layer, a `from_fn` layer, the panic guard and the timeout made
/// six.
#[derive(Clone, Copy)]
struct FrameLayer {
    timeout: Duration,
}

impl<S> Layer<S> for FrameLayer {
    type Service = Frame<S>;

    fn layer(&self, inner: S) -> Frame<S> {
        Frame {
            inner,
            timeout: self.timeout,
        }
    }
}

#[derive(Clone)]
struct Frame<S> {
    inner: S,
    timeout: Duration,
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
        let deadline = tokio::time::Instant::now() + self.timeout;
        Box::pin(async move { Ok(frame(inner, req, deadline).await) })
    }
}

/// A fresh request id: a version 4 UUID, as the documents show it, without a system call per
/// request (`Uuid::new_v4` asks the operating system for 16 random bytes each time). A key
/// drawn from the system once per process and a counter, mixed by SplitMix64's finaliser (a
/// bijection of 64 bits): two ids of one process differ; ids of two processes, or of one
/// process restarted, collide no more often than random ones. An id is a label for the log,
/// not a secret (a client may send its own).
fn fresh_request_id() -> uuid::Uuid {
    use std::sync::LazyLock;
    use std::sync::atomic::{AtomicU64, Ordering};
    static KEY: LazyLock<(u64, u64)> = LazyLock::new(|| uuid::Uuid::new_v4().as_u64_pair());
    static COUNT: AtomicU64 = AtomicU64::new(0);
    fn mix(mut z: u64) -> u64 {
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    let n = COUNT.fetch_add(1, Ordering::Relaxed);
    let (high, low) = *KEY;
    let bits = (u128::from(mix(n ^ high)) << 64) | u128::from(mix(n.wrapping_add(low)));
    // The version (4) and variant bits, as `new_v4` sets them.
    uuid::Builder::from_random_bytes(bits.to_be_bytes()).into_uuid()
}

/// The answer of the routes, guarded: a panic in a handler becomes a plain 500 (the panic's
/// message stays in the log: `error::panic_response`), and an answer not ready by `deadline`
/// is given up with a bare 408, shaped like our errors by [`frame`] — what tower-http's
/// `CatchPanicLayer` and `TimeoutLayer` did, in the frame's one boxed future. Apart, the
/// panic layer boxed every answer's body a second time, and the timeout registered a timer
/// in tokio's wheel for every request; here the timer is armed only if the answer is not
/// ready at its first poll (`/healthz`, an asset and a page answered from memory never
/// wait), and the deadline is counted from the request's arrival either way.
async fn guarded<S, B>(inner: &mut S, req: Request, deadline: tokio::time::Instant) -> Response
where
    S: Service<Request, Response = axum::http::Response<B>, Error = Infallible>,
    B: axum::body::HttpBody<Data = axum::body::Bytes> + Send + 'static,
    B::Error: Into<axum::BoxError>,
{
    use std::panic::{AssertUnwindSafe, catch_unwind};
    let answer = match catch_unwind(AssertUnwindSafe(|| inner.call(req))) {
        Ok(answer) => answer,
        Err(panic) => return error::panic_response(panic),
    };
    let mut answer = std::pin::pin!(answer);
    let mut timer = std::pin::pin!(None::<tokio::time::Sleep>);
    std::future::poll_fn(|cx| {
        match catch_unwind(AssertUnwindSafe(|| answer.as_mut().poll(cx))) {
            Ok(Poll::Ready(Ok(response))) => return Poll::Ready(response.map(Body::new)),
            Ok(Poll::Ready(Err(never))) => match never {},
            Ok(Poll::Pending) => {}
            Err(panic) => return Poll::Ready(error::panic_response(panic)),
        }
        if timer.is_none() {
            timer.set(Some(tokio::time::sleep_until(deadline)));
        }
        match timer.as_mut().as_pin_mut().map(|sleep| sleep.poll(cx)) {
            Some(Poll::Ready(())) => Poll::Ready(StatusCode::REQUEST_TIMEOUT.into_response()),
            _ => Poll::Pending,
        }
    })
    .await
}

/// Every answer's frame: the request id — the client's `X-Request-Id` kept, else a fresh
/// one — sent back on the answer, and the request's log span; whether this is an API call and
/// a first choice of language, made readable by error responses — which show the id, so that
/// a user's report can be matched with the log line that holds the cause; a head longer than
/// we read refused (414, 431) before anything reads it; the framework's own bare errors (405,
/// a timeout, an extractor's text) shaped like ours; the security headers on all.
async fn frame<S, B>(mut inner: S, mut req: Request, deadline: tokio::time::Instant) -> Response
where
    S: Service<Request, Response = axum::http::Response<B>, Error = Infallible>,
    B: axum::body::HttpBody<Data = axum::body::Bytes> + Send + 'static,
    B::Error: Into<axum::BoxError>,
{
    let id_header = match req.headers().get(REQUEST_ID_HEADER) {
        Some(given) => given.clone(),
        None => {
            let mut text = uuid::Uuid::encode_buffer();
            let text = fresh_request_id().hyphenated().encode_lower(&mut text);
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
                let response = guarded(&mut inner, req, deadline).await;
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
