//! Sends at the same moment: from many tasks at once, each store must still record a payload
//! once, keep one version chain linear, and hand out creation times that rise in queue order.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use uuid::Uuid;

use super::{Fixture, fixture, incoming, transaction};
use crate::model::{NewTransaction, Recorded};
use crate::store::Store;

const AT_ONCE: usize = 16;

async fn send_all(store: &Arc<dyn Store>, sends: Vec<NewTransaction>) -> Vec<Recorded> {
    let tasks: Vec<_> = sends
        .into_iter()
        .map(|send| {
            let store = Arc::clone(store);
            tokio::spawn(async move { store.record_sent(send).await.expect("answered") })
        })
        .collect();
    let mut answers = Vec::new();
    for task in tasks {
        answers.push(task.await.expect("the send ran"));
    }
    answers
}

fn created(answers: &[Recorded]) -> Vec<Uuid> {
    answers
        .iter()
        .filter_map(|answer| if let Recorded::Created { id, .. } = answer { Some(*id) } else { None })
        .collect()
}

/// Sends one payload `AT_ONCE` times together; returns the one recorded.
async fn one_payload_at_once(store: &Arc<dyn Store>, fixture: &Fixture, number: Option<&str>, print: u8) -> Uuid {
    let sends = (0..AT_ONCE)
        .map(|_| {
            let mut send = transaction(fixture, number.unwrap_or("-"), print, 100);
            send.business_number = number.map(Into::into);
            send
        })
        .collect();
    let answers = send_all(store, sends).await;
    let [original] = created(&answers)[..] else { panic!("recorded {} times: {answers:?}", created(&answers).len()) };
    for answer in &answers {
        assert!(
            matches!(answer, Recorded::Created { .. }) || *answer == Recorded::Duplicate { original },
            "every other send is a duplicate of the one recorded: {answer:?}"
        );
    }
    original
}

pub async fn one_payload_sent_at_once_is_recorded_once(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let with_number = one_payload_at_once(&store, &fixture, Some("PO-1"), 7).await;
    let without = one_payload_at_once(&store, &fixture, None, 8).await;
    let queue = store.list_incoming(incoming(&fixture, None, 100)).await.expect("listed").rows;
    assert_eq!(super::ids_of(&queue), [with_number, without]);
}

pub async fn versions_sent_at_once_form_one_chain(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let sends = (0..AT_ONCE).map(|n| transaction(&fixture, "PO-1", u8::try_from(n).unwrap(), 100)).collect();
    let ids = created(&send_all(&store, sends).await);
    assert_eq!(ids.len(), AT_ONCE, "different payloads are all recorded");
    let mut successor_of = HashMap::new();
    for id in &ids {
        let version = store.find_any_transaction(*id).await.expect("read").expect("kept");
        if let Some(previous) = version.replaces {
            assert!(successor_of.insert(previous, *id).is_none(), "{previous} was replaced twice");
        }
    }
    let first: Vec<_> = ids.iter().filter(|id| !successor_of.values().any(|successor| successor == *id)).collect();
    assert_eq!(first.len(), 1, "one version starts the chain");
    let mut walked = HashSet::from([*first[0]]);
    let mut head = *first[0];
    while let Some(next) = successor_of.get(&head) {
        assert!(walked.insert(*next), "the chain has a loop");
        head = *next;
    }
    assert_eq!(walked.len(), AT_ONCE, "the chain holds every version");
    let queue = store.list_incoming(incoming(&fixture, None, 100)).await.expect("listed").rows;
    assert_eq!(super::ids_of(&queue), [head], "only the latest version waits");
}

pub async fn sends_at_once_get_rising_creation_times_in_queue_order(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    // All ask for the same moment; the store must still give each its own.
    let sends =
        (0..AT_ONCE).map(|n| transaction(&fixture, &format!("PO-{n}"), u8::try_from(n).unwrap(), 100)).collect();
    let answers = send_all(&store, sends).await;
    let mut given: Vec<_> = answers
        .iter()
        .map(|answer| if let Recorded::Created { created_at, .. } = answer { *created_at } else { 0 })
        .collect();
    given.sort_unstable();
    given.dedup();
    assert_eq!(given.len(), AT_ONCE, "each send has a creation time of its own");
    let queue = store.list_incoming(incoming(&fixture, None, 100)).await.expect("listed").rows;
    let listed: Vec<_> = queue.iter().map(|record| record.created_at).collect();
    assert_eq!(listed, given, "the queue holds every send, oldest first");
}
