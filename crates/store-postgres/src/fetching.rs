//! Noting the receiver's first listing of each transaction, with that listing's effects, in one
//! statement: a poll that finds new documents pays one round trip for telling it.

use deadpool_postgres::GenericClient;
use switchyard_network::Timestamp;
use switchyard_network::effects::Effect;
use switchyard_network::store::StoreError;
use uuid::Uuid;

use crate::effects::EventColumns;
use crate::prepared;

/// Rows are locked in id order, as marks lock them, so that two pollers and a mark never wait
/// on each other in a circle; a poller that waited finds the row fetched and tells nothing.
/// Only the effects of the rows this statement noted are written, events and jobs alike.
const NOTE: &str = "WITH first AS (
        SELECT transaction_id FROM transaction_states
        WHERE transaction_id = ANY($1) AND delivered_to = $2 AND fetched_at IS NULL
        ORDER BY transaction_id FOR UPDATE
    ), noted AS (
        UPDATE transaction_states s SET fetched_at = $3 FROM first
        WHERE s.transaction_id = first.transaction_id RETURNING s.transaction_id
    ), told AS (
        INSERT INTO events (id, company_id, transaction_id, kind, at, detail)
        SELECT e.id, e.company_id, e.transaction_id, e.kind, e.at, e.detail
        FROM unnest($4::uuid[], $5::uuid[], $6::uuid[], $7::text[], $8::bigint[], $9::text[], $10::uuid[])
            AS e(id, company_id, transaction_id, kind, at, detail, fetched)
        WHERE e.fetched IN (SELECT transaction_id FROM noted)
    ), queued AS (
        INSERT INTO jobs (id, kind, payload, state, created_at, due_at)
        SELECT j.id, j.kind, j.payload, 'PENDING', j.created_at, j.due_at
        FROM unnest($11::uuid[], $12::text[], $13::text[], $14::bigint[], $15::bigint[], $16::uuid[])
            AS j(id, kind, payload, created_at, due_at, fetched)
        WHERE j.fetched IN (SELECT transaction_id FROM noted)
    )
    SELECT count(*) FROM noted";

/// Writes the effects of each fetch whose transaction was not listed before.
pub(crate) async fn note(
    db: &impl GenericClient,
    receiver_id: Uuid,
    fetches: Vec<(Uuid, Vec<Effect>)>,
    at: Timestamp,
) -> Result<(), StoreError> {
    let ids: Vec<Uuid> = fetches.iter().map(|(id, _)| *id).collect();
    let owned = |kind_of: fn(&Effect) -> bool| -> (Vec<Effect>, Vec<Uuid>) {
        fetches
            .iter()
            .flat_map(|(id, effects)| {
                effects.iter().filter(|effect| kind_of(effect)).map(|effect| (effect.clone(), *id))
            })
            .unzip()
    };
    let (events, event_owners) = owned(|effect| matches!(effect, Effect::Event(_)));
    let (jobs, job_owners) = owned(|effect| matches!(effect, Effect::Job(_)));
    let events = EventColumns::of(&events);
    let jobs = JobColumns::of(&jobs);
    prepared::query_one(
        db,
        NOTE,
        &[
            &ids,
            &receiver_id,
            &at,
            &events.ids,
            &events.companies,
            &events.transactions,
            &events.kinds,
            &events.times,
            &events.details,
            &event_owners,
            &jobs.ids,
            &jobs.kinds,
            &jobs.payloads,
            &jobs.created,
            &jobs.due,
            &job_owners,
        ],
    )
    .await?;
    Ok(())
}

/// The jobs among some effects as one array per column, for `unnest`.
struct JobColumns {
    ids: Vec<Uuid>,
    kinds: Vec<String>,
    payloads: Vec<String>,
    created: Vec<i64>,
    due: Vec<i64>,
}

impl JobColumns {
    fn of(effects: &[Effect]) -> Self {
        let jobs: Vec<_> = effects
            .iter()
            .filter_map(|effect| match effect {
                Effect::Job(job) => Some(job),
                Effect::Event(_) | Effect::Audit(_) | Effect::Answer(_) | Effect::Webhook(_) => None,
            })
            .collect();
        Self {
            ids: jobs.iter().map(|job| job.id).collect(),
            kinds: jobs.iter().map(|job| job.kind.clone()).collect(),
            payloads: jobs.iter().map(|job| job.payload.to_string()).collect(),
            created: jobs.iter().map(|job| job.created_at).collect(),
            due: jobs.iter().map(|job| job.due_at).collect(),
        }
    }
}
