//! Companies, identifiers and relationships.

use async_trait::async_trait;
use switchyard_network::effects::Effect;
use switchyard_network::model::{Company, IdentifierRecord, Relationship};
use switchyard_network::routing_table::{RoutingRows, Watcher};
use switchyard_network::store::{DirectoryStore, StoreError};
use tokio_postgres::{IsolationLevel, Row};
use uuid::Uuid;

use crate::PostgresStore;
use crate::rows::{db_error, get, is_unique_violation, parsed};

fn company_from_row(row: &Row) -> Result<Company, StoreError> {
    Ok(Company { id: get(row, 0)?, name: get(row, 1)?, created_at: get(row, 2)? })
}

fn identifier_from_row(row: &Row) -> Result<IdentifierRecord, StoreError> {
    Ok(IdentifierRecord {
        domain: get(row, 0)?,
        identifier: get(row, 1)?,
        company_id: get(row, 2)?,
        label: get(row, 3)?,
    })
}

fn relationship_from_row(row: &Row) -> Result<Relationship, StoreError> {
    Ok(Relationship {
        sender_id: get(row, 0)?,
        receiver_id: get(row, 1)?,
        kind: parsed(row, 2)?,
        state: parsed(row, 3)?,
    })
}

/// A unique violation becomes a `Conflict` that says what clashed.
pub(crate) fn conflict_or(error: tokio_postgres::Error, conflict: String) -> StoreError {
    if is_unique_violation(&error) { StoreError::Conflict(conflict) } else { db_error(error) }
}

#[async_trait]
impl DirectoryStore for PostgresStore {
    async fn create_company(&self, company: Company) -> Result<(), StoreError> {
        self.client()
            .await?
            .execute(
                "INSERT INTO companies (id, name, created_at) VALUES ($1, $2, $3)",
                &[&company.id, &company.name, &company.created_at],
            )
            .await
            .map_err(|error| conflict_or(error, format!("a company named `{}` exists already", company.name)))?;
        Ok(())
    }

    async fn find_company(&self, id_or_name: &str) -> Result<Option<Company>, StoreError> {
        let client = self.client().await?;
        let row = match id_or_name.parse::<Uuid>() {
            Ok(id) => client.query_opt("SELECT id, name, created_at FROM companies WHERE id = $1", &[&id]).await,
            Err(_) => {
                client.query_opt("SELECT id, name, created_at FROM companies WHERE name = $1", &[&id_or_name]).await
            }
        };
        row.map_err(db_error)?.as_ref().map(company_from_row).transpose()
    }

    async fn list_companies(&self) -> Result<Vec<Company>, StoreError> {
        let rows = self
            .client()
            .await?
            .query("SELECT id, name, created_at FROM companies ORDER BY name", &[])
            .await
            .map_err(db_error)?;
        rows.iter().map(company_from_row).collect()
    }

    async fn add_identifier(&self, record: IdentifierRecord) -> Result<(), StoreError> {
        self.client()
            .await?
            .execute(
                "INSERT INTO party_identifiers (domain, identifier, company_id, label) VALUES ($1, $2, $3, $4)",
                &[&record.domain, &record.identifier, &record.company_id, &record.label],
            )
            .await
            .map_err(|error| {
                conflict_or(
                    error,
                    format!("the identifier {}:{} is registered already", record.domain, record.identifier),
                )
            })?;
        Ok(())
    }

    async fn list_identifiers(&self, company_id: Uuid) -> Result<Vec<IdentifierRecord>, StoreError> {
        let rows = self
            .client()
            .await?
            .query(
                "SELECT domain, identifier, company_id, label FROM party_identifiers WHERE company_id = $1 ORDER BY domain, identifier",
                &[&company_id],
            )
            .await
            .map_err(db_error)?;
        rows.iter().map(identifier_from_row).collect()
    }

    async fn set_relationship(&self, relationship: Relationship, effects: Vec<Effect>) -> Result<(), StoreError> {
        let mut client = self.client().await?;
        let db = client.transaction().await.map_err(db_error)?;
        upsert_relationship(&db, &relationship).await?;
        crate::effects::write(&db, &effects).await?;
        db.commit().await.map_err(db_error)?;
        Ok(())
    }

    async fn routing_version(&self) -> Result<i64, StoreError> {
        let row = self.client().await?.query_one("SELECT version FROM routing_version", &[]).await.map_err(db_error)?;
        get(&row, 0)
    }

    async fn routing_rows(&self) -> Result<RoutingRows, StoreError> {
        let mut client = self.client().await?;
        // One snapshot for the four reads, so that the version matches the rows.
        let snapshot = client
            .build_transaction()
            .isolation_level(IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .await
            .map_err(db_error)?;
        let version = snapshot.query_one("SELECT version FROM routing_version", &[]).await.map_err(db_error)?;
        let identifiers = snapshot
            .query("SELECT domain, identifier, company_id, label FROM party_identifiers", &[])
            .await
            .map_err(db_error)?;
        let relationships = snapshot
            .query("SELECT sender_id, receiver_id, document_type, state FROM relationships", &[])
            .await
            .map_err(db_error)?;
        let watchers = snapshot
            .query(
                "SELECT company_id, bool_or(notify_incoming), bool_or(notify_sent) FROM users
                 WHERE disabled_at IS NULL AND (notify_incoming OR notify_sent) GROUP BY company_id",
                &[],
            )
            .await
            .map_err(db_error)?;
        let subscriptions = crate::webhooks::subscriptions(&snapshot).await?;
        snapshot.commit().await.map_err(db_error)?;
        Ok(RoutingRows {
            subscriptions,
            watchers: watchers
                .iter()
                .map(|row| Ok(Watcher { company_id: get(row, 0)?, arrivals: get(row, 1)?, processed: get(row, 2)? }))
                .collect::<Result<_, StoreError>>()?,
            version: get(&version, 0)?,
            identifiers: identifiers.iter().map(identifier_from_row).collect::<Result<_, _>>()?,
            relationships: relationships.iter().map(relationship_from_row).collect::<Result<_, _>>()?,
        })
    }

    async fn list_relationships(&self, company_id: Uuid) -> Result<Vec<Relationship>, StoreError> {
        let rows = self
            .client()
            .await?
            .query(
                "SELECT sender_id, receiver_id, document_type, state FROM relationships
                 WHERE sender_id = $1 OR receiver_id = $1 ORDER BY sender_id, receiver_id, document_type",
                &[&company_id],
            )
            .await
            .map_err(db_error)?;
        rows.iter().map(relationship_from_row).collect()
    }
}

/// Sets a relationship's state, adding it when new.
pub(crate) async fn upsert_relationship(
    db: &impl deadpool_postgres::GenericClient,
    relationship: &Relationship,
) -> Result<(), StoreError> {
    db.execute(
        "INSERT INTO relationships (sender_id, receiver_id, document_type, state) VALUES ($1, $2, $3, $4)
         ON CONFLICT (sender_id, receiver_id, document_type) DO UPDATE SET state = excluded.state",
        &[
            &relationship.sender_id,
            &relationship.receiver_id,
            &relationship.kind.as_str(),
            &relationship.state.as_str(),
        ],
    )
    .await
    .map_err(db_error)?;
    Ok(())
}
