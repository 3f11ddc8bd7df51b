//! Finding documents in the portal, in headless Chromium against the real server on the demo
//! network's story: ACME's admin finds order PO9383-R45 by its number, opens it, follows its
//! versions and the shipping notice of the same order, downloads the JSON and the CSV; another
//! company's admin finds none of it on any page. Screenshots go to `$PORTAL_SCREENSHOTS` when
//! set, as docs/portal.md uses them.

use serde_json::Value;
use switchyard_network::usecases::demo::{DemoCompany, DemoNetwork};
use switchyard_testkit::webdriver::Browser;

use crate::helpers::TestApp;

fn screenshots() -> (std::path::PathBuf, Option<tempfile::TempDir>) {
    if let Ok(dir) = std::env::var("PORTAL_SCREENSHOTS") {
        (std::path::PathBuf::from(dir), None)
    } else {
        let dir = tempfile::tempdir().unwrap();
        (dir.path().to_path_buf(), Some(dir))
    }
}

fn company<'a>(demo: &'a DemoNetwork, name: &str) -> &'a DemoCompany {
    demo.companies.iter().find(|company| company.name == name).unwrap()
}

async fn sign_in(app: &TestApp, browser: &Browser, who: &DemoCompany, path: &str) {
    browser.open(&format!("{}{path}", app.base)).await;
    browser.submit_sign_in(&who.portal.email, &who.portal.password).await;
    browser.wait_for_url_end(path).await;
}

/// Clicks the first link inside `within` whose row's text holds every one of `words`.
async fn click_row(browser: &Browser, within: &str, words: &[&str]) {
    let words = serde_json::to_string(words).unwrap();
    let script = format!(
        "const link = [...document.querySelectorAll('{within} a')].find(a => {words}.every(word => \
         (a.closest('tr, li') || a).innerText.includes(word))); if (!link) return false; link.click(); return true;"
    );
    assert_eq!(browser.eval(&script).await, Value::Bool(true), "a link in {within} with {words}");
}

/// What the link `css` downloads, fetched with the browser's cookies: its status and
/// disposition, and its text.
async fn download(browser: &Browser, css: &str) -> (String, String) {
    let href = browser.eval(&format!("return document.querySelector('{css}').href;")).await;
    let request = reqwest::Client::new().get(href.as_str().unwrap()).header("cookie", browser.cookie_header().await);
    let response = request.send().await.unwrap();
    let disposition = response.headers().get("content-disposition").map(|value| value.to_str().unwrap().to_owned());
    let status = response.status().as_u16();
    (format!("{status} {}", disposition.unwrap_or_default()), response.text().await.unwrap())
}

/// ACME's overview after the demo's story: three documents wait in its queue, two orders went
/// out today, its ERP has not polled, and it orders from the newcomer in test.
async fn the_overview_shows_what_waits_and_what_flowed(browser: &Browser, shots: &std::path::Path) {
    let text = browser.text().await;
    assert!(text.contains("No open errors."), "{text}");
    assert!(text.contains("3 documents wait in your queue for your ERP. The oldest came"), "{text}");
    let received = browser.eval("return document.querySelector('#received').innerText;").await;
    for line in ["Order response\t1\t1", "Shipping notice\t1\t1", "Invoice\t1\t1"] {
        assert!(received.as_str().unwrap().contains(line), "{line} in {received}");
    }
    let sent = browser.eval("return document.querySelector('#sent').innerText;").await;
    assert!(sent.as_str().unwrap().contains("Order\t2\t2"), "both versions went out today: {sent}");
    let connections = browser.eval("return document.querySelector('#connections').innerText;").await;
    assert!(connections.as_str().unwrap().contains("ERP\tNever"), "ACME's ERP has not polled: {connections}");
    assert!(text.contains("You send orders to Newcomer Supplier in test."), "{text}");
    browser.screenshot(&shots.join("dashboard.png")).await;
    browser.click("#queue a").await;
    browser.wait_for_url("/portal/transactions/").await;
    assert!(browser.text().await.contains("Order response OR-PO9383-R45"), "the oldest waiting is the response");
}

/// ACME's partners: live both ways with Testsupplier, two orders out and three answers in;
/// orders to the newcomer in test, the newcomer's invoices stopped.
async fn the_partners_page_shows_each_relationship_and_what_went_each_way(
    app: &TestApp,
    browser: &Browser,
    shots: &std::path::Path,
) {
    browser.open(&format!("{}/portal/partners", app.base)).await;
    let rows = browser
        .eval("return [...document.querySelectorAll('section.partner')].map(s => s.innerText).join('\\n---\\n');")
        .await;
    let text = rows.as_str().unwrap();
    assert!(text.contains("Testsupplier") && text.contains("Newcomer Supplier"), "{text}");
    assert!(text.contains("Order\tLive\tLive\t2\t0"), "two orders went to Testsupplier: {text}");
    assert!(text.contains("Shipping notice\tLive\tLive\t0\t1"), "{text}");
    assert!(text.contains("Order\tIn test\tNone\t0\t0"), "orders to the newcomer are in test: {text}");
    assert!(text.contains("Invoice\tNone\tStopped\t0\t0"), "the newcomer's invoices are stopped: {text}");
    assert!(!text.contains("Example Brand Owner"), "only ACME's partners: {text}");
    let choose = "const form = document.querySelector('section.partner form.propose'); \
                  form.querySelector('select[name=type]').value = 'ORDER'; \
                  form.querySelector('select[name=state]').value = 'ACTIVE';";
    browser.run(choose).await;
    browser.click("section.partner form.propose button").await;
    browser.wait_for_url("done=proposed").await;
    let text = browser.text().await;
    assert!(
        text.contains("Waiting for an answer")
            && text.contains("orders from ACME Co. Ltd. to Newcomer Supplier travel live"),
        "{text}"
    );
    browser.screenshot(&shots.join("partners.png")).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_finds_an_order_by_its_number_and_follows_what_came_back_in_a_browser() {
    let app = TestApp::spawn().await;
    let demo = app.hub().seed_demo().await.unwrap();
    app.hub().seed_demo_story(&demo).await.unwrap();
    let (shots, _keep) = screenshots();
    let browser = Browser::start(1280, 2300).await;
    sign_in(&app, &browser, company(&demo, "ACME Co. Ltd."), "/portal").await;
    the_overview_shows_what_waits_and_what_flowed(&browser, &shots).await;
    the_partners_page_shows_each_relationship_and_what_went_each_way(&app, &browser, &shots).await;
    browser.open(&format!("{}/portal/transactions", app.base)).await;
    assert!(browser.text().await.contains("Documents"), "the list is the page signed in to");

    browser.type_into("#number", "PO9383-R45").await;
    browser.click("#find button[type=submit]").await;
    browser.wait_for_url("number=PO9383-R45").await;
    let text = browser.text().await;
    for line in [
        "Invoice INV-2026-10452",
        "Shipping notice SN-PO9383-R45",
        "Order response OR-PO9383-R45",
        "Received from Testsupplier",
        "Sent to Testsupplier",
        "Imported",
        "Replaced",
    ] {
        assert!(text.contains(line), "{line} in {text}");
    }
    assert_eq!(text.matches("Order PO9383-R45").count(), 2, "both versions of the order: {text}");
    browser.screenshot(&shots.join("transactions.png")).await;

    click_row(&browser, "#documents", &["Order PO9383-R45", "Imported"]).await;
    browser.wait_for_url("/portal/transactions/").await;
    let order_url = browser.current_url().await;
    let text = browser.text().await;
    assert!(text.contains("ACME Co. Ltd. sent it to Testsupplier"), "{text}");
    assert!(text.contains("Testsupplier's ERP imported it"), "did Testsupplier import it: {text}");
    assert!(text.contains("Testsupplier's ERP fetched it.") && text.contains("reported it processed"), "{text}");
    assert!(text.contains("Oat drink, 1 l, carton of 6") && text.contains("GS1 4300348765433"), "items: {text}");
    for answer in ["Order response OR-PO9383-R45", "Shipping notice SN-PO9383-R45", "Invoice INV-2026-10452"] {
        assert!(text.contains(answer), "what came back: {answer} in {text}");
    }
    browser.screenshot(&shots.join("transaction.png")).await;

    click_row(&browser, "#versions", &["Replaced"]).await;
    browser.wait_for_url("/portal/transactions/").await;
    let text = browser.text().await;
    assert!(text.contains("A newer version replaced it") && text.contains("This version"), "{text}");
    click_row(&browser, "#versions", &["latest"]).await;
    browser.wait_for_url_end(&order_url).await;

    click_row(&browser, "#linked", &["Shipping notice"]).await;
    browser.wait_for_url("/portal/transactions/").await;
    let text = browser.text().await;
    assert!(text.contains("Shipping notice SN-PO9383-R45") && text.contains("For order"), "{text}");
    assert!(text.contains("Items (2)") && text.contains("Shipped quantity"), "items of the transport unit: {text}");
    assert!(text.contains("It waits in your queue for your ERP"), "where it stands: {text}");
    browser.screenshot(&shots.join("shipping-notice.png")).await;
    let (disposition, json) = download(&browser, "#download").await;
    assert!(disposition.starts_with("200 attachment") && disposition.contains("SHIPPING_NOTICE-SN-PO9383-R45.json"));
    let document: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(document["header"]["shippingNoticeIdentifier"], "SN-PO9383-R45");

    browser.open(&format!("{}/portal/transactions?direction=received", app.base)).await;
    let (disposition, csv) = download(&browser, "#csv").await;
    assert!(disposition.starts_with("200 attachment"), "{disposition}");
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("created,direction,partner,type,number"), "{csv}");
    assert_eq!(lines.len(), 4, "the header and the three documents ACME received: {csv}");
    assert!(lines[1..].iter().all(|line| line.contains(",received,Testsupplier,") && line.contains("PO9383-R45")));

    let (order_path, json_path) = {
        let path = order_url.trim_start_matches(&app.base).to_owned();
        (path.clone(), format!("{path}/json"))
    };
    let outsider = Browser::start(1280, 900).await;
    sign_in(&app, &outsider, company(&demo, "Example Brand Owner"), "/portal/transactions").await;
    assert!(outsider.text().await.contains("No document matches"), "another company has no documents");
    outsider.open(&format!("{}/portal/transactions?number=PO9383-R45", app.base)).await;
    assert!(outsider.text().await.contains("No document matches"), "nor finds ACME's by number");
    let acme_id = &company(&demo, "ACME Co. Ltd.").company_id;
    outsider.open(&format!("{}/portal/transactions?partner={acme_id}", app.base)).await;
    assert!(outsider.text().await.contains("No document matches"), "nor by naming ACME as partner");
    outsider.open(&format!("{}{order_path}", app.base)).await;
    assert!(outsider.text().await.contains("Document not found"), "nor opens ACME's order");
    outsider.open(&format!("{}{json_path}", app.base)).await;
    let text = outsider.text().await;
    assert!(text.contains("Document not found") && !text.contains("PO9383-R45"), "nor downloads it: {text}");
    outsider.open(&format!("{}/portal/transactions.csv?number=PO9383-R45", app.base)).await;
    assert!(!outsider.source().await.contains("PO9383-R45"), "nor exports it");
}
