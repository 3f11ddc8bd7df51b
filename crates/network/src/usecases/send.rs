//! Sending a document: read it, route it by its parties, apply the trade relationship, record
//! it (versions, duplicates) and open an error for anything refused.

use std::collections::BTreeSet;

use serde_json::{Value, json};
use switchyard_documents::{DocumentType, PartyReference, Problems, ReadDocument, Refusal, read_text};
use uuid::Uuid;

use crate::model::{
    Answering, Caller, DocumentNews, ErrorOrigin, ErrorType, Flow, NewError, NewTransaction, Recorded,
    RelationshipState, WebhookEvent,
};
use crate::routing_table::RoutingTable;
use crate::telemetry::{self, SendCount};
use crate::{Error, Hub, new_id};

pub const NOT_YET_ACTIVE: &str = "Trade relationship not yet active.";
pub const TYPE_NOT_ACCEPTED: &str = "Receiver does not accept documents of this type.";
pub const UNRESOLVED_PARTY: &str = "Could not resolve party using provided identifiers";

/// A sent request body: `type` as parsed, and `content` exactly as received (`None` when
/// absent or `null`). The content is stored as received, and read from that text.
pub struct Submission {
    pub kind: Option<Value>,
    pub content: Option<String>,
}

impl SendOutcome {
    fn counted_as(&self) -> SendCount {
        match self {
            Self::Delivered { .. } => SendCount::Delivered,
            Self::Dropped { .. } => SendCount::Held,
            Self::Rejected { .. } | Self::Duplicate { .. } | Self::Unreadable { .. } => SendCount::Refused,
        }
    }
}

#[derive(Debug)]
pub enum SendOutcome {
    /// Stored and put in the receiver's queue; `warnings` did not stop it.
    Delivered { id: Uuid, warnings: Problems },
    /// Stored but not delivered, for the reason given.
    Dropped { id: Uuid, reason: &'static str, warnings: Problems },
    /// Not stored; an error was opened for the sender.
    Rejected { problems: Problems, error_id: Uuid, why: RefusedFor },
    /// The connection sent this exact payload before; an error was opened for the sender.
    Duplicate { original: Uuid, error_id: Uuid },
    /// The body could not be read as JSON, for the reason given; an error was opened for the
    /// sender.
    Unreadable { detail: String, error_id: Uuid },
}

/// What kind of problem refused a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefusedFor {
    /// It is not a valid document of its type.
    Invalid,
    /// A party's identifiers name no company, or several.
    UnresolvedParty,
    /// The parties are known but may not trade this way: the sender is not the caller's
    /// company, or the receiver is.
    PartyMismatch,
}

/// Sender and receiver companies of a routed document, and their relationship for its type.
pub(crate) struct Route {
    pub(crate) sender: Uuid,
    pub(crate) receiver: Uuid,
    pub(crate) state: Option<RelationshipState>,
    /// Why it would be stored but not delivered; `None` when it is delivered.
    pub(crate) drop_reason: Option<&'static str>,
    /// Whether somebody at the receiver wants a mail of each document arriving.
    pub(crate) arrival_told: bool,
    /// The receiver's webhook endpoints told of each document waiting in its queue.
    pub(crate) arrival_hooks: Vec<Uuid>,
}

impl Route {
    /// A test relationship's documents travel in the `TEST` flow, every other in `LIVE`.
    pub(crate) fn flow(&self) -> Flow {
        if self.state == Some(RelationshipState::Testing) { Flow::Test } else { Flow::Live }
    }
}

/// What the hub decides of a submission before anything is written.
// Returned once per send and taken apart at once; boxing the document would cost an allocation
// per send to save a move.
#[allow(clippy::large_enum_variant)]
pub(crate) enum Examined {
    /// Refused with these problems; nothing is recorded.
    Refused(Refusal, RefusedFor),
    /// Read and routed: recorded when sent, unless it duplicates an earlier send.
    Routed { document: ReadDocument, route: Route },
}

impl Hub {
    /// Under an idempotency key, `answering` renders the answer stored with whatever the send
    /// writes: the transaction, or the error of its refusal.
    pub async fn send(
        &self,
        caller: Caller,
        submission: Submission,
        answering: Option<&Answering<SendOutcome>>,
    ) -> Result<SendOutcome, Error> {
        let kind = submission.kind.as_ref().and_then(Value::as_str).and_then(|kind| kind.parse().ok());
        let outcome = self.send_once(caller, submission, answering).await;
        if let Ok(outcome) = &outcome {
            telemetry::document_sent(kind, outcome.counted_as());
        }
        outcome
    }

    async fn send_once(
        &self,
        caller: Caller,
        submission: Submission,
        answering: Option<&Answering<SendOutcome>>,
    ) -> Result<SendOutcome, Error> {
        self.note_connection_use(caller, crate::model::ConnectionUse::Send).await?;
        let (document, route) = match self.examine(caller, &submission).await? {
            Examined::Refused(refusal, why) => return self.reject(caller, &submission, refusal, why, answering).await,
            Examined::Routed { document, route } => (document, route),
        };
        let mut transaction = self.new_transaction(caller, &document, &route, submission);
        let warnings = document.warnings.clone();
        let outcome = match route.drop_reason {
            None => SendOutcome::Delivered { id: transaction.id, warnings },
            Some(reason) => SendOutcome::Dropped { id: transaction.id, reason, warnings },
        };
        transaction.effects.extend(answering.map(|answering| answering.effect(&outcome)));
        match self.store.record_sent(transaction).await? {
            Recorded::Created { .. } => Ok(outcome),
            Recorded::Duplicate { original } => self.refuse_duplicate(caller, &document, original, answering).await,
        }
    }

    /// Reads the submission and routes it by its parties, writing nothing: a send and a
    /// validation decide alike.
    pub(crate) async fn examine(&self, caller: Caller, submission: &Submission) -> Result<Examined, Error> {
        let strictness = self.settings.gs1_check_digits;
        let document = match read_text(submission.kind.as_ref(), submission.content.as_deref(), strictness) {
            Ok(document) => document,
            Err(refusal) => return Ok(Examined::Refused(refusal, RefusedFor::Invalid)),
        };
        let routing = self.routing_table(caller.routing_version).await?;
        Ok(match route(&routing, caller, &document) {
            Ok(route) => Examined::Routed { document, route },
            Err((problems, why)) => {
                let business_number = document.header.route().business_number.map(str::to_owned);
                Examined::Refused(Refusal { problems, business_number }, why)
            }
        })
    }

    fn new_transaction(
        &self,
        caller: Caller,
        document: &ReadDocument,
        route: &Route,
        submission: Submission,
    ) -> NewTransaction {
        let mut transaction = NewTransaction {
            id: new_id(),
            kind: document.kind,
            sender_id: route.sender,
            receiver_id: route.receiver,
            connection_id: caller.connection_id,
            flow: route.flow(),
            deliver: route.drop_reason.is_none(),
            created_at: self.now(),
            business_number: document.business_number.clone(),
            order_number: document.order_number.clone(),
            fingerprint: document.fingerprint,
            content: submission.content.unwrap_or_else(|| "null".to_owned()),
            warnings: (!document.warnings.is_empty()).then(|| json!(document.warnings.by_path())),
            effects: Vec::new(),
        };
        transaction.effects = crate::effects::of_send(&transaction);
        if transaction.deliver {
            let (receiver, id, at) = (transaction.receiver_id, Some(transaction.id), transaction.created_at);
            let event = WebhookEvent::TransactionReceived;
            transaction.effects.extend(crate::effects::deliveries(&route.arrival_hooks, receiver, event, id, None, at));
        }
        if transaction.deliver && route.arrival_told {
            let news = crate::effects::of_news(transaction.id, DocumentNews::Arrived, transaction.created_at);
            transaction.effects.push(news);
        }
        transaction
    }

    async fn reject(
        &self,
        caller: Caller,
        submission: &Submission,
        refusal: Refusal,
        why: RefusedFor,
        answering: Option<&Answering<SendOutcome>>,
    ) -> Result<SendOutcome, Error> {
        let Refusal { problems, business_number } = refusal;
        let kind = submission.kind.as_ref().and_then(Value::as_str).and_then(|name| name.parse::<DocumentType>().ok());
        let reason = format!("The document was refused: {}", problems.summary());
        let error = NewError::new(caller.company_id, ErrorOrigin::Rejected, ErrorType::Data, reason, self.now())
            .about(None, kind, business_number)
            .with_context(Some(refusal_context(&problems)));
        let outcome = SendOutcome::Rejected { problems, error_id: error.id, why };
        self.open_error_answered(caller, error, outcome, answering).await
    }

    /// A sent body that could not be read as JSON at all: the sender's people see why.
    pub async fn refuse_unreadable(
        &self,
        caller: Caller,
        detail: String,
        answering: Option<&Answering<SendOutcome>>,
    ) -> Result<SendOutcome, Error> {
        let reason = format!("The document was refused: {detail}");
        let error = NewError::new(caller.company_id, ErrorOrigin::Rejected, ErrorType::Data, reason, self.now());
        let outcome = SendOutcome::Unreadable { detail, error_id: error.id };
        self.open_error_answered(caller, error, outcome, answering).await
    }

    async fn refuse_duplicate(
        &self,
        caller: Caller,
        document: &ReadDocument,
        original: Uuid,
        answering: Option<&Answering<SendOutcome>>,
    ) -> Result<SendOutcome, Error> {
        let reason = "Payload already received: the same document was sent before and was not stored again.";
        let error = NewError::new(caller.company_id, ErrorOrigin::Duplicate, ErrorType::Data, reason, self.now())
            .about(Some(original), Some(document.kind), document.business_number.clone());
        let outcome = SendOutcome::Duplicate { original, error_id: error.id };
        self.open_error_answered(caller, error, outcome, answering).await
    }

    /// Opens the error of a refused send, told to the sender's endpoints, with the answer of
    /// `outcome` when one is stored.
    async fn open_error_answered(
        &self,
        caller: Caller,
        error: NewError,
        outcome: SendOutcome,
        answering: Option<&Answering<SendOutcome>>,
    ) -> Result<SendOutcome, Error> {
        let answer = answering.map(|answering| answering.effect(&outcome));
        let routing = self.routing_table(caller.routing_version).await?;
        self.open_error(error.told(&routing).with_effect(answer)).await?;
        Ok(outcome)
    }
}

/// What a refused document's error keeps of its problems: the listed ones by path, and how many
/// more there were.
fn refusal_context(problems: &Problems) -> Value {
    let mut context = json!({ "errors": problems.by_path() });
    if problems.unlisted() > 0 {
        context["unlistedErrors"] = json!(problems.unlisted());
    }
    context
}

/// Resolves both parties; the sender must be the caller's company, the receiver another one.
fn route(routing: &RoutingTable, caller: Caller, document: &ReadDocument) -> Result<Route, (Problems, RefusedFor)> {
    let mut problems = Problems::new();
    let sender = resolve_party(routing, &document.sender, &mut problems);
    let receiver = resolve_party(routing, &document.receiver, &mut problems);
    if !problems.is_empty() {
        return Err((problems, RefusedFor::UnresolvedParty));
    }
    if sender.is_some_and(|sender| sender != caller.company_id) {
        problems.add(&document.sender.path, "The sending party does not belong to your company.");
    }
    if receiver.is_some_and(|receiver| receiver == caller.company_id) {
        problems.add(&document.receiver.path, "A company cannot send documents to itself.");
    }
    match (sender, receiver) {
        (Some(sender), Some(receiver)) if problems.is_empty() => {
            let state = routing.state(sender, receiver, document.kind);
            let drop_reason = drop_reason(routing, sender, receiver, state);
            let arrival_told = routing.tells_arrivals(receiver);
            let arrival_hooks = routing.subscribers(receiver, WebhookEvent::TransactionReceived).to_vec();
            Ok(Route { sender, receiver, state, drop_reason, arrival_told, arrival_hooks })
        }
        _ => Err((problems, RefusedFor::PartyMismatch)),
    }
}

fn resolve_party(routing: &RoutingTable, party: &PartyReference, problems: &mut Problems) -> Option<Uuid> {
    let companies: BTreeSet<Uuid> = routing.owners(&party.identifiers).collect();
    match companies.len() {
        0 => problems.add(&party.path, UNRESOLVED_PARTY),
        1 => return companies.into_iter().next(),
        _ => problems.add(&party.path, "The identifiers of this party belong to different companies."),
    }
    None
}

/// Why a document would be stored but not delivered: its relationship is not active yet, or
/// the companies trade but not this type. `None` when it is delivered.
fn drop_reason(
    routing: &RoutingTable,
    sender: Uuid,
    receiver: Uuid,
    state: Option<RelationshipState>,
) -> Option<&'static str> {
    match state {
        Some(RelationshipState::Active | RelationshipState::Testing) => None,
        None if routing.trades(sender, receiver) => Some(TYPE_NOT_ACCEPTED),
        _ => Some(NOT_YET_ACTIVE),
    }
}
