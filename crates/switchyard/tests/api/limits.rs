//! Limits: body size, rate per token, and many clients at once.

use reqwest::Method;
use switchyard_documents::DocumentType;

use crate::helpers::{TestApp, order};

#[tokio::test]
async fn a_body_over_the_limit_is_413() {
    let app = TestApp::spawn_with(|settings| settings.limits.body_limit = 4096).await;
    let (buyer, supplier) = app.trading_pair().await;
    let mut content = order(&buyer, &supplier, "PO-1");
    content["header"]["comments"] = serde_json::json!("x".repeat(8000));
    let reply = app.send(&buyer, DocumentType::Order, &content).await;
    assert_eq!(reply.status, 413);
    assert!(reply.body["message"].is_string());
    assert_eq!(app.all(&buyer, "").await.body["count"], 0);
}

#[tokio::test]
async fn a_token_over_its_rate_gets_429_and_others_carry_on() {
    let app = TestApp::spawn_with(|settings| settings.limits.rate_limit_per_minute = 3).await;
    let (buyer, supplier) = app.trading_pair().await;
    for remaining in ["2", "1", "0"] {
        let reply = app.call(Method::GET, "/v2/ping", Some(&buyer.token), None).await;
        assert_eq!(reply.status, 204);
        assert_eq!(reply.header("x-ratelimit-limit"), Some("3"));
        assert_eq!(reply.header("x-ratelimit-remaining"), Some(remaining));
        assert_eq!(reply.header("ratelimit-policy"), Some("\"token\";q=3;w=60"));
        let left = reply.header("ratelimit").unwrap();
        assert!(left.starts_with(&format!("\"token\";r={remaining};t=")), "{left}");
    }
    let limited = app.call(Method::GET, "/v2/ping", Some(&buyer.token), None).await;
    assert_eq!(limited.status, 429);
    assert_eq!(limited.body["message"], "Too Many Attempts.");
    let retry: u64 = limited.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry));
    assert_eq!(limited.header("x-ratelimit-remaining"), Some("0"));
    assert_eq!(app.call(Method::GET, "/v2/ping", Some(&supplier.token), None).await.status, 204);
}

#[tokio::test]
async fn requests_without_a_valid_token_are_limited_per_address_and_tokens_are_not() {
    let app = TestApp::spawn_with(|settings| settings.limits.unauthenticated_rate_limit_per_minute = 3).await;
    let (buyer, _) = app.trading_pair().await;
    let health = reqwest::get(format!("{}/healthz", app.base)).await.unwrap();
    assert_eq!(health.status(), 200);
    assert_eq!(health.headers()["ratelimit-policy"], "\"address\";q=3;w=60");
    assert_eq!(app.call(Method::GET, "/v2/ping", None, None).await.status, 401);
    let wrong = app.call(Method::GET, "/v2/ping", Some("sy_not-a-token"), None).await;
    assert_eq!((wrong.status, wrong.header("x-ratelimit-remaining")), (401, Some("0")));
    for path in ["/v2/ping", "/healthz", "/openapi.json"] {
        let limited = app.call(Method::GET, path, None, None).await;
        assert_eq!(limited.status, 429, "{path}");
        assert_eq!(limited.body["message"], "Too Many Attempts.");
        assert!(limited.header("retry-after").unwrap().parse::<u64>().unwrap() >= 1);
    }
    // A caller with a valid token is counted by its token, not by its address.
    assert_eq!(app.call(Method::GET, "/v2/ping", Some(&buyer.token), None).await.status, 204);
}

#[tokio::test]
async fn many_concurrent_senders_all_get_201_and_nothing_is_lost() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let sends = (0..64).map(|n| {
        let content = order(&buyer, &supplier, &format!("PO-{n}"));
        let (app, buyer) = (&app, &buyer);
        async move { app.send(buyer, DocumentType::Order, &content).await }
    });
    let replies = futures_util::future::join_all(sends).await;
    assert!(replies.iter().all(|reply| reply.status == 201), "{replies:?}");
    let mut sent: Vec<String> = replies.iter().map(crate::helpers::Reply::id).collect();
    let mut listed = app.incoming(&supplier, "").await.item_ids();
    sent.sort();
    listed.sort();
    assert_eq!(sent, listed);
}

#[tokio::test]
async fn an_acknowledged_document_survives_a_restart() {
    let mut app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let id = app.send(&buyer, DocumentType::Order, &order(&buyer, &supplier, "PO-1")).await.id();
    app.server.take().unwrap().stop().await.unwrap();
    let settings = app.settings.clone();
    let hub =
        switchyard::server::open_hub(&settings, std::sync::Arc::new(switchyard_network::SystemClock)).await.unwrap();
    let running = switchyard::server::start(&settings, hub).await.unwrap();
    app.base = running.public_url.clone();
    app.server = Some(running);
    assert_eq!(app.incoming(&supplier, "").await.item_ids(), [id]);
}

/// A large upload that started (its headers are in, its body is still arriving) holds the only
/// permit: a second large one waits for it, while small documents go through meanwhile.
#[tokio::test]
async fn large_bodies_beyond_the_cap_wait_and_small_ones_do_not() {
    use tokio::io::AsyncWriteExt;

    let app = TestApp::spawn_with(|settings| settings.limits.large_bodies_in_flight = 1).await;
    let (buyer, supplier) = app.trading_pair().await;
    let address = app.base.trim_start_matches("http://").to_owned();
    let mut slow = tokio::net::TcpStream::connect(&address).await.unwrap();
    let head = format!(
        "POST /v2/transactions HTTP/1.1\r\nhost: {address}\r\nauthorization: Bearer {}\r\n\
         content-type: application/json\r\ncontent-length: {}\r\n\r\n{{\"type\":",
        buyer.token,
        switchyard_api::LARGE_BODY_BYTES * 2
    );
    slow.write_all(head.as_bytes()).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;

    // Large on the wire, quick to handle: the bulk is a field the API ignores.
    let padding = "x".repeat(usize::try_from(switchyard_api::LARGE_BODY_BYTES).unwrap() + 1000);
    let body =
        serde_json::json!({"type": "ORDER", "content": order(&buyer, &supplier, "PO-LARGE"), "padding": padding});
    let waiting = tokio::spawn({
        let (client, base, token) = (app.client.clone(), app.base.clone(), buyer.token.clone());
        async move {
            client.post(format!("{base}/v2/transactions")).bearer_auth(token).json(&body).send().await.unwrap().status()
        }
    });
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert!(!waiting.is_finished(), "the second large body must wait for the permit");
    let small = app.send(&buyer, DocumentType::Order, &order(&buyer, &supplier, "PO-SMALL")).await;
    assert_eq!(small.status, 201, "small bodies never wait");

    drop(slow);
    let status = tokio::time::timeout(std::time::Duration::from_secs(10), waiting).await.unwrap().unwrap();
    assert_eq!(status.as_u16(), 201, "the waiting upload goes through once the permit is free");
}

#[tokio::test]
async fn a_million_broken_items_get_the_first_hundred_problems_and_a_count_of_the_rest() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let mut content = order(&buyer, &supplier, "PO-1");
    let items = "0,".repeat(1_000_000);
    content["items"] = serde_json::json!("ITEMS");
    let text = content.to_string().replace("\"ITEMS\"", &format!("[{}]", items.trim_end_matches(',')));
    let body = format!(r#"{{"type":"ORDER","content":{text}}}"#).into_bytes();
    let sent = app.call_raw(Method::POST, "/v2/transactions", &buyer.token, "application/json", body.clone()).await;
    assert_eq!(sent.status, 422);
    assert!(sent.text.len() < 64 * 1024, "an answer of {} bytes", sent.text.len());
    let listed: usize =
        sent.body["errors"].as_object().unwrap().values().map(|messages| messages.as_array().unwrap().len()).sum();
    assert_eq!(listed, 100);
    let unlisted = sent.body["unlistedErrors"].as_u64().unwrap();
    assert!(unlisted >= 999_900, "{unlisted}");
    assert!(
        sent.body["message"].as_str().unwrap().contains("The first 100 problems are listed"),
        "{}",
        sent.body["message"]
    );
    let validated = app.call_raw(Method::POST, "/v2/validate", &buyer.token, "application/json", body).await;
    assert_eq!(validated.body["unlistedErrors"], unlisted);
    let mut browser = app.signed_in(&buyer, "ann@buyer.example").await;
    let page = browser.open(sent.body["errorUrl"].as_str().unwrap()).await.html;
    assert!(page.len() < 256 * 1024, "a page of {} bytes", page.len());
    assert!(page.contains("found 1,000,000 problems"), "{page}");
    assert!(page.contains("the first 100 are listed"), "{page}");
}

/// Walks a list from its first page to its last, `per_page=100`, and returns each page's
/// documents as the sizes of their contents, by order number.
async fn pages_of(app: &TestApp, party: &crate::helpers::Party, path: &str) -> Vec<Vec<(String, usize)>> {
    let mut pages = Vec::new();
    let mut query = "?per_page=100".to_owned();
    loop {
        let reply = app.call(Method::GET, &format!("{path}{query}"), Some(&party.token), None).await;
        assert_eq!(reply.status, 200, "{}", reply.text);
        let items = reply.body["items"].as_array().unwrap();
        assert_eq!(reply.body["count"], items.len());
        let page = items
            .iter()
            .map(|item| {
                let number = item["content"]["header"]["orderIdentifier"].as_str().unwrap().to_owned();
                (number, item["content"].to_string().len())
            })
            .collect();
        pages.push(page);
        if reply.body["hasMore"] != true {
            assert!(reply.body["nextCursor"].is_null());
            return pages;
        }
        query = format!("?per_page=100&cursor={}", reply.body["nextCursor"].as_str().unwrap());
    }
}

#[tokio::test]
async fn a_list_page_ends_before_the_document_that_would_pass_its_byte_budget() {
    const BUDGET: usize = 20_000;
    let app = TestApp::spawn_with(|settings| settings.limits.list_page_bytes = BUDGET).await;
    let (buyer, supplier) = app.trading_pair().await;
    let paddings = [3_000, 9_000, 25_000, 1_000, 1_000, 12_000, 6_000, 2_000];
    let mut sent = Vec::new();
    for (n, padding) in paddings.into_iter().enumerate() {
        let number = format!("PO-{n}");
        let mut content = order(&buyer, &supplier, &number);
        content["header"]["comments"] = serde_json::json!("x".repeat(padding));
        assert_eq!(app.send(&buyer, DocumentType::Order, &content).await.status, 201);
        sent.push(number);
    }
    for (party, path) in [(&supplier, "/v2/transactions"), (&buyer, "/v2/all-transactions")] {
        let pages = pages_of(&app, party, path).await;
        let listed: Vec<&String> = pages.iter().flatten().map(|(number, _)| number).collect();
        assert_eq!(listed, sent.iter().collect::<Vec<_>>(), "{path}: each document once, in order");
        for page in &pages {
            let bytes: usize = page.iter().map(|(_, size)| size).sum();
            assert!(bytes <= BUDGET || page.len() == 1, "{path}: a page of {bytes} bytes: {page:?}");
        }
        assert_eq!(pages.len(), 4, "{path}: {pages:?}");
        assert_eq!(pages[1].len(), 1, "{path}: the document larger than the budget has a page of its own");
    }
}
