//! What a dispatcher has under way: its attempts in flight by endpoint, the settlements of
//! those that ended (written with its next claim), and the endpoints it leaves alone for a
//! while after a failure. An endpoint that refuses or times out is not tried
//! with every new message it gets: each failure in a row pauses it longer (5 s, 10 s ... up to
//! 5 minutes), its messages waiting meanwhile, so that a dead endpoint costs the hub a few
//! attempts a minute whatever traffic it is sent. A success ends the pause.
//!
//! An endpoint found with nothing due may also be left to rest for a moment: a busy dispatcher
//! claims many times a second, and looking into each quiet endpoint every time cost more than
//! the sending (a tenth of a busy hub's processor time with a hundred endpoints).

use std::collections::HashMap;
use std::time::{Duration, Instant};

use switchyard_network::model::Settlement;
use tokio::task::JoinSet;
use uuid::Uuid;

const FIRST_PAUSE: Duration = Duration::from_secs(5);
const LONGEST_PAUSE: Duration = Duration::from_mins(5);

/// How an attempt ended, for the dispatcher's bookkeeping, with what to write of it (none when
/// it could not even be made).
pub(super) struct Ended {
    pub endpoint: Uuid,
    pub succeeded: bool,
    pub settlement: Option<Settlement>,
}

#[derive(Default)]
pub(super) struct InFlight {
    tasks: JoinSet<Ended>,
    by_endpoint: HashMap<Uuid, usize>,
    /// Ended attempts not yet written.
    settled: Vec<Settlement>,
    /// Endpoints left alone until the instant, with their failures in a row.
    paused: HashMap<Uuid, (Instant, u32)>,
    /// Endpoints found with nothing due, not looked into again until the instant.
    resting: HashMap<Uuid, Instant>,
    /// How long an endpoint found with nothing due rests; none when zero.
    rest_for: Duration,
}

impl InFlight {
    /// Leaves each endpoint found with nothing due alone for `rest_for`.
    pub fn resting_for(rest_for: Duration) -> Self {
        Self { rest_for, ..Self::default() }
    }

    pub fn rest(&mut self, nothing_due: &[Uuid]) {
        if self.rest_for.is_zero() {
            return;
        }
        let until = Instant::now() + self.rest_for;
        self.resting.extend(nothing_due.iter().map(|endpoint| (*endpoint, until)));
    }

    pub fn len(&self) -> usize {
        self.tasks.len()
    }

    /// The settlements of the attempts ended since the last call, to be written.
    pub fn take_settled(&mut self) -> Vec<Settlement> {
        std::mem::take(&mut self.settled)
    }

    /// Settlements whose write failed, kept for the next one.
    pub fn keep_settled(&mut self, settlements: Vec<Settlement>) {
        self.settled.extend(settlements);
    }

    /// Attempts in flight per endpoint, a paused or resting endpoint counted as full
    /// (`per_endpoint`), as a claim must see them.
    pub fn busy(&mut self, per_endpoint: usize) -> HashMap<Uuid, usize> {
        let now = Instant::now();
        self.paused.retain(|_, (until, _)| *until > now);
        self.resting.retain(|_, until| *until > now);
        let mut busy = self.by_endpoint.clone();
        for endpoint in self.paused.keys().chain(self.resting.keys()) {
            busy.insert(*endpoint, per_endpoint);
        }
        busy
    }

    pub fn start(&mut self, endpoint: Uuid, attempt: impl Future<Output = Ended> + Send + 'static) {
        *self.by_endpoint.entry(endpoint).or_default() += 1;
        self.tasks.spawn(attempt);
    }

    /// Waits for one attempt to end; `false` when none was in flight.
    pub async fn one_ended(&mut self) -> bool {
        let Some(ended) = self.tasks.join_next().await else { return false };
        if let Ok(mut ended) = ended {
            self.settled.extend(ended.settlement.take());
            self.note(&ended);
        }
        true
    }

    fn note(&mut self, ended: &Ended) {
        if let Some(count) = self.by_endpoint.get_mut(&ended.endpoint) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                self.by_endpoint.remove(&ended.endpoint);
            }
        }
        if ended.succeeded {
            self.paused.remove(&ended.endpoint);
            return;
        }
        let failures = self.paused.get(&ended.endpoint).map_or(0, |(_, failures)| *failures) + 1;
        let pause = FIRST_PAUSE.saturating_mul(1 << failures.saturating_sub(1).min(10)).min(LONGEST_PAUSE);
        self.paused.insert(ended.endpoint, (Instant::now() + pause, failures));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_failing_endpoint_is_paused_longer_each_time_and_a_success_ends_it() {
        let mut in_flight = InFlight::default();
        let endpoint = Uuid::from_u128(7);
        for _ in 0..3 {
            in_flight.start(endpoint, async move { Ended { endpoint, succeeded: false, settlement: None } });
            assert!(in_flight.one_ended().await);
        }
        let (until, failures) = in_flight.paused[&endpoint];
        assert_eq!(failures, 3);
        assert!(until > Instant::now() + Duration::from_secs(19), "the third failure in a row pauses it 20 s");
        assert_eq!(in_flight.busy(2).get(&endpoint), Some(&2), "a paused endpoint counts as full");
        in_flight.start(endpoint, async move { Ended { endpoint, succeeded: true, settlement: None } });
        assert!(in_flight.one_ended().await);
        assert_eq!(in_flight.busy(2).get(&endpoint), None);
        assert!(!in_flight.one_ended().await);
    }

    #[test]
    fn an_endpoint_with_nothing_due_rests_only_when_resting_is_asked_for() {
        let endpoint = Uuid::from_u128(8);
        let mut draining = InFlight::default();
        draining.rest(&[endpoint]);
        assert_eq!(draining.busy(2).get(&endpoint), None, "a drain looks into every endpoint each time");
        let mut running = InFlight::resting_for(Duration::from_millis(30));
        running.rest(&[endpoint]);
        assert_eq!(running.busy(2).get(&endpoint), Some(&2), "a resting endpoint counts as full");
        std::thread::sleep(Duration::from_millis(40));
        assert_eq!(running.busy(2).get(&endpoint), None, "the rest ends");
    }
}
