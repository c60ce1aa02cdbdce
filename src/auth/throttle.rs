//! Sign-in throttling: failed sign-ins slow an account (and a client address) down, then refuse
//! it for a while — without letting anyone lock an account's owner out. Sign-in throttles per
//! (account, client) pair with growing delays; a brake per account and one per address hold
//! unknown clients back, but never a browser that signed in to the account before.
//! (API tokens' request budgets are in `crate::rate_limit`.)

use std::time::Duration;

/// Failures count within this window; a refusal lasts until old failures leave it.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Failures from one client address (across accounts) before it is refused.
pub const CLIENT_REFUSE_AFTER: i64 = 20;
/// The first added delay; each further failure doubles it.
pub const DELAY_STEP: Duration = Duration::from_millis(400);

/// What to do with a sign-in attempt, given the recent failures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInVerdict {
    /// Check the password, after waiting this long.
    Proceed { delay: Duration },
    /// Refuse without checking; come back after the window.
    Refuse,
}

/// Failures of one (account, client) pair before each further attempt is slowed down.
pub const PAIR_SLOW_AFTER: i64 = 3;
/// Failures of one (account, client) pair before that pair is refused.
pub const PAIR_REFUSE_AFTER: i64 = 5;
/// Failures of one account (from anywhere) before unknown clients are slowed down.
pub const ACCOUNT_BRAKE_SLOW_AFTER: i64 = 5;
/// Failures of one account (from anywhere) before unknown clients are refused; a browser that
/// signed in to the account before is never refused by this brake.
pub const ACCOUNT_BRAKE_REFUSE_AFTER: i64 = 20;
/// The longest delay before a password is checked.
pub const MAX_DELAY: Duration = Duration::from_millis(3200);

/// Recent failed sign-ins around one attempt.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Failures {
    /// Of this account from this client (its known browser, else its address).
    pub pair: i64,
    /// Of this account, from anywhere.
    pub account: i64,
    /// From this client address, to any account.
    pub client: i64,
}

/// The throttling rule for sign-in and for a signed-in person's password check: the pair is slowed (doubling delays) then refused; an
/// account under attack from elsewhere, or an address trying many accounts, slows then
/// refuses unknown clients only, so the owner always gets in from a `known_client`.
pub fn sign_in_verdict_for(failures: Failures, known_client: bool) -> SignInVerdict {
    if failures.pair >= PAIR_REFUSE_AFTER {
        return SignInVerdict::Refuse;
    }
    let braked = !known_client
        && (failures.account >= ACCOUNT_BRAKE_REFUSE_AFTER
            || failures.client >= CLIENT_REFUSE_AFTER);
    if braked {
        return SignInVerdict::Refuse;
    }
    let doubling = |over: i64| -> Duration {
        match u32::try_from(over) {
            Ok(0) | Err(_) => Duration::ZERO,
            Ok(n) => DELAY_STEP.saturating_mul(1 << (n - 1).min(8)),
        }
    };
    let pair_delay = doubling(failures.pair - PAIR_SLOW_AFTER + 1);
    let brake_delay = if known_client {
        Duration::ZERO
    } else {
        doubling(failures.account - ACCOUNT_BRAKE_SLOW_AFTER + 1)
    };
    SignInVerdict::Proceed {
        delay: pair_delay.max(brake_delay).min(MAX_DELAY),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failures(pair: i64, account: i64, client: i64) -> Failures {
        Failures {
            pair,
            account,
            client,
        }
    }

    fn delay(ms: u64) -> SignInVerdict {
        SignInVerdict::Proceed {
            delay: Duration::from_millis(ms),
        }
    }

    #[test]
    fn a_pair_is_slowed_with_growing_delays_then_refused() {
        assert_eq!(sign_in_verdict_for(failures(0, 0, 0), false), delay(0));
        assert_eq!(sign_in_verdict_for(failures(2, 2, 2), false), delay(0));
        assert_eq!(sign_in_verdict_for(failures(3, 3, 3), false), delay(400));
        assert_eq!(sign_in_verdict_for(failures(4, 4, 4), false), delay(800));
        assert_eq!(
            sign_in_verdict_for(failures(5, 5, 5), false),
            SignInVerdict::Refuse
        );
        // The pair is refused for a known browser too: the failures came from it.
        assert_eq!(
            sign_in_verdict_for(failures(5, 5, 5), true),
            SignInVerdict::Refuse
        );
    }

    #[test]
    fn failures_elsewhere_never_lock_the_owner_out_of_a_known_browser() {
        // Many failures of the account from other addresses: a fresh client is slowed, then
        // refused; the owner's known browser is neither.
        assert_eq!(sign_in_verdict_for(failures(0, 4, 0), false), delay(0));
        assert_eq!(sign_in_verdict_for(failures(0, 5, 0), false), delay(400));
        assert_eq!(sign_in_verdict_for(failures(0, 8, 0), false), delay(3200));
        assert_eq!(sign_in_verdict_for(failures(0, 19, 0), false), delay(3200));
        assert_eq!(
            sign_in_verdict_for(failures(0, 20, 0), false),
            SignInVerdict::Refuse
        );
        assert_eq!(sign_in_verdict_for(failures(0, 1000, 0), true), delay(0));
        // One address trying many accounts: unknown clients behind it are refused, known ones
        // are not.
        assert_eq!(
            sign_in_verdict_for(failures(0, 0, 20), false),
            SignInVerdict::Refuse
        );
        assert_eq!(sign_in_verdict_for(failures(0, 0, 20), true), delay(0));
    }
}
