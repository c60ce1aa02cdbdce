//! The serving Pilar's watch over the private cluster: it notices the postmaster's exit within
//! a few milliseconds, marks the database down (requests are refused at once with 503 and
//! `Retry-After` rather than waiting for a connection), starts the cluster again with growing
//! pauses between attempts, and marks it up once it accepts connections. Every step is logged.
//!
//! It runs on a thread of its own (the cluster's code blocks) and owns the cluster while the
//! server runs; [`Supervisor::stop`] hands it back for the clean stop. It touches no pool and
//! no request: the pool drops connections to the dead server when they fail their test
//! before being handed out.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::EmbeddedPostgres;
use crate::db::health::DatabaseHealth;

/// How often the postmaster is looked at: a `waitpid` (or a read of `/proc`) each time.
const WATCH_INTERVAL: Duration = Duration::from_millis(10);
/// The first pause between restart attempts, doubled after each failure up to the cap.
const FIRST_BACKOFF: Duration = Duration::from_millis(100);
const MAX_BACKOFF: Duration = Duration::from_secs(5);

/// The running watch. Dropping it without [`Supervisor::stop`] leaves the cluster to the
/// thread, which stops watching (and leaves the cluster) at the end of the process.
pub struct Supervisor {
    stopping: Arc<AtomicBool>,
    thread: JoinHandle<EmbeddedPostgres>,
}

impl Supervisor {
    /// Starts watching `cluster`, reporting through `health`.
    pub fn start(cluster: EmbeddedPostgres, health: Arc<DatabaseHealth>) -> std::io::Result<Self> {
        let stopping = Arc::new(AtomicBool::new(false));
        let thread = std::thread::Builder::new()
            .name("pilar-pg-supervisor".into())
            .spawn({
                let stopping = Arc::clone(&stopping);
                move || watch(cluster, &health, &stopping)
            })?;
        Ok(Supervisor { stopping, thread })
    }

    /// Ends the watch and hands the cluster back (to be left or stopped cleanly). Blocking:
    /// waits for a restart in progress to finish.
    pub fn stop(self) -> Option<EmbeddedPostgres> {
        self.stopping.store(true, Ordering::Release);
        self.thread.join().ok()
    }
}

fn watch(
    mut cluster: EmbeddedPostgres,
    health: &DatabaseHealth,
    stopping: &AtomicBool,
) -> EmbeddedPostgres {
    while !stopping.load(Ordering::Acquire) {
        let Some(how) = cluster.exited() else {
            std::thread::sleep(WATCH_INTERVAL);
            continue;
        };
        health.mark_down();
        let down_since = Instant::now();
        tracing::error!(
            data_dir = %cluster.data_dir().display(),
            exit = %how,
            "the private PostgreSQL stopped unexpectedly; answering 503 until it is back, restarting it"
        );
        let mut backoff = FIRST_BACKOFF;
        let mut attempt = 1u32;
        loop {
            if stopping.load(Ordering::Acquire) {
                return cluster;
            }
            tracing::info!(attempt, "restarting the private PostgreSQL");
            match cluster.restart() {
                Ok(()) => {
                    health.mark_up();
                    tracing::warn!(
                        attempt,
                        down_ms = down_since.elapsed().as_millis() as u64,
                        pid = cluster.pid(),
                        "the private PostgreSQL is back; serving again"
                    );
                    break;
                }
                Err(err) => {
                    tracing::warn!(
                        attempt,
                        %err,
                        retry_in_ms = backoff.as_millis() as u64,
                        "restarting the private PostgreSQL failed; trying again"
                    );
                    pause(backoff, stopping);
                    backoff = (backoff * 2).min(MAX_BACKOFF);
                    attempt += 1;
                }
            }
        }
    }
    cluster
}

/// Sleeps for `length`, waking early when the watch is asked to stop.
fn pause(length: Duration, stopping: &AtomicBool) {
    let until = Instant::now() + length;
    while Instant::now() < until && !stopping.load(Ordering::Acquire) {
        std::thread::sleep(WATCH_INTERVAL.min(until.saturating_duration_since(Instant::now())));
    }
}
