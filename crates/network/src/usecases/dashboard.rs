//! A company's dashboard: what needs attention and how its documents flow. Its open errors, the
//! documents it sent and received today and in the last seven days by type, the oldest document
//! waiting in its queue, when each ERP connection last polled and sent (one silent for over a
//! day is flagged), and its relationships still in testing.

use chrono::TimeZone;
use chrono_tz::Tz;
use switchyard_documents::DocumentType;
use uuid::Uuid;

use crate::finding::Side;
use crate::model::{Caller, ConnectionRecord, ConnectionUse, Relationship, RelationshipState};
use crate::store::{DocumentCount, QueueAge};
use crate::{Error, Hub, Timestamp};

const MICROS_A_DAY: i64 = 86_400_000_000;
/// A connection that has not polled or sent for this long is flagged.
pub const SILENT_AFTER: i64 = MICROS_A_DAY;
/// The queue is counted up to this many documents ("over 10,000").
pub const QUEUE_COUNTED_UP_TO: u64 = 10_000;

/// One type's documents on one side: today, and in the last seven days.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Flowing {
    pub kind: DocumentType,
    pub today: u64,
    pub week: u64,
}

/// A connection, and whether it has been silent for over a day.
#[derive(Clone, Debug)]
pub struct ConnectionHealth {
    pub connection: ConnectionRecord,
    pub silent: bool,
}

#[derive(Clone, Debug)]
pub struct Dashboard {
    pub open_errors: u64,
    pub sent: Vec<Flowing>,
    pub received: Vec<Flowing>,
    pub queue: Option<QueueAge>,
    pub connections: Vec<ConnectionHealth>,
    /// Relationships in testing, with the other company's name: (sent by this company?, type,
    /// partner).
    pub testing: Vec<(bool, DocumentType, String)>,
    pub now: Timestamp,
}

impl Hub {
    /// The dashboard of `company_id`, its days counted in `zone`.
    pub async fn dashboard(&self, company_id: Uuid, zone: Tz) -> Result<Dashboard, Error> {
        let now = self.now();
        let today = start_of_day(now, zone);
        let counts = self.store.count_documents(company_id, today - 6 * MICROS_A_DAY, today).await?;
        let connections = self.store.list_connections(company_id).await?;
        let names = self.company_names().await?;
        let testing = self
            .store
            .list_relationships(company_id)
            .await?
            .into_iter()
            .filter(|relationship| relationship.state == RelationshipState::Testing)
            .map(|relationship| testing_line(&relationship, company_id, &names))
            .collect();
        Ok(Dashboard {
            open_errors: self.open_error_count(company_id).await?,
            sent: flowing(&counts, Side::Sent),
            received: flowing(&counts, Side::Received),
            queue: self.store.queue_age(company_id, QUEUE_COUNTED_UP_TO).await?,
            connections: connections.into_iter().map(|connection| health(connection, now)).collect(),
            testing,
            now,
        })
    }

    /// Notes that the caller's connection polled or sent, at most once a minute.
    pub(crate) async fn note_connection_use(&self, caller: Caller, what: ConnectionUse) -> Result<(), Error> {
        let now = self.now();
        let due = match self.connection_touches.lock() {
            Ok(mut touches) => {
                let key = (caller.connection_id, what);
                let due = touches.get(&key).is_none_or(|last| now - last >= self.settings.token_touch_interval);
                if due {
                    touches.insert(key, now);
                }
                due
            }
            Err(_) => true,
        };
        if due {
            self.store.touch_connection(caller.connection_id, what, now).await?;
        }
        Ok(())
    }
}

/// Midnight of `at`'s day in `zone`.
fn start_of_day(at: Timestamp, zone: Tz) -> Timestamp {
    let local = chrono::DateTime::from_timestamp_micros(at).unwrap_or_default().with_timezone(&zone);
    let midnight = local.date_naive().and_time(chrono::NaiveTime::MIN);
    zone.from_local_datetime(&midnight)
        .earliest()
        .map_or(at - at.rem_euclid(MICROS_A_DAY), |day| day.timestamp_micros())
}

/// The counts of one side in the order of the types.
fn flowing(counts: &[DocumentCount], side: Side) -> Vec<Flowing> {
    DocumentType::ALL
        .iter()
        .filter_map(|kind| {
            let count = counts.iter().find(|count| count.side == side && count.kind == *kind)?;
            Some(Flowing { kind: *kind, today: count.today, week: count.since })
        })
        .collect()
}

fn health(connection: ConnectionRecord, now: Timestamp) -> ConnectionHealth {
    let last =
        [connection.last_polled_at, connection.last_sent_at, Some(connection.created_at)].into_iter().flatten().max();
    let silent = last.is_some_and(|last| now - last > SILENT_AFTER);
    ConnectionHealth { connection, silent }
}

fn testing_line(
    relationship: &Relationship,
    company_id: Uuid,
    names: &std::collections::HashMap<Uuid, String>,
) -> (bool, DocumentType, String) {
    let ours = relationship.sender_id == company_id;
    let partner = if ours { relationship.receiver_id } else { relationship.sender_id };
    (ours, relationship.kind, names.get(&partner).cloned().unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_starts_at_midnight_in_the_zone() {
        let zone: Tz = "Europe/Berlin".parse().unwrap_or(Tz::UTC);
        // 2026-12-06 03:00 UTC is 04:00 in Berlin; that day began at 2026-12-05 23:00 UTC.
        assert_eq!(start_of_day(1_796_526_000_000_000, zone), 1_796_511_600_000_000);
    }

    #[test]
    fn a_connection_quiet_for_over_a_day_is_flagged_and_a_new_one_is_not() {
        let connection = |created_at, last_polled_at| ConnectionRecord {
            id: Uuid::nil(),
            name: "ERP".into(),
            created_at,
            last_polled_at,
            last_sent_at: None,
        };
        let now = 10 * MICROS_A_DAY;
        assert!(health(connection(0, Some(now - 2 * MICROS_A_DAY)), now).silent);
        assert!(!health(connection(0, Some(now - 60_000_000)), now).silent);
        assert!(!health(connection(now - 1_000, None), now).silent, "created a moment ago");
    }
}
