//! A database that stops answering: the API says so with 503 and `Retry-After`, never a 500, and
//! the readiness check takes the process out of a load balancer's rotation.

use reqwest::Method;

use crate::helpers::TestApp;

#[tokio::test]
async fn requests_get_503_with_retry_after_while_the_database_is_down() {
    let mut app = TestApp::spawn_on_postgres().await;
    let (buyer, _) = app.trading_pair().await;
    assert_eq!(status_of(&app, "/readyz").await, 200);
    app.stop_database();

    let reply = app.call(Method::GET, "/v2/transactions", Some(&buyer.token), None).await;
    assert_eq!(reply.status, 503, "{reply:?}");
    assert_eq!(reply.header("retry-after"), Some("5"));
    assert!(reply.body["message"].as_str().is_some_and(|message| message.contains("retry")), "{reply:?}");
    assert_eq!(status_of(&app, "/readyz").await, 503);
    assert_eq!(status_of(&app, "/healthz").await, 200);
}

/// The status of a health check, which answers in plain text.
async fn status_of(app: &TestApp, path: &str) -> u16 {
    reqwest::get(format!("{}{path}", app.base)).await.unwrap().status().as_u16()
}
