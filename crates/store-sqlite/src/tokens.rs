//! ERP connections and their tokens.

use async_trait::async_trait;
use rusqlite::{OptionalExtension, params};
use switchyard_network::Timestamp;
use switchyard_network::effects::Effect;
use switchyard_network::model::{
    Caller, Connection, ConnectionRecord, ConnectionUse, Grant, NewToken, TokenMatch, TokenRecord,
};
use switchyard_network::store::{ConnectionStore, StoreError};
use uuid::Uuid;

use crate::SqliteStore;
use crate::directory::conflict_or;
use crate::rows::{db_error, parsed, uuid_text};

const TOKEN_COLUMNS: &str = "SELECT t.id, t.connection_id, c.name, c.company_id, t.hint, t.created_at, t.revoked_at,
    t.last_used_at, t.scopes, t.allowed_from, t.expires_at FROM tokens t JOIN connections c ON c.id = t.connection_id";

/// The grant in the three columns from `first`.
fn grant_from_row(row: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<Grant> {
    let scopes: Option<String> = row.get(first)?;
    let allowed_from: Option<String> = row.get(first + 1)?;
    Grant::from_stored(scopes.as_deref(), allowed_from.as_deref(), row.get(first + 2)?)
        .map_err(|error| rusqlite::Error::FromSqlConversionFailure(first, rusqlite::types::Type::Text, error.into()))
}

fn token_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<TokenRecord> {
    Ok(TokenRecord {
        id: parsed(row, 0)?,
        connection_id: parsed(row, 1)?,
        connection_name: row.get(2)?,
        company_id: parsed(row, 3)?,
        hint: row.get(4)?,
        created_at: row.get(5)?,
        revoked_at: row.get(6)?,
        last_used_at: row.get(7)?,
        grant: grant_from_row(row, 8)?,
    })
}

fn insert_token(db: &rusqlite::Connection, token: &NewToken) -> Result<(), StoreError> {
    let (scopes, allowed_from, expires_at) = token.grant.stored();
    db.execute(
        "INSERT INTO tokens (id, connection_id, token_hash, hint, created_at, scopes, allowed_from, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            uuid_text(token.id),
            uuid_text(token.connection_id),
            token.hash.as_slice(),
            token.hint,
            token.created_at,
            scopes,
            allowed_from,
            expires_at
        ],
    )
    .map_err(db_error)?;
    Ok(())
}

fn revoke(db: &rusqlite::Connection, token_id: Uuid, at: Timestamp) -> Result<(), StoreError> {
    let changed = db
        .execute(
            "UPDATE tokens SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
            params![uuid_text(token_id), at],
        )
        .map_err(db_error)?;
    if changed == 0 { Err(StoreError::NotFound) } else { Ok(()) }
}

#[async_trait]
impl ConnectionStore for SqliteStore {
    async fn create_connection(&self, connection: Connection) -> Result<(), StoreError> {
        self.writer
            .run(move |db| {
                db.execute(
                    "INSERT INTO connections (id, company_id, name, created_at) VALUES (?1, ?2, ?3, ?4)",
                    params![
                        uuid_text(connection.id),
                        uuid_text(connection.company_id),
                        connection.name,
                        connection.created_at
                    ],
                )
                .map_err(|error| {
                    conflict_or(error, format!("a connection named `{}` exists already", connection.name))
                })?;
                Ok(())
            })
            .await
    }

    async fn find_connection(&self, company_id: Uuid, name: &str) -> Result<Option<Connection>, StoreError> {
        let name = name.to_owned();
        self.readers
            .run(move |db| {
                db.query_row(
                    "SELECT id, company_id, name, created_at FROM connections WHERE company_id = ?1 AND name = ?2",
                    params![uuid_text(company_id), name],
                    |row| {
                        Ok(Connection {
                            id: parsed(row, 0)?,
                            company_id: parsed(row, 1)?,
                            name: row.get(2)?,
                            created_at: row.get(3)?,
                        })
                    },
                )
                .optional()
                .map_err(db_error)
            })
            .await
    }

    async fn add_token(&self, token: NewToken, effects: Vec<Effect>) -> Result<(), StoreError> {
        self.writer.run(move |db| insert_token(db, &token).and_then(|()| crate::effects::write(db, &effects))).await
    }

    async fn authenticate(&self, hash: [u8; 32]) -> Result<Option<TokenMatch>, StoreError> {
        // Every API request starts here: one lookup by an indexed hash in a small, always hot
        // table, so it runs where the request is.
        self.readers.run_here(|db| {
            let mut statement = db
                .prepare_cached(
                    "SELECT c.company_id, c.id, t.id, (SELECT version FROM routing_version), t.scopes,
                     t.allowed_from, t.expires_at FROM tokens t JOIN connections c ON c.id = t.connection_id
                     WHERE t.token_hash = ?1 AND t.revoked_at IS NULL",
                )
                .map_err(db_error)?;
            statement
                .query_row([hash.as_slice()], |row| {
                    let grant = grant_from_row(row, 4)?;
                    let caller = Caller {
                        company_id: parsed(row, 0)?,
                        connection_id: parsed(row, 1)?,
                        token_id: parsed(row, 2)?,
                        routing_version: row.get(3)?,
                        scopes: grant.scopes,
                    };
                    Ok(TokenMatch { caller, grant })
                })
                .optional()
                .map_err(db_error)
        })
    }

    async fn list_tokens(&self, company_id: Uuid) -> Result<Vec<TokenRecord>, StoreError> {
        self.readers
            .run(move |db| {
                let sql = format!("{TOKEN_COLUMNS} WHERE c.company_id = ?1 ORDER BY t.created_at, t.id");
                let mut statement = db.prepare(&sql).map_err(db_error)?;
                let rows = statement.query_map([uuid_text(company_id)], token_from_row).map_err(db_error)?;
                rows.collect::<Result<_, _>>().map_err(db_error)
            })
            .await
    }

    async fn find_token(&self, token_id: Uuid) -> Result<Option<TokenRecord>, StoreError> {
        self.readers
            .run(move |db| {
                let sql = format!("{TOKEN_COLUMNS} WHERE t.id = ?1");
                db.query_row(&sql, [uuid_text(token_id)], token_from_row).optional().map_err(db_error)
            })
            .await
    }

    async fn revoke_token(&self, token_id: Uuid, at: Timestamp, effects: Vec<Effect>) -> Result<(), StoreError> {
        self.writer.run(move |db| revoke(db, token_id, at).and_then(|()| crate::effects::write(db, &effects))).await
    }

    async fn replace_token(
        &self,
        token_id: Uuid,
        replacement: NewToken,
        effects: Vec<Effect>,
    ) -> Result<(), StoreError> {
        self.writer
            .run(move |db| {
                revoke(db, token_id, replacement.created_at)?;
                insert_token(db, &replacement)?;
                crate::effects::write(db, &effects)
            })
            .await
    }

    async fn touch_token(&self, token_id: Uuid, at: Timestamp) -> Result<(), StoreError> {
        self.writer
            .run(move |db| {
                db.execute("UPDATE tokens SET last_used_at = ?2 WHERE id = ?1", params![uuid_text(token_id), at])
                    .map_err(db_error)?;
                Ok(())
            })
            .await
    }

    async fn touch_connection(
        &self,
        connection_id: Uuid,
        what: ConnectionUse,
        at: Timestamp,
    ) -> Result<(), StoreError> {
        let sql = match what {
            ConnectionUse::Poll => "UPDATE connections SET last_polled_at = ?2 WHERE id = ?1",
            ConnectionUse::Send => "UPDATE connections SET last_sent_at = ?2 WHERE id = ?1",
        };
        self.writer
            .run(move |db| {
                db.prepare_cached(sql)
                    .and_then(|mut statement| statement.execute(params![uuid_text(connection_id), at]))
                    .map_err(db_error)?;
                Ok(())
            })
            .await
    }

    async fn list_connections(&self, company_id: Uuid) -> Result<Vec<ConnectionRecord>, StoreError> {
        self.readers
            .run(move |db| {
                let mut statement = db
                    .prepare_cached(
                        "SELECT id, name, created_at, last_polled_at, last_sent_at FROM connections
                         WHERE company_id = ?1 ORDER BY name",
                    )
                    .map_err(db_error)?;
                let rows = statement
                    .query_map([uuid_text(company_id)], |row| {
                        Ok(ConnectionRecord {
                            id: parsed(row, 0)?,
                            name: row.get(1)?,
                            created_at: row.get(2)?,
                            last_polled_at: row.get(3)?,
                            last_sent_at: row.get(4)?,
                        })
                    })
                    .map_err(db_error)?;
                rows.collect::<Result<_, _>>().map_err(db_error)
            })
            .await
    }
}
