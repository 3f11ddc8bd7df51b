//! Idempotency keys: one request runs per key, its answer is written with its change or not at
//! all, and a retry gets that answer; keys are per company and expire.

use std::sync::Arc;

use super::marking::failure_of;
use super::{Fixture, fixture, record, transaction};
use crate::effects::Effect;
use crate::model::idempotency::{CLAIMED_FOR, KEPT_FOR};
use crate::model::{Begun, IdempotencyKey, IdempotentRequest, MarksAnswer, StoredAnswer};
use crate::new_id;
use crate::store::Store;

fn request(company_id: uuid::Uuid, key: &str, fingerprint: &str, at: i64) -> IdempotentRequest {
    IdempotentRequest {
        company_id,
        key: IdempotencyKey::parse(key).unwrap(),
        fingerprint: fingerprint.into(),
        claim: new_id(),
        at,
    }
}

fn answer(status: u16, body: &str) -> StoredAnswer {
    StoredAnswer { status, body: body.as_bytes().to_vec() }
}

async fn begun(store: &Arc<dyn Store>, request: &IdempotentRequest) -> Begun {
    store.begin_idempotent(request).await.expect("begun")
}

pub async fn a_key_runs_once_and_its_answer_is_replayed_only_for_the_same_request(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let first = request(fixture.sender, "k-1", "body-a", 100);
    assert_eq!(begun(&store, &first).await, Begun::Run);
    assert_eq!(begun(&store, &request(fixture.sender, "k-1", "body-a", 101)).await, Begun::InProgress);
    assert_eq!(begun(&store, &request(fixture.sender, "k-1", "body-b", 101)).await, Begun::Reused);
    assert_eq!(
        begun(&store, &request(fixture.receiver, "k-1", "body-b", 101)).await,
        Begun::Run,
        "keys are per company"
    );

    let stored = answer(422, r#"{"message":"no"}"#);
    assert!(store.store_answer(first.answered(stored.clone())).await.expect("stored"));
    assert_eq!(begun(&store, &request(fixture.sender, "k-1", "body-a", 102)).await, Begun::Replay(stored));
    assert_eq!(begun(&store, &request(fixture.sender, "k-1", "body-b", 102)).await, Begun::Reused);
    let stale = first.answered(answer(200, "{}"));
    assert!(!store.store_answer(stale).await.expect("asked"), "an answered key is not answered again");
}

pub async fn a_change_and_its_answer_commit_together_or_not_at_all(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let first = request(fixture.sender, "send-1", "order", 100);
    assert_eq!(begun(&store, &first).await, Begun::Run);
    let mut sent = transaction(&fixture, "PO-1", 1, 100);
    let created = answer(201, &format!(r#"{{"procurosTransactionId":"{}"}}"#, sent.id));
    sent.effects.push(Effect::Answer(first.answered(created.clone())));
    let id = record(&store, sent).await;
    assert_eq!(begun(&store, &request(fixture.sender, "send-1", "order", 101)).await, Begun::Replay(created));

    // A request whose key was taken over by a retry (its server stalled past the claim) cannot
    // write its change: the retry alone does.
    let stalled = request(fixture.sender, "send-2", "order-2", 200);
    assert_eq!(begun(&store, &stalled).await, Begun::Run);
    let retry = request(fixture.sender, "send-2", "order-2", 200 + CLAIMED_FOR);
    assert_eq!(begun(&store, &retry).await, Begun::Run);
    let mut late = transaction(&fixture, "PO-2", 2, 300);
    let late_id = late.id;
    late.effects.push(Effect::Answer(stalled.answered(answer(201, "{}"))));
    assert!(store.record_sent(late).await.is_err(), "the stalled request's change is refused");
    assert!(store.find_any_transaction(late_id).await.expect("read").is_none(), "and nothing of it is kept");
    assert!(store.find_any_transaction(id).await.expect("read").is_some());
}

pub async fn marks_store_the_answer_rendered_from_what_was_written(store: Arc<dyn Store>) {
    let fixture: Fixture = fixture(&store).await;
    let id = record(&store, transaction(&fixture, "PO-1", 1, 10)).await;
    let (failure, error) = failure_of(&fixture, id, 20);
    store.mark_processed(fixture.receiver, vec![failure], vec![], 20, None).await.expect("marked");
    // The same failure reported again keeps the error already open: the answer names that one.
    let keyed = request(fixture.receiver, "mark-1", "fail", 30);
    assert_eq!(begun(&store, &keyed).await, Begun::Run);
    let (again, _) = failure_of(&fixture, id, 30);
    let claim = keyed.clone();
    let render: MarksAnswer = Arc::new(move |marked| {
        let named = marked.iter().filter_map(|marked| marked.error_id).map(|id| id.to_string()).collect::<Vec<_>>();
        claim.answered(answer(200, &named.join(",")))
    });
    store.mark_processed(fixture.receiver, vec![again], vec![], 30, Some(render)).await.expect("marked");
    let replay = begun(&store, &request(fixture.receiver, "mark-1", "fail", 31)).await;
    assert_eq!(replay, Begun::Replay(answer(200, &error.id.to_string())));
}

pub async fn a_released_key_runs_again_and_expired_keys_are_forgotten(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let failed = request(fixture.sender, "k-1", "a", 100);
    assert_eq!(begun(&store, &failed).await, Begun::Run);
    store.release_key(failed.company_id, failed.key.as_str(), new_id()).await.expect("asked");
    assert_eq!(
        begun(&store, &request(fixture.sender, "k-1", "a", 101)).await,
        Begun::InProgress,
        "only its claim lets go"
    );
    store.release_key(failed.company_id, failed.key.as_str(), failed.claim).await.expect("released");
    let retry = request(fixture.sender, "k-1", "a", 102);
    assert_eq!(begun(&store, &retry).await, Begun::Run);
    assert!(store.store_answer(retry.answered(answer(200, "{}"))).await.expect("stored"));
    let other = request(fixture.receiver, "k-2", "b", 5_000);
    assert_eq!(begun(&store, &other).await, Begun::Run);

    assert_eq!(store.forget_expired_keys(102 + KEPT_FOR - 1, 10).await.expect("forgot"), 0);
    assert_eq!(store.forget_expired_keys(102 + KEPT_FOR, 10).await.expect("forgot"), 1);
    let after = request(fixture.sender, "k-1", "another body", 103 + KEPT_FOR);
    assert_eq!(begun(&store, &after).await, Begun::Run, "a forgotten key is new again");
    assert_eq!(begun(&store, &request(fixture.receiver, "k-2", "b", 5_001)).await, Begun::InProgress);
}

pub async fn one_of_many_requests_with_one_key_at_once_runs(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let tries: Vec<_> = (0..8)
        .map(|_| {
            let store = Arc::clone(&store);
            let request = request(fixture.sender, "same", "a", 100);
            tokio::spawn(async move { store.begin_idempotent(&request).await.expect("begun") })
        })
        .collect();
    let mut runs = 0;
    for attempt in tries {
        match attempt.await.expect("joined") {
            Begun::Run => runs += 1,
            Begun::InProgress => {}
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(runs, 1);
}
