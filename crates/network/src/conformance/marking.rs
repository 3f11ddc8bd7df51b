//! Recording the receivers' reports: all of a batch or none, by the receiver only.

use std::sync::Arc;

use super::{Fixture, fixture, incoming, record, transaction};
use crate::model::{ErrorOrigin, ErrorType, Mark, MarkOutcome, NewError, Status};
use crate::new_id;
use crate::store::{MarkFailure, Store};

fn success(id: uuid::Uuid) -> Mark {
    Mark { transaction_id: id, outcome: MarkOutcome::Success }
}

pub fn failure_of(fixture: &Fixture, id: uuid::Uuid, at: i64) -> (Mark, NewError) {
    let error = NewError::new(fixture.receiver, ErrorOrigin::ProcessingFailed, ErrorType::Data, "no such article", at)
        .about(Some(id), None, None);
    (Mark { transaction_id: id, outcome: MarkOutcome::Failure(error.clone()) }, error)
}

async fn status(store: &Arc<dyn Store>, id: uuid::Uuid) -> Status {
    store.find_any_transaction(id).await.expect("read").expect("kept").status
}

pub async fn a_batch_naming_an_unknown_transaction_marks_nothing(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let first = record(&store, transaction(&fixture, "PO-1", 1, 10)).await;
    let refused =
        store.mark_processed(fixture.receiver, vec![success(first), success(new_id())], vec![], 30, None).await;
    assert!(matches!(refused, Err(MarkFailure::Unknown(ref positions)) if positions == &[1]), "{refused:?}");
    assert_eq!(status(&store, first).await, Status::Pending);
    let (failure, error) = failure_of(&fixture, first, 30);
    let refused = store.mark_processed(fixture.receiver, vec![failure, success(new_id())], vec![], 30, None).await;
    assert!(matches!(refused, Err(MarkFailure::Unknown(ref positions)) if positions == &[1]), "{refused:?}");
    assert!(store.find_error(error.id).await.expect("read").is_none(), "a refused batch opens no error");
    assert_eq!(status(&store, first).await, Status::Pending);
}

pub async fn only_the_receiver_marks(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let first = record(&store, transaction(&fixture, "PO-1", 1, 10)).await;
    let by_sender = store.mark_processed(fixture.sender, vec![success(first)], vec![], 30, None).await;
    assert!(matches!(by_sender, Err(MarkFailure::Unknown(ref positions)) if positions == &[0]), "{by_sender:?}");
    let (failure, _) = failure_of(&fixture, first, 30);
    let by_sender = store.mark_processed(fixture.sender, vec![failure], vec![], 30, None).await;
    assert!(matches!(by_sender, Err(MarkFailure::Unknown(ref positions)) if positions == &[0]), "{by_sender:?}");
    assert_eq!(status(&store, first).await, Status::Pending);
}

pub async fn a_failure_opens_one_error_and_a_later_success_resolves_it(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let first = record(&store, transaction(&fixture, "PO-1", 1, 10)).await;
    let (failure, error) = failure_of(&fixture, first, 30);
    let marked = store.mark_processed(fixture.receiver, vec![failure], vec![], 30, None).await.expect("marked");
    assert_eq!(marked[0].error_id, Some(error.id));
    let stored = store.find_error(error.id).await.expect("read").expect("opened");
    assert_eq!(stored.transaction_identifier.as_deref(), Some("PO-1"), "the error names the document");
    assert_eq!(status(&store, first).await, Status::Failed);
    let (again, _) = failure_of(&fixture, first, 31);
    let marked = store.mark_processed(fixture.receiver, vec![again], vec![], 31, None).await.expect("marked");
    assert_eq!(marked[0].error_id, Some(error.id), "the same failure again keeps the open error");
    // One batch with a failed transaction and a pending one: both succeed, the error is resolved.
    let second = record(&store, transaction(&fixture, "PO-2", 2, 35)).await;
    let marked = store.mark_processed(fixture.receiver, vec![success(first), success(second)], vec![], 40, None).await;
    assert_eq!(marked.expect("marked").len(), 2);
    assert_eq!(store.find_error(error.id).await.expect("read").expect("kept").resolved_at, Some(40));
    for id in [first, second] {
        assert_eq!(status(&store, id).await, Status::Success);
    }
    assert!(store.list_incoming(incoming(&fixture, None, 10)).await.expect("listed").rows.is_empty());
}
