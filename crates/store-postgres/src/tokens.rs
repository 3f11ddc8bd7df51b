//! ERP connections and their tokens.

use async_trait::async_trait;
use switchyard_network::Timestamp;
use switchyard_network::effects::Effect;
use switchyard_network::model::{
    Caller, Connection, ConnectionRecord, ConnectionUse, Grant, NewToken, TokenMatch, TokenRecord,
};
use switchyard_network::store::{ConnectionStore, StoreError};
use tokio_postgres::{GenericClient, Row};
use uuid::Uuid;

use crate::PostgresStore;
use crate::directory::conflict_or;
use crate::prepared;
use crate::rows::{db_error, get};

/// The caller of a token, with the routing version read in the same statement.
const AUTHENTICATE: &str = "SELECT c.company_id, c.id, t.id, (SELECT version FROM routing_version), t.scopes,
    t.allowed_from, t.expires_at FROM tokens t JOIN connections c ON c.id = t.connection_id
    WHERE t.token_hash = $1 AND t.revoked_at IS NULL";

const TOKEN_COLUMNS: &str = "SELECT t.id, t.connection_id, c.name, c.company_id, t.hint, t.created_at, t.revoked_at,
    t.last_used_at, t.scopes, t.allowed_from, t.expires_at FROM tokens t JOIN connections c ON c.id = t.connection_id";

/// The grant in the three columns from `first`.
fn grant_from_row(row: &Row, first: usize) -> Result<Grant, StoreError> {
    let scopes: Option<String> = get(row, first)?;
    let allowed_from: Option<String> = get(row, first + 1)?;
    Grant::from_stored(scopes.as_deref(), allowed_from.as_deref(), get(row, first + 2)?)
        .map_err(|error| StoreError::Other(format!("a token's grant does not read: {error}")))
}

fn token_from_row(row: &Row) -> Result<TokenRecord, StoreError> {
    Ok(TokenRecord {
        id: get(row, 0)?,
        connection_id: get(row, 1)?,
        connection_name: get(row, 2)?,
        company_id: get(row, 3)?,
        hint: get(row, 4)?,
        created_at: get(row, 5)?,
        revoked_at: get(row, 6)?,
        last_used_at: get(row, 7)?,
        grant: grant_from_row(row, 8)?,
    })
}

async fn insert_token(db: &impl GenericClient, token: &NewToken) -> Result<(), StoreError> {
    let (scopes, allowed_from, expires_at) = token.grant.stored();
    db.execute(
        "INSERT INTO tokens (id, connection_id, token_hash, hint, created_at, scopes, allowed_from, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        &[
            &token.id,
            &token.connection_id,
            &token.hash.as_slice(),
            &token.hint,
            &token.created_at,
            &scopes,
            &allowed_from,
            &expires_at,
        ],
    )
    .await
    .map_err(db_error)?;
    Ok(())
}

async fn revoke(db: &impl GenericClient, token_id: Uuid, at: Timestamp) -> Result<(), StoreError> {
    let changed = db
        .execute("UPDATE tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL", &[&token_id, &at])
        .await
        .map_err(db_error)?;
    if changed == 0 { Err(StoreError::NotFound) } else { Ok(()) }
}

#[async_trait]
impl ConnectionStore for PostgresStore {
    async fn create_connection(&self, connection: Connection) -> Result<(), StoreError> {
        self.client()
            .await?
            .execute(
                "INSERT INTO connections (id, company_id, name, created_at) VALUES ($1, $2, $3, $4)",
                &[&connection.id, &connection.company_id, &connection.name, &connection.created_at],
            )
            .await
            .map_err(|error| conflict_or(error, format!("a connection named `{}` exists already", connection.name)))?;
        Ok(())
    }

    async fn find_connection(&self, company_id: Uuid, name: &str) -> Result<Option<Connection>, StoreError> {
        let row = self
            .client()
            .await?
            .query_opt(
                "SELECT id, company_id, name, created_at FROM connections WHERE company_id = $1 AND name = $2",
                &[&company_id, &name],
            )
            .await
            .map_err(db_error)?;
        row.map(|row| {
            Ok(Connection {
                id: get(&row, 0)?,
                company_id: get(&row, 1)?,
                name: get(&row, 2)?,
                created_at: get(&row, 3)?,
            })
        })
        .transpose()
    }

    async fn add_token(&self, token: NewToken, effects: Vec<Effect>) -> Result<(), StoreError> {
        let mut client = self.client().await?;
        let transaction = client.transaction().await.map_err(db_error)?;
        insert_token(&*transaction, &token).await?;
        crate::effects::write(&transaction, &effects).await?;
        transaction.commit().await.map_err(db_error)
    }

    async fn authenticate(&self, hash: [u8; 32]) -> Result<Option<TokenMatch>, StoreError> {
        let row = prepared::query_opt(&self.client().await?, AUTHENTICATE, &[&hash.as_slice()]).await?;
        row.map(|row| {
            let grant = grant_from_row(&row, 4)?;
            let caller = Caller {
                company_id: get(&row, 0)?,
                connection_id: get(&row, 1)?,
                token_id: get(&row, 2)?,
                routing_version: get(&row, 3)?,
                scopes: grant.scopes,
            };
            Ok(TokenMatch { caller, grant })
        })
        .transpose()
    }

    async fn list_tokens(&self, company_id: Uuid) -> Result<Vec<TokenRecord>, StoreError> {
        let sql = format!("{TOKEN_COLUMNS} WHERE c.company_id = $1 ORDER BY t.created_at, t.id");
        let rows = self.client().await?.query(&sql, &[&company_id]).await.map_err(db_error)?;
        rows.iter().map(token_from_row).collect()
    }

    async fn find_token(&self, token_id: Uuid) -> Result<Option<TokenRecord>, StoreError> {
        let sql = format!("{TOKEN_COLUMNS} WHERE t.id = $1");
        let row = self.client().await?.query_opt(&sql, &[&token_id]).await.map_err(db_error)?;
        row.as_ref().map(token_from_row).transpose()
    }

    async fn revoke_token(&self, token_id: Uuid, at: Timestamp, effects: Vec<Effect>) -> Result<(), StoreError> {
        let mut client = self.client().await?;
        let transaction = client.transaction().await.map_err(db_error)?;
        revoke(&*transaction, token_id, at).await?;
        crate::effects::write(&transaction, &effects).await?;
        transaction.commit().await.map_err(db_error)
    }

    async fn replace_token(
        &self,
        token_id: Uuid,
        replacement: NewToken,
        effects: Vec<Effect>,
    ) -> Result<(), StoreError> {
        let mut client = self.client().await?;
        let transaction = client.transaction().await.map_err(db_error)?;
        revoke(&*transaction, token_id, replacement.created_at).await?;
        insert_token(&*transaction, &replacement).await?;
        crate::effects::write(&transaction, &effects).await?;
        transaction.commit().await.map_err(db_error)
    }

    async fn touch_token(&self, token_id: Uuid, at: Timestamp) -> Result<(), StoreError> {
        let touch = "UPDATE tokens SET last_used_at = $2 WHERE id = $1";
        prepared::execute(&self.client().await?, touch, &[&token_id, &at]).await?;
        Ok(())
    }

    async fn touch_connection(
        &self,
        connection_id: Uuid,
        what: ConnectionUse,
        at: Timestamp,
    ) -> Result<(), StoreError> {
        let sql = match what {
            ConnectionUse::Poll => "UPDATE connections SET last_polled_at = $2 WHERE id = $1",
            ConnectionUse::Send => "UPDATE connections SET last_sent_at = $2 WHERE id = $1",
        };
        prepared::execute(&self.client().await?, sql, &[&connection_id, &at]).await?;
        Ok(())
    }

    async fn list_connections(&self, company_id: Uuid) -> Result<Vec<ConnectionRecord>, StoreError> {
        let sql = "SELECT id, name, created_at, last_polled_at, last_sent_at FROM connections
                   WHERE company_id = $1 ORDER BY name";
        let rows = prepared::query(&self.client().await?, sql, &[&company_id]).await?;
        rows.iter()
            .map(|row| {
                Ok(ConnectionRecord {
                    id: get(row, 0)?,
                    name: get(row, 1)?,
                    created_at: get(row, 2)?,
                    last_polled_at: get(row, 3)?,
                    last_sent_at: get(row, 4)?,
                })
            })
            .collect()
    }
}
