//! Retention on SQLite: a batch of settled documents found by the settled index, oldest first,
//! and deleted in one writer job with everything that refers to them.

use async_trait::async_trait;
use rusqlite::{Connection, params};
use switchyard_network::Timestamp;
use switchyard_network::store::{RetentionStore, StoreError};

use crate::SqliteStore;
use crate::rows::db_error;

/// Settled, created and last touched before `?1`, every error resolved before it, no older
/// version left, oldest first from the settled index. (Named: left to itself the planner read
/// the whole history by another index and sorted it, tens of milliseconds of the writer per
/// batch on 200,000 documents.)
const DELETABLE: &str = "SELECT s.transaction_id FROM transaction_states s INDEXED BY transaction_states_settled
    JOIN transactions t ON t.id = s.transaction_id
    WHERE s.status <> 'PENDING' AND s.status <> 'UNKNOWN' AND s.created_at < ?1 AND t.replaces_id IS NULL
    AND NOT EXISTS (SELECT 1 FROM events e WHERE e.transaction_id = s.transaction_id AND e.at >= ?1)
    AND NOT EXISTS (SELECT 1 FROM errors r WHERE r.transaction_id = s.transaction_id
                    AND (r.resolved_at IS NULL OR r.resolved_at >= ?1))
    ORDER BY s.created_at LIMIT ?2";

/// What refers to a document, in an order the foreign keys allow.
const DELETE_ONE: [&str; 9] = [
    "DELETE FROM notices WHERE error_id IN (SELECT id FROM errors WHERE transaction_id = ?1)",
    "UPDATE tasks SET error_id = NULL WHERE error_id IN (SELECT id FROM errors WHERE transaction_id = ?1)",
    "DELETE FROM errors WHERE transaction_id = ?1",
    "DELETE FROM events WHERE transaction_id = ?1",
    "DELETE FROM document_notices WHERE transaction_id = ?1",
    "DELETE FROM contents WHERE transaction_id = ?1",
    "DELETE FROM transaction_states WHERE transaction_id = ?1",
    "UPDATE transactions SET replaces_id = NULL WHERE replaces_id = ?1",
    "DELETE FROM transactions WHERE id = ?1",
];

fn delete_settled(db: &Connection, before: Timestamp, limit: usize) -> Result<u64, StoreError> {
    let ids: Vec<String> = db
        .prepare_cached(DELETABLE)
        .and_then(|mut statement| {
            statement.query_map(params![before, i64::try_from(limit).unwrap_or(i64::MAX)], |row| row.get(0))?.collect()
        })
        .map_err(db_error)?;
    for id in &ids {
        for sql in DELETE_ONE {
            db.prepare_cached(sql).and_then(|mut statement| statement.execute([id])).map_err(db_error)?;
        }
    }
    Ok(ids.len() as u64)
}

#[async_trait]
impl RetentionStore for SqliteStore {
    async fn delete_settled(&self, before: Timestamp, limit: usize) -> Result<u64, StoreError> {
        self.writer.run(move |db| delete_settled(db, before, limit)).await
    }
}
