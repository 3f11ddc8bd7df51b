//! `switchyard config show`: the effective settings as TOML, passwords masked.

use super::Settings;

impl Settings {
    /// The configuration as TOML in its sections; a database URL's password shows as `***`.
    pub fn to_toml(&self) -> String {
        let server = &self.server;
        let mut lines = vec![
            "[server]".to_owned(),
            format!("listen = {:?}", server.listen),
            format!("data = {:?}", server.data.display().to_string()),
            format!("time_zone = {:?}", server.time_zone),
            format!("log_format = {:?}", server.log_format),
        ];
        if let Some(url) = &server.public_url {
            lines.push(format!("public_url = {url:?}"));
        }
        lines.extend([String::new(), "[database]".to_owned()]);
        if let Some(url) = &self.database.url {
            lines.push(format!("url = {:?}", url.redacted()));
        }
        lines.push(format!("pool_size = {}", self.database.pool_size));
        let limits = &self.limits;
        lines.extend([
            String::new(),
            "[limits]".to_owned(),
            format!("body_limit = {}", limits.body_limit),
            format!("rate_limit_per_minute = {}", limits.rate_limit_per_minute),
            format!("unauthenticated_rate_limit_per_minute = {}", limits.unauthenticated_rate_limit_per_minute),
            format!("large_bodies_in_flight = {}", limits.large_bodies_in_flight),
            format!("list_page_bytes = {}", limits.list_page_bytes),
            format!("header_timeout_seconds = {}", limits.header_timeout_seconds),
            format!("idle_timeout_seconds = {}", limits.idle_timeout_seconds),
            format!("body_timeout_seconds = {}", limits.body_timeout_seconds),
            format!("body_min_bytes_per_second = {}", limits.body_min_bytes_per_second),
            format!("max_connections = {}", limits.max_connections),
            format!("connections_per_address = {}", limits.connections_per_address),
            String::new(),
            "[documents]".to_owned(),
            format!("strict_gs1_check_digits = {}", self.documents.strict_gs1_check_digits),
            String::new(),
            "[mail]".to_owned(),
        ]);
        if let Some(url) = &self.mail.smtp_url {
            lines.push(format!("smtp_url = {:?}", url.redacted()));
        }
        lines.push(format!("from = {:?}", self.mail.from));
        lines.join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shown_configuration_reads_back_as_the_same_settings_but_the_password() {
        let settings = Settings::on("/srv/hub", Some("postgres://hub:s3cret@db/hub"));
        let shown = settings.to_toml();
        assert!(!shown.contains("s3cret"), "{shown}");
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("shown.toml");
        std::fs::write(&file, &shown).unwrap();
        let read = Settings::load(Some(&file), super::super::FlagOverrides::default()).unwrap();
        assert_eq!(read.to_toml(), shown);
        assert_eq!(read.database.url.unwrap().expose(), "postgres://hub:***@db/hub");
    }
}
