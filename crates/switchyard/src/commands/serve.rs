//! `serve`, `demo` and `migrate`.

use std::sync::Arc;

use anyhow::Context;
use clap::Args;
use serde_json::json;
use switchyard_network::Hub;

use super::{Cli, Output};
use crate::config::{DatabaseLocation, FlagOverrides, Settings};
use crate::demo_output::{self, CREDENTIALS_FILE};
use crate::server::{self, system_clock};
use crate::webhook_dispatcher::Dispatcher;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on, e.g. 0.0.0.0:8080.
    #[arg(long)]
    listen: Option<String>,
    /// Base URL clients reach this server at (used in nextPageUrl and errorUrl).
    #[arg(long)]
    public_url: Option<String>,
    /// IANA time zone of createdAt and of date filters, e.g. Europe/Berlin.
    #[arg(long)]
    time_zone: Option<String>,
    /// Largest request body in bytes.
    #[arg(long)]
    body_limit: Option<usize>,
    /// Requests per token per minute; 0 turns the limit off.
    #[arg(long)]
    rate_limit_per_minute: Option<u32>,
    /// Seed the demo network if the database is empty.
    #[arg(long)]
    demo: bool,
}

impl ServeArgs {
    fn flags(&self) -> FlagOverrides {
        FlagOverrides {
            listen: self.listen.clone(),
            public_url: self.public_url.clone(),
            time_zone: self.time_zone.clone(),
            body_limit: self.body_limit,
            rate_limit_per_minute: self.rate_limit_per_minute,
            ..FlagOverrides::default()
        }
    }
}

pub async fn serve(cli: &Cli, args: &ServeArgs) -> anyhow::Result<()> {
    let settings = cli.settings(args.flags())?;
    init_logging(&settings);
    let mailer = crate::mailer::from_settings(&settings)?;
    tracing::info!("mails go out through {}", mailer.describe());
    let hub = server::open_hub(&settings, system_clock()).await?;
    let bound = server::bind(&settings).await?;
    // Seeded before the first answer, so that whoever sees the hub up finds the credentials.
    if args.demo {
        seed_if_empty(&hub, &settings, &bound.public_url).await?;
    }
    let running = bound.serve(&settings, Arc::clone(&hub))?;
    let mail = crate::mailer::context(&settings, &running.public_url)?;
    let worker = crate::worker::start(crate::worker::worker(Arc::clone(&hub), mail));
    let zone = settings.zone()?;
    let dispatcher = Dispatcher::new(Arc::clone(&hub), &settings.webhooks, &running.public_url, zone)?;
    let dispatcher = crate::webhook_dispatcher::start(dispatcher);
    let retention = crate::retention::start(Arc::clone(&hub), settings.documents.retention_days);
    tracing::info!(address = %running.address, public_url = %running.public_url, "Switchyard is serving");
    let served = running.run_until_signal().await;
    worker.stop().await;
    dispatcher.stop().await;
    if let Some(retention) = retention {
        retention.stop().await;
    }
    served
}

/// `switchyard worker`: works the outbox only, until SIGTERM or Ctrl-C.
pub async fn work(cli: &Cli) -> anyhow::Result<()> {
    let settings = cli.settings(FlagOverrides::default())?;
    init_logging(&settings);
    let hub = server::open_hub(&settings, system_clock()).await?;
    let public_url = settings.server.public_url();
    let mail = crate::mailer::context(&settings, &public_url)?;
    tracing::info!("mails go out through {}", mail.mailer.describe());
    let dispatcher = Dispatcher::new(Arc::clone(&hub), &settings.webhooks, &public_url, settings.zone()?)?;
    let dispatcher = crate::webhook_dispatcher::start(dispatcher);
    let retention = crate::retention::start(Arc::clone(&hub), settings.documents.retention_days);
    let worker = crate::worker::start(crate::worker::worker(hub, mail));
    tracing::info!("the worker is working the outbox and delivering webhooks");
    server::wait_for_signal().await;
    tracing::info!("stopping the worker after the job in hand");
    worker.stop().await;
    dispatcher.stop().await;
    if let Some(retention) = retention {
        retention.stop().await;
    }
    Ok(())
}

async fn seed_if_empty(hub: &Hub, settings: &Settings, public_url: &str) -> anyhow::Result<()> {
    if !hub.is_empty().await? {
        let file = settings.server.data.join(CREDENTIALS_FILE);
        println!(
            "The database has companies already; not seeding the demo. Demo credentials, if any: {}",
            file.display()
        );
        return Ok(());
    }
    let network = hub.seed_demo().await?;
    hub.seed_demo_story(&network).await?;
    let file = demo_output::write_credentials(&settings.server.data, &network, public_url)?;
    println!("{}", demo_output::summary(&network, public_url, &file));
    Ok(())
}

pub async fn demo(cli: &Cli) -> anyhow::Result<Output> {
    let settings = cli.settings(FlagOverrides::default())?;
    let hub = server::open_hub(&settings, system_clock()).await?;
    anyhow::ensure!(hub.is_empty().await?, "the database has companies already; the demo seeds only an empty network");
    let public_url = settings.server.public_url();
    let network = hub.seed_demo().await?;
    hub.seed_demo_story(&network).await?;
    let file = demo_output::write_credentials(&settings.server.data, &network, &public_url)?;
    let text = demo_output::summary(&network, &public_url, &file);
    Ok(Output::new(text, json!({ "baseUrl": public_url, "companies": network.companies, "credentialsFile": file })))
}

pub async fn migrate(cli: &Cli) -> anyhow::Result<Output> {
    let settings = cli.settings(FlagOverrides::default())?;
    let (database, version) = match settings.database_location()? {
        DatabaseLocation::Sqlite(path) => (
            path.display().to_string(),
            switchyard_store_sqlite::SqliteStore::migrate(&path).context("migration failed")?,
        ),
        DatabaseLocation::Postgres(url) => {
            let store = switchyard_store_postgres::PostgresStore::open(&url, 1).await.context("migration failed")?;
            (crate::config::redact_password(&url), store.migrate().await?)
        }
    };
    Ok(Output::new(
        format!("{database} is at schema version {version}"),
        json!({ "database": database, "schemaVersion": version }),
    ))
}

fn init_logging(settings: &Settings) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    // Colours only for a person at a terminal: a log file or journal gets plain text.
    let colours = std::io::IsTerminal::is_terminal(&std::io::stdout()) && std::env::var_os("NO_COLOR").is_none();
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_ansi(colours);
    let _ = if settings.server.log_format == "json" { builder.json().try_init() } else { builder.try_init() };
}
