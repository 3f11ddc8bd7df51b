//! An HTTP server for tests that receives webhooks: it reads each POST (head and body, by its
//! `Content-Length`), keeps it, and answers with the status it is told to, or not at all.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// One request as received.
#[derive(Clone, Debug, Default)]
pub struct Received {
    pub path: String,
    /// Names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }
}

/// The status a sink answers with; this one means "never answer".
pub const SILENT: u16 = 0;

pub struct WebhookSink {
    pub address: SocketAddr,
    received: Arc<Mutex<Vec<Received>>>,
    status: Arc<AtomicU16>,
    task: JoinHandle<()>,
}

impl Drop for WebhookSink {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl WebhookSink {
    /// Listens on a free loopback port, answering 200.
    ///
    /// # Panics
    /// When no loopback port can be bound.
    pub async fn start() -> Self {
        Self::start_on(0).await
    }

    /// Listens on loopback `port` (0: a free one), e.g. where a receiver was down before.
    ///
    /// # Panics
    /// When the port cannot be bound.
    pub async fn start_on(port: u16) -> Self {
        let listener = TcpListener::bind(("127.0.0.1", port)).await.unwrap_or_else(|error| panic!("bind: {error}"));
        let address = listener.local_addr().unwrap_or_else(|error| panic!("address: {error}"));
        let received = Arc::new(Mutex::new(Vec::new()));
        let status = Arc::new(AtomicU16::new(200));
        let (store, answer) = (Arc::clone(&received), Arc::clone(&status));
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve(stream, Arc::clone(&store), Arc::clone(&answer)));
            }
        });
        Self { address, received, status, task }
    }

    /// `http://127.0.0.1:PORT{path}`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    /// Answers every request from now on with `status` ([`SILENT`]: not at all).
    pub fn answer_with(&self, status: u16) {
        self.status.store(status, Ordering::SeqCst);
    }

    /// Every request received so far, oldest first.
    pub fn received(&self) -> Vec<Received> {
        self.received.lock().map(|received| received.clone()).unwrap_or_default()
    }
}

async fn serve(stream: TcpStream, store: Arc<Mutex<Vec<Received>>>, status: Arc<AtomicU16>) {
    let mut reader = BufReader::new(stream);
    while let Some(request) = read_request(&mut reader).await {
        if let Ok(mut received) = store.lock() {
            received.push(request);
        }
        let status = status.load(Ordering::SeqCst);
        if status == SILENT {
            // Hold the connection without a word, as a hung receiver does.
            tokio::time::sleep(std::time::Duration::from_hours(1)).await;
            return;
        }
        let answer =
            format!("HTTP/1.1 {status} Answer\r\ncontent-length: 2\r\ncontent-type: application/json\r\n\r\n{{}}");
        if reader.get_mut().write_all(answer.as_bytes()).await.is_err() {
            return;
        }
    }
}

async fn read_request(reader: &mut BufReader<TcpStream>) -> Option<Received> {
    let mut line = String::new();
    reader.read_line(&mut line).await.ok().filter(|read| *read > 0)?;
    let path = line.split_whitespace().nth(1).unwrap_or_default().to_owned();
    let mut headers = Vec::new();
    loop {
        line.clear();
        reader.read_line(&mut line).await.ok().filter(|read| *read > 0)?;
        let trimmed = line.trim_end();
        if trimmed.is_empty() {
            break;
        }
        if let Some((name, value)) = trimmed.split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
        }
    }
    let length = headers.iter().find(|(name, _)| name == "content-length").and_then(|(_, value)| value.parse().ok());
    let mut body = vec![0; length.unwrap_or(0)];
    reader.read_exact(&mut body).await.ok()?;
    Some(Received { path, headers, body })
}
