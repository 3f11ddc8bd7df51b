//! The single writer: a thread that owns the write connection and commits the jobs queued
//! while it was busy in one transaction (group commit), each job inside its own savepoint so
//! that one job's failure does not undo the others. Replies go out only after the commit.
//!
//! A commit that fails for want of the disk (an I/O error, a failed fsync among them) stops the
//! writer for good: after a failed fsync the kernel may have dropped the pages it could not
//! write and report the next fsync as a success, so trying again could acknowledge writes that
//! are not on disk. Every write after it is refused (503) and the server reports itself not
//! ready until it is restarted, when SQLite recovers from what the disk really holds.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

use rusqlite::Connection;
use switchyard_network::store::StoreError;
use tokio::sync::oneshot;

use crate::checkpointer::Checkpointer;
use crate::rows::db_error;

/// How many jobs share one commit at most.
const MAX_BATCH: usize = 512;

/// Called with the commit's outcome once the batch is durable (or failed).
type Reply = Box<dyn FnOnce(Result<(), String>) + Send>;
/// Runs inside the batch's transaction; says whether it succeeded and how to reply.
type Job = Box<dyn FnOnce(&Connection) -> (bool, Reply) + Send>;

pub(crate) struct Writer {
    jobs: mpsc::Sender<Job>,
    stopped: Arc<AtomicBool>,
}

const STOPPED: &str = "the database could not make a write durable; writes are stopped until the server restarts";

impl Writer {
    /// Takes over `connection`; checkpoints are left to `checkpointer`.
    pub(crate) fn start(connection: Connection, checkpointer: Checkpointer) -> Result<Self, StoreError> {
        connection.pragma_update(None, "wal_autocheckpoint", 0).map_err(db_error)?;
        let (jobs, queue) = mpsc::channel::<Job>();
        let stopped = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stopped);
        std::thread::Builder::new()
            .name("sqlite-writer".into())
            .spawn(move || {
                commit_loop(&connection, &queue, &checkpointer);
                flag.store(true, Ordering::SeqCst);
            })
            .map_err(|error| StoreError::Unavailable(format!("could not start the writer thread: {error}")))?;
        Ok(Self { jobs, stopped })
    }

    /// Whether the writer still takes writes.
    pub(crate) fn ready(&self) -> Result<(), StoreError> {
        if self.stopped.load(Ordering::SeqCst) { Err(StoreError::Unavailable(STOPPED.into())) } else { Ok(()) }
    }

    /// Runs `work` in the next batch and returns its result once the batch is committed.
    pub(crate) async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let (sender, receiver) = oneshot::channel();
        let job: Job = Box::new(move |connection| {
            let outcome = work(connection);
            let succeeded = outcome.is_ok();
            let reply: Reply = Box::new(move |commit| {
                let result = commit.map_err(StoreError::Unavailable).and(outcome);
                let _ = sender.send(result);
            });
            (succeeded, reply)
        });
        self.ready()?;
        self.jobs.send(job).map_err(|_| StoreError::Unavailable(STOPPED.into()))?;
        // A job dropped unrun was queued behind a commit that stopped the writer.
        receiver.await.map_err(|_| StoreError::Unavailable(STOPPED.into()))?
    }
}

fn commit_loop(connection: &Connection, queue: &mpsc::Receiver<Job>, checkpointer: &Checkpointer) {
    while let Ok(first) = queue.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match queue.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        metrics::histogram!(crate::COMMIT_BATCH_SIZE).record(u32::try_from(batch.len()).map_or(f64::MAX, f64::from));
        let started = std::time::Instant::now();
        if commit_batch(connection, batch).is_err() {
            return;
        }
        metrics::histogram!(crate::COMMIT_SECONDS).record(started.elapsed());
        checkpointer.nudge();
        checkpointer.finish_if_log_too_long(connection);
    }
}

/// The writer must stop: the disk failed a write or its sync.
struct DiskFailed;

/// Commits `batch`; `Err` when the disk failed and the writer must stop.
fn commit_batch(connection: &Connection, batch: Vec<Job>) -> Result<(), DiskFailed> {
    if let Err(error) = connection.execute_batch("BEGIN IMMEDIATE") {
        // Jobs never ran: dropping them drops their reply channels, which their callers see.
        tracing::error!(%error, jobs = batch.len(), "could not begin a write transaction");
        return stop_on_disk_failure(&error);
    }
    let replies: Vec<Reply> = batch.into_iter().filter_map(|job| run_in_savepoint(connection, job)).collect();
    let (commit, stop) = match connection.execute_batch("COMMIT") {
        Ok(()) => (Ok(()), Ok(())),
        Err(error) => {
            tracing::error!(%error, "commit failed");
            let _ = connection.execute_batch("ROLLBACK");
            let stop = stop_on_disk_failure(&error);
            let told = if stop.is_err() { STOPPED.to_owned() } else { error.to_string() };
            (Err(told), stop)
        }
    };
    for reply in replies {
        reply(commit.clone());
    }
    stop
}

fn stop_on_disk_failure(error: &rusqlite::Error) -> Result<(), DiskFailed> {
    if error.sqlite_error_code() == Some(rusqlite::ErrorCode::SystemIoFailure) {
        tracing::error!(%error, "{STOPPED}");
        return Err(DiskFailed);
    }
    Ok(())
}

fn run_in_savepoint(connection: &Connection, job: Job) -> Option<Reply> {
    if connection.execute_batch("SAVEPOINT job").is_err() {
        return None;
    }
    let outcome = catch_unwind(AssertUnwindSafe(|| job(connection)));
    let succeeded = matches!(outcome, Ok((true, _)));
    if !succeeded {
        let _ = connection.execute_batch("ROLLBACK TO job");
    }
    let _ = connection.execute_batch("RELEASE job");
    if let Ok((_, reply)) = outcome {
        Some(reply)
    } else {
        tracing::error!("a write job panicked; its changes were rolled back");
        None
    }
}
