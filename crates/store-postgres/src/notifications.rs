//! Who is responsible for a company's documents, and the notices (of errors, of documents)
//! that wait for digests.

use async_trait::async_trait;
use deadpool_postgres::GenericClient;
use switchyard_documents::DocumentType;
use switchyard_network::effects::Effect;
use switchyard_network::model::{Digest, DocumentNotice, NewDocumentNotice, NewNotice, Notice, Responsibility};
use switchyard_network::store::{NotificationStore, StoreError};
use tokio_postgres::Row;
use uuid::Uuid;

use crate::PostgresStore;
use crate::rows::{db_error, get, parsed};

/// The notices of one table that `digest_id` took, oldest first.
async fn taken<T>(
    db: &impl GenericClient,
    table: &str,
    columns: &str,
    digest_id: Uuid,
    read: fn(&Row) -> Result<T, StoreError>,
) -> Result<Vec<T>, StoreError> {
    let sql = format!("SELECT {columns} FROM {table} WHERE digest_id = $1 ORDER BY created_at, id");
    let rows = db.query(&sql, &[&digest_id]).await.map_err(db_error)?;
    rows.iter().map(read).collect()
}

/// What a digest takes: the first time, every notice of the user in `table` no digest has
/// taken; after that, the same ones.
async fn take<T>(
    store: &PostgresStore,
    table: &str,
    columns: &str,
    user_id: Uuid,
    digest_id: Uuid,
    read: fn(&Row) -> Result<T, StoreError>,
) -> Result<Vec<T>, StoreError> {
    let mut client = store.client().await?;
    let db = client.transaction().await.map_err(db_error)?;
    let mut notices = taken(&db, table, columns, digest_id, read).await?;
    if notices.is_empty() {
        // Locking the user's waiting notices keeps two digests from taking the same ones.
        let sql = format!(
            "UPDATE {table} SET digest_id = $2 WHERE id IN
             (SELECT id FROM {table} WHERE user_id = $1 AND digest_id IS NULL FOR UPDATE)"
        );
        db.execute(&sql, &[&user_id, &digest_id]).await.map_err(db_error)?;
        notices = taken(&db, table, columns, digest_id, read).await?;
    }
    db.commit().await.map_err(db_error)?;
    Ok(notices)
}

/// The digest jobs among `digests` whose key has no unstarted job yet.
async fn add_digests(db: &impl GenericClient, digests: &[Digest]) -> Result<(), StoreError> {
    for digest in digests {
        let job = &digest.job;
        db.execute(
            "INSERT INTO jobs (id, kind, payload, state, created_at, due_at, dedupe_key)
             VALUES ($1, $2, $3, 'PENDING', $4, $5, $6)
             ON CONFLICT (dedupe_key) WHERE state = 'PENDING' AND attempts = 0 DO NOTHING",
            &[&job.id, &job.kind, &job.payload.to_string(), &job.created_at, &job.due_at, &digest.key],
        )
        .await
        .map_err(db_error)?;
    }
    Ok(())
}

fn error_notice(row: &Row) -> Result<Notice, StoreError> {
    Ok(Notice { error_id: get(row, 0)?, side: parsed(row, 1)? })
}

fn document_notice(row: &Row) -> Result<DocumentNotice, StoreError> {
    Ok(DocumentNotice { transaction_id: get(row, 0)?, news: parsed(row, 1)? })
}

#[async_trait]
impl NotificationStore for PostgresStore {
    async fn set_responsible(
        &self,
        company_id: Uuid,
        kind: DocumentType,
        partner_id: Option<Uuid>,
        users: Vec<Uuid>,
        effects: Vec<Effect>,
    ) -> Result<(), StoreError> {
        let mut client = self.client().await?;
        let db = client.transaction().await.map_err(db_error)?;
        db.execute(
            "DELETE FROM responsibilities WHERE company_id = $1 AND document_type = $2
             AND partner_id IS NOT DISTINCT FROM $3",
            &[&company_id, &kind.as_str(), &partner_id],
        )
        .await
        .map_err(db_error)?;
        db.execute(
            "INSERT INTO responsibilities (company_id, document_type, partner_id, user_id)
             SELECT $1, $2, $3, unnest($4::uuid[])",
            &[&company_id, &kind.as_str(), &partner_id, &users],
        )
        .await
        .map_err(db_error)?;
        crate::effects::write(&db, &effects).await?;
        db.commit().await.map_err(db_error)
    }

    async fn list_responsibilities(&self, company_id: Uuid) -> Result<Vec<Responsibility>, StoreError> {
        let rows = self
            .client()
            .await?
            .query(
                "SELECT company_id, document_type, partner_id, user_id FROM responsibilities
                 WHERE company_id = $1 ORDER BY document_type, partner_id, user_id",
                &[&company_id],
            )
            .await
            .map_err(db_error)?;
        rows.iter()
            .map(|row| {
                Ok(Responsibility {
                    company_id: get(row, 0)?,
                    document_type: parsed(row, 1)?,
                    partner_id: get(row, 2)?,
                    user_id: get(row, 3)?,
                })
            })
            .collect()
    }

    async fn add_notices(&self, notices: Vec<NewNotice>, digests: Vec<Digest>) -> Result<(), StoreError> {
        let mut client = self.client().await?;
        let db = client.transaction().await.map_err(db_error)?;
        for notice in &notices {
            db.execute(
                "INSERT INTO notices (id, user_id, error_id, side, created_at) VALUES ($1, $2, $3, $4, $5)",
                &[&notice.id, &notice.user_id, &notice.error_id, &notice.side.as_str(), &notice.created_at],
            )
            .await
            .map_err(db_error)?;
        }
        add_digests(&db, &digests).await?;
        db.commit().await.map_err(db_error)
    }

    async fn take_notices(&self, user_id: Uuid, digest_id: Uuid) -> Result<Vec<Notice>, StoreError> {
        take(self, "notices", "error_id, side", user_id, digest_id, error_notice).await
    }

    async fn add_document_notices(
        &self,
        notices: Vec<NewDocumentNotice>,
        digests: Vec<Digest>,
    ) -> Result<(), StoreError> {
        let mut client = self.client().await?;
        let db = client.transaction().await.map_err(db_error)?;
        for notice in &notices {
            db.execute(
                "INSERT INTO document_notices (id, user_id, transaction_id, news, created_at)
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
                &[&notice.id, &notice.user_id, &notice.transaction_id, &notice.news.as_str(), &notice.created_at],
            )
            .await
            .map_err(db_error)?;
        }
        add_digests(&db, &digests).await?;
        db.commit().await.map_err(db_error)
    }

    async fn take_document_notices(&self, user_id: Uuid, digest_id: Uuid) -> Result<Vec<DocumentNotice>, StoreError> {
        take(self, "document_notices", "transaction_id, news", user_id, digest_id, document_notice).await
    }
}
