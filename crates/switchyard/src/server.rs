//! Starting the hub: open the store, build the application, bind, serve until told to stop,
//! finishing the requests in flight.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use switchyard_api::BodyPace;
use switchyard_documents::Strictness;
use switchyard_network::store::Store;
use switchyard_network::{Clock, Hub, HubSettings, SystemClock};
use switchyard_store_postgres::PostgresStore;
use switchyard_store_sqlite::SqliteStore;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::config::{DatabaseLocation, Settings};
use crate::serving::{self, ConnectionLimits, HeadLimits, ReloadableTls, Transport, TrustedProxies};

/// Opens (creating and migrating) the configured database and builds the hub on it.
pub async fn open_hub(settings: &Settings, clock: Arc<dyn Clock>) -> anyhow::Result<Arc<Hub>> {
    let store = open_store(&settings.database_location()?, settings.database.pool_size).await?;
    let gs1_check_digits =
        if settings.documents.strict_gs1_check_digits { Strictness::Strict } else { Strictness::Lenient };
    let notification_batch =
        i64::try_from(settings.mail.notification_batch_seconds).unwrap_or(i64::MAX / 2_000_000) * 1_000_000;
    let hub_settings = HubSettings { gs1_check_digits, notification_batch, ..HubSettings::default() };
    Ok(Arc::new(Hub::new(store, clock, hub_settings)))
}

/// Opens (creating and migrating) the database at `location`.
async fn open_store(location: &DatabaseLocation, pool_size: usize) -> anyhow::Result<Arc<dyn Store>> {
    Ok(match location {
        DatabaseLocation::Sqlite(path) => Arc::new(
            SqliteStore::open(path).with_context(|| format!("could not open the database {}", path.display()))?,
        ),
        DatabaseLocation::Postgres(url) => {
            Arc::new(PostgresStore::open(url, pool_size).await.context("could not open the PostgreSQL database")?)
        }
    })
}

/// A server running in the background of this process.
pub struct RunningServer {
    pub address: SocketAddr,
    pub public_url: String,
    pub hub: Arc<Hub>,
    shutdown: Option<oneshot::Sender<()>>,
    task: JoinHandle<std::io::Result<()>>,
    /// `/metrics` on `metrics_listen`, when it is set.
    metrics: Option<JoinHandle<std::io::Result<()>>>,
}

impl RunningServer {
    /// Stops accepting connections and waits for the requests in flight.
    pub async fn stop(mut self) -> anyhow::Result<()> {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(metrics) = self.metrics.take() {
            metrics.abort();
        }
        self.task.await.context("the server task failed")?.context("the server failed")
    }

    /// Runs until the process is asked to stop (Ctrl-C or SIGTERM).
    pub async fn run_until_signal(self) -> anyhow::Result<()> {
        wait_for_signal().await;
        tracing::info!("shutting down; finishing requests in flight");
        self.stop().await
    }
}

/// Binds `settings.listen` (port 0 picks a free port) and serves on a background task.
pub async fn start(settings: &Settings, hub: Arc<Hub>) -> anyhow::Result<RunningServer> {
    bind(settings).await?.serve(settings, hub)
}

/// The listening socket, bound but not yet answering: what must exist before the first answer
/// (the demo's credentials file) is made between [`bind`] and [`Bound::serve`], and a client
/// that connects meanwhile waits.
pub struct Bound {
    listener: TcpListener,
    metrics_listener: Option<TcpListener>,
    pub address: std::net::SocketAddr,
    pub public_url: String,
}

pub async fn bind(settings: &Settings) -> anyhow::Result<Bound> {
    let listener = TcpListener::bind(&settings.server.listen)
        .await
        .with_context(|| format!("could not listen on {}", settings.server.listen))?;
    let address = listener.local_addr()?;
    let public_url = settings.server.public_url_at(address);
    if settings.server.public_url_is_local_guess(address) {
        tracing::warn!(
            %public_url,
            "server.public_url is not set and the hub listens on every address: links in answers and mails \
             name this machine only; set public_url (SWITCHYARD_PUBLIC_URL) to the address clients use"
        );
    }
    let metrics_listener = match &settings.server.metrics_listen {
        Some(metrics) => Some(
            TcpListener::bind(metrics).await.with_context(|| format!("could not listen for metrics on {metrics}"))?,
        ),
        None => None,
    };
    Ok(Bound { listener, metrics_listener, address, public_url })
}

impl Bound {
    /// Starts answering on the bound socket.
    pub fn serve(self, settings: &Settings, hub: Arc<Hub>) -> anyhow::Result<RunningServer> {
        let Bound { listener, metrics_listener, address, public_url } = self;
        // Installed before the first request, so that the counters start with the server.
        crate::metrics::recorder();
        let time_zone = settings.zone()?;
        let config = switchyard_api::ApiConfig {
            public_url: public_url.clone(),
            time_zone,
            body_limit: settings.limits.body_limit,
            rate_limit_per_minute: settings.limits.rate_limit_per_minute,
            unauthenticated_rate_limit_per_minute: settings.limits.unauthenticated_rate_limit_per_minute,
            large_bodies_in_flight: settings.limits.large_bodies_in_flight,
            list_page_bytes: settings.limits.list_page_bytes,
            webhook_policy: settings.webhooks.policy(),
        };
        let secure_cookies = public_url.starts_with("https://");
        let webhook_policy = settings.webhooks.policy();
        let portal =
            switchyard_portal::PortalState { hub: Arc::clone(&hub), time_zone, secure_cookies, webhook_policy };
        let mut app = switchyard_api::router(switchyard_api::AppState::new(Arc::clone(&hub), config))
            .merge(switchyard_portal::router(portal));
        let metrics = if let Some(listener) = metrics_listener {
            tracing::info!(address = %listener.local_addr()?, "metrics served apart");
            Some(tokio::spawn(axum::serve(listener, crate::metrics::router(Arc::clone(&hub))).into_future()))
        } else {
            app = app.merge(crate::metrics::router(Arc::clone(&hub)));
            None
        };
        let app = app.layer(axum::middleware::from_fn(switchyard_api::request_log::log_requests));
        let limits = connection_limits(settings);
        let transport = transport(settings)?;
        let (shutdown, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(serving::serve(listener, app, limits, transport, async move {
            let _ = stopped.await;
        }));
        Ok(RunningServer { address, public_url, hub, shutdown: Some(shutdown), task, metrics })
    }
}

/// TLS when a certificate is set (read again on SIGHUP, which never ends the hub), and the
/// proxies to believe.
fn transport(settings: &Settings) -> anyhow::Result<Transport> {
    let server = &settings.server;
    let tls = match (&server.tls_cert, &server.tls_key) {
        (Some(cert), Some(key)) => Some(ReloadableTls::load(cert, key)?),
        _ => None,
    };
    serving::hangup::watch(tls.clone());
    Ok(Transport { tls, trusted_proxies: TrustedProxies::parse(&server.trusted_proxies)? })
}

/// The caps on connections from the settings, the open-files limit raised to hold them.
fn connection_limits(settings: &Settings) -> ConnectionLimits {
    let limits = &settings.limits;
    let open_files = serving::raise_open_files_limit();
    let max_connections = serving::connections_within(limits.max_connections, open_files);
    if max_connections < limits.max_connections {
        tracing::warn!(
            open_files,
            max_connections,
            "the limit of open files allows fewer connections than limits.max_connections"
        );
    } else {
        tracing::info!(open_files, max_connections, "connections capped");
    }
    ConnectionLimits {
        head: HeadLimits {
            head_timeout: Duration::from_secs(limits.header_timeout_seconds),
            idle_timeout: Duration::from_secs(limits.idle_timeout_seconds),
            max_head_bytes: 64 * 1024,
            max_request_line: 16 * 1024,
            // hyper's own default, whose header array stays on the stack: a larger one would put
            // every request's headers on the heap.
            max_header_lines: 100,
        },
        body_pace: BodyPace {
            grace: Duration::from_secs(limits.body_timeout_seconds),
            bytes_per_second: limits.body_min_bytes_per_second,
        },
        max_connections,
        connections_per_address: limits.connections_per_address,
    }
}

/// The hub on the wall clock, as the binary runs it.
pub fn system_clock() -> Arc<dyn Clock> {
    Arc::new(SystemClock)
}

pub async fn wait_for_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let Ok(mut terminate) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) else {
            let _ = interrupt.await;
            return;
        };
        tokio::select! {
            _ = interrupt => {},
            _ = terminate.recv() => {},
        }
    }
    #[cfg(not(unix))]
    let _ = interrupt.await;
}
