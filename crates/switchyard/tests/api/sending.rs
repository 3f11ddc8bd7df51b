//! Sending documents: routing by party identifiers, relationships, duplicates, bad input.

use reqwest::Method;
use serde_json::json;
use switchyard_documents::DocumentType;
use switchyard_network::model::RelationshipState;

use crate::helpers::{TestApp, order, party};

#[tokio::test]
async fn an_order_is_routed_to_the_supplier_by_its_gln() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let sent = app.send(&buyer, DocumentType::Order, &order(&buyer, &supplier, "PO-1")).await;
    assert_eq!(sent.status, 201, "{sent:?}");
    let incoming = app.incoming(&supplier, "").await;
    assert_eq!(incoming.item_ids(), [sent.id()]);
    assert_eq!(incoming.body["items"][0]["type"], "ORDER");
    assert_eq!(app.incoming(&buyer, "").await.body["count"], 0);
}

#[tokio::test]
async fn content_comes_back_byte_for_byte_with_unknown_properties_kept() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let content = format!(
        r#"{{ "x-erp-note" : "keep me",  "header": {{"supplier": {{"identifiers":[{{"identifier":"{}","domain":"GS1"}}]}},
            "buyer": {{"identifiers":[{{"domain":"GS1","identifier":"{}"}}]}}, "orderIdentifier": "PO-7",
            "orderDate": "2021-09-30", "price": 1.50 }}, "items": [ {{ "lineNumber": 1, "quantity": 2,
            "identifiers": [ {{ "domain": "BUYER", "identifier": "A-1" }} ] }} ] }}"#,
        supplier.gln, buyer.gln
    );
    let body = format!(r#"{{"type":"ORDER","content":{content}}}"#);
    let sent =
        app.call_raw(Method::POST, "/v2/transactions", &buyer.token, "application/json", body.into_bytes()).await;
    assert_eq!(sent.status, 201, "{sent:?}");
    let incoming = app.incoming(&supplier, "").await;
    assert!(incoming.text.contains(&content), "content was altered: {}", incoming.text);
    assert_eq!(incoming.body["items"][0]["content"]["x-erp-note"], "keep me");
    let shown = app.show(&supplier, &sent.id()).await;
    assert!(shown.text.contains(&content), "content was altered when shown: {}", shown.text);
    let listed = app.all(&buyer, "").await;
    assert!(listed.text.contains(&content), "content was altered when listed: {}", listed.text);
}

#[tokio::test]
async fn a_body_that_is_not_json_is_400_and_a_wrong_content_type_is_415() {
    let app = TestApp::spawn().await;
    let (buyer, _) = app.trading_pair().await;
    let broken =
        app.call_raw(Method::POST, "/v2/transactions", &buyer.token, "application/json", b"{\"type\":".to_vec()).await;
    assert_eq!(broken.status, 400);
    assert!(broken.body["message"].as_str().unwrap().contains("not valid JSON"));
    let mut browser = app.signed_in(&buyer, "ann@buyer.example").await;
    let page = browser.open(broken.body["errorUrl"].as_str().unwrap()).await.html;
    assert!(page.contains("not valid JSON"), "{page}");
    let text = app.call_raw(Method::POST, "/v2/transactions", &buyer.token, "text/plain", b"{}".to_vec()).await;
    assert_eq!(text.status, 415);
    assert!(text.body["message"].is_string());
}

#[tokio::test]
async fn a_key_named_twice_is_refused_where_it_stands_and_nothing_is_stored() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let content = order(&buyer, &supplier, "PO-1").to_string();
    let twice = content.replacen("\"orderIdentifier\":", "\"orderIdentifier\":\"PO-2\",\"orderIdentifier\":", 1);
    assert_ne!(twice, content);
    // `/v2/validate` answers 200 with the status a send would have had.
    for (route, status) in [("/v2/transactions", 422), ("/v2/validate", 200)] {
        let body = format!(r#"{{"type":"ORDER","content":{twice}}}"#);
        let refused = app.call_raw(Method::POST, route, &buyer.token, "application/json", body.into_bytes()).await;
        assert_eq!(refused.status, status, "{refused:?}");
        let at = &refused.body["errors"]["content.header.orderIdentifier"][0];
        assert!(at.as_str().unwrap().contains("more than once"), "{refused:?}");
        assert_eq!(refused.body["message"], "The given data was invalid.");
    }
    let envelope = format!(r#"{{"type":"ORDER","content":{content},"content":{content}}}"#);
    let refused =
        app.call_raw(Method::POST, "/v2/transactions", &buyer.token, "application/json", envelope.into_bytes()).await;
    assert_eq!(refused.status, 400, "{refused:?}");
    assert!(refused.body["message"].as_str().unwrap().contains("`content` more than once"), "{refused:?}");
    assert!(refused.body["errorUrl"].is_string());
    assert_eq!(app.incoming(&supplier, "").await.body["count"], 0);
}

#[tokio::test]
async fn an_unknown_type_is_422_with_an_error_url_and_nothing_is_stored() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let reply = app
        .call(
            Method::POST,
            "/v2/transactions",
            Some(&buyer.token),
            Some(&json!({"type": "LETTER", "content": order(&buyer, &supplier, "PO-1")})),
        )
        .await;
    assert_eq!(reply.status, 422);
    assert_eq!(reply.body["message"], "The given data was invalid.");
    assert_eq!(reply.error_paths(), ["type"]);
    let url = reply.body["errorUrl"].as_str().unwrap();
    assert!(url.starts_with(&format!("{}/portal/errors/", app.base)), "{url}");
    assert_eq!(app.all(&buyer, "").await.body["count"], 0);
    assert_eq!(app.incoming(&supplier, "").await.body["count"], 0);
}

#[tokio::test]
async fn the_error_url_opens_a_page_with_the_reason() {
    let app = TestApp::spawn().await;
    let (buyer, _) = app.trading_pair().await;
    let mut content = order(&buyer, &buyer, "PO-1");
    content["header"]["supplier"] = party("9999999999999");
    let reply = app.send(&buyer, DocumentType::Order, &content).await;
    assert_eq!(reply.status, 422);
    let mut browser = app.signed_in(&buyer, "ann@buyer.example").await;
    let page = browser.open(reply.body["errorUrl"].as_str().unwrap()).await;
    assert_eq!(page.status, 200);
    let html = page.html;
    assert!(html.contains("Could not resolve party using provided identifiers"), "{html}");
    assert!(html.contains("content.header.supplier"), "{html}");
    assert!(html.contains("PO-1"), "{html}");
    let unknown = browser.open(&format!("/portal/errors/{}", uuid::Uuid::now_v7())).await;
    assert_eq!(unknown.status, 404);
}

#[tokio::test]
async fn a_receiver_nobody_registered_is_422_on_the_receiver_party() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let mut content = order(&buyer, &supplier, "PO-1");
    content["header"]["supplier"] = party("9999999999999");
    let reply = app.send(&buyer, DocumentType::Order, &content).await;
    assert_eq!(reply.status, 422);
    assert_eq!(
        reply.body["errors"]["content.header.supplier"],
        json!(["Could not resolve party using provided identifiers"])
    );
}

#[tokio::test]
async fn a_sender_party_of_another_company_is_refused() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let other = app.company("Other", "4000000000099").await;
    let reply = app.send(&other, DocumentType::Order, &order(&buyer, &supplier, "PO-1")).await;
    assert_eq!(reply.status, 422);
    assert_eq!(reply.error_paths(), ["content.header.buyer"]);
    assert_eq!(app.incoming(&supplier, "").await.body["count"], 0);
}

#[tokio::test]
async fn identifiers_that_name_two_companies_are_refused() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let other = app.company("Other", "4000000000099").await;
    let mut content = order(&buyer, &supplier, "PO-1");
    content["header"]["supplier"]["identifiers"] =
        json!([{"domain": "GS1", "identifier": supplier.gln}, {"domain": "GS1", "identifier": other.gln}]);
    let reply = app.send(&buyer, DocumentType::Order, &content).await;
    assert_eq!(reply.status, 422);
    let message = &reply.body["errors"]["content.header.supplier"][0];
    assert!(message.as_str().unwrap().contains("different companies"), "{message}");
}

#[tokio::test]
async fn all_problems_of_a_document_are_reported_at_once() {
    let app = TestApp::spawn().await;
    let (buyer, _) = app.trading_pair().await;
    let content = json!({"header": {"buyer": party(&buyer.gln), "supplier": {"identifiers": []}}});
    let reply = app.send(&buyer, DocumentType::Order, &content).await;
    assert_eq!(reply.status, 422);
    assert_eq!(
        reply.error_paths(),
        [
            "content.header.orderDate",
            "content.header.orderIdentifier",
            "content.header.supplier.identifiers",
            "content.items"
        ]
    );
}

#[tokio::test]
async fn the_same_payload_twice_is_400_with_the_original_id() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let first = app.send(&buyer, DocumentType::Order, &order(&buyer, &supplier, "PO-1")).await;
    assert_eq!(first.status, 201);
    // The same document with its keys in another order and other spacing is the same payload.
    let content = order(&buyer, &supplier, "PO-1");
    let reordered = format!(
        r#"{{ "content": {{ "items": {},  "header": {} }}, "type": "ORDER" }}"#,
        content["items"], content["header"]
    );
    let second =
        app.call_raw(Method::POST, "/v2/transactions", &buyer.token, "application/json", reordered.into_bytes()).await;
    assert_eq!(second.status, 400, "{second:?}");
    assert_eq!(second.body["message"], "Payload already received");
    assert_eq!(second.body["procurosTransactionId"], first.id());
    assert!(second.body["errorUrl"].as_str().unwrap().contains("/portal/errors/"));
    assert_eq!(app.all(&buyer, "").await.body["count"], 1);
}

#[tokio::test]
async fn an_inactive_relationship_stores_the_document_as_dropped_with_202() {
    let app = TestApp::spawn().await;
    let buyer = app.company("Buyer", "4000000000001").await;
    let supplier = app.company("Supplier", "4000000000002").await;
    app.relate(&buyer, &supplier, &[DocumentType::Order], RelationshipState::Inactive).await;
    let reply = app.send(&buyer, DocumentType::Order, &order(&buyer, &supplier, "PO-1")).await;
    assert_eq!(reply.status, 202);
    assert_eq!(reply.body["message"], "Trade relationship not yet active.");
    assert_eq!(app.status_of(&buyer, &reply.id()).await, "DROPPED");
    assert_eq!(app.incoming(&supplier, "").await.body["count"], 0);
    assert_eq!(app.show(&supplier, &reply.id()).await.status, 404, "an undelivered document stays the sender's");
}

#[tokio::test]
async fn no_relationship_at_all_is_202_not_yet_active() {
    let app = TestApp::spawn().await;
    let buyer = app.company("Buyer", "4000000000001").await;
    let supplier = app.company("Supplier", "4000000000002").await;
    let reply = app.send(&buyer, DocumentType::Order, &order(&buyer, &supplier, "PO-1")).await;
    assert_eq!(reply.status, 202);
    assert_eq!(reply.body["message"], "Trade relationship not yet active.");
}

#[tokio::test]
async fn a_type_the_receiver_does_not_take_is_202_with_its_own_reason() {
    let app = TestApp::spawn().await;
    let buyer = app.company("Buyer", "4000000000001").await;
    let supplier = app.company("Supplier", "4000000000002").await;
    app.relate(&buyer, &supplier, &[DocumentType::SalesReport], RelationshipState::Active).await;
    let reply = app.send(&buyer, DocumentType::Order, &order(&buyer, &supplier, "PO-1")).await;
    assert_eq!(reply.status, 202);
    assert_eq!(reply.body["message"], "Receiver does not accept documents of this type.");
}

#[tokio::test]
async fn a_testing_relationship_delivers_in_test_flow() {
    let app = TestApp::spawn().await;
    let buyer = app.company("Buyer", "4000000000001").await;
    let supplier = app.company("Supplier", "4000000000002").await;
    app.relate(&buyer, &supplier, &[DocumentType::Order], RelationshipState::Testing).await;
    let reply = app.send(&buyer, DocumentType::Order, &order(&buyer, &supplier, "PO-1")).await;
    assert_eq!(reply.status, 201);
    let shown = app.show(&supplier, &reply.id()).await;
    assert_eq!(shown.body["data"]["flow"], "TEST");
    assert_eq!(shown.body["data"]["status"], "PENDING");
    assert_eq!(app.incoming(&supplier, "").await.item_ids(), [reply.id()]);
}

#[tokio::test]
async fn a_company_cannot_send_to_itself() {
    let app = TestApp::spawn().await;
    let (buyer, _) = app.trading_pair().await;
    let reply = app.send(&buyer, DocumentType::Order, &order(&buyer, &buyer, "PO-1")).await;
    assert_eq!(reply.status, 422);
    assert_eq!(reply.error_paths(), ["content.header.supplier"]);
}

#[tokio::test]
async fn a_body_without_type_and_content_names_both() {
    let app = TestApp::spawn().await;
    let (buyer, _) = app.trading_pair().await;
    let reply = app.call(Method::POST, "/v2/transactions", Some(&buyer.token), Some(&json!({}))).await;
    assert_eq!(reply.status, 422);
    assert_eq!(reply.error_paths(), ["content", "type"]);
    let array = app.call(Method::POST, "/v2/transactions", Some(&buyer.token), Some(&json!([1]))).await;
    assert_eq!(array.status, 422);
}

/// Content of `READ_APART_FROM` bytes or more is read list entry by list entry; it is refused,
/// stored and recognised again exactly as a small one is.
#[tokio::test]
async fn a_large_order_read_entry_by_entry_is_refused_stored_and_recognised_as_a_small_one() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let mut content = order(&buyer, &supplier, "PO-LARGE");
    let line = content["items"][0].clone();
    content["items"] = (1..=3000)
        .map(|number| {
            let mut item = line.clone();
            item["lineNumber"] = json!(number);
            item
        })
        .collect();
    assert!(content.to_string().len() > switchyard_documents::READ_APART_FROM);

    let mut broken = content.clone();
    broken["items"][2000]["quantity"] = json!("five");
    broken["items"][2999]["identifiers"] = json!({});
    let refused = app.send(&buyer, DocumentType::Order, &broken).await;
    assert_eq!(refused.status, 422, "{refused:?}");
    assert_eq!(refused.error_paths(), ["content.items.2000.quantity", "content.items.2999.identifiers"]);

    let mut repeated_line = content.clone();
    repeated_line["items"][1500]["lineNumber"] = json!(7);
    let refused = app.send(&buyer, DocumentType::Order, &repeated_line).await;
    assert_eq!(refused.status, 422, "{refused:?}");
    assert_eq!(
        refused.body["errors"]["content.items.1500.lineNumber"][0],
        "Line number 7 is used by more than one item."
    );

    let text = format!(r#"{{"type":"ORDER","content":{content}}}"#);
    let sent =
        app.call_raw(Method::POST, "/v2/transactions", &buyer.token, "application/json", text.into_bytes()).await;
    assert_eq!(sent.status, 201, "{sent:?}");
    let shown = app.show(&supplier, &sent.id()).await;
    assert!(shown.text.contains(&content.to_string()), "the large content was altered");

    let reordered = format!(
        r#"{{"type": "ORDER", "content": {{"items": {}, "header": {}}}}}"#,
        serde_json::to_string_pretty(&content["items"]).unwrap(),
        content["header"]
    );
    let again =
        app.call_raw(Method::POST, "/v2/transactions", &buyer.token, "application/json", reordered.into_bytes()).await;
    assert_eq!(again.status, 400, "{again:?}");
    assert_eq!(again.body["procurosTransactionId"], sent.id());
}
