//! Webhooks: endpoints are the company's own and routing data; deliveries are written with the
//! change that causes them, claimed by one dispatcher at a time, and settled by their claim.

use std::collections::HashMap;
use std::sync::Arc;

use super::{Fixture, fixture, record, transaction};
use crate::effects::Effect;
use crate::model::{
    AttemptRecord, ClaimedDelivery, DeliveryState, Disabling, EventKind, NewDelivery, NextStep, Settlement, Webhook,
    WebhookEvent, WebhookSecret,
};
use crate::new_id;
use crate::routing_table::RoutingTable;
use crate::store::{Store, StoreError};

/// A new endpoint of `company_id` for `events`, added to `store`.
async fn added(store: &Arc<dyn Store>, company_id: uuid::Uuid, events: Vec<WebhookEvent>) -> Webhook {
    let hook = webhook(company_id, events);
    store.add_webhook(hook.clone(), Vec::new()).await.expect("added");
    hook
}

fn webhook(company_id: uuid::Uuid, events: Vec<WebhookEvent>) -> Webhook {
    Webhook {
        id: new_id(),
        company_id,
        url: "https://erp.example.com/hooks".into(),
        events,
        description: Some("ERP".into()),
        secret: WebhookSecret::generate().unwrap(),
        previous_secret: None,
        enabled: true,
        created_at: 5,
        failing_since: None,
        disabled_reason: None,
    }
}

fn delivery(hook: &Webhook, transaction_id: Option<uuid::Uuid>, at: i64) -> NewDelivery {
    NewDelivery {
        id: new_id(),
        webhook_id: hook.id,
        company_id: hook.company_id,
        event: WebhookEvent::TransactionReceived,
        transaction_id,
        data: None,
        occurred_at: at,
    }
}

async fn routing(store: &Arc<dyn Store>) -> RoutingTable {
    RoutingTable::new(store.routing_rows().await.expect("routing rows"))
}

fn attempt(number: u32, at: i64, status: u16) -> AttemptRecord {
    AttemptRecord {
        attempt: number,
        at,
        duration_ms: 12,
        status: Some(status),
        error: None,
        response: Some("ok".into()),
    }
}

fn settlement(claimed: &ClaimedDelivery, attempt: AttemptRecord, next: NextStep) -> Settlement {
    Settlement {
        delivery_id: claimed.id,
        claim: claimed.claim,
        webhook_id: claimed.webhook.id,
        failing_since: (!attempt.succeeded()).then_some(attempt.at),
        attempt,
        next,
        disable: None,
        effects: Vec::new(),
    }
}

/// Writes `settlement` alone; whether its claim still held.
async fn settled(store: &Arc<dyn Store>, settlement: Settlement) -> Result<bool, StoreError> {
    let claimed = store.settle_and_claim(vec![settlement], 0, 0, HashMap::new(), 1, 0).await?;
    assert!(claimed.deliveries.is_empty(), "a limit of 0 claims nothing");
    Ok(claimed.unsettled.is_empty())
}

pub async fn an_endpoint_is_its_company_s_own_and_routing_data(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let before = store.routing_version().await.expect("version");
    let mut hook = added(&store, fixture.receiver, vec![WebhookEvent::TransactionReceived]).await;
    assert!(store.routing_version().await.expect("version") > before, "an endpoint moves the routing version");
    assert_eq!(routing(&store).await.subscribers(fixture.receiver, WebhookEvent::TransactionReceived), [hook.id]);
    assert!(routing(&store).await.subscribers(fixture.receiver, WebhookEvent::ErrorOpened).is_empty());
    assert_eq!(store.find_webhook(fixture.receiver, hook.id).await.expect("read"), Some(hook.clone()));
    assert_eq!(store.find_webhook(fixture.sender, hook.id).await.expect("read"), None, "not the sender's");
    assert!(store.list_webhooks(fixture.sender).await.expect("listed").is_empty());

    hook.enabled = false;
    store.update_webhook(hook.clone(), Vec::new()).await.expect("updated");
    assert!(routing(&store).await.subscribers(fixture.receiver, WebhookEvent::TransactionReceived).is_empty());
    let stranger = Webhook { company_id: fixture.sender, ..hook.clone() };
    assert!(matches!(store.update_webhook(stranger, Vec::new()).await, Err(StoreError::NotFound)));
    assert!(matches!(store.remove_webhook(fixture.sender, hook.id, Vec::new()).await, Err(StoreError::NotFound)));
    store.remove_webhook(fixture.receiver, hook.id, Vec::new()).await.expect("removed");
    assert!(store.list_webhooks(fixture.receiver).await.expect("listed").is_empty());
}

pub async fn a_delivery_is_written_with_its_change_and_claimed_once(store: Arc<dyn Store>) {
    let fixture: Fixture = fixture(&store).await;
    let hook = added(&store, fixture.receiver, vec![WebhookEvent::TransactionReceived]).await;
    let mut sent = transaction(&fixture, "PO-1", 1, 10);
    let told = delivery(&hook, Some(sent.id), 10);
    sent.effects.push(Effect::Webhook(told.clone()));
    let id = record(&store, sent).await;
    let gone = webhook(fixture.receiver, vec![WebhookEvent::TransactionReceived]);
    let mut later = transaction(&fixture, "PO-2", 2, 11);
    later.effects.push(Effect::Webhook(delivery(&gone, Some(later.id), 11)));
    record(&store, later).await;

    let claimed = store.settle_and_claim(Vec::new(), 20, 100, HashMap::new(), 4, 10).await.expect("claimed").deliveries;
    assert_eq!(claimed.len(), 1, "one for an endpoint that exists, none for one that does not");
    let first = &claimed[0];
    assert_eq!((first.id, first.transaction_id, first.attempt), (told.id, Some(id), 1));
    assert_eq!(first.webhook.secret, hook.secret, "with what it takes to sign it");
    assert!(
        store.settle_and_claim(Vec::new(), 50, 150, HashMap::new(), 4, 10).await.expect("asked").deliveries.is_empty(),
        "claimed once"
    );
    let again = store.settle_and_claim(Vec::new(), 100, 200, HashMap::new(), 4, 10).await.expect("claimed").deliveries;
    assert_eq!((again.len(), again[0].attempt), (1, 2), "a claim that ran out is claimed again");
    let stale = settlement(first, attempt(1, 101, 200), NextStep::Delivered);
    assert!(!settled(&store, stale).await.expect("asked"), "the old claim settles nothing");
}

pub async fn a_settled_attempt_is_kept_and_a_retry_comes_back_when_due(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let hook = added(&store, fixture.receiver, vec![WebhookEvent::TransactionReceived]).await;
    let mut sent = transaction(&fixture, "PO-1", 1, 10);
    sent.effects.push(Effect::Webhook(delivery(&hook, Some(sent.id), 10)));
    record(&store, sent).await;
    let claimed =
        store.settle_and_claim(Vec::new(), 20, 100, HashMap::new(), 4, 10).await.expect("claimed").deliveries.remove(0);
    let failed = settlement(&claimed, attempt(1, 21, 503), NextStep::RetryAt(1_000));
    assert!(settled(&store, failed).await.expect("settled"));
    let stored = store.find_webhook(fixture.receiver, hook.id).await.expect("read").expect("kept");
    assert_eq!(stored.failing_since, Some(21), "the endpoint's failures are counted");
    assert!(
        store
            .settle_and_claim(Vec::new(), 999, 1_100, HashMap::new(), 4, 10)
            .await
            .expect("asked")
            .deliveries
            .is_empty()
    );
    let retried = store
        .settle_and_claim(Vec::new(), 1_000, 1_100, HashMap::new(), 4, 10)
        .await
        .expect("claimed")
        .deliveries
        .remove(0);
    assert_eq!(retried.attempt, 2);
    assert!(settled(&store, settlement(&retried, attempt(2, 1_001, 204), NextStep::Delivered)).await.unwrap());
    let listed = store.list_deliveries(fixture.receiver, hook.id, 10).await.expect("listed");
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].state, DeliveryState::Delivered);
    let statuses: Vec<Option<u16>> = listed[0].attempts.iter().map(|attempt| attempt.status).collect();
    assert_eq!(statuses, [Some(503), Some(204)]);
    assert!(store.list_deliveries(fixture.sender, hook.id, 10).await.expect("listed").is_empty(), "the owner's only");

    store.retry_delivery(fixture.receiver, listed[0].id, 2_000).await.expect("retried");
    assert!(matches!(store.retry_delivery(fixture.sender, listed[0].id, 2_000).await, Err(StoreError::NotFound)));
    let once_more =
        store.settle_and_claim(Vec::new(), 2_000, 2_100, HashMap::new(), 4, 10).await.expect("claimed").deliveries;
    assert_eq!(once_more.len(), 1, "a delivery retried by hand is due again");
}

pub async fn a_busy_endpoint_gets_no_more_than_its_share(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let slow = added(&store, fixture.receiver, vec![WebhookEvent::TransactionReceived]).await;
    let fast = added(&store, fixture.sender, vec![WebhookEvent::TransactionReceived]).await;
    let quiet = added(&store, fixture.sender, vec![WebhookEvent::ErrorOpened]).await;
    let mut sent = transaction(&fixture, "PO-1", 1, 10);
    sent.effects.extend((0..6).map(|n| Effect::Webhook(delivery(&slow, None, 10 + n))));
    sent.effects.extend((0..2).map(|n| Effect::Webhook(delivery(&fast, None, 20 + n))));
    record(&store, sent).await;
    let in_flight = HashMap::from([(slow.id, 2)]);
    let first = store.settle_and_claim(Vec::new(), 100, 200, in_flight, 2, 10).await.expect("claimed");
    assert_eq!(first.nothing_due, vec![quiet.id], "the endpoint looked into with nothing due is named");
    let claimed = first.deliveries;
    assert!(claimed.iter().all(|claimed| claimed.webhook.id == fast.id), "the busy endpoint waits its turn");
    assert_eq!(claimed.len(), 2);
    let next = store.settle_and_claim(Vec::new(), 100, 200, HashMap::new(), 2, 10).await.expect("claimed").deliveries;
    assert_eq!(next.len(), 2, "two of the slow endpoint's at a time");
}

pub async fn claims_at_once_never_hand_out_a_delivery_twice(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let mut sent = transaction(&fixture, "PO-1", 1, 10);
    for _ in 0..5 {
        let hook = added(&store, fixture.receiver, vec![WebhookEvent::TransactionReceived]).await;
        sent.effects.extend((0..8).map(|n| Effect::Webhook(delivery(&hook, None, 10 + n))));
    }
    record(&store, sent).await;
    let claimers: Vec<_> = (0..4)
        .map(|_| {
            let store = Arc::clone(&store);
            tokio::spawn(async move {
                store.settle_and_claim(Vec::new(), 100, 200, HashMap::new(), 100, 15).await.expect("claimed").deliveries
            })
        })
        .collect();
    let mut ids = Vec::new();
    for claimer in claimers {
        ids.extend(claimer.await.expect("joined").into_iter().map(|claimed| claimed.id));
    }
    // What the claimers left, each passing over what another held at the time, comes next.
    loop {
        let rest =
            store.settle_and_claim(Vec::new(), 100, 200, HashMap::new(), 100, 15).await.expect("claimed").deliveries;
        if rest.is_empty() {
            break;
        }
        ids.extend(rest.into_iter().map(|claimed| claimed.id));
    }
    let count = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!((ids.len(), count), (40, 40), "every delivery claimed, each once");
}

pub async fn attempts_are_settled_and_the_next_claimed_in_one_write(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let live = added(&store, fixture.receiver, vec![WebhookEvent::TransactionReceived]).await;
    let dying = added(&store, fixture.sender, vec![WebhookEvent::TransactionReceived]).await;
    let mut sent = transaction(&fixture, "PO-1", 1, 10);
    sent.effects.extend((0..3).map(|n| Effect::Webhook(delivery(&live, None, 10 + n))));
    sent.effects.extend((0..2).map(|n| Effect::Webhook(delivery(&dying, None, 10 + n))));
    record(&store, sent).await;
    let first = store.settle_and_claim(Vec::new(), 20, 100, HashMap::new(), 1, 10).await.expect("claimed").deliveries;
    let of = |hook: &Webhook| first.iter().find(|claimed| claimed.webhook.id == hook.id).expect("claimed").clone();
    let (delivered, given_up) = (of(&live), of(&dying));
    let mut stale = settlement(&delivered, attempt(2, 31, 200), NextStep::Delivered);
    stale.claim = new_id();
    let mut turned_off = settlement(&given_up, attempt(1, 30, 500), NextStep::RetryAt(40));
    turned_off.disable = Some(Disabling { reason: "failing for five days".into(), effects: Vec::new() });
    let settlements = vec![settlement(&delivered, attempt(1, 30, 200), NextStep::Delivered), stale, turned_off];

    let next = store.settle_and_claim(settlements, 50, 150, HashMap::new(), 1, 10).await.expect("written");
    assert_eq!(next.unsettled, vec![delivered.id], "a settlement under a claim that ran out writes nothing");
    let listed = store.list_deliveries(fixture.receiver, live.id, 10).await.expect("listed");
    let settled = listed.iter().find(|listed| listed.id == delivered.id).expect("listed");
    assert_eq!((settled.state, settled.attempts.len()), (DeliveryState::Delivered, 1), "settled by its claim");
    assert_eq!(next.deliveries.len(), 1, "and the live endpoint's next claimed in the same write");
    assert_eq!(next.deliveries[0].webhook.id, live.id, "none of the endpoint the settlement turned off");
    let stored = store.find_webhook(fixture.sender, dying.id).await.expect("read").expect("kept");
    assert!(!stored.enabled, "the endpoint is off");
}

pub async fn an_endpoint_keeps_what_the_last_of_its_settlements_in_a_write_says(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let hook = added(&store, fixture.receiver, vec![WebhookEvent::TransactionReceived]).await;
    let mut sent = transaction(&fixture, "PO-1", 1, 10);
    let document = sent.id;
    sent.effects.extend((0..3).map(|n| Effect::Webhook(delivery(&hook, Some(document), 10 + n))));
    record(&store, sent).await;
    let claimed = store.settle_and_claim(Vec::new(), 20, 100, HashMap::new(), 3, 10).await.expect("claimed").deliveries;
    assert_eq!(claimed.len(), 3);
    let told = |settlement: &mut Settlement, kind: EventKind| {
        settlement.effects.push(Effect::event(fixture.receiver, Some(document), kind, settlement.attempt.at, None));
    };
    let mut delivered = settlement(&claimed[0], attempt(1, 30, 200), NextStep::Delivered);
    told(&mut delivered, EventKind::WebhookDelivered);
    let mut failed = settlement(&claimed[1], attempt(1, 31, 503), NextStep::RetryAt(1_000));
    told(&mut failed, EventKind::WebhookFailed);
    let mut stale = settlement(&claimed[2], attempt(1, 32, 200), NextStep::Delivered);
    stale.claim = new_id();
    told(&mut stale, EventKind::WebhookDelivered);

    let next =
        store.settle_and_claim(vec![delivered, failed, stale], 40, 100, HashMap::new(), 3, 0).await.expect("written");
    assert_eq!(next.unsettled, vec![claimed[2].id]);
    let stored = store.find_webhook(fixture.receiver, hook.id).await.expect("read").expect("kept");
    assert_eq!(stored.failing_since, Some(31), "the endpoint is as its last attempt left it");
    let told: Vec<(EventKind, i64)> = store
        .transaction_events(document)
        .await
        .expect("read")
        .into_iter()
        .filter(|event| matches!(event.kind, EventKind::WebhookDelivered | EventKind::WebhookFailed))
        .map(|event| (event.kind, event.at))
        .collect();
    assert_eq!(
        told,
        [(EventKind::WebhookDelivered, 30), (EventKind::WebhookFailed, 31)],
        "the story of the attempts settled, none of the one whose claim ran out"
    );

    let retried = store.settle_and_claim(Vec::new(), 1_000, 1_100, HashMap::new(), 3, 10).await.expect("claimed");
    let mut works = settlement(&retried.deliveries[0], attempt(2, 1_001, 204), NextStep::Delivered);
    works.failing_since = None;
    store.settle_and_claim(vec![works], 1_002, 1_100, HashMap::new(), 3, 0).await.expect("written");
    let stored = store.find_webhook(fixture.receiver, hook.id).await.expect("read").expect("kept");
    assert_eq!(stored.failing_since, None, "and works again once an attempt does");
}

pub async fn the_documents_of_a_claim_are_read_together_in_the_order_asked(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let first = record(&store, transaction(&fixture, "PO-1", 1, 10)).await;
    let second = record(&store, transaction(&fixture, "PO-2", 2, 11)).await;
    let unknown = new_id();
    let found = store.find_any_transactions(vec![second, unknown, first]).await.expect("read");
    let found: Vec<(uuid::Uuid, Option<&str>)> =
        found.iter().map(|record| (record.id, record.business_number.as_deref())).collect();
    assert_eq!(found, [(second, Some("PO-2")), (first, Some("PO-1"))], "those that exist, in the order asked");
    assert!(store.find_any_transactions(Vec::new()).await.expect("read").is_empty());
}
