//! The webhook endpoints of the bench: a live receiver that answers every POST at once with
//! 204 (keeping the connection), a dead one that accepts and never answers (the dispatcher
//! waits its 10 seconds), and an address where nothing listens (the connection is refused).

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

pub struct Receivers {
    pub live: SocketAddr,
    pub silent: SocketAddr,
    pub refusing: SocketAddr,
    /// Messages the live receiver took.
    pub received: Arc<AtomicUsize>,
    tasks: Vec<JoinHandle<()>>,
}

impl Drop for Receivers {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

impl Receivers {
    /// Messages the live receiver has taken so far.
    pub fn taken(&self) -> usize {
        self.received.load(Ordering::Relaxed)
    }

    pub async fn start() -> anyhow::Result<Self> {
        let live = TcpListener::bind("127.0.0.1:0").await?;
        let silent = TcpListener::bind("127.0.0.1:0").await?;
        let refusing = TcpListener::bind("127.0.0.1:0").await?.local_addr()?;
        let received = Arc::new(AtomicUsize::new(0));
        let (live_address, silent_address) = (live.local_addr()?, silent.local_addr()?);
        let counted = Arc::clone(&received);
        let tasks = vec![
            tokio::spawn(async move {
                while let Ok((stream, _)) = live.accept().await {
                    tokio::spawn(answer(stream, Arc::clone(&counted)));
                }
            }),
            tokio::spawn(async move {
                let mut held = Vec::new();
                while let Ok((stream, _)) = silent.accept().await {
                    held.push(stream);
                }
            }),
        ];
        Ok(Self { live: live_address, silent: silent_address, refusing, received, tasks })
    }
}

/// Reads each request (head, then its `Content-Length` of body) and answers 204.
async fn answer(stream: TcpStream, received: Arc<AtomicUsize>) {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    loop {
        let mut length = 0;
        loop {
            line.clear();
            match reader.read_line(&mut line).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            let header = line.trim_end().to_ascii_lowercase();
            if header.is_empty() {
                break;
            }
            if let Some(value) = header.strip_prefix("content-length:") {
                length = value.trim().parse().unwrap_or(0);
            }
        }
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).await.is_err() {
            return;
        }
        received.fetch_add(1, Ordering::Relaxed);
        if reader.get_mut().write_all(b"HTTP/1.1 204 No Content\r\n\r\n").await.is_err() {
            return;
        }
    }
}
