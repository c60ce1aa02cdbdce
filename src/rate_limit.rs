//! API tokens' request budgets: how many requests a minute a token may make, and what a
//! refused caller is told. The budget itself (a token bucket per token) is kept in PostgreSQL
//! (migration 0017, `store::tokens::take_request`), so that every instance on one database
//! spends from the same bucket. It knows nothing of who the token belongs to; the API's
//! authentication takes one request from the budget before a request runs.

/// A per-token request budget (token bucket): `per_minute` requests a minute on average, with
/// bursts up to the same number, across all instances.
#[derive(Debug, Clone, Copy)]
pub struct ApiRateLimiter {
    per_minute: u32,
}

impl ApiRateLimiter {
    pub fn new(per_minute: u32) -> Self {
        ApiRateLimiter {
            per_minute: per_minute.max(1),
        }
    }

    /// The most requests a token holds in reserve (its burst).
    pub fn capacity(&self) -> f64 {
        f64::from(self.per_minute)
    }

    /// How fast a spent budget comes back.
    pub fn refill_per_second(&self) -> f64 {
        self.capacity() / 60.0
    }

    /// The answer to a request, given whether the bucket granted it and how many requests are
    /// left: `Ok`, or the whole seconds to wait until one request is back.
    pub fn verdict(&self, granted: bool, tokens_left: f64) -> Result<(), u64> {
        if granted {
            Ok(())
        } else {
            let missing = (1.0 - tokens_left).max(0.0);
            Err((missing / self.refill_per_second()).ceil().max(1.0) as u64)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_request_is_told_when_one_request_is_back() {
        // One a second: an empty bucket is one request short for a second.
        assert_eq!(ApiRateLimiter::new(60).verdict(false, 0.0), Err(1));
        // Six a minute (one every ten seconds), half a request left: five seconds.
        assert_eq!(ApiRateLimiter::new(6).verdict(false, 0.5), Err(5));
        // 0.04 left of one every ten seconds: 9.6 s, told as 10.
        assert_eq!(ApiRateLimiter::new(6).verdict(false, 0.04), Err(10));
        // Never "retry after 0".
        assert_eq!(ApiRateLimiter::new(6000).verdict(false, 0.99), Err(1));
        assert_eq!(ApiRateLimiter::new(6).verdict(true, 0.0), Ok(()));
        // A budget of zero would refuse everything for ever; it is one a minute.
        assert_eq!(ApiRateLimiter::new(0).capacity(), 1.0);
    }
}
