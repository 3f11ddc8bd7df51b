//! The network's records: what the store keeps and the use cases hand around.

mod access;
mod audit;
mod company;
mod connection;
mod content;
mod error_record;
mod event;
pub mod idempotency;
mod job;
pub mod lease;
mod mail_order;
mod notice;
mod proposal;
mod relationship;
mod task;
mod transaction;
mod user;
pub mod webhook;
pub mod webhook_target;
mod wire_enum;

pub use access::{Grant, Networks, Scope, Scopes, StoredGrant};
pub use audit::{Actor, AuditAction, AuditEntry, AuditRecord};
pub use company::{Company, IdentifierRecord};
pub use connection::{Caller, Connection, ConnectionRecord, ConnectionUse, NewToken, TokenMatch, TokenRecord};
pub use content::Content;
pub use error_record::{ErrorActing, ErrorAction, ErrorOrigin, ErrorRecord, ErrorType, ListedError, NewError};
pub use event::{Event, EventKind};
pub use idempotency::{
    AnswerRecord, Answering, Begun, IdempotencyKey, IdempotentRequest, KeyRecord, MarksAnswer, StoredAnswer,
};
pub use job::{ClaimedJob, DeadJob, JobOutcome, JobRecord, JobState, NewJob};
pub use lease::{Lease, LeaseLength};
pub use mail_order::{MAIL_JOB, MailOrder};
pub use notice::{Digest, DocumentNews, DocumentNotice, NewDocumentNotice, NewNotice, Notice, Responsibility, Side};
pub use proposal::{Proposal, ProposalDecision, ProposalStatus, ProposedChange};
pub use relationship::{Relationship, RelationshipState};
pub use task::{NewTask, TaskClosing, TaskRecord, TaskType};
pub use transaction::{Flow, Mark, MarkOutcome, Marked, NewTransaction, Recorded, Status, TransactionRecord};
pub use user::{LinkPurpose, MailChoices, NewSession, NewUser, NewUserLink, Role, SessionRecord, UserRecord};
pub use webhook::{
    AttemptRecord, Claimed, ClaimedDelivery, DeliveryRecord, DeliveryState, Disabling, NewDelivery, NextStep,
    Settlement, Subscription, Webhook, WebhookChange, WebhookEvent, WebhookSecret,
};
pub use wire_enum::UnknownName;
