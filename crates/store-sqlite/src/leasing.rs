//! Poller leases on SQLite: the single writer makes checking and taking an item's lease one
//! step, so two leases taken at once never share an item.

use rusqlite::{Connection, params};
use switchyard_network::Timestamp;
use switchyard_network::effects::Effect;
use switchyard_network::model::Lease;
use switchyard_network::store::StoreError;
use uuid::Uuid;

use crate::rows::{db_error, uuid_text};

/// Leases each of `items` that is free, writing its effects; returns the leased ones.
pub(crate) fn take(
    db: &Connection,
    lease: Lease,
    items: Vec<(Uuid, Vec<Effect>)>,
    at: Timestamp,
) -> Result<Vec<Uuid>, StoreError> {
    let mut statement = db
        .prepare_cached(
            "UPDATE transaction_states SET lease_id = ?1, leased_until = ?2
             WHERE transaction_id = ?3 AND delivered_to = ?4 AND status = 'PENDING'
             AND (leased_until IS NULL OR leased_until <= ?5)",
        )
        .map_err(db_error)?;
    let (id, company) = (uuid_text(lease.id), uuid_text(lease.company_id));
    let mut leased = Vec::with_capacity(items.len());
    for (item, effects) in items {
        let taken = statement.execute(params![id, lease.until, uuid_text(item), company, at]).map_err(db_error)?;
        if taken == 1 {
            crate::effects::write(db, &effects)?;
            leased.push(item);
        }
    }
    Ok(leased)
}

pub(crate) fn extend(db: &Connection, lease: Lease, at: Timestamp) -> Result<u64, StoreError> {
    let held = db
        .prepare_cached(
            "UPDATE transaction_states SET leased_until = ?3
             WHERE lease_id = ?1 AND delivered_to = ?2 AND status = 'PENDING' AND leased_until > ?4",
        )
        .and_then(|mut statement| {
            statement.execute(params![uuid_text(lease.id), uuid_text(lease.company_id), lease.until, at])
        })
        .map_err(db_error)?;
    Ok(held as u64)
}

pub(crate) fn release(db: &Connection, company_id: Uuid, lease_id: Uuid, at: Timestamp) -> Result<u64, StoreError> {
    let held = db
        .prepare_cached(
            "UPDATE transaction_states SET lease_id = NULL, leased_until = NULL
             WHERE lease_id = ?1 AND delivered_to = ?2 AND status = 'PENDING' AND leased_until > ?3",
        )
        .and_then(|mut statement| statement.execute(params![uuid_text(lease_id), uuid_text(company_id), at]))
        .map_err(db_error)?;
    Ok(held as u64)
}
