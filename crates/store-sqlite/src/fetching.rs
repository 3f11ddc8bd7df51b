//! Noting the receiver's first listing of each transaction, with that listing's effects.

use rusqlite::{Connection, params};
use switchyard_network::Timestamp;
use switchyard_network::effects::Effect;
use switchyard_network::store::StoreError;
use uuid::Uuid;

use crate::rows::{db_error, uuid_text};

/// Writes the effects of each fetch whose transaction was not listed before.
pub(crate) fn note(
    db: &Connection,
    receiver_id: Uuid,
    fetches: Vec<(Uuid, Vec<Effect>)>,
    at: Timestamp,
) -> Result<(), StoreError> {
    let receiver = uuid_text(receiver_id);
    for (transaction_id, effects) in fetches {
        let first = db
            .prepare_cached(
                "UPDATE transaction_states SET fetched_at = ?3
                 WHERE transaction_id = ?1 AND delivered_to = ?2 AND fetched_at IS NULL",
            )
            .and_then(|mut statement| statement.execute(params![uuid_text(transaction_id), receiver, at]))
            .map_err(db_error)?;
        if first == 1 {
            crate::effects::write(db, &effects)?;
        }
    }
    Ok(())
}
