//! The receiver reports back: one at a time or in bulk, success or failure, all or nothing.

use serde_json::json;
use switchyard_documents::DocumentType;

use crate::helpers::{Party, TestApp, order};

async fn pending_orders(app: &TestApp, buyer: &Party, supplier: &Party, count: usize) -> Vec<String> {
    let mut ids = Vec::new();
    for n in 0..count {
        ids.push(app.send(buyer, DocumentType::Order, &order(buyer, supplier, &format!("PO-{n}"))).await.id());
    }
    ids
}

#[tokio::test]
async fn marking_success_takes_the_transaction_out_of_the_queue() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let id = pending_orders(&app, &buyer, &supplier, 1).await.remove(0);
    let reply = app.mark(&supplier, &id, &json!({"success": true})).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body, json!({"data": {"message": "OK."}}));
    assert_eq!(app.incoming(&supplier, "").await.body["count"], 0);
    assert_eq!(app.status_of(&supplier, &id).await, "SUCCESS");
    assert_eq!(app.status_of(&buyer, &id).await, "SUCCESS", "the sender sees the outcome too");
}

#[tokio::test]
async fn a_failure_opens_an_error_once_and_a_later_success_resolves_it() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let id = pending_orders(&app, &buyer, &supplier, 1).await.remove(0);
    let failure = json!({"success": false, "errorReason": "Product GTIN '0001647296281' not found", "errorType": "DATA",
                         "errorContext": {"line": "1"}});
    let first = app.mark(&supplier, &id, &failure).await;
    assert_eq!(first.status, 200);
    assert_eq!(first.body["data"]["message"], "OK.");
    let url = first.body["data"]["errorUrl"].as_str().unwrap().to_owned();
    assert_eq!(app.status_of(&supplier, &id).await, "FAILED");
    assert_eq!(app.incoming(&supplier, "").await.body["count"], 0);

    let again = app.mark(&supplier, &id, &failure).await;
    assert_eq!(again.body["data"]["errorUrl"], url.as_str(), "marking again is idempotent");
    let mut browser = app.signed_in(&supplier, "sam@supplier.example").await;
    let page = browser.open(&url).await.html;
    assert!(page.contains("Product GTIN &#39;0001647296281&#39; not found") && page.contains("Open"), "{page}");
    assert!(page.contains(&id) && page.contains("PO-0"), "the page shows the transaction: {page}");

    assert_eq!(app.mark(&supplier, &id, &json!({"success": true})).await.status, 200);
    assert_eq!(app.status_of(&supplier, &id).await, "SUCCESS");
    let page = browser.open(&url).await.html;
    assert!(page.contains("Resolved"), "{page}");
}

#[tokio::test]
async fn a_failure_without_a_reason_is_422_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let id = pending_orders(&app, &buyer, &supplier, 1).await.remove(0);
    let reply = app.mark(&supplier, &id, &json!({"success": false})).await;
    assert_eq!(reply.status, 422);
    assert_eq!(reply.error_paths(), ["errorReason"]);
    let reply = app.mark(&supplier, &id, &json!({"success": "yes", "errorType": "SEVERE"})).await;
    assert_eq!(reply.error_paths(), ["errorType", "success"]);
    assert_eq!(app.status_of(&supplier, &id).await, "PENDING");
}

#[tokio::test]
async fn unknown_malformed_and_foreign_ids_are_404() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let id = pending_orders(&app, &buyer, &supplier, 1).await.remove(0);
    let ok = json!({"success": true});
    assert_eq!(app.mark(&supplier, &uuid::Uuid::now_v7().to_string(), &ok).await.status, 404);
    assert_eq!(app.mark(&supplier, "not-a-uuid", &ok).await.status, 404);
    assert_eq!(app.mark(&buyer, &id, &ok).await.status, 404, "the sender cannot mark its own document");
    assert_eq!(app.show(&supplier, "not-a-uuid").await.status, 404);
    for path in ["/v2/all-transactions/%FF", "/v2/all-transactions/%E2%82", "/v2/tasks/%FF"] {
        let method = if path.starts_with("/v2/tasks") { reqwest::Method::PUT } else { reqwest::Method::GET };
        let reply = app.call(method, path, Some(&supplier.token), Some(&ok)).await;
        assert_eq!(reply.status, 404, "{path}: {}", reply.text);
        assert!(reply.body["message"].is_string(), "{path} answers in the API's shape: {}", reply.text);
    }
    let reply = app.mark(&supplier, "%FF", &ok).await;
    assert_eq!((reply.status, reply.body["message"].is_string()), (404, true), "{}", reply.text);
}

#[tokio::test]
async fn bulk_marking_takes_both_body_shapes_and_answers_in_order() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let ids = pending_orders(&app, &buyer, &supplier, 4).await;
    let wrapped = app
        .bulk_mark(
            &supplier,
            &json!({"items": [
                {"procurosTransactionId": ids[1], "success": true},
                {"procurosTransactionId": ids[0], "success": false, "errorReason": "Unknown article"},
            ]}),
        )
        .await;
    assert_eq!(wrapped.status, 200, "{wrapped:?}");
    let data = wrapped.body["data"].as_array().unwrap();
    assert_eq!(data[0]["procurosTransactionId"], ids[1].as_str());
    assert_eq!(data[0]["message"], "OK.");
    assert!(data[0].get("errorUrl").is_none());
    assert_eq!(data[1]["procurosTransactionId"], ids[0].as_str());
    assert!(data[1]["errorUrl"].as_str().unwrap().contains("/portal/errors/"));

    let bare = app.bulk_mark(&supplier, &json!([{"procurosTransactionId": ids[2], "success": true}])).await;
    assert_eq!(bare.status, 200);
    assert_eq!(app.incoming(&supplier, "").await.item_ids(), [ids[3].clone()]);
    assert_eq!(app.status_of(&supplier, &ids[0]).await, "FAILED");
}

#[tokio::test]
async fn a_bulk_with_one_bad_item_changes_nothing() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let ids = pending_orders(&app, &buyer, &supplier, 2).await;
    let unknown = uuid::Uuid::now_v7().to_string();
    let reply = app
        .bulk_mark(
            &supplier,
            &json!([
                {"procurosTransactionId": ids[0], "success": true},
                {"procurosTransactionId": unknown, "success": true},
            ]),
        )
        .await;
    assert_eq!(reply.status, 422);
    assert_eq!(reply.error_paths(), ["items.1.procurosTransactionId"]);
    assert_eq!(app.incoming(&supplier, "").await.item_ids(), ids);

    let twice = app
        .bulk_mark(
            &supplier,
            &json!([{"procurosTransactionId": ids[0], "success": true}, {"procurosTransactionId": ids[0], "success": true}]),
        )
        .await;
    assert_eq!(twice.status, 422);
    assert_eq!(twice.error_paths(), ["items.1.procurosTransactionId"]);

    let invalid = app
        .bulk_mark(&supplier, &json!([{"procurosTransactionId": "nope", "success": true}, {"success": false}]))
        .await;
    assert_eq!(invalid.error_paths(), ["items.0.procurosTransactionId", "items.1.procurosTransactionId"]);
    assert_eq!(app.incoming(&supplier, "").await.item_ids(), ids);
}

#[tokio::test]
async fn a_bulk_needs_between_1_and_1000_items() {
    let app = TestApp::spawn().await;
    let (_, supplier) = app.trading_pair().await;
    let empty = app.bulk_mark(&supplier, &json!({"items": []})).await;
    assert_eq!((empty.status, empty.error_paths()), (422, vec!["items".to_owned()]));
    let item = json!({"procurosTransactionId": uuid::Uuid::now_v7(), "success": true});
    let too_many = app.bulk_mark(&supplier, &serde_json::Value::Array(vec![item; 1001])).await;
    assert_eq!((too_many.status, too_many.error_paths()), (422, vec!["items".to_owned()]));
    let missing = app.bulk_mark(&supplier, &json!({"list": []})).await;
    assert_eq!(missing.error_paths(), ["items"]);
}

#[tokio::test]
async fn a_thousand_items_are_marked_in_one_call() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let ids = pending_orders(&app, &buyer, &supplier, 1000).await;
    let items: Vec<_> = ids.iter().map(|id| json!({"procurosTransactionId": id, "success": true})).collect();
    let reply = app.bulk_mark(&supplier, &json!({ "items": items })).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body["data"].as_array().unwrap().len(), 1000);
    assert_eq!(app.incoming(&supplier, "").await.body["count"], 0);
}
