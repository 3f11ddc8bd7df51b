//! Working errors in the portal: delivering a failed document again, discarding it, marking an
//! error resolved; each shown on the page afterwards and seen by the API as it should be.

use serde_json::json;
use switchyard_documents::DocumentType;

use crate::browser::Browser;
use crate::helpers::{Party, TestApp, order};

/// An order from `buyer` that `supplier`'s ERP reported as failed, and its error's address.
async fn failed_order(app: &TestApp, buyer: &Party, supplier: &Party, number: &str) -> (String, String) {
    let id = app.send(buyer, DocumentType::Order, &order(buyer, supplier, number)).await.id();
    let report = json!({"success": false, "errorReason": "Article 4300348765433 is not in the ERP"});
    let marked = app.mark(supplier, &id, &report).await;
    (id, marked.body["data"]["errorUrl"].as_str().unwrap().to_owned())
}

async fn press(browser: &mut Browser, error_url: &str, action: &str, fields: &[(&str, &str)]) -> crate::browser::Page {
    let page = browser.open(error_url).await;
    let csrf = page.csrf();
    let path =
        format!("{}/{action}", error_url.split_once("/portal").map(|(_, rest)| format!("/portal{rest}")).unwrap());
    let mut all = vec![("csrf", csrf.as_str())];
    all.extend_from_slice(fields);
    let answer = browser.post(&path, &all).await;
    assert_eq!(answer.status, 303, "{answer:?}");
    browser.open(answer.location.as_deref().unwrap()).await
}

#[tokio::test]
async fn a_document_delivered_again_returns_to_the_queue_and_its_success_resolves_the_error() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let (id, error_url) = failed_order(&app, &buyer, &supplier, "PO-11").await;
    let mut browser = app.signed_in(&supplier, "sam@supplier.example").await;
    let page = browser.open(&error_url).await;
    assert!(
        page.html.contains("Supplier GmbH&#39;s ERP could not import the order PO-11 from Buyer Ltd"),
        "{}",
        page.html
    );
    assert!(page.html.contains("Deliver again"));
    assert!(page.html.contains("1 error needs your company"), "the banner: {}", page.html);

    let after = press(&mut browser, &error_url, "deliver-again", &[]).await;
    assert!(after.html.contains("back in the receiver&#39;s queue"), "{}", after.html);
    assert!(after.html.contains("sam@supplier.example delivered it again"), "in the story: {}", after.html);
    assert!(!after.html.contains(">Deliver again</button>"), "once: {}", after.html);
    assert_eq!(app.incoming(&supplier, "").await.item_ids(), vec![id.clone()], "back in the API's queue");
    assert_eq!(app.status_of(&supplier, &id).await, "PENDING");

    assert_eq!(app.mark(&supplier, &id, &json!({"success": true})).await.status, 200);
    let resolved = browser.open(&error_url).await;
    assert!(resolved.html.contains("when the ERP processed the document"), "{}", resolved.html);
    assert!(!resolved.html.contains("error needs your company"), "no banner once resolved");
}

#[tokio::test]
async fn a_document_failing_again_after_delivery_reopens_the_same_error() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let (id, error_url) = failed_order(&app, &buyer, &supplier, "PO-12").await;
    let mut browser = app.signed_in(&supplier, "sam@supplier.example").await;
    press(&mut browser, &error_url, "deliver-again", &[]).await;
    let again = app.mark(&supplier, &id, &json!({"success": false, "errorReason": "still unknown"})).await;
    assert_eq!(again.body["data"]["errorUrl"], error_url.as_str(), "the same error");
    let page = browser.open(&error_url).await;
    assert!(page.html.contains("class=\"state open\""), "open again: {}", page.html);
    assert!(page.html.contains(">Deliver again</button>"), "and can be delivered again");
}

#[tokio::test]
async fn a_discarded_document_is_dropped_for_both_companies_with_its_reason() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let (id, error_url) = failed_order(&app, &buyer, &supplier, "PO-13").await;
    let mut browser = app.signed_in(&supplier, "sam@supplier.example").await;
    let page = browser.open(&error_url).await;
    let csrf = page.csrf();
    let path = error_url.strip_prefix(&app.base).unwrap().to_owned();
    let without_reason = browser.post(&format!("{path}/discard"), &[("csrf", &csrf), ("reason", " ")]).await;
    assert_eq!(without_reason.status, 422, "a reason is needed");
    let after = press(&mut browser, &error_url, "discard", &[("reason", "<b>ordered by mistake</b>")]).await;
    assert!(
        after.html.contains("&#60;b&#62;ordered by mistake") || after.html.contains("&lt;b&gt;ordered"),
        "{}",
        after.html
    );
    assert_eq!(app.status_of(&supplier, &id).await, "DROPPED");
    assert_eq!(app.status_of(&buyer, &id).await, "DROPPED", "the sender's API sees it too");
    assert_eq!(app.incoming(&supplier, "").await.body["count"], 0);

    let mut sender = app.signed_in(&buyer, "bea@buyer.example").await;
    let seen = sender.open(&error_url).await;
    assert_eq!(seen.status, 200, "the partner sees the error of its document");
    assert!(
        seen.html.contains("ordered by mistake") && seen.html.contains("Nothing more needs to be done"),
        "{}",
        seen.html
    );
    assert!(!seen.html.contains("<button type=\"submit\" class=\"secondary\">Mark resolved"), "but does not act on it");
}

#[tokio::test]
async fn an_error_is_marked_resolved_with_a_comment_and_listed_by_state() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let (_, first) = failed_order(&app, &buyer, &supplier, "PO-14").await;
    let (_, second) = failed_order(&app, &buyer, &supplier, "PO-15").await;
    let mut browser = app.signed_in(&supplier, "sam@supplier.example").await;
    let list = browser.open("/portal/errors").await;
    assert!(list.html.contains("order PO-14") && list.html.contains("order PO-15"), "{}", list.html);
    assert!(list.html.contains("2 errors need your company"));

    let after = press(&mut browser, &first, "resolve", &[("comment", "booked by hand")]).await;
    assert!(after.html.contains("by sam@supplier.example") && after.html.contains("booked by hand"), "{}", after.html);
    let open = browser.open("/portal/errors?state=open").await;
    assert!(open.html.contains("order PO-15") && !open.html.contains("order PO-14"), "{}", open.html);
    let resolved = browser.open("/portal/errors?state=resolved").await;
    assert!(resolved.html.contains("order PO-14") && !resolved.html.contains("order PO-15"));
    let _ = second;

    let csrf = after.csrf();
    let path = first.strip_prefix(&app.base).unwrap().to_owned();
    let twice = browser.post(&format!("{path}/resolve"), &[("csrf", &csrf)]).await;
    assert_eq!(twice.status, 409);
    assert!(twice.html.contains("resolved already"), "{}", twice.html);
    let forged = browser.post(&format!("{path}/resolve"), &[("csrf", "nope")]).await;
    assert_eq!(forged.status, 403);
    let empty_list = app.signed_in(&buyer, "bea@buyer.example").await.open("/portal/errors").await;
    assert!(!empty_list.html.contains("order PO-15"), "another company's list does not show them");
}
