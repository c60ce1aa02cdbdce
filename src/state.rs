//! What every handler can reach: the shared state, and the parts of it that extractors and
//! middleware take on their own (`FromRef`), so that each asks only for what it needs.
//!
//! A leaf of the import graph: it names the pool, the database's health flag, the clock, the settings, the page cache,
//! the API budgets and the IATI publisher, and imports nothing from `web/`, `api/`, `auth/` or `workflow/`. Routes are
//! assembled in `app.rs`, not here.

use std::sync::Arc;

use axum::extract::FromRef;
use sqlx::PgPool;

use crate::cache::PageCache;
use crate::config::SessionSettings;
use crate::db::health::DatabaseHealth;
use crate::domain::clock::Clock;
use crate::domain::iati::Publisher;
use crate::domain::transparency::NoteSigner;
use crate::rate_limit::ApiRateLimiter;

/// The state behind every request.
#[derive(Clone)]
pub struct AppState {
    pub pool: PgPool,
    /// Whether the database is known to be down: requests are then refused at once (503 with
    /// `Retry-After`) instead of waiting for a connection (see `crate::db::embedded::supervisor`).
    pub database: Arc<DatabaseHealth>,
    /// "Now" and "today" for every rule that asks; tests and demonstrations pin the date.
    pub clock: Clock,
    pub sessions: Arc<SessionSettings>,
    pub api_limiter: Arc<ApiRateLimiter>,
    /// The dashboards' facts, kept until the data changes (see `crate::cache`).
    pub page_cache: Arc<PageCache>,
    /// Who publishes the IATI results file (from the settings).
    pub iati: Arc<Publisher>,
    /// The transparency log's signing key and origin (`docs/transparency.md`).
    pub log_signer: Arc<NoteSigner>,
}

impl AppState {
    /// State with default session settings and API budget, and no page cache (tests adjust
    /// what they need).
    pub fn new(pool: PgPool, clock: Clock) -> Self {
        AppState {
            pool,
            database: Arc::new(DatabaseHealth::default()),
            clock,
            sessions: Arc::new(SessionSettings::default()),
            api_limiter: Arc::new(ApiRateLimiter::new(600)),
            page_cache: PageCache::disabled(),
            iati: Arc::new(Publisher::default()),
            log_signer: Arc::new(NoteSigner::from_seed(
                crate::config::DEFAULT_LOG_ORIGIN,
                rand::random(),
            )),
        }
    }
}

impl FromRef<AppState> for PgPool {
    fn from_ref(state: &AppState) -> Self {
        state.pool.clone()
    }
}

impl FromRef<AppState> for Clock {
    fn from_ref(state: &AppState) -> Self {
        state.clock.clone()
    }
}

impl FromRef<AppState> for Arc<SessionSettings> {
    fn from_ref(state: &AppState) -> Self {
        state.sessions.clone()
    }
}

impl FromRef<AppState> for Arc<ApiRateLimiter> {
    fn from_ref(state: &AppState) -> Self {
        state.api_limiter.clone()
    }
}

impl FromRef<AppState> for Arc<PageCache> {
    fn from_ref(state: &AppState) -> Self {
        state.page_cache.clone()
    }
}

impl FromRef<AppState> for Arc<NoteSigner> {
    fn from_ref(state: &AppState) -> Self {
        state.log_signer.clone()
    }
}
