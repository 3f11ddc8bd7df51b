//! Documents checked at the door: every problem at once, GS1 warnings that do not refuse, a
//! strict network that does, and `POST /v2/validate` for connectors' own tests.

use reqwest::Method;
use serde_json::json;
use switchyard_documents::DocumentType;
use switchyard_testkit::reference;

use crate::every_document_type::example_content;
use crate::helpers::{TestApp, order, party};

#[tokio::test]
async fn a_document_with_twenty_problems_gets_one_422_listing_all_twenty() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let mut content = order(&buyer, &supplier, "PO-1");
    let items: Vec<_> = (1..=20).map(|n| json!({"lineNumber": n, "quantity": format!("{n} pieces")})).collect();
    content["items"] = json!(items);
    let reply = app.send(&buyer, DocumentType::Order, &content).await;
    assert_eq!(reply.status, 422);
    let paths = reply.error_paths();
    assert_eq!(paths.len(), 20, "{paths:?}");
    assert!(paths.iter().all(|path| path.starts_with("content.items.") && path.ends_with(".quantity")));
    assert_eq!(reply.body["errors"]["content.items.7.quantity"], json!(["This field must be a number."]));
    assert_eq!(app.all(&buyer, "").await.body["count"], 0);
}

#[tokio::test]
async fn a_wrong_check_digit_comes_back_as_a_warning_and_is_stored_with_the_document() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let mut content = order(&buyer, &supplier, "PO-1");
    content["items"][0]["identifiers"] = json!([{"domain": "GS1", "identifier": "4012345000017"}]);
    let reply = app.send(&buyer, DocumentType::Order, &content).await;
    assert_eq!(reply.status, 201);
    let warning = &reply.body["warnings"]["content.items.0.identifiers.0.identifier"];
    assert_eq!(warning, &json!(["The check digit of GTIN 4012345000017 is wrong: the last digit should be 6."]));
    let stored = app.hub().find_any_transaction(reply.id().parse().unwrap()).await.unwrap();
    assert_eq!(stored.warnings.unwrap()["content.items.0.identifiers.0.identifier"], *warning);
}

#[tokio::test]
async fn a_strict_network_refuses_a_wrong_check_digit() {
    let app = TestApp::spawn_with(|settings| settings.strict_gs1_check_digits = true).await;
    let buyer = app.company("Buyer", "4000000000006").await;
    let supplier = app.company("Supplier", "4012345000016").await;
    app.relate(&buyer, &supplier, &[DocumentType::Order], switchyard_network::model::RelationshipState::Active).await;
    let mut content = order(&buyer, &supplier, "PO-1");
    assert_eq!(app.send(&buyer, DocumentType::Order, &content).await.status, 201);
    content["header"]["orderIdentifier"] = json!("PO-2");
    content["header"]["shipTo"] = party("4000000000001");
    let reply = app.send(&buyer, DocumentType::Order, &content).await;
    assert_eq!(reply.status, 422);
    assert_eq!(reply.error_paths(), ["content.header.shipTo.identifiers.0.identifier"]);
}

#[tokio::test]
async fn validate_answers_valid_errors_and_warnings_and_stores_nothing() {
    if reference::or_skip().is_none() {
        return;
    }
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let example = json!({"type": "ORDER", "content": example_content("Minimal Order")});
    let reply = app.call(Method::POST, "/v2/validate", Some(&buyer.token), Some(&example)).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body["valid"], true);
    assert_eq!(reply.body["errors"], json!({}));
    assert!(reply.body["warnings"]["content.header.supplier.identifiers.0.identifier"].is_array(), "{:?}", reply.body);

    let broken = json!({"type": "ORDER", "content": {"header": {"buyer": {"identifiers": []}}}});
    let reply = app.call(Method::POST, "/v2/validate", Some(&buyer.token), Some(&broken)).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body["valid"], false);
    let paths: Vec<&String> = reply.body["errors"].as_object().unwrap().keys().collect();
    assert_eq!(
        paths,
        [
            "content.header.buyer.identifiers",
            "content.header.orderDate",
            "content.header.orderIdentifier",
            "content.header.supplier",
            "content.items"
        ]
    );
    assert_eq!(app.all(&buyer, "").await.body["count"], 0);
    assert_eq!(app.incoming(&supplier, "").await.body["count"], 0);
    let unauthenticated = app.call(Method::POST, "/v2/validate", None, Some(&example)).await;
    assert_eq!(unauthenticated.status, 401);
}

#[tokio::test]
async fn every_request_example_of_the_reference_validates() {
    let app = TestApp::spawn().await;
    let (buyer, _) = app.trading_pair().await;
    let Some(reference) = reference::or_skip() else { return };
    let examples = reference::request_examples(reference);
    for (name, example) in examples {
        let reply = app.call(Method::POST, "/v2/validate", Some(&buyer.token), Some(&example["value"])).await;
        assert_eq!(reply.body["valid"], true, "{name}: {:?}", reply.body["errors"]);
    }
}
