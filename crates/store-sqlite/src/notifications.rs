//! Who is responsible for a company's documents, and the notices (of errors, of documents)
//! that wait for digests.

use async_trait::async_trait;
use rusqlite::{Connection, Row, params};
use switchyard_documents::DocumentType;
use switchyard_network::effects::Effect;
use switchyard_network::model::{Digest, DocumentNotice, NewDocumentNotice, NewNotice, Notice, Responsibility};
use switchyard_network::store::{NotificationStore, StoreError};
use uuid::Uuid;

use crate::SqliteStore;
use crate::rows::{db_error, parsed, parsed_opt, uuid_text};

/// The notices of one table that `digest_id` took, oldest first.
fn taken<T>(
    db: &Connection,
    table: &str,
    columns: &str,
    digest_id: &str,
    read: fn(&Row) -> rusqlite::Result<T>,
) -> Result<Vec<T>, StoreError> {
    let sql = format!("SELECT {columns} FROM {table} WHERE digest_id = ?1 ORDER BY created_at, id");
    let mut statement = db.prepare_cached(&sql).map_err(db_error)?;
    let rows = statement.query_map([digest_id], read).map_err(db_error)?;
    rows.collect::<Result<_, _>>().map_err(db_error)
}

/// What a digest takes: the first time, every notice of the user in `table` no digest has
/// taken; after that, the same ones.
fn take<T>(
    db: &Connection,
    table: &str,
    columns: &str,
    user_id: Uuid,
    digest_id: Uuid,
    read: fn(&Row) -> rusqlite::Result<T>,
) -> Result<Vec<T>, StoreError> {
    let digest = uuid_text(digest_id);
    let before = taken(db, table, columns, &digest, read)?;
    if !before.is_empty() {
        return Ok(before);
    }
    let sql = format!("UPDATE {table} SET digest_id = ?2 WHERE user_id = ?1 AND digest_id IS NULL");
    db.execute(&sql, params![uuid_text(user_id), digest]).map_err(db_error)?;
    taken(db, table, columns, &digest, read)
}

/// The digest jobs among `digests` whose key has no unstarted job yet.
fn add_digests(db: &Connection, digests: &[Digest]) -> Result<(), StoreError> {
    for digest in digests {
        let job = &digest.job;
        db.execute(
            "INSERT INTO jobs (id, kind, payload, state, created_at, due_at, dedupe_key)
             VALUES (?1, ?2, ?3, 'PENDING', ?4, ?5, ?6)
             ON CONFLICT (dedupe_key) WHERE state = 'PENDING' AND attempts = 0 DO NOTHING",
            params![uuid_text(job.id), job.kind, job.payload.to_string(), job.created_at, job.due_at, digest.key],
        )
        .map_err(db_error)?;
    }
    Ok(())
}

fn error_notice(row: &Row) -> rusqlite::Result<Notice> {
    Ok(Notice { error_id: parsed(row, 0)?, side: parsed(row, 1)? })
}

fn document_notice(row: &Row) -> rusqlite::Result<DocumentNotice> {
    Ok(DocumentNotice { transaction_id: parsed(row, 0)?, news: parsed(row, 1)? })
}

#[async_trait]
impl NotificationStore for SqliteStore {
    async fn set_responsible(
        &self,
        company_id: Uuid,
        kind: DocumentType,
        partner_id: Option<Uuid>,
        users: Vec<Uuid>,
        effects: Vec<Effect>,
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
                crate::effects::write(db, &effects)
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
                add_digests(db, &digests)
            })
            .await
    }

    async fn take_notices(&self, user_id: Uuid, digest_id: Uuid) -> Result<Vec<Notice>, StoreError> {
        self.writer.run(move |db| take(db, "notices", "error_id, side", user_id, digest_id, error_notice)).await
    }

    async fn add_document_notices(
        &self,
        notices: Vec<NewDocumentNotice>,
        digests: Vec<Digest>,
    ) -> Result<(), StoreError> {
        self.writer
            .run(move |db| {
                for notice in &notices {
                    db.execute(
                        "INSERT INTO document_notices (id, user_id, transaction_id, news, created_at)
                         VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING",
                        params![
                            uuid_text(notice.id),
                            uuid_text(notice.user_id),
                            uuid_text(notice.transaction_id),
                            notice.news.as_str(),
                            notice.created_at
                        ],
                    )
                    .map_err(db_error)?;
                }
                add_digests(db, &digests)
            })
            .await
    }

    async fn take_document_notices(&self, user_id: Uuid, digest_id: Uuid) -> Result<Vec<DocumentNotice>, StoreError> {
        let columns = "transaction_id, news";
        self.writer.run(move |db| take(db, "document_notices", columns, user_id, digest_id, document_notice)).await
    }
}
