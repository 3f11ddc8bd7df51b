//! Recording the receiver's reports: all of a batch or none of it.

use network::Timestamp;
use network::model::{Mark, MarkOutcome, Marked, NewError};
use network::store::StoreError;
use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use crate::errors::insert_error;
use crate::rows::{db_error, parsed, uuid_text};

/// `Ok(Err(positions))` names the marks that concern no transaction the company received;
/// nothing is written then.
pub(crate) fn mark(
    db: &Connection,
    company_id: Uuid,
    marks: Vec<Mark>,
    at: Timestamp,
) -> Result<Result<Vec<Marked>, Vec<usize>>, StoreError> {
    let mut unknown = Vec::new();
    for (position, mark) in marks.iter().enumerate() {
        if !was_delivered_to(db, company_id, mark.transaction_id)? {
            unknown.push(position);
        }
    }
    if !unknown.is_empty() {
        return Ok(Err(unknown));
    }
    marks.into_iter().map(|mark| apply(db, mark, at)).collect::<Result<Vec<_>, _>>().map(Ok)
}

fn was_delivered_to(db: &Connection, company_id: Uuid, id: Uuid) -> Result<bool, StoreError> {
    db.prepare_cached("SELECT 1 FROM transactions WHERE id = ?1 AND receiver_id = ?2 AND delivered = 1")
        .and_then(|mut statement| statement.exists(params![uuid_text(id), uuid_text(company_id)]))
        .map_err(db_error)
}

fn apply(db: &Connection, mark: Mark, at: Timestamp) -> Result<Marked, StoreError> {
    let id = uuid_text(mark.transaction_id);
    db.execute("DELETE FROM inbox WHERE transaction_id = ?1", [&id]).map_err(db_error)?;
    let error_id = match mark.outcome {
        MarkOutcome::Success => {
            set_status(db, &id, "SUCCESS")?;
            db.execute(
                "UPDATE errors SET resolved_at = ?2 WHERE transaction_id = ?1 AND resolved_at IS NULL
                 AND origin = 'PROCESSING_FAILED'",
                params![id, at],
            )
            .map_err(db_error)?;
            None
        }
        MarkOutcome::Failure(error) => {
            set_status(db, &id, "FAILED")?;
            Some(open_processing_error(db, &id, error)?)
        }
    };
    Ok(Marked { transaction_id: mark.transaction_id, error_id })
}

fn set_status(db: &Connection, id: &str, status: &str) -> Result<(), StoreError> {
    db.prepare_cached("UPDATE transactions SET status = ?2 WHERE id = ?1")
        .and_then(|mut statement| statement.execute(params![id, status]))
        .map_err(db_error)?;
    Ok(())
}

/// Reporting the same failure again keeps the error already open instead of opening another.
fn open_processing_error(db: &Connection, id: &str, mut error: NewError) -> Result<Uuid, StoreError> {
    let open: Option<Uuid> = db
        .query_row(
            "SELECT id FROM errors WHERE transaction_id = ?1 AND resolved_at IS NULL AND origin = 'PROCESSING_FAILED'
             ORDER BY created_at LIMIT 1",
            [id],
            |row| parsed(row, 0),
        )
        .optional()
        .map_err(db_error)?;
    if let Some(open) = open {
        return Ok(open);
    }
    let (kind, number): (String, Option<String>) = db
        .query_row("SELECT document_type, business_number FROM transactions WHERE id = ?1", [id], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })
        .map_err(db_error)?;
    error.transaction_type = kind.parse().ok();
    error.transaction_identifier = number;
    insert_error(db, &error)?;
    Ok(error.id)
}
