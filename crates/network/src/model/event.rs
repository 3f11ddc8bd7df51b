//! Events: the story of each transaction and company, appended in the same database
//! transaction as the change they tell of, and never changed afterwards.

use uuid::Uuid;

use super::wire_enum::wire_enum;
use crate::Timestamp;

wire_enum! {
    /// What happened: `SENT` (the sender's document was recorded), `DELIVERED` (it entered the
    /// receiver's queue), `DROPPED` (stored, not delivered: no active relationship for its type),
    /// `REPLACED` (told on an older version when a newer one with its number came), `FETCHED`
    /// (the receiver's ERP first listed it in its queue), `LEASED` (a poller of the receiver
    /// took it for a while, private to the receiver), `PROCESSED`
    /// and `FAILED` (the receiver's ERP reported on it), `ERROR_OPENED` (people must act),
    /// `DELIVERED_AGAIN`, `DISCARDED` and `ERROR_RESOLVED` (people acted on an error in the portal),
    /// `WEBHOOK_DELIVERED` and `WEBHOOK_FAILED` (a company's endpoint was told of it, or given up
    /// on; private to that company), `NOTIFIED` (a mail telling of it went to one of a
    /// company's people; private to that company).
    pub enum EventKind {
        Sent => "SENT",
        Delivered => "DELIVERED",
        Dropped => "DROPPED",
        Replaced => "REPLACED",
        Fetched => "FETCHED",
        Leased => "LEASED",
        Processed => "PROCESSED",
        Failed => "FAILED",
        ErrorOpened => "ERROR_OPENED",
        DeliveredAgain => "DELIVERED_AGAIN",
        Discarded => "DISCARDED",
        ErrorResolved => "ERROR_RESOLVED",
        WebhookDelivered => "WEBHOOK_DELIVERED",
        WebhookFailed => "WEBHOOK_FAILED",
        Notified => "NOTIFIED",
    }
}

impl EventKind {
    /// Whether only the event's own company sees it: how it runs its side (its pollers'
    /// leases, its endpoints) is not the partner's business.
    pub fn is_private(self) -> bool {
        matches!(self, EventKind::Leased | EventKind::WebhookDelivered | EventKind::WebhookFailed | EventKind::Notified)
    }
}

/// An event, as appended and as read back.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub id: Uuid,
    /// The company whose action or document it concerns.
    pub company_id: Uuid,
    pub transaction_id: Option<Uuid>,
    pub kind: EventKind,
    pub at: Timestamp,
    /// A short JSON object with what the kind alone does not say (an error's id, the version
    /// that replaced this one ...).
    pub detail: Option<serde_json::Value>,
}

impl Event {
    /// Whether `company_id`, a party of the event's transaction, sees it.
    pub fn seen_by(&self, company_id: Uuid) -> bool {
        !self.kind.is_private() || self.company_id == company_id
    }
}
