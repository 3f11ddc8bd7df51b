//! Who may call: bearer tokens, their rotation and revocation; unknown routes and methods.

use reqwest::Method;

use crate::helpers::TestApp;

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
