//! Where settings come from, in order: defaults, a TOML file (`--config FILE`, else
//! `./switchyard.toml` when present), `SWITCHYARD_*` environment variables, then flags.
//!
//! Before the settings had sections their keys were flat (`listen`, `database`, `body_limit`
//! ...). Those names keep working, in the file and as environment variables
//! (`SWITCHYARD_DATABASE`, `SWITCHYARD_PUBLIC_URL`, `SWITCHYARD_SMTP_URL`, `SWITCHYARD_MAIL_FROM`,
//! `SWITCHYARD_NOTIFICATION_BATCH_SECONDS`; and `SWITCHYARD_WEBHOOK_ALLOW_PRIVATE_TARGETS`, a
//! flat name from the start),
//! so that no deployment breaks; a key given
//! in its section wins over its flat name. Any other section key can be set from the
//! environment as `SWITCHYARD_SECTION__KEY`, e.g. `SWITCHYARD_LIMITS__BODY_LIMIT`.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use figment::providers::{Env, Format, Serialized, Toml};
use figment::value::{Dict, Map, Tag, Uncased, UncasedStr, Value};
use figment::{Error, Figment, Metadata, Profile, Provider};
use serde::Serialize;

use super::Settings;

/// Each flat key of the settings before they had sections, and its place now.
const FLAT_KEYS: [(&str, &str, &str); 20] = [
    ("listen", "server", "listen"),
    ("public_url", "server", "public_url"),
    ("data", "server", "data"),
    ("time_zone", "server", "time_zone"),
    ("log_format", "server", "log_format"),
    ("metrics_listen", "server", "metrics_listen"),
    ("tls_cert", "server", "tls_cert"),
    ("tls_key", "server", "tls_key"),
    ("trusted_proxies", "server", "trusted_proxies"),
    ("database", "database", "url"),
    ("database_pool_size", "database", "pool_size"),
    ("body_limit", "limits", "body_limit"),
    ("rate_limit_per_minute", "limits", "rate_limit_per_minute"),
    ("large_bodies_in_flight", "limits", "large_bodies_in_flight"),
    ("strict_gs1_check_digits", "documents", "strict_gs1_check_digits"),
    ("retention_days", "documents", "retention_days"),
    ("smtp_url", "mail", "smtp_url"),
    ("mail_from", "mail", "from"),
    ("notification_batch_seconds", "mail", "notification_batch_seconds"),
    ("webhook_allow_private_targets", "webhooks", "allow_private_targets"),
];

/// Settings given on the command line, applied last.
#[derive(Clone, Debug, Default, Serialize)]
pub struct FlagOverrides {
    pub listen: Option<String>,
    pub public_url: Option<String>,
    pub data: Option<PathBuf>,
    pub database: Option<String>,
    pub time_zone: Option<String>,
    pub body_limit: Option<usize>,
    pub rate_limit_per_minute: Option<u32>,
}

impl Settings {
    /// Reads the layers and checks the result.
    pub fn load(file: Option<&Path>, flags: FlagOverrides) -> anyhow::Result<Self> {
        let mut figment = Figment::from(Serialized::defaults(Settings::default()));
        match file {
            Some(path) if !path.exists() => bail!("the configuration file {} does not exist", path.display()),
            Some(path) => figment = figment.merge(FlatKeys(Toml::file(path))),
            None => figment = figment.merge(FlatKeys(Toml::file("switchyard.toml"))),
        }
        // `SWITCHYARD_CONFIG` names the file; `SWITCHYARD_BUILD_COMMIT` is read when building.
        figment = figment.merge(Env::prefixed("SWITCHYARD_").ignore(&["config", "build_commit"]).map(env_key));
        let settings: Settings = flags.apply(figment).extract().context("invalid configuration")?;
        settings.check()?;
        Ok(settings)
    }
}

impl FlagOverrides {
    fn apply(self, mut figment: Figment) -> Figment {
        let mut set = |key: &str, value: Option<Value>| {
            if let Some(value) = value {
                figment = std::mem::take(&mut figment).merge(Serialized::default(key, value));
            }
        };
        set("server.listen", self.listen.map(Value::from));
        set("server.public_url", self.public_url.map(Value::from));
        set("server.data", self.data.map(|data| Value::from(data.display().to_string())));
        set("database.url", self.database.map(Value::from));
        set("server.time_zone", self.time_zone.map(Value::from));
        set("limits.body_limit", self.body_limit.map(Value::from));
        set("limits.rate_limit_per_minute", self.rate_limit_per_minute.map(Value::from));
        figment
    }
}

/// `SWITCHYARD_BODY_LIMIT` (a flat name) and `SWITCHYARD_LIMITS__BODY_LIMIT` both name
/// `limits.body_limit`.
fn env_key(key: &UncasedStr) -> Uncased<'_> {
    let lower = key.as_str().to_ascii_lowercase();
    match FLAT_KEYS.iter().find(|(flat, _, _)| *flat == lower) {
        Some((_, section, name)) => format!("{section}.{name}").into(),
        None => lower.replace("__", ".").into(),
    }
}

/// A provider whose top-level flat keys are moved into their sections.
struct FlatKeys<P>(P);

impl<P: Provider> Provider for FlatKeys<P> {
    fn metadata(&self) -> Metadata {
        self.0.metadata()
    }

    fn data(&self) -> Result<Map<Profile, Dict>, Error> {
        let mut data = self.0.data()?;
        data.values_mut().for_each(nest_flat_keys);
        Ok(data)
    }
}

fn nest_flat_keys(dict: &mut Dict) {
    for (flat, section, name) in FLAT_KEYS {
        // `database` is both a flat key (a URL) and a section (a table): only the URL moves.
        if dict.get(flat).is_none_or(|value| matches!(value, Value::Dict(..))) {
            continue;
        }
        let Some(value) = dict.remove(flat) else { continue };
        let entry = dict.entry(section.to_owned()).or_insert_with(|| Value::Dict(Tag::Default, Dict::new()));
        if let Value::Dict(_, keys) = entry {
            keys.entry(name.to_owned()).or_insert(value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loaded(toml: &str, flags: FlagOverrides) -> anyhow::Result<Settings> {
        let dir = tempfile::tempdir()?;
        let file = dir.path().join("hub.toml");
        std::fs::write(&file, toml)?;
        Settings::load(Some(&file), flags)
    }

    #[test]
    fn sections_are_read_from_the_file() {
        let settings = loaded(
            "[server]\nlisten = \"0.0.0.0:9000\"\n[database]\nurl = \"postgres://hub:pw@db/hub\"\npool_size = 3\n\
             [limits]\nbody_limit = 4096\n[documents]\nstrict_gs1_check_digits = true\n",
            FlagOverrides::default(),
        )
        .unwrap();
        assert_eq!(settings.server.listen, "0.0.0.0:9000");
        assert_eq!(
            settings.database.url.as_ref().map(super::super::SecretUrl::expose),
            Some("postgres://hub:pw@db/hub")
        );
        assert_eq!((settings.database.pool_size, settings.limits.body_limit), (3, 4096));
        assert!(settings.documents.strict_gs1_check_digits);
    }

    #[test]
    fn flat_keys_of_before_the_sections_still_work_and_a_section_key_wins() {
        let settings = loaded(
            "listen = \"0.0.0.0:9000\"\ndatabase = \"sqlite://old.db\"\nbody_limit = 5000\n[limits]\nbody_limit = 6000\n",
            FlagOverrides::default(),
        )
        .unwrap();
        assert_eq!(settings.server.listen, "0.0.0.0:9000");
        assert_eq!(settings.database.url.as_ref().map(super::super::SecretUrl::expose), Some("sqlite://old.db"));
        assert_eq!(settings.limits.body_limit, 6000);
    }

    #[test]
    fn flags_win_over_the_file() {
        let flags =
            FlagOverrides { listen: Some("127.0.0.1:0".into()), body_limit: Some(2048), ..FlagOverrides::default() };
        let settings = loaded("[server]\nlisten = \"0.0.0.0:9000\"\n", flags).unwrap();
        assert_eq!((settings.server.listen.as_str(), settings.limits.body_limit), ("127.0.0.1:0", 2048));
    }

    #[test]
    fn an_unknown_key_is_refused() {
        let error = loaded("[server]\nlisten_on = \"x\"\n", FlagOverrides::default()).unwrap_err();
        assert!(format!("{error:#}").contains("listen_on"), "{error:#}");
    }

    #[test]
    fn environment_names_map_flat_and_sectioned() {
        assert_eq!(env_key(UncasedStr::new("PUBLIC_URL")).as_str(), "server.public_url");
        assert_eq!(env_key(UncasedStr::new("DATABASE")).as_str(), "database.url");
        assert_eq!(env_key(UncasedStr::new("LIMITS__BODY_LIMIT")).as_str(), "limits.body_limit");
    }
}
