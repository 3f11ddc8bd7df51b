//! People acting on errors: resolving, delivering a failed document again, discarding it; and
//! a company's list of errors.

use std::sync::Arc;

use uuid::Uuid;

use super::effects::job;
use super::marking::failure_of;
use super::{Fixture, fixture, ids_of, incoming, record, transaction};
use crate::model::{ErrorActing, ErrorAction, ErrorType, Mark, MarkOutcome, Status};
use crate::new_id;
use crate::store::{ErrorCursor, ErrorQuery, Store, StoreError};

fn acting(fixture: &Fixture, error_id: Uuid, action: ErrorAction, at: i64) -> ErrorActing {
    ErrorActing {
        error_id,
        company_id: fixture.receiver,
        action,
        by: "ann@receiver.example".into(),
        at,
        effects: Vec::new(),
    }
}

/// A transaction the receiver's ERP reported as failed, and its error.
pub async fn failed(store: &Arc<dyn Store>, fixture: &Fixture, number: &str, fingerprint: u8) -> (Uuid, Uuid) {
    let id = record(store, transaction(fixture, number, fingerprint, 10)).await;
    // Error ids are random, so only the time tells which error is newer.
    let at = 20 + i64::from(fingerprint);
    let (mark, error) = failure_of(fixture, id, at);
    store.mark_processed(fixture.receiver, vec![mark], vec![], at, None).await.expect("marked");
    (id, error.id)
}

async fn status(store: &Arc<dyn Store>, id: Uuid) -> Status {
    store.find_any_transaction(id).await.expect("read").expect("kept").status
}

pub async fn a_document_delivered_again_waits_in_the_queue_and_its_success_resolves_the_error(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let (id, error_id) = failed(&store, &fixture, "PO-1", 1).await;
    store.act_on_error(acting(&fixture, error_id, ErrorAction::DeliverAgain, 30)).await.expect("delivered again");
    assert_eq!(status(&store, id).await, Status::Pending);
    assert_eq!(ids_of(&store.list_incoming(incoming(&fixture, None, 10)).await.expect("listed").rows), [id]);
    let waiting = store.find_error(error_id).await.expect("read").expect("kept");
    assert!(waiting.awaits_redelivery(), "{waiting:?}");
    let twice = store.act_on_error(acting(&fixture, error_id, ErrorAction::DeliverAgain, 31)).await;
    assert!(matches!(twice, Err(StoreError::Conflict(_))), "not failed any more: {twice:?}");

    let success = Mark { transaction_id: id, outcome: MarkOutcome::Success };
    store.mark_processed(fixture.receiver, vec![success], vec![], 40, None).await.expect("marked");
    let resolved = store.find_error(error_id).await.expect("read").expect("kept");
    assert_eq!((resolved.resolved_at, resolved.resolved_by), (Some(40), None), "resolved by the ERP's success");
    assert_eq!(status(&store, id).await, Status::Success);
}

pub async fn a_document_delivered_again_that_fails_again_reopens_the_same_error(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let (id, error_id) = failed(&store, &fixture, "PO-1", 1).await;
    store.act_on_error(acting(&fixture, error_id, ErrorAction::DeliverAgain, 30)).await.expect("delivered again");
    let (mark, _) = failure_of(&fixture, id, 40);
    let marked = store.mark_processed(fixture.receiver, vec![mark], vec![], 40, None).await.expect("marked");
    assert_eq!(marked[0].error_id, Some(error_id), "the same error");
    let error = store.find_error(error_id).await.expect("read").expect("kept");
    assert!(error.is_open() && !error.awaits_redelivery(), "{error:?}");
    assert_eq!(status(&store, id).await, Status::Failed);
}

pub async fn a_discarded_document_is_dropped_and_its_error_resolved_with_the_reason(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let (id, error_id) = failed(&store, &fixture, "PO-1", 1).await;
    let discard = ErrorAction::Discard { reason: "ordered by mistake".into() };
    store.act_on_error(acting(&fixture, error_id, discard.clone(), 30)).await.expect("discarded");
    assert_eq!(status(&store, id).await, Status::Dropped);
    assert!(store.list_incoming(incoming(&fixture, None, 10)).await.expect("listed").rows.is_empty());
    let error = store.find_error(error_id).await.expect("read").expect("kept");
    assert_eq!(error.resolved_at, Some(30));
    assert_eq!(error.resolved_by.as_deref(), Some("ann@receiver.example"));
    assert_eq!(error.resolution.as_deref(), Some("ordered by mistake"));
    let again = store.act_on_error(acting(&fixture, error_id, discard, 31)).await;
    assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
}

pub async fn an_error_is_resolved_once_and_only_by_its_company(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let (_, error_id) = failed(&store, &fixture, "PO-1", 1).await;
    let resolve = ErrorAction::Resolve { comment: Some("article added".into()) };
    let mut by_sender = acting(&fixture, error_id, resolve.clone(), 30);
    by_sender.company_id = fixture.sender;
    assert!(matches!(store.act_on_error(by_sender).await, Err(StoreError::NotFound)));
    assert!(matches!(
        store.act_on_error(acting(&fixture, new_id(), resolve.clone(), 30)).await,
        Err(StoreError::NotFound)
    ));
    store.act_on_error(acting(&fixture, error_id, resolve.clone(), 30)).await.expect("resolved");
    let error = store.find_error(error_id).await.expect("read").expect("kept");
    assert_eq!((error.resolved_at, error.resolution.as_deref()), (Some(30), Some("article added")));
    let twice = store.act_on_error(acting(&fixture, error_id, resolve, 31)).await;
    assert!(matches!(twice, Err(StoreError::Conflict(_))), "{twice:?}");
}

pub async fn an_action_and_its_effects_commit_together(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let (id, error_id) = failed(&store, &fixture, "PO-1", 1).await;
    let taken = new_id();
    store.enqueue(vec![job(taken)]).await.expect("enqueued");
    let mut action = acting(&fixture, error_id, ErrorAction::DeliverAgain, 30);
    action.effects = vec![crate::effects::Effect::Job(job(taken))];
    let refused = store.act_on_error(action).await;
    assert!(refused.is_err(), "an effect that cannot be written fails the action: {refused:?}");
    assert_eq!(status(&store, id).await, Status::Failed, "nothing of the action was kept");
}

pub async fn a_company_lists_its_errors_open_first_with_filters(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let (_, older) = failed(&store, &fixture, "PO-1", 1).await;
    let (_, newer) = failed(&store, &fixture, "PO-2", 2).await;
    let (_, resolved) = failed(&store, &fixture, "PO-3", 3).await;
    store.act_on_error(acting(&fixture, resolved, ErrorAction::Resolve { comment: None }, 30)).await.expect("resolved");
    let query =
        |open: Option<bool>| ErrorQuery { company_id: fixture.receiver, open, limit: 10, ..ErrorQuery::default() };
    let listed = store.list_errors(query(None)).await.expect("listed");
    let ids: Vec<Uuid> = listed.iter().map(|listed| listed.error.id).collect();
    assert_eq!(ids, [newer, older, resolved], "open first, newest first");
    assert_eq!(listed[0].partner.as_deref(), Some("Sender"), "the other company of the transaction");
    assert_eq!(store.list_errors(query(Some(false))).await.expect("listed").len(), 1);
    assert_eq!(store.list_errors(query(Some(true))).await.expect("listed").len(), 2);
    let by_partner = ErrorQuery { partner_id: Some(fixture.sender), ..query(None) };
    assert_eq!(store.list_errors(by_partner).await.expect("listed").len(), 3);
    let by_other = ErrorQuery { partner_id: Some(fixture.receiver), ..query(None) };
    assert_eq!(store.list_errors(by_other).await.expect("listed").len(), 3, "its own id names the partner too");
    let internal = ErrorQuery { error_type: Some(ErrorType::Internal), ..query(None) };
    assert!(store.list_errors(internal).await.expect("listed").is_empty());
    let first = &listed[0].error;
    let after = ErrorCursor { resolved: false, created_at: first.created_at, id: first.id };
    let paged = ErrorQuery { after: Some(after), limit: 1, ..query(None) };
    assert_eq!(store.list_errors(paged).await.expect("listed")[0].error.id, older);
    let second = &listed[1].error;
    let after = ErrorCursor { resolved: false, created_at: second.created_at, id: second.id };
    let past_open = ErrorQuery { after: Some(after), ..query(None) };
    let rest: Vec<_> = store.list_errors(past_open).await.expect("listed").into_iter().map(|l| l.error.id).collect();
    assert_eq!(rest, [resolved], "after the last open one, the resolved ones");
    assert_eq!(ErrorCursor::decode(&after.encode()), Some(after));
    assert_eq!(store.count_open_errors(fixture.receiver).await.expect("counted"), 2);
    assert_eq!(store.count_open_errors(fixture.sender).await.expect("counted"), 0);
    let theirs = ErrorQuery { company_id: fixture.sender, ..query(None) };
    assert!(store.list_errors(theirs).await.expect("listed").is_empty());
}
