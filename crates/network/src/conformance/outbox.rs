//! The outbox's claims: a due job goes to one worker at a time, under a lease, and only its
//! current claim settles it.

use std::sync::Arc;

use serde_json::json;

use crate::model::{JobOutcome, JobState, NewJob};
use crate::new_id;
use crate::store::Store;

fn job(due_at: i64) -> NewJob {
    NewJob { id: new_id(), kind: "mail".into(), payload: json!({"to": "jane@example.com"}), created_at: 1, due_at }
}

pub async fn a_due_job_is_claimed_once_until_its_lease_runs_out(store: Arc<dyn Store>) {
    let queued = job(10);
    store.enqueue(vec![queued.clone()]).await.expect("enqueued");
    let claimed = store.claim_jobs(10, 100, 10).await.expect("claimed");
    assert_eq!(claimed.len(), 1);
    assert_eq!((claimed[0].id, claimed[0].attempts, claimed[0].leased_until), (queued.id, 1, 110));
    assert_eq!((claimed[0].kind.as_str(), &claimed[0].payload), ("mail", &queued.payload));
    assert!(store.claim_jobs(50, 100, 10).await.expect("claimed").is_empty(), "leased to the first worker");
    let again = store.claim_jobs(110, 100, 10).await.expect("claimed");
    assert_eq!((again.len(), again[0].attempts), (1, 2), "a lease that ran out frees the job");
    assert_ne!(again[0].claim, claimed[0].claim);
}

pub async fn jobs_not_yet_due_wait(store: Arc<dyn Store>) {
    let later = job(100);
    let now = job(5);
    store.enqueue(vec![later.clone(), now.clone()]).await.expect("enqueued");
    let claimed = store.claim_jobs(50, 1_000, 10).await.expect("claimed");
    assert_eq!(claimed.iter().map(|job| job.id).collect::<Vec<_>>(), [now.id]);
    let claimed = store.claim_jobs(100, 1_000, 10).await.expect("claimed");
    assert_eq!(claimed.iter().map(|job| job.id).collect::<Vec<_>>(), [later.id]);
    assert!(store.claim_jobs(100, 10, 0).await.expect("claimed").is_empty(), "a limit of none claims none");
}

pub async fn a_settled_job_is_not_claimed_again_and_a_stale_claim_settles_nothing(store: Arc<dyn Store>) {
    let queued = job(1);
    store.enqueue(vec![queued.clone()]).await.expect("enqueued");
    let first = store.claim_jobs(10, 10, 1).await.expect("claimed").remove(0);
    let second = store.claim_jobs(20, 10, 1).await.expect("claimed").remove(0);
    assert!(!store.settle_job(queued.id, first.claim, JobOutcome::Done, 21).await.expect("answered"), "stale");
    assert_eq!(store.find_job(queued.id).await.expect("read").expect("kept").state, JobState::Pending);
    assert!(store.settle_job(queued.id, second.claim, JobOutcome::Done, 22).await.expect("answered"));
    let done = store.find_job(queued.id).await.expect("read").expect("kept");
    assert_eq!((done.state, done.attempts), (JobState::Done, 2));
    assert!(store.claim_jobs(1_000, 10, 10).await.expect("claimed").is_empty());
    assert!(!store.settle_job(queued.id, second.claim, JobOutcome::Done, 23).await.expect("answered"), "once");
}

pub async fn a_retried_job_comes_back_when_it_is_due_again(store: Arc<dyn Store>) {
    let queued = job(1);
    store.enqueue(vec![queued.clone()]).await.expect("enqueued");
    let claimed = store.claim_jobs(10, 1_000, 1).await.expect("claimed").remove(0);
    let retry = JobOutcome::Retry { at: 500, error: "connection refused".into() };
    assert!(store.settle_job(queued.id, claimed.claim, retry, 11).await.expect("answered"));
    let waiting = store.find_job(queued.id).await.expect("read").expect("kept");
    assert_eq!((waiting.state, waiting.due_at), (JobState::Pending, 500));
    assert_eq!(waiting.last_error.as_deref(), Some("connection refused"));
    assert!(store.claim_jobs(400, 1_000, 1).await.expect("claimed").is_empty(), "not before it is due");
    let again = store.claim_jobs(500, 1_000, 1).await.expect("claimed").remove(0);
    assert_eq!(again.attempts, 2);
    let dead = JobOutcome::Dead { error: "mailbox unknown".into() };
    assert!(store.settle_job(queued.id, again.claim, dead, 501).await.expect("answered"));
    let buried = store.find_job(queued.id).await.expect("read").expect("kept");
    assert_eq!((buried.state, buried.last_error.as_deref()), (JobState::Dead, Some("mailbox unknown")));
    assert!(store.claim_jobs(100_000, 1_000, 1).await.expect("claimed").is_empty());
}

pub async fn concurrent_claims_never_hand_out_a_job_twice(store: Arc<dyn Store>) {
    let jobs: Vec<NewJob> = (0..40).map(|_| job(1)).collect();
    store.enqueue(jobs.clone()).await.expect("enqueued");
    let claims: Vec<_> = (0..8)
        .map(|_| {
            let store = Arc::clone(&store);
            tokio::spawn(async move { store.claim_jobs(10, 1_000, 5).await.expect("claimed") })
        })
        .collect();
    let mut claimed = Vec::new();
    for claim in claims {
        claimed.extend(claim.await.expect("joined").into_iter().map(|job| job.id));
    }
    claimed.sort();
    let mut expected: Vec<_> = jobs.iter().map(|job| job.id).collect();
    expected.sort();
    assert_eq!(claimed, expected, "every job claimed exactly once");
}
