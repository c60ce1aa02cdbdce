//! Sign-in throttling: failed sign-ins slow an account (and a client address) down, then refuse
//! it for a while. (API tokens' request budgets are in `crate::rate_limit`.)

use std::time::Duration;

/// Failures count within this window; a refusal lasts until old failures leave it.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Failures of one account before each further attempt is slowed down.
pub const ACCOUNT_SLOW_AFTER: i64 = 3;
/// Failures of one account before attempts are refused.
pub const ACCOUNT_REFUSE_AFTER: i64 = 5;
/// Failures from one client address (across accounts) before it is refused.
pub const CLIENT_REFUSE_AFTER: i64 = 20;
/// The added delay per failure beyond `ACCOUNT_SLOW_AFTER`.
pub const DELAY_STEP: Duration = Duration::from_millis(400);

/// What to do with a sign-in attempt, given the recent failures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInVerdict {
    /// Check the password, after waiting this long.
    Proceed { delay: Duration },
    /// Refuse without checking; come back after the window.
    Refuse,
}

/// The throttling rule for sign-in.
pub fn sign_in_verdict(account_failures: i64, client_failures: i64) -> SignInVerdict {
    if account_failures >= ACCOUNT_REFUSE_AFTER || client_failures >= CLIENT_REFUSE_AFTER {
        return SignInVerdict::Refuse;
    }
    let over = u32::try_from((account_failures - ACCOUNT_SLOW_AFTER + 1).max(0)).unwrap_or(0);
    SignInVerdict::Proceed {
        delay: DELAY_STEP * over,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_in_is_slowed_then_refused() {
        assert_eq!(
            sign_in_verdict(0, 0),
            SignInVerdict::Proceed {
                delay: Duration::ZERO
            }
        );
        assert_eq!(
            sign_in_verdict(2, 2),
            SignInVerdict::Proceed {
                delay: Duration::ZERO
            }
        );
        assert_eq!(
            sign_in_verdict(3, 3),
            SignInVerdict::Proceed { delay: DELAY_STEP }
        );
        assert_eq!(
            sign_in_verdict(4, 4),
            SignInVerdict::Proceed {
                delay: DELAY_STEP * 2
            }
        );
        assert_eq!(sign_in_verdict(5, 5), SignInVerdict::Refuse);
        // One address trying many accounts is refused too.
        assert_eq!(sign_in_verdict(0, 20), SignInVerdict::Refuse);
        assert_eq!(
            sign_in_verdict(0, 19),
            SignInVerdict::Proceed {
                delay: Duration::ZERO
            }
        );
    }
}
