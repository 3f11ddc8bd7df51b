//! Signing in to the portal: sessions and their cookie, the same answer for an unknown address
//! and a wrong password, the throttle, CSRF tokens on every form, one-time password links, and
//! an `errorUrl` that leads through the sign-in and back.

use serde_json::json;
use switchyard_documents::DocumentType;
use switchyard_network::model::Role;

use crate::browser::{Browser, PASSWORD};
use crate::helpers::{TestApp, order};

#[tokio::test]
async fn signing_in_sets_a_fresh_http_only_session_and_signing_out_ends_it() {
    let app = TestApp::spawn().await;
    let (buyer, _) = app.trading_pair().await;
    let email = app.user(&buyer, "Ann@Buyer.example", Role::Admin).await;
    let mut browser = Browser::new(&app.base);
    let form = browser.get("/portal/login").await;
    let csrf = form.csrf();
    let signed_in = browser
        .post(
            "/portal/login",
            &[("email", &email), ("password", PASSWORD), ("csrf", &csrf), ("next", "/portal/errors")],
        )
        .await;
    assert_eq!((signed_in.status, signed_in.location.as_deref()), (303, Some("/portal/errors")), "{signed_in:?}");
    let cookie = signed_in.headers["set-cookie"].to_str().unwrap();
    assert!(cookie.starts_with("switchyard_session=ss_"), "{cookie}");
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/portal"] {
        assert!(cookie.contains(attribute), "{attribute} in {cookie}");
    }
    assert!(!cookie.contains("Secure"), "plain http here: {cookie}");
    let first = browser.cookie("switchyard_session").unwrap().to_owned();

    let again = browser
        .post(
            "/portal/login",
            &[("email", &email), ("password", PASSWORD), ("csrf", &csrf), ("next", "/portal/errors")],
        )
        .await;
    let second = browser.cookie("switchyard_session").unwrap().to_owned();
    assert_ne!(first, second, "a new session id at each sign-in: {again:?}");

    let csrf = browser.open("/portal/errors").await.csrf();
    let signed_out = browser.post("/portal/logout", &[("csrf", &csrf)]).await;
    assert_eq!(signed_out.location.as_deref(), Some("/portal/login?notice=signed-out"), "{signed_out:?}");
    assert!(browser.cookie("switchyard_session").is_none(), "the cookie is cleared");
    assert!(app.hub().session(&second).await.unwrap().is_none(), "and the session ended on the server");
    assert!(app.hub().session(&first).await.unwrap().is_some(), "another browser's session stays");
}

#[tokio::test]
async fn an_unknown_address_and_a_wrong_password_get_the_same_answer() {
    let app = TestApp::spawn().await;
    let (buyer, _) = app.trading_pair().await;
    let email = app.user(&buyer, "ann@buyer.example", Role::Member).await;
    let mut answers = Vec::new();
    let mut browser = Browser::new(&app.base);
    for (address, password) in [(email.as_str(), "wrong password!"), ("nobody@buyer.example", PASSWORD)] {
        let page = browser.sign_in("/portal/login", address, password).await;
        assert!(browser.cookie("switchyard_session").is_none());
        answers.push((page.status, page.html.replace(address, "ADDRESS")));
    }
    assert_eq!(answers[0].0, 401);
    assert!(answers[0].1.contains("The e-mail address or the password is not right."), "{}", answers[0].1);
    assert_eq!(answers[0], answers[1], "nothing tells the two apart");
}

#[tokio::test]
async fn ten_failures_pause_sign_in_for_the_account_even_with_the_right_password() {
    let app = TestApp::spawn().await;
    let (buyer, _) = app.trading_pair().await;
    let email = app.user(&buyer, "ann@buyer.example", Role::Member).await;
    let mut browser = Browser::new(&app.base);
    for attempt in 1..=10 {
        let page = browser.sign_in("/portal/login", &email, "wrong password!").await;
        assert_eq!(page.status, 401, "attempt {attempt}");
    }
    let page = browser.sign_in("/portal/login", &email, PASSWORD).await;
    assert_eq!(page.status, 429, "{page:?}");
    assert!(page.html.contains("Too many failed sign-ins"), "{}", page.html);
    assert!(browser.cookie("switchyard_session").is_none());
}

#[tokio::test]
async fn a_form_without_its_csrf_token_is_refused() {
    let app = TestApp::spawn().await;
    let (buyer, _) = app.trading_pair().await;
    let email = app.user(&buyer, "ann@buyer.example", Role::Member).await;
    let mut browser = Browser::new(&app.base);
    browser.get("/portal/login").await;
    for csrf in ["", "forged-token-forged-token-forged-token"] {
        let page = browser.post("/portal/login", &[("email", &email), ("password", PASSWORD), ("csrf", csrf)]).await;
        assert_eq!(page.status, 403, "{page:?}");
        assert!(page.html.contains("This form has expired"));
    }
    assert!(browser.cookie("switchyard_session").is_none());

    let mut signed_in = app.signed_in(&buyer, "bob@buyer.example").await;
    let refused = signed_in.post("/portal/logout", &[("csrf", "")]).await;
    assert_eq!(refused.status, 403);
    let session = signed_in.cookie("switchyard_session").unwrap().to_owned();
    assert!(app.hub().session(&session).await.unwrap().is_some(), "still signed in");
}

#[tokio::test]
async fn an_invitation_link_sets_the_password_once() {
    let app = TestApp::spawn().await;
    let (buyer, _) = app.trading_pair().await;
    let company = app.hub().company(&buyer.name).await.unwrap();
    let link = app
        .hub()
        .add_user(&company, "carl@buyer.example", Role::Member, switchyard_network::usecases::people::Inviter::Operator)
        .await
        .unwrap();
    let mut browser = Browser::new(&app.base);
    let form = browser.get(&link.path).await;
    assert_eq!(form.status, 200);
    let csrf = form.csrf();
    let mismatch =
        browser.post(&link.path, &[("password", PASSWORD), ("repeat", "something else"), ("csrf", &csrf)]).await;
    assert_eq!(mismatch.status, 422);
    let short = browser.post(&link.path, &[("password", "short"), ("repeat", "short"), ("csrf", &csrf)]).await;
    assert_eq!(short.status, 422);
    assert!(short.html.contains("at least 10 characters"), "{}", short.html);
    let set = browser.post(&link.path, &[("password", PASSWORD), ("repeat", PASSWORD), ("csrf", &csrf)]).await;
    assert_eq!(set.location.as_deref(), Some("/portal/login?notice=password-set"), "{set:?}");
    let used = browser.post(&link.path, &[("password", PASSWORD), ("repeat", PASSWORD), ("csrf", &csrf)]).await;
    assert_eq!(used.status, 404);
    assert!(used.html.contains("This link no longer works"));
    browser.sign_in("/portal/login", "carl@buyer.example", PASSWORD).await;
    assert!(browser.cookie("switchyard_session").is_some());
}

#[tokio::test]
async fn a_disabled_user_is_signed_out_and_cannot_sign_in() {
    let app = TestApp::spawn().await;
    let (buyer, _) = app.trading_pair().await;
    let browser = app.signed_in(&buyer, "ann@buyer.example").await;
    let session = browser.cookie("switchyard_session").unwrap().to_owned();
    app.hub().disable_user("ann@buyer.example").await.unwrap();
    assert!(app.hub().session(&session).await.unwrap().is_none());
    let mut again = Browser::new(&app.base);
    assert_eq!(again.sign_in("/portal/login", "ann@buyer.example", PASSWORD).await.status, 401);
}

#[tokio::test]
async fn an_error_url_leads_through_sign_in_and_back_and_is_not_found_for_other_companies() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let outsider = app.company("Outsider AG", "4000000000003").await;
    let id = app.send(&buyer, DocumentType::Order, &order(&buyer, &supplier, "PO-7")).await.id();
    let marked = app.mark(&supplier, &id, &json!({"success": false, "errorReason": "unknown article"})).await;
    let error_url = marked.body["data"]["errorUrl"].as_str().unwrap().to_owned();
    let path = error_url.strip_prefix(&app.base).unwrap().to_owned();

    let mut anonymous = Browser::new(&app.base);
    let redirect = anonymous.get(&error_url).await;
    assert_eq!(redirect.status, 303);
    assert_eq!(redirect.location.as_deref(), Some(format!("/portal/login?next={path}").as_str()));

    app.user(&supplier, "sam@supplier.example", Role::Member).await;
    let page = anonymous.sign_in(&error_url, "sam@supplier.example", PASSWORD).await;
    assert_eq!(page.status, 200, "{page:?}");
    assert!(page.html.contains("unknown article"), "back at the error: {}", page.html);

    app.user(&outsider, "olga@outsider.example", Role::Admin).await;
    let mut other = Browser::new(&app.base);
    let hidden = other.sign_in(&error_url, "olga@outsider.example", PASSWORD).await;
    let unknown = other.open(&format!("/portal/errors/{}", uuid::Uuid::new_v4())).await;
    assert_eq!((hidden.status, unknown.status), (404, 404));
    assert_eq!(hidden.html, unknown.html, "the same page as for an id that does not exist");
}
