//! Versions: a changed document with the same business number replaces the pending one.

use serde_json::json;
use switchyard_documents::DocumentType;

use crate::helpers::{TestApp, order};

#[tokio::test]
async fn a_changed_order_replaces_the_pending_one() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let first = app.send(&buyer, DocumentType::Order, &order(&buyer, &supplier, "PO-1")).await.id();
    let mut changed = order(&buyer, &supplier, "PO-1");
    changed["items"][0]["quantity"] = json!(7);
    let second = app.send(&buyer, DocumentType::Order, &changed).await;
    assert_eq!(second.status, 201);
    let second = second.id();

    let queue = app.incoming(&supplier, "").await;
    assert_eq!(queue.item_ids(), [second.as_str()]);
    assert_eq!(queue.body["items"][0]["replacesProcurosTransactionId"], first.as_str());
    assert_eq!(queue.body["items"][0]["isLatestVersion"], true);

    let old = app.show(&buyer, &first).await.body["data"].clone();
    assert_eq!(old["status"], "DROPPED");
    assert_eq!(old["isLatestVersion"], false);
    assert_eq!(old["replacedByProcurosTransactionId"], second.as_str());
}

#[tokio::test]
async fn a_processed_version_keeps_its_status_when_replaced() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let first = app.send(&buyer, DocumentType::Order, &order(&buyer, &supplier, "PO-1")).await.id();
    app.mark(&supplier, &first, &json!({"success": true})).await;
    let mut changed = order(&buyer, &supplier, "PO-1");
    changed["header"]["currency"] = json!("USD");
    let second = app.send(&buyer, DocumentType::Order, &changed).await.id();
    let old = app.show(&supplier, &first).await.body["data"].clone();
    assert_eq!((old["status"].as_str(), old["isLatestVersion"].as_bool()), (Some("SUCCESS"), Some(false)));
    assert_eq!(app.incoming(&supplier, "").await.item_ids(), [second]);
}

#[tokio::test]
async fn other_numbers_and_other_types_start_their_own_chains() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    app.send(&buyer, DocumentType::Order, &order(&buyer, &supplier, "PO-1")).await;
    app.send(&buyer, DocumentType::Order, &order(&buyer, &supplier, "PO-2")).await;
    let queue = app.incoming(&supplier, "").await;
    assert_eq!(queue.body["count"], 2);
    assert!(queue.body["items"].as_array().unwrap().iter().all(|item| item["replacesProcurosTransactionId"].is_null()));
}

#[tokio::test]
async fn concurrent_versions_form_one_linear_chain() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let sends = (0..16).map(|n| {
        let mut changed = order(&buyer, &supplier, "PO-RACE");
        changed["items"][0]["quantity"] = json!(n + 1);
        let (app, buyer) = (&app, &buyer);
        async move { app.send(buyer, DocumentType::Order, &changed).await }
    });
    let replies = futures_util::future::join_all(sends).await;
    assert!(replies.iter().all(|reply| reply.status == 201), "{replies:?}");

    let all = app.all(&buyer, "").await;
    let items = all.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 16);
    let latest: Vec<_> = items.iter().filter(|item| item["isLatestVersion"] == true).collect();
    assert_eq!(latest.len(), 1, "exactly one latest version");
    let replaced: std::collections::HashSet<_> =
        items.iter().filter_map(|item| item["replacesProcurosTransactionId"].as_str()).collect();
    assert_eq!(replaced.len(), 15, "each earlier version is replaced exactly once");
    assert_eq!(app.incoming(&supplier, "").await.body["count"], 1);
}
