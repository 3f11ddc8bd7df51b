//! The webhook outbox on SQLite: due deliveries found on a reader and claimed by the writer
//! (only those still unclaimed), attempts settled, deliveries listed and retried.

use rusqlite::{Connection, OptionalExtension, Row, params};
use switchyard_network::Timestamp;
use switchyard_network::model::{AttemptRecord, ClaimedDelivery, DeliveryRecord, Settlement};
use switchyard_network::store::StoreError;
use uuid::Uuid;

use crate::conditions::limit_clause;
use crate::rows::{db_error, parsed, parsed_opt, uuid_text};
use crate::webhooks::{WEBHOOK_COLUMNS, webhook_from_row};

/// Deliveries a dispatcher may claim (delivery, endpoint), and the endpoints looked into that
/// had nothing due.
pub(crate) type Candidates = (Vec<(Uuid, Uuid)>, Vec<Uuid>);

/// Due deliveries a dispatcher may claim, oldest due first: for each enabled endpoint not
/// `saturated`, its `per_endpoint` oldest due and unclaimed ones. One look into each endpoint's
/// part of the index, so that a backlog (an endpoint down or slow) costs the others nothing.
pub(crate) fn candidates(
    db: &Connection,
    at: Timestamp,
    saturated: &[Uuid],
    per_endpoint: usize,
) -> Result<Candidates, StoreError> {
    let mut endpoints = db.prepare_cached("SELECT id FROM webhooks WHERE enabled = 1").map_err(db_error)?;
    let endpoints: Vec<Uuid> =
        endpoints.query_map([], |row| parsed(row, 0)).map_err(db_error)?.collect::<Result<_, _>>().map_err(db_error)?;
    let mut due = db
        .prepare_cached(&format!(
            "SELECT id, due_at FROM webhook_deliveries WHERE webhook_id = ?1 AND state = 'PENDING' AND due_at <= ?2
             AND (claimed_until IS NULL OR claimed_until <= ?2) ORDER BY due_at {}",
            limit_clause(per_endpoint)
        ))
        .map_err(db_error)?;
    let mut found: Vec<(Timestamp, Uuid, Uuid)> = Vec::new();
    let mut nothing_due = Vec::new();
    for endpoint in endpoints.into_iter().filter(|endpoint| !saturated.contains(endpoint)) {
        let before = found.len();
        let rows = due
            .query_map(params![uuid_text(endpoint), at], |row| Ok((row.get(1)?, parsed(row, 0)?, endpoint)))
            .map_err(db_error)?;
        for row in rows {
            found.push(row.map_err(db_error)?);
        }
        if found.len() == before {
            nothing_due.push(endpoint);
        }
    }
    found.sort_by_key(|(due_at, _, _)| *due_at);
    Ok((found.into_iter().map(|(_, delivery, endpoint)| (delivery, endpoint)).collect(), nothing_due))
}

/// Claims those of `picked` still pending and unclaimed at `at`, of endpoints still enabled
/// (another dispatcher may have taken some since they were read, or a settlement turned their
/// endpoint off); returns the claimed ones with what sending them takes.
pub(crate) fn take(
    db: &Connection,
    picked: &[(Uuid, Uuid)],
    at: Timestamp,
    claimed_until: Timestamp,
) -> Result<Vec<ClaimedDelivery>, StoreError> {
    let claim = switchyard_network::new_id();
    let mut update = db
        .prepare_cached(
            "UPDATE webhook_deliveries SET claim = ?2, claimed_until = ?3, attempts = attempts + 1
             WHERE webhook_id = ?5 AND id = ?1 AND state = 'PENDING' AND (claimed_until IS NULL OR claimed_until <= ?4)
             AND EXISTS (SELECT 1 FROM webhooks WHERE id = ?5 AND enabled = 1)",
        )
        .map_err(db_error)?;
    let mut taken = Vec::with_capacity(picked.len());
    for (id, endpoint) in picked {
        let values = params![uuid_text(*id), uuid_text(claim), claimed_until, at, uuid_text(*endpoint)];
        if update.execute(values).map_err(db_error)? == 1 {
            taken.push(claimed(db, *endpoint, *id)?);
        }
    }
    Ok(taken)
}

fn claimed(db: &Connection, endpoint: Uuid, id: Uuid) -> Result<ClaimedDelivery, StoreError> {
    let sql = format!(
        "SELECT d.id, d.event, d.transaction_id, d.data, d.occurred_at, d.created_at, d.attempts, d.claim, {WEBHOOK_COLUMNS}
         FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id WHERE d.webhook_id = ?1 AND d.id = ?2"
    );
    let mut statement = db.prepare_cached(&sql).map_err(db_error)?;
    statement
        .query_row([uuid_text(endpoint), uuid_text(id)], |row| {
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

/// Writes each of `settlements` whose claim still holds; the deliveries of those whose claim
/// had run out.
pub(crate) fn settle_all(db: &Connection, settlements: &[Settlement]) -> Result<Vec<Uuid>, StoreError> {
    let mut unsettled = Vec::new();
    for settlement in settlements {
        if !settle(db, settlement)? {
            unsettled.push(settlement.delivery_id);
        }
    }
    Ok(unsettled)
}

fn settle(db: &Connection, settlement: &Settlement) -> Result<bool, StoreError> {
    let delivery = uuid_text(settlement.delivery_id);
    let endpoint = uuid_text(settlement.webhook_id);
    let held: Option<i64> = db
        .prepare_cached(
            "SELECT 1 FROM webhook_deliveries WHERE webhook_id = ?3 AND id = ?1 AND claim = ?2 AND state = 'PENDING'",
        )
        .and_then(|mut held| {
            held.query_row([&delivery, &uuid_text(settlement.claim), &endpoint], |row| row.get(0)).optional()
        })
        .map_err(db_error)?;
    if held.is_none() {
        return Ok(false);
    }
    insert_attempt(db, settlement.webhook_id, settlement.delivery_id, &settlement.attempt)?;
    let (state, due_at) = settlement.next_state();
    execute_cached(
        db,
        "UPDATE webhook_deliveries SET state = ?2, due_at = ?3, claim = NULL, claimed_until = NULL
         WHERE webhook_id = ?4 AND id = ?1",
        params![delivery, state.as_str(), due_at, endpoint],
    )?;
    execute_cached(
        db,
        "UPDATE webhooks SET failing_since = ?2 WHERE id = ?1 AND failing_since IS NOT ?2",
        params![endpoint, settlement.failing_since],
    )?;
    if let Some(disabling) = &settlement.disable {
        let turned_off = execute_cached(
            db,
            "UPDATE webhooks SET enabled = 0, disabled_reason = ?2 WHERE id = ?1 AND enabled = 1",
            params![endpoint, disabling.reason],
        )?;
        if turned_off == 1 {
            crate::effects::write(db, &disabling.effects)?;
        }
    }
    crate::effects::write(db, &settlement.effects)?;
    Ok(true)
}

/// Runs `sql` from the connection's statement cache: the dispatcher settles attempts on the
/// single writer, where parsing the same statements again for each one showed in its profile.
fn execute_cached(db: &Connection, sql: &str, values: impl rusqlite::Params) -> Result<usize, StoreError> {
    db.prepare_cached(sql).and_then(|mut statement| statement.execute(values)).map_err(db_error)
}

fn insert_attempt(
    db: &Connection,
    webhook_id: Uuid,
    delivery_id: Uuid,
    attempt: &AttemptRecord,
) -> Result<(), StoreError> {
    db.prepare_cached(
        "INSERT OR REPLACE INTO webhook_attempts (webhook_id, delivery_id, attempt, at, duration_ms, status_code, error,
         response) VALUES (?8, ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
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
            uuid_text(webhook_id),
        ])
    })
    .map_err(db_error)?;
    Ok(())
}

/// A delivery `?1` of company `?2`, looked up under each of the company's endpoints.
const OF_COMPANY: &str =
    "id = ?1 AND company_id = ?2 AND webhook_id IN (SELECT id FROM webhooks WHERE company_id = ?2)";

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
         ORDER BY id DESC LIMIT ?3"
    );
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let mut statement = db.prepare_cached(&sql).map_err(db_error)?;
    let mut deliveries: Vec<DeliveryRecord> = statement
        .query_map(params![uuid_text(webhook_id), uuid_text(company_id), limit], delivery_from_row)
        .map_err(db_error)?
        .collect::<Result<_, _>>()
        .map_err(db_error)?;
    for delivery in &mut deliveries {
        delivery.attempts = attempts_of(db, delivery.webhook_id, delivery.id)?;
    }
    Ok(deliveries)
}

pub(crate) fn find(db: &Connection, company_id: Uuid, id: Uuid) -> Result<Option<DeliveryRecord>, StoreError> {
    let sql = format!("SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries WHERE {OF_COMPANY}");
    let found =
        db.query_row(&sql, [uuid_text(id), uuid_text(company_id)], delivery_from_row).optional().map_err(db_error)?;
    let Some(mut delivery) = found else { return Ok(None) };
    delivery.attempts = attempts_of(db, delivery.webhook_id, delivery.id)?;
    Ok(Some(delivery))
}

fn attempts_of(db: &Connection, webhook_id: Uuid, delivery_id: Uuid) -> Result<Vec<AttemptRecord>, StoreError> {
    let mut statement = db
        .prepare_cached(
            "SELECT attempt, at, duration_ms, status_code, error, response FROM webhook_attempts
             WHERE webhook_id = ?2 AND delivery_id = ?1 ORDER BY attempt",
        )
        .map_err(db_error)?;
    let rows = statement
        .query_map([uuid_text(delivery_id), uuid_text(webhook_id)], |row| {
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
            &format!(
                "UPDATE webhook_deliveries SET state = 'PENDING', due_at = ?3, claim = NULL, claimed_until = NULL
                 WHERE {OF_COMPANY}"
            ),
            params![uuid_text(id), uuid_text(company_id), at],
        )
        .map_err(db_error)?;
    if updated == 0 { Err(StoreError::NotFound) } else { Ok(()) }
}
