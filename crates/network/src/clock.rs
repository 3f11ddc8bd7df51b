//! Time as the domain sees it: microseconds since the Unix epoch, from an injected clock so that
//! tests can set it.

use std::sync::atomic::{AtomicI64, Ordering};

/// Microseconds since 1970-01-01T00:00:00Z.
pub type Timestamp = i64;

pub trait Clock: Send + Sync {
    fn now(&self) -> Timestamp;
}

/// The wall clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        chrono::Utc::now().timestamp_micros()
    }
}

/// A clock that moves only when told to; each reading advances it by one microsecond so that
/// events stay ordered.
#[derive(Debug)]
pub struct ManualClock(AtomicI64);

impl ManualClock {
    pub fn starting_at(at: Timestamp) -> Self {
        Self(AtomicI64::new(at))
    }

    pub fn advance(&self, micros: i64) {
        self.0.fetch_add(micros, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Timestamp {
        self.0.fetch_add(1, Ordering::SeqCst)
    }
}
