//! Requests per token per minute, counted in fixed one-minute windows in this process.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use uuid::Uuid;

const WINDOW: Duration = Duration::from_mins(1);
/// Above this many tracked tokens, windows that have ended are swept out.
const SWEEP_ABOVE: usize = 10_000;

/// The verdict on one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quota {
    Unlimited,
    Allowed { limit: u32, remaining: u32 },
    Exhausted { limit: u32, retry_after_seconds: u64 },
}

pub struct RateLimiter {
    per_minute: u32,
    windows: Mutex<HashMap<Uuid, (Instant, u32)>>,
}

impl RateLimiter {
    pub fn new(per_minute: u32) -> Self {
        Self { per_minute, windows: Mutex::new(HashMap::new()) }
    }

    pub fn check(&self, token: Uuid) -> Quota {
        self.check_at(token, Instant::now())
    }

    fn check_at(&self, token: Uuid, now: Instant) -> Quota {
        if self.per_minute == 0 {
            return Quota::Unlimited;
        }
        let Ok(mut windows) = self.windows.lock() else { return Quota::Unlimited };
        if windows.len() > SWEEP_ABOVE {
            windows.retain(|_, (start, _)| now.duration_since(*start) < WINDOW);
        }
        let (start, used) = windows.entry(token).or_insert((now, 0));
        if now.duration_since(*start) >= WINDOW {
            *start = now;
            *used = 0;
        }
        if *used >= self.per_minute {
            let left = WINDOW.saturating_sub(now.duration_since(*start));
            return Quota::Exhausted { limit: self.per_minute, retry_after_seconds: left.as_secs().max(1) };
        }
        *used += 1;
        Quota::Allowed { limit: self.per_minute, remaining: self.per_minute - *used }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_gets_its_quota_then_waits_for_the_next_window() {
        let limiter = RateLimiter::new(2);
        let token = Uuid::nil();
        let start = Instant::now();
        assert_eq!(limiter.check_at(token, start), Quota::Allowed { limit: 2, remaining: 1 });
        assert_eq!(limiter.check_at(token, start), Quota::Allowed { limit: 2, remaining: 0 });
        assert!(matches!(limiter.check_at(token, start), Quota::Exhausted { retry_after_seconds: 60, .. }));
        assert_eq!(limiter.check_at(token, start + WINDOW), Quota::Allowed { limit: 2, remaining: 1 });
    }

    #[test]
    fn tokens_are_counted_apart_and_zero_means_no_limit() {
        let limiter = RateLimiter::new(1);
        assert!(matches!(limiter.check(Uuid::nil()), Quota::Allowed { .. }));
        assert!(matches!(limiter.check(Uuid::max()), Quota::Allowed { .. }));
        assert_eq!(RateLimiter::new(0).check(Uuid::nil()), Quota::Unlimited);
    }
}
