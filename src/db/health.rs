//! Whether the database is known to be down: one flag, set and cleared by whoever watches the
//! database (the private cluster's supervisor), read on every request so that a request does
//! not wait for a connection that cannot come. Holds no connection and touches nothing else.

use std::sync::atomic::{AtomicBool, Ordering};

/// The database's state as the watcher last saw it. Cloned as an `Arc` into the application
/// state; reading it is one atomic load.
#[derive(Debug, Default)]
pub struct DatabaseHealth {
    down: AtomicBool,
}

impl DatabaseHealth {
    /// Is the database known to be down (requests should be refused at once)?
    pub fn is_down(&self) -> bool {
        self.down.load(Ordering::Acquire)
    }

    /// The database stopped; requests are refused until [`DatabaseHealth::mark_up`].
    pub fn mark_down(&self) {
        self.down.store(true, Ordering::Release);
    }

    /// The database accepts connections again.
    pub fn mark_up(&self) {
        self.down.store(false, Ordering::Release);
    }
}
