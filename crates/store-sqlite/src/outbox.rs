//! The outbox's jobs: claimed through the single writer, so that two claims never overlap,
//! with one `UPDATE ... RETURNING` that leases the due jobs it picks.

use async_trait::async_trait;
use rusqlite::{Connection, OptionalExtension, params};
use switchyard_network::Timestamp;
use switchyard_network::model::{ClaimedJob, DeadJob, JobOutcome, JobRecord, NewJob};
use switchyard_network::store::{OutboxStore, StoreError};
use uuid::Uuid;

use crate::SqliteStore;
use crate::effects::enqueue_job;
use crate::rows::{db_error, parsed, uuid_text};

#[async_trait]
impl OutboxStore for SqliteStore {
    async fn enqueue(&self, jobs: Vec<NewJob>) -> Result<(), StoreError> {
        self.writer.run(move |db| jobs.iter().try_for_each(|job| enqueue_job(db, job))).await
    }

    async fn claim_jobs(&self, now: Timestamp, lease: i64, limit: usize) -> Result<Vec<ClaimedJob>, StoreError> {
        self.writer.run(move |db| claim(db, now, lease, limit)).await
    }

    async fn settle_job(&self, id: Uuid, claim: Uuid, outcome: JobOutcome, at: Timestamp) -> Result<bool, StoreError> {
        self.writer.run(move |db| settle(db, id, claim, &outcome, at)).await
    }

    async fn list_dead_jobs(&self, kinds: Vec<String>, limit: usize) -> Result<Vec<DeadJob>, StoreError> {
        self.readers
            .run(move |db| {
                let kinds = serde_json::Value::from(kinds).to_string();
                let mut statement = db
                    .prepare(
                        "SELECT id, kind, state, attempts, due_at, last_error, payload, settled_at FROM jobs
                         WHERE state = 'DEAD' AND kind IN (SELECT value FROM json_each(?1))
                         ORDER BY settled_at DESC LIMIT ?2",
                    )
                    .map_err(db_error)?;
                let rows = statement
                    .query_map(params![kinds, i64::try_from(limit).unwrap_or(i64::MAX)], |row| {
                        Ok(DeadJob {
                            record: JobRecord {
                                id: parsed(row, 0)?,
                                kind: row.get(1)?,
                                state: parsed(row, 2)?,
                                attempts: row.get(3)?,
                                due_at: row.get(4)?,
                                last_error: row.get(5)?,
                            },
                            payload: parsed(row, 6)?,
                            settled_at: row.get(7)?,
                        })
                    })
                    .map_err(db_error)?;
                rows.collect::<Result<_, _>>().map_err(db_error)
            })
            .await
    }

    async fn find_job(&self, id: Uuid) -> Result<Option<JobRecord>, StoreError> {
        self.readers
            .run(move |db| {
                db.query_row(
                    "SELECT id, kind, state, attempts, due_at, last_error FROM jobs WHERE id = ?1",
                    [uuid_text(id)],
                    |row| {
                        Ok(JobRecord {
                            id: parsed(row, 0)?,
                            kind: row.get(1)?,
                            state: parsed(row, 2)?,
                            attempts: row.get(3)?,
                            due_at: row.get(4)?,
                            last_error: row.get(5)?,
                        })
                    },
                )
                .optional()
                .map_err(db_error)
            })
            .await
    }
}

fn claim(db: &Connection, now: Timestamp, lease: i64, limit: usize) -> Result<Vec<ClaimedJob>, StoreError> {
    let claim = switchyard_network::new_id();
    let leased_until = now + lease;
    let mut statement = db
        .prepare_cached(
            "UPDATE jobs SET claim = ?1, leased_until = ?2, attempts = attempts + 1
             WHERE id IN (SELECT id FROM jobs WHERE state = 'PENDING' AND due_at <= ?3
                          AND (leased_until IS NULL OR leased_until <= ?3) ORDER BY due_at LIMIT ?4)
             RETURNING id, kind, payload, created_at, attempts",
        )
        .map_err(db_error)?;
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let rows = statement
        .query_map(params![uuid_text(claim), leased_until, now, limit], |row| {
            Ok(ClaimedJob {
                id: parsed(row, 0)?,
                kind: row.get(1)?,
                payload: parsed(row, 2)?,
                created_at: row.get(3)?,
                attempts: row.get(4)?,
                claim,
                leased_until,
            })
        })
        .map_err(db_error)?;
    let mut jobs: Vec<ClaimedJob> = rows.collect::<Result<_, _>>().map_err(db_error)?;
    // RETURNING gives no order; the oldest due first, as claimed.
    jobs.sort_by_key(|job| job.created_at);
    Ok(jobs)
}

fn settle(db: &Connection, id: Uuid, claim: Uuid, outcome: &JobOutcome, at: Timestamp) -> Result<bool, StoreError> {
    let (state, due_at, error) = match outcome {
        JobOutcome::Done => ("DONE", None, None),
        JobOutcome::Retry { at: retry_at, error } => ("PENDING", Some(*retry_at), Some(error.as_str())),
        JobOutcome::Dead { error } => ("DEAD", None, Some(error.as_str())),
    };
    let settled = db
        .prepare_cached(
            "UPDATE jobs SET state = ?3, due_at = coalesce(?4, due_at), last_error = coalesce(?5, last_error),
             claim = NULL, leased_until = NULL, settled_at = CASE WHEN ?3 = 'PENDING' THEN NULL ELSE ?6 END
             WHERE id = ?1 AND claim = ?2 AND state = 'PENDING'",
        )
        .and_then(|mut statement| statement.execute(params![uuid_text(id), uuid_text(claim), state, due_at, error, at]))
        .map_err(db_error)?;
    Ok(settled == 1)
}
