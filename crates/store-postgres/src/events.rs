//! Reading the story: a transaction's events in the order they were appended.

use async_trait::async_trait;
use switchyard_network::effects::Effect;
use switchyard_network::model::Event;
use switchyard_network::store::{EventStore, StoreError};
use uuid::Uuid;

use crate::PostgresStore;
use crate::rows::{db_error, get, json_opt, parsed};

/// The columns [`event_from_row`] reads, in their order.
pub(crate) const EVENT_COLUMNS: &str = "id, company_id, transaction_id, kind, at, detail";

pub(crate) fn event_from_row(row: &tokio_postgres::Row) -> Result<Event, StoreError> {
    Ok(Event {
        id: get(row, 0)?,
        company_id: get(row, 1)?,
        transaction_id: get(row, 2)?,
        kind: parsed(row, 3)?,
        at: get(row, 4)?,
        detail: json_opt(row, 5)?,
    })
}

#[async_trait]
impl EventStore for PostgresStore {
    async fn transaction_events(&self, transaction_id: Uuid) -> Result<Vec<Event>, StoreError> {
        let rows = self
            .client()
            .await?
            .query(
                &format!("SELECT {EVENT_COLUMNS} FROM events WHERE transaction_id = $1 ORDER BY seq"),
                &[&transaction_id],
            )
            .await
            .map_err(db_error)?;
        rows.iter().map(event_from_row).collect()
    }

    async fn append_events(&self, events: Vec<Effect>) -> Result<(), StoreError> {
        // One statement for all of them (see `effects::write`): atomic without a transaction.
        crate::effects::write(&self.client().await?, &events).await
    }
}
