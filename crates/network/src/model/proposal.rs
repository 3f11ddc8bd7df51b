//! Proposals of relationship changes between two companies: one company's admin proposes a
//! state for one document type in one direction, and it takes effect when an admin of the
//! other company accepts it. Both sides see every proposal between them and how it ended.

use switchyard_documents::DocumentType;
use uuid::Uuid;

use super::wire_enum::wire_enum;
use super::{Relationship, RelationshipState};
use crate::Timestamp;

wire_enum! {
    /// Where a proposal stands.
    pub enum ProposalStatus {
        Pending => "PENDING",
        Accepted => "ACCEPTED",
        Declined => "DECLINED",
        Withdrawn => "WITHDRAWN",
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Proposal {
    pub id: Uuid,
    /// The relationship as it would be once accepted.
    pub relationship: Relationship,
    /// The company whose admin proposed it; the other one decides.
    pub proposer_id: Uuid,
    pub proposed_by: String,
    pub proposed_at: Timestamp,
    pub status: ProposalStatus,
    pub decided_by: Option<String>,
    pub decided_at: Option<Timestamp>,
}

impl Proposal {
    /// The company that decides: the other one of the relationship.
    pub fn decider_id(&self) -> Uuid {
        if self.relationship.sender_id == self.proposer_id {
            self.relationship.receiver_id
        } else {
            self.relationship.sender_id
        }
    }

    /// Why a store must refuse `decision` on this proposal, if it must: the deciding company
    /// may not make it (`NotFound`: the other company accepts or declines, the proposer
    /// withdraws), or the proposal is decided already (`Conflict`).
    pub fn refuses(&self, decision: &ProposalDecision) -> Option<crate::store::StoreError> {
        let decider = if decision.status == ProposalStatus::Withdrawn { self.proposer_id } else { self.decider_id() };
        if decider != decision.company_id {
            return Some(crate::store::StoreError::NotFound);
        }
        (self.status != ProposalStatus::Pending)
            .then(|| crate::store::StoreError::Conflict(format!("the proposal is {} already", self.status)))
    }
}

/// A decision on a pending proposal.
#[derive(Clone, Debug)]
pub struct ProposalDecision {
    pub id: Uuid,
    /// The company deciding: the other company to accept or decline, the proposer to withdraw.
    pub company_id: Uuid,
    pub status: ProposalStatus,
    pub by: String,
    pub at: Timestamp,
    pub effects: Vec<crate::effects::Effect>,
}

/// What a proposal names, for building one.
#[derive(Clone, Copy, Debug)]
pub struct ProposedChange {
    pub kind: DocumentType,
    pub state: RelationshipState,
}
