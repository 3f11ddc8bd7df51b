//! Schema migrations, embedded in the binary, recorded in `schema_migrations`. An advisory lock
//! keeps two processes starting at once from applying the same migration twice.

use network::store::StoreError;
use tokio_postgres::Client;

use crate::rows::db_error;

/// In order; the file names match those of the embedded store.
const MIGRATIONS: [(&str, &str); 5] = [
    ("0001_network", include_str!("../migrations/0001_network.sql")),
    ("0002_transactions", include_str!("../migrations/0002_transactions.sql")),
    ("0003_errors_and_tasks", include_str!("../migrations/0003_errors_and_tasks.sql")),
    ("0004_routing_version", include_str!("../migrations/0004_routing_version.sql")),
    ("0005_record_sent", include_str!("../migrations/0005_record_sent.sql")),
];

/// An arbitrary key for the migration lock, the same in every Switchyard process.
const LOCK_KEY: i64 = 0x5357_4954_4348;

pub(crate) async fn run(client: &mut Client) -> Result<usize, StoreError> {
    let transaction = client.transaction().await.map_err(db_error)?;
    transaction.execute("SELECT pg_advisory_xact_lock($1)", &[&LOCK_KEY]).await.map_err(db_error)?;
    transaction
        .batch_execute("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")
        .await
        .map_err(db_error)?;
    let applied: Vec<String> = transaction
        .query("SELECT name FROM schema_migrations", &[])
        .await
        .map_err(db_error)?
        .iter()
        .map(|row| row.get(0))
        .collect();
    for (name, sql) in MIGRATIONS.iter().filter(|(name, _)| !applied.iter().any(|done| done == name)) {
        transaction.batch_execute(sql).await.map_err(db_error)?;
        transaction.execute("INSERT INTO schema_migrations (name) VALUES ($1)", &[name]).await.map_err(db_error)?;
        tracing::info!(migration = name, "applied migration");
    }
    transaction.commit().await.map_err(db_error)?;
    Ok(MIGRATIONS.len())
}
