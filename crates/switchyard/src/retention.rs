//! The retention job beside `serve` and `switchyard worker`, when `retention_days` is set:
//! every few minutes it deletes the documents settled longer ago than that, in batches with a
//! pause between them, so that the writer is never held for more than a batch and requests go
//! on meanwhile, and says in the log how many it deleted.

use std::sync::Arc;
use std::time::Duration;

use switchyard_network::Hub;
use tokio::sync::watch;

use crate::background::Background;

/// Documents deleted in one write. Deleting a document touches a page of each of a dozen
/// indexes, old pages each, all written to the log with the next commit: with 200 at once the
/// p99 of sends went from 7 to 49 ms, with 25 to 31 ms; with 5 it stays within the noise
/// (docs/performance.md). About 95 documents a second, eight million a day.
pub const BATCH: usize = 5;
/// The pause between two batches: requests' writes go between them.
const PAUSE: Duration = Duration::from_millis(50);
/// How often a pass runs.
const EVERY: Duration = Duration::from_mins(10);

/// Deletes every document settled more than `days` ago, a batch at a time; returns how many.
pub async fn pass(hub: &Hub, days: u32, pause: Duration) -> Result<u64, switchyard_network::Error> {
    let mut deleted = 0;
    loop {
        let batch = hub.delete_settled_batch(days, BATCH).await?;
        deleted += batch;
        if batch < BATCH as u64 {
            return Ok(deleted);
        }
        tokio::time::sleep(pause).await;
    }
}

/// The job running in the background, when `days` is set.
pub fn start(hub: Arc<Hub>, days: Option<u32>) -> Option<Background> {
    let days = days?;
    tracing::info!(days, "documents settled longer ago than the retention are deleted");
    Some(Background::spawn(|stopped| run(hub, days, stopped)))
}

async fn run(hub: Arc<Hub>, days: u32, mut stopped: watch::Receiver<bool>) {
    while !*stopped.borrow() {
        match pass(&hub, days, PAUSE).await {
            Ok(0) => {}
            Ok(deleted) => tracing::info!(deleted, days, "settled documents deleted by retention"),
            Err(error) => tracing::warn!(%error, "retention could not delete settled documents; trying again later"),
        }
        tokio::select! {
            () = tokio::time::sleep(EVERY) => {}
            _ = stopped.changed() => {}
        }
    }
}
