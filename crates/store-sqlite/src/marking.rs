//! Recording the receiver's reports: all of a batch or none of it.

use std::collections::HashSet;

use rusqlite::{Connection, OptionalExtension, params};
use switchyard_network::Timestamp;
use switchyard_network::effects::Effect;
use switchyard_network::model::{Mark, MarkOutcome, Marked, MarksAnswer, NewError};
use switchyard_network::store::StoreError;
use uuid::Uuid;

use crate::errors::insert_error;
use crate::rows::{db_error, parsed, uuid_text};

/// `Ok(Err(positions))` names the marks that concern no transaction the company received;
/// nothing is written then.
pub(crate) fn mark(
    db: &Connection,
    company_id: Uuid,
    marks: Vec<Mark>,
    effects: &[Effect],
    at: Timestamp,
    answer: Option<&MarksAnswer>,
) -> Result<Result<Vec<Marked>, Vec<usize>>, StoreError> {
    let ids: Vec<Uuid> = marks.iter().map(|mark| mark.transaction_id).collect();
    let company = uuid_text(company_id);
    // Marks are written first and checked by what they changed, which saves looking every id
    // up twice. A refused batch is not a failed job, so the writer would keep its changes: it
    // takes them back itself.
    db.execute_batch("SAVEPOINT marks").map_err(db_error)?;
    // The reports' own events come first in each story, before any error they open.
    let written = crate::effects::write(db, effects)
        .and_then(|()| write_marks(db, &company, marks, at))
        .and_then(|marked| answered(db, marked, answer));
    if !matches!(written, Ok(Some(_))) {
        db.execute_batch("ROLLBACK TO marks").map_err(db_error)?;
    }
    db.execute_batch("RELEASE marks").map_err(db_error)?;
    match written? {
        Some(marked) => Ok(Ok(marked)),
        None => Ok(Err(not_received(db, &company, &ids)?)),
    }
}

/// Stores the answer of the marks written, when one is asked for.
fn answered(
    db: &Connection,
    marked: Option<Vec<Marked>>,
    answer: Option<&MarksAnswer>,
) -> Result<Option<Vec<Marked>>, StoreError> {
    if let (Some(marked), Some(answer)) = (&marked, answer) {
        crate::idempotency::answer_with_change(db, &answer(marked))?;
    }
    Ok(marked)
}

/// `None` as soon as a mark turns out to concern no transaction delivered to `company`.
fn write_marks(
    db: &Connection,
    company: &str,
    marks: Vec<Mark>,
    at: Timestamp,
) -> Result<Option<Vec<Marked>>, StoreError> {
    let successes: Vec<Uuid> = marks
        .iter()
        .filter(|mark| matches!(mark.outcome, MarkOutcome::Success))
        .map(|mark| mark.transaction_id)
        .collect();
    if !mark_successes(db, company, &successes, at)? {
        return Ok(None);
    }
    let mut marked = Vec::with_capacity(marks.len());
    for mark in marks {
        let transaction_id = mark.transaction_id;
        match mark.outcome {
            MarkOutcome::Success => marked.push(Marked { transaction_id, error_id: None }),
            MarkOutcome::Failure(error) => match mark_failure(db, company, transaction_id, error)? {
                Some(failed) => marked.push(failed),
                None => return Ok(None),
            },
        }
    }
    Ok(Some(marked))
}

/// A JSON array of ids, for `json_each`: one statement serves a whole batch.
fn id_list(ids: &[Uuid]) -> String {
    serde_json::Value::Array(ids.iter().map(|id| serde_json::Value::String(uuid_text(*id))).collect()).to_string()
}

/// Sets the successes' status, which takes them out of the queue; says whether every one was
/// delivered to `company`.
fn mark_successes(db: &Connection, company: &str, ids: &[Uuid], at: Timestamp) -> Result<bool, StoreError> {
    if ids.is_empty() {
        return Ok(true);
    }
    let list = id_list(ids);
    let distinct = ids.iter().collect::<HashSet<_>>().len();
    // Only a failure report opens a processing error, and it sets FAILED, which nothing but
    // another report changes: the others have no error to resolve, and leaving the FAILED ones
    // to a second statement spares the usual batch a lookup in `errors` for each id.
    let pending = db
        .prepare_cached(
            "UPDATE transaction_states SET status = 'SUCCESS', lease_id = NULL, leased_until = NULL
             WHERE transaction_id IN (SELECT value FROM json_each(?2)) AND delivered_to = ?1 AND status <> 'FAILED'",
        )
        .and_then(|mut statement| statement.execute(params![company, list]))
        .map_err(db_error)?;
    resolve_redelivered(db, &list, at)?;
    if pending == distinct {
        return Ok(true);
    }
    let failed = mark_failed_ones_succeeded(db, company, &list, at)?;
    Ok(pending + failed == distinct)
}

/// Resolves the errors of those of `list` that people delivered again after a failure: the
/// success is what they waited for. The partial index holds only errors waiting so, which is
/// almost always none.
fn resolve_redelivered(db: &Connection, list: &str, at: Timestamp) -> Result<(), StoreError> {
    db.prepare_cached(
        "UPDATE errors SET resolved_at = ?2 WHERE redelivered_at IS NOT NULL AND resolved_at IS NULL
         AND transaction_id IN (SELECT value FROM json_each(?1))",
    )
    .and_then(|mut statement| statement.execute(params![list, at]))
    .map_err(db_error)?;
    Ok(())
}

/// Those of `list` that had failed before, with their open processing errors resolved.
fn mark_failed_ones_succeeded(db: &Connection, company: &str, list: &str, at: Timestamp) -> Result<usize, StoreError> {
    let failed = db
        .prepare_cached(
            "UPDATE transaction_states SET status = 'SUCCESS', lease_id = NULL, leased_until = NULL
             WHERE transaction_id IN (SELECT value FROM json_each(?2)) AND delivered_to = ?1 AND status = 'FAILED'",
        )
        .and_then(|mut statement| statement.execute(params![company, list]))
        .map_err(db_error)?;
    if failed > 0 {
        db.prepare_cached(
            "UPDATE errors SET resolved_at = ?2 WHERE resolved_at IS NULL AND origin = 'PROCESSING_FAILED'
             AND transaction_id IN (SELECT value FROM json_each(?1))",
        )
        .and_then(|mut statement| statement.execute(params![list, at]))
        .map_err(db_error)?;
    }
    Ok(failed)
}

/// `None` when the transaction was not delivered to `company`.
fn mark_failure(db: &Connection, company: &str, id: Uuid, error: NewError) -> Result<Option<Marked>, StoreError> {
    let text = uuid_text(id);
    let updated = db
        .prepare_cached(
            "UPDATE transaction_states SET status = 'FAILED', lease_id = NULL, leased_until = NULL
             WHERE transaction_id = ?1 AND delivered_to = ?2",
        )
        .and_then(|mut statement| statement.execute([&text, company]))
        .map_err(db_error)?;
    if updated == 0 {
        return Ok(None);
    }
    Ok(Some(Marked { transaction_id: id, error_id: Some(open_processing_error(db, &text, error)?) }))
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
        // A document delivered again that fails again: the same error, no longer waiting.
        db.prepare_cached("UPDATE errors SET redelivered_at = NULL WHERE id = ?1")
            .and_then(|mut statement| statement.execute([uuid_text(open)]))
            .map_err(db_error)?;
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

/// The positions of those of `ids` not delivered to `company`.
fn not_received(db: &Connection, company: &str, ids: &[Uuid]) -> Result<Vec<usize>, StoreError> {
    let mut statement = db
        .prepare_cached(
            // Driven by the id list (CROSS JOIN fixes the order): looking the ids up beats
            // scanning all of the receiver's transactions for them.
            "SELECT s.transaction_id FROM json_each(?2) AS j CROSS JOIN transaction_states AS s
             ON s.transaction_id = j.value WHERE s.delivered_to = ?1",
        )
        .map_err(db_error)?;
    let received: HashSet<Uuid> = statement
        .query_map(params![company, id_list(ids)], |row| parsed(row, 0))
        .map_err(db_error)?
        .collect::<Result<_, _>>()
        .map_err(db_error)?;
    Ok(ids.iter().enumerate().filter(|(_, id)| !received.contains(id)).map(|(position, _)| position).collect())
}
