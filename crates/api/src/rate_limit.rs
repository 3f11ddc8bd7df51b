//! Request rates, keyed: per token for callers with a valid token, per client address for every
//! other request (no token, a wrong one, the health and reference routes), so that nobody
//! without a token can crowd out the ERPs. The cell rate algorithm of `governor`: a quota may be
//! spent at once, then one request comes back every minute / quota. Counted in this process; see
//! docs/decisions.md for why several processes do not share their counts.

use std::hash::Hash;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::middleware::StateInformationMiddleware;
use governor::state::keyed::DefaultKeyedStateStore;

/// Keys forgotten once their quota is whole again are swept out when more than this many are
/// tracked, so that a client inventing keys cannot grow the table without end.
const SWEEP_ABOVE: usize = 10_000;
/// The table's size is looked at once in this many checks.
const SWEEP_EVERY: u64 = 1024;

const WINDOW_SECONDS: u64 = 60;

type Keyed<K> = governor::RateLimiter<K, DefaultKeyedStateStore<K>, DefaultClock, StateInformationMiddleware>;

/// The verdict on one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quota {
    Unlimited,
    /// `reset_seconds`: until the whole quota is back.
    Allowed {
        limit: u32,
        remaining: u32,
        reset_seconds: u64,
    },
    Exhausted {
        limit: u32,
        retry_after_seconds: u64,
    },
}

/// A quota per minute for each key; 0 for no limit.
pub struct RateLimiter<K: Hash + Eq + Clone> {
    limiter: Option<Keyed<K>>,
    checks: AtomicU64,
}

impl<K: Hash + Eq + Clone> RateLimiter<K> {
    pub fn new(per_minute: u32) -> Self {
        let limiter = NonZeroU32::new(per_minute)
            .map(|quota| governor::RateLimiter::keyed(governor::Quota::per_minute(quota)).with_middleware());
        Self { limiter, checks: AtomicU64::new(0) }
    }

    pub fn check(&self, key: &K) -> Quota {
        let Some(limiter) = &self.limiter else { return Quota::Unlimited };
        self.sweep_now_and_then(limiter);
        match limiter.check_key(key) {
            Ok(state) => {
                let limit = state.quota().burst_size().get();
                let remaining = state.remaining_burst_capacity();
                let back_in = u64::from(limit - remaining) * WINDOW_SECONDS;
                Quota::Allowed { limit, remaining, reset_seconds: back_in.div_ceil(u64::from(limit)) }
            }
            Err(not_until) => {
                let wait = not_until.wait_time_from(limiter.clock().now());
                let limit = not_until.quota().burst_size().get();
                Quota::Exhausted { limit, retry_after_seconds: whole_seconds(wait).max(1) }
            }
        }
    }

    fn sweep_now_and_then(&self, limiter: &Keyed<K>) {
        if self.checks.fetch_add(1, Ordering::Relaxed).is_multiple_of(SWEEP_EVERY) && limiter.len() > SWEEP_ABOVE {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
    }
}

fn whole_seconds(wait: Duration) -> u64 {
    wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use super::*;

    #[test]
    fn a_key_spends_its_quota_then_waits_for_a_request_to_come_back() {
        let limiter = RateLimiter::new(2);
        let key = Uuid::nil();
        assert_eq!(limiter.check(&key), Quota::Allowed { limit: 2, remaining: 1, reset_seconds: 30 });
        assert_eq!(limiter.check(&key), Quota::Allowed { limit: 2, remaining: 0, reset_seconds: 60 });
        let Quota::Exhausted { limit: 2, retry_after_seconds } = limiter.check(&key) else { panic!("not exhausted") };
        assert!((29..=30).contains(&retry_after_seconds), "{retry_after_seconds}");
    }

    #[test]
    fn keys_are_counted_apart_and_zero_means_no_limit() {
        let limiter = RateLimiter::new(1);
        assert!(matches!(limiter.check(&Uuid::nil()), Quota::Allowed { .. }));
        assert!(matches!(limiter.check(&Uuid::max()), Quota::Allowed { .. }));
        assert_eq!(RateLimiter::<Uuid>::new(0).check(&Uuid::nil()), Quota::Unlimited);
    }
}
