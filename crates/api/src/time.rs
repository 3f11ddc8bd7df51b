//! Server times for people and for filters: RFC 3339 with the display zone's offset, and
//! whole days of that zone.

use chrono::{DateTime, Days, NaiveDate, TimeZone};
use chrono_tz::Tz;
use switchyard_network::Timestamp;

/// `createdAt`: e.g. `2024-01-01T09:30:00+01:00`.
pub fn format_timestamp(at: Timestamp, zone: Tz) -> String {
    DateTime::from_timestamp_micros(at)
        .unwrap_or_default()
        .with_timezone(&zone)
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// Start of `day` in `zone`, as a timestamp (the earlier instant where a clock change repeats it).
fn start_of_day(day: NaiveDate, zone: Tz) -> Option<Timestamp> {
    let midnight = day.and_hms_opt(0, 0, 0)?;
    zone.from_local_datetime(&midnight).earliest().map(|at| at.timestamp_micros())
}

/// `YYYY-MM-DD,YYYY-MM-DD`, both days inclusive: `(from, until)` with `until` exclusive.
pub fn parse_day_range(text: &str, zone: Tz) -> Result<(Timestamp, Timestamp), &'static str> {
    const FORMAT: &str = "The created between filter must be two dates, YYYY-MM-DD,YYYY-MM-DD.";
    let (first, last) = text.split_once(',').ok_or(FORMAT)?;
    let first = NaiveDate::parse_from_str(first.trim(), "%Y-%m-%d").map_err(|_| FORMAT)?;
    let last = NaiveDate::parse_from_str(last.trim(), "%Y-%m-%d").map_err(|_| FORMAT)?;
    if last < first {
        return Err("The first date of the created between filter must not be after the second.");
    }
    let day_after = last.checked_add_days(Days::new(1)).ok_or(FORMAT)?;
    Ok((start_of_day(first, zone).ok_or(FORMAT)?, start_of_day(day_after, zone).ok_or(FORMAT)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_carry_the_offset_of_the_display_zone() {
        // 2024-01-01T00:00:00Z is one in the morning in Berlin.
        let at = 1_704_067_200_000_000;
        assert_eq!(format_timestamp(at, chrono_tz::Europe::Berlin), "2024-01-01T01:00:00+01:00");
        assert_eq!(format_timestamp(at, chrono_tz::UTC), "2024-01-01T00:00:00+00:00");
    }

    #[test]
    fn a_day_range_covers_both_whole_days_in_the_zone() {
        let (from, until) = parse_day_range("2024-01-01,2024-01-02", chrono_tz::Europe::Berlin).unwrap();
        assert_eq!(from, 1_704_067_200_000_000 - 3_600_000_000);
        assert_eq!(until - from, 2 * 86_400_000_000);
    }

    #[test]
    fn malformed_and_reversed_ranges_are_refused() {
        assert!(parse_day_range("2024-01-01", chrono_tz::UTC).is_err());
        assert!(parse_day_range("2024-13-01,2024-12-01", chrono_tz::UTC).is_err());
        assert!(parse_day_range("2024-02-01,2024-01-01", chrono_tz::UTC).is_err());
    }
}
