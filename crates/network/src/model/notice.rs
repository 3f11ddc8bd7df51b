//! Telling people of errors and documents: who is responsible for a company's documents, and
//! the notices that wait for a user's next mail.

use switchyard_documents::DocumentType;
use uuid::Uuid;

use super::wire_enum::wire_enum;
use crate::Timestamp;

/// A user responsible for a company's documents of one type: with every partner (`partner_id`
/// `None`, the company's default) or with one partner (an override replacing the default).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Responsibility {
    pub company_id: Uuid,
    pub document_type: DocumentType,
    pub partner_id: Option<Uuid>,
    pub user_id: Uuid,
}

wire_enum! {
    /// Whose side a notice speaks to: the company that must act, or its partner whose document
    /// it concerns.
    pub enum Side {
        Ours => "OURS",
        Partner => "PARTNER",
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct NewNotice {
    pub id: Uuid,
    pub user_id: Uuid,
    pub error_id: Uuid,
    pub side: Side,
    pub created_at: Timestamp,
}

/// A notice as a digest mail takes it.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub error_id: Uuid,
    pub side: Side,
}

wire_enum! {
    /// What a user who asked for it hears of a document: that it arrived for the company, or
    /// that the receiver's ERP imported one the company sent.
    pub enum DocumentNews {
        Arrived => "ARRIVED",
        Processed => "PROCESSED",
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct NewDocumentNotice {
    pub id: Uuid,
    pub user_id: Uuid,
    pub transaction_id: Uuid,
    pub news: DocumentNews,
    pub created_at: Timestamp,
}

/// A document notice as a digest mail takes it.
#[derive(Clone, Debug, PartialEq)]
pub struct DocumentNotice {
    pub transaction_id: Uuid,
    pub news: DocumentNews,
}

/// The outbox job of a user's next mail, which notices join until it first runs.
#[derive(Clone, Debug, PartialEq)]
pub struct Digest {
    /// One unstarted digest per key: `issues:{user id}` or `documents:{user id}`.
    pub key: String,
    pub job: super::NewJob,
}
