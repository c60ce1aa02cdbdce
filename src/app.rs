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
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tower::{Layer, Service};
use tracing::Instrument;

use crate::auth::{client, csrf, edge, headers, session};
use crate::error::{self, LOCALE, REQUEST, RequestInfo};
use crate::state::AppState;
use crate::web::layout;

pub use crate::api::BODY_LIMIT;

const REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// The whole URL space: each area's `router()` merged here, inside the steps every request
/// passes ([`App`]). A request that takes longer than `request_timeout` is abandoned with 408
/// (`frame`'s deadline).
pub fn router(state: AppState, request_timeout: Duration) -> App {
    let routes = Router::new()
        .merge(crate::web::router())
        .merge(crate::api::router(state.clone()))
        .fallback(error::not_found_page)
        // After every merge: it reaches the routes present when it is called.
        .method_not_allowed_fallback(error::method_not_allowed)
        .with_state(state.clone());
    App {
        routes: DefaultBodyLimit::max(BODY_LIMIT).layer(routes),
        state: Arc::new(state),
        timeout: request_timeout,
        peer: None,
    }
}

/// The application as one service: [`frame`] and [`admit`] around the routes, in one boxed
/// future per request. As layers of the router (`Router::layer`) they were applied to every
/// route, below the routing: each request cloned its matched route with both layers inside
/// it, then each layer cloned what was below it again (four boxed copies a request), and
/// each layer boxed a future of its own. Around the router, a request clones two `Arc`s and
/// the router clones the matched handler, as any axum application's does.
#[derive(Clone)]
pub struct App {
    /// The routes, with the body limit the extractors read (`DefaultBodyLimit`).
    routes: <DefaultBodyLimit as Layer<Router>>::Service,
    state: Arc<AppState>,
    timeout: Duration,
    /// The connection's peer, when the server loop says it (`serve::serve_http`); otherwise
    /// the address is read from `ConnectInfo` (`axum::serve` with connect info).
    peer: Option<std::net::SocketAddr>,
}

impl App {
    /// This service for one connection from `peer`: the client address is resolved from it
    /// without a `ConnectInfo` in every request's extensions.
    pub fn for_peer(&self, peer: std::net::SocketAddr) -> App {
        App {
            peer: Some(peer),
            ..self.clone()
        }
    }

    /// For `axum::serve`, with each request's peer as `ConnectInfo` (tests, benches); the
    /// outer router only hands every request to this service.
    pub fn into_make_service_with_connect_info<C>(
        self,
    ) -> axum::extract::connect_info::IntoMakeServiceWithConnectInfo<Router, C> {
        Router::new()
            .fallback_service(self)
            .into_make_service_with_connect_info::<C>()
    }
}

impl<B> Service<axum::http::Request<B>> for App
where
    B: axum::body::HttpBody<Data = axum::body::Bytes> + Send + 'static,
    B::Error: Into<axum::BoxError>,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    /// The routes are always ready (axum's router is).
    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: axum::http::Request<B>) -> Self::Future {
        self.answer(req)
    }
}

/// The server loop's service (`serve::serve_http`): hyper calls it by reference, so a
/// request clones the application once rather than twice (`TowerToHyperService` clones the
/// service, then its `call` clones it again).
impl hyper::service::Service<axum::http::Request<hyper::body::Incoming>> for App {
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn call(&self, req: axum::http::Request<hyper::body::Incoming>) -> Self::Future {
        self.answer(req)
    }
}

impl App {
    fn answer<B>(
        &self,
        req: axum::http::Request<B>,
    ) -> Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>
    where
        B: axum::body::HttpBody<Data = axum::body::Bytes> + Send + 'static,
        B::Error: Into<axum::BoxError>,
    {
        let app = self.clone();
        let deadline = tokio::time::Instant::now() + app.timeout;
        Box::pin(async move { Ok(frame(app, req.map(Body::new), deadline).await) })
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
/// `CatchPanicLayer` and `TimeoutLayer` did, in the request's one boxed future. Apart, the
/// panic layer boxed every answer's body a second time, and the timeout registered a timer
/// in tokio's wheel for every request; here the timer is armed only if the answer is not
/// ready at its first poll (`/healthz`, an asset and a page answered from memory never
/// wait), and the deadline is counted from the request's arrival either way.
async fn guarded<F>(answer: impl FnOnce() -> F, deadline: tokio::time::Instant) -> Answer
where
    F: Future<Output = Answer>,
{
    use std::panic::{AssertUnwindSafe, catch_unwind};
    let answer = match catch_unwind(AssertUnwindSafe(answer)) {
        Ok(answer) => answer,
        Err(panic) => return error::panic_response(panic).into(),
    };
    let mut answer = std::pin::pin!(answer);
    let mut timer = std::pin::pin!(None::<tokio::time::Sleep>);
    std::future::poll_fn(|cx| {
        match catch_unwind(AssertUnwindSafe(|| answer.as_mut().poll(cx))) {
            Ok(Poll::Ready(response)) => return Poll::Ready(response),
            Ok(Poll::Pending) => {}
            Err(panic) => return Poll::Ready(error::panic_response(panic).into()),
        }
        if timer.is_none() {
            timer.set(Some(tokio::time::sleep_until(deadline)));
        }
        match timer.as_mut().as_pin_mut().map(|sleep| sleep.poll(cx)) {
            Some(Poll::Ready(())) => {
                Poll::Ready(StatusCode::REQUEST_TIMEOUT.into_response().into())
            }
            _ => Poll::Pending,
        }
    })
    .await
}

/// An answer, and what the router did last to it ([`RouterTail`]).
struct Answer {
    response: Response,
    tail: RouterTail,
}

impl From<Response> for Answer {
    /// An answer given before the routes, or instead of theirs.
    fn from(response: Response) -> Answer {
        Answer {
            response,
            tail: RouterTail::default(),
        }
    }
}

/// What the router does last to every answer it gives (axum's `RouteFuture`): `Allow` on a
/// 405, `Content-Length` from a body of known size, a HEAD's body emptied. When our steps
/// were layers of each route it did so after them, to every answer; around the router,
/// [`admit`] takes the two fields back off the routes' answer and [`frame`] does the three
/// once every step has answered, so that the fields come last in the head and count the body
/// sent, as before. (No handler sets either field.)
#[derive(Default)]
struct RouterTail {
    allow: Option<HeaderValue>,
    /// The routes' `Content-Length`, kept for a HEAD (whose body they emptied).
    length: Option<HeaderValue>,
}

impl RouterTail {
    /// Takes the two fields off the routes' answer: the router added them last, so taking
    /// them keeps the order of the others (a header map fills a field's place with its last).
    fn take(response: &mut Response) -> RouterTail {
        let not_allowed = response.status() == StatusCode::METHOD_NOT_ALLOWED;
        let headers = response.headers_mut();
        let length = headers.remove(header::CONTENT_LENGTH);
        let allow = not_allowed.then(|| headers.remove(header::ALLOW)).flatten();
        RouterTail { allow, length }
    }

    /// Sets them again last, as the router did: `Allow` unless present; the body's length
    /// unless present (a HEAD's as the routes counted it before emptying it; an answer made
    /// or reshaped since, counted anew); a HEAD's body emptied.
    fn restore(self, response: &mut Response, head: bool) {
        use axum::body::HttpBody;
        let size = response.body().size_hint().exact();
        let headers = response.headers_mut();
        if let Some(allow) = self.allow {
            if !headers.contains_key(header::ALLOW) {
                headers.insert(header::ALLOW, allow);
            }
        }
        if !headers.contains_key(header::CONTENT_LENGTH) {
            let counted = |length: &HeaderValue| length.to_str().ok()?.parse::<u64>().ok();
            let length = match (self.length, size) {
                (Some(length), Some(0)) if head => Some(length),
                // The body the routes counted: their value, not a second one written.
                (Some(length), Some(size)) if counted(&length) == Some(size) => Some(length),
                (_, size) => size.map(HeaderValue::from),
            };
            if let Some(length) = length {
                headers.insert(header::CONTENT_LENGTH, length);
            }
        }
        if head {
            *response.body_mut() = Body::empty();
        }
    }
}

/// Every answer's frame: the request id — the client's `X-Request-Id` kept, else a fresh
/// one — sent back on the answer, and the request's log span; whether this is an API call and
/// a first choice of language, made readable by error responses — which show the id, so that
/// a user's report can be matched with the log line that holds the cause; a head longer than
/// we read refused (414, 431) before anything reads it; the framework's own bare errors (405,
/// a timeout, an extractor's text) shaped like ours; the security headers on all.
async fn frame(app: App, mut req: Request, deadline: tokio::time::Instant) -> Response {
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
    let head = req.method() == axum::http::Method::HEAD;
    let locale = layout::first_language(&mut req);
    let answer = async move {
        match edge::oversized_head(&req) {
            Some(refusal) => Answer::from(refusal.into_response()),
            None => {
                let answer = guarded(|| admit(app, req), deadline).await;
                Answer {
                    response: error::shape_bare_error(answer.response).await,
                    tail: answer.tail,
                }
            }
        }
    };
    let Answer { mut response, tail } = REQUEST
        .scope(RequestInfo { id, api }, LOCALE.scope(locale, answer))
        .instrument(span.clone())
        .await;
    let headers = response.headers_mut();
    headers::add_security_headers(headers);
    if !headers.contains_key(REQUEST_ID_HEADER) {
        headers.insert(REQUEST_ID_HEADER, id_header);
    }
    tail.restore(&mut response, head);
    let _entered = span.enter();
    tracing::debug!(
        status = response.status().as_u16(),
        "finished processing request"
    );
    response
}

/// Admits a request to the routes, in order: while the database is known to be down (its
/// supervisor restarting it), 503 with `Retry-After` at once rather than a wait for a
/// connection (`/healthz`, which says whether the process answers, stays served); the client's
/// address resolved (trusted proxies considered) for throttling and the audit log; input no
/// handler or database may see (NUL characters) refused; the session's user found and the
/// permission rule applied (`session::admit`); then, the user known, the request's language
/// (the account's preference counts) and the CSRF check of state-changing browser requests,
/// refused in that language.
async fn admit(app: App, mut req: Request) -> Answer {
    let App {
        mut routes,
        state,
        peer,
        ..
    } = app;
    if state.database.is_down() && req.uri().path() != "/healthz" {
        return error::AppError::Unavailable("the database is restarting".into())
            .into_response()
            .into();
    }
    client::resolve(&state.sessions, peer, &mut req);
    // Anything but a read may write: its answer leaves once this instance has heard the write.
    let may_write = !req.method().is_safe();
    let req = match edge::screen(req).await {
        Ok(req) => req,
        Err(refusal) => return refusal.into(),
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
        Err(answer) => return answer.into(),
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
                    let mut response = match routes.call(req).await {
                        Ok(response) => response,
                        Err(never) => match never {},
                    };
                    let tail = RouterTail::take(&mut response);
                    Answer { response, tail }
                };
                crate::auth::program::within(programs, answer).await
            }
            Err(refusal) => refusal.into(),
        }
    };
    let mut answer = if choice.changed {
        LOCALE.scope(choice.locale, answer).await
    } else {
        answer.await
    };
    layout::mark_language(&mut answer.response, choice);
    if let Some(cookie) = program_cookie {
        answer
            .response
            .headers_mut()
            .append(axum::http::header::SET_COOKIE, cookie);
    }
    if may_write {
        crate::api::after_write(&state).await;
    }
    answer
}
