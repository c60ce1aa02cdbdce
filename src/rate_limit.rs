//! API tokens' request budgets: a token bucket per token, kept in memory. It knows nothing of
//! who the token belongs to; the API's authentication asks it before a request runs.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

use uuid::Uuid;

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
    use std::time::Duration;

    use super::*;

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
