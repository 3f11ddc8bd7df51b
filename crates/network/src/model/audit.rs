//! The audit log: every change made to a company's people, tokens, relationships,
//! responsibilities, errors and webhooks, in the portal, over the API or by the operator's commands: who, when, what.
//! An entry is written in the same database transaction as its change.

use uuid::Uuid;

use super::wire_enum::wire_enum;
use crate::Timestamp;

wire_enum! {
    /// What was changed.
    pub enum AuditAction {
        UserInvited => "USER_INVITED",
        RoleChanged => "ROLE_CHANGED",
        UserDisabled => "USER_DISABLED",
        TokenIssued => "TOKEN_ISSUED",
        TokenRotated => "TOKEN_ROTATED",
        TokenRevoked => "TOKEN_REVOKED",
        ResponsibilitySet => "RESPONSIBILITY_SET",
        RelationshipSet => "RELATIONSHIP_SET",
        RelationshipProposed => "RELATIONSHIP_PROPOSED",
        ProposalAccepted => "PROPOSAL_ACCEPTED",
        ProposalDeclined => "PROPOSAL_DECLINED",
        ProposalWithdrawn => "PROPOSAL_WITHDRAWN",
        ErrorResolved => "ERROR_RESOLVED",
        ErrorDeliveredAgain => "ERROR_DELIVERED_AGAIN",
        ErrorDiscarded => "ERROR_DISCARDED",
        WebhookAdded => "WEBHOOK_ADDED",
        WebhookChanged => "WEBHOOK_CHANGED",
        WebhookRemoved => "WEBHOOK_REMOVED",
        WebhookSecretRotated => "WEBHOOK_SECRET_ROTATED",
        WebhookDisabled => "WEBHOOK_DISABLED",
    }
}

/// Who made a change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Actor {
    /// The operator of the network, with an admin command.
    Operator,
    /// A person signed in to the portal, by e-mail address.
    Person(String),
    /// An ERP, with a token of the company.
    Api,
    /// The hub itself (an endpoint failing for days turned off).
    Hub,
}

impl Actor {
    /// How the log names the actor: the person's address, or `operator`.
    pub fn name(&self) -> &str {
        match self {
            Actor::Operator => "operator",
            Actor::Person(email) => email,
            Actor::Api => "api",
            Actor::Hub => "switchyard",
        }
    }
}

/// One entry, as written and as read back.
#[derive(Clone, Debug, PartialEq)]
pub struct AuditEntry {
    pub id: Uuid,
    /// The company whose log it is in.
    pub company_id: Uuid,
    pub at: Timestamp,
    /// `operator` or a person's e-mail address.
    pub actor: String,
    pub action: AuditAction,
    /// What was changed, as a small JSON object (the person's address, the token's connection
    /// and first characters, the document type ...).
    pub detail: serde_json::Value,
}

/// An entry with its place in the log, for paging back.
#[derive(Clone, Debug, PartialEq)]
pub struct AuditRecord {
    pub seq: i64,
    pub entry: AuditEntry,
}
