//! Settings: defaults, then a TOML file, then `SWITCHYARD_*` environment variables, then flags.
//! Everything is checked before a port is bound.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use chrono_tz::Tz;
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

/// The settings tree, as read; see [`Settings::check`] for what is derived from it.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Address and port to listen on.
    pub listen: String,
    /// Base of the absolute links the API hands out; defaults to `http://{listen}`.
    pub public_url: Option<String>,
    /// Directory of the embedded database and the demo credentials.
    pub data: PathBuf,
    /// Database URL (`sqlite://path`); defaults to `switchyard.db` in the data directory.
    pub database: Option<String>,
    /// IANA zone of `createdAt` and of the days in date filters.
    pub time_zone: String,
    /// Largest request body accepted, in bytes.
    pub body_limit: usize,
    /// Requests per token per minute; 0 turns the limit off.
    pub rate_limit_per_minute: u32,
    /// `pretty` for people, `json` for log collectors.
    pub log_format: String,
    /// Most connections to PostgreSQL this process holds at once.
    pub database_pool_size: usize,
    /// Request bodies of 1 MiB or more worked on at once; more wait their turn, so that a burst
    /// of catalog uploads does not multiply their memory.
    pub large_bodies_in_flight: usize,
    /// Refuse documents whose GS1 numbers (GLN, GTIN, SSCC) have a wrong check digit, instead of
    /// accepting them with a warning.
    pub strict_gs1_check_digits: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            listen: "127.0.0.1:8080".into(),
            public_url: None,
            data: PathBuf::from("./data"),
            database: None,
            time_zone: "Europe/Berlin".into(),
            body_limit: 20 * 1024 * 1024,
            rate_limit_per_minute: 1200,
            log_format: "pretty".into(),
            strict_gs1_check_digits: false,
            database_pool_size: default_pool_size(),
            large_bodies_in_flight: 2,
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

/// Settings given on the command line, applied last.
#[derive(Clone, Debug, Default, Serialize)]
pub struct FlagOverrides {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listen: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body_limit: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate_limit_per_minute: Option<u32>,
}

/// Where the database is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DatabaseLocation {
    Sqlite(PathBuf),
    /// A `postgres://` URL.
    Postgres(String),
}

impl Settings {
    /// Reads the layers; `file` is the `--config` path, else `switchyard.toml` if present.
    pub fn load(file: Option<&Path>, flags: FlagOverrides) -> anyhow::Result<Self> {
        let mut figment = Figment::from(Serialized::defaults(Settings::default()));
        match file {
            Some(path) if !path.exists() => bail!("the configuration file {} does not exist", path.display()),
            Some(path) => figment = figment.merge(Toml::file(path)),
            None => figment = figment.merge(Toml::file("switchyard.toml")),
        }
        let settings: Settings = figment
            .merge(Env::prefixed("SWITCHYARD_").ignore(&["config"]))
            .merge(Serialized::defaults(flags))
            .extract()
            .context("invalid configuration")?;
        settings.check()?;
        Ok(settings)
    }

    /// Fails on anything that would only show up once requests arrive.
    pub fn check(&self) -> anyhow::Result<()> {
        self.zone()?;
        self.database_location()?;
        if let Some(url) = &self.public_url
            && !(url.starts_with("http://") || url.starts_with("https://"))
        {
            bail!("public_url must start with http:// or https://, not `{url}`");
        }
        if !["pretty", "json"].contains(&self.log_format.as_str()) {
            bail!("log_format must be `pretty` or `json`, not `{}`", self.log_format);
        }
        if self.large_bodies_in_flight == 0 {
            bail!("large_bodies_in_flight must be at least 1");
        }
        if self.body_limit < 1024 {
            bail!("body_limit must be at least 1024 bytes");
        }
        Ok(())
    }

    pub fn zone(&self) -> anyhow::Result<Tz> {
        self.time_zone.parse().map_err(|_| anyhow::anyhow!("unknown time zone `{}`", self.time_zone))
    }

    pub fn database_location(&self) -> anyhow::Result<DatabaseLocation> {
        let Some(url) = &self.database else {
            return Ok(DatabaseLocation::Sqlite(self.data.join("switchyard.db")));
        };
        if let Some(path) = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")) {
            return Ok(DatabaseLocation::Sqlite(PathBuf::from(path)));
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(DatabaseLocation::Postgres(url.clone()));
        }
        bail!("unsupported database URL `{url}`: use sqlite://PATH or postgres://USER:PASSWORD@HOST/DATABASE")
    }

    /// The configuration as TOML, for `switchyard config show`.
    pub fn to_toml(&self) -> String {
        let mut lines = vec![
            format!("listen = {:?}", self.listen),
            format!("data = {:?}", self.data.display().to_string()),
            format!("time_zone = {:?}", self.time_zone),
            format!("body_limit = {}", self.body_limit),
            format!("rate_limit_per_minute = {}", self.rate_limit_per_minute),
            format!("log_format = {:?}", self.log_format),
            format!("strict_gs1_check_digits = {}", self.strict_gs1_check_digits),
            format!("database_pool_size = {}", self.database_pool_size),
            format!("large_bodies_in_flight = {}", self.large_bodies_in_flight),
        ];
        if let Some(url) = &self.public_url {
            lines.push(format!("public_url = {url:?}"));
        }
        if let Some(url) = &self.database {
            lines.push(format!("database = {:?}", redact_password(url)));
        }
        lines.join("\n")
    }
}

/// `scheme://user:secret@host` becomes `scheme://user:***@host`.
pub fn redact_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_owned() };
    let Some((credentials, host)) = rest.split_once('@') else { return url.to_owned() };
    match credentials.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_database_is_a_file_in_the_data_directory() {
        let settings = Settings { data: PathBuf::from("/srv/hub"), ..Settings::default() };
        assert_eq!(
            settings.database_location().unwrap(),
            DatabaseLocation::Sqlite(PathBuf::from("/srv/hub/switchyard.db"))
        );
    }

    #[test]
    fn bad_settings_are_refused_before_start() {
        let zone = Settings { time_zone: "Mars/Olympus".into(), ..Settings::default() };
        assert!(zone.check().is_err());
        let url = Settings { public_url: Some("hub.example.com".into()), ..Settings::default() };
        assert!(url.check().is_err());
        let database = Settings { database: Some("mysql://x".into()), ..Settings::default() };
        assert!(database.check().is_err());
        let postgres = Settings { database: Some("postgres://hub@db/hub".into()), ..Settings::default() };
        assert_eq!(postgres.database_location().unwrap(), DatabaseLocation::Postgres("postgres://hub@db/hub".into()));
    }

    #[test]
    fn passwords_never_print() {
        assert_eq!(redact_password("postgres://hub:s3cret@db:5432/hub"), "postgres://hub:***@db:5432/hub");
        assert_eq!(redact_password("sqlite://data/x.db"), "sqlite://data/x.db");
    }
}
