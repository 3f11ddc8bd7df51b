//! Recording sends, and listing and finding transactions.

use std::sync::Arc;

use switchyard_documents::DocumentType;

use super::{fixture, ids_of, incoming, record, transaction};
use crate::Cursor;
use crate::model::{Flow, Recorded, Status};
use crate::new_id;
use crate::store::{AllQuery, IncomingQuery, Store};

pub async fn a_duplicate_payload_is_answered_with_the_original_and_writes_nothing(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let original = record(&store, transaction(&fixture, "PO-1", 1, 10)).await;
    let again = transaction(&fixture, "PO-1", 1, 20);
    let again_id = again.id;
    assert_eq!(store.record_sent(again).await.expect("answered"), Recorded::Duplicate { original });
    assert_eq!(ids_of(&store.list_incoming(incoming(&fixture, None, 10)).await.expect("listed")), [original]);
    assert!(store.find_any_transaction(again_id).await.expect("read").is_none());
    assert!(store.transaction_events(again_id).await.expect("read").is_empty(), "a duplicate tells nothing");
}

pub async fn a_duplicate_is_found_by_connection_and_fingerprint(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let original = record(&store, transaction(&fixture, "PO-1", 1, 10)).await;
    assert_eq!(store.find_duplicate(fixture.connection, [1; 32]).await.expect("read"), Some(original));
    assert_eq!(store.find_duplicate(fixture.connection, [2; 32]).await.expect("read"), None);
    assert_eq!(store.find_duplicate(new_id(), [1; 32]).await.expect("read"), None, "per connection");
}

pub async fn a_new_version_replaces_the_chain_head_and_leaves_the_queue(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let first = record(&store, transaction(&fixture, "PO-1", 1, 10)).await;
    let second = store.record_sent(transaction(&fixture, "PO-1", 2, 20)).await.expect("recorded");
    let Recorded::Created { id: second, replaced, .. } = second else { panic!("not created") };
    assert_eq!(replaced, Some(first));
    let old = store.find_any_transaction(first).await.expect("read").expect("kept");
    assert_eq!((old.status, old.replaced_by), (Status::Dropped, Some(second)));
    let queue = store.list_incoming(incoming(&fixture, None, 10)).await.expect("listed");
    assert_eq!(ids_of(&queue), [second]);
    assert_eq!(queue[0].replaces, Some(first));
    let other = record(&store, transaction(&fixture, "PO-2", 3, 30)).await;
    let replaced = store.find_any_transaction(other).await.expect("read").expect("kept").replaces;
    assert_eq!(replaced, None, "another number starts its own chain");
}

pub async fn an_undelivered_document_is_kept_dropped_and_out_of_the_queue(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let mut kept = transaction(&fixture, "PO-1", 1, 10);
    kept.deliver = false;
    kept.effects = crate::effects::of_send(&kept);
    let id = record(&store, kept).await;
    assert_eq!(store.find_any_transaction(id).await.expect("read").expect("kept").status, Status::Dropped);
    assert!(store.list_incoming(incoming(&fixture, None, 10)).await.expect("listed").is_empty());
    assert!(store.find_transaction(fixture.receiver, id).await.expect("read").is_none(), "never delivered to it");
    assert!(store.find_transaction(fixture.sender, id).await.expect("read").is_some());
}

pub async fn the_queue_lists_oldest_first_after_a_cursor_and_by_type(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let mut ids = Vec::new();
    for n in 0..5u8 {
        ids.push(record(&store, transaction(&fixture, &format!("PO-{n}"), n, 100 + i64::from(n))).await);
    }
    let first = store.list_incoming(incoming(&fixture, None, 2)).await.expect("listed");
    assert_eq!(ids_of(&first), ids[0..2]);
    let cursor = Cursor { created_at: first[1].created_at, id: first[1].id };
    let rest = store.list_incoming(incoming(&fixture, Some(cursor), 10)).await.expect("listed");
    assert_eq!(ids_of(&rest), ids[2..5]);
    let invoices = IncomingQuery { kinds: vec![DocumentType::Invoice], ..incoming(&fixture, None, 10) };
    assert!(store.list_incoming(invoices).await.expect("listed").is_empty());
    let sender_queue = IncomingQuery { company_id: fixture.sender, ..incoming(&fixture, None, 10) };
    assert!(store.list_incoming(sender_queue).await.expect("listed").is_empty(), "a sender's queue is its own");
}

pub async fn the_history_lists_both_directions_with_its_filters(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let sent = record(&store, transaction(&fixture, "PO-1", 1, 100)).await;
    let mut test = transaction(&fixture, "PO-2", 2, 200);
    test.flow = Flow::Test;
    let test = record(&store, test).await;
    let query = |company_id| AllQuery { company_id, limit: 10, ..AllQuery::default() };
    assert_eq!(ids_of(&store.list_all(query(fixture.sender)).await.expect("listed")), [sent, test]);
    assert_eq!(ids_of(&store.list_all(query(fixture.receiver)).await.expect("listed")), [sent, test]);
    let only_test = AllQuery { flows: vec![Flow::Test], ..query(fixture.sender) };
    assert_eq!(ids_of(&store.list_all(only_test).await.expect("listed")), [test]);
    let failed = AllQuery { statuses: vec![Status::Failed], ..query(fixture.sender) };
    assert!(store.list_all(failed).await.expect("listed").is_empty());
    let invoices = AllQuery { kinds: vec![DocumentType::Invoice], ..query(fixture.sender) };
    assert!(store.list_all(invoices).await.expect("listed").is_empty());
    let early = AllQuery { created_from: Some(50), created_until: Some(150), ..query(fixture.sender) };
    assert_eq!(ids_of(&store.list_all(early).await.expect("listed")), [sent]);
    let first = store.list_all(AllQuery { limit: 1, ..query(fixture.sender) }).await.expect("listed");
    let after = Some(Cursor { created_at: first[0].created_at, id: first[0].id });
    assert_eq!(ids_of(&store.list_all(AllQuery { after, ..query(fixture.sender) }).await.expect("listed")), [test]);
}

pub async fn a_transaction_is_shown_to_its_two_parties_only(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let id = record(&store, transaction(&fixture, "PO-1", 1, 10)).await;
    let shown = store.find_transaction(fixture.receiver, id).await.expect("read").expect("the receiver's");
    assert_eq!(
        (shown.business_number.as_deref(), shown.content.as_bytes()),
        (Some("PO-1"), &b"{\"number\":\"PO-1\",\"v\":1}"[..])
    );
    assert!(store.find_transaction(fixture.sender, id).await.expect("read").is_some());
    assert!(store.find_transaction(new_id(), id).await.expect("read").is_none(), "a third company sees nothing");
    assert!(store.find_any_transaction(new_id()).await.expect("read").is_none());
}
