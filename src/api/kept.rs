//! Whole API answers kept in the page cache (`AppState::page_cache`): the bytes sent, and the
//! headers that depend on the data, for the reads clients poll (`/api/v1/observations`, an
//! indicator's series, the indicator list). Each is keyed by everything its bytes depend on
//! (the program, the reader, the normalised query) and filed with what it read
//! (`cache::Scope`), so a change drops it; the day's turn drops it too. And what this
//! instance's own writes tell the cache, so that a client reads its write at once.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::principal::Principal;
use super::problem::ApiError;
use crate::cache::{SYNC_CHANNEL, Scope};
use crate::state::AppState;
use crate::store;

/// Answers larger than this are sent but not kept (a page of 1,000 observations; a page of 100 is about 90 KB): the kept
/// answers stay within [`crate::cache::MAX_ANSWERS`] × this.
const MAX_KEPT_BYTES: usize = 256 * 1024;

/// How long a write's answer waits for this instance's listener to hear the write; past it, the
/// cache is emptied instead.
const HEARING_PATIENCE: Duration = Duration::from_secs(2);

/// A 200 answer as sent: its JSON body and its `Link` header, if any.
pub(super) struct Answer {
    body: Bytes,
    link: Option<HeaderValue>,
}

impl Answer {
    pub(super) fn json(body: Vec<u8>) -> Self {
        Answer {
            body: Bytes::from(body),
            link: None,
        }
    }

    pub(super) fn with_link(mut self, link: Option<HeaderValue>) -> Self {
        self.link = link;
        self
    }

    fn response(&self) -> Response {
        let mut response = (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            self.body.clone(),
        )
            .into_response();
        if let Some(link) = &self.link {
            response.headers_mut().insert(header::LINK, link.clone());
        }
        response
    }
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
/// under the scope it says it read when it is small enough. Errors are answered, not kept.
pub(super) async fn kept_or<F, Fut>(
    state: &AppState,
    key: &str,
    load: F,
) -> Result<Response, ApiError>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<(Answer, Scope), ApiError>>,
{
    let cache = &state.page_cache;
    let today = state.clock.today();
    if let Some(answer) = cache.get::<Answer>(key, today) {
        return Ok(answer.response());
    }
    // Taken before anything is read: a change committed during the read outdates the answer.
    let stamp = cache.stamp();
    let (answer, scope) = load().await?;
    let response = answer.response();
    if answer.body.len() <= MAX_KEPT_BYTES {
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
