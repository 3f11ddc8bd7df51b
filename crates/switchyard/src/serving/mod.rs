//! Serving the application on a listening socket: a task per connection, capped in total and
//! per client address, each connection watched while it awaits a request's head and each body
//! paced, so that clients that connect and send nothing (or send slowly) cannot hold what the
//! others need. With TLS, the handshake must end within the head's time, and a client that
//! asks for HTTP/2 gets it (its frames are bounded by the HTTP/2 settings instead of the head's
//! watch). On shutdown no connection is accepted any more and those open finish their requests
//! in flight.

mod admission;
mod canned;
mod forwarded;
pub mod hangup;
mod open_files;
mod request_head;
mod served;
pub mod tls;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::http::StatusCode;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use switchyard_api::BodyPace;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

pub use forwarded::TrustedProxies;
pub use open_files::{connections_within, raise_open_files_limit};
pub use request_head::HeadLimits;
pub use tls::ReloadableTls;

use admission::{Admission, Admitted, Refused};
use request_head::{Answers, WatchedStream};
use served::Served;

/// What one client and all of them may hold of the server.
#[derive(Clone, Copy, Debug)]
pub struct ConnectionLimits {
    pub head: HeadLimits,
    pub body_pace: BodyPace,
    pub max_connections: u32,
    /// 0: no cap per address (behind a proxy every client has the proxy's address).
    pub connections_per_address: usize,
}

/// How connections are opened beside their limits: over TLS or not, and whose forwarded
/// addresses are believed.
#[derive(Clone, Default)]
pub struct Transport {
    pub tls: Option<Arc<ReloadableTls>>,
    pub trusted_proxies: TrustedProxies,
}

/// Streams of HTTP/2 a connection may have open at once.
const H2_STREAMS: u32 = 64;
/// How often an HTTP/2 connection is pinged, and how long an answer may take before it is closed.
const H2_KEEP_ALIVE: Duration = Duration::from_secs(20);

/// Accepts and serves connections until `stop` says so, then waits for the open ones.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ConnectionLimits,
    transport: Transport,
    stop: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let admission = Admission::new(limits.max_connections, limits.connections_per_address);
    let (shutdown, shutting_down) = watch::channel(false);
    tokio::pin!(stop);
    loop {
        let (stream, client) = tokio::select! {
            () = &mut stop => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    wait_after_accept_error(&error).await;
                    continue;
                }
            },
        };
        let serving = Serving { app: &app, limits, transport: &transport, admission: &admission };
        serving.open(stream, client, shutting_down.clone(), false);
    }
    // Connections the kernel completed before the stop wait in the listener's backlog, their
    // requests maybe sent already: closing the listener would reset them (a proxy answers 502
    // for a request it may not send again). Each is served one request and closed.
    let serving = Serving { app: &app, limits, transport: &transport, admission: &admission };
    while let Ok(Ok((stream, client))) = tokio::time::timeout(Duration::ZERO, listener.accept()).await {
        serving.open(stream, client, shutting_down.clone(), true);
    }
    drop(listener);
    let _ = shutdown.send(true);
    admission.all_closed().await;
    Ok(())
}

/// What opening an accepted connection takes.
struct Serving<'a> {
    app: &'a Router,
    limits: ConnectionLimits,
    transport: &'a Transport,
    admission: &'a Arc<Admission>,
}

impl Serving<'_> {
    /// Admits and serves `stream` on a task of its own; a `last_call` is served one request.
    fn open(&self, stream: TcpStream, client: SocketAddr, shutting_down: watch::Receiver<bool>, last_call: bool) {
        if let Err(error) = stream.set_nodelay(true) {
            tracing::debug!("could not set TCP_NODELAY on a connection: {error}");
        }
        match self.admission.admit(client.ip()) {
            Ok(admitted) => {
                let proxies = self.transport.trusted_proxies.clone();
                let (app, limits) = (self.app.clone(), self.limits);
                let connection = Connection { app, limits, client, admitted, proxies, last_call };
                match &self.transport.tls {
                    Some(tls) => tokio::spawn(connection.run_tls(tls.acceptor(), stream, shutting_down)),
                    None => tokio::spawn(connection.run(stream, shutting_down)),
                };
            }
            Err(refused) => refuse(&stream, client, &refused),
        }
    }
}

/// Out of file descriptors (or another passing failure): accepting again at once would spin.
async fn wait_after_accept_error(error: &std::io::Error) {
    use std::io::ErrorKind;
    if matches!(error.kind(), ErrorKind::ConnectionAborted | ErrorKind::ConnectionReset | ErrorKind::Interrupted) {
        return;
    }
    tracing::warn!("could not accept a connection: {error}");
    tokio::time::sleep(Duration::from_millis(50)).await;
}

/// Answers 503 without reading the request. The answer is small enough for a fresh socket's send
/// buffer, so one attempt suffices and a refused connection holds nothing afterwards.
fn refuse(stream: &TcpStream, client: SocketAddr, refused: &Refused) {
    tracing::debug!(%client, ?refused, "refused a connection");
    let _ = stream.try_write(&canned::answer(StatusCode::SERVICE_UNAVAILABLE));
}

async fn stopping(shutting_down: &mut watch::Receiver<bool>) {
    // An error means the sender is gone, which only happens once serving has ended.
    let _ = shutting_down.wait_for(|stopping| *stopping).await;
}

struct Connection {
    app: Router,
    limits: ConnectionLimits,
    client: SocketAddr,
    admitted: Admitted,
    proxies: TrustedProxies,
    /// Accepted after the stop: one request, then closed.
    last_call: bool,
}

impl Connection {
    fn served(&self, answers: Arc<Answers>) -> Served {
        let (app, proxies) = (self.app.clone(), self.proxies.clone());
        Served { app, client: self.client, pace: self.limits.body_pace, answers, proxies }
    }

    /// The TLS handshake within the head's time, then HTTP/2 or HTTP/1.1 as the client chose.
    async fn run_tls(
        self,
        acceptor: tokio_rustls::TlsAcceptor,
        stream: TcpStream,
        shutting_down: watch::Receiver<bool>,
    ) {
        let stream = match tokio::time::timeout(self.limits.head.head_timeout, acceptor.accept(stream)).await {
            Ok(Ok(stream)) => stream,
            Ok(Err(error)) => return tracing::debug!(client = %self.client, "TLS handshake failed: {error}"),
            Err(_) => return tracing::debug!(client = %self.client, "TLS handshake took too long"),
        };
        if stream.get_ref().1.alpn_protocol() == Some(tls::H2) {
            self.run_h2(stream, shutting_down).await;
        } else {
            self.run(stream, shutting_down).await;
        }
    }

    async fn run_h2<S>(self, stream: S, mut shutting_down: watch::Receiver<bool>)
    where
        S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    {
        let served = self.served(Arc::new(Answers::default()));
        let mut http = hyper::server::conn::http2::Builder::new(TokioExecutor::new());
        http.timer(TokioTimer::new())
            .max_concurrent_streams(H2_STREAMS)
            .max_header_list_size(u32::try_from(self.limits.head.max_head_bytes).unwrap_or(u32::MAX))
            .keep_alive_interval(H2_KEEP_ALIVE)
            .keep_alive_timeout(H2_KEEP_ALIVE);
        let connection = http.serve_connection(TokioIo::new(stream), served);
        tokio::pin!(connection);
        let ended = tokio::select! {
            ended = connection.as_mut() => ended,
            () = stopping(&mut shutting_down) => {
                connection.as_mut().graceful_shutdown();
                connection.await
            }
        };
        if let Err(error) = ended {
            tracing::debug!(client = %self.client, "HTTP/2 connection ended: {error}");
        }
        drop(self.admitted);
    }

    async fn run<S>(self, stream: S, mut shutting_down: watch::Receiver<bool>)
    where
        S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    {
        let answers = Arc::new(Answers::default());
        let served = self.served(Arc::clone(&answers));
        let stream = TokioIo::new(WatchedStream::new(stream, self.limits.head, answers));
        let mut http = hyper::server::conn::http1::Builder::new();
        // Heads are policed by the watched stream, which refuses one before the parser would.
        http.header_read_timeout(None).keep_alive(!self.last_call);
        let connection = http.serve_connection(stream, served);
        tokio::pin!(connection);
        let ended = tokio::select! {
            ended = connection.as_mut() => ended,
            () = stopping(&mut shutting_down), if !self.last_call => {
                connection.as_mut().graceful_shutdown();
                connection.await
            }
        };
        if let Err(error) = ended {
            tracing::debug!(client = %self.client, "connection ended: {error}");
        }
        drop(self.admitted);
    }
}
