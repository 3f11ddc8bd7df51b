//! The full story of every document type between two companies: sent from the reference's own
//! example, routed by the party the routing table names, listed, marked both ways.

use serde_json::{Value, json};
use switchyard_documents::DocumentType;
use switchyard_network::model::RelationshipState;

use crate::helpers::{Party, TestApp, party};
use switchyard_testkit::reference;

/// The routing table of api-behaviour.md: (type, example name, sender party, receiver party,
/// business number field). Written out here so that the code's own table is checked against it.
pub const STORIES: [(DocumentType, &str, &str, &str, &str); 12] = [
    (DocumentType::Order, "Order", "buyer", "supplier", "orderIdentifier"),
    (DocumentType::OrderResponse, "Order Response | ACCEPT", "supplier", "buyer", "orderResponseIdentifier"),
    (DocumentType::ShippingNotice, "Shipping Notice", "supplier", "buyer", "shippingNoticeIdentifier"),
    (DocumentType::Invoice, "Invoice", "supplier", "buyer", "invoiceIdentifier"),
    (DocumentType::CreditNote, "CreditNote", "supplier", "buyer", "creditNoteIdentifier"),
    (DocumentType::DispatchInstruction, "DispatchInstruction", "supplier", "shipFrom", "shipmentIdentifier"),
    (
        DocumentType::DispatchInstructionResponse,
        "DispatchInstructionResponse",
        "shipFrom",
        "supplier",
        "shippingNoticeIdentifier",
    ),
    (DocumentType::ReceivalNotice, "ReceivalNotice", "customer", "supplier", "receivalAdviceNumber"),
    (DocumentType::RemittanceAdvice, "RemittanceAdvice", "payFrom", "payTo", "adviceNumber"),
    (DocumentType::ProductCatalog, "ProductCatalog", "sender", "receiver", "catalogNumber"),
    (DocumentType::InventoryReport, "InventoryReport", "warehouse", "goodsOwner", "inventoryReportIdentifier"),
    (DocumentType::SalesReport, "SalesReport", "buyer", "supplier", "salesReportIdentifier"),
];

/// The content of the reference's example `name`. Tests that call it first skip themselves
/// when the reference is absent (`reference::or_skip`).
pub fn example_content(name: &str) -> Value {
    let reference = reference::document().expect("the reference (tests check reference::or_skip first)");
    let content = &reference::request_examples(reference)[name]["value"]["content"];
    assert!(content.is_object(), "the reference has no example {name}");
    content.clone()
}

/// The example of `name`, sent from `sender` to `receiver` with the business number `number`.
fn document(name: &str, roles: (&str, &str, &str), sender: &Party, receiver: &Party, number: &str) -> Value {
    let mut content = example_content(name);
    let header = content["header"].as_object_mut().expect("a header");
    // Only the two routing parties name companies; every other party is a location of theirs
    // or a third party, and must not get in the way of routing.
    for key in ["technicalSender", "technicalRecipient"] {
        header.remove(key);
    }
    header.insert(roles.0.into(), party(&sender.gln));
    header.insert(roles.1.into(), party(&receiver.gln));
    header.insert(roles.2.into(), json!(number));
    content
}

#[tokio::test]
async fn every_type_travels_from_its_sender_to_its_receiver_and_back() {
    if reference::or_skip().is_none() {
        return;
    }
    let app = TestApp::spawn().await;
    let (a, b) = app.trading_pair().await;
    for (kind, name, sender_key, receiver_key, number_key) in STORIES {
        let roles = (sender_key, receiver_key, number_key);
        let story = format!("{kind} ({sender_key} -> {receiver_key})");
        let sent = app.send(&a, kind, &document(name, roles, &a, &b, "N-1")).await;
        assert_eq!(sent.status, 201, "{story}: {sent:?}");
        let id = sent.id();
        let queue = app.incoming(&b, &format!("?filter[type]={kind}")).await;
        assert_eq!(queue.item_ids(), [id.as_str()], "{story}");
        assert_eq!(queue.body["items"][0]["content"]["header"][number_key], "N-1", "{story}");
        assert_eq!(app.mark(&b, &id, &json!({"success": true})).await.status, 200, "{story}");
        assert_eq!(app.status_of(&a, &id).await, "SUCCESS", "{story}");

        let failed = app.send(&a, kind, &document(name, roles, &a, &b, "N-2")).await.id();
        let reply = app.mark(&b, &failed, &json!({"success": false, "errorReason": "cannot import"})).await;
        assert!(reply.body["data"]["errorUrl"].is_string(), "{story}");
        assert_eq!(app.status_of(&a, &failed).await, "FAILED", "{story}");

        let reverse = app.send(&b, kind, &document(name, roles, &b, &a, "N-3")).await;
        assert_eq!(reverse.status, 201, "{story} in the other direction: {reverse:?}");
        assert_eq!(app.incoming(&a, &format!("?filter[type]={kind}")).await.item_ids(), [reverse.id()], "{story}");
        app.mark(&a, &reverse.id(), &json!({"success": true})).await;
    }
    let all = app.all(&a, "?per_page=100").await;
    assert_eq!(all.body["count"], 36);
}

#[tokio::test]
async fn every_type_is_versioned_by_its_business_number() {
    if reference::or_skip().is_none() {
        return;
    }
    let app = TestApp::spawn().await;
    let (a, b) = app.trading_pair().await;
    for (kind, name, sender_key, receiver_key, number_key) in STORIES {
        let roles = (sender_key, receiver_key, number_key);
        let first = app.send(&a, kind, &document(name, roles, &a, &b, "V-1")).await.id();
        let mut changed = document(name, roles, &a, &b, "V-1");
        changed["header"]["comments"] = json!("second thoughts");
        let second = app.send(&a, kind, &changed).await;
        assert_eq!(second.status, 201, "{kind}: {second:?}");
        let queue = app.incoming(&b, &format!("?filter[type]={kind}")).await;
        assert_eq!(queue.item_ids(), [second.id()], "{kind}: only the latest version waits");
        assert_eq!(queue.body["items"][0]["replacesProcurosTransactionId"], first.as_str(), "{kind}");
        assert_eq!(app.status_of(&a, &first).await, "DROPPED", "{kind}");
    }
}

#[tokio::test]
async fn every_type_follows_the_relationship_state() {
    if reference::or_skip().is_none() {
        return;
    }
    let app = TestApp::spawn().await;
    let sender = app.company("Sender", "4000000000001").await;
    let tester = app.company("Tester", "4000000000002").await;
    let sleeper = app.company("Sleeper", "4000000000003").await;
    app.relate(&sender, &tester, &DocumentType::ALL, RelationshipState::Testing).await;
    app.relate(&sender, &sleeper, &DocumentType::ALL, RelationshipState::Inactive).await;
    for (kind, name, sender_key, receiver_key, number_key) in STORIES {
        let roles = (sender_key, receiver_key, number_key);
        let delivered = app.send(&sender, kind, &document(name, roles, &sender, &tester, "T-1")).await;
        assert_eq!(delivered.status, 201, "{kind}: {delivered:?}");
        let shown = app.show(&tester, &delivered.id()).await.body["data"].clone();
        assert_eq!((shown["flow"].as_str(), shown["status"].as_str()), (Some("TEST"), Some("PENDING")), "{kind}");

        let dropped = app.send(&sender, kind, &document(name, roles, &sender, &sleeper, "D-1")).await;
        assert_eq!(dropped.status, 202, "{kind}: {dropped:?}");
        assert_eq!(dropped.body["message"], "Trade relationship not yet active.");
        assert_eq!(app.status_of(&sender, &dropped.id()).await, "DROPPED", "{kind}");
    }
    assert_eq!(app.incoming(&tester, "").await.body["count"], 12);
    assert_eq!(app.incoming(&sleeper, "").await.body["count"], 0);
}

#[tokio::test]
async fn a_document_naming_the_wrong_party_as_sender_is_refused() {
    if reference::or_skip().is_none() {
        return;
    }
    let app = TestApp::spawn().await;
    let (a, b) = app.trading_pair().await;
    // An invoice is sent by the supplier: `a` named as buyer cannot send it to `b`.
    let content = document("Invoice", ("buyer", "supplier", "invoiceIdentifier"), &a, &b, "IV-1");
    let reply = app.send(&a, DocumentType::Invoice, &content).await;
    assert_eq!(reply.status, 422);
    assert_eq!(reply.error_paths(), ["content.header.buyer", "content.header.supplier"]);
}
