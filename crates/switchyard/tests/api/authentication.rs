//! Who may call: bearer tokens, their rotation and revocation; unknown routes and methods.

use reqwest::Method;
use serde_json::json;
use switchyard_network::model::{Actor, Grant, Networks, Scope, Scopes};
use switchyard_network::{Clock, SystemClock};
use uuid::Uuid;

use crate::helpers::{TestApp, order};

#[tokio::test]
async fn ping_answers_204_to_a_valid_token() {
    let app = TestApp::spawn().await;
    let acme = app.company("ACME", "4000000000001").await;
    let reply = app.call(Method::GET, "/v2/ping", Some(&acme.token), None).await;
    assert_eq!(reply.status, 204);
    assert!(reply.text.is_empty());
}

#[tokio::test]
async fn missing_malformed_and_unknown_tokens_get_401_with_a_bearer_challenge() {
    let app = TestApp::spawn().await;
    app.company("ACME", "4000000000001").await;
    for token in [None, Some("sy_not-a-real-token"), Some("")] {
        let reply = app.call(Method::GET, "/v2/transactions", token, None).await;
        assert_eq!(reply.status, 401, "{token:?}");
        assert_eq!(reply.body["message"], "Unauthenticated.");
        assert_eq!(reply.header("www-authenticate"), Some("Bearer"));
    }
    let basic = reqwest::Client::new()
        .get(format!("{}/v2/ping", app.base))
        .header("authorization", "Basic dXNlcjpwYXNz")
        .send()
        .await
        .unwrap();
    assert_eq!(basic.status(), 401);
}

#[tokio::test]
async fn a_revoked_token_stops_working_at_once() {
    let app = TestApp::spawn().await;
    let acme = app.company("ACME", "4000000000001").await;
    let company = app.hub().company("ACME").await.unwrap();
    let token_id = app.hub().list_tokens(&company).await.unwrap()[0].id;
    assert_eq!(app.call(Method::GET, "/v2/ping", Some(&acme.token), None).await.status, 204);
    app.hub().revoke_token(token_id).await.unwrap();
    assert_eq!(app.call(Method::GET, "/v2/ping", Some(&acme.token), None).await.status, 401);
}

#[tokio::test]
async fn rotating_a_token_replaces_it_on_the_same_connection() {
    let app = TestApp::spawn().await;
    let acme = app.company("ACME", "4000000000001").await;
    let company = app.hub().company("ACME").await.unwrap();
    let old = app.hub().list_tokens(&company).await.unwrap()[0].clone();
    let new = app.hub().rotate_token(old.id).await.unwrap();
    assert_eq!(new.connection_id, old.connection_id);
    assert_eq!(app.call(Method::GET, "/v2/ping", Some(&acme.token), None).await.status, 401);
    assert_eq!(app.call(Method::GET, "/v2/ping", Some(&new.token), None).await.status, 204);
}

#[tokio::test]
async fn a_company_may_hold_several_tokens_and_their_last_use_is_recorded() {
    let app = TestApp::spawn().await;
    let acme = app.company("ACME", "4000000000001").await;
    let company = app.hub().company("ACME").await.unwrap();
    let second = app.hub().issue_token(&company, "Backup ERP").await.unwrap();
    assert_eq!(app.call(Method::GET, "/v2/ping", Some(&acme.token), None).await.status, 204);
    assert_eq!(app.call(Method::GET, "/v2/ping", Some(&second.token), None).await.status, 204);
    let tokens = app.hub().list_tokens(&company).await.unwrap();
    assert_eq!(tokens.len(), 2);
    assert!(tokens.iter().all(|token| token.last_used_at.is_some()), "{tokens:?}");
    assert!(tokens.iter().all(|token| !acme.token.starts_with(&token.hint) || token.connection_name == "ERP"));
}

#[tokio::test]
async fn an_unknown_route_is_404_and_a_wrong_method_is_405_with_allow() {
    let app = TestApp::spawn().await;
    let acme = app.company("ACME", "4000000000001").await;
    let missing = app.call(Method::GET, "/v2/nothing-here", Some(&acme.token), None).await;
    assert_eq!(missing.status, 404);
    assert_eq!(missing.body["message"], "Not found.");
    let wrong = app.call(Method::DELETE, "/v2/transactions", Some(&acme.token), None).await;
    assert_eq!(wrong.status, 405);
    assert!(wrong.body["message"].is_string());
    let allow = wrong.header("allow").unwrap_or_default();
    assert!(allow.contains("GET") && allow.contains("POST"), "{allow}");
}

/// A token issued on `company`'s connection named `name` with `grant`; answers its secret.
async fn granted_token(app: &TestApp, company: &str, name: &str, grant: Grant) -> String {
    let company = app.hub().company(company).await.unwrap();
    app.hub().issue_granted_token(&company, name, grant, &Actor::Operator).await.unwrap().token
}

#[tokio::test]
async fn a_token_makes_only_the_calls_its_scopes_allow() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let reader = Grant { scopes: Scopes::of(&[Scope::IncomingRead]), ..Grant::default() };
    let read_only = granted_token(&app, "Buyer Ltd", "Reader", reader).await;
    let admin =
        granted_token(&app, "Buyer Ltd", "Admin", Grant { scopes: Scopes::of(&[Scope::Admin]), ..Grant::default() })
            .await;
    let order = order(&buyer, &supplier, "PO-SCOPE");
    let id = Uuid::nil().to_string();
    let refused = [
        (Method::POST, "/v2/transactions".to_owned(), json!({"type": "ORDER", "content": order}), "outgoing:send"),
        (Method::PUT, format!("/v2/transactions/{id}"), json!({"success": true}), "incoming:mark"),
        (Method::POST, "/v2/transactions/bulk/mark-processed".to_owned(), json!({"items": []}), "incoming:mark"),
        (Method::POST, "/v2/errors".to_owned(), json!({}), "errors:report"),
        (Method::GET, "/v2/tasks".to_owned(), json!(null), "tasks"),
        (Method::PUT, format!("/v2/tasks/{id}"), json!({}), "tasks"),
    ];
    for (method, path, body, scope) in refused {
        let body = (!body.is_null()).then_some(&body);
        let reply = app.call(method.clone(), &path, Some(&read_only), body).await;
        assert_eq!(reply.status, 403, "{method} {path}: {}", reply.text);
        assert_eq!(reply.body["code"], "auth.forbidden");
        assert!(reply.body["message"].as_str().unwrap().contains(scope), "{method} {path} names {scope}");
    }
    for path in ["/v2/transactions", "/v2/all-transactions", "/v2/ping"] {
        let status = app.call(Method::GET, path, Some(&read_only), None).await.status;
        assert!(status == 200 || status == 204, "{path} is open to a reader: {status}");
    }
    let sent = json!({"type": "ORDER", "content": order});
    let sent = app.call(Method::POST, "/v2/transactions", Some(&admin), Some(&sent)).await;
    assert_eq!(sent.status, 201, "admin holds every scope: {}", sent.text);
    let tasks = app.call(Method::GET, "/v2/tasks", Some(&buyer.token), None).await;
    assert_eq!(tasks.status, 200, "a token issued without scopes holds them all");
}

#[tokio::test]
async fn a_token_limited_to_networks_is_refused_from_elsewhere() {
    let app = TestApp::spawn().await;
    app.company("ACME", "4000000000001").await;
    let elsewhere = Grant { allowed_from: Networks::parse(&["10.0.0.0/8"]).unwrap(), ..Grant::default() };
    let here = Grant { allowed_from: Networks::parse(&["127.0.0.0/8", "::1"]).unwrap(), ..Grant::default() };
    let outside = granted_token(&app, "ACME", "Office", elsewhere).await;
    let inside = granted_token(&app, "ACME", "Server room", here).await;
    let refused = app.call(Method::GET, "/v2/ping", Some(&outside), None).await;
    assert_eq!(refused.status, 403);
    assert_eq!(refused.body["code"], "auth.forbidden");
    assert!(refused.body["message"].as_str().unwrap().contains("network"));
    assert_eq!(app.call(Method::GET, "/v2/ping", Some(&inside), None).await.status, 204);
}

#[tokio::test]
async fn a_token_stops_working_at_its_expiry() {
    let app = TestApp::spawn().await;
    app.company("ACME", "4000000000001").await;
    let expires_at = SystemClock.now() + 1_000_000;
    let token = granted_token(&app, "ACME", "Trial", Grant { expires_at: Some(expires_at), ..Grant::default() }).await;
    assert_eq!(app.call(Method::GET, "/v2/ping", Some(&token), None).await.status, 204);
    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
    let expired = app.call(Method::GET, "/v2/ping", Some(&token), None).await;
    assert_eq!((expired.status, expired.body["code"].as_str()), (401, Some("auth.unauthenticated")));
    let company = app.hub().company("ACME").await.unwrap();
    let past = Grant { expires_at: Some(SystemClock.now() - 1), ..Grant::default() };
    assert!(
        app.hub().issue_granted_token(&company, "Late", past, &Actor::Operator).await.is_err(),
        "an expiry in the past is refused"
    );
}
