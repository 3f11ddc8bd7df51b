//! A whole network as plain rows, for copying it from one store to another (an operator who
//! started on SQLite and moves to PostgreSQL).

use uuid::Uuid;

use crate::Timestamp;
use crate::model::{Company, IdentifierRecord, Relationship};

#[derive(Clone, Debug, Default)]
pub struct Snapshot {
    pub companies: Vec<Company>,
    pub identifiers: Vec<IdentifierRecord>,
    pub connections: Vec<crate::model::Connection>,
    pub tokens: Vec<TokenRow>,
    pub relationships: Vec<Relationship>,
    pub users: Vec<UserRow>,
    pub transactions: Vec<TransactionRow>,
    pub errors: Vec<ErrorRow>,
    pub tasks: Vec<TaskRow>,
    /// In the order they were appended.
    pub events: Vec<crate::model::Event>,
    pub jobs: Vec<JobRow>,
    /// Every company's audit log, in the order it was written.
    pub audit: Vec<crate::model::AuditEntry>,
    pub proposals: Vec<crate::model::Proposal>,
}

/// A job of the outbox with everything stored about it, leases included.
#[derive(Clone, Debug)]
pub struct JobRow {
    pub id: Uuid,
    pub kind: String,
    pub payload: String,
    pub state: String,
    pub created_at: Timestamp,
    pub due_at: Timestamp,
    pub attempts: i32,
    pub claim: Option<Uuid>,
    pub leased_until: Option<Timestamp>,
    pub last_error: Option<String>,
    pub settled_at: Option<Timestamp>,
}

#[derive(Clone, Debug)]
pub struct TokenRow {
    pub id: Uuid,
    pub connection_id: Uuid,
    pub hash: Vec<u8>,
    pub hint: String,
    pub created_at: Timestamp,
    pub revoked_at: Option<Timestamp>,
    pub last_used_at: Option<Timestamp>,
    /// The grant as stored ([`crate::model::Grant::stored`]).
    pub scopes: Option<String>,
    pub allowed_from: Option<String>,
    pub expires_at: Option<Timestamp>,
}

/// A transaction with everything stored about it; it waits in the receiver's queue when its
/// status is `PENDING`.
#[derive(Clone, Debug)]
pub struct TransactionRow {
    pub id: Uuid,
    pub document_type: String,
    pub sender_id: Uuid,
    pub receiver_id: Uuid,
    pub connection_id: Uuid,
    pub flow: String,
    pub status: String,
    pub delivered: bool,
    /// When the receiver first listed it.
    pub fetched_at: Option<Timestamp>,
    pub created_at: Timestamp,
    pub business_number: Option<String>,
    pub order_number: Option<String>,
    pub fingerprint: Vec<u8>,
    pub replaces_id: Option<Uuid>,
    pub replaced_by_id: Option<Uuid>,
    pub warnings: Option<String>,
    pub content: String,
}

#[derive(Clone, Debug)]
pub struct ErrorRow {
    pub id: Uuid,
    pub company_id: Uuid,
    pub transaction_id: Option<Uuid>,
    pub transaction_type: Option<String>,
    pub transaction_identifier: Option<String>,
    pub origin: String,
    pub error_type: String,
    pub reason: String,
    pub context: Option<String>,
    pub created_at: Timestamp,
    pub resolved_at: Option<Timestamp>,
    pub resolved_by: Option<String>,
    pub resolution: Option<String>,
    pub redelivered_at: Option<Timestamp>,
}

/// A user with its password hash and mail choices; sessions and one-time links are not
/// copied (people sign in again after a move).
#[derive(Clone, Debug)]
pub struct UserRow {
    pub id: Uuid,
    pub company_id: Uuid,
    pub email: String,
    pub role: String,
    pub password_hash: Option<String>,
    pub notify_issues: bool,
    pub notify_incoming: bool,
    pub notify_sent: bool,
    pub created_at: Timestamp,
    pub disabled_at: Option<Timestamp>,
}

#[derive(Clone, Debug)]
pub struct TaskRow {
    pub id: Uuid,
    pub company_id: Uuid,
    pub task_type: String,
    pub payload: Option<String>,
    pub created_at: Timestamp,
    pub closed_at: Option<Timestamp>,
    pub success: Option<bool>,
    pub result: Option<String>,
    pub error_id: Option<Uuid>,
}

impl Snapshot {
    /// Rows per kind, for reports.
    pub fn counts(&self) -> [(&'static str, usize); 13] {
        [
            ("companies", self.companies.len()),
            ("identifiers", self.identifiers.len()),
            ("connections", self.connections.len()),
            ("tokens", self.tokens.len()),
            ("relationships", self.relationships.len()),
            ("users", self.users.len()),
            ("transactions", self.transactions.len()),
            ("errors", self.errors.len()),
            ("tasks", self.tasks.len()),
            ("events", self.events.len()),
            ("jobs", self.jobs.len()),
            ("audit entries", self.audit.len()),
            ("proposals", self.proposals.len()),
        ]
    }
}
