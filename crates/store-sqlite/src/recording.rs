//! Recording a sent document in one write: duplicate check, version chain, body, queue.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use rusqlite::{Connection, OptionalExtension, params};
use switchyard_network::Timestamp;
use switchyard_network::model::{NewTransaction, Recorded, Status};
use switchyard_network::store::StoreError;
use uuid::Uuid;

use crate::effects;
use crate::rows::{db_error, parsed, uuid_text};

pub(crate) fn record(
    db: &Connection,
    mut transaction: NewTransaction,
    last_created_at: &Arc<AtomicI64>,
) -> Result<Recorded, StoreError> {
    if let Some(original) = find_duplicate(db, transaction.connection_id, &transaction.fingerprint)? {
        return Ok(Recorded::Duplicate { original });
    }
    transaction.created_at = rising(last_created_at, transaction.created_at);
    let replaced = match &transaction.business_number {
        Some(number) => replace_chain_head(db, &transaction, number)?,
        None => None,
    };
    insert(db, &transaction, replaced)?;
    effects::write(db, &transaction.effects)?;
    if let Some(head) = replaced {
        effects::write(db, &[switchyard_network::effects::of_replacement(head, &transaction)])?;
    }
    Ok(Recorded::Created { id: transaction.id, created_at: transaction.created_at, replaced })
}

/// A creation time after every one handed out before, in commit order.
fn rising(last: &AtomicI64, wanted: Timestamp) -> Timestamp {
    let previous = last.fetch_max(wanted, Ordering::SeqCst);
    if previous < wanted {
        return wanted;
    }
    last.fetch_add(1, Ordering::SeqCst) + 1
}

pub(crate) fn find_duplicate(
    db: &Connection,
    connection_id: Uuid,
    fingerprint: &[u8; 32],
) -> Result<Option<Uuid>, StoreError> {
    db.prepare_cached("SELECT id FROM transactions WHERE connection_id = ?1 AND fingerprint = ?2")
        .and_then(|mut statement| {
            statement
                .query_row(params![uuid_text(connection_id), fingerprint.as_slice()], |row| parsed(row, 0))
                .optional()
        })
        .map_err(db_error)
}

/// Points the chain's latest version at the new one; a pending predecessor leaves the queue.
fn replace_chain_head(db: &Connection, transaction: &NewTransaction, number: &str) -> Result<Option<Uuid>, StoreError> {
    let head: Option<Uuid> = db
        .prepare_cached(
            "SELECT id FROM transactions WHERE sender_id = ?1 AND receiver_id = ?2 AND document_type = ?3
             AND business_number = ?4 AND replaced_by_id IS NULL",
        )
        .and_then(|mut statement| {
            statement
                .query_row(
                    params![
                        uuid_text(transaction.sender_id),
                        uuid_text(transaction.receiver_id),
                        transaction.kind.as_str(),
                        number
                    ],
                    |row| parsed(row, 0),
                )
                .optional()
        })
        .map_err(db_error)?;
    let Some(head) = head else { return Ok(None) };
    db.execute(
        "UPDATE transactions SET replaced_by_id = ?2 WHERE id = ?1",
        params![uuid_text(head), uuid_text(transaction.id)],
    )
    .map_err(db_error)?;
    db.execute(
        "UPDATE transaction_states SET status = 'DROPPED' WHERE transaction_id = ?1 AND status = 'PENDING'",
        [uuid_text(head)],
    )
    .map_err(db_error)?;
    Ok(Some(head))
}

fn insert(db: &Connection, transaction: &NewTransaction, replaces: Option<Uuid>) -> Result<(), StoreError> {
    let id = uuid_text(transaction.id);
    db.prepare_cached(
        "INSERT INTO transactions (id, document_type, sender_id, receiver_id, connection_id, flow, delivered,
         created_at, business_number, fingerprint, replaces_id, warnings)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )
    .and_then(|mut statement| {
        statement.execute(params![
            id,
            transaction.kind.as_str(),
            uuid_text(transaction.sender_id),
            uuid_text(transaction.receiver_id),
            uuid_text(transaction.connection_id),
            transaction.flow.as_str(),
            transaction.deliver,
            transaction.created_at,
            transaction.business_number,
            transaction.fingerprint.as_slice(),
            replaces.map(uuid_text),
            transaction.warnings.as_ref().map(ToString::to_string),
        ])
    })
    .map_err(db_error)?;
    db.prepare_cached("INSERT INTO contents (transaction_id, content) VALUES (?1, ?2)")
        .and_then(|mut statement| statement.execute(params![id, transaction.content]))
        .map_err(db_error)?;
    let status = if transaction.deliver { Status::Pending } else { Status::Dropped };
    let delivered_to = transaction.deliver.then_some(transaction.receiver_id);
    insert_state(db, transaction.id, delivered_to, transaction.created_at, transaction.kind.as_str(), status.as_str())
}

/// A transaction's state row: `delivered_to` is its receiver when it was delivered (the queue
/// holds it while `PENDING`), none when it was not.
pub(crate) fn insert_state(
    db: &Connection,
    id: Uuid,
    delivered_to: Option<Uuid>,
    created_at: Timestamp,
    kind: &str,
    status: &str,
) -> Result<(), StoreError> {
    db.prepare_cached(
        "INSERT INTO transaction_states (transaction_id, delivered_to, created_at, document_type, status)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )
    .and_then(|mut statement| {
        statement.execute(params![uuid_text(id), delivered_to.map(uuid_text), created_at, kind, status])
    })
    .map_err(db_error)?;
    Ok(())
}
