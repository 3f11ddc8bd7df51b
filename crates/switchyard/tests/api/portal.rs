//! The pages people open from an `errorUrl`: what they say, that text from ERPs and partners
//! shows as text, the headers that keep a page from being framed or running script, and the
//! admins' pages refused to members.

use serde_json::json;
use switchyard_documents::DocumentType;

use crate::helpers::{TestApp, order};

#[tokio::test]
async fn an_error_page_shows_an_erp_reason_as_text_and_sends_the_security_headers() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let id = app.send(&buyer, DocumentType::Order, &order(&buyer, &supplier, "PO-1")).await.id();
    let report = json!({"success": false, "errorReason": "<script>alert('x')</script> unknown article"});
    let marked = app.mark(&supplier, &id, &report).await;
    let mut browser = app.signed_in(&supplier, "sam@supplier.example").await;
    let page = browser.open(marked.body["data"]["errorUrl"].as_str().unwrap()).await;
    assert_eq!(page.status, 200);
    let headers = page.headers.clone();
    let html = page.html;
    assert!(!html.contains("<script>"), "{html}");
    assert!(html.contains("&#60;script&#62;") || html.contains("&lt;script&gt;"), "{html}");
    assert!(html.contains("could not import the order PO-1 from Buyer Ltd"), "says what happened: {html}");
    assert!(html.contains("Supplier GmbH must act"), "says who must act: {html}");
    let header = |name: &str| headers.get(name).and_then(|value| value.to_str().ok()).unwrap_or_default().to_owned();
    assert!(header("content-security-policy").contains("default-src 'none'"));
    assert!(!header("content-security-policy").contains("script-src"), "no script is ever allowed");
    assert_eq!(header("x-frame-options"), "DENY");
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert_eq!(header("referrer-policy"), "same-origin");

    let style = reqwest::get(format!("{}/portal/style.css", app.base)).await.unwrap();
    assert_eq!(style.status(), 200);
    assert!(style.headers()["content-type"].to_str().unwrap().starts_with("text/css"));
}

#[tokio::test]
async fn an_unknown_error_is_a_page_saying_so_with_404() {
    let app = TestApp::spawn().await;
    let (buyer, _) = app.trading_pair().await;
    let mut browser = app.signed_in(&buyer, "ann@buyer.example").await;
    for id in [uuid::Uuid::new_v4().to_string(), "not-an-id".to_owned()] {
        let page = browser.open(&format!("/portal/errors/{id}")).await;
        assert_eq!(page.status, 404);
        assert!(page.headers.contains_key("content-security-policy"));
        assert!(page.html.contains("There is no error with this address"));
    }
}

/// The page of a refused document names it by its number, whether the content was read whole
/// or, being large, list entry by list entry; and by the number as sent, spaces and all.
#[tokio::test]
async fn a_refused_document_is_named_by_its_number_on_its_error_page() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let mut small = order(&buyer, &supplier, " PO-REFUSED ");
    small["header"]["currency"] = json!("EURO");
    let mut large = order(&buyer, &supplier, "PO-LARGE");
    large["header"]["currency"] = json!("EURO");
    let line = large["items"][0].clone();
    large["items"] = json!(vec![line; 2500]);
    assert!(large.to_string().len() >= switchyard_documents::READ_APART_FROM, "read apart");
    let mut browser = app.signed_in(&buyer, "ann@buyer.example").await;
    for (content, number) in [(small, " PO-REFUSED "), (large, "PO-LARGE")] {
        let refused = app.send(&buyer, DocumentType::Order, &content).await;
        assert_eq!(refused.status, 422, "{:?}", refused.body);
        let html = browser.open(refused.body["errorUrl"].as_str().unwrap()).await.html;
        assert!(html.contains(&format!("<dt>Document number</dt><dd>{number}</dd>")), "{html}");
    }
}

#[tokio::test]
async fn the_connections_page_is_for_admins_and_a_member_is_told_so() {
    let app = TestApp::spawn().await;
    let (_, supplier) = app.trading_pair().await;
    let mut member = app.signed_in(&supplier, "mo@supplier.example").await;
    let page = member.get("/portal/connections").await;
    assert_eq!(page.status, 403, "{page:?}");
    assert!(page.html.contains("Only admins can see the connections"), "{}", page.html);
    assert!(!page.html.contains(&supplier.token[..7]), "nothing of the tokens: {}", page.html);
    let errors = member.get("/portal/errors").await;
    assert!(!errors.html.contains("/portal/connections"), "no link to it for a member: {}", errors.html);
}

/// More documents than the export reads at a time (500): the CSV holds every one once, newest
/// first, and a number search narrows it as the list does.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_csv_export_holds_every_document_of_a_long_list_once() {
    use switchyard_network::usecases::send::Submission;
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let caller = app.hub().authenticate(&buyer.token, None).await.unwrap().caller().unwrap();
    for n in 0..520 {
        let content = order(&buyer, &supplier, &format!("PO-{n:04}")).to_string();
        let submission = Submission { kind: Some(json!("ORDER")), content: Some(content) };
        app.hub().send(caller, submission, None).await.unwrap();
    }
    let mut browser = app.signed_in(&supplier, "sam@supplier.example").await;
    let csv = browser.get("/portal/transactions.csv?direction=received").await;
    assert_eq!(csv.status, 200);
    assert!(csv.headers["content-disposition"].to_str().unwrap().starts_with("attachment"));
    let lines: Vec<&str> = csv.html.lines().collect();
    assert_eq!(lines.len(), 521, "the header and 520 documents");
    let numbers: Vec<&str> = lines[1..].iter().map(|line| line.split(',').nth(4).unwrap()).collect();
    let expected: Vec<String> = (0..520).rev().map(|n| format!("PO-{n:04}")).collect();
    assert_eq!(numbers, expected.iter().map(String::as_str).collect::<Vec<_>>(), "newest first, each once");
    let one = browser.get("/portal/transactions.csv?number=PO-0007").await;
    assert_eq!(one.html.lines().count(), 2, "{}", one.html);
    let list = browser.get("/portal/transactions?direction=received").await;
    assert_eq!(list.html.matches("/portal/transactions/").count(), 50, "a page of the list holds 50");
    assert!(list.html.contains("id=\"older\""), "and links the older ones");
}

/// An admin makes a member an admin and disables someone, from the settings page; the disabled
/// person is signed out at once. Nobody acts on themselves there, a member on nobody, and a
/// person of another company is not found.
#[tokio::test]
async fn an_admin_changes_roles_and_disables_people_of_the_company_only() {
    use crate::browser::{Browser, HubForTests, PASSWORD};
    use switchyard_network::model::Role;
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    app.user(&supplier, "ada@supplier.example", Role::Admin).await;
    let mut admin = Browser::new(&app.base);
    admin.sign_in("/portal/settings", "ada@supplier.example", PASSWORD).await;
    let mut member = app.signed_in(&supplier, "mo@supplier.example").await;
    app.signed_in(&buyer, "bo@buyer.example").await;
    let id_of = |email: &str| {
        let email = email.to_owned();
        let app = &app;
        async move { app.hub().users(None).await.unwrap().into_iter().find(|user| user.email == email).unwrap().id }
    };
    let (mo, ada, bo) =
        (id_of("mo@supplier.example").await, id_of("ada@supplier.example").await, id_of("bo@buyer.example").await);

    let settings = admin.open("/portal/settings").await;
    assert!(settings.html.contains(&format!("/portal/people/{mo}/role")), "a form for the member");
    assert!(!settings.html.contains(&format!("/portal/people/{ada}/role")), "none for the admin herself");
    let csrf = settings.csrf();
    let made = admin.post(&format!("/portal/people/{mo}/role"), &[("csrf", &csrf), ("role", "admin")]).await;
    assert_eq!(made.location.as_deref(), Some("/portal/settings?done=role"), "{made:?}");
    assert_eq!(app.hub().find_user_for_test("mo@supplier.example").await.role, Role::Admin);
    assert_eq!(member.open("/portal/connections").await.status, 200, "the new admin sees the admins' pages");

    let herself = admin.post(&format!("/portal/people/{ada}/role"), &[("csrf", &csrf), ("role", "member")]).await;
    assert_eq!(herself.status, 409);
    assert!(herself.html.contains("ask another admin"), "{}", herself.html);
    let foreign = admin.post(&format!("/portal/people/{bo}/disable"), &[("csrf", &csrf)]).await;
    assert_eq!(foreign.status, 404, "another company's person is not found");
    assert!(!app.hub().find_user_for_test("bo@buyer.example").await.is_disabled());

    let disabled = admin.post(&format!("/portal/people/{mo}/disable"), &[("csrf", &csrf)]).await;
    assert_eq!(disabled.location.as_deref(), Some("/portal/settings?done=disabled"), "{disabled:?}");
    assert!(app.hub().find_user_for_test("mo@supplier.example").await.is_disabled());
    let signed_out = member.get("/portal/settings").await;
    assert!(signed_out.location.unwrap_or_default().contains("/portal/login"), "signed out at once");
    let shown = admin.open("/portal/settings?done=disabled").await;
    assert!(shown.html.contains("The person is disabled"), "{}", shown.html);
    let log = admin.open("/portal/audit").await.html;
    let made = log.find("Made mo@supplier.example admin.").expect("the role change is in the log");
    let disabled = log.find("Disabled mo@supplier.example.").expect("the disabling is in the log");
    assert!(disabled < made, "newest first: {log}");
    assert!(log.contains("ada@supplier.example") && log.contains("Invited mo@supplier.example as member."), "{log}");
    assert!(!log.contains("bo@buyer.example"), "nothing of another company: {log}");

    let mut plain = app.signed_in(&supplier, "pat@supplier.example").await;
    let form = plain.open("/portal/settings").await;
    let refused = plain.post(&format!("/portal/people/{ada}/disable"), &[("csrf", &form.csrf())]).await;
    assert_eq!(refused.status, 403, "a member disables nobody");
    let log = plain.open("/portal/audit").await;
    assert_eq!(log.status, 403, "nor reads the audit log");
    assert!(log.html.contains("Only admins can read the audit log") && !log.html.contains("Disabled"), "{}", log.html);
    assert!(!app.hub().find_user_for_test("ada@supplier.example").await.is_disabled());
}

/// An admin issues a token that works only from some networks and until a day: the API holds
/// it to both, and a network or day that does not read is refused with the reason.
#[tokio::test]
async fn an_admin_issues_a_token_limited_to_networks_and_days() {
    use crate::browser::{Browser, PASSWORD};
    use switchyard_network::model::Role;
    let app = TestApp::spawn().await;
    let (_, supplier) = app.trading_pair().await;
    app.user(&supplier, "ada@supplier.example", Role::Admin).await;
    let mut admin = Browser::new(&app.base);
    let csrf = admin.sign_in("/portal/connections", "ada@supplier.example", PASSWORD).await.csrf();
    let issue = |networks: &str, expires: &str| {
        let fields =
            [("csrf", csrf.as_str()), ("connection", "Warehouse"), ("networks", networks), ("expires", expires)];
        fields.map(|(name, value)| (name, value.to_owned()))
    };
    let mut post = async |fields: [(&'static str, String); 4]| {
        let fields = fields.iter().map(|(name, value)| (*name, value.as_str())).collect::<Vec<_>>();
        admin.post("/portal/connections/new", &fields).await
    };
    let refused = post(issue("10.0.0.0/33", "")).await;
    assert_eq!(refused.status, 422);
    assert!(refused.html.contains("is not a network"), "{}", refused.html);
    let refused = post(issue("", "2020-01-01")).await;
    assert_eq!(refused.status, 422);
    assert!(refused.html.contains("cannot be in the past"), "{}", refused.html);

    let later = (chrono::Utc::now() + chrono::Duration::days(2)).format("%Y-%m-%d").to_string();
    let issued = post(issue("10.0.0.0/8, 192.0.2.7", &later)).await;
    assert_eq!(issued.status, 200, "{}", issued.html);
    let secret = issued.html.split("New token of Warehouse: <code>").nth(1).and_then(|rest| rest.split('<').next());
    let secret = secret.unwrap_or_else(|| panic!("the secret is shown once: {}", issued.html)).to_owned();
    assert!(issued.html.contains("from 10.0.0.0/8 192.0.2.7/32 only"), "{}", issued.html);
    assert!(issued.html.contains("Works until"), "{}", issued.html);
    let from_here = app.call(reqwest::Method::GET, "/v2/ping", Some(&secret), None).await;
    assert_eq!(
        (from_here.status, from_here.body["code"].as_str()),
        (403, Some("auth.forbidden")),
        "not from 127.0.0.1"
    );
}

/// A buyer's admin proposes that its orders travel in test; the supplier's admin accepts, and
/// the next order travels in test flow. One proposal waits at a time, only the partner's admins
/// answer it, and both audit logs tell each step.
#[tokio::test]
async fn a_proposed_relationship_change_takes_effect_when_the_partner_accepts_it() {
    use crate::browser::{Browser, PASSWORD};
    use switchyard_network::model::Role;
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let outsider = app.company("Outsider AG", "4000000000003").await;
    let mut admins = Vec::new();
    for (party, email) in
        [(&buyer, "bea@buyer.example"), (&supplier, "sam@supplier.example"), (&outsider, "olga@outsider.example")]
    {
        app.user(party, email, Role::Admin).await;
        let mut browser = Browser::new(&app.base);
        browser.sign_in("/portal/partners", email, PASSWORD).await;
        admins.push(browser);
    }
    let [mut bea, mut sam, mut olga] = <[Browser; 3]>::try_from(admins).ok().unwrap();
    let csrf = bea.open("/portal/partners").await.csrf();
    let propose = [("csrf", csrf.as_str()), ("type", "ORDER"), ("direction", "sent"), ("state", "TESTING")];
    let proposed = bea.post(&format!("/portal/partners/{}/propose", supplier.id), &propose).await;
    assert_eq!(proposed.location.as_deref(), Some("/portal/partners?done=proposed"), "{proposed:?}");
    let again = bea.post(&format!("/portal/partners/{}/propose", supplier.id), &propose).await;
    assert_eq!(again.status, 409);
    assert!(again.html.contains("waiting for an answer already"), "{}", again.html);
    let before = app.send(&buyer, DocumentType::Order, &order(&buyer, &supplier, "PO-LIVE")).await.id();

    let page = sam.open("/portal/partners").await;
    assert!(
        page.html.contains("bea@buyer.example proposed on")
            && page.html.contains("orders from Buyer Ltd to Supplier GmbH travel in test"),
        "{}",
        page.html
    );
    let id = page.html.split("/portal/proposals/").nth(1).and_then(|rest| rest.split('/').next()).unwrap().to_owned();
    assert!(!bea.open("/portal/partners").await.html.contains("/accept"), "the proposer does not accept its own");
    let olga_csrf = olga.open("/portal/partners").await.csrf();
    let foreign = olga.post(&format!("/portal/proposals/{id}/accept"), &[("csrf", &olga_csrf)]).await;
    assert_eq!(foreign.status, 404, "another company's admin finds nothing to accept");
    let accepted = sam.post(&format!("/portal/proposals/{id}/accept"), &[("csrf", &page.csrf())]).await;
    assert_eq!(accepted.location.as_deref(), Some("/portal/partners?done=accepted"), "{accepted:?}");

    let after = app.send(&buyer, DocumentType::Order, &order(&buyer, &supplier, "PO-TEST")).await.id();
    let flow_of = |id: String| {
        let app = &app;
        let buyer = &buyer;
        async move { app.show(buyer, &id).await.body["data"]["flow"].as_str().unwrap_or_default().to_owned() }
    };
    assert_eq!((flow_of(before).await, flow_of(after).await), ("LIVE".to_owned(), "TEST".to_owned()), "it took effect");
    let shown = bea.open("/portal/partners").await.html;
    assert!(shown.contains("Accepted by sam@supplier.example"), "both sides see how it ended: {shown}");
    for browser in [&mut bea, &mut sam] {
        let log = browser.open("/portal/audit").await.html;
        assert!(log.contains("Proposed orders from Buyer Ltd to Supplier GmbH travel in test."), "{log}");
        assert!(log.contains("Accepted the proposal: orders from Buyer Ltd to Supplier GmbH travel in test."), "{log}");
    }
    let mut member = app.signed_in(&supplier, "mo@supplier.example").await;
    let form = member.open("/portal/partners").await;
    assert!(!form.html.contains("/propose"), "members propose nothing");
    let refused = member.post(&format!("/portal/proposals/{id}/decline"), &[("csrf", &form.csrf())]).await;
    assert_eq!(refused.status, 403);
}
