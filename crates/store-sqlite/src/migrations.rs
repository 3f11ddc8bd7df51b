//! Schema migrations, embedded in the binary and tracked in the database's `user_version`.

use rusqlite::Connection;
use switchyard_network::store::StoreError;

use crate::rows::db_error;

/// In order; the file names match those of the other backends.
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

/// Applies the migrations not yet applied, each in its own transaction.
pub(crate) fn run(connection: &mut Connection) -> Result<usize, StoreError> {
    apply_up_to(connection, MIGRATIONS.len())
}

fn apply_up_to(connection: &mut Connection, version: usize) -> Result<usize, StoreError> {
    let applied: usize = connection.query_row("PRAGMA user_version", [], |row| row.get(0)).map_err(db_error)?;
    if applied > MIGRATIONS.len() {
        return Err(StoreError::Other(format!(
            "the database is at schema version {applied}, newer than this binary knows ({})",
            MIGRATIONS.len()
        )));
    }
    for (index, (name, sql)) in MIGRATIONS.iter().enumerate().take(version).skip(applied) {
        let transaction = connection.transaction().map_err(db_error)?;
        transaction.execute_batch(sql).map_err(db_error)?;
        transaction.pragma_update(None, "user_version", index + 1).map_err(db_error)?;
        transaction.commit().map_err(db_error)?;
        tracing::info!(migration = name, "applied migration");
    }
    Ok(version)
}

#[cfg(test)]
mod tests {
    use rusqlite::Connection;
    use switchyard_network::PageBudget;
    use switchyard_network::model::Status;
    use switchyard_network::store::{AllQuery, IncomingQuery};
    use uuid::Uuid;

    use super::{MIGRATIONS, apply_up_to, run};
    use crate::history::all;
    use crate::listing::incoming;

    /// A database written before the queue state had its own table: one pending, one
    /// processed and one undelivered order from `buyer` to `supplier`.
    fn version_5_database(buyer: Uuid, supplier: Uuid) -> Connection {
        let mut db = Connection::open_in_memory().unwrap();
        assert_eq!(apply_up_to(&mut db, 5).unwrap(), 5);
        db.execute_batch(&format!(
            "INSERT INTO companies (id, name, created_at) VALUES ('{buyer}', 'Buyer', 1), ('{supplier}', 'Supplier', 1);
             INSERT INTO connections (id, company_id, name, created_at) VALUES ('c', '{buyer}', 'ERP', 1);
             INSERT INTO transactions (id, document_type, sender_id, receiver_id, connection_id, flow, status, delivered,
                 created_at, fingerprint)
             VALUES ('{pending}', 'ORDER', '{buyer}', '{supplier}', 'c', 'LIVE', 'PENDING', 1, 10, x'01'),
                    ('{done}', 'ORDER', '{buyer}', '{supplier}', 'c', 'LIVE', 'SUCCESS', 1, 11, x'02'),
                    ('{held}', 'ORDER', '{buyer}', '{supplier}', 'c', 'TEST', 'DROPPED', 0, 12, x'03');
             INSERT INTO contents (transaction_id, content) SELECT id, '{{}}' FROM transactions;
             INSERT INTO inbox (receiver_id, created_at, transaction_id, document_type)
             VALUES ('{supplier}', 10, '{pending}', 'ORDER');",
            pending = id(1),
            done = id(2),
            held = id(3),
        ))
        .unwrap();
        db
    }

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    #[test]
    fn upgrading_keeps_every_status_and_the_queue() {
        let (buyer, supplier) = (id(100), id(200));
        let mut db = version_5_database(buyer, supplier);
        assert_eq!(run(&mut db).unwrap(), MIGRATIONS.len());

        let queue = incoming(
            &db,
            &IncomingQuery { company_id: supplier, at: 0, kinds: vec![], after: None, budget: PageBudget::items(10) },
        )
        .unwrap()
        .rows;
        assert_eq!(queue.iter().map(|t| t.id).collect::<Vec<_>>(), [id(1)]);
        let received =
            all(&db, &AllQuery { company_id: supplier, budget: PageBudget::items(10), ..AllQuery::default() })
                .unwrap()
                .rows;
        let statuses: Vec<(Uuid, Status)> = received.iter().map(|t| (t.id, t.status)).collect();
        assert_eq!(statuses, [(id(1), Status::Pending), (id(2), Status::Success)]);
        let sent = all(&db, &AllQuery { company_id: buyer, budget: PageBudget::items(10), ..AllQuery::default() })
            .unwrap()
            .rows;
        assert_eq!(
            sent.iter().map(|t| t.status).collect::<Vec<_>>(),
            [Status::Pending, Status::Success, Status::Dropped]
        );
    }

    #[test]
    fn a_status_outside_the_five_is_still_refused() {
        let (buyer, supplier) = (id(100), id(200));
        let mut db = version_5_database(buyer, supplier);
        run(&mut db).unwrap();

        let refused =
            db.execute("UPDATE transaction_states SET status = 'DONE' WHERE transaction_id = ?1", [id(1).to_string()]);
        assert!(refused.is_err_and(|error| error.to_string().contains("CHECK constraint failed")));
        let accepted = db
            .execute("UPDATE transaction_states SET status = 'UNKNOWN' WHERE transaction_id = ?1", [id(1).to_string()]);
        assert_eq!(accepted.unwrap(), 1);
    }
}
