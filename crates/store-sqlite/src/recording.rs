//! The steps of recording a sent document on the writer's connection; the rules that order
//! them are the domain's (`switchyard_network::recording`). The writer runs one send at a time,
//! so sends never overlap and holding a chain needs nothing.

use std::pin::pin;
use std::sync::atomic::{AtomicI64, Ordering};
use std::task::{Context, Poll, Waker};

use rusqlite::{Connection, OptionalExtension, params};
use switchyard_network::Timestamp;
use switchyard_network::effects::Effect;
use switchyard_network::model::{NewTransaction, Recorded, Status};
use switchyard_network::recording::{self, ChainKey, Precedents, RecordingUnit};
use switchyard_network::store::StoreError;
use uuid::Uuid;

use crate::effects;
use crate::rows::{db_error, parsed, uuid_text};

/// Records `transaction` by the domain's rules inside the writer's current batch.
pub(crate) fn record(
    db: &Connection,
    transaction: NewTransaction,
    last_created_at: &AtomicI64,
) -> Result<Recorded, StoreError> {
    let mut unit = WriterUnit { db, last_created_at };
    at_once(recording::record(&mut unit, transaction))
}

/// Runs a future that never waits: every step of [`WriterUnit`] answers on this thread at once.
fn at_once<T>(future: impl Future<Output = Result<T, StoreError>>) -> Result<T, StoreError> {
    match pin!(future).poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(outcome) => outcome,
        Poll::Pending => Err(StoreError::Other("a step of the SQLite writer waited".into())),
    }
}

struct WriterUnit<'c> {
    db: &'c Connection,
    /// Creation times handed out so far: the writer commits in the order it stamps.
    last_created_at: &'c AtomicI64,
}

impl RecordingUnit for WriterUnit<'_> {
    async fn hold_chain(&mut self, _chain: &ChainKey<'_>) -> Result<(), StoreError> {
        Ok(())
    }

    async fn precedents(
        &mut self,
        transaction: &NewTransaction,
        chain: Option<&ChainKey<'_>>,
    ) -> Result<Precedents, StoreError> {
        let original = find_duplicate(self.db, transaction.connection_id, &transaction.fingerprint)?;
        let chain_head = match chain {
            Some(chain) if original.is_none() => chain_head(self.db, chain)?,
            _ => None,
        };
        Ok(Precedents { original, chain_head })
    }

    async fn stamp(&mut self, wanted: Timestamp) -> Result<Timestamp, StoreError> {
        Ok(rising(self.last_created_at, wanted))
    }

    async fn retire(&mut self, head: Uuid, successor: Uuid) -> Result<(), StoreError> {
        retire(self.db, head, successor)
    }

    async fn insert(&mut self, transaction: &NewTransaction, replaces: Option<Uuid>) -> Result<bool, StoreError> {
        insert(self.db, transaction, replaces)?;
        effects::write(self.db, &transaction.effects)?;
        Ok(true)
    }

    async fn tell(&mut self, told: &[Effect]) -> Result<(), StoreError> {
        effects::write(self.db, told)
    }
}

/// A creation time after every one handed out before.
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

fn chain_head(db: &Connection, chain: &ChainKey<'_>) -> Result<Option<Uuid>, StoreError> {
    db.prepare_cached(
        "SELECT id FROM transactions WHERE sender_id = ?1 AND receiver_id = ?2 AND document_type = ?3
         AND business_number = ?4 AND replaced_by_id IS NULL",
    )
    .and_then(|mut statement| {
        statement
            .query_row(
                params![
                    uuid_text(chain.sender_id),
                    uuid_text(chain.receiver_id),
                    chain.kind.as_str(),
                    chain.business_number
                ],
                |row| parsed(row, 0),
            )
            .optional()
    })
    .map_err(db_error)
}

fn retire(db: &Connection, head: Uuid, successor: Uuid) -> Result<(), StoreError> {
    db.execute(
        "UPDATE transactions SET replaced_by_id = ?2 WHERE id = ?1",
        params![uuid_text(head), uuid_text(successor)],
    )
    .map_err(db_error)?;
    db.execute(
        "UPDATE transaction_states SET status = 'DROPPED' WHERE transaction_id = ?1 AND status = 'PENDING'",
        [uuid_text(head)],
    )
    .map_err(db_error)?;
    Ok(())
}

fn insert(db: &Connection, transaction: &NewTransaction, replaces: Option<Uuid>) -> Result<(), StoreError> {
    let id = uuid_text(transaction.id);
    db.prepare_cached(
        "INSERT INTO transactions (id, document_type, sender_id, receiver_id, connection_id, flow, delivered,
         created_at, business_number, fingerprint, replaces_id, warnings, order_number)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
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
            transaction.order_number,
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
/// holds it while `PENDING`), none when it was not. The sender, receiver and flow are copied
/// from the transaction's row, written just before, for the history's indexes (migrations 0016
/// and 0018).
pub(crate) fn insert_state(
    db: &Connection,
    id: Uuid,
    delivered_to: Option<Uuid>,
    created_at: Timestamp,
    kind: &str,
    status: &str,
) -> Result<(), StoreError> {
    db.prepare_cached(
        "INSERT INTO transaction_states (transaction_id, delivered_to, created_at, document_type, status, sender_id, flow,
             receiver_id)
         SELECT ?1, ?2, ?3, ?4, ?5, sender_id, flow, receiver_id FROM transactions WHERE id = ?1",
    )
    .and_then(|mut statement| {
        statement.execute(params![uuid_text(id), delivered_to.map(uuid_text), created_at, kind, status])
    })
    .map_err(db_error)?;
    Ok(())
}
