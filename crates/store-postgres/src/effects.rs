//! Writing a change's effects (events, jobs) in the change's own transaction. A batch's events
//! go in one statement: a bulk mark appends a thousand.

use deadpool_postgres::GenericClient;
use switchyard_network::effects::Effect;
use switchyard_network::model::NewJob;
use switchyard_network::store::StoreError;
use uuid::Uuid;

use crate::prepared;

pub(crate) async fn write(db: &impl GenericClient, effects: &[Effect]) -> Result<(), StoreError> {
    let events: Vec<_> = effects
        .iter()
        .filter_map(|effect| match effect {
            Effect::Event(event) => Some(event),
            Effect::Job(_) => None,
        })
        .collect();
    if !events.is_empty() {
        let ids: Vec<Uuid> = events.iter().map(|event| event.id).collect();
        let companies: Vec<Uuid> = events.iter().map(|event| event.company_id).collect();
        let transactions: Vec<Option<Uuid>> = events.iter().map(|event| event.transaction_id).collect();
        let kinds: Vec<&str> = events.iter().map(|event| event.kind.as_str()).collect();
        let times: Vec<i64> = events.iter().map(|event| event.at).collect();
        let details: Vec<Option<String>> =
            events.iter().map(|event| event.detail.as_ref().map(ToString::to_string)).collect();
        prepared::execute(
            db,
            "INSERT INTO events (id, company_id, transaction_id, kind, at, detail)
             SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::bigint[], $6::text[])",
            &[&ids, &companies, &transactions, &kinds, &times, &details],
        )
        .await?;
    }
    for effect in effects {
        if let Effect::Job(job) = effect {
            enqueue_job(db, job).await?;
        }
    }
    Ok(())
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
