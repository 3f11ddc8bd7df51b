//! Transactions: a sent document on its way from sender to receiver, with flow, status and
//! its place in a version chain.

use switchyard_documents::DocumentType;
use uuid::Uuid;

use super::wire_enum::wire_enum;
use super::{Content, NewError};
use crate::Timestamp;

wire_enum! {
    pub enum Flow {
        Live => "LIVE",
        Test => "TEST",
    }
}

wire_enum! {
    pub enum Status {
        Pending => "PENDING",
        Success => "SUCCESS",
        Failed => "FAILED",
        Dropped => "DROPPED",
        Unknown => "UNKNOWN",
    }
}

/// A document to record as sent.
#[derive(Clone, Debug)]
pub struct NewTransaction {
    pub id: Uuid,
    pub kind: DocumentType,
    pub sender_id: Uuid,
    pub receiver_id: Uuid,
    pub connection_id: Uuid,
    pub flow: Flow,
    /// Whether it goes into the receiver's queue (`PENDING`) or is kept but dropped.
    pub deliver: bool,
    pub created_at: Timestamp,
    pub business_number: Option<String>,
    /// The order it belongs to, by which the documents of one order link up.
    pub order_number: Option<String>,
    pub fingerprint: [u8; 32],
    /// The `content` exactly as received.
    pub content: String,
    /// Findings that did not stop the document, as a JSON array.
    pub warnings: Option<serde_json::Value>,
    /// What recording it causes (see [`crate::effects::of_send`]); nothing of it is written
    /// for a duplicate.
    pub effects: Vec<crate::effects::Effect>,
}

/// What recording a sent document did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Recorded {
    Created {
        id: Uuid,
        created_at: Timestamp,
        replaced: Option<Uuid>,
    },
    /// The connection sent this exact payload before; nothing was written.
    Duplicate {
        original: Uuid,
    },
}

#[derive(Clone, Debug)]
pub struct TransactionRecord {
    pub id: Uuid,
    pub kind: DocumentType,
    pub sender_id: Uuid,
    pub receiver_id: Uuid,
    pub status: Status,
    pub flow: Flow,
    pub created_at: Timestamp,
    pub business_number: Option<String>,
    /// The order it belongs to: an order's own number, or the one another document names.
    pub order_number: Option<String>,
    pub replaces: Option<Uuid>,
    pub replaced_by: Option<Uuid>,
    pub content: Content,
    /// What the document check noted without refusing it, by path.
    pub warnings: Option<serde_json::Value>,
    /// Whether the receiver's ERP has listed it in its queue.
    pub fetched: bool,
}

impl TransactionRecord {
    pub fn is_latest_version(&self) -> bool {
        self.replaced_by.is_none()
    }
}

/// The receiver's report on one transaction.
#[derive(Clone, Debug)]
pub struct Mark {
    pub transaction_id: Uuid,
    pub outcome: MarkOutcome,
}

#[derive(Clone, Debug)]
pub enum MarkOutcome {
    Success,
    /// The error to open unless the transaction already has an open one.
    Failure(NewError),
}

/// The result of one mark: the open error of a failed transaction, if any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Marked {
    pub transaction_id: Uuid,
    pub error_id: Option<Uuid>,
}
