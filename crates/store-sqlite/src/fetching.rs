//! Noting the receiver's first listing of each transaction, with that listing's effects.

use std::collections::HashSet;

use rusqlite::{Connection, params};
use switchyard_network::Timestamp;
use switchyard_network::effects::Effect;
use switchyard_network::store::StoreError;
use uuid::Uuid;

use crate::rows::{db_error, parsed, uuid_text};

/// Writes the effects of each fetch whose transaction was not listed before, the page's rows
/// noted in one statement.
pub(crate) fn note(
    db: &Connection,
    receiver_id: Uuid,
    fetches: Vec<(Uuid, Vec<Effect>)>,
    at: Timestamp,
) -> Result<(), StoreError> {
    let ids = serde_json::Value::Array(fetches.iter().map(|(id, _)| uuid_text(*id).into()).collect()).to_string();
    let noted: HashSet<Uuid> = db
        .prepare_cached(
            "UPDATE transaction_states SET fetched_at = ?3
             WHERE transaction_id IN (SELECT value FROM json_each(?1)) AND delivered_to = ?2 AND fetched_at IS NULL
             RETURNING transaction_id",
        )
        .and_then(|mut statement| {
            statement.query_map(params![ids, uuid_text(receiver_id), at], |row| parsed(row, 0))?.collect()
        })
        .map_err(db_error)?;
    for (id, effects) in fetches {
        if noted.contains(&id) {
            crate::effects::write(db, &effects)?;
        }
    }
    Ok(())
}
