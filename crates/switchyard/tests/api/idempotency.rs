//! `Idempotency-Key`: a retry of a request gets the first answer byte for byte and changes
//! nothing; the key cannot be used for another request; a crash leaves a change with its answer
//! or neither.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use futures_util::future::join_all;
use reqwest::Method;
use serde_json::{Value, json};
use switchyard_documents::DocumentType;

use switchyard_store_postgres::testing::TestServer;

use crate::helpers::{Party, Reply, TestApp, on_postgres, order};
use crate::multi_process::{Process, seed, serve_with};

fn sent(kind: DocumentType, content: &Value) -> Value {
    json!({ "type": kind, "content": content })
}

async fn send_keyed(app: &TestApp, from: &Party, body: &Value, key: &str) -> Reply {
    app.call_with_key(Method::POST, "/v2/transactions", &from.token, body, key).await
}

/// Asserts that `retry` is `first` again, replayed.
fn assert_replayed(first: &Reply, retry: &Reply) {
    assert_eq!(first.header("idempotent-replayed"), None, "a first answer is not a replay");
    assert_eq!(retry.header("idempotent-replayed"), Some("true"), "{retry:?}");
    assert_eq!((retry.status, &retry.text), (first.status, &first.text), "the same answer byte for byte");
}

#[tokio::test]
async fn a_send_retried_with_its_key_gets_the_first_answer_and_is_stored_once() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let body = sent(DocumentType::Order, &order(&buyer, &supplier, "PO-KEY-1"));
    let first = send_keyed(&app, &buyer, &body, "8e03978e-40d5-43e8-bc93-6894a57f9324").await;
    assert_eq!(first.status, 201, "{first:?}");
    let retry = send_keyed(&app, &buyer, &body, "8e03978e-40d5-43e8-bc93-6894a57f9324").await;
    assert_replayed(&first, &retry);
    let queue = app.incoming(&supplier, "").await;
    assert_eq!(queue.item_ids(), vec![first.id()], "one document in the queue");

    // The same document without a key is a duplicate, as ever.
    let unkeyed = app.call(Method::POST, "/v2/transactions", Some(&buyer.token), Some(&body)).await;
    assert_eq!((unkeyed.status, unkeyed.body["code"].as_str()), (400, Some("payload.duplicate")));
}

#[tokio::test]
async fn a_key_used_for_another_request_is_refused_and_a_key_too_long_is_invalid() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let first = send_keyed(&app, &buyer, &sent(DocumentType::Order, &order(&buyer, &supplier, "PO-1")), "k").await;
    assert_eq!(first.status, 201);
    let other = send_keyed(&app, &buyer, &sent(DocumentType::Order, &order(&buyer, &supplier, "PO-2")), "k").await;
    assert_eq!((other.status, other.body["code"].as_str()), (422, Some("idempotency.key_reused")), "{other:?}");
    let elsewhere = app
        .call_with_key(
            Method::PUT,
            &format!("/v2/transactions/{}", first.id()),
            &supplier.token,
            &json!({"success": true}),
            "k",
        )
        .await;
    assert_eq!(elsewhere.status, 200, "keys are the company's own: the supplier's `k` is another key");
    let reused_route = app
        .call_with_key(Method::POST, "/v2/errors", &buyer.token, &json!({"errorReason": "x", "errorType": "DATA"}), "k")
        .await;
    assert_eq!(reused_route.body["code"], "idempotency.key_reused", "{reused_route:?}");

    let long =
        send_keyed(&app, &buyer, &sent(DocumentType::Order, &order(&buyer, &supplier, "PO-3")), &"k".repeat(256)).await;
    assert_eq!((long.status, long.body["code"].as_str()), (400, Some("idempotency.key_invalid")), "{long:?}");
    let longest =
        send_keyed(&app, &buyer, &sent(DocumentType::Order, &order(&buyer, &supplier, "PO-3")), &"k".repeat(255)).await;
    assert_eq!(longest.status, 201);
    assert_eq!(app.all(&buyer, "").await.item_ids().len(), 2, "nothing refused was stored");
}

#[tokio::test]
async fn a_refused_document_retried_with_its_key_is_refused_alike_with_one_error() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let mut content = order(&buyer, &supplier, "PO-BAD");
    content["items"] = json!([]);
    let body = sent(DocumentType::Order, &content);
    let first = send_keyed(&app, &buyer, &body, "bad-1").await;
    assert_eq!(first.status, 422, "{first:?}");
    assert!(first.body["errorUrl"].is_string());
    let retry = send_keyed(&app, &buyer, &body, "bad-1").await;
    assert_replayed(&first, &retry);
    let unreadable =
        app.call_raw(Method::POST, "/v2/transactions", &buyer.token, "application/json", b"{oops".to_vec());
    let unreadable = unreadable.await;
    assert_eq!(unreadable.body["code"], "payload.unreadable");
    assert_eq!(app.hub().open_error_count(buyer.id).await.unwrap(), 2, "the retry opened no second error");
}

#[tokio::test]
async fn marks_reports_and_task_answers_are_replayed_with_their_keys() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let first = app.send(&buyer, DocumentType::Order, &order(&buyer, &supplier, "PO-1")).await.id();
    let second = app.send(&buyer, DocumentType::Order, &order(&buyer, &supplier, "PO-2")).await.id();

    let failure = json!({"success": false, "errorReason": "Unknown article"});
    let path = format!("/v2/transactions/{first}");
    let marked = app.call_with_key(Method::PUT, &path, &supplier.token, &failure, "mark-1").await;
    assert_eq!(marked.status, 200, "{marked:?}");
    assert_replayed(&marked, &app.call_with_key(Method::PUT, &path, &supplier.token, &failure, "mark-1").await);

    let bulk = json!({"items": [{"procurosTransactionId": second, "success": true}]});
    let bulk_path = "/v2/transactions/bulk/mark-processed";
    let bulk_marked = app.call_with_key(Method::POST, bulk_path, &supplier.token, &bulk, "bulk-1").await;
    assert_eq!(bulk_marked.status, 200, "{bulk_marked:?}");
    assert_replayed(&bulk_marked, &app.call_with_key(Method::POST, bulk_path, &supplier.token, &bulk, "bulk-1").await);

    let report = json!({"errorReason": "Could not build the invoice", "errorType": "DATA"});
    let reported = app.call_with_key(Method::POST, "/v2/errors", &buyer.token, &report, "error-1").await;
    assert_eq!(reported.status, 201, "{reported:?}");
    assert_replayed(&reported, &app.call_with_key(Method::POST, "/v2/errors", &buyer.token, &report, "error-1").await);
    assert_eq!(app.hub().open_error_count(buyer.id).await.unwrap(), 1, "one error reported");

    let unknown = format!("/v2/tasks/{}", uuid::Uuid::new_v4());
    let refused = app.call_with_key(Method::PUT, &unknown, &buyer.token, &json!({"success": true}), "task-1").await;
    assert_eq!(refused.status, 404);
    assert_replayed(
        &refused,
        &app.call_with_key(Method::PUT, &unknown, &buyer.token, &json!({"success": true}), "task-1").await,
    );
}

#[tokio::test]
async fn of_one_request_sent_many_times_at_once_with_one_key_one_runs() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let body = sent(DocumentType::Order, &order(&buyer, &supplier, "PO-RACE"));
    let replies = join_all((0..10).map(|_| send_keyed(&app, &buyer, &body, "race"))).await;
    let created: Vec<&Reply> = replies.iter().filter(|reply| reply.status == 201).collect();
    let first = created.iter().find(|reply| reply.header("idempotent-replayed").is_none()).expect("one ran");
    for reply in &replies {
        match reply.status {
            201 => assert_eq!(reply.text, first.text, "every 201 is the one answer"),
            409 => assert_eq!(reply.body["code"], "idempotency.in_progress"),
            other => panic!("unexpected {other}: {reply:?}"),
        }
    }
    let ran = created.iter().filter(|reply| reply.header("idempotent-replayed").is_none()).count();
    assert_eq!(ran, 1);
    assert_eq!(app.incoming(&supplier, "").await.item_ids().len(), 1);
}

/// The order numbers of every document the buyer sent, with how often each was stored.
async fn stored_numbers(base: &str, buyer: &Party) -> HashMap<String, usize> {
    let mut numbers = HashMap::new();
    let mut url = format!("{base}/v2/all-transactions?per_page=100");
    loop {
        let page: Value =
            reqwest::Client::new().get(&url).bearer_auth(&buyer.token).send().await.unwrap().json().await.unwrap();
        for item in page["items"].as_array().unwrap() {
            let number = item["content"]["header"]["orderIdentifier"].as_str().unwrap().to_owned();
            *numbers.entry(number).or_default() += 1;
        }
        match page["nextPageUrl"].as_str() {
            Some(next) => next.clone_into(&mut url),
            None => return numbers,
        }
    }
}

/// Sends order `n` with its own key; the status and body, unless the connection broke.
async fn send_order(base: &str, buyer: &Party, supplier: &Party, n: usize) -> Option<(u16, bool, String)> {
    let response = reqwest::Client::new()
        .post(format!("{base}/v2/transactions"))
        .bearer_auth(&buyer.token)
        .header("idempotency-key", format!("crash-{n}"))
        .json(&sent(DocumentType::Order, &order(buyer, supplier, &format!("PO-{n}"))))
        .send()
        .await
        .ok()?;
    let (status, replayed) = (response.status().as_u16(), response.headers().contains_key("idempotent-replayed"));
    Some((status, replayed, response.text().await.ok()?))
}

#[tokio::test]
async fn a_server_killed_mid_request_leaves_each_change_with_its_answer_or_neither() {
    const SENDS: usize = 100;
    let dir = tempfile::tempdir().unwrap();
    let postgres = on_postgres().then(|| TestServer::start().expect("a private PostgreSQL server"));
    let database = match &postgres {
        Some(server) => server.fresh_database().await.unwrap(),
        None => format!("sqlite://{}", dir.path().join("switchyard.db").display()),
    };
    let (buyer, supplier) = seed(&database, dir.path()).await;
    let (mut server, base) = serve_with(&database, dir.path(), &[]).await;
    let answered = Arc::new(AtomicUsize::new(0));
    let sending = (0..SENDS).map(|n| {
        let (base, buyer, supplier, answered) = (base.clone(), buyer.clone(), supplier.clone(), Arc::clone(&answered));
        tokio::spawn(async move {
            let answer = send_order(&base, &buyer, &supplier, n).await;
            answered.fetch_add(1, Ordering::SeqCst);
            answer
        })
    });
    let sending: Vec<_> = sending.collect();
    while answered.load(Ordering::SeqCst) < SENDS / 5 {
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    // SIGKILL: no shutdown, no flush; only what was committed survives.
    kill(&mut server);
    let first_answers: Vec<_> = join_all(sending).await.into_iter().map(Result::unwrap).collect();

    let (_server, base) = serve_with(&database, dir.path(), &[]).await;
    let stored = stored_numbers(&base, &buyer).await;
    let mut kept = 0;
    for (n, first) in first_answers.iter().enumerate() {
        let number = format!("PO-{n}");
        let was_stored = stored.get(&number).copied().unwrap_or(0);
        assert!(was_stored <= 1, "{number} stored {was_stored} times");
        let told = first.as_ref().filter(|(status, _, _)| *status == 201).map(|(_, _, text)| text);
        match send_order(&base, &buyer, &supplier, n).await.unwrap() {
            (201, true, text) => {
                assert_eq!(was_stored, 1, "{number}: an answer was kept, so its change is");
                if let Some(told) = told {
                    assert_eq!(&text, told, "{number}: the answer the client had is the one kept");
                }
                kept += 1;
            }
            (409, false, _) => assert_eq!(was_stored, 0, "{number}: claimed but not answered, so not stored"),
            (201, false, _) => {
                assert_eq!(was_stored, 0, "{number}: not answered before, so not stored before");
                assert!(told.is_none(), "{number}: a client told 201 finds its answer kept");
            }
            other => panic!("{number}: {other:?}"),
        }
    }
    assert!(kept > 0, "the server was killed before any send was stored; nothing was tested");
    let after = stored_numbers(&base, &buyer).await;
    assert!(after.values().all(|count| *count == 1), "every document at most once: {after:?}");
}

fn kill(server: &mut Process) {
    let _ = server.0.kill();
    let _ = server.0.wait();
}
