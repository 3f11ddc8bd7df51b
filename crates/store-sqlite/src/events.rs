//! Reading the story: a transaction's events in the order they were appended.

use async_trait::async_trait;
use switchyard_network::model::EventRecord;
use switchyard_network::store::{EventStore, StoreError};
use uuid::Uuid;

use crate::SqliteStore;
use crate::rows::{db_error, parsed, parsed_opt, uuid_text};

#[async_trait]
impl EventStore for SqliteStore {
    async fn transaction_events(&self, transaction_id: Uuid) -> Result<Vec<EventRecord>, StoreError> {
        self.readers
            .run(move |db| {
                let mut statement = db
                    .prepare_cached(
                        "SELECT id, company_id, transaction_id, kind, at, detail FROM events
                         WHERE transaction_id = ?1 ORDER BY seq",
                    )
                    .map_err(db_error)?;
                let rows = statement
                    .query_map([uuid_text(transaction_id)], |row| {
                        Ok(EventRecord {
                            id: parsed(row, 0)?,
                            company_id: parsed(row, 1)?,
                            transaction_id: parsed_opt(row, 2)?,
                            kind: parsed(row, 3)?,
                            at: row.get(4)?,
                            detail: parsed_opt(row, 5)?,
                        })
                    })
                    .map_err(db_error)?;
                rows.collect::<Result<_, _>>().map_err(db_error)
            })
            .await
    }
}
