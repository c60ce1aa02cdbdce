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
//! pages read send `NOTIFY pilar_data_changed` (migrations 0009, 0036), delivered on commit.
//! The payload says what changed: the reports or the setup of named indicators (or of every
//! indicator), or, empty, anything. Each entry is filed with its [`Scope`] (anything, the
//! structure, one indicator) and the number of changes heard when it was made; a change heard
//! later within that scope outdates it, so an approval of one indicator's report drops that
//! indicator's facts and the program-wide ones, and keeps every other indicator's. An entry
//! being computed while a change commits is stamped before the change is heard, so it is not
//! reused after the notification arrives. A payload this instance does not understand drops
//! everything. Until the listener is subscribed (and while it reconnects) the cache is
//! bypassed, so a missed notification can never leave a page stale.
//!
//! Concurrent requests for the same missing entry wait for one computation instead of each
//! running the page's queries (no stampede after a change).
//!
//! The API keeps whole answers here too ([`PageCache::keep_answer`]), fewer of them
//! ([`MAX_ANSWERS`]). A notification arrives after the commit, so a client that writes through
//! this instance and reads at once could be answered from before its write: after each write it
//! answers, the instance waits until its own listener has heard up to then ([`PageCache::
//! sync_mark`], [`PageCache::heard_up_to`]), on a channel of its own ([`SYNC_CHANNEL`]): a
//! notification sent after the write's commit is delivered after the write's own.
//!
//! The sessions this instance resolved are kept here too ([`sessions`]), on the same terms:
//! only while the cache is on and listening, forgotten when a notice on [`SESSIONS_CHANNEL`]
//! names their user, and all of them whenever the cache forgets everything.

mod sessions;

pub use sessions::{Ended, MAX_SESSIONS};

use std::any::Any;
use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::NaiveDate;
use sqlx::PgPool;
use sqlx::postgres::PgListener;
use tokio::sync::{OnceCell, watch};
use uuid::Uuid;

use crate::error::AppError;
use sessions::SessionBook;

/// The channel migration 0009 notifies on.
pub const CHANNEL: &str = "pilar_data_changed";

/// The channel an instance notifies on after a write it answered, to know when its listener
/// has heard everything committed before (its payload: the instance's id and a number).
pub const SYNC_CHANNEL: &str = "pilar_heard_up_to";

/// The channel migration 0046 notifies on when sessions end or their accounts change (its
/// payload: the users' ids, or `*`).
pub const SESSIONS_CHANNEL: &str = "pilar_sessions_changed";

/// Entries kept at most; beyond it, outdated entries go first, then all.
const MAX_ENTRIES: usize = 1024;

/// Whole API answers kept at most (each keyed by its reader and query, so there can be many):
/// beyond it, outdated answers go first, then all answers, never the pages' facts.
pub const MAX_ANSWERS: usize = 128;

type Shared = Arc<dyn Any + Send + Sync>;

/// What an entry's facts are made of, so that a change drops only the entries it can have
/// touched. Getting it wrong serves a stale page: an entry that reads several indicators'
/// reports or the program's figures is [`Scope::Data`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Anything the pages read, the program-wide figures and counts among them: dropped by
    /// every change (the overview, the pillar pages, the reporting matrix, the compliance
    /// counts, the program's facts).
    Data,
    /// The program's structure and its indicators' setup (catalogue, targets, frameworks,
    /// assignments), no report or figure: kept when reports change.
    Structure,
    /// One indicator's reports, figures and setup, beside the structure: kept when other
    /// indicators' reports or setup change.
    Indicator(Uuid),
}

/// What a notification says changed: its payload, written by migration 0036's triggers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// Anything may have changed: the empty payload (the structure's tables, TRUNCATE, a
    /// manual `NOTIFY`), or a payload this instance does not understand.
    Anything,
    /// Reports and official figures (`reports:`) of these indicators.
    Reports(Touched),
    /// Targets, framework references or assignments (`setup:`) of these indicators.
    Setup(Touched),
}

/// The indicators a statement touched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Touched {
    /// More than the trigger names (`*`): every indicator.
    Every,
    Some(Vec<Uuid>),
}

impl Change {
    /// Reads a payload; anything not understood is [`Change::Anything`], so that a wrong or
    /// newer payload can only cost a recomputation, never serve a stale page.
    pub fn parse(payload: &str) -> Change {
        let Some((class, named)) = payload.split_once(':') else {
            return Change::Anything;
        };
        let touched = if named == "*" {
            Touched::Every
        } else {
            match named
                .split(',')
                .map(Uuid::parse_str)
                .collect::<Result<Vec<_>, _>>()
            {
                Ok(ids) if !ids.is_empty() => Touched::Some(ids),
                _ => return Change::Anything,
            }
        };
        match class {
            "reports" => Change::Reports(touched),
            "setup" => Change::Setup(touched),
            _ => Change::Anything,
        }
    }
}

struct Entry {
    scope: Scope,
    /// The number of changes heard when the entry was made: a change heard later, within its
    /// scope, outdates it (also one heard while it was being computed).
    stamp: u64,
    today: NaiveDate,
    cell: Arc<OnceCell<Shared>>,
    /// A whole API answer ([`PageCache::keep_answer`]), bounded by [`MAX_ANSWERS`].
    answer: bool,
}

/// For each reach of a change, when (counted in changes heard) the last one was heard.
#[derive(Default)]
struct Marks {
    heard: u64,
    /// The last change of any kind.
    any: u64,
    /// The last change reaching the structure (anything but reports).
    structure: u64,
    /// The last change reaching every indicator (a change of anything does).
    every_indicator: u64,
    /// The last change of each indicator named since then.
    indicators: HashMap<Uuid, u64>,
}

impl Marks {
    /// Whether no change within the entry's scope was heard since it was made.
    fn current(&self, entry: &Entry) -> bool {
        let stamp = entry.stamp;
        match entry.scope {
            Scope::Data => self.any <= stamp,
            Scope::Structure => self.structure <= stamp,
            // A change of anything reaches every indicator (`hear`).
            Scope::Indicator(id) => {
                self.every_indicator <= stamp
                    && self.indicators.get(&id).is_none_or(|&at| at <= stamp)
            }
        }
    }

    fn hear(&mut self, change: &Change) {
        self.heard += 1;
        let now = self.heard;
        self.any = now;
        let touched = match change {
            Change::Anything => &Touched::Every,
            Change::Reports(touched) | Change::Setup(touched) => touched,
        };
        if !matches!(change, Change::Reports(_)) {
            self.structure = now;
        }
        match touched {
            Touched::Every => {
                self.every_indicator = now;
                // Every indicator's last change is now this one.
                self.indicators.clear();
            }
            Touched::Some(ids) => {
                for id in ids {
                    self.indicators.insert(*id, now);
                }
            }
        }
    }
}

#[derive(Default)]
struct Book {
    marks: Marks,
    entries: HashMap<String, Entry>,
}

impl Book {
    fn fresh(&self, entry: &Entry, today: NaiveDate) -> bool {
        entry.today == today && self.marks.current(entry)
    }

    /// Keeps the number of whole answers below [`MAX_ANSWERS`]: outdated ones go first, then
    /// every answer (the pages' facts stay).
    fn make_room_for_an_answer(&mut self, today: NaiveDate) {
        if self.entries.values().filter(|e| e.answer).count() >= MAX_ANSWERS {
            let Book { marks, entries } = self;
            entries.retain(|_, e| !e.answer || (e.today == today && marks.current(e)));
            if entries.values().filter(|e| e.answer).count() >= MAX_ANSWERS {
                entries.retain(|_, e| !e.answer);
            }
        }
    }

    /// Keeps the number of entries below the bound: outdated entries go first, then all.
    fn make_room(&mut self, today: NaiveDate) {
        if self.entries.len() >= MAX_ENTRIES {
            let Book { marks, entries } = self;
            entries.retain(|_, e| e.today == today && marks.current(e));
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
        }
    }
}

/// The page facts of one Pilar instance.
pub struct PageCache {
    enabled: bool,
    /// Whether the listener is subscribed: only then can a change be trusted to be heard.
    listening: AtomicBool,
    book: Mutex<Book>,
    /// The sessions resolved by this instance ([`sessions`]).
    sessions: Mutex<SessionBook>,
    /// This instance's name on [`SYNC_CHANNEL`].
    instance: Uuid,
    /// The last number given out by [`PageCache::sync_mark`].
    marks_given: AtomicU64,
    /// The highest of this instance's numbers its listener has heard back.
    heard_back: watch::Sender<u64>,
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
            book: Mutex::new(Book::default()),
            sessions: Mutex::new(SessionBook::default()),
            instance: Uuid::new_v4(),
            marks_given: AtomicU64::new(0),
            heard_back: watch::Sender::new(0),
        }
    }

    fn book(&self) -> std::sync::MutexGuard<'_, Book> {
        self.book.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether entries are being kept and served now.
    pub fn is_active(&self) -> bool {
        self.enabled && self.listening.load(Ordering::Acquire)
    }

    fn session_book(&self) -> std::sync::MutexGuard<'_, SessionBook> {
        self.sessions.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Forgets everything held, the sessions too: the next request of every page computes
    /// anew.
    pub fn invalidate(&self) {
        self.heard(&Change::Anything);
        self.heard_of_sessions(&Ended::Every);
    }

    /// The session kept under `key` (the hash of its secret), if the cache is on and listening.
    pub fn session<T: Send + Sync + 'static>(&self, key: &[u8; 32]) -> Option<Arc<T>> {
        if !self.is_active() {
            return None;
        }
        self.session_book().get(key)?.downcast::<T>().ok()
    }

    /// The number of session notices heard so far: take it before reading a session, and
    /// keep the session under it ([`PageCache::keep_session`]).
    pub fn session_stamp(&self) -> u64 {
        self.session_book().stamp()
    }

    /// Keeps `user`'s session under `key`, as read after `stamp` was taken, unless a session
    /// notice was heard since (the session may have been read before that change committed)
    /// or the cache is not listening.
    pub fn keep_session<T: Send + Sync + 'static>(
        &self,
        key: [u8; 32],
        user: Uuid,
        stamp: u64,
        value: Arc<T>,
    ) {
        if self.is_active() {
            self.session_book().keep(key, user, stamp, value as Shared);
        }
    }

    /// Forgets one session (it ended here).
    pub fn forget_session(&self, key: &[u8; 32]) {
        self.session_book().forget(key);
    }

    /// Forgets every session of `user` (their account changed here, or they were signed out
    /// everywhere), before the notice comes back.
    pub fn forget_sessions_of(&self, user: Uuid) {
        self.heard_of_sessions(&Ended::Users(vec![user]));
    }

    /// Forgets the sessions a notice names, or all of them (a change made here, before its
    /// notice comes back).
    pub fn heard_of_sessions(&self, ended: &Ended) {
        self.session_book().heard(ended);
    }

    /// How many sessions are kept.
    pub fn sessions_held(&self) -> usize {
        self.session_book().len()
    }

    /// Forgets what `change` can have touched; the entries it outdated are dropped at once
    /// (their memory with them).
    pub fn heard(&self, change: &Change) {
        let mut book = self.book();
        let Book { marks, entries } = &mut *book;
        marks.hear(change);
        entries.retain(|_, e| marks.current(e));
    }

    /// The facts under `key` for `today`, which depend on anything the pages read
    /// ([`Scope::Data`]): see [`PageCache::get_or_load_in`].
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
        self.get_or_load_in(key, Scope::Data, today, load).await
    }

    /// The facts under `key` for `today`: the ones held if nothing in their `scope` has
    /// changed since they were computed, else the result of `load` (kept for the next
    /// requests). An error is returned to this request and the others waiting for it, and not
    /// kept.
    pub async fn get_or_load_in<T, F, Fut>(
        &self,
        key: &str,
        scope: Scope,
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
        let cell = self.cell(key, scope, today);
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

    /// The facts held under `key` for `today` if they are computed and still current in the
    /// scope they were filed under; `None` otherwise. Lets a page whose scope needs a lookup
    /// (an indicator's id from its code) skip that lookup when its facts are held.
    pub fn get<T: Send + Sync + 'static>(&self, key: &str, today: NaiveDate) -> Option<Arc<T>> {
        if !self.is_active() {
            return None;
        }
        let book = self.book();
        let entry = book.entries.get(key)?;
        if !book.fresh(entry, today) {
            return None;
        }
        Arc::clone(entry.cell.get()?).downcast::<T>().ok()
    }

    /// How many whole API answers are held, current or not yet dropped.
    pub fn answers_held(&self) -> usize {
        self.book().entries.values().filter(|e| e.answer).count()
    }

    /// The number of changes heard so far. Facts read after taking it and filed with
    /// [`PageCache::keep_in`] under it are outdated by any later change within their scope.
    pub fn stamp(&self) -> u64 {
        self.book().marks.heard
    }

    /// Files `value` under `key`, as read after `stamp` was taken, unless current facts are
    /// held (or being computed) there, or a change within `scope` was heard since. Lets one
    /// read fill several entries (each indicator's part of a program-wide read).
    pub fn keep_in<T: Send + Sync + 'static>(
        &self,
        key: &str,
        scope: Scope,
        today: NaiveDate,
        stamp: u64,
        value: Arc<T>,
    ) {
        self.keep(key, scope, today, stamp, value as Shared, false);
    }

    /// Files a whole API answer, read after `stamp` was taken, like [`PageCache::keep_in`];
    /// at most [`MAX_ANSWERS`] of them are held. Read it back with [`PageCache::get`].
    pub fn keep_answer<T: Send + Sync + 'static>(
        &self,
        key: &str,
        scope: Scope,
        today: NaiveDate,
        stamp: u64,
        value: Arc<T>,
    ) {
        self.keep(key, scope, today, stamp, value as Shared, true);
    }

    fn keep(
        &self,
        key: &str,
        scope: Scope,
        today: NaiveDate,
        stamp: u64,
        value: Shared,
        answer: bool,
    ) {
        if !self.is_active() {
            return;
        }
        let entry = Entry {
            scope,
            stamp,
            today,
            cell: Arc::new(OnceCell::new_with(Some(value))),
            answer,
        };
        let mut book = self.book();
        if !book.fresh(&entry, today)
            || book
                .entries
                .get(key)
                .is_some_and(|held| held.scope == scope && book.fresh(held, today))
        {
            return;
        }
        if answer {
            book.make_room_for_an_answer(today);
        }
        book.make_room(today);
        book.entries.insert(key.to_string(), entry);
    }

    /// A number to send on [`SYNC_CHANNEL`] (with the payload to send) after a write this
    /// instance made has committed; once [`PageCache::heard_up_to`] it, every change committed
    /// before has been heard. `None` while nothing is kept (nothing to wait for).
    pub fn sync_mark(&self) -> Option<(u64, String)> {
        if !self.is_active() {
            return None;
        }
        // Taken after the write's commit: a mark heard back was sent after it.
        let mark = self.marks_given.fetch_add(1, Ordering::AcqRel) + 1;
        Some((mark, format!("{}:{mark}", self.instance)))
    }

    /// Waits until the listener has heard `mark` back (so every change committed before it was
    /// sent), at most `patience`; if it does not come, forgets everything held instead.
    pub async fn heard_up_to(&self, mark: u64, patience: Duration) {
        let mut heard = self.heard_back.subscribe();
        let waited = tokio::time::timeout(patience, heard.wait_for(|&back| back >= mark)).await;
        if !matches!(waited, Ok(Ok(_))) {
            self.invalidate();
        }
    }

    /// A number heard back on [`SYNC_CHANNEL`]: this instance's, or another's (ignored).
    fn heard_back(&self, payload: &str) {
        let Some((instance, mark)) = payload.split_once(':') else {
            return;
        };
        if instance.parse::<Uuid>().ok() != Some(self.instance) {
            return;
        }
        if let Ok(mark) = mark.parse::<u64>() {
            self.heard_back.send_if_modified(|back| {
                let later = mark > *back;
                if later {
                    *back = mark;
                }
                later
            });
        }
    }

    /// Lets every writer waiting go: nothing is served from the cache until it listens again,
    /// and it starts afresh then.
    fn release_waiting_writers(&self) {
        let given = self.marks_given.load(Ordering::Acquire);
        self.heard_back.send_if_modified(|back| {
            let later = given > *back;
            if later {
                *back = given;
            }
            later
        });
    }

    /// The cell for `key` in `scope` and `today`, made if missing or outdated.
    fn cell(&self, key: &str, scope: Scope, today: NaiveDate) -> Arc<OnceCell<Shared>> {
        let mut book = self.book();
        if let Some(entry) = book.entries.get(key)
            && entry.scope == scope
            && book.fresh(entry, today)
        {
            return Arc::clone(&entry.cell);
        }
        book.make_room(today);
        let cell = Arc::new(OnceCell::new());
        let stamp = book.marks.heard;
        book.entries.insert(
            key.to_string(),
            Entry {
                scope,
                stamp,
                today,
                cell: Arc::clone(&cell),
                answer: false,
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
                            Ok(Some(notification)) => {
                                let payload = notification.payload();
                                match notification.channel() {
                                    SYNC_CHANNEL => self.heard_back(payload),
                                    SESSIONS_CHANNEL => {
                                        self.heard_of_sessions(&Ended::parse(payload))
                                    }
                                    _ => self.heard(&Change::parse(payload)),
                                }
                            }
                            Ok(None) => break None,
                            Err(error) => break Some(error),
                        }
                    };
                    // Nothing is heard until a new subscription: bypass the cache from now on
                    // (not only once listening again fails), and forget what it held.
                    self.listening.store(false, Ordering::Release);
                    self.invalidate();
                    self.release_waiting_writers();
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
    listener
        .listen_all([CHANNEL, SYNC_CHANNEL, SESSIONS_CHANNEL])
        .await?;
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

    async fn counted_in(cache: &PageCache, key: &str, scope: Scope, loads: &AtomicUsize) -> usize {
        *cache
            .get_or_load_in(key, scope, day(29), || async {
                Ok::<_, AppError>(loads.fetch_add(1, Ordering::SeqCst) + 1)
            })
            .await
            .unwrap()
    }

    /// Loads each of the four entries and says which were computed anew.
    async fn recomputed(cache: &PageCache, a: Uuid, b: Uuid) -> [bool; 4] {
        let loads = AtomicUsize::new(0);
        let mut anew = [false; 4];
        let scopes = [
            ("a", Scope::Indicator(a)),
            ("b", Scope::Indicator(b)),
            ("data", Scope::Data),
            ("structure", Scope::Structure),
        ];
        for (n, (key, scope)) in scopes.into_iter().enumerate() {
            let before = loads.load(Ordering::SeqCst);
            counted_in(cache, key, scope, &loads).await;
            anew[n] = loads.load(Ordering::SeqCst) > before;
        }
        anew
    }

    #[tokio::test]
    async fn a_change_drops_only_the_entries_in_its_scope() {
        let cache = listening();
        let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
        assert_eq!(recomputed(&cache, a, b).await, [true; 4]);
        assert_eq!(recomputed(&cache, a, b).await, [false; 4]);
        // A report of A: A's facts and the program-wide ones, not B's nor the structure.
        cache.heard(&Change::Reports(Touched::Some(vec![a])));
        assert_eq!(recomputed(&cache, a, b).await, [true, false, true, false]);
        // B's targets or assignments: B, the program-wide facts and the structure.
        cache.heard(&Change::Setup(Touched::Some(vec![b])));
        assert_eq!(recomputed(&cache, a, b).await, [false, true, true, true]);
        // A statement over too many indicators to name: every indicator.
        cache.heard(&Change::Reports(Touched::Every));
        assert_eq!(recomputed(&cache, a, b).await, [true, true, true, false]);
        cache.heard(&Change::Setup(Touched::Every));
        assert_eq!(recomputed(&cache, a, b).await, [true, true, true, true]);
        // The structure changed, or a payload nobody understood: everything.
        cache.heard(&Change::parse(""));
        assert_eq!(recomputed(&cache, a, b).await, [true; 4]);
        cache.invalidate();
        assert_eq!(recomputed(&cache, a, b).await, [true; 4]);
        // Outdated entries are not kept in memory until they are asked for again.
        cache.heard(&Change::Reports(Touched::Some(vec![a])));
        let held: Vec<String> = {
            let mut keys: Vec<_> = cache.book().entries.keys().cloned().collect();
            keys.sort();
            keys
        };
        assert_eq!(held, ["b", "structure"]);
    }

    #[tokio::test]
    async fn an_indicator_entry_computed_during_its_change_is_not_reused() {
        let cache = listening();
        let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
        let loads = Arc::new(AtomicUsize::new(0));
        let computing = |cache: Arc<PageCache>, loads: Arc<AtomicUsize>| async move {
            *cache
                .get_or_load_in("a", Scope::Indicator(a), day(29), || async {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    Ok::<_, AppError>(loads.fetch_add(1, Ordering::SeqCst) + 1)
                })
                .await
                .unwrap()
        };
        // Another indicator's change while A's facts are computed: they are kept.
        let task = tokio::spawn(computing(Arc::clone(&cache), Arc::clone(&loads)));
        tokio::time::sleep(Duration::from_millis(20)).await;
        cache.heard(&Change::Reports(Touched::Some(vec![b])));
        assert_eq!(task.await.unwrap(), 1);
        assert_eq!(
            counted_in(&cache, "a", Scope::Indicator(a), &loads).await,
            1
        );
        cache.invalidate();
        // A's own change while they are computed: they may predate it, and are not reused.
        let task = tokio::spawn(computing(Arc::clone(&cache), Arc::clone(&loads)));
        tokio::time::sleep(Duration::from_millis(20)).await;
        cache.heard(&Change::Reports(Touched::Some(vec![a])));
        assert_eq!(task.await.unwrap(), 2);
        assert_eq!(
            counted_in(&cache, "a", Scope::Indicator(a), &loads).await,
            3
        );
    }

    #[tokio::test]
    async fn get_serves_only_computed_current_facts() {
        let cache = listening();
        let a = Uuid::new_v4();
        assert!(cache.get::<usize>("a", day(29)).is_none());
        let loads = AtomicUsize::new(0);
        counted_in(&cache, "a", Scope::Indicator(a), &loads).await;
        assert_eq!(cache.get::<usize>("a", day(29)).as_deref(), Some(&1));
        assert!(cache.get::<usize>("a", day(30)).is_none());
        assert!(cache.get::<String>("a", day(29)).is_none());
        cache.heard(&Change::Setup(Touched::Some(vec![a])));
        assert!(cache.get::<usize>("a", day(29)).is_none());
        let off = PageCache::new();
        assert!(off.get::<usize>("a", day(29)).is_none());
    }

    #[tokio::test]
    async fn facts_kept_as_of_a_stamp_are_outdated_by_a_change_heard_since() {
        let cache = listening();
        let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
        let stamp = cache.stamp();
        // Read after the stamp; meanwhile A's reports change.
        cache.heard(&Change::Reports(Touched::Some(vec![a])));
        cache.keep_in("a", Scope::Indicator(a), day(29), stamp, Arc::new(1_usize));
        cache.keep_in("b", Scope::Indicator(b), day(29), stamp, Arc::new(2_usize));
        assert!(cache.get::<usize>("a", day(29)).is_none());
        assert_eq!(cache.get::<usize>("b", day(29)).as_deref(), Some(&2));
        // Current facts held are not replaced by others read earlier.
        cache.keep_in("b", Scope::Indicator(b), day(29), 0, Arc::new(3_usize));
        assert_eq!(cache.get::<usize>("b", day(29)).as_deref(), Some(&2));
        // Nothing is kept while the listener is not subscribed.
        let off = PageCache::new();
        off.keep_in("b", Scope::Indicator(b), day(29), 0, Arc::new(3_usize));
        assert!(off.book().entries.is_empty());
    }

    #[test]
    fn payloads_are_read_and_anything_unknown_means_everything() {
        let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
        assert_eq!(
            Change::parse(&format!("reports:{a},{b}")),
            Change::Reports(Touched::Some(vec![a, b]))
        );
        assert_eq!(
            Change::parse(&format!("setup:{a}")),
            Change::Setup(Touched::Some(vec![a]))
        );
        assert_eq!(Change::parse("reports:*"), Change::Reports(Touched::Every));
        assert_eq!(Change::parse("setup:*"), Change::Setup(Touched::Every));
        for unknown in [
            "",
            "pillar",
            "reports:",
            "reports:not-a-uuid",
            &format!("milestone:{a}"),
            &format!("reports:{a},"),
        ] {
            assert_eq!(Change::parse(unknown), Change::Anything, "{unknown:?}");
        }
    }

    #[tokio::test]
    async fn a_writer_waits_for_its_own_mark_and_forgets_everything_if_it_does_not_come() {
        let cache = listening();
        let (first, payload) = cache.sync_mark().unwrap();
        let (second, _) = cache.sync_mark().unwrap();
        assert!(second > first);
        cache.keep_answer("a", Scope::Data, day(29), cache.stamp(), Arc::new(1_usize));
        // Another instance's mark, or a payload nobody wrote, is not this one's.
        cache.heard_back(&format!("{}:{second}", Uuid::new_v4()));
        cache.heard_back("nonsense");
        assert_eq!(*cache.heard_back.borrow(), 0);
        cache.heard_back(&payload);
        cache.heard_up_to(first, Duration::from_secs(5)).await;
        assert_eq!(cache.get::<usize>("a", day(29)).as_deref(), Some(&1));
        // The second mark never comes back: the writer stops waiting and nothing is trusted.
        cache.heard_up_to(second, Duration::from_millis(20)).await;
        assert!(cache.get::<usize>("a", day(29)).is_none());
        // Not listening: nothing to wait for.
        assert!(PageCache::new().sync_mark().is_none());
    }

    #[test]
    fn whole_answers_are_bounded_apart_from_the_pages_facts() {
        let cache = listening();
        let _ = cache.cell("page", Scope::Data, day(29));
        for i in 0..(MAX_ANSWERS * 2) {
            cache.keep_answer(&format!("a{i}"), Scope::Data, day(29), 0, Arc::new(i));
        }
        let book = cache.book();
        assert!(book.entries.values().filter(|e| e.answer).count() <= MAX_ANSWERS);
        assert!(book.entries.contains_key("page"));
    }

    #[test]
    fn the_number_of_entries_is_bounded() {
        let cache = listening();
        for i in 0..(MAX_ENTRIES * 2) {
            let _ = cache.cell(&format!("k{i}"), Scope::Data, day(29));
        }
        assert!(cache.book().entries.len() <= MAX_ENTRIES);
    }
}
