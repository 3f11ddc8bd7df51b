//! The test harness: a real server on port 0 over a temporary database, companies with tokens,
//! and request helpers that read like an ERP connector's calls. Every response goes through the
//! contract check.

use std::sync::Arc;

use reqwest::Method;
use serde_json::{Value, json};
use switchyard::config::{SecretUrl, Settings};
use switchyard::server::{self, RunningServer};
use switchyard_documents::DocumentType;
use switchyard_network::model::RelationshipState;
use switchyard_network::{Hub, SystemClock};
use switchyard_store_postgres::testing::TestServer;
use tempfile::TempDir;
use uuid::Uuid;

use crate::contract;

/// The wall clock moved on by what a test asks: leases run out and retries fall due without a
/// test waiting for them.
#[derive(Default)]
pub struct ShiftedClock(std::sync::atomic::AtomicI64);

impl switchyard_network::Clock for ShiftedClock {
    fn now(&self) -> switchyard_network::Timestamp {
        SystemClock.now() + self.0.load(std::sync::atomic::Ordering::SeqCst)
    }
}

pub struct TestApp {
    pub base: String,
    /// The server's clock; [`TestApp::advance`] moves it.
    pub clock: Arc<ShiftedClock>,
    pub server: Option<RunningServer>,
    pub settings: Settings,
    /// The data directory, removed when the app is dropped.
    _dir: TempDir,
    pub client: reqwest::Client,
    /// The private PostgreSQL server when the suite runs on PostgreSQL; stopped on drop.
    postgres_server: Option<TestServer>,
}

/// `TEST_DATABASE_BACKEND=postgres` runs the suite on PostgreSQL instead of SQLite.
pub fn on_postgres() -> bool {
    std::env::var("TEST_DATABASE_BACKEND").is_ok_and(|backend| backend == "postgres")
}

/// A company of the test network, with its token and its GS1 identifier.
#[derive(Clone, Debug)]
pub struct Party {
    pub id: Uuid,
    pub name: String,
    pub token: String,
    pub gln: String,
}

/// A response, read whole.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
    /// The body exactly as it came.
    pub text: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// The `procurosTransactionId` of a send.
    pub fn id(&self) -> String {
        self.body["procurosTransactionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no transaction id in {self:?}"))
            .to_owned()
    }

    /// The paths named in a 422's `errors`.
    pub fn error_paths(&self) -> Vec<String> {
        self.body["errors"].as_object().map(|errors| errors.keys().cloned().collect()).unwrap_or_default()
    }

    /// The ids of a list's items, in order.
    pub fn item_ids(&self) -> Vec<String> {
        self.body["items"]
            .as_array()
            .unwrap_or_else(|| panic!("no items in {self:?}"))
            .iter()
            .map(|item| item["procurosTransactionId"].as_str().unwrap_or_default().to_owned())
            .collect()
    }
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_with(|_| {}).await
    }

    /// Starts a server whose settings `adjust` may change (rate limit, body limit ...).
    pub async fn spawn_with(adjust: impl FnOnce(&mut Settings)) -> Self {
        Self::spawn_on(on_postgres(), adjust).await
    }

    /// Starts a server on a private PostgreSQL server whatever the suite's backend, for tests
    /// that stop the database under it ([`TestApp::stop_database`]).
    pub async fn spawn_on_postgres() -> Self {
        Self::spawn_on(true, |_| {}).await
    }

    /// Starts a server on the embedded database whatever the suite's backend, for tests of what
    /// is the embedded database's own (its file).
    pub async fn spawn_on_sqlite_with(adjust: impl FnOnce(&mut Settings)) -> Self {
        Self::spawn_on(false, adjust).await
    }

    /// [`TestApp::spawn_on_postgres`] with adjusted settings.
    pub async fn spawn_on_postgres_with(adjust: impl FnOnce(&mut Settings)) -> Self {
        Self::spawn_on(true, adjust).await
    }

    async fn spawn_on(postgres: bool, adjust: impl FnOnce(&mut Settings)) -> Self {
        let dir = tempfile::tempdir().expect("temporary directory");
        let mut settings = Settings::on(dir.path(), None);
        settings.server.listen = "127.0.0.1:0".into();
        settings.limits.rate_limit_per_minute = 0;
        settings.limits.unauthenticated_rate_limit_per_minute = 0;
        adjust(&mut settings);
        let postgres = postgres.then(|| TestServer::start().expect("a private PostgreSQL server (install postgresql)"));
        if let Some(postgres) = &postgres {
            let url = postgres.fresh_database().await.expect("a fresh database");
            settings.database.url = Some(SecretUrl::new(url));
        }
        settings.check().expect("valid test settings");
        let clock = Arc::new(ShiftedClock::default());
        let hub = server::open_hub(&settings, clock.clone()).await.expect("hub");
        let running = server::start(&settings, hub).await.expect("server");
        Self {
            clock,
            base: running.public_url.clone(),
            server: Some(running),
            settings,
            _dir: dir,
            client: reqwest::Client::new(),
            postgres_server: postgres,
        }
    }

    /// Moves the server's clock on by `by`.
    pub fn advance(&self, by: std::time::Duration) {
        let micros = i64::try_from(by.as_micros()).expect("a shorter time");
        self.clock.0.fetch_add(micros, std::sync::atomic::Ordering::SeqCst);
    }

    /// Stops the PostgreSQL server under a server started by [`TestApp::spawn_on_postgres`].
    pub fn stop_database(&mut self) {
        drop(self.postgres_server.take().expect("a server on PostgreSQL"));
    }

    pub fn hub(&self) -> &Hub {
        &self.server.as_ref().expect("running").hub
    }

    /// A company with one GS1 identifier and a token.
    pub async fn company(&self, name: &str, gln: &str) -> Party {
        let company = self.hub().add_company(name).await.expect("company");
        self.hub().add_identifier(&company, "GS1", gln, None).await.expect("identifier");
        let token = self.hub().issue_token(&company, "ERP").await.expect("token");
        Party { id: company.id, name: name.to_owned(), token: token.token, gln: gln.to_owned() }
    }

    /// Sets the relationships from `sender` to `receiver` for `kinds`.
    pub async fn relate(&self, sender: &Party, receiver: &Party, kinds: &[DocumentType], state: RelationshipState) {
        let sender = self.hub().company(&sender.name).await.expect("sender");
        let receiver = self.hub().company(&receiver.name).await.expect("receiver");
        self.hub().set_relationships(&sender, &receiver, kinds, state).await.expect("relationship");
    }

    /// Two companies trading every type in both directions.
    pub async fn trading_pair(&self) -> (Party, Party) {
        let buyer = self.company("Buyer Ltd", "4000000000001").await;
        let supplier = self.company("Supplier GmbH", "4000000000002").await;
        self.relate(&buyer, &supplier, &DocumentType::ALL, RelationshipState::Active).await;
        self.relate(&supplier, &buyer, &DocumentType::ALL, RelationshipState::Active).await;
        (buyer, supplier)
    }

    /// Any request; `body` is sent as JSON.
    pub async fn call(&self, method: Method, path: &str, token: Option<&str>, body: Option<&Value>) -> Reply {
        let mut request = self.client.request(method.clone(), format!("{}{path}", self.base));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        self.read(method.as_str(), path, request).await
    }

    /// A request with `body` as JSON and an `Idempotency-Key`.
    pub async fn call_with_key(&self, method: Method, path: &str, token: &str, body: &Value, key: &str) -> Reply {
        let request = self
            .client
            .request(method.clone(), format!("{}{path}", self.base))
            .bearer_auth(token)
            .header("idempotency-key", key)
            .json(body);
        // The public document knows no idempotency keys: the refusals they add (409, a 422 without
        // `errors`) are checked against our own document only.
        let reply = self.read_unchecked(request).await;
        contract::ours().check(method.as_str(), path, reply.status, &reply.body);
        reply
    }

    /// A request with a body sent exactly as given.
    pub async fn call_raw(&self, method: Method, path: &str, token: &str, content_type: &str, body: Vec<u8>) -> Reply {
        let request = self
            .client
            .request(method.clone(), format!("{}{path}", self.base))
            .bearer_auth(token)
            .header("content-type", content_type)
            .body(body);
        self.read(method.as_str(), path, request).await
    }

    async fn read(&self, method: &str, path: &str, request: reqwest::RequestBuilder) -> Reply {
        let reply = self.read_unchecked(request).await;
        if reply.status != 204 && !path.starts_with("/portal") {
            let status = reply.status;
            assert!(reply.body != Value::Null, "{method} {path} answered {status} without a JSON body");
        }
        contract::check(method, path.split('?').next().unwrap_or(path), reply.status, &reply.body);
        reply
    }

    async fn read_unchecked(&self, request: reqwest::RequestBuilder) -> Reply {
        let response = request.send().await.expect("the server answers");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.expect("a body");
        let body = if bytes.is_empty() { Value::Null } else { serde_json::from_slice(&bytes).unwrap_or(Value::Null) };
        Reply { status, headers, body, text: String::from_utf8_lossy(&bytes).into_owned() }
    }

    pub async fn send(&self, from: &Party, kind: DocumentType, content: &Value) -> Reply {
        self.call(
            Method::POST,
            "/v2/transactions",
            Some(&from.token),
            Some(&json!({ "type": kind, "content": content })),
        )
        .await
    }

    pub async fn incoming(&self, party: &Party, query: &str) -> Reply {
        self.call(Method::GET, &format!("/v2/transactions{query}"), Some(&party.token), None).await
    }

    pub async fn all(&self, party: &Party, query: &str) -> Reply {
        self.call(Method::GET, &format!("/v2/all-transactions{query}"), Some(&party.token), None).await
    }

    pub async fn show(&self, party: &Party, id: &str) -> Reply {
        self.call(Method::GET, &format!("/v2/all-transactions/{id}"), Some(&party.token), None).await
    }

    pub async fn mark(&self, party: &Party, id: &str, report: &Value) -> Reply {
        self.call(Method::PUT, &format!("/v2/transactions/{id}"), Some(&party.token), Some(report)).await
    }

    pub async fn bulk_mark(&self, party: &Party, body: &Value) -> Reply {
        self.call(Method::POST, "/v2/transactions/bulk/mark-processed", Some(&party.token), Some(body)).await
    }

    /// The status of a transaction as the given party sees it.
    pub async fn status_of(&self, party: &Party, id: &str) -> String {
        let reply = self.show(party, id).await;
        assert_eq!(reply.status, 200, "{reply:?}");
        reply.body["data"]["status"].as_str().unwrap_or_default().to_owned()
    }
}

/// The order of the README's walk-through (`docs/examples/order.json`): ACME Co. Ltd. to
/// Testsupplier, the demo network's pair. Its `content`.
pub fn readme_order() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/examples/order.json");
    let text = std::fs::read_to_string(path).unwrap_or_else(|error| panic!("{path}: {error}"));
    serde_json::from_str::<Value>(&text).unwrap()["content"].clone()
}

/// `{identifiers: [GS1 gln]}`.
pub fn party(gln: &str) -> Value {
    json!({ "identifiers": [{ "domain": "GS1", "identifier": gln }] })
}

/// A small but complete order from `buyer` to `supplier`.
pub fn order(buyer: &Party, supplier: &Party, number: &str) -> Value {
    json!({
        "header": {
            "buyer": party(&buyer.gln),
            "supplier": party(&supplier.gln),
            "orderIdentifier": number,
            "orderDate": "2024-03-01",
            "currency": "EUR",
        },
        "items": [{
            "lineNumber": 1,
            "identifiers": [{ "domain": "GS1", "identifier": "4012345000016" }],
            "quantity": 5,
            "unitPrice": 1.5,
        }],
    })
}
