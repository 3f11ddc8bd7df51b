//! Reading connections, reused across requests and run on the blocking thread pool, or on the
//! calling thread for lookups too small to be worth the move.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use rusqlite::Connection;
use switchyard_network::store::StoreError;

use crate::connection;

/// Idle connections kept for reuse; more are opened when all are busy.
const MAX_IDLE: usize = 16;

pub(crate) struct Readers {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
    /// Connections taken and not yet given back.
    in_use: AtomicU64,
}

impl Readers {
    pub(crate) fn new(path: PathBuf) -> Self {
        Self { path, idle: Mutex::new(Vec::new()), in_use: AtomicU64::new(0) }
    }

    /// Connections working for a read now, and open in all (those and the idle ones).
    pub(crate) fn use_counts(&self) -> (u64, u64) {
        let in_use = self.in_use.load(Ordering::Relaxed);
        let idle = self.idle.lock().map_or(0, |idle| idle.len() as u64);
        (in_use, in_use + idle)
    }

    /// Runs `work` on a reading connection off the async threads.
    pub(crate) async fn run<T: Send + 'static>(
        self: &Arc<Self>,
        work: impl FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let readers = Arc::clone(self);
        tokio::task::spawn_blocking(move || readers.run_here(work))
            .await
            .map_err(|error| StoreError::Other(format!("a read was abandoned: {error}")))?
    }

    /// Runs `work` on a reading connection on the calling thread, which blocks while it runs.
    /// Only for lookups of a few hot pages by key: one takes a few microseconds, less than the
    /// two thread switches of the blocking pool (about a tenth of a send's processor time when
    /// the token check went through it).
    pub(crate) fn run_here<T>(&self, work: impl FnOnce(&Connection) -> Result<T, StoreError>) -> Result<T, StoreError> {
        let connection = self.take()?;
        let result = work(&connection);
        self.give_back(connection);
        result
    }

    fn take(&self) -> Result<Connection, StoreError> {
        let idle = self.idle.lock().ok().and_then(|mut idle| idle.pop());
        let connection = match idle {
            Some(connection) => connection,
            None => connection::open(&self.path)?,
        };
        self.in_use.fetch_add(1, Ordering::Relaxed);
        Ok(connection)
    }

    fn give_back(&self, connection: Connection) {
        self.in_use.fetch_sub(1, Ordering::Relaxed);
        if let Ok(mut idle) = self.idle.lock()
            && idle.len() < MAX_IDLE
        {
            idle.push(connection);
        }
    }
}
