//! Jobs for the outbox on their own, not caused by a change (an operator's, or a test's), and
//! where a job stands.

use serde_json::Value;
use uuid::Uuid;

use crate::model::{JobRecord, NewJob};
use crate::{Error, Hub, Timestamp, new_id};

impl Hub {
    /// Adds a job of `kind`, due from `due_at`; returns its id.
    pub async fn enqueue_job(&self, kind: &str, payload: Value, due_at: Timestamp) -> Result<Uuid, Error> {
        let job = NewJob { id: new_id(), kind: kind.to_owned(), payload, created_at: self.now(), due_at };
        let id = job.id;
        self.store.enqueue(vec![job]).await?;
        Ok(id)
    }

    pub async fn job(&self, id: Uuid) -> Result<JobRecord, Error> {
        self.store.find_job(id).await?.ok_or_else(|| Error::not_found(format!("no job {id}")))
    }
}
