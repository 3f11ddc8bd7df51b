//! An SMTP server for tests: it speaks enough of the protocol (RFC 5321) for a real client
//! such as lettre to deliver to it over a real TCP conversation, and keeps every message.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// One delivered message: its envelope and its text as sent (headers and body).
#[derive(Clone, Debug, Default)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    pub data: String,
}

pub struct SmtpSink {
    pub address: SocketAddr,
    received: Arc<Mutex<Vec<Received>>>,
}

impl SmtpSink {
    /// Listens on a free loopback port until dropped with the test's runtime.
    ///
    /// # Panics
    /// When no loopback port can be bound.
    pub async fn start() -> Self {
        Self::start_on(0).await
    }

    /// Listens on loopback `port` (0: a free one), e.g. where a mail server was down before.
    ///
    /// # Panics
    /// When the port cannot be bound.
    pub async fn start_on(port: u16) -> Self {
        let listener = TcpListener::bind(("127.0.0.1", port)).await.unwrap_or_else(|error| panic!("bind: {error}"));
        let address = listener.local_addr().unwrap_or_else(|error| panic!("address: {error}"));
        let received = Arc::new(Mutex::new(Vec::new()));
        let store = Arc::clone(&received);
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(converse(stream, Arc::clone(&store)));
            }
        });
        Self { address, received }
    }

    /// `smtp://127.0.0.1:PORT`, plain, as a local sink is reached.
    pub fn url(&self) -> String {
        format!("smtp://{}", self.address)
    }

    /// Every message delivered so far, oldest first.
    pub fn received(&self) -> Vec<Received> {
        self.received.lock().map(|received| received.clone()).unwrap_or_default()
    }
}

async fn converse(stream: TcpStream, store: Arc<Mutex<Vec<Received>>>) {
    let (reader, mut writer) = stream.into_split();
    let mut lines = BufReader::new(reader);
    let mut message = Received::default();
    if writer.write_all(b"220 sink ESMTP ready\r\n").await.is_err() {
        return;
    }
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await.unwrap_or(0) == 0 {
            return;
        }
        let command = line.trim_end().to_owned();
        let verb = command.split(' ').next().unwrap_or_default().to_ascii_uppercase();
        let answer: &[u8] = match verb.as_str() {
            "EHLO" => b"250-sink\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n",
            "HELO" | "NOOP" => b"250 OK\r\n",
            "MAIL" => {
                message = Received { from: address_in(&command), ..Received::default() };
                b"250 OK\r\n"
            }
            "RCPT" => {
                message.to.push(address_in(&command));
                b"250 OK\r\n"
            }
            "DATA" => {
                if writer.write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n").await.is_err() {
                    return;
                }
                message.data = read_data(&mut lines).await;
                if let Ok(mut received) = store.lock() {
                    received.push(std::mem::take(&mut message));
                }
                b"250 OK queued\r\n"
            }
            "RSET" => {
                message = Received::default();
                b"250 OK\r\n"
            }
            "QUIT" => {
                let _ = writer.write_all(b"221 bye\r\n").await;
                return;
            }
            _ => b"502 command not implemented\r\n",
        };
        if writer.write_all(answer).await.is_err() {
            return;
        }
    }
}

/// The text between `<` and `>` of `MAIL FROM:<a@b>` or `RCPT TO:<a@b>`.
fn address_in(command: &str) -> String {
    let start = command.find('<').map_or(0, |at| at + 1);
    let end = command[start..].find('>').map_or(command.len(), |at| start + at);
    command[start..end].to_owned()
}

/// Lines up to the lone `.`, with dot-stuffing undone.
async fn read_data(lines: &mut BufReader<tokio::net::tcp::OwnedReadHalf>) -> String {
    let mut data = String::new();
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await.unwrap_or(0) == 0 || line == ".\r\n" || line == ".\n" {
            return data;
        }
        data.push_str(line.strip_prefix('.').unwrap_or(&line));
    }
}
