//! Errors for people to resolve.

use async_trait::async_trait;
use deadpool_postgres::GenericClient;
use switchyard_network::model::{ErrorActing, ErrorAction, ErrorRecord, ListedError, NewError};
use switchyard_network::store::{ErrorQuery, ErrorStore, StoreError};
use tokio_postgres::Row;
use uuid::Uuid;

use crate::PostgresStore;
use crate::rows::{db_error, get, json_opt, parsed, parsed_opt};

pub(crate) async fn insert_error(db: &impl GenericClient, error: &NewError) -> Result<(), StoreError> {
    db.execute(
        "INSERT INTO errors (id, company_id, transaction_id, transaction_type, transaction_identifier, origin, error_type,
         reason, context, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        &[
            &error.id,
            &error.company_id,
            &error.transaction_id,
            &error.transaction_type.map(switchyard_documents::DocumentType::as_str),
            &error.transaction_identifier,
            &error.origin.as_str(),
            &error.error_type.as_str(),
            &error.reason,
            &error.context.as_ref().map(ToString::to_string),
            &error.created_at,
        ],
    )
    .await
    .map_err(db_error)?;
    crate::effects::write(db, &switchyard_network::effects::of_error(error)).await
}

#[async_trait]
impl ErrorStore for PostgresStore {
    async fn open_error(&self, error: NewError) -> Result<(), StoreError> {
        let mut client = self.client().await?;
        let db = client.transaction().await.map_err(db_error)?;
        insert_error(&db, &error).await?;
        db.commit().await.map_err(db_error)
    }

    async fn find_error(&self, id: Uuid) -> Result<Option<ErrorRecord>, StoreError> {
        let sql =
            format!("SELECT {ERROR_COLUMNS} FROM errors e JOIN companies c ON c.id = e.company_id WHERE e.id = $1");
        let row = self.client().await?.query_opt(&sql, &[&id]).await.map_err(db_error)?;
        row.as_ref().map(error_from_row).transpose()
    }

    async fn act_on_error(&self, acting: ErrorActing) -> Result<(), StoreError> {
        let mut client = self.client().await?;
        let db = client.transaction().await.map_err(db_error)?;
        act(&db, &acting).await?;
        db.commit().await.map_err(db_error)
    }

    async fn list_errors(&self, query: ErrorQuery) -> Result<Vec<ListedError>, StoreError> {
        let sql = format!(
            "SELECT {ERROR_COLUMNS}, p.name FROM errors e JOIN companies c ON c.id = e.company_id
             LEFT JOIN transactions t ON t.id = e.transaction_id
             LEFT JOIN companies p ON p.id = CASE WHEN t.sender_id = e.company_id THEN t.receiver_id ELSE t.sender_id END
             WHERE e.company_id = $1
               AND ($2::boolean IS NULL OR (e.resolved_at IS NULL) = $2)
               AND ($3::text IS NULL OR e.error_type = $3)
               AND ($4::text IS NULL OR e.transaction_type = $4)
               AND ($5::uuid IS NULL OR t.sender_id = $5 OR t.receiver_id = $5)
               AND ($7::boolean IS NULL OR (e.resolved_at IS NOT NULL) > $7
                    OR ((e.resolved_at IS NOT NULL) = $7 AND (e.created_at, e.id) < ($8, $9)))
             ORDER BY e.resolved_at IS NOT NULL, e.created_at DESC, e.id DESC LIMIT $6"
        );
        let limit = i64::try_from(query.limit).unwrap_or(i64::MAX);
        let (resolved, created_at, id) = match query.after {
            Some(after) => (Some(after.resolved), after.created_at, after.id),
            None => (None, 0, Uuid::nil()),
        };
        let rows = self
            .client()
            .await?
            .query(
                &sql,
                &[
                    &query.company_id,
                    &query.open,
                    &query.error_type.map(switchyard_network::model::ErrorType::as_str),
                    &query.document_type.map(switchyard_documents::DocumentType::as_str),
                    &query.partner_id,
                    &limit,
                    &resolved,
                    &created_at,
                    &id,
                ],
            )
            .await
            .map_err(db_error)?;
        rows.iter().map(|row| Ok(ListedError { error: error_from_row(row)?, partner: get(row, 15)? })).collect()
    }

    async fn count_open_errors(&self, company_id: Uuid) -> Result<u64, StoreError> {
        let row = self
            .client()
            .await?
            .query_one("SELECT count(*) FROM errors WHERE company_id = $1 AND resolved_at IS NULL", &[&company_id])
            .await
            .map_err(db_error)?;
        let count: i64 = get(&row, 0)?;
        Ok(u64::try_from(count).unwrap_or_default())
    }
}

const ERROR_COLUMNS: &str =
    "e.id, e.company_id, c.name, e.transaction_id, e.transaction_type, e.transaction_identifier,
    e.origin, e.error_type, e.reason, e.context, e.created_at, e.resolved_at, e.resolved_by, e.resolution,
    e.redelivered_at";

fn error_from_row(row: &Row) -> Result<ErrorRecord, StoreError> {
    Ok(ErrorRecord {
        id: get(row, 0)?,
        company_id: get(row, 1)?,
        company_name: get(row, 2)?,
        transaction_id: get(row, 3)?,
        transaction_type: parsed_opt(row, 4)?,
        transaction_identifier: get(row, 5)?,
        origin: parsed(row, 6)?,
        error_type: parsed(row, 7)?,
        reason: get(row, 8)?,
        context: json_opt(row, 9)?,
        created_at: get(row, 10)?,
        resolved_at: get(row, 11)?,
        resolved_by: get(row, 12)?,
        resolution: get(row, 13)?,
        redelivered_at: get(row, 14)?,
    })
}

async fn resolve(db: &impl GenericClient, acting: &ErrorActing, resolution: Option<&str>) -> Result<bool, StoreError> {
    let changed = db
        .execute(
            "UPDATE errors SET resolved_at = $3, resolved_by = $4, resolution = $5
             WHERE id = $1 AND company_id = $2 AND resolved_at IS NULL",
            &[&acting.error_id, &acting.company_id, &acting.at, &acting.by, &resolution],
        )
        .await
        .map_err(db_error)?;
    Ok(changed == 1)
}

async fn deliver_again(db: &impl GenericClient, acting: &ErrorActing) -> Result<bool, StoreError> {
    let requeued = db
        .execute(
            "UPDATE transaction_states SET status = 'PENDING'
             WHERE status = 'FAILED' AND delivered_to = $2 AND transaction_id = (SELECT transaction_id FROM errors
               WHERE id = $1 AND company_id = $2 AND resolved_at IS NULL AND origin = 'PROCESSING_FAILED')",
            &[&acting.error_id, &acting.company_id],
        )
        .await
        .map_err(db_error)?;
    if requeued == 0 {
        return Ok(false);
    }
    db.execute("UPDATE errors SET redelivered_at = $2 WHERE id = $1", &[&acting.error_id, &acting.at])
        .await
        .map_err(db_error)?;
    Ok(true)
}

async fn discard(db: &impl GenericClient, acting: &ErrorActing, reason: &str) -> Result<bool, StoreError> {
    let dropped = db
        .execute(
            "UPDATE transaction_states SET status = 'DROPPED'
             WHERE status IN ('PENDING', 'FAILED') AND transaction_id = (SELECT transaction_id FROM errors
               WHERE id = $1 AND company_id = $2 AND resolved_at IS NULL)",
            &[&acting.error_id, &acting.company_id],
        )
        .await
        .map_err(db_error)?;
    Ok(dropped == 1 && resolve(db, acting, Some(reason)).await?)
}

async fn act(db: &impl GenericClient, acting: &ErrorActing) -> Result<(), StoreError> {
    // Locking the error row serialises two people acting on one error at once.
    let known = db
        .query_opt(
            "SELECT 1 FROM errors WHERE id = $1 AND company_id = $2 FOR UPDATE",
            &[&acting.error_id, &acting.company_id],
        )
        .await
        .map_err(db_error)?;
    if known.is_none() {
        return Err(StoreError::NotFound);
    }
    let done = match &acting.action {
        ErrorAction::Resolve { comment } => resolve(db, acting, comment.as_deref()).await?,
        ErrorAction::DeliverAgain => deliver_again(db, acting).await?,
        ErrorAction::Discard { reason } => discard(db, acting, reason).await?,
    };
    if !done {
        return Err(StoreError::Conflict("the error or its document has changed meanwhile".into()));
    }
    crate::effects::write(db, &acting.effects).await
}
