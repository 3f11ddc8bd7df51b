//! Effects are written with their change: the story a send, a fetch, a mark and an error tell,
//! and a change whose effect cannot be written leaves nothing behind.

use std::sync::Arc;

use serde_json::json;

use super::marking::failure_of;
use super::{fixture, incoming, record, transaction};
use crate::effects::{self, Effect};
use crate::model::{Event, EventKind, Mark, MarkOutcome, NewJob, Status};
use crate::new_id;
use crate::store::Store;

async fn kinds(store: &Arc<dyn Store>, id: uuid::Uuid) -> Vec<EventKind> {
    store.transaction_events(id).await.expect("read").iter().map(|event| event.kind).collect()
}

pub fn job(id: uuid::Uuid) -> NewJob {
    NewJob { id, kind: "test".into(), payload: json!({}), created_at: 1, due_at: 1 }
}

pub async fn a_send_tells_its_story_and_a_new_version_tells_the_old_one(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let first = record(&store, transaction(&fixture, "PO-1", 1, 10)).await;
    let events: Vec<Event> = store.transaction_events(first).await.expect("read");
    assert_eq!(
        events.iter().map(|e| (e.kind, e.company_id)).collect::<Vec<_>>(),
        [(EventKind::Sent, fixture.sender), (EventKind::Delivered, fixture.receiver)]
    );
    let second = record(&store, transaction(&fixture, "PO-1", 2, 20)).await;
    let events = store.transaction_events(first).await.expect("read");
    assert_eq!(
        events.last().map(|e| (e.kind, e.detail.clone())),
        Some((EventKind::Replaced, Some(json!({"replacedBy": second}))))
    );
    assert_eq!(kinds(&store, second).await, [EventKind::Sent, EventKind::Delivered]);
    let mut kept = transaction(&fixture, "PO-3", 3, 30);
    kept.deliver = false;
    kept.effects = effects::of_send(&kept);
    let kept = record(&store, kept).await;
    assert_eq!(kinds(&store, kept).await, [EventKind::Sent, EventKind::Dropped]);
}

pub async fn marks_append_their_events(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let done = record(&store, transaction(&fixture, "PO-1", 1, 10)).await;
    let failed = record(&store, transaction(&fixture, "PO-2", 2, 11)).await;
    let (failure, error) = failure_of(&fixture, failed, 20);
    let marks = vec![Mark { transaction_id: done, outcome: MarkOutcome::Success }, failure];
    let told =
        vec![effects::of_mark(fixture.receiver, done, true, 20), effects::of_mark(fixture.receiver, failed, false, 20)];
    store.mark_processed(fixture.receiver, marks, told, 20, None).await.expect("marked");
    assert_eq!(kinds(&store, done).await, [EventKind::Sent, EventKind::Delivered, EventKind::Processed]);
    let events = store.transaction_events(failed).await.expect("read");
    let told: Vec<EventKind> = events.iter().map(|event| event.kind).collect();
    assert!(told.contains(&EventKind::Failed) && told.contains(&EventKind::ErrorOpened), "{told:?}");
    let opened = events.iter().find(|event| event.kind == EventKind::ErrorOpened).expect("told");
    assert_eq!(opened.detail.as_ref().and_then(|detail| detail.get("errorId")), Some(&json!(error.id)));
}

pub async fn an_opened_error_appends_its_event(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let id = record(&store, transaction(&fixture, "PO-1", 1, 10)).await;
    let (_, error) = failure_of(&fixture, id, 20);
    store.open_error(error.clone()).await.expect("opened");
    let events = store.transaction_events(id).await.expect("read");
    let opened = events.iter().find(|event| event.kind == EventKind::ErrorOpened).expect("told");
    assert_eq!((opened.company_id, opened.at), (fixture.receiver, 20));
}

/// Two pollers fetch the same page at once and a stranger claims it too: the receiver's first
/// fetch is told once, and the listing says from then on that it was fetched.
pub async fn a_first_fetch_is_told_once_and_only_by_the_receiver(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let id = record(&store, transaction(&fixture, "PO-1", 1, 10)).await;
    let listed = store.list_incoming(incoming(&fixture, None, 10)).await.expect("listed").rows;
    assert_eq!(listed.iter().map(|record| record.fetched).collect::<Vec<_>>(), [false]);
    let fetch = |company, at| {
        let store = Arc::clone(&store);
        async move { store.record_fetches(company, vec![(id, vec![effects::of_fetch(company, id, at)])], at).await }
    };
    fetch(fixture.sender, 15).await.expect("a stranger's fetch is ignored");
    let (first, second) = tokio::join!(fetch(fixture.receiver, 20), fetch(fixture.receiver, 20));
    first.and(second).expect("fetched");
    fetch(fixture.receiver, 30).await.expect("fetched again");
    let events = store.transaction_events(id).await.expect("read");
    let fetches: Vec<_> = events
        .iter()
        .filter(|event| event.kind == EventKind::Fetched)
        .map(|event| (event.company_id, event.at))
        .collect();
    assert_eq!(fetches, [(fixture.receiver, 20)]);
    let listed = store.list_incoming(incoming(&fixture, None, 10)).await.expect("listed").rows;
    assert_eq!(listed.iter().map(|record| record.fetched).collect::<Vec<_>>(), [true]);
}

/// The effect fails (its job's id is taken): the send is not recorded either.
pub async fn a_send_and_its_effects_commit_together_or_not_at_all(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let taken = new_id();
    store.enqueue(vec![job(taken)]).await.expect("enqueued");
    let mut doomed = transaction(&fixture, "PO-1", 1, 10);
    doomed.effects.push(Effect::Job(job(taken)));
    let id = doomed.id;
    assert!(store.record_sent(doomed).await.is_err(), "an effect that cannot be written fails the send");
    assert!(store.find_any_transaction(id).await.expect("read").is_none());
    assert!(store.list_incoming(incoming(&fixture, None, 10)).await.expect("listed").rows.is_empty());
    assert!(store.transaction_events(id).await.expect("read").is_empty());
    assert_eq!(store.find_duplicate(fixture.connection, [1; 32]).await.expect("read"), None);
    let retried = record(&store, transaction(&fixture, "PO-1", 1, 20)).await;
    assert_eq!(
        kinds(&store, retried).await,
        [EventKind::Sent, EventKind::Delivered],
        "the same send then goes in whole"
    );
}

pub async fn a_batch_of_marks_and_its_effects_commit_together_or_not_at_all(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let id = record(&store, transaction(&fixture, "PO-1", 1, 10)).await;
    let taken = new_id();
    store.enqueue(vec![job(taken)]).await.expect("enqueued");
    let (failure, error) = failure_of(&fixture, id, 20);
    let told = vec![effects::of_mark(fixture.receiver, id, false, 20), Effect::Job(job(taken))];
    assert!(store.mark_processed(fixture.receiver, vec![failure], told, 20, None).await.is_err());
    assert_eq!(store.find_any_transaction(id).await.expect("read").expect("kept").status, Status::Pending);
    assert!(store.find_error(error.id).await.expect("read").is_none(), "the error went with the batch");
    assert_eq!(kinds(&store, id).await, [EventKind::Sent, EventKind::Delivered]);
}

/// Enough reports that the stores write their events in one statement.
pub async fn a_large_batch_of_marks_tells_each_story(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let mut ids = Vec::new();
    for n in 0..40u8 {
        ids.push(record(&store, transaction(&fixture, &format!("PO-{n}"), n, 10 + i64::from(n))).await);
    }
    let marks = ids.iter().map(|id| Mark { transaction_id: *id, outcome: MarkOutcome::Success }).collect();
    let told = ids.iter().map(|id| effects::of_mark(fixture.receiver, *id, true, 100)).collect();
    store.mark_processed(fixture.receiver, marks, told, 100, None).await.expect("marked");
    for id in ids {
        let events = store.transaction_events(id).await.expect("read");
        let last = events.last().expect("told");
        assert_eq!(
            (last.kind, last.company_id, last.at, last.transaction_id),
            (EventKind::Processed, fixture.receiver, 100, Some(id))
        );
        assert_eq!(events.len(), 3);
    }
}
