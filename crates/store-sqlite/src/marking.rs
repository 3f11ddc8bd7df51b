//! Recording the receiver's reports: all of a batch or none of it.

use std::collections::HashMap;

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
    let ids = id_list(marks.iter().map(|mark| mark.transaction_id));
    let known = delivered_to(db, company_id, &ids)?;
    let unknown: Vec<usize> = marks
        .iter()
        .enumerate()
        .filter(|(_, mark)| !known.contains_key(&mark.transaction_id))
        .map(|(position, _)| position)
        .collect();
    if !unknown.is_empty() {
        return Ok(Err(unknown));
    }
    let successes: Vec<Uuid> = marks
        .iter()
        .filter(|mark| matches!(mark.outcome, MarkOutcome::Success))
        .map(|mark| mark.transaction_id)
        .collect();
    let rows = serde_json::Value::from(successes.iter().map(|id| known[id]).collect::<Vec<_>>()).to_string();
    // Usually every mark is a success, and the list of all ids is already theirs.
    let success_ids = if successes.len() == marks.len() { ids } else { id_list(successes.into_iter()) };
    mark_successes(db, &rows, &success_ids, at)?;
    marks
        .into_iter()
        .map(|mark| match mark.outcome {
            MarkOutcome::Success => Ok(Marked { transaction_id: mark.transaction_id, error_id: None }),
            MarkOutcome::Failure(error) => mark_failure(db, mark.transaction_id, error),
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Ok)
}

/// A JSON array of ids, for `json_each`: one statement serves a whole batch.
fn id_list(ids: impl Iterator<Item = Uuid>) -> String {
    serde_json::Value::Array(ids.map(|id| serde_json::Value::String(uuid_text(id))).collect()).to_string()
}

/// The state rows of those of `ids` delivered to the company, by transaction id. Only VACUUM
/// renumbers rows, never inside the writer's open transaction, so the update can go by each
/// row's number (`rowid`) instead of looking its id up a second time.
fn delivered_to(db: &Connection, company_id: Uuid, ids: &str) -> Result<HashMap<Uuid, i64>, StoreError> {
    let mut statement = db
        .prepare_cached(
            // Driven by the id list (CROSS JOIN fixes the order): looking the ids up beats
            // scanning all of the receiver's transactions for them.
            "SELECT s.transaction_id, s.rowid FROM json_each(?2) AS j CROSS JOIN transaction_states AS s
             ON s.transaction_id = j.value WHERE s.delivered_to = ?1",
        )
        .map_err(db_error)?;
    let rows = statement
        .query_map(params![uuid_text(company_id), ids], |row| Ok((parsed(row, 0)?, row.get(1)?)))
        .map_err(db_error)?;
    rows.collect::<Result<_, _>>().map_err(db_error)
}

/// Sets the successes' status, which takes them out of the queue, and resolves their open
/// processing errors. `rows` and `ids` are JSON arrays of their state rows and their ids.
fn mark_successes(db: &Connection, rows: &str, ids: &str, at: Timestamp) -> Result<(), StoreError> {
    db.prepare_cached(
        "UPDATE transaction_states SET status = 'SUCCESS' WHERE rowid IN (SELECT value FROM json_each(?1))",
    )
    .and_then(|mut statement| statement.execute([rows]))
    .map_err(db_error)?;
    db.prepare_cached(
        "UPDATE errors SET resolved_at = ?2 WHERE resolved_at IS NULL AND origin = 'PROCESSING_FAILED'
         AND transaction_id IN (SELECT value FROM json_each(?1))",
    )
    .and_then(|mut statement| statement.execute(params![ids, at]))
    .map_err(db_error)?;
    Ok(())
}

fn mark_failure(db: &Connection, id: Uuid, error: NewError) -> Result<Marked, StoreError> {
    let text = uuid_text(id);
    db.prepare_cached("UPDATE transaction_states SET status = 'FAILED' WHERE transaction_id = ?1")
        .and_then(|mut statement| statement.execute([&text]))
        .map_err(db_error)?;
    Ok(Marked { transaction_id: id, error_id: Some(open_processing_error(db, &text, error)?) })
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
