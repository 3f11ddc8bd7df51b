//! Writing a change's effects (events, jobs, audit entries) in the change's own transaction. A batch's events
//! go in one statement: a bulk mark appends a thousand.

use deadpool_postgres::GenericClient;
use switchyard_network::effects::Effect;
use switchyard_network::model::NewJob;
use switchyard_network::store::StoreError;
use uuid::Uuid;

use crate::prepared;

pub(crate) async fn write(db: &impl GenericClient, effects: &[Effect]) -> Result<(), StoreError> {
    let events = EventColumns::of(effects);
    if !events.ids.is_empty() {
        prepared::execute(
            db,
            "INSERT INTO events (id, company_id, transaction_id, kind, at, detail)
             SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::bigint[], $6::text[])",
            &[&events.ids, &events.companies, &events.transactions, &events.kinds, &events.times, &events.details],
        )
        .await?;
    }
    write_jobs(db, effects).await?;
    write_audit(db, effects).await?;
    crate::webhooks::enqueue(db, effects).await?;
    write_answers(db, effects).await
}

/// The stored answers among `effects`: each refuses the whole change when its request no
/// longer holds its key.
pub(crate) async fn write_answers(db: &impl GenericClient, effects: &[Effect]) -> Result<(), StoreError> {
    for effect in effects {
        if let Effect::Answer(answer) = effect {
            crate::idempotency::answer_with_change(db, answer).await?;
        }
    }
    Ok(())
}

/// The audit log's entries among `effects`.
async fn write_audit(db: &impl GenericClient, effects: &[Effect]) -> Result<(), StoreError> {
    for effect in effects {
        if let Effect::Audit(entry) = effect {
            prepared::execute(
                db,
                "INSERT INTO audit_log (id, company_id, at, actor, action, detail) VALUES ($1, $2, $3, $4, $5, $6)",
                &[
                    &entry.id,
                    &entry.company_id,
                    &entry.at,
                    &entry.actor,
                    &entry.action.as_str(),
                    &entry.detail.to_string(),
                ],
            )
            .await?;
        }
    }
    Ok(())
}

/// The jobs among `effects`, for changes that write their events in a statement of their own.
pub(crate) async fn write_jobs(db: &impl GenericClient, effects: &[Effect]) -> Result<(), StoreError> {
    for effect in effects {
        if let Effect::Job(job) = effect {
            enqueue_job(db, job).await?;
        }
    }
    Ok(())
}

/// The events among some effects as one array per column, for `unnest`.
pub(crate) struct EventColumns {
    pub ids: Vec<Uuid>,
    pub companies: Vec<Uuid>,
    pub transactions: Vec<Option<Uuid>>,
    pub kinds: Vec<&'static str>,
    pub times: Vec<i64>,
    pub details: Vec<Option<String>>,
}

impl EventColumns {
    pub fn of(effects: &[Effect]) -> Self {
        let events: Vec<_> = effects
            .iter()
            .filter_map(|effect| match effect {
                Effect::Event(event) => Some(event),
                Effect::Job(_) | Effect::Audit(_) | Effect::Answer(_) | Effect::Webhook(_) => None,
            })
            .collect();
        Self {
            ids: events.iter().map(|event| event.id).collect(),
            companies: events.iter().map(|event| event.company_id).collect(),
            transactions: events.iter().map(|event| event.transaction_id).collect(),
            kinds: events.iter().map(|event| event.kind.as_str()).collect(),
            times: events.iter().map(|event| event.at).collect(),
            details: events.iter().map(|event| event.detail.as_ref().map(ToString::to_string)).collect(),
        }
    }
}

pub(crate) async fn enqueue_job(db: &impl GenericClient, job: &NewJob) -> Result<(), StoreError> {
    prepared::execute(
        db,
        "INSERT INTO jobs (id, kind, payload, state, created_at, due_at) VALUES ($1, $2, $3, 'PENDING', $4, $5)",
        &[&job.id, &job.kind, &job.payload.to_string(), &job.created_at, &job.due_at],
    )
    .await?;
    Ok(())
}
