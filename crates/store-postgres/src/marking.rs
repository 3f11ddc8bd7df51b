//! Recording the receiver's reports: all of a batch or none of it. The marked transactions are
//! locked first, so that reports on the same transaction from two processes do not interleave.

use network::Timestamp;
use network::model::{Mark, MarkOutcome, Marked, NewError};
use network::store::StoreError;
use tokio_postgres::Transaction;
use uuid::Uuid;

use crate::errors::insert_error;
use crate::rows::{db_error, get};

/// `Ok(Err(positions))` names the marks that concern no transaction the company received;
/// nothing is written then.
pub(crate) async fn mark(
    db: &Transaction<'_>,
    company_id: Uuid,
    marks: Vec<Mark>,
    at: Timestamp,
) -> Result<Result<Vec<Marked>, Vec<usize>>, StoreError> {
    let ids: Vec<Uuid> = marks.iter().map(|mark| mark.transaction_id).collect();
    let rows = db
        .query(
            "SELECT id FROM transactions WHERE id = ANY($1) AND receiver_id = $2 AND delivered ORDER BY id FOR UPDATE",
            &[&ids, &company_id],
        )
        .await
        .map_err(db_error)?;
    let known: Vec<Uuid> = rows.iter().map(|row| get(row, 0)).collect::<Result<_, _>>()?;
    let unknown: Vec<usize> =
        ids.iter().enumerate().filter(|(_, id)| !known.contains(id)).map(|(position, _)| position).collect();
    if !unknown.is_empty() {
        return Ok(Err(unknown));
    }
    let mut marked = Vec::with_capacity(marks.len());
    for mark in marks {
        marked.push(apply(db, mark, at).await?);
    }
    Ok(Ok(marked))
}

async fn apply(db: &Transaction<'_>, mark: Mark, at: Timestamp) -> Result<Marked, StoreError> {
    let id = mark.transaction_id;
    db.execute("DELETE FROM inbox WHERE transaction_id = $1", &[&id]).await.map_err(db_error)?;
    let error_id = match mark.outcome {
        MarkOutcome::Success => {
            set_status(db, id, "SUCCESS").await?;
            db.execute(
                "UPDATE errors SET resolved_at = $2 WHERE transaction_id = $1 AND resolved_at IS NULL AND origin = 'PROCESSING_FAILED'",
                &[&id, &at],
            )
            .await
            .map_err(db_error)?;
            None
        }
        MarkOutcome::Failure(error) => {
            set_status(db, id, "FAILED").await?;
            Some(open_processing_error(db, id, error).await?)
        }
    };
    Ok(Marked { transaction_id: id, error_id })
}

async fn set_status(db: &Transaction<'_>, id: Uuid, status: &str) -> Result<(), StoreError> {
    db.execute("UPDATE transactions SET status = $2 WHERE id = $1", &[&id, &status]).await.map_err(db_error)?;
    Ok(())
}

/// Reporting the same failure again keeps the error already open instead of opening another.
async fn open_processing_error(db: &Transaction<'_>, id: Uuid, mut error: NewError) -> Result<Uuid, StoreError> {
    let open = db
        .query_opt(
            "SELECT id FROM errors WHERE transaction_id = $1 AND resolved_at IS NULL AND origin = 'PROCESSING_FAILED'
             ORDER BY created_at LIMIT 1",
            &[&id],
        )
        .await
        .map_err(db_error)?;
    if let Some(open) = open {
        return get(&open, 0);
    }
    let row = db
        .query_one("SELECT document_type, business_number FROM transactions WHERE id = $1", &[&id])
        .await
        .map_err(db_error)?;
    let kind: String = get(&row, 0)?;
    error.transaction_type = kind.parse().ok();
    error.transaction_identifier = get(&row, 1)?;
    insert_error(db, &error).await?;
    Ok(error.id)
}
