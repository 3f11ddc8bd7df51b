//! The outbox's worker: it claims due jobs, has each done by the handler of its kind, and
//! records how it went: done, again later (with exponential backoff), or dead after a day of
//! failures. A lease keeps every other worker, in this process or another, off a claimed job;
//! one that crashes mid-job leaves it to be claimed again once the lease runs out.
//!
//! [`Worker::step`] works one batch and [`Worker::drain`] works until nothing is due, so that
//! tests drive the worker without sleeping; the binary runs `step` on a timer.

use std::collections::HashMap;
use std::sync::Arc;

use async_trait::async_trait;

use crate::model::{ClaimedJob, JobOutcome};
use crate::{Error, Hub, Timestamp};

/// Does the jobs of one kind.
#[async_trait]
pub trait JobHandler: Send + Sync {
    async fn run(&self, job: &ClaimedJob) -> Result<(), JobFailure>;
}

/// Why a job was not done.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JobFailure {
    /// It may work later (a server down, a timeout).
    Transient(String),
    /// It will never work (an address that cannot exist): given up on at once.
    Permanent(String),
}

const SECOND: i64 = 1_000_000;

/// How the worker paces itself. Times in microseconds.
#[derive(Clone, Debug)]
pub struct WorkerSettings {
    /// How long a claimed job is left to its worker before another may claim it.
    pub lease: i64,
    /// Jobs claimed at once.
    pub batch: usize,
    /// Wait before the first retry; each further one waits twice as long as the one before.
    pub first_retry: i64,
    /// The longest wait between retries.
    pub longest_retry: i64,
    /// A job still failing this long after it was created is given up on.
    pub give_up_after: i64,
}

impl Default for WorkerSettings {
    fn default() -> Self {
        Self {
            lease: 5 * 60 * SECOND,
            batch: 32,
            first_retry: 30 * SECOND,
            longest_retry: 60 * 60 * SECOND,
            give_up_after: 24 * 60 * 60 * SECOND,
        }
    }
}

pub struct Worker {
    hub: Arc<Hub>,
    handlers: HashMap<String, Arc<dyn JobHandler>>,
    settings: WorkerSettings,
}

impl Worker {
    pub fn new(hub: Arc<Hub>, settings: WorkerSettings) -> Self {
        Self { hub, handlers: HashMap::new(), settings }
    }

    /// Has jobs of `kind` done by `handler`.
    #[must_use]
    pub fn handle(mut self, kind: &str, handler: Arc<dyn JobHandler>) -> Self {
        self.handlers.insert(kind.to_owned(), handler);
        self
    }

    /// Claims one batch of due jobs and works each; returns how many it worked.
    pub async fn step(&self) -> Result<usize, Error> {
        let now = self.hub.now();
        let jobs = self.hub.store.claim_jobs(now, self.settings.lease, self.settings.batch).await?;
        for job in &jobs {
            let result = match self.handlers.get(&job.kind) {
                Some(handler) => handler.run(job).await,
                // Another process, of a newer version, may know the kind: leave it to it.
                None => Err(JobFailure::Transient(format!("no handler for jobs of kind `{}` here", job.kind))),
            };
            let outcome = outcome_of(job, result, self.hub.now(), &self.settings);
            crate::telemetry::outbox_attempt(&job.kind, outcome == JobOutcome::Done);
            if let JobOutcome::Dead { error } = &outcome {
                tracing::warn!(job = %job.id, kind = %job.kind, attempts = job.attempts, %error, "a job was given up on");
            }
            let settled = self.hub.store.settle_job(job.id, job.claim, outcome, self.hub.now()).await?;
            if !settled {
                tracing::warn!(job = %job.id, "a job's lease ran out before it was done; another worker has it");
            }
        }
        Ok(jobs.len())
    }

    /// Deletes what has outlived its use (idempotency keys past their 24 hours); returns how
    /// many rows went.
    pub async fn sweep(&self) -> Result<u64, Error> {
        self.hub.forget_expired_idempotency_keys().await
    }

    /// Steps until no job is due; returns how many were worked in all.
    pub async fn drain(&self) -> Result<usize, Error> {
        let mut worked = 0;
        loop {
            match self.step().await? {
                0 => return Ok(worked),
                count => worked += count,
            }
        }
    }
}

fn outcome_of(
    job: &ClaimedJob,
    result: Result<(), JobFailure>,
    now: Timestamp,
    settings: &WorkerSettings,
) -> JobOutcome {
    match result {
        Ok(()) => JobOutcome::Done,
        Err(JobFailure::Permanent(error)) => JobOutcome::Dead { error },
        Err(JobFailure::Transient(error)) if now - job.created_at >= settings.give_up_after => {
            JobOutcome::Dead { error }
        }
        Err(JobFailure::Transient(error)) => JobOutcome::Retry { at: now + backoff(job.attempts, settings), error },
    }
}

/// The wait after the `attempts`-th failed attempt: the first retry's, doubled for each one
/// after it, at most the longest.
fn backoff(attempts: u32, settings: &WorkerSettings) -> i64 {
    let doublings = attempts.saturating_sub(1).min(32);
    settings.first_retry.saturating_mul(1_i64 << doublings).min(settings.longest_retry)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(attempts: u32, created_at: Timestamp) -> ClaimedJob {
        ClaimedJob {
            id: crate::new_id(),
            kind: "mail".into(),
            payload: serde_json::Value::Null,
            created_at,
            attempts,
            claim: crate::new_id(),
            leased_until: 0,
        }
    }

    #[test]
    fn retries_wait_twice_as_long_each_time_up_to_the_longest() {
        let settings = WorkerSettings::default();
        let waits: Vec<i64> = (1..=9).map(|attempts| backoff(attempts, &settings) / SECOND).collect();
        assert_eq!(waits, [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
        assert_eq!(backoff(u32::MAX, &settings), settings.longest_retry);
    }

    #[test]
    fn a_job_failing_for_a_day_is_given_up_and_a_permanent_failure_at_once() {
        let settings = WorkerSettings::default();
        let transient = || Err(JobFailure::Transient("down".into()));
        let young = outcome_of(&job(3, 0), transient(), 60 * SECOND, &settings);
        assert_eq!(young, JobOutcome::Retry { at: 60 * SECOND + 120 * SECOND, error: "down".into() });
        let old = outcome_of(&job(40, 0), transient(), settings.give_up_after, &settings);
        assert_eq!(old, JobOutcome::Dead { error: "down".into() });
        let permanent = outcome_of(&job(1, 0), Err(JobFailure::Permanent("no such mailbox".into())), 0, &settings);
        assert_eq!(permanent, JobOutcome::Dead { error: "no such mailbox".into() });
        assert_eq!(outcome_of(&job(1, 0), Ok(()), 0, &settings), JobOutcome::Done);
    }
}
