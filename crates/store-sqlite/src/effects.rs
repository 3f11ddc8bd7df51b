//! Writing a change's effects (events, jobs, audit entries) on the connection of the change, so that both
//! are in the same transaction: the writer's batch, inside the change's own savepoint.

use rusqlite::{Connection, params};
use switchyard_network::effects::Effect;
use switchyard_network::model::{AuditEntry, Event, NewJob};
use switchyard_network::store::StoreError;

use crate::rows::{db_error, uuid_text};

pub(crate) fn write(db: &Connection, effects: &[Effect]) -> Result<(), StoreError> {
    for effect in effects {
        match effect {
            Effect::Event(event) => append_event(db, event)?,
            Effect::Job(job) => enqueue_job(db, job)?,
            Effect::Audit(entry) => append_audit(db, entry)?,
            Effect::Answer(answer) => crate::idempotency::answer_with_change(db, answer)?,
            Effect::Webhook(delivery) => crate::webhooks::enqueue(db, delivery)?,
        }
    }
    Ok(())
}

fn append_event(db: &Connection, event: &Event) -> Result<(), StoreError> {
    db.prepare_cached(
        "INSERT INTO events (id, company_id, transaction_id, kind, at, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )
    .and_then(|mut statement| {
        statement.execute(params![
            uuid_text(event.id),
            uuid_text(event.company_id),
            event.transaction_id.map(uuid_text),
            event.kind.as_str(),
            event.at,
            event.detail.as_ref().map(ToString::to_string),
        ])
    })
    .map_err(db_error)?;
    Ok(())
}

fn append_audit(db: &Connection, entry: &AuditEntry) -> Result<(), StoreError> {
    db.prepare_cached(
        "INSERT INTO audit_log (id, company_id, at, actor, action, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )
    .and_then(|mut statement| {
        statement.execute(params![
            uuid_text(entry.id),
            uuid_text(entry.company_id),
            entry.at,
            entry.actor,
            entry.action.as_str(),
            entry.detail.to_string(),
        ])
    })
    .map_err(db_error)?;
    Ok(())
}

pub(crate) fn enqueue_job(db: &Connection, job: &NewJob) -> Result<(), StoreError> {
    db.prepare_cached(
        "INSERT INTO jobs (id, kind, payload, state, created_at, due_at) VALUES (?1, ?2, ?3, 'PENDING', ?4, ?5)",
    )
    .and_then(|mut statement| {
        statement.execute(params![uuid_text(job.id), job.kind, job.payload.to_string(), job.created_at, job.due_at])
    })
    .map_err(db_error)?;
    Ok(())
}
