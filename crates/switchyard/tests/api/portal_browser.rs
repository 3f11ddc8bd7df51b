//! The portal in headless Chromium against the real server, as people use it: follow an
//! `errorUrl` through the sign-in, deliver again, discard, resolve; another company's user
//! gets 404; a form whose CSRF token was tampered with is refused; sign out. The pages are
//! photographed on the way (into `$PORTAL_SCREENSHOTS` when set, as docs/portal.md uses).

use std::path::PathBuf;

use serde_json::json;
use switchyard_documents::DocumentType;
use switchyard_network::model::Role;
use switchyard_testkit::webdriver::Browser;

use crate::browser::PASSWORD;
use crate::helpers::{Party, TestApp, order};

fn screenshot_dir() -> (PathBuf, Option<tempfile::TempDir>) {
    if let Ok(dir) = std::env::var("PORTAL_SCREENSHOTS") {
        (PathBuf::from(dir), None)
    } else {
        let dir = tempfile::tempdir().unwrap();
        (dir.path().to_path_buf(), Some(dir))
    }
}

async fn failed(app: &TestApp, buyer: &Party, supplier: &Party, number: &str, reason: &str) -> (String, String) {
    let id = app.send(buyer, DocumentType::Order, &order(buyer, supplier, number)).await.id();
    let marked = app.mark(supplier, &id, &json!({"success": false, "errorReason": reason})).await;
    (id, marked.body["data"]["errorUrl"].as_str().unwrap().to_owned())
}

/// Signs in on the sign-in page the browser is at, and waits to be sent on to `next` (a whole
/// address, which the sign-in page's own address, naming it, does not end with).
async fn sign_in(browser: &Browser, email: &str, next: &str) {
    browser.submit_sign_in(email, PASSWORD).await;
    browser.wait_for_url_end(next).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn people_follow_an_error_url_sign_in_and_work_the_error_in_a_browser() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    app.user(&supplier, "sam@supplier.example", Role::Admin).await;
    app.user(&supplier, "max@supplier.example", Role::Member).await;
    app.user(&buyer, "bea@buyer.example", Role::Admin).await;
    let outsider = app.company("Outsider AG", "4000000000003").await;
    app.user(&outsider, "olga@outsider.example", Role::Admin).await;
    let (id, error_url) = failed(&app, &buyer, &supplier, "PO-4711", "Article 4300348765433 is not in the ERP").await;
    let (discarded_id, discard_url) =
        failed(&app, &buyer, &supplier, "PO-4712", "<script>alert(1)</script> customer blocked").await;
    let (_, resolve_url) = failed(&app, &buyer, &supplier, "PO-4713", "Price differs from the agreed list").await;
    let (shots, _keep) = screenshot_dir();
    let browser = Browser::start(1280, 1000).await;

    browser.open(&error_url).await;
    assert!(browser.current_url().await.contains("/portal/login?next="), "{}", browser.current_url().await);
    browser.screenshot(&shots.join("login.png")).await;
    sign_in(&browser, "sam@supplier.example", &error_url).await;
    assert_eq!(browser.current_url().await, error_url, "back at the error after signing in");
    let text = browser.text().await;
    assert!(text.contains("Supplier GmbH's ERP could not import the order PO-4711 from Buyer Ltd"), "{text}");
    assert!(text.contains("3 errors need your company's attention"), "the banner: {text}");
    browser.screenshot(&shots.join("error.png")).await;

    browser.click("form[action$='/deliver-again'] button").await;
    browser.wait_for_url("done=delivered").await;
    let text = browser.text().await;
    assert!(
        text.contains("back in the receiver's queue") && text.contains("sam@supplier.example delivered it again"),
        "{text}"
    );
    assert_eq!(app.incoming(&supplier, "").await.item_ids(), vec![id.clone()]);

    browser.open(&discard_url).await;
    assert!(browser.text().await.contains("<script>alert(1)</script> customer blocked"), "shown as text");
    browser.type_into("#reason", "Order placed twice by mistake").await;
    browser.click("form[action$='/discard'] button").await;
    browser.wait_for_url("done=discarded").await;
    let text = browser.text().await;
    assert!(text.contains("discarded it: “Order placed twice by mistake”"), "{text}");
    assert_eq!(app.status_of(&supplier, &discarded_id).await, "DROPPED");
    the_document_page_says_why_it_was_discarded(&browser, &discarded_id).await;

    browser.open(&resolve_url).await;
    browser.type_into("#comment", "Price corrected in the ERP by hand").await;
    browser.click("form[action$='/resolve'] button").await;
    browser.wait_for_url("done=resolved").await;
    let text = browser.text().await;
    assert!(text.contains("Resolved") && text.contains("Price corrected in the ERP by hand"), "{text}");
    browser.screenshot(&shots.join("error-resolved.png")).await;

    browser.open(&format!("{}/portal/errors", app.base)).await;
    let text = browser.text().await;
    assert!(
        text.contains("order PO-4711") && text.contains("order PO-4712") && text.contains("order PO-4713"),
        "{text}"
    );
    browser.screenshot(&shots.join("errors.png")).await;
    browser.open(&format!("{}/portal/settings", app.base)).await;
    browser.screenshot(&shots.join("settings.png")).await;
    browser.click("nav a[href='/portal/identifiers']").await;
    browser.wait_for_url("/portal/identifiers").await;
    let text = browser.text().await;
    assert!(text.contains(&supplier.gln) && text.contains("GS1"), "the company's own identifiers: {text}");
    assert!(!text.contains(&buyer.gln) && !text.contains(&outsider.gln), "and no one else's: {text}");
    browser.screenshot(&shots.join("identifiers.png")).await;
    browser.click("nav a[href='/portal/connections']").await;
    browser.wait_for_url("/portal/connections").await;
    let text = browser.text().await;
    let hint: String = supplier.token.chars().take(7).collect();
    assert!(text.contains(&hint) && text.contains("Everything") && text.contains("Works until revoked"), "{text}");
    assert!(!text.contains(&supplier.token), "a token's secret is never shown: {text}");
    browser.screenshot(&shots.join("connections.png")).await;

    // A form whose token was changed, as a forged one would be, is refused.
    let (_, tampered_url) = failed(&app, &buyer, &supplier, "PO-4714", "Unknown unit").await;
    browser.open(&tampered_url).await;
    browser.run("document.querySelectorAll('input[name=csrf]').forEach(input => input.value = 'forged');").await;
    browser.click("form[action$='/resolve'] button").await;
    browser.wait_for_url("/resolve").await;
    assert!(browser.text().await.contains("This form has expired"));

    browser.open(&format!("{}/portal/errors", app.base)).await;
    browser.click("form[action='/portal/logout'] button").await;
    browser.wait_for_url("notice=signed-out").await;
    assert!(browser.text().await.contains("You are signed out."));
    browser.open(&error_url).await;
    assert!(browser.current_url().await.contains("/portal/login?next="), "signed out means signed out");

    sign_in(&browser, "olga@outsider.example", &error_url).await;
    let text = browser.text().await;
    assert!(text.contains("Error not found"), "another company's user gets the 404 page: {text}");
    rotate_and_revoke_a_token(&app, &browser, &outsider, &supplier, &shots).await;
    browser.delete_cookies().await;

    let phone = Browser::start(390, 844).await;
    phone.open(&error_url).await;
    sign_in(&phone, "bea@buyer.example", &error_url).await;
    let text = phone.text().await;
    assert!(
        text.contains("Nothing to do now: the order PO-4711 is back in Supplier GmbH's queue"),
        "the sender's side: {text}"
    );
    phone.screenshot(&shots.join("error-phone.png")).await;
}

/// From a discarded document's error page to the document's page, which says why.
async fn the_document_page_says_why_it_was_discarded(browser: &Browser, discarded_id: &str) {
    browser.click("#document-page").await;
    browser.wait_for_url(&format!("/portal/transactions/{discarded_id}")).await;
    let text = browser.text().await;
    assert!(
        text.contains("Not delivered")
            && text.contains("discarded it: “Order placed twice by mistake”. It will not be processed."),
        "the document's page tells why: {text}"
    );
    assert!(text.contains("An error was opened for Supplier GmbH"), "and links its error: {text}");
}

/// As an admin of `own` at the connections page: rotating a token answers the new secret once,
/// the API refuses the old one at once and takes the new one; revoking it refuses it too. A form
/// naming a token of `other` finds nothing.
async fn rotate_and_revoke_a_token(
    app: &TestApp,
    browser: &Browser,
    own: &Party,
    other: &Party,
    shots: &std::path::Path,
) {
    let ping =
        |token: String| async move { app.call(reqwest::Method::GET, "/v2/ping", Some(&token), None).await.status };
    browser.open(&format!("{}/portal/connections", app.base)).await;
    let other_company = app.hub().company(&other.name).await.unwrap();
    let other_token = app.hub().list_tokens(&other_company).await.unwrap()[0].id;
    let forged = format!(
        "document.querySelector(\"form[action$='/rotate']\").action = '/portal/connections/{other_token}/rotate';"
    );
    browser.run(&forged).await;
    browser.click("form[action$='/rotate'] button").await;
    browser.wait_for_url(&format!("{other_token}/rotate")).await;
    assert!(browser.text().await.contains("Token not found"), "another company's token is not found");
    assert_eq!(ping(other.token.clone()).await, 204, "and keeps working");

    browser.open(&format!("{}/portal/connections", app.base)).await;
    browser.click("form[action$='/rotate'] button").await;
    browser.wait_for_url("/rotate").await;
    let text = browser.text().await;
    let secret =
        text.split("New token of ERP: ").nth(1).and_then(|rest| rest.split_whitespace().next()).unwrap().to_owned();
    assert!(secret.starts_with("sy_") && text.contains("not shown again"), "{text}");
    assert_eq!(ping(own.token.clone()).await, 401, "the old token is refused right after");
    assert_eq!(ping(secret.clone()).await, 204, "the new one works");
    browser.screenshot(&shots.join("connections-rotated.png")).await;

    browser.open(&format!("{}/portal/connections", app.base)).await;
    browser.click("tr:not(.muted) form[action$='/revoke'] button").await;
    browser.wait_for_url("done=revoked").await;
    assert!(browser.text().await.contains("The token is revoked"));
    assert_eq!(ping(secret).await, 401, "a revoked token is refused");

    browser.type_into("#connection", "Warehouse").await;
    browser.click("input[name=incoming_read]").await;
    browser.click("#issue button").await;
    browser.wait_for_url("/portal/connections/new").await;
    let text = browser.text().await;
    let reader = text.split("New token of Warehouse: ").nth(1).and_then(|rest| rest.split_whitespace().next());
    let reader = reader.unwrap_or_else(|| panic!("the new token is shown: {text}")).to_owned();
    assert!(text.contains("incoming:read") && text.contains("not shown again"), "{text}");
    let listed = app.call(reqwest::Method::GET, "/v2/transactions", Some(&reader), None).await;
    assert_eq!(listed.status, 200, "it may read the queue");
    let sent =
        app.call(reqwest::Method::POST, "/v2/transactions", Some(&reader), Some(&json!({"type": "ORDER"}))).await;
    assert_eq!((sent.status, sent.body["code"].as_str()), (403, Some("auth.forbidden")), "and not send");

    browser.click("nav a[href='/portal/audit']").await;
    browser.wait_for_url("/portal/audit").await;
    let log = browser.text().await;
    let lines = ["Issued token", "for the connection Warehouse", "Revoked token", "Rotated token"];
    assert!(lines.iter().all(|line| log.contains(line)) && log.contains("olga@outsider.example"), "{log}");
    browser.screenshot(&shots.join("audit.png")).await;
}
