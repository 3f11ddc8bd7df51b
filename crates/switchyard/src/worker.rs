//! The outbox worker on a timer: beside the server in `serve`, or alone in `switchyard worker`
//! (a process that only works the outbox). When no job is due it looks again after a short
//! wait; a change's jobs are never done inside the request that caused them, so a slow mail or
//! webhook server never slows the API.

use std::sync::Arc;
use std::time::{Duration, Instant};

use switchyard_network::Hub;
use switchyard_network::model::MAIL_JOB;
use switchyard_network::usecases::document_news::{DOCUMENT_NEWS_JOB, DOCUMENTS_DIGEST_JOB, DocumentNewsHandler};
use switchyard_network::usecases::notify::{DIGEST_JOB, ERROR_NOTICE_JOB, ErrorNoticeHandler};
use switchyard_network::worker::{Worker, WorkerSettings};
use tokio::sync::watch;

use crate::background::Background;
use crate::mail_jobs::{DocumentDigests, IssueDigests, MailContext, OrderedMails};

/// How long an idle worker waits before it looks for due jobs again.
const IDLE_WAIT: Duration = Duration::from_secs(1);
/// How often the worker deletes what has expired.
const SWEEP_EVERY: Duration = Duration::from_mins(10);

/// The worker with every kind of job this binary knows how to do.
pub fn worker(hub: Arc<Hub>, mail: MailContext) -> Worker {
    worker_with(hub, mail, WorkerSettings::default())
}

/// [`worker`] paced by `settings` (tests retry sooner).
pub fn worker_with(hub: Arc<Hub>, mail: MailContext, settings: WorkerSettings) -> Worker {
    Worker::new(Arc::clone(&hub), settings)
        .handle(MAIL_JOB, Arc::new(OrderedMails(mail.clone())))
        .handle(ERROR_NOTICE_JOB, Arc::new(ErrorNoticeHandler(Arc::clone(&hub))))
        .handle(DOCUMENT_NEWS_JOB, Arc::new(DocumentNewsHandler(Arc::clone(&hub))))
        .handle(DIGEST_JOB, Arc::new(IssueDigests { hub: Arc::clone(&hub), context: mail.clone() }))
        .handle(DOCUMENTS_DIGEST_JOB, Arc::new(DocumentDigests { hub, context: mail }))
}

/// `worker` running in the background; stopping it lets the job in hand finish.
pub fn start(worker: Worker) -> Background {
    Background::spawn(|stopped| work(worker, stopped))
}

async fn work(worker: Worker, mut stopped: watch::Receiver<bool>) {
    let mut last_sweep = Instant::now();
    while !*stopped.borrow() {
        if last_sweep.elapsed() >= SWEEP_EVERY {
            last_sweep = Instant::now();
            sweep(&worker).await;
        }
        let jobs_done = match worker.step().await {
            Ok(count) => count,
            Err(error) => {
                tracing::warn!(%error, "the worker could not claim or settle jobs; trying again shortly");
                0
            }
        };
        if jobs_done == 0 {
            tokio::select! {
                () = tokio::time::sleep(IDLE_WAIT) => {}
                _ = stopped.changed() => {}
            }
        }
    }
}

async fn sweep(worker: &Worker) {
    match worker.sweep().await {
        Ok(0) => {}
        Ok(swept) => tracing::info!(swept, "expired idempotency keys deleted"),
        Err(error) => tracing::warn!(%error, "expired idempotency keys could not be deleted; trying again later"),
    }
}
