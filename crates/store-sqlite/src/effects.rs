//! Writing a change's effects (events, jobs) on the connection of the change, so that both
//! are in the same transaction: the writer's batch, inside the change's own savepoint.

use rusqlite::{Connection, params};
use switchyard_network::effects::Effect;
use switchyard_network::model::{Event, NewJob};
use switchyard_network::store::StoreError;

use crate::rows::{db_error, uuid_text};

/// From this many events on they go in as one statement: a bulk mark appends a thousand, and
/// a statement per event took 5 ms of a 10 ms call.
const EVENTS_IN_ONE_STATEMENT_FROM: usize = 16;

pub(crate) fn write(db: &Connection, effects: &[Effect]) -> Result<(), StoreError> {
    let events: Vec<&Event> = effects
        .iter()
        .filter_map(|effect| match effect {
            Effect::Event(event) => Some(event),
            Effect::Job(_) => None,
        })
        .collect();
    if events.len() >= EVENTS_IN_ONE_STATEMENT_FROM {
        append_events(db, &events)?;
    } else {
        events.iter().try_for_each(|event| append_event(db, event))?;
    }
    for effect in effects {
        if let Effect::Job(job) = effect {
            enqueue_job(db, job)?;
        }
    }
    Ok(())
}

/// Many events in one statement, handed over as a JSON array of rows.
fn append_events(db: &Connection, events: &[&Event]) -> Result<(), StoreError> {
    let rows: Vec<serde_json::Value> = events
        .iter()
        .map(|event| {
            serde_json::json!([
                uuid_text(event.id),
                uuid_text(event.company_id),
                event.transaction_id.map(uuid_text),
                event.kind.as_str(),
                event.at,
                event.detail.as_ref().map(ToString::to_string),
            ])
        })
        .collect();
    db.prepare_cached(
        "INSERT INTO events (id, company_id, transaction_id, kind, at, detail)
         SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5 FROM json_each(?1)",
    )
    .and_then(|mut statement| statement.execute([serde_json::Value::Array(rows).to_string()]))
    .map_err(db_error)?;
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
