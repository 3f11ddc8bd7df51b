//! The server's log as an operator reads it: one line per request with its route template,
//! status, duration, sizes, company and request id; the client's `x-request-id` kept and
//! returned, a new one made otherwise; never a token, a query string or a body.

use reqwest::Method;
use serde_json::Value;

use crate::served_binary::{ServedBinary, demo_portal_sign_in, demo_token};

/// The JSON log lines of `server` that describe a request.
fn request_lines(server: &ServedBinary) -> Vec<Value> {
    server
        .log_text()
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|line| line["target"] == "switchyard::request")
        .collect()
}

#[tokio::test]
async fn each_request_is_one_log_line_with_its_id_and_never_its_token() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let log = dir.path().join("switchyard.log");
    let server = ServedBinary::start(&data, &[("SWITCHYARD_LOG_FORMAT", "json".as_ref())], Some(&log)).await;
    let token = demo_token(&data, "Testsupplier");
    let client = reqwest::Client::new();

    let listed = client
        .request(Method::GET, format!("{}/v2/transactions?per_page=1&filter[type]=ORDER", server.base))
        .bearer_auth(&token)
        .header("x-request-id", "erp-poll-42")
        .header("x-forwarded-for", "203.0.113.7")
        .send()
        .await
        .unwrap();
    assert_eq!(listed.status(), 200);
    assert_eq!(listed.headers()["x-request-id"], "erp-poll-42", "the client's id comes back");
    let refused = client.get(format!("{}/v2/transactions", server.base)).send().await.unwrap();
    assert_eq!(refused.status(), 401);
    let made_up = refused.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert!(made_up.parse::<uuid::Uuid>().is_ok(), "a request without an id gets one: {made_up}");
    let health = client.get(format!("{}/healthz", server.base)).send().await.unwrap();
    assert_eq!(health.status(), 200);
    let (email, password) = demo_portal_sign_in(&data, "Testsupplier");
    let mut browser = crate::browser::Browser::new(&server.base);
    let inbox = browser.sign_in("/portal/errors", &email, &password).await;
    assert_eq!(inbox.status, 200, "{inbox:?}");

    // The line is written as the answer leaves; give the log a moment to reach the file.
    let mut lines = request_lines(&server);
    for _ in 0..50 {
        if lines.iter().any(|line| line["fields"]["route"] == "/portal/errors" && line["fields"]["status"] == 200) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        lines = request_lines(&server);
    }
    let of = |id: &str| -> Vec<&Value> { lines.iter().filter(|line| line["span"]["request_id"] == id).collect() };
    let polled = of("erp-poll-42");
    assert_eq!(polled.len(), 1, "one line for the poll: {lines:#?}");
    let fields = &polled[0]["fields"];
    assert_eq!(fields["method"], "GET");
    assert_eq!(fields["route"], "/v2/transactions", "the route's template, without the query");
    assert_eq!(fields["status"], 200);
    assert!(fields["duration_ms"].as_f64().is_some_and(|ms| ms >= 0.0), "{fields}");
    assert!(fields["response_bytes"].as_u64().is_some_and(|bytes| bytes > 0), "{fields}");
    assert!(fields["company"].as_str().is_some_and(|id| id.parse::<uuid::Uuid>().is_ok()), "{fields}");
    assert_eq!(fields["client"], "127.0.0.1", "a forwarded address from an untrusted peer is ignored");
    let unauthenticated = of(&made_up);
    assert_eq!(unauthenticated.len(), 1, "{lines:#?}");
    assert_eq!(unauthenticated[0]["fields"]["status"], 401);
    assert!(unauthenticated[0]["fields"].get("company").is_none(), "no company without a token");
    assert!(lines.iter().any(|line| line["fields"]["route"] == "/healthz"), "{lines:#?}");
    let page = lines.iter().find(|line| line["fields"]["route"] == "/portal/errors" && line["fields"]["status"] == 200);
    let page = &page.expect("a line for the signed-in page")["fields"];
    assert_eq!(page["company"], fields["company"], "a portal page names the signed-in user's company");
    let form =
        lines.iter().find(|line| line["fields"]["route"] == "/portal/login" && line["fields"]["method"] == "GET");
    assert!(form.expect("a line for the sign-in form")["fields"].get("company").is_none(), "no company before it");

    // The demo prints its credentials once at start, for the newcomer; the log lines never do.
    let log_lines: Vec<String> =
        server.log_text().lines().filter(|line| line.starts_with('{')).map(str::to_owned).collect();
    assert!(log_lines.len() >= 4, "{log_lines:#?}");
    assert!(log_lines.iter().all(|line| !line.contains(&token)), "the token is never logged");
    assert!(log_lines.iter().all(|line| !line.contains("filter[type]")), "nor the query string");
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_log_names_the_client_it_forwards_for() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("switchyard.log");
    let environment =
        [("SWITCHYARD_LOG_FORMAT", "json".as_ref()), ("SWITCHYARD_TRUSTED_PROXIES", r#"["127.0.0.1"]"#.as_ref())];
    let server = ServedBinary::start(&dir.path().join("data"), &environment, Some(&log)).await;
    let answer = reqwest::Client::new()
        .get(format!("{}/healthz", server.base))
        .header("x-request-id", "through-the-proxy")
        .header("x-forwarded-for", "203.0.113.7")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    let mut line = None;
    for _ in 0..50 {
        line = request_lines(&server).into_iter().find(|line| line["span"]["request_id"] == "through-the-proxy");
        if line.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(line.expect("logged")["fields"]["client"], "203.0.113.7");
}
