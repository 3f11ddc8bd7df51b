//! People pages in headless Chromium: an admin invites someone (the mail arrives, its link sets
//! a password), changes a mail choice, and a member finds the admins' pages closed (403). A
//! user of another company opens every page of the portal with the first company's ids and
//! sees none of its data.

use serde_json::json;
use switchyard_documents::DocumentType;
use switchyard_network::model::Role;
use switchyard_testkit::smtp_sink::SmtpSink;
use switchyard_testkit::webdriver::Browser;

use crate::browser::PASSWORD;
use crate::helpers::{TestApp, order};
use crate::notifications::{app_mailing_to, text, to, worker_of};

async fn sign_in(app: &TestApp, browser: &Browser, email: &str, path: &str) {
    browser.open(&format!("{}{path}", app.base)).await;
    browser.submit_sign_in(email, PASSWORD).await;
    browser.wait_for_url_end(path).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_invites_someone_who_sets_a_password_and_a_member_finds_admin_pages_closed() {
    let sink = SmtpSink::start().await;
    let app = app_mailing_to(&sink.url()).await;
    let (_, supplier) = app.trading_pair().await;
    app.user(&supplier, "sam@supplier.example", Role::Admin).await;
    let browser = Browser::start(1280, 1000).await;
    sign_in(&app, &browser, "sam@supplier.example", "/portal/settings").await;

    browser.type_into("#invite-email", "nina@supplier.example").await;
    browser.click("#invite button").await;
    browser.wait_for_url("done=invited").await;
    assert!(browser.text().await.contains("The invitation is on its way by mail"));
    worker_of(&app).drain().await.unwrap();
    let mails = to(&sink.received(), "nina@supplier.example");
    assert_eq!(mails.len(), 1, "the invitation arrives");
    let mail = text(&mails[0]);
    let link = mail.split(&app.base).nth(1).and_then(|rest| rest.split_whitespace().next()).unwrap();
    assert!(link.starts_with("/portal/password/"), "{mail}");

    browser.click("#mail-choices input[name=incoming]").await;
    browser.click("#mail-choices button").await;
    browser.wait_for_url("done=mail").await;
    assert!(browser.source().await.contains("name=\"incoming\" checked"), "the choice is kept");
    browser.click("form[action='/portal/logout'] button").await;
    browser.wait_for_url("notice=signed-out").await;

    browser.open(&format!("{}{link}", app.base)).await;
    browser.type_into("#password", PASSWORD).await;
    browser.type_into("#repeat", PASSWORD).await;
    browser.click("form.stacked button[type=submit]").await;
    browser.wait_for_url("notice=password-set").await;
    sign_in(&app, &browser, "nina@supplier.example", "/portal/connections").await;
    let text = browser.text().await;
    assert!(text.contains("Only admins can see the connections"), "a member is told: {text}");
    assert!(!browser.source().await.contains("href=\"/portal/connections\""), "and gets no link to it");
    browser.open(&format!("{}/portal/audit", app.base)).await;
    assert!(browser.text().await.contains("Only admins can read the audit log"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_of_another_company_sees_nothing_of_a_company_on_any_page() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let outsider = app.company("Outsider AG", "4000000000003").await;
    app.user(&outsider, "olga@outsider.example", Role::Admin).await;
    let id = app.send(&buyer, DocumentType::Order, &order(&buyer, &supplier, "PO-SECRET")).await.id();
    let marked = app.mark(&supplier, &id, &json!({"success": false, "errorReason": "Secret reason"})).await;
    let error_url = marked.body["data"]["errorUrl"].as_str().unwrap().to_owned();
    let browser = Browser::start(1280, 1000).await;
    sign_in(&app, &browser, "olga@outsider.example", "/portal").await;
    let pages = [
        "/portal".to_owned(),
        "/portal/transactions?number=PO-SECRET".to_owned(),
        format!("/portal/transactions?partner={}", supplier.id),
        format!("/portal/transactions/{id}"),
        format!("/portal/transactions/{id}/json"),
        "/portal/transactions.csv?number=PO-SECRET".to_owned(),
        error_url.trim_start_matches(&app.base).to_owned(),
        format!("/portal/errors?partner={}", supplier.id),
        "/portal/partners".to_owned(),
        "/portal/identifiers".to_owned(),
        "/portal/connections".to_owned(),
        "/portal/audit".to_owned(),
        "/portal/settings".to_owned(),
    ];
    for page in pages {
        browser.open(&format!("{}{page}", app.base)).await;
        let source = browser.source().await;
        // What the address itself names (a number searched for, an id) may be echoed back.
        let secrets = ["PO-SECRET", "Secret reason", &supplier.name, &buyer.name, &supplier.gln, &id];
        for secret in secrets.into_iter().filter(|secret| !page.contains(*secret)) {
            assert!(!source.contains(secret), "{page} shows {secret}: {source}");
        }
    }
}
