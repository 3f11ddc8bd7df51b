//! `/metrics` as a Prometheus server scrapes it from the running binary: after a known sequence
//! of calls, the counters have moved by exactly that much; with `metrics_listen` set, the
//! metrics are there and no longer on the public port.

use std::collections::HashMap;

use reqwest::Method;
use serde_json::json;

use crate::served_binary::{ServedBinary, call, demo_token, numbered_order};

/// Each sample of a scrape, by its name with labels as written (`name{a="b"}`).
async fn scrape(url: &str) -> HashMap<String, f64> {
    let response = reqwest::get(url).await.unwrap();
    assert_eq!(response.status(), 200, "{url}");
    let kind = response.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(kind.starts_with("text/plain"), "the Prometheus text format: {kind}");
    let text = response.text().await.unwrap();
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let (series, value) = line.rsplit_once(' ').unwrap();
            (series.to_owned(), value.parse().unwrap())
        })
        .collect()
}

fn value(samples: &HashMap<String, f64>, series: &str) -> f64 {
    samples.get(series).copied().unwrap_or(0.0)
}

/// A counter's or a count's value, which the text format writes as a float.
#[allow(clippy::cast_possible_truncation)]
fn count(samples: &HashMap<String, f64>, series: &str) -> i64 {
    value(samples, series).round() as i64
}

#[tokio::test]
async fn a_scrape_counts_exactly_the_calls_made() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let server = ServedBinary::start(&data, &[], None).await;
    let (buyer, supplier) = (demo_token(&data, "ACME Co. Ltd."), demo_token(&data, "Testsupplier"));
    let metrics = format!("{}/metrics", server.base);
    let before = scrape(&metrics).await;

    let sends = format!("{}/v2/transactions", server.base);
    let mut sent = Vec::new();
    for number in ["PO-M-1", "PO-M-2"] {
        let (status, body) = call(Method::POST, &sends, Some(&buyer), Some(&numbered_order(number))).await;
        assert_eq!(status, 201, "{body}");
        sent.push(body["procurosTransactionId"].as_str().unwrap().to_owned());
    }
    let (status, _) = call(Method::POST, &sends, Some(&buyer), Some(&json!({"type": "ORDER", "content": {}}))).await;
    assert_eq!(status, 422, "an order without content is refused");
    let (status, _) = call(Method::GET, &sends, None, None).await;
    assert_eq!(status, 401);
    let mark = json!({"success": true});
    let (status, body) = call(Method::PUT, &format!("{sends}/{}", sent[0]), Some(&supplier), Some(&mark)).await;
    assert_eq!(status, 200, "{body}");

    let after = scrape(&metrics).await;
    let moved = |series: &str| count(&after, series) - count(&before, series);
    assert_eq!(moved(r#"switchyard_documents_sent_total{type="ORDER",outcome="delivered"}"#), 2);
    assert_eq!(moved(r#"switchyard_documents_sent_total{type="ORDER",outcome="refused"}"#), 1);
    assert_eq!(moved(r#"switchyard_documents_processed_total{status="SUCCESS"}"#), 1);
    assert_eq!(moved(r#"switchyard_http_requests_total{method="POST",route="/v2/transactions",status="201"}"#), 2);
    assert_eq!(moved(r#"switchyard_http_requests_total{method="POST",route="/v2/transactions",status="422"}"#), 1);
    assert_eq!(moved(r#"switchyard_http_requests_total{method="GET",route="/v2/transactions",status="401"}"#), 1);
    assert_eq!(moved(r#"switchyard_http_requests_total{method="PUT",route="/v2/transactions/{id}",status="200"}"#), 1);
    assert_eq!(
        moved(r#"switchyard_http_request_duration_seconds_count{method="POST",route="/v2/transactions"}"#),
        3,
        "each send timed"
    );
    assert_eq!(moved("switchyard_queue_documents"), 1, "two orders queued, one of them processed");
    assert!(value(&after, "switchyard_queue_oldest_age_seconds") > 0.0, "the demo's documents wait");
    assert!(count(&after, "switchyard_sqlite_commit_batch_size_count") >= 3, "each write committed");
    assert_eq!(count(&after, r#"switchyard_outbox_pending{kind="webhook"}"#), 0);
    let build = after.keys().find(|series| series.starts_with("switchyard_build_info{")).expect("the build is named");
    assert!(build.contains(r#"version=""#) && build.contains(r#"commit=""#), "{build}");
}

#[tokio::test]
async fn with_metrics_listen_the_metrics_leave_the_public_port() {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let apart = format!("127.0.0.1:{port}");
    let server =
        ServedBinary::start(&dir.path().join("data"), &[("SWITCHYARD_METRICS_LISTEN", apart.as_ref())], None).await;
    let public = reqwest::get(format!("{}/metrics", server.base)).await.unwrap();
    assert_eq!(public.status(), 404, "not on the public port");
    let samples = scrape(&format!("http://{apart}/metrics")).await;
    assert!(samples.contains_key("switchyard_queue_documents"), "{samples:?}");
}
