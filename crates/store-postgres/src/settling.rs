//! Settling a dispatcher cycle's attempts on PostgreSQL: every settlement of the cycle in one
//! statement, and their events in one more, whatever the number of messages, because each
//! statement is a round trip to the database and a busy dispatcher settles hundreds a second.

use deadpool_postgres::GenericClient;
use switchyard_network::effects::Effect;
use switchyard_network::model::{DeliveryState, Disabling, Settlement};
use switchyard_network::store::StoreError;
use uuid::Uuid;

use crate::prepared;
use crate::rows::{db_error, get};

/// Writes each of `settlements` whose claim still holds; the deliveries of those whose claim
/// had run out.
pub(crate) async fn settle_all(db: &impl GenericClient, settlements: Vec<Settlement>) -> Result<Vec<Uuid>, StoreError> {
    if settlements.is_empty() {
        return Ok(Vec::new());
    }
    let held = settle_held(db, &settlements).await?;
    let mut unsettled = Vec::new();
    let mut effects = Vec::new();
    for (position, settlement) in settlements.into_iter().enumerate() {
        if !held.contains(&position) {
            unsettled.push(settlement.delivery_id);
            continue;
        }
        if let Some(disabling) = settlement.disable {
            effects.extend(disable(db, settlement.webhook_id, disabling).await?);
        }
        effects.extend(settlement.effects);
    }
    crate::effects::write(db, &effects).await?;
    Ok(unsettled)
}

/// The settlements of a cycle (one array per column, in their order) written where their
/// claim still holds; the positions (from 1) of those written. A claim is only ever set on a
/// pending delivery, so it stands for the state; naming the state would let a plan look the row
/// up in the pending index by its endpoint alone, reading the endpoint's whole backlog. The
/// endpoint's row is written only when its failing-since changes: a row updated with every
/// attempt would leave a dead version behind each time, for every send's check of the endpoint
/// to step over.
const SETTLE: &str = "WITH s AS (
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::bigint[], $6::int[],
             $7::bigint[], $8::bigint[], $9::int[], $10::text[], $11::text[], $12::bigint[])
         WITH ORDINALITY AS s (webhook_id, id, claim, state, due_at, attempt, at, duration_ms, status_code,
             error, response, failing_since, position)),
     settled AS (
         UPDATE webhook_deliveries d SET state = s.state, due_at = s.due_at, claim = NULL, claimed_until = NULL
         FROM s WHERE d.webhook_id = s.webhook_id AND d.id = s.id AND d.claim = s.claim
         RETURNING s.position),
     attempts AS (
         INSERT INTO webhook_attempts (webhook_id, delivery_id, attempt, at, duration_ms, status_code, error, response)
         SELECT s.webhook_id, s.id, s.attempt, s.at, s.duration_ms, s.status_code, s.error, s.response
         FROM s JOIN settled USING (position)
         ON CONFLICT (webhook_id, delivery_id, attempt) DO UPDATE SET at = EXCLUDED.at,
             duration_ms = EXCLUDED.duration_ms, status_code = EXCLUDED.status_code, error = EXCLUDED.error,
             response = EXCLUDED.response),
     failing AS (
         UPDATE webhooks w SET failing_since = last.failing_since
         FROM (SELECT DISTINCT ON (s.webhook_id) s.webhook_id, s.failing_since FROM s JOIN settled USING (position)
               ORDER BY s.webhook_id, s.position DESC) last
         WHERE w.id = last.webhook_id AND w.failing_since IS DISTINCT FROM last.failing_since)
     SELECT position FROM settled";

/// Settles, in one statement, the deliveries still held by the claims that tried them: their
/// state and next due time, their attempt, and each endpoint's failing-since as its last
/// settlement left it. The positions in `settlements` of those settled.
async fn settle_held(db: &impl GenericClient, settlements: &[Settlement]) -> Result<Vec<usize>, StoreError> {
    let columns = SettlementColumns::of(settlements);
    // Planned for each cycle, with its arrays, instead of prepared once per connection: a plan
    // kept from when the outbox was small joins the settlements to it by reading the whole
    // outbox, while one made with the cycle's arrays looks each delivery up by its key.
    let rows = db
        .query(
            SETTLE,
            &[
                &columns.webhooks,
                &columns.deliveries,
                &columns.claims,
                &columns.states,
                &columns.due,
                &columns.attempts,
                &columns.times,
                &columns.durations,
                &columns.statuses,
                &columns.errors,
                &columns.responses,
                &columns.failing_since,
            ],
        )
        .await
        .map_err(db_error)?;
    rows.iter().map(|row| Ok(usize::try_from(get::<i64>(row, 0)? - 1).unwrap_or_default())).collect()
}

/// Turns the endpoint off, unless another settlement did first: the effects that tell its
/// company, when this one did.
async fn disable(db: &impl GenericClient, webhook_id: Uuid, disabling: Disabling) -> Result<Vec<Effect>, StoreError> {
    let turned_off = prepared::execute(
        db,
        "UPDATE webhooks SET enabled = false, disabled_reason = $2 WHERE id = $1 AND enabled",
        &[&webhook_id, &disabling.reason],
    )
    .await?;
    Ok(if turned_off == 1 { disabling.effects } else { Vec::new() })
}

/// The settlements as one array per column, for `unnest`.
struct SettlementColumns<'a> {
    webhooks: Vec<Uuid>,
    deliveries: Vec<Uuid>,
    claims: Vec<Uuid>,
    states: Vec<&'static str>,
    due: Vec<i64>,
    attempts: Vec<i32>,
    times: Vec<i64>,
    durations: Vec<i64>,
    statuses: Vec<Option<i32>>,
    errors: Vec<Option<&'a str>>,
    responses: Vec<Option<&'a str>>,
    failing_since: Vec<Option<i64>>,
}

impl<'a> SettlementColumns<'a> {
    fn of(settlements: &'a [Settlement]) -> Self {
        let next: Vec<(DeliveryState, i64)> = settlements.iter().map(Settlement::next_state).collect();
        let attempts = settlements.iter().map(|settlement| &settlement.attempt);
        Self {
            webhooks: settlements.iter().map(|settlement| settlement.webhook_id).collect(),
            deliveries: settlements.iter().map(|settlement| settlement.delivery_id).collect(),
            claims: settlements.iter().map(|settlement| settlement.claim).collect(),
            states: next.iter().map(|(state, _)| state.as_str()).collect(),
            due: next.iter().map(|(_, due_at)| *due_at).collect(),
            attempts: attempts.clone().map(|attempt| i32::try_from(attempt.attempt).unwrap_or(i32::MAX)).collect(),
            times: attempts.clone().map(|attempt| attempt.at).collect(),
            durations: attempts.clone().map(|attempt| i64::try_from(attempt.duration_ms).unwrap_or(i64::MAX)).collect(),
            statuses: attempts.clone().map(|attempt| attempt.status.map(i32::from)).collect(),
            errors: attempts.clone().map(|attempt| attempt.error.as_deref()).collect(),
            responses: attempts.map(|attempt| attempt.response.as_deref()).collect(),
            failing_since: settlements.iter().map(|settlement| settlement.failing_since).collect(),
        }
    }
}
