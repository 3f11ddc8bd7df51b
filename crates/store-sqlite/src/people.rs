//! The people who sign in to the portal, their one-time links, sessions and failed sign-ins.

use async_trait::async_trait;
use rusqlite::{Connection, OptionalExtension, params};
use switchyard_network::Timestamp;
use switchyard_network::effects::Effect;
use switchyard_network::model::{MailChoices, NewSession, NewUser, NewUserLink, Role, SessionRecord, UserRecord};
use switchyard_network::store::{PeopleStore, SessionStore, StoreError};
use uuid::Uuid;

use crate::SqliteStore;
use crate::directory::conflict_or;
use crate::rows::{db_error, parsed, uuid_text};

const USER_COLUMNS: &str = "u.id, u.company_id, c.name, u.email, u.role, u.password_hash, u.notify_issues,
    u.notify_incoming, u.notify_sent, u.created_at, u.disabled_at";

fn user_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<UserRecord> {
    Ok(UserRecord {
        id: parsed(row, 0)?,
        company_id: parsed(row, 1)?,
        company_name: row.get(2)?,
        email: row.get(3)?,
        role: parsed(row, 4)?,
        password_hash: row.get(5)?,
        mail: MailChoices { issues: row.get(6)?, incoming: row.get(7)?, sent: row.get(8)? },
        created_at: row.get(9)?,
        disabled_at: row.get(10)?,
    })
}

fn select_user(db: &Connection, condition: &str, value: String) -> Result<Option<UserRecord>, StoreError> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users u JOIN companies c ON c.id = u.company_id WHERE {condition}");
    db.query_row(&sql, [value], user_from_row).optional().map_err(db_error)
}

fn insert_link(db: &Connection, link: &NewUserLink) -> Result<(), StoreError> {
    db.execute(
        "INSERT INTO user_links (link_hash, user_id, purpose, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![link.hash.as_slice(), uuid_text(link.user_id), link.purpose.as_str(), link.created_at, link.expires_at],
    )
    .map_err(db_error)?;
    Ok(())
}

fn end_sessions_of(db: &Connection, user_id: Uuid) -> Result<(), StoreError> {
    db.execute("DELETE FROM sessions WHERE user_id = ?1", [uuid_text(user_id)]).map_err(db_error)?;
    Ok(())
}

fn use_link(db: &Connection, hash: &[u8; 32], password_hash: &str, at: Timestamp) -> Result<Option<Uuid>, StoreError> {
    let user_id: Option<Uuid> = db
        .query_row(
            "SELECT l.user_id FROM user_links l JOIN users u ON u.id = l.user_id
             WHERE l.link_hash = ?1 AND l.used_at IS NULL AND l.expires_at > ?2 AND u.disabled_at IS NULL",
            params![hash.as_slice(), at],
            |row| parsed(row, 0),
        )
        .optional()
        .map_err(db_error)?;
    let Some(user_id) = user_id else { return Ok(None) };
    db.execute("UPDATE users SET password_hash = ?2 WHERE id = ?1", params![uuid_text(user_id), password_hash])
        .map_err(db_error)?;
    db.execute(
        "UPDATE user_links SET used_at = ?2 WHERE user_id = ?1 AND used_at IS NULL",
        params![uuid_text(user_id), at],
    )
    .map_err(db_error)?;
    end_sessions_of(db, user_id)?;
    Ok(Some(user_id))
}

#[async_trait]
impl PeopleStore for SqliteStore {
    async fn create_user(&self, user: NewUser, link: NewUserLink, effects: Vec<Effect>) -> Result<(), StoreError> {
        self.writer
            .run(move |db| {
                db.execute(
                    "INSERT INTO users (id, company_id, email, role, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![
                        uuid_text(user.id),
                        uuid_text(user.company_id),
                        user.email,
                        user.role.as_str(),
                        user.created_at
                    ],
                )
                .map_err(|error| {
                    conflict_or(error, format!("a user with the e-mail `{}` exists already", user.email))
                })?;
                insert_link(db, &link)?;
                crate::effects::write(db, &effects)
            })
            .await
    }

    async fn find_user(&self, id: Uuid) -> Result<Option<UserRecord>, StoreError> {
        self.readers.run(move |db| select_user(db, "u.id = ?1", uuid_text(id))).await
    }

    async fn find_user_by_email(&self, email: &str) -> Result<Option<UserRecord>, StoreError> {
        let email = email.to_owned();
        self.readers.run(move |db| select_user(db, "u.email = ?1", email)).await
    }

    async fn list_users(&self, company_id: Option<Uuid>) -> Result<Vec<UserRecord>, StoreError> {
        self.readers
            .run(move |db| {
                let sql = format!(
                    "SELECT {USER_COLUMNS} FROM users u JOIN companies c ON c.id = u.company_id
                     WHERE ?1 IS NULL OR u.company_id = ?1 ORDER BY u.email"
                );
                let mut statement = db.prepare(&sql).map_err(db_error)?;
                let rows = statement.query_map([company_id.map(uuid_text)], user_from_row).map_err(db_error)?;
                rows.collect::<Result<_, _>>().map_err(db_error)
            })
            .await
    }

    async fn disable_user(&self, id: Uuid, at: Timestamp, effects: Vec<Effect>) -> Result<(), StoreError> {
        self.writer
            .run(move |db| {
                let changed = db
                    .execute(
                        "UPDATE users SET disabled_at = ?2 WHERE id = ?1 AND disabled_at IS NULL",
                        params![uuid_text(id), at],
                    )
                    .map_err(db_error)?;
                if changed == 0 {
                    return Err(StoreError::NotFound);
                }
                crate::effects::write(db, &effects)?;
                end_sessions_of(db, id)
            })
            .await
    }

    async fn set_mail_choices(&self, id: Uuid, choices: MailChoices) -> Result<(), StoreError> {
        self.writer
            .run(move |db| {
                let changed = db
                    .execute(
                        "UPDATE users SET notify_issues = ?2, notify_incoming = ?3, notify_sent = ?4 WHERE id = ?1",
                        params![uuid_text(id), choices.issues, choices.incoming, choices.sent],
                    )
                    .map_err(db_error)?;
                if changed == 0 { Err(StoreError::NotFound) } else { Ok(()) }
            })
            .await
    }

    async fn set_role(&self, id: Uuid, role: Role, effects: Vec<Effect>) -> Result<(), StoreError> {
        self.writer
            .run(move |db| {
                let changed = db
                    .execute(
                        "UPDATE users SET role = ?2 WHERE id = ?1 AND disabled_at IS NULL",
                        params![uuid_text(id), role.as_str()],
                    )
                    .map_err(db_error)?;
                if changed == 0 { Err(StoreError::NotFound) } else { crate::effects::write(db, &effects) }
            })
            .await
    }

    async fn add_user_link(&self, link: NewUserLink, effects: Vec<Effect>) -> Result<(), StoreError> {
        self.writer
            .run(move |db| {
                insert_link(db, &link)?;
                crate::effects::write(db, &effects)
            })
            .await
    }

    async fn use_user_link(
        &self,
        hash: [u8; 32],
        password_hash: String,
        at: Timestamp,
    ) -> Result<Option<Uuid>, StoreError> {
        self.writer.run(move |db| use_link(db, &hash, &password_hash, at)).await
    }

    async fn sign_in_failures(&self, keys: Vec<String>, since: Timestamp) -> Result<u32, StoreError> {
        self.readers
            .run(move |db| {
                let mut statement = db
                    .prepare_cached("SELECT count(*) FROM sign_in_failures WHERE key = ?1 AND at >= ?2")
                    .map_err(db_error)?;
                let mut most = 0;
                for key in keys {
                    let count: u32 = statement.query_row(params![key, since], |row| row.get(0)).map_err(db_error)?;
                    most = most.max(count);
                }
                Ok(most)
            })
            .await
    }

    async fn note_sign_in_failure(
        &self,
        keys: Vec<String>,
        at: Timestamp,
        forget_before: Timestamp,
    ) -> Result<(), StoreError> {
        self.writer
            .run(move |db| {
                for key in keys {
                    db.execute("DELETE FROM sign_in_failures WHERE key = ?1 AND at < ?2", params![key, forget_before])
                        .map_err(db_error)?;
                    db.execute("INSERT INTO sign_in_failures (key, at) VALUES (?1, ?2)", params![key, at])
                        .map_err(db_error)?;
                }
                Ok(())
            })
            .await
    }
}

#[async_trait]
impl SessionStore for SqliteStore {
    async fn create_session(&self, session: NewSession) -> Result<(), StoreError> {
        self.writer
            .run(move |db| {
                db.execute(
                    "INSERT INTO sessions (session_hash, user_id, csrf_token, created_at, last_seen_at)
                     VALUES (?1, ?2, ?3, ?4, ?4)",
                    params![
                        session.hash.as_slice(),
                        uuid_text(session.user_id),
                        session.csrf_token,
                        session.created_at
                    ],
                )
                .map_err(db_error)?;
                Ok(())
            })
            .await
    }

    async fn find_session(&self, hash: [u8; 32]) -> Result<Option<SessionRecord>, StoreError> {
        self.readers
            .run(move |db| {
                let sql = format!(
                    "SELECT {USER_COLUMNS}, s.csrf_token, s.created_at, s.last_seen_at
                     FROM sessions s JOIN users u ON u.id = s.user_id JOIN companies c ON c.id = u.company_id
                     WHERE s.session_hash = ?1"
                );
                db.query_row(&sql, [hash.as_slice()], |row| {
                    Ok(SessionRecord {
                        user: user_from_row(row)?,
                        csrf_token: row.get(11)?,
                        created_at: row.get(12)?,
                        last_seen_at: row.get(13)?,
                    })
                })
                .optional()
                .map_err(db_error)
            })
            .await
    }

    async fn touch_session(&self, hash: [u8; 32], at: Timestamp) -> Result<(), StoreError> {
        self.writer
            .run(move |db| {
                db.execute(
                    "UPDATE sessions SET last_seen_at = ?2 WHERE session_hash = ?1",
                    params![hash.as_slice(), at],
                )
                .map_err(db_error)?;
                Ok(())
            })
            .await
    }

    async fn end_session(&self, hash: [u8; 32]) -> Result<(), StoreError> {
        self.writer
            .run(move |db| {
                db.execute("DELETE FROM sessions WHERE session_hash = ?1", [hash.as_slice()]).map_err(db_error)?;
                Ok(())
            })
            .await
    }
}
