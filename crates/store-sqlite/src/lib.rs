//! The embedded store: `SQLite` in WAL mode with `synchronous=FULL`, so that a commit is on disk
//! before anyone is told it happened. One writer thread commits concurrent requests' writes
//! together (group commit); reads run on a small pool of connections beside it.

/// Jobs per group commit of the writer.
pub const COMMIT_BATCH_SIZE: &str = "switchyard_sqlite_commit_batch_size";
/// A group commit's time, from its `BEGIN` to its durable `COMMIT`, its jobs' work included.
pub const COMMIT_SECONDS: &str = "switchyard_sqlite_commit_seconds";
/// How long the writer held every commit back to finish a checkpoint itself.
pub const CHECKPOINT_PAUSE: &str = "switchyard_sqlite_checkpoint_pause_seconds";

mod archive;
mod audit;
pub mod backup;
mod checkpointer;
mod conditions;
mod connection;
mod content_buffer;
mod dashboard;
mod deliveries;
mod directory;
mod effects;
mod errors;
mod events;
mod fetching;
mod finding;
mod gauges;
mod history;
mod idempotency;
mod leasing;
mod listing;
mod marking;
mod migrations;
mod notifications;
mod outbox;
mod people;
mod proposals;
mod readers;
mod recording;
mod retention;
mod rows;
mod tasks;
mod tokens;
mod transactions;
pub mod vacuum;
mod webhooks;
mod writer;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicI64;

use async_trait::async_trait;
use switchyard_network::store::{Readiness, StoreError};

use checkpointer::Checkpointer;
use readers::Readers;
use writer::Writer;

/// The network kept in one database file.
pub struct SqliteStore {
    writer: Writer,
    readers: Arc<Readers>,
    /// Creation times handed out so far: kept rising in commit order so that a cursor never
    /// skips a transaction committed after a page was read.
    last_created_at: Arc<AtomicI64>,
}

impl SqliteStore {
    /// Opens (creating and migrating if needed) the database at `path`.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let mut connection = connection::open(path)?;
        migrations::run(&mut connection)?;
        let last = rows::max_created_at(&connection)?;
        Ok(Self {
            writer: Writer::start(connection, Checkpointer::start(path, checkpointer::FINISH_AFTER_PAGES)?)?,
            readers: Arc::new(Readers::new(PathBuf::from(path))),
            last_created_at: Arc::new(AtomicI64::new(last)),
        })
    }

    /// Applies pending migrations and returns the schema version reached.
    pub fn migrate(path: &Path) -> Result<usize, StoreError> {
        let mut connection = connection::open(path)?;
        migrations::run(&mut connection)
    }
}

#[async_trait]
impl Readiness for SqliteStore {
    async fn ready(&self) -> Result<(), StoreError> {
        self.writer.ready()?;
        self.readers.run(|db| db.query_row("SELECT 1", [], |_| Ok(())).map_err(rows::db_error)).await
    }
}
