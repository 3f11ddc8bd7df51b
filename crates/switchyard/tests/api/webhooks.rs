//! Webhooks against a real HTTP receiver on loopback: endpoints added over the API are told of
//! what happens to their company, signed as Standard Webhooks says (checked here by code of the
//! test's own), retried with the same `webhook-id` while the receiver is down, signed twice for a
//! day after a rotation, and refused on private addresses unless the operator allows them.

use std::sync::Arc;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use reqwest::Method;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use switchyard::webhook_dispatcher::Dispatcher;
use switchyard_documents::DocumentType;
use switchyard_testkit::webhook_sink::{Received, WebhookSink};

use crate::helpers::{Party, Reply, TestApp, order};

pub(crate) async fn app_allowing_private_targets() -> TestApp {
    TestApp::spawn_with(|settings| settings.webhooks.allow_private_targets = true).await
}

/// Sends every webhook delivery due now and waits for each to be settled.
pub(crate) async fn deliver_webhooks(app: &TestApp) -> usize {
    let running = app.server.as_ref().unwrap();
    let zone = app.settings.zone().unwrap();
    let dispatcher = Dispatcher::new(Arc::clone(&running.hub), &app.settings.webhooks, &running.public_url, zone);
    Arc::new(dispatcher.unwrap()).drain().await.unwrap()
}

pub(crate) async fn add_webhook(app: &TestApp, party: &Party, url: &str, events: &[&str]) -> Reply {
    let body = json!({ "url": url, "events": events, "description": "ERP" });
    app.call(Method::POST, "/v2/webhooks", Some(&party.token), Some(&body)).await
}

/// HMAC-SHA256, written out here (RFC 2104) rather than borrowed from the server's code.
fn hmac_sha256(key: &[u8], message: &[u8]) -> Vec<u8> {
    let mut block = [0_u8; 64];
    if key.len() > 64 {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let pad = |byte: u8| block.iter().map(|key_byte| key_byte ^ byte).collect::<Vec<u8>>();
    let inner = Sha256::new().chain_update(pad(0x36)).chain_update(message).finalize();
    Sha256::new().chain_update(pad(0x5c)).chain_update(inner).finalize().to_vec()
}

/// Whether one of the request's signatures is the one `secret` makes, as a receiver checks it.
pub(crate) fn signed_by(request: &Received, secret: &str) -> bool {
    let key = STANDARD.decode(secret.trim_start_matches("whsec_")).unwrap();
    let id = request.header("webhook-id").unwrap();
    let timestamp = request.header("webhook-timestamp").unwrap();
    let mut signed = format!("{id}.{timestamp}.").into_bytes();
    signed.extend_from_slice(&request.body);
    let expected = format!("v1,{}", STANDARD.encode(hmac_sha256(&key, &signed)));
    request.header("webhook-signature").unwrap().split(' ').any(|signature| signature == expected)
}

fn body(request: &Received) -> Value {
    serde_json::from_slice(&request.body).unwrap()
}

#[tokio::test]
async fn a_document_waiting_in_the_queue_is_pushed_signed_with_its_content() {
    let app = app_allowing_private_targets().await;
    let (buyer, supplier) = app.trading_pair().await;
    let sink = WebhookSink::start().await;
    let added = add_webhook(&app, &supplier, &sink.url("/hooks"), &["transaction.received"]).await;
    assert_eq!(added.status, 201, "{added:?}");
    let secret = added.body["data"]["secret"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("whsec_") && STANDARD.decode(&secret[6..]).unwrap().len() == 32, "{secret}");
    assert_eq!(added.body["data"]["events"], json!(["transaction.received"]));
    assert_eq!(added.body["data"]["enabled"], true);

    let content = order(&buyer, &supplier, "PO-PUSH");
    let id = app.send(&buyer, DocumentType::Order, &content).await.id();
    assert_eq!(deliver_webhooks(&app).await, 1);
    let received = sink.received();
    assert_eq!(received.len(), 1, "{received:?}");
    let request = &received[0];
    assert_eq!(request.path, "/hooks");
    assert!(signed_by(request, &secret), "the signature verifies: {:?}", request.headers);
    assert!(!signed_by(request, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), "and only with its own secret");
    let timestamp: i64 = request.header("webhook-timestamp").unwrap().parse().unwrap();
    assert!((chrono::Utc::now().timestamp() - timestamp).abs() < 60);
    let pushed = body(request);
    assert_eq!(pushed["type"], "transaction.received");
    assert!(pushed["timestamp"].is_string());
    let listed = app.incoming(&supplier, "").await;
    assert_eq!(pushed["data"], listed.body["items"][0], "the item the queue lists, content included");
    assert_eq!(pushed["data"]["procurosTransactionId"], id.as_str());
    assert_eq!(pushed["data"]["content"], content);

    let shown = app
        .call(
            Method::GET,
            &format!("/v2/webhooks/{}", added.body["data"]["id"].as_str().unwrap()),
            Some(&supplier.token),
            None,
        )
        .await;
    assert!(shown.body["data"].get("secret").is_none(), "the secret is shown once: {shown:?}");
}

#[tokio::test]
async fn a_receiver_down_gets_every_event_once_back_with_the_same_webhook_id() {
    let app = app_allowing_private_targets().await;
    let (buyer, supplier) = app.trading_pair().await;
    let sink = WebhookSink::start().await;
    let port = sink.address.port();
    let added = add_webhook(&app, &supplier, &sink.url("/in"), &["transaction.received"]).await;
    let hook = added.body["data"]["id"].as_str().unwrap().to_owned();
    drop(sink);

    for n in 0..3 {
        app.send(&buyer, DocumentType::Order, &order(&buyer, &supplier, &format!("PO-{n}"))).await;
    }
    assert_eq!(
        deliver_webhooks(&app).await,
        2,
        "two attempts at once to one endpoint; refused, it is left alone for a while"
    );
    let path = format!("/v2/webhooks/{hook}/deliveries");
    let failed = app.call(Method::GET, &path, Some(&supplier.token), None).await;
    let deliveries = failed.body["data"].as_array().unwrap().clone();
    assert_eq!(deliveries.len(), 3);
    let tried: Vec<&Value> = deliveries.iter().filter(|delivery| delivery["attempts"][0].is_object()).collect();
    assert_eq!(tried.len(), 2);
    for delivery in &deliveries {
        assert_eq!(delivery["status"], "PENDING", "{delivery}");
        assert!(delivery["nextAttemptAt"].is_string());
    }
    for delivery in tried {
        let attempt = &delivery["attempts"][0];
        assert!(attempt["statusCode"].is_null() && attempt["error"].as_str().unwrap().contains("connect"), "{attempt}");
    }

    let sink = WebhookSink::start_on(port).await;
    assert_eq!(deliver_webhooks(&app).await, 1, "the one not tried yet goes; the two refused wait for their retry");
    app.advance(Duration::from_secs(6));
    assert_eq!(deliver_webhooks(&app).await, 2);
    let mut ids: Vec<String> =
        sink.received().iter().map(|request| request.header("webhook-id").unwrap().to_owned()).collect();
    ids.sort();
    let mut expected: Vec<String> =
        deliveries.iter().map(|delivery| delivery["id"].as_str().unwrap().to_owned()).collect();
    expected.sort();
    assert_eq!(ids, expected, "each event once, under the id of its first attempt");
    let delivered = app.call(Method::GET, &path, Some(&supplier.token), None).await;
    for delivery in delivered.body["data"].as_array().unwrap() {
        assert_eq!(delivery["status"], "DELIVERED");
        assert_eq!(delivery["attempts"].as_array().unwrap().last().unwrap()["statusCode"], 200);
    }
    app.advance(Duration::from_mins(10));
    assert_eq!(deliver_webhooks(&app).await, 0, "a delivered event is not sent again");
}

#[tokio::test]
async fn a_rotated_secret_signs_beside_the_new_one_for_a_day() {
    let app = app_allowing_private_targets().await;
    let (buyer, supplier) = app.trading_pair().await;
    let sink = WebhookSink::start().await;
    let added = add_webhook(&app, &supplier, &sink.url("/in"), &["transaction.received"]).await;
    let (hook, old) = (added.body["data"]["id"].as_str().unwrap(), added.body["data"]["secret"].as_str().unwrap());
    let rotated =
        app.call(Method::POST, &format!("/v2/webhooks/{hook}/rotate-secret"), Some(&supplier.token), None).await;
    assert_eq!(rotated.status, 200, "{rotated:?}");
    let new = rotated.body["data"]["secret"].as_str().unwrap();
    assert_ne!(new, old);
    assert!(rotated.body["data"]["previousSecretExpiresAt"].is_string());

    app.send(&buyer, DocumentType::Order, &order(&buyer, &supplier, "PO-1")).await;
    deliver_webhooks(&app).await;
    let first = &sink.received()[0];
    assert_eq!(first.header("webhook-signature").unwrap().split(' ').count(), 2, "two signatures");
    assert!(signed_by(first, new) && signed_by(first, old), "one by each secret");

    app.advance(Duration::from_hours(24) + Duration::from_secs(1));
    app.send(&buyer, DocumentType::Order, &order(&buyer, &supplier, "PO-2")).await;
    deliver_webhooks(&app).await;
    let later = &sink.received()[1];
    assert!(signed_by(later, new) && !signed_by(later, old), "a day later the old secret no longer signs");
}

#[tokio::test]
async fn private_and_plain_http_targets_are_refused_unless_the_operator_allows_them() {
    let app = TestApp::spawn().await;
    let (_, supplier) = app.trading_pair().await;
    for url in [
        "http://127.0.0.1:9/in",
        "https://127.0.0.1/in",
        "https://10.0.0.8/in",
        "https://169.254.169.254/",
        "https://localhost/in",
        "http://erp.example.com/in",
    ] {
        let refused = add_webhook(&app, &supplier, url, &["transaction.received"]).await;
        assert_eq!((refused.status, refused.error_paths()), (422, vec!["url".to_owned()]), "{url}: {refused:?}");
    }
    let unknown = add_webhook(&app, &supplier, "https://erp.example.com/in", &["order.shipped"]).await;
    assert_eq!(unknown.error_paths(), ["events.0"]);
    let none = add_webhook(&app, &supplier, "https://erp.example.com/in", &[]).await;
    assert_eq!(none.error_paths(), ["events"]);
    let public = add_webhook(&app, &supplier, "https://erp.example.com/in", &["error.opened"]).await;
    assert_eq!(public.status, 201, "{public:?}");
}

#[tokio::test]
async fn endpoints_are_changed_removed_and_kept_from_other_companies() {
    let app = app_allowing_private_targets().await;
    let (buyer, supplier) = app.trading_pair().await;
    let sink = WebhookSink::start().await;
    let added = add_webhook(&app, &supplier, &sink.url("/in"), &["transaction.received"]).await;
    let path = format!("/v2/webhooks/{}", added.body["data"]["id"].as_str().unwrap());
    let hidden = app.call(Method::GET, &path, Some(&buyer.token), None).await;
    assert_eq!((hidden.status, hidden.body["code"].as_str()), (404, Some("resource.not_found")));
    assert!(
        app.call(Method::GET, "/v2/webhooks", Some(&buyer.token), None).await.body["data"]
            .as_array()
            .unwrap()
            .is_empty()
    );

    let off = app.call(Method::PATCH, &path, Some(&supplier.token), Some(&json!({"enabled": false}))).await;
    assert_eq!((off.status, off.body["data"]["enabled"].as_bool()), (200, Some(false)), "{off:?}");
    app.send(&buyer, DocumentType::Order, &order(&buyer, &supplier, "PO-1")).await;
    assert_eq!(deliver_webhooks(&app).await, 0, "an endpoint turned off is told nothing");
    let changed =
        json!({"enabled": true, "events": ["error.opened", "transaction.received"], "description": "New ERP"});
    let on = app.call(Method::PATCH, &path, Some(&supplier.token), Some(&changed)).await;
    assert_eq!(on.body["data"]["events"], json!(["error.opened", "transaction.received"]));
    assert_eq!(on.body["data"]["description"], "New ERP");
    app.send(&buyer, DocumentType::Order, &order(&buyer, &supplier, "PO-2")).await;
    assert_eq!(deliver_webhooks(&app).await, 1);

    let removed = app.call(Method::DELETE, &path, Some(&supplier.token), None).await;
    assert_eq!(removed.status, 204);
    assert_eq!(app.call(Method::GET, &path, Some(&supplier.token), None).await.status, 404);
    app.send(&buyer, DocumentType::Order, &order(&buyer, &supplier, "PO-3")).await;
    assert_eq!(deliver_webhooks(&app).await, 0);
}

#[tokio::test]
async fn outcomes_errors_and_tasks_are_told_to_the_company_they_concern() {
    let app = app_allowing_private_targets().await;
    let (buyer, supplier) = app.trading_pair().await;
    let (buyer_sink, supplier_sink) = (WebhookSink::start().await, WebhookSink::start().await);
    add_webhook(&app, &buyer, &buyer_sink.url("/buyer"), &["transaction.status_changed", "error.opened"]).await;
    add_webhook(&app, &supplier, &supplier_sink.url("/supplier"), &["error.opened", "task.created"]).await;

    let id = app.send(&buyer, DocumentType::Order, &order(&buyer, &supplier, "PO-1")).await.id();
    let marked = app.mark(&supplier, &id, &json!({"success": false, "errorReason": "Unknown article"})).await;
    let error_url = marked.body["data"]["errorUrl"].as_str().unwrap().to_owned();
    let task =
        app.hub().create_task(supplier.id, switchyard_network::model::TaskType::ExportCustomers, None).await.unwrap();
    deliver_webhooks(&app).await;

    let to_buyer: Vec<Value> = buyer_sink.received().iter().map(body).collect();
    assert_eq!(to_buyer.len(), 1, "{to_buyer:?}");
    assert_eq!(to_buyer[0]["type"], "transaction.status_changed");
    assert_eq!(to_buyer[0]["data"]["status"], "FAILED");
    assert_eq!(to_buyer[0]["data"]["reason"], "Unknown article");
    assert_eq!(to_buyer[0]["data"]["procurosTransactionId"], id.as_str());

    let to_supplier: Vec<Value> = supplier_sink.received().iter().map(body).collect();
    let kinds: Vec<&str> = to_supplier.iter().map(|pushed| pushed["type"].as_str().unwrap()).collect();
    assert_eq!(kinds.len(), 2, "{to_supplier:?}");
    let opened = to_supplier.iter().find(|pushed| pushed["type"] == "error.opened").unwrap();
    assert_eq!(opened["data"]["errorUrl"], error_url.as_str());
    assert_eq!(opened["data"]["reason"], "Unknown article");
    let created = to_supplier.iter().find(|pushed| pushed["type"] == "task.created").unwrap();
    assert_eq!(created["data"]["procurosTaskId"], task.to_string());
    assert_eq!(created["data"]["type"], "EXPORT_CUSTOMERS", "the item GET /v2/tasks lists: {created}");

    let told = app.call(Method::GET, &format!("/v2/all-transactions/{id}/events"), Some(&buyer.token), None).await;
    let kinds: Vec<&str> =
        told.body["data"].as_array().unwrap().iter().map(|entry| entry["type"].as_str().unwrap()).collect();
    assert!(kinds.contains(&"webhook_delivered"), "the document's story tells the buyer its endpoint heard: {kinds:?}");
}

#[tokio::test]
async fn a_delivery_is_sent_again_on_request_with_its_webhook_id() {
    let app = app_allowing_private_targets().await;
    let (buyer, supplier) = app.trading_pair().await;
    let sink = WebhookSink::start().await;
    let added = add_webhook(&app, &supplier, &sink.url("/in"), &["transaction.received"]).await;
    let hook = added.body["data"]["id"].as_str().unwrap();
    app.send(&buyer, DocumentType::Order, &order(&buyer, &supplier, "PO-1")).await;
    deliver_webhooks(&app).await;
    let listed = app.call(Method::GET, &format!("/v2/webhooks/{hook}/deliveries"), Some(&supplier.token), None).await;
    let delivery = listed.body["data"][0]["id"].as_str().unwrap();
    let retry = format!("/v2/webhooks/deliveries/{delivery}/retry");
    let hidden = app.call(Method::POST, &retry, Some(&buyer.token), None).await;
    assert_eq!(hidden.status, 404, "another company's delivery");
    let again = app.call(Method::POST, &retry, Some(&supplier.token), None).await;
    assert_eq!((again.status, again.body["data"]["status"].as_str()), (202, Some("PENDING")), "{again:?}");
    deliver_webhooks(&app).await;
    let received = sink.received();
    assert_eq!(received.len(), 2);
    assert_eq!(received[0].header("webhook-id"), received[1].header("webhook-id"));
    assert_eq!(received[1].header("webhook-id"), Some(delivery));
}

#[tokio::test]
async fn an_endpoint_failing_for_five_days_is_turned_off_and_the_admins_are_told() {
    let mail_sink = switchyard_testkit::smtp_sink::SmtpSink::start().await;
    let url = mail_sink.url();
    let app = TestApp::spawn_with(move |settings| {
        settings.webhooks.allow_private_targets = true;
        settings.mail.smtp_url = Some(switchyard::config::SecretUrl::new(url));
    })
    .await;
    let (buyer, supplier) = app.trading_pair().await;
    app.user(&supplier, "admin@supplier.example", switchyard_network::model::Role::Admin).await;
    app.user(&supplier, "member@supplier.example", switchyard_network::model::Role::Member).await;
    let sink = WebhookSink::start().await;
    sink.answer_with(500);
    let added = add_webhook(&app, &supplier, &sink.url("/in"), &["transaction.received"]).await;
    let path = format!("/v2/webhooks/{}", added.body["data"]["id"].as_str().unwrap());

    app.send(&buyer, DocumentType::Order, &order(&buyer, &supplier, "PO-1")).await;
    deliver_webhooks(&app).await;
    let failing = app.call(Method::GET, &path, Some(&supplier.token), None).await;
    assert!(failing.body["data"]["failingSince"].is_string(), "{failing:?}");
    assert_eq!(failing.body["data"]["enabled"], true, "one failure turns nothing off");

    app.advance(Duration::from_hours(5 * 24));
    app.send(&buyer, DocumentType::Order, &order(&buyer, &supplier, "PO-2")).await;
    deliver_webhooks(&app).await;
    let off = app.call(Method::GET, &path, Some(&supplier.token), None).await;
    assert_eq!(off.body["data"]["enabled"], false, "{off:?}");
    assert!(off.body["data"]["disabledReason"].as_str().unwrap().contains("five days"));
    let tried = sink.received().len();
    app.send(&buyer, DocumentType::Order, &order(&buyer, &supplier, "PO-3")).await;
    app.advance(Duration::from_hours(12));
    deliver_webhooks(&app).await;
    assert_eq!(sink.received().len(), tried, "an endpoint turned off is sent nothing more");

    crate::notifications::worker_of(&app).drain().await.unwrap();
    let mails = mail_sink.received();
    let told: Vec<_> = mails.iter().filter(|mail| crate::notifications::text(mail).contains("turned off")).collect();
    assert_eq!(told.len(), 1, "the admin, and only the admin: {mails:?}");
    assert!(told[0].to.iter().any(|to| to.contains("admin@supplier.example")));
    assert!(crate::notifications::text(told[0]).contains("/portal/connections"));

    let on = app.call(Method::PATCH, &path, Some(&supplier.token), Some(&json!({"enabled": true}))).await;
    assert!(on.body["data"]["failingSince"].is_null() && on.body["data"]["disabledReason"].is_null(), "{on:?}");
}

/// The receiver of docs/webhooks.md, exactly as written there, running on `port` with `secret`.
struct DocumentedReceiver {
    process: std::process::Child,
    _dir: tempfile::TempDir,
}

impl Drop for DocumentedReceiver {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

impl DocumentedReceiver {
    async fn start(secret: &str) -> (Self, u16) {
        let docs = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/webhooks.md")).unwrap();
        let snippet = docs.split("```python\n").nth(1).and_then(|rest| rest.split("```").next()).unwrap();
        assert!(snippet.trim().lines().count() <= 15, "the documented receiver is 15 lines at most");
        let dir = tempfile::tempdir().unwrap();
        let script = dir.path().join("receiver.py");
        std::fs::write(&script, snippet).unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let process = std::process::Command::new("python3")
            .arg(&script)
            .env("WEBHOOK_SECRET", secret)
            .env("PORT", port.to_string())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("python3 runs the documented receiver (install python3)");
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        while tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_err() {
            assert!(std::time::Instant::now() < deadline, "the documented receiver did not start");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        (Self { process, _dir: dir }, port)
    }

    /// What it printed, once stopped.
    fn printed(mut self) -> String {
        let _ = self.process.kill();
        let mut output = String::new();
        if let Some(mut stdout) = self.process.stdout.take() {
            std::io::Read::read_to_string(&mut stdout, &mut output).unwrap();
        }
        output
    }
}

#[tokio::test]
async fn the_documented_python_receiver_verifies_what_the_hub_sends() {
    let app = app_allowing_private_targets().await;
    let (buyer, supplier) = app.trading_pair().await;
    let placeholder = WebhookSink::start().await;
    let added = add_webhook(&app, &supplier, &placeholder.url("/"), &["transaction.received"]).await;
    let (hook, secret) = (added.body["data"]["id"].as_str().unwrap(), added.body["data"]["secret"].as_str().unwrap());
    let (receiver, port) = DocumentedReceiver::start(secret).await;
    let path = format!("/v2/webhooks/{hook}");
    let moved = json!({ "url": format!("http://127.0.0.1:{port}/hooks") });
    assert_eq!(app.call(Method::PATCH, &path, Some(&supplier.token), Some(&moved)).await.status, 200);

    let id = app.send(&buyer, DocumentType::Order, &order(&buyer, &supplier, "PO-PY")).await.id();
    deliver_webhooks(&app).await;
    let deliveries = app.call(Method::GET, &format!("{path}/deliveries"), Some(&supplier.token), None).await;
    let delivery = &deliveries.body["data"][0];
    assert_eq!(
        (delivery["status"].as_str(), delivery["attempts"][0]["statusCode"].as_u64()),
        (Some("DELIVERED"), Some(204)),
        "{delivery}"
    );
    assert_eq!(delivery["procurosTransactionId"], id.as_str());
    let printed = receiver.printed();
    assert_eq!(printed.trim(), format!("transaction.received {}", delivery["id"].as_str().unwrap()), "{printed}");

    // The same receiver with another secret refuses what the hub signs.
    let (impostor, port) = DocumentedReceiver::start("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").await;
    let moved = json!({ "url": format!("http://127.0.0.1:{port}/hooks") });
    app.call(Method::PATCH, &path, Some(&supplier.token), Some(&moved)).await;
    app.send(&buyer, DocumentType::Order, &order(&buyer, &supplier, "PO-PY-2")).await;
    deliver_webhooks(&app).await;
    let deliveries = app.call(Method::GET, &format!("{path}/deliveries"), Some(&supplier.token), None).await;
    assert_eq!(deliveries.body["data"][0]["attempts"][0]["statusCode"], 401);
    assert!(impostor.printed().starts_with("refused"));
}
