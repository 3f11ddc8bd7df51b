//! `GET /v2/all-transactions/{id}/events`: a document's life, step by step, with who acted, as
//! each of its two companies may see it.

use reqwest::Method;
use serde_json::{Value, json};
use switchyard_documents::DocumentType;

use crate::helpers::{Party, TestApp, order};

async fn timeline(app: &TestApp, party: &Party, id: &str) -> Vec<Value> {
    let reply = app.call(Method::GET, &format!("/v2/all-transactions/{id}/events"), Some(&party.token), None).await;
    assert_eq!(reply.status, 200, "{reply:?}");
    reply.body["data"].as_array().unwrap().clone()
}

fn kinds(entries: &[Value]) -> Vec<&str> {
    entries.iter().map(|entry| entry["type"].as_str().unwrap()).collect()
}

fn entry<'a>(entries: &'a [Value], kind: &str) -> &'a Value {
    entries.iter().find(|entry| entry["type"] == kind).unwrap_or_else(|| panic!("no {kind} in {entries:?}"))
}

#[tokio::test]
async fn a_document_tells_every_step_with_who_acted() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let mut content = order(&buyer, &supplier, "PO-STORY");
    content["header"]["shipTo"] = json!({ "identifiers": [{ "domain": "GS1", "identifier": "4000000000007" }] });
    let id = app.send(&buyer, DocumentType::Order, &content).await.id();
    app.incoming(&supplier, "?lease=60").await;
    let failed = app.mark(&supplier, &id, &json!({"success": false, "errorReason": "Unknown article"})).await;
    assert_eq!(failed.status, 200);

    let told = timeline(&app, &supplier, &id).await;
    assert_eq!(
        kinds(&told),
        ["received", "validated", "routed", "delivered", "leased", "fetched", "failed", "error_opened"],
        "{told:?}"
    );
    assert_eq!(entry(&told, "received")["actor"], buyer.name.as_str());
    assert_eq!(entry(&told, "routed")["detail"]["receiver"], supplier.name.as_str());
    let warnings = entry(&told, "validated")["detail"]["warnings"].as_object().unwrap();
    assert!(warnings.keys().any(|path| path.contains("shipTo")), "the check digit warning is told: {warnings:?}");
    assert_eq!(entry(&told, "fetched")["actor"], supplier.name.as_str());
    let leased = &entry(&told, "leased")["detail"];
    assert!(leased["leaseId"].is_string() && leased["seconds"] == 60, "{leased}");
    assert!(entry(&told, "error_opened")["detail"]["errorId"].is_string());
    assert!(told.iter().all(|entry| entry["at"].as_str().is_some_and(|at| at.contains('T'))));

    let for_buyer = timeline(&app, &buyer, &id).await;
    assert!(!kinds(&for_buyer).contains(&"leased"), "a lease is the receiver's own business: {for_buyer:?}");
    assert!(kinds(&for_buyer).contains(&"failed"));

    let stranger = app.company("Stranger", "4012345000023").await;
    let hidden = app.call(Method::GET, &format!("/v2/all-transactions/{id}/events"), Some(&stranger.token), None).await;
    assert_eq!((hidden.status, hidden.body["code"].as_str()), (404, Some("resource.not_found")));
}

#[tokio::test]
async fn a_held_document_says_why() {
    let app = TestApp::spawn().await;
    let buyer = app.company("Buyer", "4000000000006").await;
    let supplier = app.company("Supplier", "4012345000016").await;
    let held = app.send(&buyer, DocumentType::Order, &order(&buyer, &supplier, "PO-HELD")).await;
    assert_eq!((held.status, held.body["code"].as_str()), (202, Some("relationship.inactive")));
    let told = timeline(&app, &buyer, &held.id()).await;
    assert_eq!(kinds(&told), ["received", "validated", "routed", "held"]);
    assert!(entry(&told, "held")["detail"]["reason"].as_str().unwrap().contains("relationship"));
}
