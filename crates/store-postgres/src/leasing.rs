//! Poller leases on PostgreSQL. Each item is leased by an update whose condition is on the
//! item's own row, so that of two leases taken at once the second, waiting on the row, sees the
//! first's lease when it re-reads the row and leaves the item.

use deadpool_postgres::GenericClient;
use switchyard_network::Timestamp;
use switchyard_network::effects::Effect;
use switchyard_network::model::Lease;
use switchyard_network::store::StoreError;
use uuid::Uuid;

use crate::prepared;
use crate::rows::get;

/// Leases each of `items` that is free, writing the leased ones' effects in the same
/// transaction; returns the leased ones.
pub(crate) async fn take(
    db: &impl GenericClient,
    lease: Lease,
    items: Vec<(Uuid, Vec<Effect>)>,
    at: Timestamp,
) -> Result<Vec<Uuid>, StoreError> {
    let ids: Vec<Uuid> = items.iter().map(|(id, _)| *id).collect();
    let rows = prepared::query(
        db,
        "UPDATE transaction_states SET lease_id = $1, leased_until = $2
         WHERE transaction_id = ANY($3) AND delivered_to = $4 AND status = 'PENDING'
         AND (leased_until IS NULL OR leased_until <= $5)
         RETURNING transaction_id",
        &[&lease.id, &lease.until, &ids, &lease.company_id, &at],
    )
    .await?;
    let leased: Vec<Uuid> = rows.iter().map(|row| get(row, 0)).collect::<Result<_, _>>()?;
    let told: Vec<Effect> =
        items.into_iter().filter(|(id, _)| leased.contains(id)).flat_map(|(_, effects)| effects).collect();
    crate::effects::write(db, &told).await?;
    Ok(leased)
}

pub(crate) async fn extend(db: &impl GenericClient, lease: Lease, at: Timestamp) -> Result<u64, StoreError> {
    prepared::execute(
        db,
        "UPDATE transaction_states SET leased_until = $3
         WHERE lease_id = $1 AND delivered_to = $2 AND status = 'PENDING' AND leased_until > $4",
        &[&lease.id, &lease.company_id, &lease.until, &at],
    )
    .await
}

pub(crate) async fn release(
    db: &impl GenericClient,
    company_id: Uuid,
    lease_id: Uuid,
    at: Timestamp,
) -> Result<u64, StoreError> {
    prepared::execute(
        db,
        "UPDATE transaction_states SET lease_id = NULL, leased_until = NULL
         WHERE lease_id = $1 AND delivered_to = $2 AND status = 'PENDING' AND leased_until > $3",
        &[&lease_id, &company_id, &at],
    )
    .await
}
