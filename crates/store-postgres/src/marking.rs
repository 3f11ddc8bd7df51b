//! Recording the receiver's reports: all of a batch or none of it. The marked transactions are
//! locked first, so that reports on the same transaction from two processes do not interleave.

use std::collections::HashSet;

use deadpool_postgres::Transaction;
use switchyard_network::Timestamp;
use switchyard_network::model::{Mark, MarkOutcome, Marked, NewError};
use switchyard_network::store::StoreError;
use uuid::Uuid;

use crate::errors::insert_error;
use crate::prepared;
use crate::rows::get;

/// `Ok(Err(positions))` names the marks that concern no transaction the company received;
/// nothing is written then.
pub(crate) async fn mark(
    db: &Transaction<'_>,
    company_id: Uuid,
    marks: Vec<Mark>,
    at: Timestamp,
) -> Result<Result<Vec<Marked>, Vec<usize>>, StoreError> {
    let ids: Vec<Uuid> = marks.iter().map(|mark| mark.transaction_id).collect();
    let rows = prepared::query(
        db,
        "SELECT transaction_id FROM transaction_states WHERE transaction_id = ANY($1) AND delivered_to = $2
         ORDER BY transaction_id FOR UPDATE",
        &[&ids, &company_id],
    )
    .await?;
    let known: HashSet<Uuid> = rows.iter().map(|row| get(row, 0)).collect::<Result<_, _>>()?;
    let unknown: Vec<usize> =
        ids.iter().enumerate().filter(|(_, id)| !known.contains(id)).map(|(position, _)| position).collect();
    if !unknown.is_empty() {
        return Ok(Err(unknown));
    }
    let successes: Vec<Uuid> = marks
        .iter()
        .filter(|mark| matches!(mark.outcome, MarkOutcome::Success))
        .map(|mark| mark.transaction_id)
        .collect();
    mark_successes(db, &successes, at).await?;
    let mut marked = Vec::with_capacity(marks.len());
    for mark in marks {
        marked.push(match mark.outcome {
            MarkOutcome::Success => Marked { transaction_id: mark.transaction_id, error_id: None },
            MarkOutcome::Failure(error) => mark_failure(db, mark.transaction_id, error).await?,
        });
    }
    Ok(Ok(marked))
}

/// Sets the successes' status, which takes them out of the queue, and resolves their open
/// processing errors, each in one statement for the whole batch.
async fn mark_successes(db: &Transaction<'_>, ids: &[Uuid], at: Timestamp) -> Result<(), StoreError> {
    if ids.is_empty() {
        return Ok(());
    }
    prepared::execute(db, "UPDATE transaction_states SET status = 'SUCCESS', lease_id = NULL, leased_until = NULL WHERE transaction_id = ANY($1)", &[&ids])
        .await?;
    prepared::execute(db, "UPDATE errors SET resolved_at = $2 WHERE resolved_at IS NULL AND origin = 'PROCESSING_FAILED' AND transaction_id = ANY($1)",
        &[&ids, &at],
    ).await?;
    Ok(())
}

async fn mark_failure(db: &Transaction<'_>, id: Uuid, error: NewError) -> Result<Marked, StoreError> {
    prepared::execute(db, "UPDATE transaction_states SET status = 'FAILED', lease_id = NULL, leased_until = NULL WHERE transaction_id = $1", &[&id]).await?;
    Ok(Marked { transaction_id: id, error_id: Some(open_processing_error(db, id, error).await?) })
}

/// Reporting the same failure again keeps the error already open instead of opening another.
async fn open_processing_error(db: &Transaction<'_>, id: Uuid, mut error: NewError) -> Result<Uuid, StoreError> {
    let open = prepared::query_opt(
        db,
        "SELECT id FROM errors WHERE transaction_id = $1 AND resolved_at IS NULL AND origin = 'PROCESSING_FAILED'
             ORDER BY created_at LIMIT 1",
        &[&id],
    )
    .await?;
    if let Some(open) = open {
        // A document delivered again that fails again: the same error, no longer waiting.
        let open: Uuid = get(&open, 0)?;
        prepared::execute(db, "UPDATE errors SET redelivered_at = NULL WHERE id = $1", &[&open]).await?;
        return Ok(open);
    }
    let row = prepared::query_one(db, "SELECT document_type, business_number FROM transactions WHERE id = $1", &[&id])
        .await?;
    let kind: String = get(&row, 0)?;
    error.transaction_type = kind.parse().ok();
    error.transaction_identifier = get(&row, 1)?;
    insert_error(db, &error).await?;
    Ok(error.id)
}
