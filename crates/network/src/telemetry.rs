//! The counters an operator watches the hub by, named in one place: what the hub does, counted
//! where it is decided. Each call is a no-op until a process installs a recorder (`serve` and
//! `worker` do; tests and one-off commands do not). Labels take a few known values only (a
//! document type, an outcome, a kind), never an id, so that a series never multiplies with use.

use switchyard_documents::DocumentType;

pub const DOCUMENTS_SENT: &str = "switchyard_documents_sent_total";
pub const DOCUMENTS_PROCESSED: &str = "switchyard_documents_processed_total";
pub const OUTBOX_ATTEMPTS: &str = "switchyard_outbox_attempts_total";
pub const OUTBOX_FAILURES: &str = "switchyard_outbox_failures_total";
pub const RETENTION_DELETED: &str = "switchyard_retention_deleted_total";

/// How a send ended, for [`DOCUMENTS_SENT`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SendCount {
    /// Stored and put in the receiver's queue.
    Delivered,
    /// Stored, not delivered (202: no active relationship for the type).
    Held,
    /// Not stored: invalid, unroutable, unreadable or a duplicate.
    Refused,
}

impl SendCount {
    fn as_str(self) -> &'static str {
        match self {
            Self::Delivered => "delivered",
            Self::Held => "held",
            Self::Refused => "refused",
        }
    }
}

/// One send of `kind` (`None` when the body did not say a known type).
pub fn document_sent(kind: Option<DocumentType>, outcome: SendCount) {
    let kind = kind.map_or("UNKNOWN", DocumentType::as_str);
    metrics::counter!(DOCUMENTS_SENT, "type" => kind, "outcome" => outcome.as_str()).increment(1);
}

/// A receiver's report on one document: `SUCCESS` or `FAILED`.
pub fn document_processed(status: &'static str) {
    metrics::counter!(DOCUMENTS_PROCESSED, "status" => status).increment(1);
}

/// One attempt at an outbox message of `kind` (`webhook`, or a mail job's kind).
pub fn outbox_attempt(kind: &str, succeeded: bool) {
    let kind = kind.to_owned();
    metrics::counter!(OUTBOX_ATTEMPTS, "kind" => kind.clone()).increment(1);
    if !succeeded {
        metrics::counter!(OUTBOX_FAILURES, "kind" => kind).increment(1);
    }
}

/// Documents deleted by the retention job.
pub fn retention_deleted(documents: u64) {
    metrics::counter!(RETENTION_DELETED).increment(documents);
}
