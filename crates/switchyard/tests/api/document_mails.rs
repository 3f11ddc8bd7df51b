//! Mails of documents, for the people who asked for them in the portal: each order that
//! arrives for the supplier, and each order of the buyer that the supplier's ERP imported, one
//! mail per batch; nothing for the documents that failed (those are issues), nothing for who
//! did not ask, nothing once turned off.

use serde_json::json;
use switchyard_documents::DocumentType;
use switchyard_network::model::Role;
use switchyard_testkit::smtp_sink::SmtpSink;

use crate::browser::{Browser, PASSWORD};
use crate::helpers::order;
use crate::notifications::{app_mailing_to, deliver_batches, text, to, worker_of};

async fn signed_in(app: &crate::helpers::TestApp, email: &str) -> Browser {
    let mut browser = Browser::new(&app.base);
    browser.sign_in("/portal/settings", email, PASSWORD).await;
    browser
}

/// Saves a signed-in user's mail choices as the settings page's form does.
async fn choose_mails(browser: &mut Browser, choices: &[&str]) {
    let csrf = browser.open("/portal/settings").await.csrf();
    let mut fields = vec![("csrf", csrf.as_str())];
    fields.extend(choices.iter().map(|choice| (*choice, "on")));
    let saved = browser.post("/portal/settings/mail", &fields).await;
    assert_eq!(saved.location.as_deref(), Some("/portal/settings?done=mail"), "{saved:?}");
}

/// Whom the document's story says a mail told of it, as `party` sees the story.
async fn notified(app: &crate::helpers::TestApp, party: &crate::helpers::Party, id: &str) -> Vec<String> {
    let path = format!("/v2/all-transactions/{id}/events");
    let reply = app.call(reqwest::Method::GET, &path, Some(&party.token), None).await;
    let entries = reply.body["data"].as_array().unwrap().clone();
    let told = entries.into_iter().filter(|entry| entry["type"] == "notified");
    told.map(|entry| entry["detail"]["to"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn people_who_asked_hear_of_each_arriving_and_each_imported_document() {
    let sink = SmtpSink::start().await;
    let app = app_mailing_to(&sink.url()).await;
    let (buyer, supplier) = app.trading_pair().await;
    app.user(&supplier, "admin@supplier.example", Role::Admin).await;
    app.user(&supplier, "orders@supplier.example", Role::Member).await;
    app.user(&buyer, "purchasing@buyer.example", Role::Member).await;
    let mut orders_desk = signed_in(&app, "orders@supplier.example").await;
    choose_mails(&mut orders_desk, &["issues", "incoming"]).await;
    let shown = orders_desk.open("/portal/settings").await.html;
    assert!(shown.contains("name=\"incoming\" checked") && !shown.contains("name=\"sent\" checked"), "{shown}");
    choose_mails(&mut signed_in(&app, "purchasing@buyer.example").await, &["sent"]).await;

    let imported = app.send(&buyer, DocumentType::Order, &order(&buyer, &supplier, "PO-61")).await.id();
    let refused = app.send(&buyer, DocumentType::Order, &order(&buyer, &supplier, "PO-62")).await.id();
    app.mark(&supplier, &imported, &json!({"success": true})).await;
    app.mark(&supplier, &refused, &json!({"success": false, "errorReason": "Customer blocked"})).await;
    assert!(sink.received().is_empty(), "nothing goes out inside the requests");
    let worker = worker_of(&app);
    deliver_batches(&worker).await;

    let received = sink.received();
    let arrivals = to(&received, "orders@supplier.example");
    assert_eq!(arrivals.len(), 1, "both arrivals in one mail: {received:?}");
    let mail = text(&arrivals[0]);
    assert!(mail.contains("Subject: New order PO-61 from Buyer Ltd and 1 more"), "{mail}");
    assert!(mail.contains("New order PO-62 from Buyer Ltd") && mail.contains(&imported), "{mail}");
    assert!(mail.contains(&format!("{}/portal/settings", app.base)), "where to turn it off: {mail}");
    assert!(mail.contains(&format!("{}/portal/transactions/{imported}", app.base)), "each document's page: {mail}");
    let confirmations = to(&received, "purchasing@buyer.example");
    assert_eq!(confirmations.len(), 1, "{received:?}");
    let mail = text(&confirmations[0]);
    assert!(mail.contains("Subject: Supplier GmbH imported your order PO-61"), "{mail}");
    assert!(!mail.contains("PO-62"), "a failed document is an issue, not a success: {mail}");
    let admin = to(&received, "admin@supplier.example");
    assert_eq!(admin.len(), 1, "the admin asked for no document mails, only hears of the error");
    assert!(text(&admin[0]).contains("could not import the order PO-62"));

    // Each mail is in the story of the documents it told of, for the mailed company alone.
    let supplier_told = notified(&app, &supplier, &refused).await;
    let both = ["orders@supplier.example", "admin@supplier.example"];
    assert!(both.iter().all(|to| supplier_told.iter().any(|told| told == to)), "{supplier_told:?}");
    assert_eq!(notified(&app, &buyer, &imported).await, ["purchasing@buyer.example"], "the buyer's own mail only");

    choose_mails(&mut orders_desk, &["issues"]).await;
    app.send(&buyer, DocumentType::Order, &order(&buyer, &supplier, "PO-63")).await.id();
    deliver_batches(&worker).await;
    assert_eq!(to(&sink.received(), "orders@supplier.example").len(), 1, "no more once turned off");
    assert_eq!(sink.received().len(), received.len(), "and nobody else is told");
}
