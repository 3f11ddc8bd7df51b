//! Idempotency keys on SQLite: claimed, answered (alone or as a change's effect), let go of and
//! forgotten when expired. The single writer makes reading and claiming a key one step.

use async_trait::async_trait;
use rusqlite::{Connection, OptionalExtension, Row, params};
use switchyard_network::Timestamp;
use switchyard_network::model::idempotency::begin;
use switchyard_network::model::{AnswerRecord, Begun, IdempotentRequest, KeyRecord, StoredAnswer};
use switchyard_network::store::{IdempotencyStore, StoreError};
use uuid::Uuid;

use crate::SqliteStore;
use crate::rows::{db_error, uuid_text};

fn record_from_row(row: &Row<'_>) -> rusqlite::Result<KeyRecord> {
    let status: Option<u16> = row.get(2)?;
    let body: Option<Vec<u8>> = row.get(3)?;
    Ok(KeyRecord {
        fingerprint: row.get(0)?,
        claimed_until: row.get(1)?,
        answer: status.map(|status| StoredAnswer { status, body: body.unwrap_or_default() }),
        expires_at: row.get(4)?,
    })
}

fn begin_on(db: &Connection, request: &IdempotentRequest) -> Result<Begun, StoreError> {
    let company = uuid_text(request.company_id);
    let stored = db
        .prepare_cached(
            "SELECT fingerprint, claimed_until, status, body, expires_at FROM idempotency_keys
             WHERE company_id = ?1 AND key = ?2",
        )
        .and_then(|mut statement| {
            statement.query_row(params![company, request.key.as_str()], record_from_row).optional()
        })
        .map_err(db_error)?;
    let begun = begin(stored.as_ref(), request);
    if begun == Begun::Run {
        let claimed = request.claimed();
        db.prepare_cached(
            "INSERT OR REPLACE INTO idempotency_keys
             (company_id, key, fingerprint, claim, claimed_until, status, body, expires_at)
             VALUES (?1, ?2, ?3, ?4, ?5, NULL, NULL, ?6)",
        )
        .and_then(|mut statement| {
            statement.execute(params![
                company,
                request.key.as_str(),
                claimed.fingerprint,
                uuid_text(request.claim),
                claimed.claimed_until,
                claimed.expires_at,
            ])
        })
        .map_err(db_error)?;
    }
    Ok(begun)
}

/// Writes `record`'s answer if its claim still holds the key; `false` when it does not.
fn answer_on(db: &Connection, record: &AnswerRecord) -> Result<bool, StoreError> {
    let updated = db
        .prepare_cached(
            "UPDATE idempotency_keys SET status = ?4, body = ?5
             WHERE company_id = ?1 AND key = ?2 AND claim = ?3 AND status IS NULL",
        )
        .and_then(|mut statement| {
            statement.execute(params![
                uuid_text(record.company_id),
                record.key,
                uuid_text(record.claim),
                record.answer.status,
                record.answer.body,
            ])
        })
        .map_err(db_error)?;
    Ok(updated == 1)
}

/// The answer of a change, as one of its effects: the change stands only with its answer.
pub(crate) fn answer_with_change(db: &Connection, record: &AnswerRecord) -> Result<(), StoreError> {
    if answer_on(db, record)? {
        Ok(())
    } else {
        Err(StoreError::Conflict("the idempotency key was taken over by a retry".into()))
    }
}

#[async_trait]
impl IdempotencyStore for SqliteStore {
    async fn begin_idempotent(&self, request: &IdempotentRequest) -> Result<Begun, StoreError> {
        let request = request.clone();
        self.writer.run(move |db| begin_on(db, &request)).await
    }

    async fn store_answer(&self, answer: AnswerRecord) -> Result<bool, StoreError> {
        self.writer.run(move |db| answer_on(db, &answer)).await
    }

    async fn release_key(&self, company_id: Uuid, key: &str, claim: Uuid) -> Result<(), StoreError> {
        let key = key.to_owned();
        self.writer
            .run(move |db| {
                db.execute(
                    "DELETE FROM idempotency_keys WHERE company_id = ?1 AND key = ?2 AND claim = ?3 AND status IS NULL",
                    params![uuid_text(company_id), key, uuid_text(claim)],
                )
                .map_err(db_error)?;
                Ok(())
            })
            .await
    }

    async fn forget_expired_keys(&self, now: Timestamp, limit: usize) -> Result<u64, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.writer
            .run(move |db| {
                let deleted = db
                    .execute(
                        "DELETE FROM idempotency_keys WHERE (company_id, key) IN
                         (SELECT company_id, key FROM idempotency_keys WHERE expires_at <= ?1 LIMIT ?2)",
                        params![now, limit],
                    )
                    .map_err(db_error)?;
                Ok(deleted as u64)
            })
            .await
    }
}
