//! Poller leases: an item leased is left out of the queue until its lease runs out, is
//! released, or the item is marked; two leases never share an item.

use std::sync::Arc;

use super::marking::failure_of;
use super::{Fixture, fixture, ids_of, incoming, record, transaction};
use crate::model::{Lease, Mark, MarkOutcome};
use crate::new_id;
use crate::store::{IncomingQuery, Store};

fn lease(fixture: &Fixture, until: i64) -> Lease {
    Lease { id: new_id(), company_id: fixture.receiver, until }
}

fn queue_at(fixture: &Fixture, at: i64) -> IncomingQuery {
    IncomingQuery { at, ..incoming(fixture, None, 100) }
}

async fn queue(store: &Arc<dyn Store>, fixture: &Fixture, at: i64) -> Vec<uuid::Uuid> {
    ids_of(&store.list_incoming(queue_at(fixture, at)).await.expect("listed").rows)
}

pub async fn a_leased_item_leaves_the_queue_until_its_lease_runs_out_or_is_released(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let first = record(&store, transaction(&fixture, "PO-1", 1, 10)).await;
    let second = record(&store, transaction(&fixture, "PO-2", 2, 11)).await;
    let held = lease(&fixture, 1_000);
    let leased = store.take_lease(held, vec![(first, vec![])], 100).await.expect("leased");
    assert_eq!(leased, [first]);
    assert_eq!(queue(&store, &fixture, 100).await, [second], "a leased item is its poller's");
    assert_eq!(queue(&store, &fixture, 1_000).await, [first, second], "a lease that ran out gives it back");
    let again = store.take_lease(lease(&fixture, 2_000), vec![(first, vec![])], 500).await.expect("asked");
    assert!(again.is_empty(), "a running lease is not taken over");

    assert_eq!(store.extend_lease(Lease { until: 3_000, ..held }, 900).await.expect("extended"), 1);
    assert_eq!(queue(&store, &fixture, 2_000).await, [second], "extended, it holds on");
    assert_eq!(store.release_lease(fixture.receiver, held.id, 2_000).await.expect("released"), 1);
    assert_eq!(queue(&store, &fixture, 2_000).await, [first, second], "released, it is back at once");
    assert_eq!(store.extend_lease(Lease { until: 9_000, ..held }, 2_001).await.expect("asked"), 0, "gone for good");
}

pub async fn marking_an_item_ends_its_lease_and_a_lease_is_its_company_s_own(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let first = record(&store, transaction(&fixture, "PO-1", 1, 10)).await;
    let second = record(&store, transaction(&fixture, "PO-2", 2, 11)).await;
    let held = lease(&fixture, 1_000);
    let by_sender = Lease { company_id: fixture.sender, ..lease(&fixture, 1_000) };
    assert!(store.take_lease(by_sender, vec![(first, vec![])], 100).await.expect("asked").is_empty());
    let leased = store.take_lease(held, vec![(first, vec![]), (second, vec![])], 100).await.expect("leased");
    assert_eq!(leased, [first, second]);
    assert_eq!(store.extend_lease(Lease { company_id: fixture.sender, ..held }, 200).await.expect("asked"), 0);
    assert_eq!(store.release_lease(fixture.sender, held.id, 200).await.expect("asked"), 0);

    let success = Mark { transaction_id: first, outcome: MarkOutcome::Success };
    store.mark_processed(fixture.receiver, vec![success], vec![], 200, None).await.expect("marked");
    let (failure, _) = failure_of(&fixture, second, 200);
    store.mark_processed(fixture.receiver, vec![failure], vec![], 200, None).await.expect("marked");
    assert_eq!(store.extend_lease(Lease { until: 5_000, ..held }, 300).await.expect("asked"), 0, "marked, not held");
}

pub async fn two_leases_taken_at_once_share_no_item(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let mut ids = Vec::new();
    for n in 0..20_u8 {
        ids.push(record(&store, transaction(&fixture, &format!("PO-{n}"), n, 10 + i64::from(n))).await);
    }
    let takers: Vec<_> = (0..4)
        .map(|_| {
            let store = Arc::clone(&store);
            let items = ids.iter().map(|id| (*id, vec![])).collect();
            let held = lease(&fixture, 1_000);
            tokio::spawn(async move { store.take_lease(held, items, 100).await.expect("leased") })
        })
        .collect();
    let mut leased = Vec::new();
    for taker in takers {
        leased.extend(taker.await.expect("joined"));
    }
    leased.sort();
    ids.sort();
    assert_eq!(leased, ids, "every item leased once");
}
