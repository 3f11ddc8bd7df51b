//! A flood of connections that hold the server without asking anything of it: silent ones, and
//! slow ones that send a request's head a byte at a time. Each is opened again as soon as the
//! server closes it, from many loopback addresses (so that the cap per address does not turn
//! them away at once), while a normal client's latency is measured beside them.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};
use tokio::task::JoinHandle;

/// Loopback addresses the flood's connections come from, a share each.
const SOURCES: usize = 100;

/// The connections of a flood, kept open until [`Flood::stop`].
pub struct Flood {
    stopping: Arc<AtomicBool>,
    tasks: Vec<JoinHandle<()>>,
    /// Connections opened, reopenings included.
    pub opened: Arc<AtomicUsize>,
}

impl Flood {
    pub async fn start(server: SocketAddr, silent: usize, slow: usize) -> Self {
        let stopping = Arc::new(AtomicBool::new(false));
        let opened = Arc::new(AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for n in 0..silent + slow {
            let (stopping, opened) = (Arc::clone(&stopping), Arc::clone(&opened));
            let source = format!("127.0.{}.{}", if n < silent { 1 } else { 2 }, n % SOURCES + 1);
            let is_slow = n >= silent;
            tasks.push(tokio::spawn(async move {
                while !stopping.load(Ordering::Relaxed) {
                    let Some(mut stream) = connect_from(&source, server).await else {
                        tokio::time::sleep(Duration::from_millis(100)).await;
                        continue;
                    };
                    opened.fetch_add(1, Ordering::Relaxed);
                    if is_slow {
                        dribble(&mut stream, &stopping).await;
                    } else {
                        wait_for_close(&mut stream, &stopping).await;
                    }
                }
            }));
            // Connections arrive over about a second rather than all in one burst of SYNs.
            if n % 200 == 199 {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
        Self { stopping, tasks, opened }
    }

    pub async fn stop(self) {
        self.stopping.store(true, Ordering::Relaxed);
        for task in self.tasks {
            task.abort();
            let _ = task.await;
        }
    }
}

async fn connect_from(source: &str, server: SocketAddr) -> Option<TcpStream> {
    let socket = TcpSocket::new_v4().ok()?;
    socket.bind(format!("{source}:0").parse().ok()?).ok()?;
    socket.connect(server).await.ok()
}

/// Sends nothing; returns when the server closes the connection.
async fn wait_for_close(stream: &mut TcpStream, stopping: &AtomicBool) {
    let mut sink = [0; 512];
    while !stopping.load(Ordering::Relaxed) {
        let read = tokio::time::timeout(Duration::from_millis(500), stream.read(&mut sink)).await;
        if let Ok(Ok(0) | Err(_)) = read {
            return;
        }
    }
}

/// Sends a request's head one byte every half second; returns when the server answers or closes.
async fn dribble(stream: &mut TcpStream, stopping: &AtomicBool) {
    let head = b"GET /v2/ping HTTP/1.1\r\nHost: hub\r\nX-Slow: ";
    let mut sink = [0; 512];
    for byte in head.iter().chain(std::iter::repeat(&b'x')) {
        if stopping.load(Ordering::Relaxed) || stream.write_all(&[*byte]).await.is_err() {
            return;
        }
        if let Ok(Ok(_)) = tokio::time::timeout(Duration::from_millis(500), stream.read(&mut sink)).await {
            return;
        }
    }
}
