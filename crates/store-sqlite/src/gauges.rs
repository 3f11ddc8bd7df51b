//! What monitoring reads at each scrape: the queues' and the outboxes' lengths from their
//! partial indexes (one entry per waiting item), and the reading connections in use.

use async_trait::async_trait;
use rusqlite::Connection;
use switchyard_network::store::{GaugeStore, Gauges, StoreError};

use crate::SqliteStore;
use crate::rows::db_error;

fn count(db: &Connection, sql: &str) -> Result<u64, StoreError> {
    db.prepare_cached(sql).and_then(|mut statement| statement.query_row([], |row| row.get(0))).map_err(db_error)
}

fn read(db: &Connection) -> Result<Gauges, StoreError> {
    let (queued, oldest_queued_at) = db
        .prepare_cached("SELECT count(*), min(created_at) FROM transaction_states WHERE status = 'PENDING'")
        .and_then(|mut statement| statement.query_row([], |row| Ok((row.get(0)?, row.get(1)?))))
        .map_err(db_error)?;
    Ok(Gauges {
        queued,
        oldest_queued_at,
        jobs_pending: count(db, "SELECT count(*) FROM jobs WHERE state = 'PENDING'")?,
        webhooks_pending: count(db, "SELECT count(*) FROM webhook_deliveries WHERE state = 'PENDING'")?,
        ..Gauges::default()
    })
}

#[async_trait]
impl GaugeStore for SqliteStore {
    async fn gauges(&self) -> Result<Gauges, StoreError> {
        let mut gauges = self.readers.run(read).await?;
        (gauges.connections_in_use, gauges.connections_open) = self.readers.use_counts();
        Ok(gauges)
    }
}
