//! Jobs of the outbox: work outside the database (a mail to send, a webhook to deliver) that a
//! change causes, written in the change's own transaction and done afterwards by a worker.

use uuid::Uuid;

use crate::Timestamp;

/// A job to enqueue. `kind` names the handler that does it (`mail`, `webhook` ...).
#[derive(Clone, Debug, PartialEq)]
pub struct NewJob {
    pub id: Uuid,
    pub kind: String,
    pub payload: serde_json::Value,
    pub created_at: Timestamp,
    /// Not before this time.
    pub due_at: Timestamp,
}

/// A job a worker holds until `leased_until`: nobody else claims it before then, and only the
/// holder of `claim` can record how it went.
#[derive(Clone, Debug, PartialEq)]
pub struct ClaimedJob {
    pub id: Uuid,
    pub kind: String,
    pub payload: serde_json::Value,
    pub created_at: Timestamp,
    /// Including this one.
    pub attempts: u32,
    pub claim: Uuid,
    pub leased_until: Timestamp,
}

/// What became of a claimed job.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JobOutcome {
    Done,
    /// Try again from `at`.
    Retry {
        at: Timestamp,
        error: String,
    },
    /// Given up on: it stays, marked dead, for people to see.
    Dead {
        error: String,
    },
}

/// Where a job stands, for operators and tests.
#[derive(Clone, Debug, PartialEq)]
pub struct JobRecord {
    pub id: Uuid,
    pub kind: String,
    pub state: JobState,
    pub attempts: u32,
    pub due_at: Timestamp,
    pub last_error: Option<String>,
}

/// A job given up on, with what it was for.
#[derive(Clone, Debug, PartialEq)]
pub struct DeadJob {
    pub record: JobRecord,
    pub payload: serde_json::Value,
    pub settled_at: Option<Timestamp>,
}

super::wire_enum::wire_enum! {
    pub enum JobState {
        Pending => "PENDING",
        Done => "DONE",
        Dead => "DEAD",
    }
}
