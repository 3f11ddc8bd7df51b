//! Errors: something went wrong with a document and the responsible people must fix it.

use serde::Serialize;
use switchyard_documents::DocumentType;
use uuid::Uuid;

use super::wire_enum::wire_enum;
use crate::Timestamp;

wire_enum! {
    /// `DATA` can be fixed by a user; `INTERNAL` is a system fault.
    pub enum ErrorType {
        Data => "DATA",
        Internal => "INTERNAL",
    }
}

/// What a processing report that names no `errorType` is about: data, which a user can fix.
impl Default for ErrorType {
    fn default() -> Self {
        Self::Data
    }
}

wire_enum! {
    /// How the error came about.
    pub enum ErrorOrigin {
        Rejected => "REJECTED",
        Duplicate => "DUPLICATE",
        ProcessingFailed => "PROCESSING_FAILED",
        Reported => "REPORTED",
        TaskFailed => "TASK_FAILED",
    }
}

#[derive(Clone, Debug)]
pub struct NewError {
    pub id: Uuid,
    /// The company whose people must act on it.
    pub company_id: Uuid,
    pub transaction_id: Option<Uuid>,
    pub transaction_type: Option<DocumentType>,
    pub transaction_identifier: Option<String>,
    pub origin: ErrorOrigin,
    pub error_type: ErrorType,
    pub reason: String,
    /// A JSON object with extra detail (validation problems, ERP context).
    pub context: Option<serde_json::Value>,
    pub created_at: Timestamp,
    /// What the opening causes besides the error's own effects (the answer of an idempotent
    /// request that opened it), written with it.
    pub effects: Vec<crate::effects::Effect>,
}

impl NewError {
    /// An error with a fresh id, about no transaction in particular yet.
    pub fn new(
        company_id: Uuid,
        origin: ErrorOrigin,
        error_type: ErrorType,
        reason: impl Into<String>,
        created_at: Timestamp,
    ) -> Self {
        Self {
            id: crate::new_public_id(),
            company_id,
            transaction_id: None,
            transaction_type: None,
            transaction_identifier: None,
            origin,
            error_type,
            reason: reason.into(),
            context: None,
            created_at,
            effects: Vec::new(),
        }
    }

    /// The transaction (or document type and number) the error concerns.
    #[must_use]
    pub fn about(
        mut self,
        transaction_id: Option<Uuid>,
        kind: Option<DocumentType>,
        identifier: Option<String>,
    ) -> Self {
        self.transaction_id = transaction_id;
        self.transaction_type = kind;
        self.transaction_identifier = identifier;
        self
    }

    /// Told to its company's endpoints that listen to `error.opened`, when it is opened.
    #[must_use]
    pub fn told(mut self, routing: &crate::routing_table::RoutingTable) -> Self {
        let deliveries = crate::effects::of_error_webhook(routing, &self);
        self.effects.extend(deliveries);
        self
    }

    /// With `effect` written beside the error's own, if any.
    #[must_use]
    pub fn with_effect(mut self, effect: Option<crate::effects::Effect>) -> Self {
        self.effects.extend(effect);
        self
    }

    #[must_use]
    pub fn with_context(mut self, context: Option<serde_json::Value>) -> Self {
        self.context = context;
        self
    }
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorRecord {
    pub id: Uuid,
    pub company_id: Uuid,
    pub company_name: String,
    pub transaction_id: Option<Uuid>,
    pub transaction_type: Option<DocumentType>,
    pub transaction_identifier: Option<String>,
    pub origin: ErrorOrigin,
    pub error_type: ErrorType,
    pub reason: String,
    pub context: Option<serde_json::Value>,
    pub created_at: Timestamp,
    pub resolved_at: Option<Timestamp>,
    /// Who resolved it (a user's e-mail address); `None` when the ERP's success did, or open.
    pub resolved_by: Option<String>,
    /// The comment given on resolving it, or the reason a document was discarded.
    pub resolution: Option<String>,
    /// When the failed document was last delivered again, while its error waits for the ERP.
    pub redelivered_at: Option<Timestamp>,
}

impl ErrorRecord {
    pub fn is_open(&self) -> bool {
        self.resolved_at.is_none()
    }

    /// Delivered again and waiting for the receiver's ERP to report on it.
    pub fn awaits_redelivery(&self) -> bool {
        self.is_open() && self.redelivered_at.is_some()
    }
}

/// What a person does about an error in the portal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorAction {
    /// The cause is dealt with; nothing more is needed.
    Resolve { comment: Option<String> },
    /// Back into the receiver's queue as it was (PENDING, same id).
    DeliverAgain,
    /// The document is dropped for good: out of every queue, with the reason given.
    Discard { reason: String },
}

/// An action with who took it, as the store records it with its effects.
#[derive(Clone, Debug)]
pub struct ErrorActing {
    pub error_id: Uuid,
    /// The company of the error; nobody else acts on it.
    pub company_id: Uuid,
    pub action: ErrorAction,
    /// The e-mail address of the user.
    pub by: String,
    pub at: Timestamp,
    pub effects: Vec<crate::effects::Effect>,
}

/// An error in a company's list, with the partner of its transaction.
#[derive(Clone, Debug)]
pub struct ListedError {
    pub error: ErrorRecord,
    pub partner: Option<String>,
}
