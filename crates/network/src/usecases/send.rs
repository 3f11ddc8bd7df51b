//! Sending a document: read it, route it by its parties, apply the trade relationship, record
//! it (versions, duplicates) and open an error for anything refused.

use std::collections::BTreeSet;

use documents::{DocumentType, PartyReference, Problems, ReadDocument, fingerprint, read_document};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::model::{Caller, ErrorOrigin, ErrorType, Flow, NewError, NewTransaction, Recorded, RelationshipState};
use crate::store::StoreError;
use crate::{Hub, new_id};

pub const NOT_YET_ACTIVE: &str = "Trade relationship not yet active.";
pub const TYPE_NOT_ACCEPTED: &str = "Receiver does not accept documents of this type.";
pub const UNRESOLVED_PARTY: &str = "Could not resolve party using provided identifiers";

/// A sent request body: `type` and `content` as parsed, and `content` exactly as received.
pub struct Submission {
    pub kind: Option<Value>,
    pub content: Option<Value>,
    pub raw_content: Option<String>,
}

#[derive(Debug)]
pub enum SendOutcome {
    /// Stored and put in the receiver's queue; `warnings` did not stop it.
    Delivered { id: Uuid, warnings: Problems },
    /// Stored but not delivered, for the reason given.
    Dropped { id: Uuid, reason: &'static str, warnings: Problems },
    /// Not stored; an error was opened for the sender.
    Rejected { problems: Problems, error_id: Uuid },
    /// The connection sent this exact payload before; an error was opened for the sender.
    Duplicate { original: Uuid, error_id: Uuid },
}

/// Sender and receiver companies of a routed document.
struct Route {
    sender: Uuid,
    receiver: Uuid,
}

impl Hub {
    pub async fn send(&self, caller: Caller, submission: Submission) -> Result<SendOutcome, StoreError> {
        let strictness = self.settings.gs1_check_digits;
        let document = match read_document(submission.kind.as_ref(), submission.content.as_ref(), strictness) {
            Ok(document) => document,
            Err(problems) => return self.reject(caller, &submission, problems).await,
        };
        let route = match self.route(caller, &document).await? {
            Ok(route) => route,
            Err(problems) => return self.reject(caller, &submission, problems).await,
        };
        let state = self.store.relationship_state(route.sender, route.receiver, document.kind).await?;
        let transaction = self.new_transaction(caller, &document, &route, state, &submission);
        let deliver = transaction.deliver;
        let warnings = document.warnings.clone();
        match self.store.record_sent(transaction).await? {
            Recorded::Created { id, .. } if deliver => Ok(SendOutcome::Delivered { id, warnings }),
            Recorded::Created { id, .. } => {
                Ok(SendOutcome::Dropped { id, reason: self.drop_reason(&route, state).await?, warnings })
            }
            Recorded::Duplicate { original } => self.refuse_duplicate(caller, &document, original).await,
        }
    }

    fn new_transaction(
        &self,
        caller: Caller,
        document: &ReadDocument,
        route: &Route,
        state: Option<RelationshipState>,
        submission: &Submission,
    ) -> NewTransaction {
        let flow = if state == Some(RelationshipState::Testing) { Flow::Test } else { Flow::Live };
        let deliver = matches!(state, Some(RelationshipState::Active | RelationshipState::Testing));
        let content = submission.content.as_ref().unwrap_or(&Value::Null);
        NewTransaction {
            id: new_id(),
            kind: document.kind,
            sender_id: route.sender,
            receiver_id: route.receiver,
            connection_id: caller.connection_id,
            flow,
            deliver,
            created_at: self.now(),
            business_number: document.business_number.clone(),
            fingerprint: fingerprint(document.kind, content),
            content: submission.raw_content.clone().unwrap_or_else(|| content.to_string()),
            warnings: (!document.warnings.is_empty()).then(|| json!(document.warnings.by_path())),
        }
    }

    /// Resolves both parties; the sender must be the caller's company, the receiver another one.
    async fn route(&self, caller: Caller, document: &ReadDocument) -> Result<Result<Route, Problems>, StoreError> {
        let mut problems = Problems::new();
        let sender = self.resolve_party(&document.sender, &mut problems).await?;
        let receiver = self.resolve_party(&document.receiver, &mut problems).await?;
        if sender.is_some_and(|sender| sender != caller.company_id) {
            problems.add(&document.sender.path, "The sending party does not belong to your company.");
        }
        if receiver.is_some_and(|receiver| receiver == caller.company_id) {
            problems.add(&document.receiver.path, "A company cannot send documents to itself.");
        }
        Ok(match (sender, receiver) {
            (Some(sender), Some(receiver)) if problems.is_empty() => Ok(Route { sender, receiver }),
            _ => Err(problems),
        })
    }

    async fn resolve_party(&self, party: &PartyReference, problems: &mut Problems) -> Result<Option<Uuid>, StoreError> {
        let records = self.store.resolve(&party.identifiers).await?;
        let companies: BTreeSet<Uuid> = records.iter().map(|record| record.company_id).collect();
        match companies.len() {
            0 => problems.add(&party.path, UNRESOLVED_PARTY),
            1 => return Ok(companies.into_iter().next()),
            _ => problems.add(&party.path, "The identifiers of this party belong to different companies."),
        }
        Ok(None)
    }

    async fn drop_reason(&self, route: &Route, state: Option<RelationshipState>) -> Result<&'static str, StoreError> {
        if state.is_some() {
            return Ok(NOT_YET_ACTIVE);
        }
        let relationships = self.store.list_relationships(route.sender).await?;
        let trades_otherwise = relationships.iter().any(|r| {
            r.sender_id == route.sender && r.receiver_id == route.receiver && r.state != RelationshipState::Inactive
        });
        Ok(if trades_otherwise { TYPE_NOT_ACCEPTED } else { NOT_YET_ACTIVE })
    }

    async fn reject(
        &self,
        caller: Caller,
        submission: &Submission,
        problems: Problems,
    ) -> Result<SendOutcome, StoreError> {
        let kind = submission.kind.as_ref().and_then(Value::as_str).and_then(|name| name.parse::<DocumentType>().ok());
        let reason = format!("The document was refused: {}", problems.summary());
        let number = kind.and_then(|kind| business_number_of(kind, submission.content.as_ref()));
        let error = NewError::new(caller.company_id, ErrorOrigin::Rejected, ErrorType::Data, reason, self.now())
            .about(None, kind, number)
            .with_context(Some(json!({ "errors": problems.by_path() })));
        let error_id = self.open_error(error).await?;
        Ok(SendOutcome::Rejected { problems, error_id })
    }

    /// A sent body that could not be read as JSON at all: the sender's people see why.
    pub async fn refuse_unreadable(&self, caller: Caller, detail: &str) -> Result<Uuid, StoreError> {
        let reason = format!("The document was refused: {detail}");
        self.open_error(NewError::new(caller.company_id, ErrorOrigin::Rejected, ErrorType::Data, reason, self.now()))
            .await
    }

    async fn refuse_duplicate(
        &self,
        caller: Caller,
        document: &ReadDocument,
        original: Uuid,
    ) -> Result<SendOutcome, StoreError> {
        let reason = "Payload already received: the same document was sent before and was not stored again.";
        let error = NewError::new(caller.company_id, ErrorOrigin::Duplicate, ErrorType::Data, reason, self.now())
            .about(Some(original), Some(document.kind), document.business_number.clone());
        let error_id = self.open_error(error).await?;
        Ok(SendOutcome::Duplicate { original, error_id })
    }
}

fn business_number_of(kind: DocumentType, content: Option<&Value>) -> Option<String> {
    let field = documents::business_number_field(kind)?;
    content?.get("header")?.get(field)?.as_str().map(str::to_owned)
}
