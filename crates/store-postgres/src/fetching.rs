//! Noting the receiver's first listing of each transaction, with that listing's effects.

use std::collections::HashSet;

use deadpool_postgres::Transaction;
use switchyard_network::Timestamp;
use switchyard_network::effects::Effect;
use switchyard_network::store::StoreError;
use uuid::Uuid;

use crate::prepared;
use crate::rows::get;

/// Writes the effects of each fetch whose transaction was not listed before. Rows are locked in
/// id order, as marks lock them, so that two pollers and a mark never wait on each other in a
/// circle; a poller that waited finds the row fetched and tells nothing.
pub(crate) async fn note(
    db: &Transaction<'_>,
    receiver_id: Uuid,
    fetches: Vec<(Uuid, Vec<Effect>)>,
    at: Timestamp,
) -> Result<(), StoreError> {
    let ids: Vec<Uuid> = fetches.iter().map(|(id, _)| *id).collect();
    let rows = prepared::query(
        db,
        "WITH first AS (
             SELECT transaction_id FROM transaction_states
             WHERE transaction_id = ANY($1) AND delivered_to = $2 AND fetched_at IS NULL
             ORDER BY transaction_id FOR UPDATE)
         UPDATE transaction_states s SET fetched_at = $3 FROM first
         WHERE s.transaction_id = first.transaction_id RETURNING s.transaction_id",
        &[&ids, &receiver_id, &at],
    )
    .await?;
    let first: HashSet<Uuid> = rows.iter().map(|row| get(row, 0)).collect::<Result<_, _>>()?;
    let effects: Vec<Effect> =
        fetches.into_iter().filter(|(id, _)| first.contains(id)).flat_map(|(_, effects)| effects).collect();
    crate::effects::write(db, &effects).await
}
