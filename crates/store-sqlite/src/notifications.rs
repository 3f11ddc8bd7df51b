//! Who is responsible for a company's documents, and the notices that wait for digests.

use async_trait::async_trait;
use rusqlite::{Connection, params};
use switchyard_documents::DocumentType;
use switchyard_network::model::{Digest, NewNotice, Notice, Responsibility};
use switchyard_network::store::{NotificationStore, StoreError};
use uuid::Uuid;

use crate::SqliteStore;
use crate::rows::{db_error, parsed, parsed_opt, uuid_text};

fn notices_of(db: &Connection, digest_id: &str) -> Result<Vec<Notice>, StoreError> {
    let mut statement = db
        .prepare_cached("SELECT error_id, side FROM notices WHERE digest_id = ?1 ORDER BY created_at, id")
        .map_err(db_error)?;
    let rows = statement
        .query_map([digest_id], |row| Ok(Notice { error_id: parsed(row, 0)?, side: parsed(row, 1)? }))
        .map_err(db_error)?;
    rows.collect::<Result<_, _>>().map_err(db_error)
}

#[async_trait]
impl NotificationStore for SqliteStore {
    async fn set_responsible(
        &self,
        company_id: Uuid,
        kind: DocumentType,
        partner_id: Option<Uuid>,
        users: Vec<Uuid>,
    ) -> Result<(), StoreError> {
        self.writer
            .run(move |db| {
                let (company, partner) = (uuid_text(company_id), partner_id.map(uuid_text));
                db.execute(
                    "DELETE FROM responsibilities WHERE company_id = ?1 AND document_type = ?2 AND partner_id IS ?3",
                    params![company, kind.as_str(), partner],
                )
                .map_err(db_error)?;
                for user in users {
                    db.execute(
                        "INSERT INTO responsibilities (company_id, document_type, partner_id, user_id)
                         VALUES (?1, ?2, ?3, ?4)",
                        params![company, kind.as_str(), partner, uuid_text(user)],
                    )
                    .map_err(db_error)?;
                }
                Ok(())
            })
            .await
    }

    async fn list_responsibilities(&self, company_id: Uuid) -> Result<Vec<Responsibility>, StoreError> {
        self.readers
            .run(move |db| {
                let mut statement = db
                    .prepare(
                        "SELECT company_id, document_type, partner_id, user_id FROM responsibilities
                         WHERE company_id = ?1 ORDER BY document_type, partner_id, user_id",
                    )
                    .map_err(db_error)?;
                let rows = statement
                    .query_map([uuid_text(company_id)], |row| {
                        Ok(Responsibility {
                            company_id: parsed(row, 0)?,
                            document_type: parsed(row, 1)?,
                            partner_id: parsed_opt(row, 2)?,
                            user_id: parsed(row, 3)?,
                        })
                    })
                    .map_err(db_error)?;
                rows.collect::<Result<_, _>>().map_err(db_error)
            })
            .await
    }

    async fn add_notices(&self, notices: Vec<NewNotice>, digests: Vec<Digest>) -> Result<(), StoreError> {
        self.writer
            .run(move |db| {
                for notice in &notices {
                    db.execute(
                        "INSERT INTO notices (id, user_id, error_id, side, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                        params![
                            uuid_text(notice.id),
                            uuid_text(notice.user_id),
                            uuid_text(notice.error_id),
                            notice.side.as_str(),
                            notice.created_at
                        ],
                    )
                    .map_err(db_error)?;
                }
                for digest in &digests {
                    let job = &digest.job;
                    db.execute(
                        "INSERT INTO jobs (id, kind, payload, state, created_at, due_at, dedupe_key)
                         VALUES (?1, ?2, ?3, 'PENDING', ?4, ?5, ?6)
                         ON CONFLICT (dedupe_key) WHERE state = 'PENDING' AND attempts = 0 DO NOTHING",
                        params![
                            uuid_text(job.id),
                            job.kind,
                            job.payload.to_string(),
                            job.created_at,
                            job.due_at,
                            digest.key
                        ],
                    )
                    .map_err(db_error)?;
                }
                Ok(())
            })
            .await
    }

    async fn take_notices(&self, user_id: Uuid, digest_id: Uuid) -> Result<Vec<Notice>, StoreError> {
        self.writer
            .run(move |db| {
                let digest = uuid_text(digest_id);
                let taken = notices_of(db, &digest)?;
                if !taken.is_empty() {
                    return Ok(taken);
                }
                db.execute(
                    "UPDATE notices SET digest_id = ?2 WHERE user_id = ?1 AND digest_id IS NULL",
                    params![uuid_text(user_id), digest],
                )
                .map_err(db_error)?;
                notices_of(db, &digest)
            })
            .await
    }
}
