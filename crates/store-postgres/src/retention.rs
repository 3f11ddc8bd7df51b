//! Retention on PostgreSQL: a batch of settled documents found by the settled index, oldest
//! first, locked (another process's retention passes over them) and deleted in one transaction
//! with everything that refers to them.

use async_trait::async_trait;
use switchyard_network::Timestamp;
use switchyard_network::store::{RetentionStore, StoreError};
use uuid::Uuid;

use crate::rows::{db_error, get};
use crate::{PostgresStore, prepared};

/// Settled, created and last touched before `$1`, every error resolved before it, no older
/// version left. (`status <> 'PENDING'` as the settled index is written, so that it is used.)
const DELETABLE: &str =
    "SELECT s.transaction_id FROM transaction_states s JOIN transactions t ON t.id = s.transaction_id
    WHERE s.status <> 'PENDING' AND s.status <> 'UNKNOWN' AND s.created_at < $1 AND t.replaces_id IS NULL
    AND NOT EXISTS (SELECT 1 FROM events e WHERE e.transaction_id = s.transaction_id AND e.at >= $1)
    AND NOT EXISTS (SELECT 1 FROM errors r WHERE r.transaction_id = s.transaction_id
                    AND (r.resolved_at IS NULL OR r.resolved_at >= $1))
    ORDER BY s.created_at LIMIT $2 FOR UPDATE OF s SKIP LOCKED";

/// What refers to the documents `$1`, in an order the foreign keys allow.
const DELETE_ALL: [&str; 9] = [
    "DELETE FROM notices WHERE error_id IN (SELECT id FROM errors WHERE transaction_id = ANY($1))",
    "UPDATE tasks SET error_id = NULL WHERE error_id IN (SELECT id FROM errors WHERE transaction_id = ANY($1))",
    "DELETE FROM errors WHERE transaction_id = ANY($1)",
    "DELETE FROM events WHERE transaction_id = ANY($1)",
    "DELETE FROM document_notices WHERE transaction_id = ANY($1)",
    "DELETE FROM contents WHERE transaction_id = ANY($1)",
    "DELETE FROM transaction_states WHERE transaction_id = ANY($1)",
    "UPDATE transactions SET replaces_id = NULL WHERE replaces_id = ANY($1)",
    "DELETE FROM transactions WHERE id = ANY($1)",
];

#[async_trait]
impl RetentionStore for PostgresStore {
    async fn delete_settled(&self, before: Timestamp, limit: usize) -> Result<u64, StoreError> {
        let mut client = self.client().await?;
        let db = client.transaction().await.map_err(db_error)?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = prepared::query(&db, DELETABLE, &[&before, &limit]).await?;
        let ids: Vec<Uuid> = rows.iter().map(|row| get(row, 0)).collect::<Result<_, _>>()?;
        if ids.is_empty() {
            return Ok(0);
        }
        for sql in DELETE_ALL {
            prepared::execute(&db, sql, &[&ids]).await?;
        }
        db.commit().await.map_err(db_error)?;
        Ok(ids.len() as u64)
    }
}
