//! What an operator command prints: a readable text, or the same facts as JSON.

use chrono::{DateTime, SecondsFormat};
use serde_json::Value;
use switchyard_network::Timestamp;

pub struct Output {
    text: String,
    json: Value,
}

impl Output {
    pub fn new(text: impl Into<String>, json: Value) -> Self {
        Self { text: text.into(), json }
    }

    pub fn print(&self, as_json: bool) {
        if as_json {
            println!("{}", serde_json::to_string_pretty(&self.json).unwrap_or_default());
        } else {
            println!("{}", self.text);
        }
    }
}

/// RFC 3339 in UTC, for listings.
pub fn utc(at: Timestamp) -> String {
    DateTime::from_timestamp_micros(at).unwrap_or_default().to_rfc3339_opts(SecondsFormat::Secs, true)
}
