//! Companies, identifiers and relationships.

use async_trait::async_trait;
use rusqlite::{OptionalExtension, params};
use switchyard_network::effects::Effect;
use switchyard_network::model::{Company, IdentifierRecord, Relationship};
use switchyard_network::routing_table::{RoutingRows, Watcher};
use switchyard_network::store::{DirectoryStore, StoreError};
use uuid::Uuid;

use crate::SqliteStore;
use crate::rows::{db_error, parsed, uuid_text};

fn company_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Company> {
    Ok(Company { id: parsed(row, 0)?, name: row.get(1)?, created_at: row.get(2)? })
}

fn identifier_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<IdentifierRecord> {
    Ok(IdentifierRecord {
        domain: row.get(0)?,
        identifier: row.get(1)?,
        company_id: parsed(row, 2)?,
        label: row.get(3)?,
    })
}

fn relationship_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Relationship> {
    Ok(Relationship {
        sender_id: parsed(row, 0)?,
        receiver_id: parsed(row, 1)?,
        kind: parsed(row, 2)?,
        state: parsed(row, 3)?,
    })
}

#[async_trait]
impl DirectoryStore for SqliteStore {
    async fn create_company(&self, company: Company) -> Result<(), StoreError> {
        self.writer
            .run(move |db| {
                db.execute(
                    "INSERT INTO companies (id, name, created_at) VALUES (?1, ?2, ?3)",
                    params![uuid_text(company.id), company.name, company.created_at],
                )
                .map_err(|error| conflict_or(error, format!("a company named `{}` exists already", company.name)))?;
                Ok(())
            })
            .await
    }

    async fn find_company(&self, id_or_name: &str) -> Result<Option<Company>, StoreError> {
        let key = id_or_name.to_owned();
        self.readers
            .run(move |db| {
                db.query_row(
                    "SELECT id, name, created_at FROM companies WHERE id = ?1 OR name = ?1 LIMIT 1",
                    [key],
                    company_from_row,
                )
                .optional()
                .map_err(db_error)
            })
            .await
    }

    async fn list_companies(&self) -> Result<Vec<Company>, StoreError> {
        self.readers
            .run(|db| {
                let mut statement =
                    db.prepare("SELECT id, name, created_at FROM companies ORDER BY name").map_err(db_error)?;
                let rows = statement.query_map([], company_from_row).map_err(db_error)?;
                rows.collect::<Result<_, _>>().map_err(db_error)
            })
            .await
    }

    async fn add_identifier(&self, record: IdentifierRecord) -> Result<(), StoreError> {
        self.writer
            .run(move |db| {
                db.execute(
                    "INSERT INTO party_identifiers (domain, identifier, company_id, label) VALUES (?1, ?2, ?3, ?4)",
                    params![record.domain, record.identifier, uuid_text(record.company_id), record.label],
                )
                .map_err(|error| {
                    conflict_or(
                        error,
                        format!("the identifier {}:{} is registered already", record.domain, record.identifier),
                    )
                })?;
                Ok(())
            })
            .await
    }

    async fn list_identifiers(&self, company_id: Uuid) -> Result<Vec<IdentifierRecord>, StoreError> {
        self.readers
            .run(move |db| {
                let mut statement = db
                    .prepare_cached(
                        "SELECT domain, identifier, company_id, label FROM party_identifiers
                         WHERE company_id = ?1 ORDER BY domain, identifier",
                    )
                    .map_err(db_error)?;
                let rows = statement.query_map([uuid_text(company_id)], identifier_from_row).map_err(db_error)?;
                rows.collect::<Result<_, _>>().map_err(db_error)
            })
            .await
    }

    async fn set_relationship(&self, relationship: Relationship, effects: Vec<Effect>) -> Result<(), StoreError> {
        self.writer
            .run(move |db| {
                upsert_relationship(db, &relationship)?;
                crate::effects::write(db, &effects)
            })
            .await
    }

    async fn routing_version(&self) -> Result<i64, StoreError> {
        self.readers
            .run(|db| db.query_row("SELECT version FROM routing_version", [], |row| row.get(0)).map_err(db_error))
            .await
    }

    async fn routing_rows(&self) -> Result<RoutingRows, StoreError> {
        self.readers
            .run(|db| {
                // One read transaction, so that the version matches the rows.
                let snapshot = db.unchecked_transaction().map_err(db_error)?;
                let version = snapshot
                    .query_row("SELECT version FROM routing_version", [], |row| row.get(0))
                    .map_err(db_error)?;
                let identifiers = all_rows(
                    &snapshot,
                    "SELECT domain, identifier, company_id, label FROM party_identifiers",
                    identifier_from_row,
                )?;
                let relationships = all_rows(
                    &snapshot,
                    "SELECT sender_id, receiver_id, document_type, state FROM relationships",
                    relationship_from_row,
                )?;
                let watchers = all_rows(
                    &snapshot,
                    "SELECT company_id, MAX(notify_incoming), MAX(notify_sent) FROM users
                     WHERE disabled_at IS NULL AND (notify_incoming OR notify_sent) GROUP BY company_id",
                    |row| Ok(Watcher { company_id: parsed(row, 0)?, arrivals: row.get(1)?, processed: row.get(2)? }),
                )?;
                let subscriptions = crate::webhooks::subscriptions(&snapshot)?;
                Ok(RoutingRows { version, identifiers, relationships, watchers, subscriptions })
            })
            .await
    }

    async fn list_relationships(&self, company_id: Uuid) -> Result<Vec<Relationship>, StoreError> {
        self.readers
            .run(move |db| {
                let mut statement = db
                    .prepare_cached(
                        "SELECT sender_id, receiver_id, document_type, state FROM relationships
                         WHERE sender_id = ?1 OR receiver_id = ?1 ORDER BY sender_id, receiver_id, document_type",
                    )
                    .map_err(db_error)?;
                let rows = statement.query_map([uuid_text(company_id)], relationship_from_row).map_err(db_error)?;
                rows.collect::<Result<_, _>>().map_err(db_error)
            })
            .await
    }
}

fn all_rows<T>(
    db: &rusqlite::Connection,
    sql: &str,
    from_row: fn(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>, StoreError> {
    let mut statement = db.prepare(sql).map_err(db_error)?;
    let rows = statement.query_map([], from_row).map_err(db_error)?;
    rows.collect::<Result<_, _>>().map_err(db_error)
}

/// A unique violation becomes a `Conflict` that says what clashed.
pub(crate) fn conflict_or(error: rusqlite::Error, conflict: String) -> StoreError {
    if crate::rows::is_unique_violation(&error) { StoreError::Conflict(conflict) } else { db_error(error) }
}

/// Sets a relationship's state, adding it when new.
pub(crate) fn upsert_relationship(db: &rusqlite::Connection, relationship: &Relationship) -> Result<(), StoreError> {
    db.execute(
        "INSERT INTO relationships (sender_id, receiver_id, document_type, state) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (sender_id, receiver_id, document_type) DO UPDATE SET state = excluded.state",
        params![
            uuid_text(relationship.sender_id),
            uuid_text(relationship.receiver_id),
            relationship.kind.as_str(),
            relationship.state.as_str()
        ],
    )
    .map_err(db_error)?;
    Ok(())
}
