//! Who is responsible for a company's documents, and the notices that wait for digests.

use async_trait::async_trait;
use deadpool_postgres::GenericClient;
use switchyard_documents::DocumentType;
use switchyard_network::model::{Digest, NewNotice, Notice, Responsibility};
use switchyard_network::store::{NotificationStore, StoreError};
use uuid::Uuid;

use crate::PostgresStore;
use crate::rows::{db_error, get, parsed};

async fn notices_of(db: &impl GenericClient, digest_id: Uuid) -> Result<Vec<Notice>, StoreError> {
    let rows = db
        .query("SELECT error_id, side FROM notices WHERE digest_id = $1 ORDER BY created_at, id", &[&digest_id])
        .await
        .map_err(db_error)?;
    rows.iter().map(|row| Ok(Notice { error_id: get(row, 0)?, side: parsed(row, 1)? })).collect()
}

#[async_trait]
impl NotificationStore for PostgresStore {
    async fn set_responsible(
        &self,
        company_id: Uuid,
        kind: DocumentType,
        partner_id: Option<Uuid>,
        users: Vec<Uuid>,
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
        for digest in &digests {
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
        db.commit().await.map_err(db_error)
    }

    async fn take_notices(&self, user_id: Uuid, digest_id: Uuid) -> Result<Vec<Notice>, StoreError> {
        let mut client = self.client().await?;
        let db = client.transaction().await.map_err(db_error)?;
        let mut taken = notices_of(&db, digest_id).await?;
        if taken.is_empty() {
            // Locking the user's waiting notices keeps two digests from taking the same ones.
            db.execute(
                "UPDATE notices SET digest_id = $2 WHERE id IN
                 (SELECT id FROM notices WHERE user_id = $1 AND digest_id IS NULL FOR UPDATE)",
                &[&user_id, &digest_id],
            )
            .await
            .map_err(db_error)?;
            taken = notices_of(&db, digest_id).await?;
        }
        db.commit().await.map_err(db_error)?;
        Ok(taken)
    }
}
