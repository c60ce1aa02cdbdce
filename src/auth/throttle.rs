//! Throttling: failed sign-ins slow an account (and a client address) down, then refuse it for
//! a while; API tokens get a request budget per minute.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use uuid::Uuid;

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

/// A per-token request budget (token bucket): `per_minute` requests a minute on average, with
/// bursts up to the same number. Kept in memory: each instance enforces its own budget, which
/// bounds the total by the number of instances.
#[derive(Debug)]
pub struct ApiRateLimiter {
    per_minute: u32,
    buckets: Mutex<HashMap<Uuid, Bucket>>,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    refilled: Instant,
}

impl ApiRateLimiter {
    pub fn new(per_minute: u32) -> Self {
        ApiRateLimiter {
            per_minute: per_minute.max(1),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one request from the token's budget: `Ok` or the seconds to wait.
    pub fn check(&self, token: Uuid) -> Result<(), u64> {
        self.check_at(token, Instant::now())
    }

    fn check_at(&self, token: Uuid, now: Instant) -> Result<(), u64> {
        let capacity = f64::from(self.per_minute);
        let per_second = capacity / 60.0;
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let bucket = buckets.entry(token).or_insert(Bucket {
            tokens: capacity,
            refilled: now,
        });
        let elapsed = now.saturating_duration_since(bucket.refilled).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * per_second).min(capacity);
        bucket.refilled = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - bucket.tokens) / per_second).ceil().max(1.0) as u64)
        }
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

    #[test]
    fn api_budget_refills_over_time() {
        let limiter = ApiRateLimiter::new(60); // one a second, bursts of 60
        let token = Uuid::new_v4();
        let start = Instant::now();
        for _ in 0..60 {
            assert!(limiter.check_at(token, start).is_ok());
        }
        assert_eq!(limiter.check_at(token, start), Err(1));
        assert!(
            limiter
                .check_at(token, start + Duration::from_secs(1))
                .is_ok()
        );
        // Budgets are per token.
        assert!(limiter.check_at(Uuid::new_v4(), start).is_ok());
    }
}
