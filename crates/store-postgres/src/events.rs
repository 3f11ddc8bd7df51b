//! Reading the story: a transaction's events in the order they were appended.

use async_trait::async_trait;
use switchyard_network::model::EventRecord;
use switchyard_network::store::{EventStore, StoreError};
use uuid::Uuid;

use crate::PostgresStore;
use crate::rows::{db_error, get, json_opt, parsed};

#[async_trait]
impl EventStore for PostgresStore {
    async fn transaction_events(&self, transaction_id: Uuid) -> Result<Vec<EventRecord>, StoreError> {
        let rows = self
            .client()
            .await?
            .query(
                "SELECT id, company_id, transaction_id, kind, at, detail FROM events
                 WHERE transaction_id = $1 ORDER BY seq",
                &[&transaction_id],
            )
            .await
            .map_err(db_error)?;
        rows.iter()
            .map(|row| {
                Ok(EventRecord {
                    id: get(row, 0)?,
                    company_id: get(row, 1)?,
                    transaction_id: get(row, 2)?,
                    kind: parsed(row, 3)?,
                    at: get(row, 4)?,
                    detail: json_opt(row, 5)?,
                })
            })
            .collect()
    }
}
