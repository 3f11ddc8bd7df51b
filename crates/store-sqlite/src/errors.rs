//! Errors for people to resolve.

use async_trait::async_trait;
use rusqlite::{Connection, OptionalExtension, params};
use switchyard_network::model::{ErrorRecord, NewError};
use switchyard_network::store::{ErrorStore, StoreError};
use uuid::Uuid;

use crate::SqliteStore;
use crate::rows::{db_error, parsed, parsed_opt, uuid_text};

pub(crate) fn insert_error(db: &Connection, error: &NewError) -> Result<(), StoreError> {
    db.prepare_cached(
        "INSERT INTO errors (id, company_id, transaction_id, transaction_type, transaction_identifier, origin, error_type,
         reason, context, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )
    .and_then(|mut statement| {
        statement.execute(params![
            uuid_text(error.id),
            uuid_text(error.company_id),
            error.transaction_id.map(uuid_text),
            error.transaction_type.map(switchyard_documents::DocumentType::as_str),
            error.transaction_identifier,
            error.origin.as_str(),
            error.error_type.as_str(),
            error.reason,
            error.context.as_ref().map(ToString::to_string),
            error.created_at,
        ])
    })
    .map_err(db_error)?;
    crate::effects::write(db, &switchyard_network::effects::of_error(error))
}

fn error_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<ErrorRecord> {
    Ok(ErrorRecord {
        id: parsed(row, 0)?,
        company_id: parsed(row, 1)?,
        company_name: row.get(2)?,
        transaction_id: parsed_opt(row, 3)?,
        transaction_type: parsed_opt(row, 4)?,
        transaction_identifier: row.get(5)?,
        origin: parsed(row, 6)?,
        error_type: parsed(row, 7)?,
        reason: row.get(8)?,
        context: parsed_opt(row, 9)?,
        created_at: row.get(10)?,
        resolved_at: row.get(11)?,
    })
}

#[async_trait]
impl ErrorStore for SqliteStore {
    async fn open_error(&self, error: NewError) -> Result<(), StoreError> {
        self.writer.run(move |db| insert_error(db, &error)).await
    }

    async fn find_error(&self, id: Uuid) -> Result<Option<ErrorRecord>, StoreError> {
        self.readers
            .run(move |db| {
                db.query_row(
                    "SELECT e.id, e.company_id, c.name, e.transaction_id, e.transaction_type, e.transaction_identifier,
                     e.origin, e.error_type, e.reason, e.context, e.created_at, e.resolved_at
                     FROM errors e JOIN companies c ON c.id = e.company_id WHERE e.id = ?1",
                    [uuid_text(id)],
                    error_from_row,
                )
                .optional()
                .map_err(db_error)
            })
            .await
    }
}
