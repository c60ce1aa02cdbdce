//! Page facts, computed once per change of the data.
//!
//! A dashboard page reads facts (the program, the catalogue, the official figures, the
//! reports expected and made, the milestones) that are the same for every reader until
//! somebody writes. The cache keeps each page's facts in memory, keyed by the page and its
//! parameters, and reuses them until the data changes or the day turns (the rules ask for
//! "today"). The language and the user's view (public or signed in, the page of a long list)
//! are applied per request to the shared facts.
//!
//! "Until the data changes" comes from PostgreSQL: statement triggers on every table the
//! pages read send `NOTIFY pilar_data_changed` (migration 0009), delivered on commit. A
//! listener task bumps a generation counter on each notification; entries of an older
//! generation are never served again. An entry being computed while a change commits is
//! filed under the generation it started in, so it is not reused after the notification
//! arrives. Until the listener is subscribed (and while it reconnects) the cache is bypassed,
//! so a missed notification can never leave a page stale.
//!
//! Concurrent requests for the same missing entry wait for one computation instead of each
//! running the page's queries (no stampede after a change).

use std::any::Any;
use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::NaiveDate;
use sqlx::PgPool;
use sqlx::postgres::PgListener;
use tokio::sync::OnceCell;

use crate::error::AppError;

/// The channel migration 0009 notifies on.
pub const CHANNEL: &str = "pilar_data_changed";

/// Entries kept at most; beyond it, entries of older generations go first, then all.
const MAX_ENTRIES: usize = 1024;

type Shared = Arc<dyn Any + Send + Sync>;

struct Entry {
    generation: u64,
    today: NaiveDate,
    cell: Arc<OnceCell<Shared>>,
}

/// The page facts of one Pilar instance.
pub struct PageCache {
    enabled: bool,
    /// Whether the listener is subscribed: only then can a change be trusted to be heard.
    listening: AtomicBool,
    generation: AtomicU64,
    entries: Mutex<HashMap<String, Entry>>,
}

impl PageCache {
    /// A cache that fills once [`PageCache::listen`] has subscribed.
    pub fn new() -> Arc<Self> {
        Arc::new(Self::with(true))
    }

    /// A cache that never keeps anything: every request computes its facts (tests that write
    /// with SQL and read at once, a debugging aid).
    pub fn disabled() -> Arc<Self> {
        Arc::new(Self::with(false))
    }

    fn with(enabled: bool) -> Self {
        PageCache {
            enabled,
            listening: AtomicBool::new(false),
            generation: AtomicU64::new(0),
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// Whether entries are being kept and served now.
    pub fn is_active(&self) -> bool {
        self.enabled && self.listening.load(Ordering::Acquire)
    }

    /// Forgets everything held: the next request of every page computes anew.
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }

    /// The facts under `key` for `today`: the ones held if the data has not changed since
    /// they were computed, else the result of `load` (kept for the next requests). An error
    /// is returned to this request and the others waiting for it, and not kept.
    pub async fn get_or_load<T, F, Fut>(
        &self,
        key: &str,
        today: NaiveDate,
        load: F,
    ) -> Result<Arc<T>, AppError>
    where
        T: Send + Sync + 'static,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, AppError>>,
    {
        if !self.is_active() {
            return load().await.map(Arc::new);
        }
        let generation = self.generation.load(Ordering::Acquire);
        let cell = self.cell(key, generation, today);
        let shared = cell
            .get_or_try_init(|| async { load().await.map(|value| Arc::new(value) as Shared) })
            .await?;
        // Two pages sharing a key with different types would be a programming error; it must
        // not serve wrong data.
        Arc::clone(shared).downcast::<T>().map_err(|_| {
            AppError::Unexpected(anyhow::anyhow!(
                "page cache key {key} used for two kinds of facts"
            ))
        })
    }

    /// The cell for `key` at `generation` and `today`, made if missing or outdated.
    fn cell(&self, key: &str, generation: u64, today: NaiveDate) -> Arc<OnceCell<Shared>> {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(entry) = entries.get(key)
            && entry.generation == generation
            && entry.today == today
        {
            return Arc::clone(&entry.cell);
        }
        if entries.len() >= MAX_ENTRIES {
            entries.retain(|_, e| e.generation == generation && e.today == today);
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
        }
        let cell = Arc::new(OnceCell::new());
        entries.insert(
            key.to_string(),
            Entry {
                generation,
                today,
                cell: Arc::clone(&cell),
            },
        );
        cell
    }

    /// Listens for changes until the pool closes: subscribes, then drops what is held on every
    /// notification. Run it as a task next to the server. While not subscribed (at start,
    /// after a lost connection, until it has subscribed again) every request computes its own
    /// facts.
    pub async fn listen(self: Arc<Self>, pool: PgPool) {
        if !self.enabled {
            return;
        }
        while !pool.is_closed() {
            let pause = match subscribe(&pool).await {
                Ok(mut listener) => {
                    // Changes committed before the subscription took effect are covered by
                    // starting afresh.
                    self.invalidate();
                    self.listening.store(true, Ordering::Release);
                    let lost = loop {
                        match listener.try_recv().await {
                            Ok(Some(_)) => self.invalidate(),
                            Ok(None) => break None,
                            Err(error) => break Some(error),
                        }
                    };
                    // Nothing is heard until a new subscription: bypass the cache from now on
                    // (not only once listening again fails), and forget what it held.
                    self.listening.store(false, Ordering::Release);
                    self.invalidate();
                    match lost {
                        None => {
                            tracing::warn!(
                                "page cache listener lost its connection; bypassing the cache until it listens again"
                            );
                            Duration::from_millis(100)
                        }
                        Some(error) => {
                            if !pool.is_closed() {
                                tracing::warn!(%error, "page cache listener failed; bypassing the cache until it is back");
                            }
                            Duration::from_secs(1)
                        }
                    }
                }
                Err(error) => {
                    if !pool.is_closed() {
                        tracing::warn!(%error, "page cache cannot listen for changes; retrying");
                    }
                    Duration::from_secs(1)
                }
            };
            tokio::time::sleep(pause).await;
        }
    }
}

/// A subscribed listener that reports a lost connection at once (`Ok(None)`) instead of
/// re-making it first: re-making it can wait for a pooled connection, and the cache must not be
/// trusted meanwhile. [`PageCache::listen`] subscribes anew.
async fn subscribe(pool: &PgPool) -> Result<PgListener, sqlx::Error> {
    let mut listener = PgListener::connect_with(pool).await?;
    listener.eager_reconnect(false);
    listener.listen(CHANNEL).await?;
    Ok(listener)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    fn listening() -> Arc<PageCache> {
        let cache = PageCache::new();
        cache.listening.store(true, Ordering::Release);
        cache
    }

    async fn counted(cache: &PageCache, key: &str, today: NaiveDate, loads: &AtomicUsize) -> usize {
        *cache
            .get_or_load(key, today, || async {
                Ok::<_, AppError>(loads.fetch_add(1, Ordering::SeqCst) + 1)
            })
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn facts_are_reused_until_the_data_changes_or_the_day_turns() {
        let cache = listening();
        let loads = AtomicUsize::new(0);
        assert_eq!(counted(&cache, "a", day(29), &loads).await, 1);
        assert_eq!(counted(&cache, "a", day(29), &loads).await, 1);
        // Another key is computed on its own.
        assert_eq!(counted(&cache, "b", day(29), &loads).await, 2);
        cache.invalidate();
        assert_eq!(counted(&cache, "a", day(29), &loads).await, 3);
        assert_eq!(counted(&cache, "a", day(30), &loads).await, 4);
        assert_eq!(counted(&cache, "a", day(30), &loads).await, 4);
    }

    #[tokio::test]
    async fn nothing_is_kept_while_not_listening_or_when_disabled() {
        let loads = AtomicUsize::new(0);
        let cache = PageCache::new();
        assert_eq!(counted(&cache, "a", day(29), &loads).await, 1);
        assert_eq!(counted(&cache, "a", day(29), &loads).await, 2);
        let disabled = PageCache::disabled();
        disabled.listening.store(true, Ordering::Release);
        assert!(!disabled.is_active());
        assert_eq!(counted(&disabled, "a", day(29), &loads).await, 3);
        assert_eq!(counted(&disabled, "a", day(29), &loads).await, 4);
    }

    #[tokio::test]
    async fn concurrent_misses_compute_once_and_errors_are_not_kept() {
        let cache = listening();
        let loads = Arc::new(AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for _ in 0..16 {
            let (cache, loads) = (Arc::clone(&cache), Arc::clone(&loads));
            tasks.push(tokio::spawn(async move {
                *cache
                    .get_or_load("page", day(29), || async {
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        Ok::<_, AppError>(loads.fetch_add(1, Ordering::SeqCst))
                    })
                    .await
                    .unwrap()
            }));
        }
        for task in tasks {
            assert_eq!(task.await.unwrap(), 0);
        }
        assert_eq!(loads.load(Ordering::SeqCst), 1);

        let failed = cache
            .get_or_load("broken", day(29), || async {
                Err::<u8, _>(AppError::NotFound(crate::domain::Missing::Pillar(
                    "XX".into(),
                )))
            })
            .await;
        assert!(matches!(failed, Err(AppError::NotFound(_))));
        let retried = cache
            .get_or_load("broken", day(29), || async { Ok::<u8, AppError>(7) })
            .await
            .unwrap();
        assert_eq!(*retried, 7);
    }

    #[tokio::test]
    async fn a_key_used_with_two_types_is_an_error_not_wrong_data() {
        let cache = listening();
        let _ = cache
            .get_or_load("k", day(29), || async { Ok::<u8, AppError>(1) })
            .await
            .unwrap();
        let clash = cache
            .get_or_load("k", day(29), || async {
                Ok::<String, AppError>("x".into())
            })
            .await;
        assert!(matches!(clash, Err(AppError::Unexpected(_))));
    }

    #[test]
    fn the_number_of_entries_is_bounded() {
        let cache = listening();
        for i in 0..(MAX_ENTRIES * 2) {
            let _ = cache.cell(&format!("k{i}"), 0, day(29));
        }
        assert!(cache.entries.lock().unwrap().len() <= MAX_ENTRIES);
    }
}
