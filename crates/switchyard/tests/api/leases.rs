//! Poller leases: `GET /v2/transactions?lease=SECONDS` holds the listed items for the caller;
//! other listings leave them out until the lease runs out, is released or the items are marked.

use std::collections::HashSet;
use std::time::Duration;

use futures_util::future::join_all;
use reqwest::Method;
use serde_json::json;
use switchyard_documents::DocumentType;

use crate::helpers::{Party, TestApp, order};

async fn send_orders(app: &TestApp, buyer: &Party, supplier: &Party, count: usize) -> Vec<String> {
    let mut ids = Vec::new();
    for n in 0..count {
        ids.push(app.send(buyer, DocumentType::Order, &order(buyer, supplier, &format!("PO-{n}"))).await.id());
    }
    ids
}

#[tokio::test]
async fn two_pollers_leasing_at_once_get_disjoint_items() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let sent = send_orders(&app, &buyer, &supplier, 10).await;
    let pages = join_all((0..2).map(|_| app.incoming(&supplier, "?lease=60&per_page=5"))).await;
    let mut leased = HashSet::new();
    for page in &pages {
        assert_eq!(page.status, 200, "{page:?}");
        assert!(page.body["leaseId"].is_string() && page.body["leaseExpiresAt"].is_string(), "{page:?}");
        for id in page.item_ids() {
            assert!(leased.insert(id.clone()), "{id} was leased twice");
        }
    }
    assert_eq!(leased, sent.into_iter().collect(), "every document leased, each once");
    assert_ne!(pages[0].body["leaseId"], pages[1].body["leaseId"]);
    let plain = app.incoming(&supplier, "").await;
    assert!(plain.item_ids().is_empty(), "a listing without a lease leaves leased items out: {plain:?}");
    assert!(plain.body.get("leaseId").is_none(), "and names no lease");
}

#[tokio::test]
async fn a_lease_that_runs_out_gives_its_items_back_and_marking_ends_it() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let sent = send_orders(&app, &buyer, &supplier, 2).await;
    let page = app.incoming(&supplier, "?lease=30").await;
    assert_eq!(page.item_ids(), sent);
    let marked = app.mark(&supplier, &sent[0], &json!({"success": true})).await;
    assert_eq!(marked.status, 200);
    assert!(app.incoming(&supplier, "").await.item_ids().is_empty());

    app.advance(Duration::from_secs(31));
    assert_eq!(app.incoming(&supplier, "").await.item_ids(), [sent[1].clone()], "the unmarked one is back");
}

#[tokio::test]
async fn a_lease_is_extended_and_released_by_its_company_only() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let sent = send_orders(&app, &buyer, &supplier, 1).await;
    let page = app.incoming(&supplier, "?lease=30").await;
    let lease = page.body["leaseId"].as_str().unwrap().to_owned();
    let extend = format!("/v2/transactions/leases/{lease}/extend");
    let extended = app.call(Method::POST, &extend, Some(&supplier.token), Some(&json!({"seconds": 600}))).await;
    assert_eq!((extended.status, extended.body["data"]["count"].as_u64()), (200, Some(1)), "{extended:?}");
    app.advance(Duration::from_mins(1));
    assert!(app.incoming(&supplier, "").await.item_ids().is_empty(), "held past its first 30 seconds");

    let release = format!("/v2/transactions/leases/{lease}");
    let by_buyer = app.call(Method::DELETE, &release, Some(&buyer.token), None).await;
    assert_eq!((by_buyer.status, by_buyer.body["code"].as_str()), (404, Some("resource.not_found")));
    let released = app.call(Method::DELETE, &release, Some(&supplier.token), None).await;
    assert_eq!((released.status, released.body["data"]["released"].as_u64()), (200, Some(1)), "{released:?}");
    assert_eq!(app.incoming(&supplier, "").await.item_ids(), sent, "back at once");
    let again = app.call(Method::DELETE, &release, Some(&supplier.token), None).await;
    assert_eq!(again.status, 404, "a released lease is gone");

    for bad in ["?lease=0", "?lease=901", "?lease=soon"] {
        let refused = app.incoming(&supplier, bad).await;
        assert_eq!((refused.status, refused.error_paths()), (422, vec!["lease".to_owned()]), "{bad}");
    }
    let too_long = app.call(Method::POST, &extend, Some(&supplier.token), Some(&json!({"seconds": 901}))).await;
    assert_eq!(too_long.error_paths(), ["seconds"]);
}
