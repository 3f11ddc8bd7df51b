//! Webhooks in the portal, in headless Chromium: an admin adds an endpoint on the connections
//! page and sees its secret once, follows what became of its messages, turns it off and on and
//! removes it; every change is in the audit log. Photographed into `$PORTAL_SCREENSHOTS` when set.

use switchyard_documents::DocumentType;
use switchyard_network::model::Role;
use switchyard_testkit::webdriver::Browser;
use switchyard_testkit::webhook_sink::WebhookSink;

use crate::browser::PASSWORD;
use crate::helpers::order;
use crate::webhooks::{app_allowing_private_targets, deliver_webhooks, signed_by};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_adds_a_webhook_follows_its_messages_and_turns_it_off() {
    let app = app_allowing_private_targets().await;
    let (buyer, supplier) = app.trading_pair().await;
    app.user(&supplier, "sam@supplier.example", Role::Admin).await;
    let sink = WebhookSink::start().await;
    let shots = std::env::var("PORTAL_SCREENSHOTS").ok().map(std::path::PathBuf::from);
    let browser = Browser::start(1280, 1400).await;
    browser.open(&format!("{}/portal/connections", app.base)).await;
    browser.submit_sign_in("sam@supplier.example", PASSWORD).await;
    browser.wait_for_url_end("/portal/connections").await;
    assert!(browser.text().await.contains("has no webhook"));
    assert_eq!(browser.eval("return document.title;").await, "Connections · Switchyard");

    browser.type_into("#webhook-url", &sink.url("/hooks/switchyard")).await;
    browser.type_into("#webhook-description", "ERP import").await;
    browser.click("input[name='transaction.received']").await;
    browser.click("#add-webhook button").await;
    browser.wait_for_url("/portal/connections/webhooks/new").await;
    let text = browser.text().await;
    let secret = text.split("Secret of ").nth(1).and_then(|rest| rest.split_whitespace().nth(1)).unwrap().to_owned();
    assert!(secret.starts_with("whsec_") && text.contains("not shown again"), "{text}");

    app.send(&buyer, DocumentType::Order, &order(&buyer, &supplier, "PO-1")).await;
    deliver_webhooks(&app).await;
    assert!(signed_by(&sink.received()[0], &secret), "the secret the page showed signs the messages");
    sink.answer_with(503);
    app.send(&buyer, DocumentType::Order, &order(&buyer, &supplier, "PO-2")).await;
    deliver_webhooks(&app).await;
    browser.open(&format!("{}/portal/connections", app.base)).await;
    let text = browser.text().await;
    assert!(!text.contains(&secret), "the secret is not shown again");
    assert!(text.contains("Delivered on the first try."), "{text}");
    assert!(text.contains("Not delivered yet: tried once, again at") && text.contains("answered 503"), "{text}");
    assert!(text.contains("Failing since"), "{text}");
    if let Some(dir) = &shots {
        browser.run("document.getElementById('webhooks').scrollIntoView();").await;
        browser.screenshot(&dir.join("connections-webhooks.png")).await;
    }

    browser.click("form[action$='/off'] button").await;
    browser.wait_for_url("done=webhook-off").await;
    assert!(browser.text().await.contains("Off: nothing is sent to it"));
    browser.click("form[action$='/on'] button").await;
    browser.wait_for_url("done=webhook-on").await;
    assert!(browser.text().await.contains("Works"), "turned on again, its failures are forgotten");
    browser.click("form[action$='/remove'] button").await;
    browser.wait_for_url("done=webhook-removed").await;
    assert!(browser.text().await.contains("has no webhook"));

    browser.open(&format!("{}/portal/audit", app.base)).await;
    let log = browser.text().await;
    let lines = ["Added the webhook", "Changed the webhook", "Removed the webhook"];
    assert!(lines.iter().all(|line| log.contains(line)), "{log}");
}
