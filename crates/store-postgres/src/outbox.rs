//! The outbox's jobs, claimed by workers in any number of processes: `FOR UPDATE SKIP LOCKED`
//! picks due jobs no other claim is picking at the same moment, and the lease keeps them off
//! every other worker until it runs out.

use async_trait::async_trait;
use switchyard_network::Timestamp;
use switchyard_network::model::{ClaimedJob, DeadJob, JobOutcome, JobRecord, NewJob};
use switchyard_network::store::{OutboxStore, StoreError};
use uuid::Uuid;

use crate::PostgresStore;
use crate::effects::enqueue_job;
use crate::rows::{db_error, get, parsed};

#[async_trait]
impl OutboxStore for PostgresStore {
    async fn enqueue(&self, jobs: Vec<NewJob>) -> Result<(), StoreError> {
        let mut client = self.client().await?;
        let db = client.transaction().await.map_err(db_error)?;
        for job in &jobs {
            enqueue_job(&db, job).await?;
        }
        db.commit().await.map_err(db_error)
    }

    async fn claim_jobs(&self, now: Timestamp, lease: i64, limit: usize) -> Result<Vec<ClaimedJob>, StoreError> {
        let claim = switchyard_network::new_id();
        let leased_until = now + lease;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = self
            .client()
            .await?
            .query(
                "UPDATE jobs SET claim = $1, leased_until = $2, attempts = attempts + 1
                 WHERE id IN (SELECT id FROM jobs WHERE state = 'PENDING' AND due_at <= $3
                              AND (leased_until IS NULL OR leased_until <= $3)
                              ORDER BY due_at LIMIT $4 FOR UPDATE SKIP LOCKED)
                 RETURNING id, kind, payload, created_at, attempts",
                &[&claim, &leased_until, &now, &limit],
            )
            .await
            .map_err(db_error)?;
        let mut jobs = rows
            .iter()
            .map(|row| {
                let attempts: i32 = get(row, 4)?;
                Ok(ClaimedJob {
                    id: get(row, 0)?,
                    kind: get(row, 1)?,
                    payload: parsed(row, 2)?,
                    created_at: get(row, 3)?,
                    attempts: u32::try_from(attempts).unwrap_or_default(),
                    claim,
                    leased_until,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        jobs.sort_by_key(|job| job.created_at);
        Ok(jobs)
    }

    async fn settle_job(&self, id: Uuid, claim: Uuid, outcome: JobOutcome, at: Timestamp) -> Result<bool, StoreError> {
        let (state, due_at, error) = match &outcome {
            JobOutcome::Done => ("DONE", None, None),
            JobOutcome::Retry { at: retry_at, error } => ("PENDING", Some(*retry_at), Some(error.as_str())),
            JobOutcome::Dead { error } => ("DEAD", None, Some(error.as_str())),
        };
        let settled = self
            .client()
            .await?
            .execute(
                "UPDATE jobs SET state = $3, due_at = coalesce($4, due_at), last_error = coalesce($5, last_error),
                 claim = NULL, leased_until = NULL, settled_at = CASE WHEN $3::text = 'PENDING' THEN NULL ELSE $6::bigint END
                 WHERE id = $1 AND claim = $2 AND state = 'PENDING'",
                &[&id, &claim, &state, &due_at, &error, &at],
            )
            .await
            .map_err(db_error)?;
        Ok(settled == 1)
    }

    async fn find_job(&self, id: Uuid) -> Result<Option<JobRecord>, StoreError> {
        let row = self
            .client()
            .await?
            .query_opt("SELECT id, kind, state, attempts, due_at, last_error FROM jobs WHERE id = $1", &[&id])
            .await
            .map_err(db_error)?;
        let Some(row) = row else { return Ok(None) };
        let attempts: i32 = get(&row, 3)?;
        Ok(Some(JobRecord {
            id: get(&row, 0)?,
            kind: get(&row, 1)?,
            state: parsed(&row, 2)?,
            attempts: u32::try_from(attempts).unwrap_or_default(),
            due_at: get(&row, 4)?,
            last_error: get(&row, 5)?,
        }))
    }

    async fn list_dead_jobs(&self, kinds: Vec<String>, limit: usize) -> Result<Vec<DeadJob>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = self
            .client()
            .await?
            .query(
                "SELECT id, kind, state, attempts, due_at, last_error, payload, settled_at FROM jobs
                 WHERE state = 'DEAD' AND kind = ANY($1) ORDER BY settled_at DESC LIMIT $2",
                &[&kinds, &limit],
            )
            .await
            .map_err(db_error)?;
        rows.iter()
            .map(|row| {
                let attempts: i32 = get(row, 3)?;
                let payload: String = get(row, 6)?;
                Ok(DeadJob {
                    record: JobRecord {
                        id: get(row, 0)?,
                        kind: get(row, 1)?,
                        state: parsed(row, 2)?,
                        attempts: u32::try_from(attempts).unwrap_or_default(),
                        due_at: get(row, 4)?,
                        last_error: get(row, 5)?,
                    },
                    payload: serde_json::from_str(&payload).map_err(|error| StoreError::Other(error.to_string()))?,
                    settled_at: get(row, 7)?,
                })
            })
            .collect()
    }
}
