//! Settings in sections (`[server]`, `[database]`, `[limits]`, `[documents]`, `[mail]`): defaults, then a
//! TOML file, then `SWITCHYARD_*` environment variables, then flags ([`layers`]). Everything is
//! checked before a port is bound; secrets print masked ([`SecretUrl`]).

mod layers;
mod public_url;
mod secret_url;
mod show;

use std::path::PathBuf;

use anyhow::bail;
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

pub use layers::FlagOverrides;
pub use secret_url::{SecretUrl, redact_password};

/// The settings tree, as read; see [`Settings::check`] for what is derived from it.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    pub server: ServerSettings,
    pub database: DatabaseSettings,
    pub limits: LimitSettings,
    pub documents: DocumentSettings,
    pub mail: MailSettings,
    pub webhooks: WebhookSettings,
}

/// How this process serves and where it keeps its files.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServerSettings {
    /// Address and port to listen on.
    pub listen: String,
    /// Base of the absolute links the API and mails hand out; defaults to `http://{listen}`
    /// (`localhost` for a hub listening on every address).
    pub public_url: Option<String>,
    /// Directory of the embedded database and the demo credentials.
    pub data: PathBuf,
    /// IANA zone of `createdAt` and of the days in date filters.
    pub time_zone: String,
    /// `pretty` for people, `json` for log collectors.
    pub log_format: String,
    /// Where `/metrics` is served instead of on `listen` (e.g. `127.0.0.1:9187`), so that only
    /// the monitoring reaches it; unset, `/metrics` is on `listen`.
    pub metrics_listen: Option<String>,
    /// PEM certificate chain and private key: serve HTTPS (HTTP/2 and HTTP/1.1) on `listen`,
    /// read again on SIGHUP. Behind a reverse proxy that ends TLS, leave them unset.
    pub tls_cert: Option<PathBuf>,
    pub tls_key: Option<PathBuf>,
    /// Reverse proxies (addresses or networks) whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Vec<String>,
}

/// Which database, and how many connections to it.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DatabaseSettings {
    /// `sqlite://PATH` or `postgres://USER:PASSWORD@HOST/DATABASE`; defaults to `switchyard.db`
    /// in the data directory.
    pub url: Option<SecretUrl>,
    /// Most connections to PostgreSQL this process holds at once.
    pub pool_size: usize,
}

/// What one client may ask of the server.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LimitSettings {
    /// Largest request body accepted, in bytes.
    pub body_limit: usize,
    /// Requests per token per minute; 0 turns the limit off.
    pub rate_limit_per_minute: u32,
    /// Requests per client address per minute that come without a valid token (a missing or
    /// wrong one, health checks, the reference); 0 turns the limit off.
    pub unauthenticated_rate_limit_per_minute: u32,
    /// Request bodies of 1 MiB or more worked on at once; more wait their turn, so that a burst
    /// of catalog uploads does not multiply their memory.
    pub large_bodies_in_flight: usize,
    /// Bytes of stored documents one page of a list holds at most (`GET /v2/transactions`,
    /// `GET /v2/all-transactions`): a page ends before the document that would pass them, and
    /// holds one however large. A page of 1 MiB or more waits for a large body's turn.
    pub list_page_bytes: usize,
    /// Seconds a client has to send a request's head (request line and headers), counted from
    /// its connection's opening or from the head's first byte; past them it gets 408.
    pub header_timeout_seconds: u64,
    /// Seconds a kept-alive connection may stay silent between requests before it is closed.
    pub idle_timeout_seconds: u64,
    /// Seconds a request body may take beyond what its size takes at `body_min_bytes_per_second`;
    /// past them it gets 408.
    pub body_timeout_seconds: u64,
    /// The least pace of a request body once its `body_timeout_seconds` are spent.
    pub body_min_bytes_per_second: u64,
    /// Connections open at once; more are answered 503. Kept below the open-files limit.
    pub max_connections: u32,
    /// Connections open at once from one client address; 0 turns the cap off (do so behind a
    /// reverse proxy, where every client has the proxy's address, and cap there instead).
    pub connections_per_address: usize,
}

/// How documents are checked, and how long they are kept.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DocumentSettings {
    /// Refuse documents whose GS1 numbers (GLN, GTIN, SSCC) have a wrong check digit, instead of
    /// accepting them with a warning.
    pub strict_gs1_check_digits: bool,
    /// Delete documents settled longer ago than this many days (reported on, or dropped, with
    /// every error resolved), with their errors and events; unset, documents are kept for ever.
    /// Also `retention_days`.
    pub retention_days: Option<u32>,
}

/// How webhooks are delivered.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WebhookSettings {
    /// Let endpoints be on loopback, private and link-local addresses, and over plain
    /// `http://` (local setups and tests); off, webhooks go over HTTPS to public addresses only.
    /// Also `webhook_allow_private_targets`.
    pub allow_private_targets: bool,
    /// Attempts in flight at once in one process.
    pub concurrency: usize,
    /// Attempts in flight at once to one endpoint, in one process.
    pub per_endpoint: usize,
}

impl Default for WebhookSettings {
    fn default() -> Self {
        Self { allow_private_targets: false, concurrency: 32, per_endpoint: 2 }
    }
}

impl WebhookSettings {
    pub fn policy(&self) -> switchyard_network::model::webhook_target::TargetPolicy {
        switchyard_network::model::webhook_target::TargetPolicy { allow_private: self.allow_private_targets }
    }
}

/// How mail reaches people.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MailSettings {
    /// `smtp://user:pass@host:587` (STARTTLS), `smtps://host:465`, `smtp://127.0.0.1:1025` (a
    /// local sink, plain). Without it mails are written as `.eml` files under `{data}/mail/`.
    pub smtp_url: Option<SecretUrl>,
    /// The sender of every mail, e.g. `Switchyard <hub@example.com>`.
    pub from: String,
    /// How long a user's mail of issues waits to collect more errors; 0 sends each at once.
    pub notification_batch_seconds: u64,
}

impl Default for MailSettings {
    fn default() -> Self {
        Self { smtp_url: None, from: "Switchyard <switchyard@localhost>".into(), notification_batch_seconds: 300 }
    }
}

impl Default for ServerSettings {
    fn default() -> Self {
        Self {
            listen: "127.0.0.1:8080".into(),
            public_url: None,
            data: PathBuf::from("./data"),
            time_zone: "Europe/Berlin".into(),
            log_format: "pretty".into(),
            metrics_listen: None,
            tls_cert: None,
            tls_key: None,
            trusted_proxies: Vec::new(),
        }
    }
}

impl Default for DatabaseSettings {
    fn default() -> Self {
        Self { url: None, pool_size: default_pool_size() }
    }
}

impl Default for LimitSettings {
    fn default() -> Self {
        Self {
            body_limit: 20 * 1024 * 1024,
            rate_limit_per_minute: 1200,
            unauthenticated_rate_limit_per_minute: 600,
            large_bodies_in_flight: 2,
            list_page_bytes: 32 * 1024 * 1024,
            header_timeout_seconds: 10,
            idle_timeout_seconds: 60,
            body_timeout_seconds: 10,
            body_min_bytes_per_second: 16 * 1024,
            max_connections: 4096,
            connections_per_address: 256,
        }
    }
}

/// Twice this machine's cores, at least 4. Connections beyond what the cores can run at once
/// only queue inside PostgreSQL: on two cores, 4 connections sent about a tenth more documents
/// per second than 16, with a lower p99, because fewer backends waited on the same locks.
fn default_pool_size() -> usize {
    let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
    (2 * cores).max(4)
}

/// Where the database is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DatabaseLocation {
    Sqlite(PathBuf),
    /// A `postgres://` URL, password included.
    Postgres(String),
}

impl Settings {
    /// Settings for a server on `data`, with the database at `url` (else the embedded one).
    pub fn on(data: impl Into<PathBuf>, url: Option<&str>) -> Self {
        let mut settings = Settings::default();
        settings.server.data = data.into();
        settings.database.url = url.map(SecretUrl::new);
        settings
    }

    /// Fails on anything that would only show up once requests arrive.
    pub fn check(&self) -> anyhow::Result<()> {
        self.zone()?;
        self.database_location()?;
        if let Some(url) = &self.server.public_url
            && !(url.starts_with("http://") || url.starts_with("https://"))
        {
            bail!("server.public_url must start with http:// or https://, not `{url}`");
        }
        if self.server.tls_cert.is_some() != self.server.tls_key.is_some() {
            bail!("server.tls_cert and server.tls_key go together: set both, or neither");
        }
        crate::serving::TrustedProxies::parse(&self.server.trusted_proxies)?;
        if !["pretty", "json"].contains(&self.server.log_format.as_str()) {
            bail!("server.log_format must be `pretty` or `json`, not `{}`", self.server.log_format);
        }
        if self.limits.large_bodies_in_flight == 0 {
            bail!("limits.large_bodies_in_flight must be at least 1");
        }
        if self.limits.list_page_bytes == 0 {
            bail!("limits.list_page_bytes must be at least 1");
        }
        if self.limits.body_limit < 1024 {
            bail!("limits.body_limit must be at least 1024 bytes");
        }
        let limits = &self.limits;
        for (name, value) in [
            ("header_timeout_seconds", limits.header_timeout_seconds),
            ("idle_timeout_seconds", limits.idle_timeout_seconds),
            ("body_timeout_seconds", limits.body_timeout_seconds),
            ("body_min_bytes_per_second", limits.body_min_bytes_per_second),
            ("max_connections", u64::from(limits.max_connections)),
        ] {
            if value == 0 {
                bail!("limits.{name} must be at least 1");
            }
        }
        Ok(())
    }

    pub fn zone(&self) -> anyhow::Result<Tz> {
        let zone = &self.server.time_zone;
        zone.parse().map_err(|_| anyhow::anyhow!("unknown time zone `{zone}`"))
    }

    pub fn database_location(&self) -> anyhow::Result<DatabaseLocation> {
        let Some(url) = &self.database.url else {
            return Ok(DatabaseLocation::Sqlite(self.server.data.join("switchyard.db")));
        };
        let url = url.expose();
        if let Some(path) = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")) {
            return Ok(DatabaseLocation::Sqlite(PathBuf::from(path)));
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(DatabaseLocation::Postgres(url.to_owned()));
        }
        bail!(
            "unsupported database URL `{}`: use sqlite://PATH or postgres://USER:PASSWORD@HOST/DATABASE",
            redact_password(url)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_database_is_a_file_in_the_data_directory() {
        assert_eq!(
            Settings::on("/srv/hub", None).database_location().unwrap(),
            DatabaseLocation::Sqlite(PathBuf::from("/srv/hub/switchyard.db"))
        );
    }

    #[test]
    fn bad_settings_are_refused_before_start() {
        let mut zone = Settings::default();
        zone.server.time_zone = "Mars/Olympus".into();
        assert!(zone.check().is_err());
        let mut url = Settings::default();
        url.server.public_url = Some("hub.example.com".into());
        assert!(url.check().is_err());
        assert!(Settings::on("data", Some("mysql://x")).check().is_err());
        let postgres = Settings::on("data", Some("postgres://hub@db/hub"));
        assert_eq!(postgres.database_location().unwrap(), DatabaseLocation::Postgres("postgres://hub@db/hub".into()));
    }

    #[test]
    fn debug_masks_the_database_password() {
        let settings = Settings::on("data", Some("postgres://hub:s3cret@db/hub"));
        let printed = format!("{settings:?}");
        assert!(!printed.contains("s3cret") && printed.contains("hub:***@db"), "{printed}");
    }
}
