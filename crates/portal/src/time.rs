//! Times as people read them, in the hub's zone, and days as people write them.

use chrono::{NaiveDate, TimeZone};
use chrono_tz::Tz;
use switchyard_network::Timestamp;

/// What a date that does not read is answered with.
pub const BAD_DATE: &str = "Write dates as year-month-day, e.g. 2026-12-24.";

/// `2024-03-01 09:30 (Europe/Berlin)`.
pub fn format_time(at: switchyard_network::Timestamp, zone: chrono_tz::Tz) -> String {
    chrono::DateTime::from_timestamp_micros(at)
        .unwrap_or_default()
        .with_timezone(&zone)
        .format(&format!("%Y-%m-%d %H:%M ({zone})"))
        .to_string()
}

/// The start of `date` plus `days`, in `zone`; `None` for a blank field.
pub fn day_start(date: &str, zone: Tz, days: u64) -> Result<Option<Timestamp>, &'static str> {
    let date = date.trim();
    if date.is_empty() {
        return Ok(None);
    }
    let day = NaiveDate::parse_from_str(date, "%Y-%m-%d").map_err(|_| BAD_DATE)?;
    let day = day.checked_add_days(chrono::Days::new(days)).ok_or(BAD_DATE)?;
    let start = zone.from_local_datetime(&day.and_time(chrono::NaiveTime::MIN)).earliest().ok_or(BAD_DATE)?;
    Ok(Some(start.timestamp_micros()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_range_covers_the_last_day_whole_in_the_zone() {
        let zone: Tz = "Europe/Berlin".parse().unwrap_or(Tz::UTC);
        let from = day_start("2026-12-06", zone, 0).ok().flatten();
        let until = day_start("2026-12-06", zone, 1).ok().flatten();
        assert_eq!(until.zip(from).map(|(until, from)| until - from), Some(86_400_000_000));
        assert_eq!(from, Some(1_796_511_600_000_000), "midnight in Berlin is 23:00 UTC the day before");
        assert_eq!(day_start("6.12.2026", zone, 0), Err(BAD_DATE));
        assert_eq!(day_start(" ", zone, 0), Ok(None));
    }
}
