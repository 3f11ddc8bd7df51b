//! What a company's dashboard reads: documents counted by side and type over two spans, the
//! queue's oldest document and length, and when each connection last polled and sent.

use std::sync::Arc;

use switchyard_documents::DocumentType;

use super::{fixture, record, transaction};
use crate::finding::Side;
use crate::model::{ConnectionUse, Mark, MarkOutcome};
use crate::store::{DocumentCount, PartnerCount, Store};

pub async fn documents_are_counted_by_side_and_type_and_the_queue_by_its_oldest(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let mut ids = Vec::new();
    let kinds = [DocumentType::Order, DocumentType::Order, DocumentType::Invoice, DocumentType::Order];
    for (n, kind) in (1..=4u8).zip(kinds) {
        let mut sent = transaction(&fixture, &format!("D-{n}"), n, 1_000 * i64::from(n));
        sent.kind = kind;
        sent.effects = crate::effects::of_send(&sent);
        ids.push(record(&store, sent).await);
    }
    let mut at = Vec::new();
    for id in &ids {
        at.push(store.find_any_transaction(*id).await.expect("read").expect("kept").created_at);
    }
    // Since the second document, today from the fourth.
    let mut counts = store.count_documents(fixture.sender, at[1], at[3]).await.expect("counted");
    counts.sort_by_key(|count| (count.kind.as_str(), count.since));
    let expected = |side| {
        vec![
            DocumentCount { side, kind: DocumentType::Invoice, since: 1, today: 0 },
            DocumentCount { side, kind: DocumentType::Order, since: 2, today: 1 },
        ]
    };
    assert_eq!(counts, expected(Side::Sent));
    let received = store.count_documents(fixture.receiver, at[1], at[3]).await.expect("counted");
    let mut received = received;
    received.sort_by_key(|count| (count.kind.as_str(), count.since));
    assert_eq!(received, expected(Side::Received));

    let mut with = store.count_with_partners(fixture.receiver, vec![fixture.sender], at[1]).await.expect("counted");
    with.sort_by_key(|count| count.kind.as_str());
    let by_partner = |kind, count| PartnerCount { partner_id: fixture.sender, side: Side::Received, kind, count };
    assert_eq!(with, [by_partner(DocumentType::Invoice, 1), by_partner(DocumentType::Order, 2)]);
    let none = store.count_with_partners(fixture.receiver, vec![crate::new_id()], 0).await.expect("counted");
    assert!(none.is_empty(), "nothing with a company it does not trade with");

    let queue = store.queue_age(fixture.receiver, 10).await.expect("read").expect("a queue");
    assert_eq!((queue.oldest_id, queue.oldest_at, queue.waiting), (ids[0], at[0], 4));
    let done = Mark { transaction_id: ids[0], outcome: MarkOutcome::Success };
    store.mark_processed(fixture.receiver, vec![done], vec![], 5_000, None).await.expect("marked");
    let queue = store.queue_age(fixture.receiver, 2).await.expect("read").expect("a queue");
    assert_eq!((queue.oldest_id, queue.waiting), (ids[1], 2), "the next oldest; counted up to 2");
    assert!(store.queue_age(fixture.sender, 10).await.expect("read").is_none(), "the sender's queue is empty");
}

pub async fn a_connection_keeps_when_it_last_polled_and_sent(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let listed = store.list_connections(fixture.sender).await.expect("listed");
    assert_eq!(listed.len(), 1);
    assert_eq!((listed[0].name.as_str(), listed[0].last_polled_at, listed[0].last_sent_at), ("ERP", None, None));
    store.touch_connection(fixture.connection, ConnectionUse::Poll, 5_000).await.expect("touched");
    store.touch_connection(fixture.connection, ConnectionUse::Send, 6_000).await.expect("touched");
    store.touch_connection(fixture.connection, ConnectionUse::Poll, 7_000).await.expect("touched");
    let listed = store.list_connections(fixture.sender).await.expect("listed");
    assert_eq!((listed[0].last_polled_at, listed[0].last_sent_at), (Some(7_000), Some(6_000)));
    assert!(store.list_connections(fixture.receiver).await.expect("listed").is_empty(), "one company's connections");
}
