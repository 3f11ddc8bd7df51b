//! A URL that may carry a password (a database's, later an SMTP server's): held in a `secrecy`
//! type, so that `Debug`, the log and `config show` (text or JSON) see it with the password
//! masked, and only the code that connects exposes it.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Clone)]
pub struct SecretUrl(SecretString);

impl SecretUrl {
    pub fn new(url: impl Into<String>) -> Self {
        Self(SecretString::from(url.into()))
    }

    /// The URL itself, for connecting; never for printing.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }

    /// The URL with the password masked: `scheme://user:***@host`.
    pub fn redacted(&self) -> String {
        redact_password(self.expose())
    }
}

impl fmt::Debug for SecretUrl {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{:?}", self.redacted())
    }
}

/// Serialised masked: serialising the settings is how they are shown.
impl Serialize for SecretUrl {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.redacted())
    }
}

impl<'de> Deserialize<'de> for SecretUrl {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        SecretString::deserialize(deserializer).map(Self)
    }
}

/// `scheme://user:secret@host` becomes `scheme://user:***@host`.
pub fn redact_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_owned() };
    let Some((credentials, host)) = rest.rsplit_once('@') else { return url.to_owned() };
    match credentials.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_never_prints() {
        let url = SecretUrl::new("postgres://hub:s3cret@db:5432/hub");
        assert_eq!(format!("{url:?}"), "\"postgres://hub:***@db:5432/hub\"");
        assert_eq!(serde_json::to_string(&url).unwrap(), "\"postgres://hub:***@db:5432/hub\"");
        assert_eq!(url.expose(), "postgres://hub:s3cret@db:5432/hub");
        assert_eq!(redact_password("sqlite://data/x.db"), "sqlite://data/x.db");
        assert_eq!(
            redact_password("smtp://mailer:p@ss@mail.example.com:587"),
            "smtp://mailer:***@mail.example.com:587"
        );
    }
}
