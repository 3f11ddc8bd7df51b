//! Errors reported by ERPs, and tasks the network hands to them.

use reqwest::Method;
use serde_json::json;
use switchyard_network::model::TaskType;

use crate::helpers::TestApp;

#[tokio::test]
async fn a_reported_error_gets_a_page() {
    let app = TestApp::spawn().await;
    let (buyer, _) = app.trading_pair().await;
    let body = json!({"errorReason": "Invoice IV-0001 lacks a VAT id", "errorType": "DATA",
                      "transactionIdentifier": "IV-0001", "transactionType": "INVOICE", "errorContext": {"field": "vat"}});
    let reply = app.call(Method::POST, "/v2/errors", Some(&buyer.token), Some(&body)).await;
    assert_eq!(reply.status, 201);
    assert_eq!(reply.body["message"], "OK.");
    let mut browser = app.signed_in(&buyer, "ann@buyer.example").await;
    let page = browser.open(reply.body["errorUrl"].as_str().unwrap()).await.html;
    assert!(
        page.contains("Invoice IV-0001 lacks a VAT id") && page.contains("INVOICE") && page.contains("vat"),
        "{page}"
    );
}

#[tokio::test]
async fn a_reported_error_needs_a_reason_and_a_known_type() {
    let app = TestApp::spawn().await;
    let (buyer, _) = app.trading_pair().await;
    let reply = app.call(Method::POST, "/v2/errors", Some(&buyer.token), Some(&json!({}))).await;
    assert_eq!(reply.status, 422);
    assert_eq!(reply.error_paths(), ["errorReason", "errorType"]);
    let reply = app
        .call(
            Method::POST,
            "/v2/errors",
            Some(&buyer.token),
            Some(&json!({"errorReason": "x", "errorType": "BAD", "transactionType": "LETTER", "errorContext": "text"})),
        )
        .await;
    assert_eq!(reply.error_paths(), ["errorContext", "errorType", "transactionType"]);
}

#[tokio::test]
async fn an_export_task_is_listed_closed_with_its_result_and_not_closed_twice() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let export = app.hub().create_task(supplier.id, TaskType::ExportCustomers, None).await.unwrap();
    let sync = app
        .hub()
        .create_task(
            supplier.id,
            TaskType::SyncEnabledTradePartners,
            Some(json!({"customers": ["KU-1"], "suppliers": []})),
        )
        .await
        .unwrap();
    app.hub().create_task(buyer.id, TaskType::ExportSuppliers, None).await.unwrap();

    let list = app.call(Method::GET, "/v2/tasks", Some(&supplier.token), None).await;
    assert_eq!(list.status, 200);
    let ids: Vec<_> = list.body["items"].as_array().unwrap().iter().map(|t| t["procurosTaskId"].clone()).collect();
    assert_eq!(ids, [json!(export), json!(sync)]);
    assert_eq!(list.body["items"][1]["payload"]["customers"], json!(["KU-1"]));
    let filtered =
        app.call(Method::GET, "/v2/tasks?filter[type]=SYNC_ENABLED_TRADE_PARTNERS", Some(&supplier.token), None).await;
    assert_eq!(filtered.body["count"], 1);

    let result = json!([{"systemIdentifier": "KU-1029", "isEnabled": true, "mainParty": {"name": "Buyer Ltd"}}]);
    let path = format!("/v2/tasks/{export}");
    let closed =
        app.call(Method::PUT, &path, Some(&supplier.token), Some(&json!({"success": true, "result": result}))).await;
    assert_eq!((closed.status, closed.body.clone()), (200, json!({"message": "OK."})));
    let stored = app.hub().find_task(export).await.unwrap();
    assert_eq!(stored.result, Some(result.clone()));
    let again =
        app.call(Method::PUT, &path, Some(&supplier.token), Some(&json!({"success": true, "result": result}))).await;
    assert_eq!((again.status, again.error_paths()), (422, vec!["procurosTaskId".to_owned()]));
    let remaining = app.call(Method::GET, "/v2/tasks", Some(&supplier.token), None).await;
    assert_eq!(remaining.body["count"], 1);
}

#[tokio::test]
async fn a_task_result_is_checked_and_foreign_tasks_are_404() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let task = app.hub().create_task(supplier.id, TaskType::ExportSuppliers, None).await.unwrap();
    let path = format!("/v2/tasks/{task}");
    let bad = app
        .call(Method::PUT, &path, Some(&supplier.token), Some(&json!({"success": true, "result": [{"isEnabled": 1}]})))
        .await;
    assert_eq!(bad.status, 422);
    assert_eq!(bad.error_paths(), ["result.0.isEnabled", "result.0.mainParty", "result.0.systemIdentifier"]);
    assert_eq!(
        app.call(Method::PUT, &path, Some(&buyer.token), Some(&json!({"success": true, "result": []}))).await.status,
        404
    );
    let failed = app
        .call(Method::PUT, &path, Some(&supplier.token), Some(&json!({"success": false, "errorReason": "ERP offline"})))
        .await;
    assert_eq!(failed.status, 200);
    assert!(failed.body["errorUrl"].as_str().unwrap().contains("/portal/errors/"));
    let no_reason = app.hub().create_task(supplier.id, TaskType::ExportSuppliers, None).await.unwrap();
    let reply = app
        .call(Method::PUT, &format!("/v2/tasks/{no_reason}"), Some(&supplier.token), Some(&json!({"success": false})))
        .await;
    assert_eq!(reply.error_paths(), ["errorReason"]);
}
