//! Idempotency keys on PostgreSQL: a key is inserted or locked (`FOR UPDATE`) before it is
//! judged, so that of two requests with one key, in one server process or two, one runs and
//! the other waits for the first's decision.

use async_trait::async_trait;
use deadpool_postgres::GenericClient;
use switchyard_network::Timestamp;
use switchyard_network::model::idempotency::begin;
use switchyard_network::model::{AnswerRecord, Begun, IdempotentRequest, KeyRecord, StoredAnswer};
use switchyard_network::store::{IdempotencyStore, StoreError};
use tokio_postgres::Row;
use uuid::Uuid;

use crate::PostgresStore;
use crate::prepared;
use crate::rows::{db_error, get};

fn record_from_row(row: &Row) -> Result<KeyRecord, StoreError> {
    let status: Option<i32> = get(row, 2)?;
    let body: Option<Vec<u8>> = get(row, 3)?;
    let answer = status
        .map(|status| StoredAnswer { status: u16::try_from(status).unwrap_or(500), body: body.unwrap_or_default() });
    Ok(KeyRecord { fingerprint: get(row, 0)?, claimed_until: get(row, 1)?, answer, expires_at: get(row, 4)? })
}

/// Claims the key for `request`: inserts it when new, else overwrites the record it replaces.
async fn claim(db: &impl GenericClient, request: &IdempotentRequest, insert: bool) -> Result<u64, StoreError> {
    let claimed = request.claimed();
    let sql = if insert {
        "INSERT INTO idempotency_keys (company_id, key, fingerprint, claim, claimed_until, status, body, expires_at)
         VALUES ($1, $2, $3, $4, $5, NULL, NULL, $6) ON CONFLICT DO NOTHING"
    } else {
        "UPDATE idempotency_keys SET fingerprint = $3, claim = $4, claimed_until = $5, status = NULL, body = NULL,
         expires_at = $6 WHERE company_id = $1 AND key = $2"
    };
    let parameters: [&(dyn tokio_postgres::types::ToSql + Sync); 6] = [
        &request.company_id,
        &request.key.as_str(),
        &claimed.fingerprint,
        &request.claim,
        &claimed.claimed_until,
        &claimed.expires_at,
    ];
    prepared::execute(db, sql, &parameters).await
}

async fn answer_on(db: &impl GenericClient, record: &AnswerRecord) -> Result<bool, StoreError> {
    let updated = prepared::execute(
        db,
        "UPDATE idempotency_keys SET status = $4, body = $5
         WHERE company_id = $1 AND key = $2 AND claim = $3 AND status IS NULL",
        &[&record.company_id, &record.key, &record.claim, &i32::from(record.answer.status), &record.answer.body],
    )
    .await?;
    Ok(updated == 1)
}

/// The answer of a change, as one of its effects: the change stands only with its answer.
pub(crate) async fn answer_with_change(db: &impl GenericClient, record: &AnswerRecord) -> Result<(), StoreError> {
    if answer_on(db, record).await? {
        Ok(())
    } else {
        Err(StoreError::Conflict("the idempotency key was taken over by a retry".into()))
    }
}

#[async_trait]
impl IdempotencyStore for PostgresStore {
    async fn begin_idempotent(&self, request: &IdempotentRequest) -> Result<Begun, StoreError> {
        let mut client = self.client().await?;
        let db = client.transaction().await.map_err(db_error)?;
        if claim(&db, request, true).await? == 1 {
            db.commit().await.map_err(db_error)?;
            return Ok(Begun::Run);
        }
        let row = prepared::query_opt(
            &db,
            "SELECT fingerprint, claimed_until, status, body, expires_at FROM idempotency_keys
             WHERE company_id = $1 AND key = $2 FOR UPDATE",
            &[&request.company_id, &request.key.as_str()],
        )
        .await?;
        // Let go of meanwhile by the request that held it: its retry runs as if new.
        let Some(row) = row else {
            let inserted = claim(&db, request, true).await? == 1;
            db.commit().await.map_err(db_error)?;
            return Ok(if inserted { Begun::Run } else { Begun::InProgress });
        };
        let begun = begin(Some(&record_from_row(&row)?), request);
        if begun == Begun::Run {
            claim(&db, request, false).await?;
        }
        db.commit().await.map_err(db_error)?;
        Ok(begun)
    }

    async fn store_answer(&self, answer: AnswerRecord) -> Result<bool, StoreError> {
        answer_on(&self.client().await?, &answer).await
    }

    async fn release_key(&self, company_id: Uuid, key: &str, claim: Uuid) -> Result<(), StoreError> {
        let client = self.client().await?;
        prepared::execute(
            &client,
            "DELETE FROM idempotency_keys WHERE company_id = $1 AND key = $2 AND claim = $3 AND status IS NULL",
            &[&company_id, &key, &claim],
        )
        .await?;
        Ok(())
    }

    async fn forget_expired_keys(&self, now: Timestamp, limit: usize) -> Result<u64, StoreError> {
        let client = self.client().await?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        prepared::execute(
            &client,
            "DELETE FROM idempotency_keys WHERE (company_id, key) IN
             (SELECT company_id, key FROM idempotency_keys WHERE expires_at <= $1 LIMIT $2 FOR UPDATE SKIP LOCKED)",
            &[&now, &limit],
        )
        .await
    }
}
