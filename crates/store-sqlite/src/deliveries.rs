//! The webhook outbox on SQLite: due deliveries claimed by a dispatcher (the single writer
//! makes choosing and claiming one step), attempts settled, deliveries listed and retried.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, Row, params};
use switchyard_network::Timestamp;
use switchyard_network::model::webhook::pick;
use switchyard_network::model::{AttemptRecord, ClaimedDelivery, DeliveryRecord, DeliveryState, NextStep, Settlement};
use switchyard_network::store::StoreError;
use uuid::Uuid;

use crate::rows::{db_error, parsed, parsed_opt, uuid_text};
use crate::webhooks::{WEBHOOK_COLUMNS, webhook_from_row};

/// Candidates read per delivery claimed: room for [`pick`] to pass over busy endpoints.
const CANDIDATES_PER_CLAIM: usize = 4;

pub(crate) fn claim(
    db: &Connection,
    at: Timestamp,
    claimed_until: Timestamp,
    in_flight: &HashMap<Uuid, usize>,
    per_endpoint: usize,
    limit: usize,
) -> Result<Vec<ClaimedDelivery>, StoreError> {
    let saturated: Vec<String> =
        in_flight.iter().filter(|(_, count)| **count >= per_endpoint).map(|(id, _)| uuid_text(*id)).collect();
    let saturated = serde_json::Value::from(saturated).to_string();
    let wanted = i64::try_from(limit * CANDIDATES_PER_CLAIM).unwrap_or(i64::MAX);
    let mut statement = db
        .prepare_cached(
            "SELECT d.id, d.webhook_id FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
             WHERE d.state = 'PENDING' AND d.due_at <= ?1 AND (d.claimed_until IS NULL OR d.claimed_until <= ?1)
             AND w.enabled = 1 AND d.webhook_id NOT IN (SELECT value FROM json_each(?2))
             ORDER BY d.due_at LIMIT ?3",
        )
        .map_err(db_error)?;
    let candidates: Vec<(Uuid, Uuid)> = statement
        .query_map(params![at, saturated, wanted], |row| Ok((parsed(row, 0)?, parsed(row, 1)?)))
        .map_err(db_error)?
        .collect::<Result<_, _>>()
        .map_err(db_error)?;
    let picked = pick(&candidates, in_flight, per_endpoint, limit);
    let claim = switchyard_network::new_id();
    let mut update = db
        .prepare_cached(
            "UPDATE webhook_deliveries SET claim = ?2, claimed_until = ?3, attempts = attempts + 1 WHERE id = ?1",
        )
        .map_err(db_error)?;
    for id in &picked {
        update.execute(params![uuid_text(*id), uuid_text(claim), claimed_until]).map_err(db_error)?;
    }
    picked.iter().map(|id| claimed(db, *id)).collect()
}

fn claimed(db: &Connection, id: Uuid) -> Result<ClaimedDelivery, StoreError> {
    let sql = format!(
        "SELECT d.id, d.event, d.transaction_id, d.data, d.occurred_at, d.created_at, d.attempts, d.claim, {WEBHOOK_COLUMNS}
         FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id WHERE d.id = ?1"
    );
    db.query_row(&sql, [uuid_text(id)], |row| {
        let data: Option<String> = row.get(3)?;
        Ok(ClaimedDelivery {
            id: parsed(row, 0)?,
            event: parsed(row, 1)?,
            transaction_id: parsed_opt(row, 2)?,
            data: data.and_then(|text| serde_json::from_str(&text).ok()),
            occurred_at: row.get(4)?,
            created_at: row.get(5)?,
            attempt: row.get(6)?,
            claim: parsed(row, 7)?,
            webhook: webhook_from_row(row, 8)?,
        })
    })
    .map_err(db_error)
}

pub(crate) fn settle(db: &Connection, settlement: &Settlement) -> Result<bool, StoreError> {
    let held: Option<i64> = db
        .query_row(
            "SELECT 1 FROM webhook_deliveries WHERE id = ?1 AND claim = ?2 AND state = 'PENDING'",
            [uuid_text(settlement.delivery_id), uuid_text(settlement.claim)],
            |row| row.get(0),
        )
        .optional()
        .map_err(db_error)?;
    if held.is_none() {
        return Ok(false);
    }
    insert_attempt(db, settlement.delivery_id, &settlement.attempt)?;
    let (state, due_at) = match settlement.next {
        NextStep::Delivered => (DeliveryState::Delivered, settlement.attempt.at),
        NextStep::RetryAt(at) => (DeliveryState::Pending, at),
        NextStep::Failed => (DeliveryState::Failed, settlement.attempt.at),
    };
    db.execute(
        "UPDATE webhook_deliveries SET state = ?2, due_at = ?3, claim = NULL, claimed_until = NULL WHERE id = ?1",
        params![uuid_text(settlement.delivery_id), state.as_str(), due_at],
    )
    .map_err(db_error)?;
    db.execute(
        "UPDATE webhooks SET failing_since = ?2 WHERE id = ?1",
        params![uuid_text(settlement.webhook_id), settlement.failing_since],
    )
    .map_err(db_error)?;
    if let Some(disabling) = &settlement.disable {
        let turned_off = db
            .execute(
                "UPDATE webhooks SET enabled = 0, disabled_reason = ?2 WHERE id = ?1 AND enabled = 1",
                params![uuid_text(settlement.webhook_id), disabling.reason],
            )
            .map_err(db_error)?;
        if turned_off == 1 {
            crate::effects::write(db, &disabling.effects)?;
        }
    }
    crate::effects::write(db, &settlement.effects)?;
    Ok(true)
}

fn insert_attempt(db: &Connection, delivery_id: Uuid, attempt: &AttemptRecord) -> Result<(), StoreError> {
    db.prepare_cached(
        "INSERT OR REPLACE INTO webhook_attempts (delivery_id, attempt, at, duration_ms, status_code, error, response)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )
    .and_then(|mut statement| {
        statement.execute(params![
            uuid_text(delivery_id),
            attempt.attempt,
            attempt.at,
            i64::try_from(attempt.duration_ms).unwrap_or(i64::MAX),
            attempt.status,
            attempt.error,
            attempt.response,
        ])
    })
    .map_err(db_error)?;
    Ok(())
}

const DELIVERY_COLUMNS: &str = "id, webhook_id, event, transaction_id, state, created_at, due_at";

fn delivery_from_row(row: &Row<'_>) -> rusqlite::Result<DeliveryRecord> {
    Ok(DeliveryRecord {
        id: parsed(row, 0)?,
        webhook_id: parsed(row, 1)?,
        event: parsed(row, 2)?,
        transaction_id: parsed_opt(row, 3)?,
        state: parsed(row, 4)?,
        created_at: row.get(5)?,
        due_at: row.get(6)?,
        attempts: Vec::new(),
    })
}

pub(crate) fn list(
    db: &Connection,
    company_id: Uuid,
    webhook_id: Uuid,
    limit: usize,
) -> Result<Vec<DeliveryRecord>, StoreError> {
    let sql = format!(
        "SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries WHERE webhook_id = ?1 AND company_id = ?2
         ORDER BY created_at DESC, id DESC LIMIT ?3"
    );
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let mut statement = db.prepare_cached(&sql).map_err(db_error)?;
    let mut deliveries: Vec<DeliveryRecord> = statement
        .query_map(params![uuid_text(webhook_id), uuid_text(company_id), limit], delivery_from_row)
        .map_err(db_error)?
        .collect::<Result<_, _>>()
        .map_err(db_error)?;
    for delivery in &mut deliveries {
        delivery.attempts = attempts_of(db, delivery.id)?;
    }
    Ok(deliveries)
}

pub(crate) fn find(db: &Connection, company_id: Uuid, id: Uuid) -> Result<Option<DeliveryRecord>, StoreError> {
    let sql = format!("SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries WHERE id = ?1 AND company_id = ?2");
    let found =
        db.query_row(&sql, [uuid_text(id), uuid_text(company_id)], delivery_from_row).optional().map_err(db_error)?;
    let Some(mut delivery) = found else { return Ok(None) };
    delivery.attempts = attempts_of(db, delivery.id)?;
    Ok(Some(delivery))
}

fn attempts_of(db: &Connection, delivery_id: Uuid) -> Result<Vec<AttemptRecord>, StoreError> {
    let mut statement = db
        .prepare_cached(
            "SELECT attempt, at, duration_ms, status_code, error, response FROM webhook_attempts
             WHERE delivery_id = ?1 ORDER BY attempt",
        )
        .map_err(db_error)?;
    let rows = statement
        .query_map([uuid_text(delivery_id)], |row| {
            Ok(AttemptRecord {
                attempt: row.get(0)?,
                at: row.get(1)?,
                duration_ms: u64::try_from(row.get::<_, i64>(2)?).unwrap_or_default(),
                status: row.get(3)?,
                error: row.get(4)?,
                response: row.get(5)?,
            })
        })
        .map_err(db_error)?;
    rows.collect::<Result<_, _>>().map_err(db_error)
}

pub(crate) fn retry(db: &Connection, company_id: Uuid, id: Uuid, at: Timestamp) -> Result<(), StoreError> {
    let updated = db
        .execute(
            "UPDATE webhook_deliveries SET state = 'PENDING', due_at = ?3, claim = NULL, claimed_until = NULL
             WHERE id = ?1 AND company_id = ?2",
            params![uuid_text(id), uuid_text(company_id), at],
        )
        .map_err(db_error)?;
    if updated == 0 { Err(StoreError::NotFound) } else { Ok(()) }
}
