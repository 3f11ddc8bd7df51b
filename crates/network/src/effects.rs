//! What a change causes beyond itself: events for the story, jobs for the outbox, entries of
//! the audit log, the stored answer of an idempotent request. The domain
//! decides them here; each store writes them in the same database transaction as the change
//! (on SQLite in the writer's batch, on PostgreSQL in the change's transaction), so that a
//! change and its effects are stored together or not at all.

use serde_json::json;
use uuid::Uuid;

use crate::Timestamp;
use crate::model::{
    Actor, AnswerRecord, AuditAction, AuditEntry, DocumentNews, ErrorAction, ErrorRecord, Event, EventKind,
    NewDelivery, NewError, NewJob, NewTransaction, WebhookEvent,
};
use crate::routing_table::RoutingTable;

/// One effect of a change.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    Event(Event),
    Job(NewJob),
    /// An entry of a company's audit log.
    Audit(AuditEntry),
    /// The answer of a request sent with an idempotency key. Written only while the request
    /// still holds its key: otherwise the store refuses the whole change (`Conflict`), so that
    /// one key never makes two changes.
    Answer(AnswerRecord),
    /// A delivery for a company's webhook endpoint, into the webhook outbox.
    Webhook(NewDelivery),
}

impl Effect {
    pub fn event(
        company_id: Uuid,
        transaction_id: Option<Uuid>,
        kind: EventKind,
        at: Timestamp,
        detail: Option<serde_json::Value>,
    ) -> Self {
        Effect::Event(Event { id: crate::new_id(), company_id, transaction_id, kind, at, detail })
    }
}

/// What the endpoints of `company_id` that listen to `event` are told: a delivery for each.
pub fn of_webhook(
    routing: &RoutingTable,
    company_id: Uuid,
    event: WebhookEvent,
    transaction_id: Option<Uuid>,
    data: Option<&serde_json::Value>,
    at: Timestamp,
) -> Vec<Effect> {
    deliveries(routing.subscribers(company_id, event), company_id, event, transaction_id, data, at)
}

/// A delivery of `event` to each of `webhooks`, endpoints of `company_id`.
pub fn deliveries(
    webhooks: &[Uuid],
    company_id: Uuid,
    event: WebhookEvent,
    transaction_id: Option<Uuid>,
    data: Option<&serde_json::Value>,
    at: Timestamp,
) -> Vec<Effect> {
    webhooks
        .iter()
        .map(|webhook_id| {
            Effect::Webhook(NewDelivery {
                id: crate::new_id(),
                webhook_id: *webhook_id,
                company_id,
                event,
                transaction_id,
                data: data.cloned(),
                occurred_at: at,
            })
        })
        .collect()
}

/// A newly opened error's deliveries to its company's endpoints.
pub fn of_error_webhook(routing: &RoutingTable, error: &NewError) -> Vec<Effect> {
    let data = json!({
        "errorId": error.id,
        "errorType": error.error_type,
        "reason": error.reason,
        "origin": error.origin,
        "procurosTransactionId": error.transaction_id,
        "transactionType": error.transaction_type,
        "transactionIdentifier": error.transaction_identifier,
    });
    of_webhook(
        routing,
        error.company_id,
        WebhookEvent::ErrorOpened,
        error.transaction_id,
        Some(&data),
        error.created_at,
    )
}

/// A recorded send: the sender sent it, and the receiver got it or it was kept undelivered.
pub fn of_send(transaction: &NewTransaction) -> Vec<Effect> {
    let id = Some(transaction.id);
    let at = transaction.created_at;
    let arrival = if transaction.deliver {
        Effect::event(transaction.receiver_id, id, EventKind::Delivered, at, None)
    } else {
        Effect::event(transaction.sender_id, id, EventKind::Dropped, at, None)
    };
    vec![Effect::event(transaction.sender_id, id, EventKind::Sent, at, None), arrival]
}

/// The chain head `replaced` that `transaction` replaces, told on the older version.
pub fn of_replacement(replaced: Uuid, transaction: &NewTransaction) -> Effect {
    let detail = json!({ "replacedBy": transaction.id });
    Effect::event(transaction.sender_id, Some(replaced), EventKind::Replaced, transaction.created_at, Some(detail))
}

/// The receiver's first listing of a transaction in its queue.
pub fn of_fetch(receiver_id: Uuid, transaction_id: Uuid, at: Timestamp) -> Effect {
    Effect::event(receiver_id, Some(transaction_id), EventKind::Fetched, at, None)
}

/// An item of the receiver's queue leased to one of its pollers.
pub fn of_lease(receiver_id: Uuid, transaction_id: Uuid, lease: &crate::model::Lease, at: Timestamp) -> Effect {
    let detail = json!({ "leaseId": lease.id, "until": lease.until });
    Effect::event(receiver_id, Some(transaction_id), EventKind::Leased, at, Some(detail))
}

/// A receiver's report on one of its transactions.
pub fn of_mark(company_id: Uuid, transaction_id: Uuid, success: bool, at: Timestamp) -> Effect {
    let kind = if success { EventKind::Processed } else { EventKind::Failed };
    Effect::event(company_id, Some(transaction_id), kind, at, None)
}

/// News of a document for the people who asked to hear of it: the job that tells them.
pub fn of_news(transaction_id: Uuid, news: DocumentNews, at: Timestamp) -> Effect {
    Effect::Job(crate::usecases::document_news::document_news_job(transaction_id, news, at))
}

/// A newly opened error: its event, the job that tells the responsible people, and what else
/// its opening carries.
pub fn of_error(error: &NewError) -> Vec<Effect> {
    let detail = json!({ "errorId": error.id, "origin": error.origin });
    let mut effects = vec![
        Effect::event(error.company_id, error.transaction_id, EventKind::ErrorOpened, error.created_at, Some(detail)),
        Effect::Job(crate::usecases::notify::error_notice_job(error.id, error.created_at)),
    ];
    effects.extend(error.effects.iter().cloned());
    effects
}

/// A person's action on an error, told on the error's transaction.
pub fn of_error_action(error: &ErrorRecord, action: &ErrorAction, by: &str, at: Timestamp) -> Effect {
    let (kind, detail) = match action {
        ErrorAction::Resolve { comment } => {
            (EventKind::ErrorResolved, json!({ "errorId": error.id, "by": by, "comment": comment }))
        }
        ErrorAction::DeliverAgain => (EventKind::DeliveredAgain, json!({ "errorId": error.id, "by": by })),
        ErrorAction::Discard { reason } => {
            (EventKind::Discarded, json!({ "errorId": error.id, "by": by, "reason": reason }))
        }
    };
    Effect::event(error.company_id, error.transaction_id, kind, at, Some(detail))
}

/// A person's action on an error, told to endpoints: the error's company hears it resolved
/// (discarding resolves it too); a document discarded is DROPPED for its sender; one delivered
/// again is waiting in its receiver's queue again.
pub fn of_error_action_webhooks(
    routing: &RoutingTable,
    view: &crate::usecases::error_desk::ErrorView,
    action: &ErrorAction,
    by: &str,
    at: Timestamp,
) -> Vec<Effect> {
    let error = &view.error;
    let transaction = view.transaction.as_ref();
    let transaction_id = transaction.map(|transaction| transaction.id);
    let mut told = Vec::new();
    let resolved = |comment: Option<&str>| {
        let data = json!({ "errorId": error.id, "resolvedBy": by, "comment": comment });
        of_webhook(routing, error.company_id, WebhookEvent::ErrorResolved, transaction_id, Some(&data), at)
    };
    match (action, transaction) {
        (ErrorAction::Resolve { comment }, _) => told.extend(resolved(comment.as_deref())),
        (ErrorAction::Discard { reason }, Some(transaction)) => {
            told.extend(resolved(Some(reason)));
            let data = json!({
                "procurosTransactionId": transaction.id,
                "type": transaction.kind,
                "status": crate::model::Status::Dropped,
                "reason": reason,
            });
            let event = WebhookEvent::TransactionStatusChanged;
            told.extend(of_webhook(routing, transaction.sender_id, event, transaction_id, Some(&data), at));
        }
        (ErrorAction::Discard { reason }, None) => told.extend(resolved(Some(reason))),
        (ErrorAction::DeliverAgain, Some(transaction)) => {
            let event = WebhookEvent::TransactionReceived;
            told.extend(of_webhook(routing, transaction.receiver_id, event, transaction_id, None, at));
        }
        (ErrorAction::DeliverAgain, None) => {}
    }
    told
}

/// A person's action on an error, in the audit log of the error's company.
pub fn audit_of_error_action(error: &ErrorRecord, action: &ErrorAction, by: &str, at: Timestamp) -> Effect {
    let document = crate::advice::document_name(error.transaction_type, error.transaction_identifier.as_deref());
    let (action, detail) = match action {
        ErrorAction::Resolve { comment } => {
            (AuditAction::ErrorResolved, json!({ "errorId": error.id, "document": document, "comment": comment }))
        }
        ErrorAction::DeliverAgain => {
            (AuditAction::ErrorDeliveredAgain, json!({ "errorId": error.id, "document": document }))
        }
        ErrorAction::Discard { reason } => {
            (AuditAction::ErrorDiscarded, json!({ "errorId": error.id, "document": document, "reason": reason }))
        }
    };
    audited(error.company_id, &Actor::Person(by.to_owned()), action, at, detail)
}

/// A change to a company's people, tokens, relationships, responsibilities or errors, told in
/// its audit log.
pub fn audited(
    company_id: Uuid,
    actor: &Actor,
    action: AuditAction,
    at: Timestamp,
    detail: serde_json::Value,
) -> Effect {
    Effect::Audit(AuditEntry { id: crate::new_id(), company_id, at, actor: actor.name().to_owned(), action, detail })
}
