//! Schema migrations, embedded in the binary and tracked in the database's `user_version`.

use network::store::StoreError;
use rusqlite::Connection;

use crate::rows::db_error;

/// In order; the file names match those of the other backends.
const MIGRATIONS: [(&str, &str); 5] = [
    ("0001_network", include_str!("../migrations/0001_network.sql")),
    ("0002_transactions", include_str!("../migrations/0002_transactions.sql")),
    ("0003_errors_and_tasks", include_str!("../migrations/0003_errors_and_tasks.sql")),
    ("0004_routing_version", include_str!("../migrations/0004_routing_version.sql")),
    ("0005_record_sent", include_str!("../migrations/0005_record_sent.sql")),
];

/// Applies the migrations not yet applied, each in its own transaction.
pub(crate) fn run(connection: &mut Connection) -> Result<usize, StoreError> {
    let applied: usize = connection.query_row("PRAGMA user_version", [], |row| row.get(0)).map_err(db_error)?;
    if applied > MIGRATIONS.len() {
        return Err(StoreError::Other(format!(
            "the database is at schema version {applied}, newer than this binary knows ({})",
            MIGRATIONS.len()
        )));
    }
    for (index, (name, sql)) in MIGRATIONS.iter().enumerate().skip(applied) {
        let transaction = connection.transaction().map_err(db_error)?;
        transaction.execute_batch(sql).map_err(db_error)?;
        transaction.pragma_update(None, "user_version", index + 1).map_err(db_error)?;
        transaction.commit().map_err(db_error)?;
        tracing::info!(migration = name, "applied migration");
    }
    Ok(MIGRATIONS.len())
}
