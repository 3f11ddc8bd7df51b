//! The people who sign in to the portal, their one-time links, sessions and failed sign-ins.

use async_trait::async_trait;
use deadpool_postgres::GenericClient;
use switchyard_network::Timestamp;
use switchyard_network::effects::Effect;
use switchyard_network::model::{MailChoices, NewSession, NewUser, NewUserLink, Role, SessionRecord, UserRecord};
use switchyard_network::store::{PeopleStore, SessionStore, StoreError};
use tokio_postgres::Row;
use tokio_postgres::types::ToSql;
use uuid::Uuid;

use crate::PostgresStore;
use crate::directory::conflict_or;
use crate::rows::{db_error, get, parsed};

const USER_COLUMNS: &str = "u.id, u.company_id, c.name, u.email, u.role, u.password_hash, u.notify_issues,
    u.notify_incoming, u.notify_sent, u.created_at, u.disabled_at";

fn user_from_row(row: &Row) -> Result<UserRecord, StoreError> {
    Ok(UserRecord {
        id: get(row, 0)?,
        company_id: get(row, 1)?,
        company_name: get(row, 2)?,
        email: get(row, 3)?,
        role: parsed(row, 4)?,
        password_hash: get(row, 5)?,
        mail: MailChoices { issues: get(row, 6)?, incoming: get(row, 7)?, sent: get(row, 8)? },
        created_at: get(row, 9)?,
        disabled_at: get(row, 10)?,
    })
}

async fn select_user(
    db: &impl GenericClient,
    condition: &str,
    value: &(dyn ToSql + Sync),
) -> Result<Option<UserRecord>, StoreError> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users u JOIN companies c ON c.id = u.company_id WHERE {condition}");
    let row = db.query_opt(&sql, &[value]).await.map_err(db_error)?;
    row.as_ref().map(user_from_row).transpose()
}

async fn insert_link(db: &impl GenericClient, link: &NewUserLink) -> Result<(), StoreError> {
    db.execute(
        "INSERT INTO user_links (link_hash, user_id, purpose, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
        &[&link.hash.as_slice(), &link.user_id, &link.purpose.as_str(), &link.created_at, &link.expires_at],
    )
    .await
    .map_err(db_error)?;
    Ok(())
}

async fn use_link(
    db: &impl GenericClient,
    hash: &[u8; 32],
    password_hash: &str,
    at: Timestamp,
) -> Result<Option<Uuid>, StoreError> {
    let row = db
        .query_opt(
            "SELECT l.user_id FROM user_links l JOIN users u ON u.id = l.user_id
             WHERE l.link_hash = $1 AND l.used_at IS NULL AND l.expires_at > $2 AND u.disabled_at IS NULL
             FOR UPDATE OF l",
            &[&hash.as_slice(), &at],
        )
        .await
        .map_err(db_error)?;
    let Some(row) = row else { return Ok(None) };
    let user_id: Uuid = get(&row, 0)?;
    db.execute("UPDATE users SET password_hash = $2 WHERE id = $1", &[&user_id, &password_hash])
        .await
        .map_err(db_error)?;
    db.execute("UPDATE user_links SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL", &[&user_id, &at])
        .await
        .map_err(db_error)?;
    db.execute("DELETE FROM sessions WHERE user_id = $1", &[&user_id]).await.map_err(db_error)?;
    Ok(Some(user_id))
}

#[async_trait]
impl PeopleStore for PostgresStore {
    async fn create_user(&self, user: NewUser, link: NewUserLink, effects: Vec<Effect>) -> Result<(), StoreError> {
        let mut client = self.client().await?;
        let db = client.transaction().await.map_err(db_error)?;
        db.execute(
            "INSERT INTO users (id, company_id, email, role, created_at) VALUES ($1, $2, $3, $4, $5)",
            &[&user.id, &user.company_id, &user.email, &user.role.as_str(), &user.created_at],
        )
        .await
        .map_err(|error| conflict_or(error, format!("a user with the e-mail `{}` exists already", user.email)))?;
        insert_link(&db, &link).await?;
        crate::effects::write(&db, &effects).await?;
        db.commit().await.map_err(db_error)
    }

    async fn find_user(&self, id: Uuid) -> Result<Option<UserRecord>, StoreError> {
        select_user(&self.client().await?, "u.id = $1", &id).await
    }

    async fn find_user_by_email(&self, email: &str) -> Result<Option<UserRecord>, StoreError> {
        select_user(&self.client().await?, "u.email = $1", &email).await
    }

    async fn list_users(&self, company_id: Option<Uuid>) -> Result<Vec<UserRecord>, StoreError> {
        let sql = format!(
            "SELECT {USER_COLUMNS} FROM users u JOIN companies c ON c.id = u.company_id
             WHERE $1::uuid IS NULL OR u.company_id = $1 ORDER BY u.email"
        );
        let rows = self.client().await?.query(&sql, &[&company_id]).await.map_err(db_error)?;
        rows.iter().map(user_from_row).collect()
    }

    async fn disable_user(&self, id: Uuid, at: Timestamp, effects: Vec<Effect>) -> Result<(), StoreError> {
        let mut client = self.client().await?;
        let db = client.transaction().await.map_err(db_error)?;
        let changed = db
            .execute("UPDATE users SET disabled_at = $2 WHERE id = $1 AND disabled_at IS NULL", &[&id, &at])
            .await
            .map_err(db_error)?;
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        db.execute("DELETE FROM sessions WHERE user_id = $1", &[&id]).await.map_err(db_error)?;
        crate::effects::write(&db, &effects).await?;
        db.commit().await.map_err(db_error)
    }

    async fn set_mail_choices(&self, id: Uuid, choices: MailChoices) -> Result<(), StoreError> {
        let changed = self
            .client()
            .await?
            .execute(
                "UPDATE users SET notify_issues = $2, notify_incoming = $3, notify_sent = $4 WHERE id = $1",
                &[&id, &choices.issues, &choices.incoming, &choices.sent],
            )
            .await
            .map_err(db_error)?;
        if changed == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }

    async fn set_role(&self, id: Uuid, role: Role, effects: Vec<Effect>) -> Result<(), StoreError> {
        let mut client = self.client().await?;
        let db = client.transaction().await.map_err(db_error)?;
        let changed = db
            .execute("UPDATE users SET role = $2 WHERE id = $1 AND disabled_at IS NULL", &[&id, &role.as_str()])
            .await
            .map_err(db_error)?;
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        crate::effects::write(&db, &effects).await?;
        db.commit().await.map_err(db_error)
    }

    async fn add_user_link(&self, link: NewUserLink, effects: Vec<Effect>) -> Result<(), StoreError> {
        let mut client = self.client().await?;
        let db = client.transaction().await.map_err(db_error)?;
        insert_link(&db, &link).await?;
        crate::effects::write(&db, &effects).await?;
        db.commit().await.map_err(db_error)
    }

    async fn use_user_link(
        &self,
        hash: [u8; 32],
        password_hash: String,
        at: Timestamp,
    ) -> Result<Option<Uuid>, StoreError> {
        let mut client = self.client().await?;
        let db = client.transaction().await.map_err(db_error)?;
        let used = use_link(&db, &hash, &password_hash, at).await?;
        db.commit().await.map_err(db_error)?;
        Ok(used)
    }

    async fn sign_in_failures(&self, keys: Vec<String>, since: Timestamp) -> Result<u32, StoreError> {
        let row = self
            .client()
            .await?
            .query_one(
                "SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM sign_in_failures
                 WHERE key = ANY($1) AND at >= $2 GROUP BY key) counts",
                &[&keys, &since],
            )
            .await
            .map_err(db_error)?;
        let most: i64 = get(&row, 0)?;
        Ok(u32::try_from(most).unwrap_or(u32::MAX))
    }

    async fn note_sign_in_failure(
        &self,
        keys: Vec<String>,
        at: Timestamp,
        forget_before: Timestamp,
    ) -> Result<(), StoreError> {
        let mut client = self.client().await?;
        let db = client.transaction().await.map_err(db_error)?;
        db.execute("DELETE FROM sign_in_failures WHERE key = ANY($1) AND at < $2", &[&keys, &forget_before])
            .await
            .map_err(db_error)?;
        db.execute("INSERT INTO sign_in_failures (key, at) SELECT unnest($1::text[]), $2", &[&keys, &at])
            .await
            .map_err(db_error)?;
        db.commit().await.map_err(db_error)
    }
}

#[async_trait]
impl SessionStore for PostgresStore {
    async fn create_session(&self, session: NewSession) -> Result<(), StoreError> {
        self.client()
            .await?
            .execute(
                "INSERT INTO sessions (session_hash, user_id, csrf_token, created_at, last_seen_at)
                 VALUES ($1, $2, $3, $4, $4)",
                &[&session.hash.as_slice(), &session.user_id, &session.csrf_token, &session.created_at],
            )
            .await
            .map_err(db_error)?;
        Ok(())
    }

    async fn find_session(&self, hash: [u8; 32]) -> Result<Option<SessionRecord>, StoreError> {
        let sql = format!(
            "SELECT {USER_COLUMNS}, s.csrf_token, s.created_at, s.last_seen_at
             FROM sessions s JOIN users u ON u.id = s.user_id JOIN companies c ON c.id = u.company_id
             WHERE s.session_hash = $1"
        );
        let row = self.client().await?.query_opt(&sql, &[&hash.as_slice()]).await.map_err(db_error)?;
        let Some(row) = row else { return Ok(None) };
        Ok(Some(SessionRecord {
            user: user_from_row(&row)?,
            csrf_token: get(&row, 11)?,
            created_at: get(&row, 12)?,
            last_seen_at: get(&row, 13)?,
        }))
    }

    async fn touch_session(&self, hash: [u8; 32], at: Timestamp) -> Result<(), StoreError> {
        self.client()
            .await?
            .execute("UPDATE sessions SET last_seen_at = $2 WHERE session_hash = $1", &[&hash.as_slice(), &at])
            .await
            .map_err(db_error)?;
        Ok(())
    }

    async fn end_session(&self, hash: [u8; 32]) -> Result<(), StoreError> {
        self.client()
            .await?
            .execute("DELETE FROM sessions WHERE session_hash = $1", &[&hash.as_slice()])
            .await
            .map_err(db_error)?;
        Ok(())
    }
}
