//! The webhook outbox on PostgreSQL: due deliveries claimed with `FOR UPDATE SKIP LOCKED`, so
//! that dispatchers in several processes never claim one delivery twice (settled in
//! `settling`); deliveries listed and retried.

use std::collections::HashMap;
use std::sync::LazyLock;

use deadpool_postgres::GenericClient;
use switchyard_network::Timestamp;
use switchyard_network::model::webhook::pick;
use switchyard_network::model::{AttemptRecord, Claimed, ClaimedDelivery, DeliveryRecord};
use switchyard_network::store::StoreError;
use tokio_postgres::Row;
use uuid::Uuid;

use crate::prepared;
use crate::rows::{get, parsed};
use crate::webhooks::{WEBHOOK_COLUMNS, webhook_from_row};

pub(crate) async fn claim(
    db: &impl GenericClient,
    at: Timestamp,
    claimed_until: Timestamp,
    in_flight: &HashMap<Uuid, usize>,
    per_endpoint: usize,
    limit: usize,
) -> Result<Claimed, StoreError> {
    let saturated: Vec<Uuid> =
        in_flight.iter().filter(|(_, count)| **count >= per_endpoint).map(|(id, _)| *id).collect();
    let room = i64::try_from(per_endpoint).unwrap_or(i64::MAX);
    // Candidates are read without locks, for each enabled endpoint not saturated its oldest due
    // and unclaimed ones (one look into its part of the index, so that an endpoint's backlog
    // costs the others nothing; an endpoint with nothing due comes back alone); the claim then takes, of those picked, the rows no other
    // dispatcher holds or took meanwhile (SKIP LOCKED, and the conditions checked again on
    // each row), so that dispatchers in several processes never wait for or share one.
    let rows = prepared::query(
        db,
        "SELECT p.id, w.id, p.due_at FROM webhooks w LEFT JOIN LATERAL
         (SELECT d.id, d.due_at FROM webhook_deliveries d WHERE d.webhook_id = w.id AND d.state = 'PENDING'
          AND d.due_at <= $1 AND (d.claimed_until IS NULL OR d.claimed_until <= $1) ORDER BY d.due_at LIMIT $3) p ON true
         WHERE w.enabled AND NOT (w.id = ANY($2)) ORDER BY p.due_at",
        &[&at, &saturated, &room],
    )
    .await?;
    let mut due_at: HashMap<Uuid, Timestamp> = HashMap::with_capacity(rows.len());
    let mut candidates: Vec<(Uuid, Uuid)> = Vec::with_capacity(rows.len());
    let mut nothing_due = Vec::new();
    for row in &rows {
        match get::<Option<Uuid>>(row, 0)? {
            Some(id) => {
                candidates.push((id, get(row, 1)?));
                due_at.insert(id, get(row, 2)?);
            }
            None => nothing_due.push(get(row, 1)?),
        }
    }
    let picked = pick(&candidates, in_flight, per_endpoint, limit);
    if picked.is_empty() {
        return Ok(Claimed { nothing_due, ..Claimed::default() });
    }
    let claim = switchyard_network::new_id();
    let due: Vec<Timestamp> = picked.iter().map(|(id, _)| due_at[id]).collect();
    let (ids, endpoints): (Vec<Uuid>, Vec<Uuid>) = picked.into_iter().unzip();
    // Planned for each call with its arrays, as the settlement is: the LATERAL keeps the look-up
    // to one row each whatever the plan, but not the update's join, which a plan kept from when
    // the outbox was small makes by the endpoint alone (seen with generic plans forced: 3-4 ms
    // a call once the outbox had grown). Each call was planned anyway, so this costs a parse.
    let rows = db
        .query(CLAIM.as_str(), &[&ids, &claim, &claimed_until, &at, &endpoints, &due])
        .await
        .map_err(crate::rows::db_error)?;
    let mut deliveries: Vec<ClaimedDelivery> = rows.iter().map(claimed_from_row).collect::<Result<_, _>>()?;
    deliveries.sort_by_key(|delivery| due_at[&delivery.id]);
    Ok(Claimed { deliveries, nothing_due, unsettled: Vec::new() })
}

/// Claims the picked deliveries (`$5` endpoints, `$1` ids, `$6` the due times they were read
/// with) for claim `$2` until `$3`, and returns them with their endpoints, so that a claim is
/// one statement: the dispatcher claims many times a second, and each statement is a round trip
/// and a plan. Each picked row is looked up on its own (LATERAL: never a scan of the pending
/// rows), by its key and the due time it was read with (a row due at another time has been
/// settled since), so that either index finds it in one step; it is locked unless another
/// dispatcher holds it, and claimed.
static CLAIM: LazyLock<String> = LazyLock::new(|| {
    format!(
        "WITH picked AS (
             SELECT l.webhook_id, l.id FROM unnest($5::uuid[], $1::uuid[], $6::bigint[]) AS p (webhook_id, id, due_at)
             CROSS JOIN LATERAL (
                 SELECT d.webhook_id, d.id FROM webhook_deliveries d
                 WHERE d.webhook_id = p.webhook_id AND d.due_at = p.due_at AND d.id = p.id AND d.state = 'PENDING'
                 AND (d.claimed_until IS NULL OR d.claimed_until <= $4)
                 FOR UPDATE SKIP LOCKED) l)
         UPDATE webhook_deliveries d SET claim = $2, claimed_until = $3, attempts = d.attempts + 1
         FROM picked, webhooks w
         WHERE d.webhook_id = picked.webhook_id AND d.id = picked.id AND w.id = d.webhook_id
         RETURNING d.id, d.event, d.transaction_id, d.data, d.occurred_at, d.created_at, d.attempts, d.claim,
             {WEBHOOK_COLUMNS}"
    )
});

fn claimed_from_row(row: &Row) -> Result<ClaimedDelivery, StoreError> {
    let data: Option<String> = get(row, 3)?;
    let attempt: i32 = get(row, 6)?;
    Ok(ClaimedDelivery {
        id: get(row, 0)?,
        event: parsed(row, 1)?,
        transaction_id: get(row, 2)?,
        data: data.and_then(|text| serde_json::from_str(&text).ok()),
        occurred_at: get(row, 4)?,
        created_at: get(row, 5)?,
        attempt: u32::try_from(attempt).unwrap_or_default(),
        claim: get(row, 7)?,
        webhook: webhook_from_row(row, 8)?,
    })
}

/// A delivery `$1` of company `$2`, looked up under each of the company's endpoints.
const OF_COMPANY: &str =
    "id = $1 AND company_id = $2 AND webhook_id IN (SELECT id FROM webhooks WHERE company_id = $2)";

const DELIVERY_COLUMNS: &str = "id, webhook_id, event, transaction_id, state, created_at, due_at";

fn delivery_from_row(row: &Row) -> Result<DeliveryRecord, StoreError> {
    Ok(DeliveryRecord {
        id: get(row, 0)?,
        webhook_id: get(row, 1)?,
        event: parsed(row, 2)?,
        transaction_id: get(row, 3)?,
        state: parsed(row, 4)?,
        created_at: get(row, 5)?,
        due_at: get(row, 6)?,
        attempts: Vec::new(),
    })
}

pub(crate) async fn list(
    db: &impl GenericClient,
    company_id: Uuid,
    webhook_id: Uuid,
    limit: usize,
) -> Result<Vec<DeliveryRecord>, StoreError> {
    let sql = format!(
        "SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries WHERE webhook_id = $1 AND company_id = $2
         ORDER BY id DESC LIMIT $3"
    );
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let rows = prepared::query(db, &sql, &[&webhook_id, &company_id, &limit]).await?;
    let mut deliveries: Vec<DeliveryRecord> = rows.iter().map(delivery_from_row).collect::<Result<_, _>>()?;
    for delivery in &mut deliveries {
        delivery.attempts = attempts_of(db, delivery.webhook_id, delivery.id).await?;
    }
    Ok(deliveries)
}

pub(crate) async fn find(
    db: &impl GenericClient,
    company_id: Uuid,
    id: Uuid,
) -> Result<Option<DeliveryRecord>, StoreError> {
    let sql = format!("SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries WHERE {OF_COMPANY}");
    let Some(row) = prepared::query_opt(db, &sql, &[&id, &company_id]).await? else { return Ok(None) };
    let mut delivery = delivery_from_row(&row)?;
    delivery.attempts = attempts_of(db, delivery.webhook_id, delivery.id).await?;
    Ok(Some(delivery))
}

async fn attempts_of(
    db: &impl GenericClient,
    webhook_id: Uuid,
    delivery_id: Uuid,
) -> Result<Vec<AttemptRecord>, StoreError> {
    let rows = prepared::query(
        db,
        "SELECT attempt, at, duration_ms, status_code, error, response FROM webhook_attempts
         WHERE webhook_id = $2 AND delivery_id = $1 ORDER BY attempt",
        &[&delivery_id, &webhook_id],
    )
    .await?;
    rows.iter()
        .map(|row| {
            let status: Option<i32> = get(row, 3)?;
            Ok(AttemptRecord {
                attempt: u32::try_from(get::<i32>(row, 0)?).unwrap_or_default(),
                at: get(row, 1)?,
                duration_ms: u64::try_from(get::<i64>(row, 2)?).unwrap_or_default(),
                status: status.and_then(|status| u16::try_from(status).ok()),
                error: get(row, 4)?,
                response: get(row, 5)?,
            })
        })
        .collect()
}

pub(crate) async fn retry(
    db: &impl GenericClient,
    company_id: Uuid,
    id: Uuid,
    at: Timestamp,
) -> Result<(), StoreError> {
    let sql = format!(
        "UPDATE webhook_deliveries SET state = 'PENDING', due_at = $3, claim = NULL, claimed_until = NULL WHERE {OF_COMPANY}"
    );
    let updated = prepared::execute(db, &sql, &[&id, &company_id, &at]).await?;
    if updated == 0 { Err(StoreError::NotFound) } else { Ok(()) }
}
