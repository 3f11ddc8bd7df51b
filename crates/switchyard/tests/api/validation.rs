//! Documents checked at the door: every problem at once, GS1 warnings that do not refuse, a
//! strict network that does, and `POST /v2/validate` for connectors' own tests.

use reqwest::Method;
use serde_json::json;
use switchyard_documents::DocumentType;

use crate::helpers::{TestApp, order, party};

#[tokio::test]
async fn a_document_with_twenty_problems_gets_one_422_listing_all_twenty() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let mut content = order(&buyer, &supplier, "PO-1");
    let items: Vec<_> = (1..=20)
        .map(|n| {
            json!({"lineNumber": n, "quantity": format!("{n} pieces"),
                                           "identifiers": [{"domain": "GS1", "identifier": "4300348765433"}]})
        })
        .collect();
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
    let app = TestApp::spawn_with(|settings| settings.documents.strict_gs1_check_digits = true).await;
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
async fn validate_answers_what_a_send_would_and_stores_nothing() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let stranger = app.company("Stranger AG", "4000000000003").await;
    let validate = |content: serde_json::Value| {
        let body = json!({"type": "ORDER", "content": content});
        let token = buyer.token.clone();
        let app = &app;
        async move { app.call(Method::POST, "/v2/validate", Some(&token), Some(&body)).await }
    };

    let mut deliverable = order(&buyer, &supplier, "PO-1");
    deliverable["items"][0]["identifiers"] = json!([{"domain": "GS1", "identifier": "4012345000017"}]);
    let reply = validate(deliverable.clone()).await;
    assert_eq!(reply.status, 200);
    assert_eq!((reply.body["valid"].as_bool(), reply.body["status"].as_u64()), (Some(true), Some(201)), "{reply:?}");
    assert_eq!(reply.body["errors"], json!({}));
    assert!(reply.body["warnings"]["content.items.0.identifiers.0.identifier"].is_array(), "{reply:?}");
    let route = &reply.body["route"];
    assert_eq!(
        (route["sender"]["name"].as_str(), route["receiver"]["name"].as_str()),
        (Some("Buyer Ltd"), Some("Supplier GmbH"))
    );
    assert_eq!(route["receiver"]["companyId"], supplier.id.to_string());
    assert_eq!((route["flow"].as_str(), route["relationshipState"].as_str()), (Some("LIVE"), Some("ACTIVE")));

    let mut unknown_supplier = order(&buyer, &supplier, "PO-2");
    unknown_supplier["header"]["supplier"] = party("4000000000099");
    let reply = validate(unknown_supplier).await;
    assert_eq!((reply.body["valid"].as_bool(), reply.body["status"].as_u64()), (Some(false), Some(422)), "{reply:?}");
    assert_eq!(reply.error_paths(), ["content.header.supplier"]);
    assert_eq!(reply.body["route"], json!(null));

    let reply = validate(order(&buyer, &stranger, "PO-3")).await;
    assert_eq!((reply.body["valid"].as_bool(), reply.body["status"].as_u64()), (Some(true), Some(202)), "{reply:?}");
    assert_eq!(reply.body["message"], "Trade relationship not yet active.");
    assert_eq!(reply.body["route"]["relationshipState"], json!(null));

    let reply = validate(json!({"header": {"buyer": {"identifiers": []}}})).await;
    assert_eq!((reply.body["valid"].as_bool(), reply.body["status"].as_u64()), (Some(false), Some(422)));
    assert_eq!(
        reply.error_paths(),
        [
            "content.header.buyer.identifiers",
            "content.header.orderDate",
            "content.header.orderIdentifier",
            "content.header.supplier",
            "content.items"
        ]
    );
    assert_eq!(app.all(&buyer, "").await.body["count"], 0, "validating stores nothing");
    assert_eq!(app.incoming(&supplier, "").await.body["count"], 0);

    let sent = app.send(&buyer, DocumentType::Order, &deliverable).await;
    assert_eq!(sent.status, 201);
    let reply = validate(deliverable.clone()).await;
    assert_eq!((reply.body["valid"].as_bool(), reply.body["status"].as_u64()), (Some(false), Some(400)), "{reply:?}");
    assert_eq!(reply.body["procurosTransactionId"], sent.id().as_str());
    assert_eq!(app.all(&buyer, "").await.body["count"], 1, "validating a duplicate opens no second record");

    let body = json!({"type": "ORDER", "content": deliverable});
    assert_eq!(app.call(Method::POST, "/v2/validate", None, Some(&body)).await.status, 401);
}
