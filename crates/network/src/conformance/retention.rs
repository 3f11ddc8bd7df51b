//! Retention: settled documents whose story ended before the cutoff go, with everything about
//! them; pending ones, failed ones with an open error, and those touched since stay.

use std::sync::Arc;

use super::error_desk::failed;
use super::marking::failure_of;
use super::{fixture, record, transaction};
use crate::model::{ErrorActing, ErrorAction, Mark, MarkOutcome};
use crate::store::Store;

async fn kept(store: &Arc<dyn Store>, id: uuid::Uuid) -> bool {
    store.find_any_transaction(id).await.expect("read").is_some()
}

pub async fn settled_documents_go_with_their_story_and_the_rest_stay(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    // First: creation times rise with each record, so this one alone is created at 10.
    let mut held = transaction(&fixture, "PO-HELD", 5, 10);
    held.deliver = false;
    held.effects = crate::effects::of_send(&held);
    let held = record(&store, held).await;
    let imported = record(&store, transaction(&fixture, "PO-OK", 1, 10)).await;
    let success = Mark { transaction_id: imported, outcome: MarkOutcome::Success };
    // The mark's story ends the document's at 20, as the domain writes it.
    let told = vec![crate::effects::of_mark(fixture.receiver, imported, true, 20)];
    store.mark_processed(fixture.receiver, vec![success], told, 20, None).await.expect("marked");
    let pending = record(&store, transaction(&fixture, "PO-WAITING", 2, 10)).await;
    let (still_failed, open_error) = failed(&store, &fixture, "PO-OPEN", 3).await;
    let (resolved, resolved_error) = failed(&store, &fixture, "PO-RESOLVED", 4).await;
    let resolve = ErrorActing {
        error_id: resolved_error,
        company_id: fixture.receiver,
        action: ErrorAction::Resolve { comment: None },
        by: "ann@receiver.example".into(),
        at: 30,
        effects: Vec::new(),
    };
    store.act_on_error(resolve).await.expect("resolved");
    let first_version = record(&store, transaction(&fixture, "PO-V", 6, 10)).await;
    let second_version = record(&store, transaction(&fixture, "PO-V", 7, 11)).await;
    let (mark, _) = failure_of(&fixture, second_version, 12);
    store.mark_processed(fixture.receiver, vec![mark], vec![], 12, None).await.expect("marked");

    let deleted = store.delete_settled(11, 100).await.expect("deleted");
    assert_eq!(deleted, 1, "only the held one ended before 11");
    assert!(!kept(&store, held).await);
    assert!(store.transaction_events(held).await.expect("read").is_empty(), "its story goes with it");

    assert_eq!(store.delete_settled(100, 100).await.expect("deleted"), 3, "imported, resolved, first version");
    for gone in [imported, resolved, first_version] {
        assert!(!kept(&store, gone).await, "{gone} deleted");
    }
    assert!(store.find_error(resolved_error).await.expect("read").is_none(), "its resolved error too");
    for stays in [pending, still_failed, second_version] {
        assert!(kept(&store, stays).await, "{stays} kept");
    }
    assert!(store.find_error(open_error).await.expect("read").is_some());
    assert_eq!(store.delete_settled(100, 100).await.expect("deleted"), 0, "the second version's error is open");
    let newer = store.find_any_transaction(second_version).await.expect("read").expect("kept");
    assert_eq!(newer.replaces, None, "the newer version no longer names the deleted one");
}

pub async fn deletion_takes_batches_of_at_most_the_limit(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let mut held = Vec::new();
    for n in 0..5u8 {
        let mut sent = transaction(&fixture, &format!("PO-{n}"), n, 10 + i64::from(n));
        sent.deliver = false;
        sent.effects = crate::effects::of_send(&sent);
        held.push(record(&store, sent).await);
    }
    assert_eq!(store.delete_settled(100, 2).await.expect("deleted"), 2);
    assert!(!kept(&store, held[0]).await && !kept(&store, held[1]).await, "oldest first");
    assert!(kept(&store, held[2]).await);
    assert_eq!(store.delete_settled(100, 10).await.expect("deleted"), 3);
}
