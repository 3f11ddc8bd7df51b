//! A document's timeline for its two companies' programs: each stored event of its life told as
//! one or more entries with who acted. The portal's story reads the same events.

use std::collections::HashMap;

use serde_json::{Value, json};
use uuid::Uuid;

use crate::model::{Caller, Event, EventKind, TransactionRecord};
use crate::{Error, Hub, Timestamp};

/// The hub itself, as the actor of what it does on its own (routing, delivering).
pub const HUB_ACTOR: &str = "Switchyard";

/// One entry of a timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct TimelineEntry {
    /// `received`, `validated`, `routed`, `delivered`, `held`, `fetched`, `leased`,
    /// `processed`, `failed`, `error_opened`, `delivered_again`, `discarded`,
    /// `error_resolved`, `replaced`, `webhook_delivered`, `webhook_failed`, `notified`.
    pub kind: &'static str,
    pub at: Timestamp,
    /// A company's name for its ERP's acts, a person's e-mail address for what people did in
    /// the portal, [`HUB_ACTOR`] for the hub's own.
    pub actor: String,
    /// What the kind alone does not say; an empty object when nothing.
    pub detail: Value,
}

impl Hub {
    /// The timeline of a document the caller sent or received, oldest first.
    pub async fn timeline(&self, caller: Caller, id: Uuid) -> Result<Vec<TimelineEntry>, Error> {
        let (transaction, events) = self.transaction_story(caller, id).await?;
        let names = self.company_names().await?;
        Ok(timeline_of(&transaction, &events, &names))
    }
}

/// The entries of `events`, the stored story of `transaction`.
fn timeline_of(transaction: &TransactionRecord, events: &[Event], names: &HashMap<Uuid, String>) -> Vec<TimelineEntry> {
    let name = |id: Uuid| names.get(&id).cloned().unwrap_or_else(|| id.to_string());
    let mut entries = Vec::with_capacity(events.len() + 2);
    for event in events {
        let detail = event.detail.clone().unwrap_or_else(|| json!({}));
        let by =
            |fallback: Uuid| detail.get("by").and_then(Value::as_str).map_or_else(|| name(fallback), str::to_owned);
        let entry =
            |kind: &'static str, actor: String, detail: Value| TimelineEntry { kind, at: event.at, actor, detail };
        match event.kind {
            EventKind::Sent => entries.extend(arrival(transaction, event.at, &name)),
            EventKind::Delivered => entries.push(entry("delivered", HUB_ACTOR.into(), json!({"to": name(transaction.receiver_id)}))),
            EventKind::Dropped => entries.push(entry("held", HUB_ACTOR.into(), json!({
                "reason": "No active relationship between the two companies for this document type: kept, not delivered."
            }))),
            EventKind::Replaced => entries.push(entry("replaced", name(transaction.sender_id), detail.clone())),
            EventKind::Fetched => entries.push(entry("fetched", name(event.company_id), detail.clone())),
            EventKind::Leased => entries.push(entry("leased", name(event.company_id), lease_detail(&detail, event.at))),
            EventKind::Processed => entries.push(entry("processed", name(event.company_id), detail.clone())),
            EventKind::Failed => entries.push(entry("failed", name(event.company_id), detail.clone())),
            EventKind::ErrorOpened => entries.push(entry("error_opened", HUB_ACTOR.into(), detail.clone())),
            EventKind::DeliveredAgain => entries.push(entry("delivered_again", by(event.company_id), detail.clone())),
            EventKind::Discarded => entries.push(entry("discarded", by(event.company_id), detail.clone())),
            EventKind::ErrorResolved => entries.push(entry("error_resolved", by(event.company_id), detail.clone())),
            EventKind::WebhookDelivered => entries.push(entry("webhook_delivered", HUB_ACTOR.into(), detail.clone())),
            EventKind::WebhookFailed => entries.push(entry("webhook_failed", HUB_ACTOR.into(), detail.clone())),
            EventKind::Notified => entries.push(entry("notified", HUB_ACTOR.into(), detail.clone())),
        }
    }
    entries
}

/// A send told as the three steps it is: received from the sender, read and checked (with the
/// warnings that did not stop it), routed by its parties.
fn arrival(transaction: &TransactionRecord, at: Timestamp, name: &impl Fn(Uuid) -> String) -> [TimelineEntry; 3] {
    let warnings = transaction.warnings.clone().unwrap_or_else(|| json!({}));
    [
        TimelineEntry {
            kind: "received",
            at,
            actor: name(transaction.sender_id),
            detail: json!({ "type": transaction.kind, "number": transaction.business_number }),
        },
        TimelineEntry { kind: "validated", at, actor: HUB_ACTOR.into(), detail: json!({ "warnings": warnings }) },
        TimelineEntry {
            kind: "routed",
            at,
            actor: HUB_ACTOR.into(),
            detail: json!({
                "sender": name(transaction.sender_id),
                "receiver": name(transaction.receiver_id),
                "flow": transaction.flow,
            }),
        },
    ]
}

/// A lease's id and length in seconds (stored: its end, in microseconds).
fn lease_detail(stored: &Value, at: Timestamp) -> Value {
    let until = stored.get("until").and_then(Value::as_i64).unwrap_or(at);
    json!({ "leaseId": stored.get("leaseId"), "seconds": (until - at + 500_000) / 1_000_000 })
}
