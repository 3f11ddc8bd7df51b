//! Recording sends, and listing and finding transactions.

use std::sync::Arc;

use switchyard_documents::DocumentType;
use uuid::Uuid;

use super::{fixture, ids_of, incoming, record, transaction};
use crate::model::{Flow, Recorded, Status};
use crate::new_id;
use crate::store::{AllQuery, IncomingQuery, Store};
use crate::{Cursor, PageBudget};

pub async fn a_duplicate_payload_is_answered_with_the_original_and_writes_nothing(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let original = record(&store, transaction(&fixture, "PO-1", 1, 10)).await;
    let again = transaction(&fixture, "PO-1", 1, 20);
    let again_id = again.id;
    assert_eq!(store.record_sent(again).await.expect("answered"), Recorded::Duplicate { original });
    assert_eq!(ids_of(&store.list_incoming(incoming(&fixture, None, 10)).await.expect("listed").rows), [original]);
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
    let queue = store.list_incoming(incoming(&fixture, None, 10)).await.expect("listed").rows;
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
    assert!(store.list_incoming(incoming(&fixture, None, 10)).await.expect("listed").rows.is_empty());
    assert!(store.find_transaction(fixture.receiver, id).await.expect("read").is_none(), "never delivered to it");
    assert!(store.find_transaction(fixture.sender, id).await.expect("read").is_some());
}

pub async fn the_queue_lists_oldest_first_after_a_cursor_and_by_type(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let mut ids = Vec::new();
    for n in 0..5u8 {
        ids.push(record(&store, transaction(&fixture, &format!("PO-{n}"), n, 100 + i64::from(n))).await);
    }
    let first = store.list_incoming(incoming(&fixture, None, 2)).await.expect("listed").rows;
    assert_eq!(ids_of(&first), ids[0..2]);
    let cursor = Cursor { created_at: first[1].created_at, id: first[1].id };
    let rest = store.list_incoming(incoming(&fixture, Some(cursor), 10)).await.expect("listed").rows;
    assert_eq!(ids_of(&rest), ids[2..5]);
    let invoices = IncomingQuery { kinds: vec![DocumentType::Invoice], ..incoming(&fixture, None, 10) };
    assert!(store.list_incoming(invoices).await.expect("listed").rows.is_empty());
    let sender_queue = IncomingQuery { company_id: fixture.sender, ..incoming(&fixture, None, 10) };
    assert!(store.list_incoming(sender_queue).await.expect("listed").rows.is_empty(), "a sender's queue is its own");
}

/// Rows of 1,000, 2,000, 3,000 and 4,000 bytes of content, sent in that order.
async fn sized_rows(store: &Arc<dyn Store>, fixture: &super::Fixture) -> Vec<Uuid> {
    let mut ids = Vec::new();
    for n in 1..=4u8 {
        let mut sized = transaction(fixture, &format!("PO-{n}"), n, 100 + i64::from(n));
        sized.content = format!("{{\"pad\":\"{}\"}}", "x".repeat(usize::from(n) * 1000 - 10));
        assert_eq!(sized.content.len(), usize::from(n) * 1000);
        ids.push(record(store, sized).await);
    }
    ids
}

pub async fn a_page_stops_before_the_content_that_would_pass_its_byte_budget(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let ids = sized_rows(&store, &fixture).await;
    let budget = PageBudget { items: 10, bytes: 3500 };
    let first = store.list_incoming(IncomingQuery { budget, ..incoming(&fixture, None, 10) }).await.expect("listed");
    assert_eq!((ids_of(&first.rows), first.more), (ids[0..2].to_vec(), true));
    let cursor = Some(Cursor { created_at: first.rows[1].created_at, id: first.rows[1].id });
    let second = store.list_incoming(IncomingQuery { budget, ..incoming(&fixture, cursor, 10) }).await.expect("listed");
    assert_eq!((ids_of(&second.rows), second.more), (ids[2..3].to_vec(), true), "3,000 fit, 7,000 do not");
    let history = AllQuery { company_id: fixture.sender, budget, ..AllQuery::default() };
    let sent = store.list_all(history.clone()).await.expect("listed");
    assert_eq!((ids_of(&sent.rows), sent.more), (ids[0..2].to_vec(), true));
    let counted = store.list_all(AllQuery { budget: PageBudget::items(4), ..history.clone() }).await.expect("listed");
    assert_eq!((counted.rows.len(), counted.more), (4, false), "a full last page says nothing follows");
}

pub async fn a_page_holds_one_content_larger_than_its_budget(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let ids = sized_rows(&store, &fixture).await;
    let budget = PageBudget { items: 10, bytes: 500 };
    let first = store.list_incoming(IncomingQuery { budget, ..incoming(&fixture, None, 10) }).await.expect("listed");
    assert_eq!((ids_of(&first.rows), first.more), (ids[0..1].to_vec(), true));
    assert_eq!(first.rows[0].content.as_bytes().len(), 1000, "the content is read whole");
    let last = Some(Cursor { created_at: 104, id: ids[3] });
    let after = store.list_incoming(IncomingQuery { budget, ..incoming(&fixture, last, 10) }).await.expect("listed");
    assert_eq!((after.rows.len(), after.more), (0, false));
}

pub async fn the_history_lists_both_directions_with_its_filters(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let sent = record(&store, transaction(&fixture, "PO-1", 1, 100)).await;
    let mut test = transaction(&fixture, "PO-2", 2, 200);
    test.flow = Flow::Test;
    let test = record(&store, test).await;
    let query = |company_id| AllQuery { company_id, budget: PageBudget::items(10), ..AllQuery::default() };
    assert_eq!(ids_of(&store.list_all(query(fixture.sender)).await.expect("listed").rows), [sent, test]);
    assert_eq!(ids_of(&store.list_all(query(fixture.receiver)).await.expect("listed").rows), [sent, test]);
    let only_test = AllQuery { flows: vec![Flow::Test], ..query(fixture.sender) };
    assert_eq!(ids_of(&store.list_all(only_test).await.expect("listed").rows), [test]);
    let failed = AllQuery { statuses: vec![Status::Failed], ..query(fixture.sender) };
    assert!(store.list_all(failed).await.expect("listed").rows.is_empty());
    let invoices = AllQuery { kinds: vec![DocumentType::Invoice], ..query(fixture.sender) };
    assert!(store.list_all(invoices).await.expect("listed").rows.is_empty());
    let early = AllQuery { created_from: Some(50), created_until: Some(150), ..query(fixture.sender) };
    assert_eq!(ids_of(&store.list_all(early).await.expect("listed").rows), [sent]);
    let first =
        store.list_all(AllQuery { budget: PageBudget::items(1), ..query(fixture.sender) }).await.expect("listed").rows;
    let after = Some(Cursor { created_at: first[0].created_at, id: first[0].id });
    assert_eq!(
        ids_of(&store.list_all(AllQuery { after, ..query(fixture.sender) }).await.expect("listed").rows),
        [test]
    );
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
