//! The PostgreSQL store: the same network as the embedded store, for several server processes
//! sharing one database. Writes that must not interleave across processes take row locks
//! (`FOR UPDATE`) inside their transaction.

mod archive;
mod audit;
mod conditions;
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
mod prepared;
mod proposals;
mod recording;
mod retention;
mod rows;
mod settling;
mod tasks;
mod tokens;
mod transactions;
mod webhooks;

#[cfg(feature = "testing")]
pub mod testing;

use async_trait::async_trait;
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use switchyard_network::store::{Readiness, StoreError};
use tokio_postgres::NoTls;

use rows::db_error;

/// The network kept in a PostgreSQL database.
pub struct PostgresStore {
    pool: Pool,
}

impl PostgresStore {
    /// Connects with at most `pool_size` connections and applies pending migrations.
    pub async fn open(url: &str, pool_size: usize) -> Result<Self, StoreError> {
        let config: tokio_postgres::Config =
            url.parse().map_err(|error| StoreError::Unavailable(format!("invalid PostgreSQL URL: {error}")))?;
        let manager = Manager::from_config(config, NoTls, ManagerConfig { recycling_method: RecyclingMethod::Fast });
        let pool = Pool::builder(manager)
            .max_size(pool_size.max(1))
            .build()
            .map_err(|error| StoreError::Unavailable(error.to_string()))?;
        let store = Self { pool };
        store.migrate().await?;
        Ok(store)
    }

    /// Applies the migrations not yet applied; returns how many the schema has.
    /// `VACUUM (ANALYZE)` of every table: the space of deleted rows made reusable and the
    /// planner's statistics refreshed, without locking out the hub (autovacuum does the same in
    /// its own time; returning space to the file system takes `VACUUM FULL`, which locks).
    pub async fn vacuum(&self) -> Result<(), StoreError> {
        self.client().await?.simple_query("VACUUM (ANALYZE)").await.map_err(db_error)?;
        Ok(())
    }

    pub async fn migrate(&self) -> Result<usize, StoreError> {
        let mut client = self.client().await?;
        migrations::run(&mut client).await
    }

    pub(crate) fn pool_status(&self) -> deadpool_postgres::Status {
        self.pool.status()
    }

    pub(crate) async fn client(&self) -> Result<deadpool_postgres::Object, StoreError> {
        self.pool.get().await.map_err(|error| StoreError::Unavailable(error.to_string()))
    }
}

#[async_trait]
impl Readiness for PostgresStore {
    async fn ready(&self) -> Result<(), StoreError> {
        self.client().await?.simple_query("SELECT 1").await.map_err(db_error)?;
        Ok(())
    }
}
