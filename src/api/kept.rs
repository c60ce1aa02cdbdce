//! Whole API answers kept in the page cache (`AppState::page_cache`): the bytes sent, and the
//! headers that depend on the data, for the reads clients poll (`/api/v1/observations`, an
//! indicator's series, the indicator list). Each is keyed by everything its bytes depend on
//! (the program, the reader, the normalised query) and filed with what it read
//! (`cache::Scope`), so a change drops it; the day's turn drops it too. And what this
//! instance's own writes tell the cache, so that a client reads its write at once.

use std::future::Future;
use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use flate2::Compression;
use flate2::write::GzEncoder;

use super::content_coding::Coding;
use super::principal::Principal;
use super::problem::ApiError;
use crate::cache::{SYNC_CHANNEL, Scope};
use crate::state::AppState;
use crate::store;

/// Answers larger than this are sent but not kept (a page of 1,000 observations; a page of 100 is about 90 KB): the kept
/// answers stay within [`crate::cache::MAX_ANSWERS`] × this, and as much again for their gzip
/// forms (never larger than the answer, in practice a tenth of it).
const MAX_KEPT_BYTES: usize = 256 * 1024;

/// Answers smaller than this are sent as they are: one packet either way, and the compression
/// would cost more than the bytes it saves.
const MIN_COMPRESSED_BYTES: usize = 1024;

/// How long a write's answer waits for this instance's listener to hear the write; past it, the
/// cache is emptied instead.
const HEARING_PATIENCE: Duration = Duration::from_secs(2);

/// A 200 answer as sent: its JSON body (and the same compressed with gzip, once it is made)
/// and its `Link` header, if any.
pub(super) struct Answer {
    body: Bytes,
    gzip: Option<Bytes>,
    link: Option<HeaderValue>,
}

impl Answer {
    pub(super) fn json(body: Vec<u8>) -> Self {
        Answer {
            body: Bytes::from(body),
            gzip: None,
            link: None,
        }
    }

    pub(super) fn with_link(mut self, link: Option<HeaderValue>) -> Self {
        self.link = link;
        self
    }

    /// Makes the gzip form, unless the answer is too small to gain from it or does not shrink.
    fn compress(&mut self) {
        if self.body.len() >= MIN_COMPRESSED_BYTES {
            self.gzip = gzip(&self.body).filter(|gzip| gzip.len() < self.body.len());
        }
    }

    /// The answer in `coding` when it has that form, else as it is. Every answer of these
    /// reads says that it depends on `Accept-Encoding`, so a shared cache keeps the forms apart.
    fn response(&self, coding: Coding) -> Response {
        let (body, encoded) = match (&self.gzip, coding) {
            (Some(gzip), Coding::Gzip) => (gzip.clone(), true),
            _ => (self.body.clone(), false),
        };
        let mut response = (
            StatusCode::OK,
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                ),
                (header::VARY, HeaderValue::from_static("accept-encoding")),
            ],
            body,
        )
            .into_response();
        let headers = response.headers_mut();
        if encoded {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        }
        if let Some(link) = &self.link {
            headers.insert(header::LINK, link.clone());
        }
        response
    }
}

/// `body` compressed with gzip at the default level: made once per change and sent many times
/// (measured in docs/performance.md, "Fifth session").
fn gzip(body: &[u8]) -> Option<Bytes> {
    let mut encoder = GzEncoder::new(Vec::with_capacity(body.len() / 8), Compression::default());
    encoder.write_all(body).ok()?;
    encoder.finish().ok().map(Bytes::from)
}

/// Who reads, as far as an answer can differ between readers: a manager's token or a
/// tenant's, and its organisation (its own drafts and notes, and a tenant's own figures). A
/// kept answer is served only to a reader with the same key.
pub(super) fn reader(principal: &Principal) -> String {
    let role = if principal.manager {
        "manager"
    } else {
        "tenant"
    };
    format!("{role}:{}", principal.caller.organisation_id)
}

/// The answer kept under `key` (its reader and query in it), or the one `load` makes, kept
/// under the scope it says it read when it is small enough; sent in `coding` when it has that
/// form. Errors are answered, not kept. A kept answer is compressed once, when it is kept,
/// whoever asked; one that is not kept only when this request accepts gzip.
pub(super) async fn kept_or<F, Fut>(
    state: &AppState,
    key: &str,
    coding: Coding,
    load: F,
) -> Result<Response, ApiError>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<(Answer, Scope), ApiError>>,
{
    let cache = &state.page_cache;
    let today = state.clock.today();
    if let Some(answer) = cache.get::<Answer>(key, today) {
        return Ok(answer.response(coding));
    }
    // Taken before anything is read: a change committed during the read outdates the answer.
    let stamp = cache.stamp();
    let (mut answer, scope) = load().await?;
    let kept = cache.is_active() && answer.body.len() <= MAX_KEPT_BYTES;
    if kept || coding == Coding::Gzip {
        answer.compress();
    }
    let response = answer.response(coding);
    if kept {
        cache.keep_answer(key, scope, today, stamp, Arc::new(answer));
    }
    Ok(response)
}

/// After a request that may have written (any method but the safe ones) was answered by this
/// instance, waits until this instance's cache has heard every change committed so far, so the
/// client's next read (of the API's kept answers or the pages) shows its write. A notification
/// sent now is delivered after the write's own; if it cannot be sent or does not come back in
/// time, the cache is emptied instead.
pub async fn after_write(state: &AppState) {
    let cache = &state.page_cache;
    let Some((mark, payload)) = cache.sync_mark() else {
        return;
    };
    match store::changes::notify(&state.pool, SYNC_CHANNEL, &payload).await {
        Ok(()) => cache.heard_up_to(mark, HEARING_PATIENCE).await,
        Err(error) => {
            tracing::warn!(%error, "cannot mark a write for the page cache; emptying it");
            cache.invalidate();
        }
    }
}
