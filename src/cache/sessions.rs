//! Sessions resolved by this instance, kept so that a signed-in page needs no query (what
//! they hold and when they are trusted: `auth::session`). Keyed by the hash of the session's
//! secret, never the secret. Filed with the session's user, so that a notice naming the user
//! (migration 0046, [`super::SESSIONS_CHANNEL`]) forgets every session of theirs.
//!
//! Bounded: at most [`MAX_SESSIONS`]; when full, the least recently used half is forgotten
//! (one sort per [`MAX_SESSIONS`]`/2` sessions kept, not a scan per insert).

use std::any::Any;
use std::collections::HashMap;
use std::sync::Arc;

use uuid::Uuid;

/// Sessions kept at most per instance. A kept session is its user as a page needs it (a few
/// short strings: name, email, CSRF token, language) and its times: under 1 KB, so at most
/// about 10 MB.
pub const MAX_SESSIONS: usize = 10_000;

type Shared = Arc<dyn Any + Send + Sync>;

struct Kept {
    user: Uuid,
    value: Shared,
    /// When it was last used, in uses of the memory (for the least recently used).
    used: u64,
}

/// What a notice on [`super::SESSIONS_CHANNEL`] says: whose sessions to forget.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ended {
    /// Every session: `*`, or a payload this instance does not understand.
    Every,
    Users(Vec<Uuid>),
}

impl Ended {
    /// Reads a payload (ids separated by commas); anything else forgets every session.
    pub fn parse(payload: &str) -> Ended {
        match payload
            .split(',')
            .map(Uuid::parse_str)
            .collect::<Result<Vec<_>, _>>()
        {
            Ok(users) => Ended::Users(users),
            Err(_) => Ended::Every,
        }
    }
}

#[derive(Default)]
pub(super) struct SessionBook {
    kept: HashMap<[u8; 32], Kept>,
    /// Notices heard (and forgettings): a session read before a later one is not kept.
    heard: u64,
    uses: u64,
}

impl SessionBook {
    pub(super) fn get(&mut self, key: &[u8; 32]) -> Option<Shared> {
        self.uses += 1;
        let uses = self.uses;
        let kept = self.kept.get_mut(key)?;
        kept.used = uses;
        Some(Arc::clone(&kept.value))
    }

    pub(super) fn stamp(&self) -> u64 {
        self.heard
    }

    /// Keeps `value`, read after `stamp` was taken, unless something was forgotten since (it
    /// may have been read before that change committed).
    pub(super) fn keep(&mut self, key: [u8; 32], user: Uuid, stamp: u64, value: Shared) {
        if stamp != self.heard {
            return;
        }
        if self.kept.len() >= MAX_SESSIONS && !self.kept.contains_key(&key) {
            self.forget_least_recently_used_half();
        }
        self.uses += 1;
        let used = self.uses;
        self.kept.insert(key, Kept { user, value, used });
    }

    fn forget_least_recently_used_half(&mut self) {
        let mut uses: Vec<u64> = self.kept.values().map(|k| k.used).collect();
        let middle = uses.len() / 2;
        let (_, &mut cut, _) = uses.select_nth_unstable(middle);
        self.kept.retain(|_, k| k.used >= cut);
    }

    pub(super) fn forget(&mut self, key: &[u8; 32]) {
        self.heard += 1;
        self.kept.remove(key);
    }

    pub(super) fn heard(&mut self, ended: &Ended) {
        self.heard += 1;
        match ended {
            Ended::Every => self.kept.clear(),
            Ended::Users(users) => self.kept.retain(|_, k| !users.contains(&k.user)),
        }
    }

    pub(super) fn len(&self) -> usize {
        self.kept.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(n: usize) -> [u8; 32] {
        let mut key = [0; 32];
        key[..8].copy_from_slice(&(n as u64).to_le_bytes());
        key
    }

    fn value(n: usize) -> Shared {
        Arc::new(n)
    }

    #[test]
    fn a_notice_forgets_its_users_sessions_only_and_anything_unknown_forgets_all() {
        let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
        assert_eq!(Ended::parse(&format!("{a},{b}")), Ended::Users(vec![a, b]));
        for unknown in ["*", "", "x", &format!("{a},")] {
            assert_eq!(Ended::parse(unknown), Ended::Every, "{unknown:?}");
        }
        let mut book = SessionBook::default();
        book.keep(key(1), a, 0, value(1));
        book.keep(key(2), a, 0, value(2));
        book.keep(key(3), b, 0, value(3));
        book.heard(&Ended::Users(vec![a]));
        assert!(book.get(&key(1)).is_none() && book.get(&key(2)).is_none());
        assert!(book.get(&key(3)).is_some());
        book.heard(&Ended::Every);
        assert_eq!(book.len(), 0);
    }

    #[test]
    fn a_session_read_before_a_notice_heard_since_is_not_kept() {
        let mut book = SessionBook::default();
        let stamp = book.stamp();
        book.heard(&Ended::Users(vec![Uuid::new_v4()]));
        book.keep(key(1), Uuid::new_v4(), stamp, value(1));
        assert!(book.get(&key(1)).is_none());
        let stamp = book.stamp();
        book.forget(&key(9));
        book.keep(key(1), Uuid::new_v4(), stamp, value(1));
        assert!(book.get(&key(1)).is_none());
        book.keep(key(1), Uuid::new_v4(), book.stamp(), value(1));
        assert!(book.get(&key(1)).is_some());
    }

    #[test]
    fn the_memory_is_bounded_and_forgets_the_least_recently_used_first() {
        let mut book = SessionBook::default();
        let user = Uuid::new_v4();
        for n in 0..MAX_SESSIONS {
            book.keep(key(n), user, 0, value(n));
        }
        assert_eq!(book.len(), MAX_SESSIONS);
        // The first session is used again; the next one kept forgets the older half.
        assert!(book.get(&key(0)).is_some());
        book.keep(key(MAX_SESSIONS), user, 0, value(0));
        assert!(book.len() <= MAX_SESSIONS / 2 + 1);
        assert!(book.get(&key(0)).is_some());
        assert!(book.get(&key(MAX_SESSIONS)).is_some());
        assert!(book.get(&key(1)).is_none());
        for n in MAX_SESSIONS..(3 * MAX_SESSIONS) {
            book.keep(key(n), user, 0, value(n));
            assert!(book.len() <= MAX_SESSIONS);
        }
    }
}
