//! What monitoring reads at each scrape: the queues' and the outboxes' lengths from their
//! partial indexes (one entry per waiting item), and the connection pool's use.

use async_trait::async_trait;
use switchyard_network::store::{GaugeStore, Gauges, StoreError};

use crate::PostgresStore;
use crate::rows::get;

const READ: &str = "SELECT
    (SELECT count(*) FROM transaction_states WHERE status = 'PENDING'),
    (SELECT min(created_at) FROM transaction_states WHERE status = 'PENDING'),
    (SELECT count(*) FROM jobs WHERE state = 'PENDING'),
    (SELECT count(*) FROM webhook_deliveries WHERE state = 'PENDING')";

#[async_trait]
impl GaugeStore for PostgresStore {
    async fn gauges(&self) -> Result<Gauges, StoreError> {
        let row = self.client().await?.query_one(READ, &[]).await.map_err(crate::rows::db_error)?;
        let count = |index: usize| get::<i64>(&row, index).map(|count| u64::try_from(count).unwrap_or_default());
        let pool = self.pool_status();
        Ok(Gauges {
            queued: count(0)?,
            oldest_queued_at: get(&row, 1)?,
            jobs_pending: count(2)?,
            webhooks_pending: count(3)?,
            connections_in_use: (pool.size.saturating_sub(pool.available)) as u64,
            connections_open: pool.size as u64,
            connections_awaited: pool.waiting as u64,
        })
    }
}
