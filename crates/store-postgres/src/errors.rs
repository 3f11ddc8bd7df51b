//! Errors for people to resolve.

use async_trait::async_trait;
use deadpool_postgres::GenericClient;
use switchyard_network::model::{ErrorRecord, NewError};
use switchyard_network::store::{ErrorStore, StoreError};
use uuid::Uuid;

use crate::PostgresStore;
use crate::rows::{db_error, get, json_opt, parsed, parsed_opt};

pub(crate) async fn insert_error(db: &impl GenericClient, error: &NewError) -> Result<(), StoreError> {
    db.execute(
        "INSERT INTO errors (id, company_id, transaction_id, transaction_type, transaction_identifier, origin, error_type,
         reason, context, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        &[
            &error.id,
            &error.company_id,
            &error.transaction_id,
            &error.transaction_type.map(switchyard_documents::DocumentType::as_str),
            &error.transaction_identifier,
            &error.origin.as_str(),
            &error.error_type.as_str(),
            &error.reason,
            &error.context.as_ref().map(ToString::to_string),
            &error.created_at,
        ],
    )
    .await
    .map_err(db_error)?;
    crate::effects::write(db, &switchyard_network::effects::of_error(error)).await
}

#[async_trait]
impl ErrorStore for PostgresStore {
    async fn open_error(&self, error: NewError) -> Result<(), StoreError> {
        let mut client = self.client().await?;
        let db = client.transaction().await.map_err(db_error)?;
        insert_error(&db, &error).await?;
        db.commit().await.map_err(db_error)
    }

    async fn find_error(&self, id: Uuid) -> Result<Option<ErrorRecord>, StoreError> {
        let row = self
            .client()
            .await?
            .query_opt(
                "SELECT e.id, e.company_id, c.name, e.transaction_id, e.transaction_type, e.transaction_identifier,
                 e.origin, e.error_type, e.reason, e.context, e.created_at, e.resolved_at
                 FROM errors e JOIN companies c ON c.id = e.company_id WHERE e.id = $1",
                &[&id],
            )
            .await
            .map_err(db_error)?;
        let Some(row) = row else { return Ok(None) };
        Ok(Some(ErrorRecord {
            id: get(&row, 0)?,
            company_id: get(&row, 1)?,
            company_name: get(&row, 2)?,
            transaction_id: get(&row, 3)?,
            transaction_type: parsed_opt(&row, 4)?,
            transaction_identifier: get(&row, 5)?,
            origin: parsed(&row, 6)?,
            error_type: parsed(&row, 7)?,
            reason: get(&row, 8)?,
            context: json_opt(&row, 9)?,
            created_at: get(&row, 10)?,
            resolved_at: get(&row, 11)?,
        }))
    }
}
