//! The story: a transaction's events in the order they were appended, and appending those
//! that go with no change of their own.

use async_trait::async_trait;
use switchyard_network::effects::Effect;
use switchyard_network::model::Event;
use switchyard_network::store::{EventStore, StoreError};
use uuid::Uuid;

use crate::SqliteStore;
use crate::rows::{db_error, parsed, parsed_opt, uuid_text};

/// The columns [`event_from_row`] reads, in their order.
pub(crate) const EVENT_COLUMNS: &str = "id, company_id, transaction_id, kind, at, detail";

pub(crate) fn event_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Event> {
    Ok(Event {
        id: parsed(row, 0)?,
        company_id: parsed(row, 1)?,
        transaction_id: parsed_opt(row, 2)?,
        kind: parsed(row, 3)?,
        at: row.get(4)?,
        detail: parsed_opt(row, 5)?,
    })
}

#[async_trait]
impl EventStore for SqliteStore {
    async fn transaction_events(&self, transaction_id: Uuid) -> Result<Vec<Event>, StoreError> {
        self.readers
            .run(move |db| {
                let mut statement = db
                    .prepare_cached(&format!(
                        "SELECT {EVENT_COLUMNS} FROM events WHERE transaction_id = ?1 ORDER BY seq"
                    ))
                    .map_err(db_error)?;
                let rows = statement.query_map([uuid_text(transaction_id)], event_from_row).map_err(db_error)?;
                rows.collect::<Result<_, _>>().map_err(db_error)
            })
            .await
    }

    async fn append_events(&self, events: Vec<Effect>) -> Result<(), StoreError> {
        self.writer.run(move |db| crate::effects::write(db, &events)).await
    }
}
