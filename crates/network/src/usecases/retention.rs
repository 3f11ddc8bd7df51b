//! Retention: documents settled longer ago than the operator's number of days are deleted
//! with their errors and events, a small batch at a time, so that the database stops growing
//! under steady traffic and no deletion holds the writer for long.

use crate::{Error, Hub, telemetry};

const MICROS_PER_DAY: i64 = 86_400 * 1_000_000;

impl Hub {
    /// Deletes at most `batch` documents whose story ended more than `days` ago; returns how many.
    pub async fn delete_settled_batch(&self, days: u32, batch: usize) -> Result<u64, Error> {
        let before = self.now() - i64::from(days) * MICROS_PER_DAY;
        let deleted = self.store.delete_settled(before, batch).await?;
        telemetry::retention_deleted(deleted);
        Ok(deleted)
    }
}
