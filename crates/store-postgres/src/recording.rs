//! Recording a sent document in one transaction: duplicate check, version chain, body, queue.
//! The sender's and receiver's company rows are locked first, so that sends between the same
//! companies from any number of processes happen one after the other: duplicates are seen,
//! chains stay linear, and creation times rise in commit order.

use network::Timestamp;
use network::model::{NewTransaction, Recorded, Status};
use network::store::StoreError;
use tokio_postgres::Transaction;
use uuid::Uuid;

use crate::rows::{db_error, get};

pub(crate) async fn record(db: &Transaction<'_>, mut transaction: NewTransaction) -> Result<Recorded, StoreError> {
    let last = lock_companies(db, transaction.sender_id, transaction.receiver_id).await?;
    if let Some(original) = find_duplicate(db, &transaction).await? {
        return Ok(Recorded::Duplicate { original });
    }
    transaction.created_at = transaction.created_at.max(last + 1);
    db.execute(
        "UPDATE companies SET last_created_at = $3 WHERE id = $1 OR id = $2",
        &[&transaction.sender_id, &transaction.receiver_id, &transaction.created_at],
    )
    .await
    .map_err(db_error)?;
    let replaced = match &transaction.business_number {
        Some(number) => replace_chain_head(db, &transaction, number).await?,
        None => None,
    };
    insert(db, &transaction, replaced).await?;
    Ok(Recorded::Created { id: transaction.id, created_at: transaction.created_at, replaced })
}

/// Locks both company rows in a fixed order (no deadlock) and returns the later of their
/// last creation times.
async fn lock_companies(db: &Transaction<'_>, a: Uuid, b: Uuid) -> Result<Timestamp, StoreError> {
    let rows = db
        .query("SELECT last_created_at FROM companies WHERE id = $1 OR id = $2 ORDER BY id FOR UPDATE", &[&a, &b])
        .await
        .map_err(db_error)?;
    rows.iter().map(|row| get::<i64>(row, 0)).try_fold(0, |latest, last| Ok(latest.max(last?)))
}

async fn find_duplicate(db: &Transaction<'_>, transaction: &NewTransaction) -> Result<Option<Uuid>, StoreError> {
    let row = db
        .query_opt(
            "SELECT id FROM transactions WHERE connection_id = $1 AND fingerprint = $2",
            &[&transaction.connection_id, &transaction.fingerprint.as_slice()],
        )
        .await
        .map_err(db_error)?;
    row.map(|row| get(&row, 0)).transpose()
}

/// Points the chain's latest version at the new one; a pending predecessor leaves the queue.
async fn replace_chain_head(
    db: &Transaction<'_>,
    transaction: &NewTransaction,
    number: &str,
) -> Result<Option<Uuid>, StoreError> {
    let head = db
        .query_opt(
            "SELECT id FROM transactions WHERE sender_id = $1 AND receiver_id = $2 AND document_type = $3
             AND business_number = $4 AND replaced_by_id IS NULL FOR UPDATE",
            &[&transaction.sender_id, &transaction.receiver_id, &transaction.kind.as_str(), &number],
        )
        .await
        .map_err(db_error)?;
    let Some(head) = head else { return Ok(None) };
    let head: Uuid = get(&head, 0)?;
    db.execute(
        "UPDATE transactions SET replaced_by_id = $2,
         status = CASE WHEN status = 'PENDING' THEN 'DROPPED' ELSE status END WHERE id = $1",
        &[&head, &transaction.id],
    )
    .await
    .map_err(db_error)?;
    db.execute("DELETE FROM inbox WHERE transaction_id = $1", &[&head]).await.map_err(db_error)?;
    Ok(Some(head))
}

async fn insert(db: &Transaction<'_>, transaction: &NewTransaction, replaces: Option<Uuid>) -> Result<(), StoreError> {
    let status = if transaction.deliver { Status::Pending } else { Status::Dropped };
    db.execute(
        "INSERT INTO transactions (id, document_type, sender_id, receiver_id, connection_id, flow, status, delivered,
         created_at, business_number, fingerprint, replaces_id, warnings)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        &[
            &transaction.id,
            &transaction.kind.as_str(),
            &transaction.sender_id,
            &transaction.receiver_id,
            &transaction.connection_id,
            &transaction.flow.as_str(),
            &status.as_str(),
            &transaction.deliver,
            &transaction.created_at,
            &transaction.business_number,
            &transaction.fingerprint.as_slice(),
            &replaces,
            &transaction.warnings.as_ref().map(ToString::to_string),
        ],
    )
    .await
    .map_err(db_error)?;
    db.execute(
        "INSERT INTO contents (transaction_id, content) VALUES ($1, $2)",
        &[&transaction.id, &transaction.content],
    )
    .await
    .map_err(db_error)?;
    if transaction.deliver {
        db.execute(
            "INSERT INTO inbox (receiver_id, created_at, transaction_id, document_type) VALUES ($1, $2, $3, $4)",
            &[&transaction.receiver_id, &transaction.created_at, &transaction.id, &transaction.kind.as_str()],
        )
        .await
        .map_err(db_error)?;
    }
    Ok(())
}
