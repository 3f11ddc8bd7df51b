//! Times as people read them, in the hub's zone.

/// `2024-03-01 09:30 (Europe/Berlin)`.
pub fn format_time(at: switchyard_network::Timestamp, zone: chrono_tz::Tz) -> String {
    chrono::DateTime::from_timestamp_micros(at)
        .unwrap_or_default()
        .with_timezone(&zone)
        .format(&format!("%Y-%m-%d %H:%M ({zone})"))
        .to_string()
}
