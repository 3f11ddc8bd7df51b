//! The outbox worker, driven step by step on a clock the test moves: jobs are done once, a
//! failure comes back after its backoff, and a job nobody can do is given up after a day.

use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use serde_json::{Value, json};
use switchyard::config::Settings;
use switchyard_network::model::{ClaimedJob, JobState};
use switchyard_network::worker::{JobFailure, JobHandler, Worker, WorkerSettings};
use switchyard_network::{Clock, Hub, ManualClock};
use switchyard_store_postgres::testing::TestServer;

use crate::helpers::on_postgres;

const SECOND: i64 = 1_000_000;

/// Records the payloads it is given; fails the first `failures` of them.
#[derive(Default)]
struct Recorder {
    done: Mutex<Vec<Value>>,
    failures: Mutex<usize>,
}

#[async_trait]
impl JobHandler for Recorder {
    async fn run(&self, job: &ClaimedJob) -> Result<(), JobFailure> {
        let mut failures = self.failures.lock().unwrap();
        if *failures > 0 {
            *failures -= 1;
            return Err(JobFailure::Transient("the receiver is down".into()));
        }
        self.done.lock().unwrap().push(job.payload.clone());
        Ok(())
    }
}

/// A hub on the suite's backend with a clock the test moves, and what keeps its database.
async fn hub_on_manual_clock() -> (Arc<Hub>, Arc<ManualClock>, tempfile::TempDir, Option<TestServer>) {
    let dir = tempfile::tempdir().unwrap();
    let postgres = on_postgres().then(|| TestServer::start().expect("a private PostgreSQL server"));
    let url = match &postgres {
        Some(server) => Some(server.fresh_database().await.unwrap()),
        None => None,
    };
    let clock = Arc::new(ManualClock::starting_at(1_000 * SECOND));
    let hub = switchyard::server::open_hub(&Settings::on(dir.path(), url.as_deref()), clock.clone()).await.unwrap();
    (hub, clock, dir, postgres)
}

#[tokio::test]
async fn due_jobs_are_done_once_each() {
    let (hub, clock, _dir, _postgres) = hub_on_manual_clock().await;
    let recorder = Arc::new(Recorder::default());
    let worker = Worker::new(Arc::clone(&hub), WorkerSettings::default()).handle("test", recorder.clone());
    let now = clock.now();
    let mut ids = Vec::new();
    for n in 0..3 {
        ids.push(hub.enqueue_job("test", json!({"n": n}), now).await.unwrap());
    }
    let later = hub.enqueue_job("test", json!({"n": "later"}), now + 60 * SECOND).await.unwrap();
    assert_eq!(worker.drain().await.unwrap(), 3);
    assert_eq!(*recorder.done.lock().unwrap(), [json!({"n": 0}), json!({"n": 1}), json!({"n": 2})]);
    for id in ids {
        assert_eq!(hub.job(id).await.unwrap().state, JobState::Done);
    }
    assert_eq!(worker.drain().await.unwrap(), 0, "nothing is done twice, nothing before it is due");
    clock.advance(60 * SECOND);
    assert_eq!(worker.drain().await.unwrap(), 1);
    assert_eq!(hub.job(later).await.unwrap().state, JobState::Done);
}

#[tokio::test]
async fn a_failed_job_is_tried_again_after_its_backoff() {
    let (hub, clock, _dir, _postgres) = hub_on_manual_clock().await;
    let recorder = Arc::new(Recorder { failures: Mutex::new(2), ..Recorder::default() });
    let worker = Worker::new(Arc::clone(&hub), WorkerSettings::default()).handle("test", recorder.clone());
    let id = hub.enqueue_job("test", json!({"to": "jane"}), clock.now()).await.unwrap();
    assert_eq!(worker.drain().await.unwrap(), 1);
    let waiting = hub.job(id).await.unwrap();
    assert_eq!((waiting.state, waiting.attempts), (JobState::Pending, 1));
    assert_eq!(waiting.last_error.as_deref(), Some("the receiver is down"));
    clock.advance(29 * SECOND);
    assert_eq!(worker.drain().await.unwrap(), 0, "the first retry waits 30 s");
    clock.advance(SECOND);
    assert_eq!(worker.drain().await.unwrap(), 1);
    clock.advance(59 * SECOND);
    assert_eq!(worker.drain().await.unwrap(), 0, "the second waits twice as long");
    clock.advance(SECOND);
    assert_eq!(worker.drain().await.unwrap(), 1);
    let done = hub.job(id).await.unwrap();
    assert_eq!((done.state, done.attempts), (JobState::Done, 3));
    assert_eq!(*recorder.done.lock().unwrap(), [json!({"to": "jane"})]);
}

#[tokio::test]
async fn a_job_no_handler_does_is_given_up_after_a_day() {
    let (hub, clock, _dir, _postgres) = hub_on_manual_clock().await;
    let worker = Worker::new(Arc::clone(&hub), WorkerSettings::default());
    let id = hub.enqueue_job("from-a-newer-version", json!({}), clock.now()).await.unwrap();
    assert_eq!(worker.drain().await.unwrap(), 1);
    assert_eq!(hub.job(id).await.unwrap().state, JobState::Pending, "left for a process that knows the kind");
    clock.advance(24 * 60 * 60 * SECOND);
    assert_eq!(worker.drain().await.unwrap(), 1);
    let dead = hub.job(id).await.unwrap();
    assert_eq!(dead.state, JobState::Dead);
    assert!(dead.last_error.unwrap().contains("from-a-newer-version"));
}
