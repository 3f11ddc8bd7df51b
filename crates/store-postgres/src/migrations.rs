//! Schema migrations, embedded in the binary, recorded in `schema_migrations`. An advisory lock
//! keeps two processes starting at once from applying the same migration twice.

use switchyard_network::store::StoreError;
use tokio_postgres::Client;

use crate::rows::db_error;

/// In order; the file names match those of the embedded store.
const MIGRATIONS: [(&str, &str); 25] = [
    ("0001_network", include_str!("../migrations/0001_network.sql")),
    ("0002_transactions", include_str!("../migrations/0002_transactions.sql")),
    ("0003_errors_and_tasks", include_str!("../migrations/0003_errors_and_tasks.sql")),
    ("0004_routing_version", include_str!("../migrations/0004_routing_version.sql")),
    ("0005_record_sent", include_str!("../migrations/0005_record_sent.sql")),
    ("0006_transaction_states", include_str!("../migrations/0006_transaction_states.sql")),
    ("0007_status_check", include_str!("../migrations/0007_status_check.sql")),
    ("0008_events_and_jobs", include_str!("../migrations/0008_events_and_jobs.sql")),
    ("0009_sends_in_parallel", include_str!("../migrations/0009_sends_in_parallel.sql")),
    ("0010_fetches", include_str!("../migrations/0010_fetches.sql")),
    ("0011_held_precedents", include_str!("../migrations/0011_held_precedents.sql")),
    ("0012_people", include_str!("../migrations/0012_people.sql")),
    ("0013_error_desk", include_str!("../migrations/0013_error_desk.sql")),
    ("0014_notifications", include_str!("../migrations/0014_notifications.sql")),
    ("0015_document_notices", include_str!("../migrations/0015_document_notices.sql")),
    ("0016_history", include_str!("../migrations/0016_history.sql")),
    ("0017_token_grants", include_str!("../migrations/0017_token_grants.sql")),
    ("0018_finding", include_str!("../migrations/0018_finding.sql")),
    ("0019_connection_use", include_str!("../migrations/0019_connection_use.sql")),
    ("0020_audit_log", include_str!("../migrations/0020_audit_log.sql")),
    ("0021_relationship_proposals", include_str!("../migrations/0021_relationship_proposals.sql")),
    ("0022_idempotency_keys", include_str!("../migrations/0022_idempotency_keys.sql")),
    ("0023_leases", include_str!("../migrations/0023_leases.sql")),
    ("0024_webhooks", include_str!("../migrations/0024_webhooks.sql")),
    ("0025_retention", include_str!("../migrations/0025_retention.sql")),
];

/// An arbitrary key for the migration lock, the same in every Switchyard process.
const LOCK_KEY: i64 = 0x5357_4954_4348;

pub(crate) async fn run(client: &mut Client) -> Result<usize, StoreError> {
    apply(client, &MIGRATIONS).await
}

/// Applies those of `migrations` not yet applied, all in one transaction.
async fn apply(client: &mut Client, migrations: &[(&str, &str)]) -> Result<usize, StoreError> {
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
    for (name, sql) in migrations.iter().filter(|(name, _)| !applied.iter().any(|done| done == name)) {
        transaction.batch_execute(sql).await.map_err(db_error)?;
        transaction.execute("INSERT INTO schema_migrations (name) VALUES ($1)", &[name]).await.map_err(db_error)?;
        tracing::info!(migration = name, "applied migration");
    }
    transaction.commit().await.map_err(db_error)?;
    Ok(migrations.len())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use switchyard_network::PageBudget;
    use switchyard_network::model::Status;
    use switchyard_network::store::{AllQuery, IncomingQuery, TransactionStore};
    use uuid::Uuid;

    use super::{MIGRATIONS, apply};
    use crate::PostgresStore;
    use crate::testing::TestServer;

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    /// A database written before the queue state had its own table: one pending, one
    /// processed and one undelivered order from `buyer` to `supplier`.
    async fn write_version_5(url: &str, buyer: Uuid, supplier: Uuid) {
        let (mut client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls).await.unwrap();
        let driver = tokio::spawn(connection);
        assert_eq!(apply(&mut client, &MIGRATIONS[..5]).await.unwrap(), 5);
        client
            .batch_execute(&format!(
                "INSERT INTO companies (id, name, created_at) VALUES ('{buyer}', 'Buyer', 1), ('{supplier}', 'Supplier', 1);
                 INSERT INTO connections (id, company_id, name, created_at) VALUES ('{connection}', '{buyer}', 'ERP', 1);
                 INSERT INTO transactions (id, document_type, sender_id, receiver_id, connection_id, flow, status,
                     delivered, created_at, fingerprint)
                 VALUES ('{pending}', 'ORDER', '{buyer}', '{supplier}', '{connection}', 'LIVE', 'PENDING', true, 10, '\\x01'),
                        ('{done}', 'ORDER', '{buyer}', '{supplier}', '{connection}', 'LIVE', 'SUCCESS', true, 11, '\\x02'),
                        ('{held}', 'ORDER', '{buyer}', '{supplier}', '{connection}', 'TEST', 'DROPPED', false, 12, '\\x03');
                 INSERT INTO contents (transaction_id, content) SELECT id, '{{}}' FROM transactions;
                 INSERT INTO inbox (receiver_id, created_at, transaction_id, document_type)
                 VALUES ('{supplier}', 10, '{pending}', 'ORDER');",
                connection = id(50),
                pending = id(1),
                done = id(2),
                held = id(3),
            ))
            .await
            .unwrap();
        drop(client);
        let _ = driver.await;
    }

    #[tokio::test]
    async fn upgrading_keeps_every_status_and_the_queue() {
        let server = TestServer::start().unwrap();
        let url = server.fresh_database().await.unwrap();
        let (buyer, supplier) = (id(100), id(200));
        write_version_5(&url, buyer, supplier).await;
        let store = PostgresStore::open(&url, 1).await.unwrap();

        let queue = store.list_incoming(IncomingQuery {
            company_id: supplier,
            at: 0,
            kinds: vec![],
            after: None,
            budget: PageBudget::items(10),
        });
        assert_eq!(queue.await.unwrap().rows.iter().map(|t| t.id).collect::<Vec<_>>(), [id(1)]);
        let received = store
            .list_all(AllQuery { company_id: supplier, budget: PageBudget::items(10), ..AllQuery::default() })
            .await
            .unwrap()
            .rows;
        let statuses: Vec<(Uuid, Status)> = received.iter().map(|t| (t.id, t.status)).collect();
        assert_eq!(statuses, [(id(1), Status::Pending), (id(2), Status::Success)]);
        let sent = store
            .list_all(AllQuery { company_id: buyer, budget: PageBudget::items(10), ..AllQuery::default() })
            .await
            .unwrap()
            .rows;
        assert_eq!(
            sent.iter().map(|t| t.status).collect::<Vec<_>>(),
            [Status::Pending, Status::Success, Status::Dropped]
        );
    }
}
