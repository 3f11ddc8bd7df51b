//! Two `switchyard serve` processes on one PostgreSQL database, clients spread over both:
//! concurrent sends, duplicate sends, competing versions and bulk marks. Afterwards every
//! acknowledged transaction exists exactly once, and statuses are what the clients were told.
//! With both processes' workers sending mail to one SMTP sink, every mail goes out once.

use std::collections::{HashMap, HashSet};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::future::join_all;
use reqwest::Method;
use serde_json::{Value, json};
use switchyard::config::Settings;
use switchyard_documents::DocumentType;
use switchyard_network::SystemClock;
use switchyard_network::model::RelationshipState;
use switchyard_store_postgres::testing::TestServer;

use switchyard_testkit::smtp_sink::{Received, SmtpSink};

use crate::helpers::{Party, order};
use crate::served_binary::call;

pub(crate) struct Process(pub(crate) Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

async fn serve(database: &str, data: &std::path::Path) -> (Process, String) {
    serve_with(database, data, &[]).await
}

pub(crate) async fn serve_with(
    database: &str,
    data: &std::path::Path,
    environment: &[(&str, &str)],
) -> (Process, String) {
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_switchyard"))
        .envs(environment.iter().copied())
        .args([
            "--database",
            database,
            "--data",
            data.to_str().unwrap(),
            "serve",
            "--listen",
            &format!("127.0.0.1:{port}"),
        ])
        .env("SWITCHYARD_RATE_LIMIT_PER_MINUTE", "0")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(30);
    while reqwest::get(format!("{base}/readyz")).await.map_or(0, |r| r.status().as_u16()) != 200 {
        assert!(Instant::now() < deadline, "the server on {base} did not become ready");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    (Process(child), base)
}

pub(crate) async fn seed(database: &str, dir: &std::path::Path) -> (Party, Party) {
    let settings = Settings::on(dir, Some(database));
    let hub = switchyard::server::open_hub(&settings, Arc::new(SystemClock)).await.unwrap();
    let mut parties = Vec::new();
    for (name, gln) in [("Buyer", "4000000000006"), ("Supplier", "4012345000016")] {
        let company = hub.add_company(name).await.unwrap();
        hub.add_identifier(&company, "GS1", gln, None).await.unwrap();
        let token = hub.issue_token(&company, "ERP").await.unwrap().token;
        let party = Party { id: company.id, name: name.into(), token, gln: gln.into() };
        parties.push((company, party));
    }
    let (buyer, supplier) = (&parties[0].0, &parties[1].0);
    hub.set_relationships(buyer, supplier, &DocumentType::ALL, RelationshipState::Active).await.unwrap();
    (parties[0].1.clone(), parties[1].1.clone())
}

#[tokio::test]
async fn two_processes_on_one_database_agree_on_everything() {
    let postgres = TestServer::start().expect("a private PostgreSQL server (install postgresql)");
    let database = postgres.fresh_database().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (buyer, supplier) = seed(&database, dir.path()).await;
    let (_a, server_a) = serve(&database, dir.path()).await;
    let (_b, server_b) = serve(&database, dir.path()).await;
    let servers = [server_a.clone(), server_b.clone()];
    let send = |n: usize, content: Value| {
        let url = format!("{}/v2/transactions", servers[n % 2]);
        let token = buyer.token.clone();
        async move { call(Method::POST, &url, Some(&token), Some(&json!({"type": "ORDER", "content": content}))).await }
    };

    // Distinct orders, spread over both servers at once.
    let orders = join_all((0..40).map(|n| send(n, order(&buyer, &supplier, &format!("PO-{n}"))))).await;
    assert!(orders.iter().all(|(status, _)| *status == 201), "{orders:?}");
    let order_ids: Vec<String> =
        orders.iter().map(|(_, body)| body["procurosTransactionId"].as_str().unwrap().to_owned()).collect();

    // The same payload ten times at once: one is stored, nine are duplicates of it.
    let same = order(&buyer, &supplier, "PO-SAME");
    let duplicates = join_all((0..10).map(|n| send(n, same.clone()))).await;
    let created: Vec<&Value> = duplicates.iter().filter(|(status, _)| *status == 201).map(|(_, body)| body).collect();
    assert_eq!(created.len(), 1, "{duplicates:?}");
    let original = created[0]["procurosTransactionId"].clone();
    assert!(
        duplicates
            .iter()
            .filter(|(status, _)| *status != 201)
            .all(|(status, body)| *status == 400 && body["procurosTransactionId"] == original)
    );

    // Ten versions of one order at once: one linear chain.
    let versions = join_all((0..10).map(|n| {
        let mut changed = order(&buyer, &supplier, "PO-CHAIN");
        changed["items"][0]["quantity"] = json!(n + 1);
        send(n, changed)
    }))
    .await;
    assert!(versions.iter().all(|(status, _)| *status == 201), "{versions:?}");

    // The supplier marks half the orders on one server and fails the other half on the other.
    let marks = |ids: &[String], success: bool| -> Value {
        json!(
            ids.iter()
                .map(|id| if success {
                    json!({"procurosTransactionId": id, "success": true})
                } else {
                    json!({"procurosTransactionId": id, "success": false, "errorReason": "no stock"})
                })
                .collect::<Vec<_>>()
        )
    };
    let (left, right) = order_ids.split_at(20);
    let bulk = join_all([
        call(
            Method::POST,
            &format!("{server_a}/v2/transactions/bulk/mark-processed"),
            Some(&supplier.token),
            Some(&marks(left, true)),
        ),
        call(
            Method::POST,
            &format!("{server_b}/v2/transactions/bulk/mark-processed"),
            Some(&supplier.token),
            Some(&marks(right, false)),
        ),
    ])
    .await;
    assert!(bulk.iter().all(|(status, _)| *status == 200), "{bulk:?}");

    // Everything, read back through either server.
    let mut listed = Vec::new();
    let mut url = format!("{server_b}/v2/all-transactions?per_page=25");
    loop {
        let (status, page) = call(Method::GET, &url, Some(&buyer.token), None).await;
        assert_eq!(status, 200);
        listed.extend(page["items"].as_array().unwrap().clone());
        match page["nextPageUrl"].as_str() {
            Some(next) => url = next.to_owned(),
            None => break,
        }
    }
    let ids: HashSet<&str> = listed.iter().map(|item| item["procurosTransactionId"].as_str().unwrap()).collect();
    assert_eq!(listed.len(), 40 + 1 + 10, "every acknowledged transaction once");
    assert_eq!(ids.len(), listed.len(), "no transaction twice");
    let status: HashMap<&str, &str> = listed
        .iter()
        .map(|item| (item["procurosTransactionId"].as_str().unwrap(), item["status"].as_str().unwrap()))
        .collect();
    assert!(left.iter().all(|id| status[id.as_str()] == "SUCCESS"));
    assert!(right.iter().all(|id| status[id.as_str()] == "FAILED"));
    let chain: Vec<&Value> =
        listed.iter().filter(|item| item["content"]["header"]["orderIdentifier"] == "PO-CHAIN").collect();
    assert_eq!(chain.iter().filter(|item| item["isLatestVersion"] == true).count(), 1);
    let replaced: HashSet<&str> =
        chain.iter().filter_map(|item| item["replacesProcurosTransactionId"].as_str()).collect();
    assert_eq!(replaced.len(), 9, "each earlier version replaced exactly once");
}

/// The users of the mail test: the supplier's admin (told of errors), an order desk at the
/// supplier that asked for each arriving document, purchasing at the buyer that asked for each
/// imported one.
async fn seed_people(database: &str, dir: &std::path::Path) {
    use switchyard_network::model::{MailChoices, Role};
    use switchyard_network::usecases::people::Inviter;
    let settings = Settings::on(dir, Some(database));
    let hub = switchyard::server::open_hub(&settings, Arc::new(SystemClock)).await.unwrap();
    let people = [
        ("Supplier", "admin@supplier.example", Role::Admin, MailChoices::default()),
        ("Supplier", "orders@supplier.example", Role::Member, MailChoices { incoming: true, ..MailChoices::default() }),
        ("Buyer", "purchasing@buyer.example", Role::Member, MailChoices { sent: true, ..MailChoices::default() }),
    ];
    for (company, email, role, choices) in people {
        let company = hub.company(company).await.unwrap();
        hub.add_user(&company, email, role, Inviter::Operator).await.unwrap();
        let users = hub.users(Some(&company)).await.unwrap();
        let user = users.iter().find(|user| user.email == email).unwrap();
        hub.set_mail_choices(user, choices).await.unwrap();
    }
}

/// How many of `mails` to `address` mention `what`.
fn mentions(mails: &[Received], address: &str, what: &str) -> usize {
    let read = |mail: &Received| mail.data.replace("=\r\n", "");
    mails.iter().filter(|mail| mail.to.iter().any(|to| to == address) && read(mail).contains(what)).count()
}

#[tokio::test]
async fn two_processes_on_one_database_send_every_mail_once() {
    let postgres = TestServer::start().expect("a private PostgreSQL server (install postgresql)");
    let database = postgres.fresh_database().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (buyer, supplier) = seed(&database, dir.path()).await;
    seed_people(&database, dir.path()).await;
    let sink = SmtpSink::start().await;
    let smtp = sink.url();
    let environment = [("SWITCHYARD_SMTP_URL", smtp.as_str()), ("SWITCHYARD_NOTIFICATION_BATCH_SECONDS", "0")];
    let (_a, server_a) = serve_with(&database, dir.path(), &environment).await;
    let (_b, server_b) = serve_with(&database, dir.path(), &environment).await;
    let servers = [server_a, server_b];

    let sends = join_all((0..30).map(|n| {
        let url = format!("{}/v2/transactions", servers[n % 2]);
        let body = json!({"type": "ORDER", "content": order(&buyer, &supplier, &format!("PO-{n}"))});
        let token = buyer.token.clone();
        async move { call(Method::POST, &url, Some(&token), Some(&body)).await }
    }))
    .await;
    let ids: Vec<String> =
        sends.iter().map(|(_, body)| body["procurosTransactionId"].as_str().unwrap().into()).collect();
    let marks = join_all(ids.iter().enumerate().map(|(n, id)| {
        let url = format!("{}/v2/transactions/{id}", servers[(n + 1) % 2]);
        let report = if n % 2 == 0 {
            json!({"success": true})
        } else {
            json!({"success": false, "errorReason": "Article unknown"})
        };
        let token = supplier.token.clone();
        async move { call(Method::PUT, &url, Some(&token), Some(&report)).await }
    }))
    .await;
    // Each process links to its own address; the error's id is what both mails would share.
    let error_urls: Vec<String> = marks
        .iter()
        .filter_map(|(_, body)| body["data"]["errorUrl"].as_str())
        .map(|url| format!("/portal/errors/{}", url.rsplit('/').next().unwrap()))
        .collect();
    assert_eq!(error_urls.len(), 15, "{marks:?}");

    let all_told = |mails: &[Received]| {
        ids.iter().all(|id| mentions(mails, "orders@supplier.example", id) > 0)
            && ids.iter().step_by(2).all(|id| mentions(mails, "purchasing@buyer.example", id) > 0)
            && error_urls.iter().all(|url| mentions(mails, "admin@supplier.example", url) > 0)
    };
    let deadline = Instant::now() + Duration::from_mins(1);
    while !all_told(&sink.received()) {
        assert!(Instant::now() < deadline, "not every mail arrived: {:?}", sink.received());
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // Both workers look again within a second when idle: anything sent twice would show by now.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let mails = sink.received();
    for id in &ids {
        assert_eq!(mentions(&mails, "orders@supplier.example", id), 1, "{id} arrived, told once");
    }
    for (n, id) in ids.iter().enumerate() {
        assert_eq!(mentions(&mails, "purchasing@buyer.example", id), usize::from(n % 2 == 0), "{id} imported or not");
    }
    for url in &error_urls {
        assert_eq!(mentions(&mails, "admin@supplier.example", url), 1, "{url} in one mail");
    }
    let mut message_ids: Vec<&str> =
        mails.iter().filter_map(|mail| mail.data.lines().find(|line| line.starts_with("Message-ID:"))).collect();
    let count = message_ids.len();
    message_ids.sort_unstable();
    message_ids.dedup();
    assert_eq!((message_ids.len(), count), (mails.len(), mails.len()), "no Message-ID twice");
}

#[tokio::test]
async fn two_processes_deliver_each_webhook_once() {
    let postgres = TestServer::start().expect("a private PostgreSQL server (install postgresql)");
    let database = postgres.fresh_database().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (buyer, supplier) = seed(&database, dir.path()).await;
    let private = [("SWITCHYARD_WEBHOOK_ALLOW_PRIVATE_TARGETS", "true")];
    let (_a, server_a) = serve_with(&database, dir.path(), &private).await;
    let (_b, server_b) = serve_with(&database, dir.path(), &private).await;
    let sink = switchyard_testkit::webhook_sink::WebhookSink::start().await;
    let hook = json!({ "url": sink.url("/in"), "events": ["transaction.received"] });
    let (status, added) =
        call(Method::POST, &format!("{server_a}/v2/webhooks"), Some(&supplier.token), Some(&hook)).await;
    assert_eq!(status, 201, "{added}");

    let servers = [server_a.clone(), server_b.clone()];
    let sends = (0..40).map(|n| {
        let url = format!("{}/v2/transactions", servers[n % 2]);
        let body = json!({"type": "ORDER", "content": order(&buyer, &supplier, &format!("PO-{n}"))});
        let token = buyer.token.clone();
        async move { call(Method::POST, &url, Some(&token), Some(&body)).await }
    });
    assert!(join_all(sends).await.iter().all(|(status, _)| *status == 201));

    let deadline = Instant::now() + Duration::from_secs(30);
    while sink.received().len() < 40 {
        assert!(Instant::now() < deadline, "only {} of 40 deliveries arrived", sink.received().len());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Long enough for a second dispatcher that took a delivery too to have sent it.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let received = sink.received();
    let ids: HashSet<&str> = received.iter().map(|request| request.header("webhook-id").unwrap()).collect();
    assert_eq!((received.len(), ids.len()), (40, 40), "each delivery sent once, by one of the two");
}
