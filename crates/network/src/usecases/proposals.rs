//! Relationship changes proposed between companies: an admin proposes a state for a document
//! type in one direction with a partner; an admin of the partner accepts it (it takes effect
//! at once) or declines it, or the proposer withdraws it. Both companies see every proposal
//! between them, and each step is in both audit logs.

use serde_json::json;
use uuid::Uuid;

use crate::effects::{Effect, audited};
use crate::finding::Side;
use crate::model::{
    Actor, AuditAction, Proposal, ProposalDecision, ProposalStatus, ProposedChange, Relationship, UserRecord,
};
use crate::store::StoreError;
use crate::{Error, Hub, new_id};

/// The most proposals a company's page lists.
const LISTED_AT_MOST: usize = 200;

impl Hub {
    /// `admin` proposes that documents of `change.kind` travel in `change.state` from the
    /// admin's company to `partner_id` (`Side::Sent`) or back (`Side::Received`).
    pub async fn propose_relationship(
        &self,
        admin: &UserRecord,
        partner_id: Uuid,
        direction: Side,
        change: ProposedChange,
    ) -> Result<Proposal, Error> {
        let partners = self.trade_partners(admin.company_id).await?;
        if !admin.is_admin() || !partners.iter().any(|(id, _)| *id == partner_id) {
            return Err(Error::not_found("no partner of yours has this id"));
        }
        let (sender_id, receiver_id) = match direction {
            Side::Sent => (admin.company_id, partner_id),
            Side::Received => (partner_id, admin.company_id),
        };
        let relationship = Relationship { sender_id, receiver_id, kind: change.kind, state: change.state };
        let current = self.store.list_relationships(admin.company_id).await?;
        let same = |other: &Relationship| {
            other.sender_id == sender_id && other.receiver_id == receiver_id && other.kind == change.kind
        };
        if current.iter().any(|other| same(other) && other.state == change.state) {
            return Err(Error::invalid("state", "The relationship is in this state already."));
        }
        let proposal = Proposal {
            id: new_id(),
            relationship,
            proposer_id: admin.company_id,
            proposed_by: admin.email.clone(),
            proposed_at: self.now(),
            status: ProposalStatus::Pending,
            decided_by: None,
            decided_at: None,
        };
        let effects = self.told_to_both(&proposal, admin, AuditAction::RelationshipProposed).await?;
        self.store.add_proposal(proposal.clone(), effects).await.map_err(|error| match error {
            StoreError::Conflict(_) => Error::Conflict(
                "A proposal for this document type and direction is waiting for an answer already.".into(),
            ),
            other => other.into(),
        })?;
        Ok(proposal)
    }

    /// `admin` accepts or declines a proposal of the partner, or withdraws the company's own.
    pub async fn decide_relationship_proposal(
        &self,
        admin: &UserRecord,
        id: Uuid,
        status: ProposalStatus,
    ) -> Result<Proposal, Error> {
        let not_found = || Error::not_found("no proposal with this id for your company");
        if !admin.is_admin() || status == ProposalStatus::Pending {
            return Err(not_found());
        }
        let proposal = self.proposals(admin.company_id).await?.into_iter().find(|proposal| proposal.id == id);
        let proposal = proposal.ok_or_else(not_found)?;
        let action = match status {
            ProposalStatus::Accepted => AuditAction::ProposalAccepted,
            ProposalStatus::Withdrawn => AuditAction::ProposalWithdrawn,
            _ => AuditAction::ProposalDeclined,
        };
        let effects = self.told_to_both(&proposal, admin, action).await?;
        let decision = ProposalDecision {
            id,
            company_id: admin.company_id,
            status,
            by: admin.email.clone(),
            at: self.now(),
            effects,
        };
        self.store.decide_proposal(decision).await.map_err(|error| match error {
            StoreError::NotFound => not_found(),
            StoreError::Conflict(why) => Error::Conflict(format!("This proposal cannot be answered: {why}.")),
            other => other.into(),
        })
    }

    /// Every proposal the company made or was made, newest first.
    pub async fn proposals(&self, company_id: Uuid) -> Result<Vec<Proposal>, Error> {
        Ok(self.store.list_proposals(company_id, LISTED_AT_MOST).await?)
    }

    /// A step of `proposal` by `admin`, in the audit logs of both companies.
    async fn told_to_both(
        &self,
        proposal: &Proposal,
        admin: &UserRecord,
        action: AuditAction,
    ) -> Result<Vec<Effect>, Error> {
        let names = self.company_names().await?;
        let r = &proposal.relationship;
        let name = |id: Uuid| names.get(&id).cloned().unwrap_or_default();
        let detail = json!({
            "sender": name(r.sender_id), "receiver": name(r.receiver_id), "type": r.kind.as_str(), "state": r.state,
            "proposalId": proposal.id,
        });
        let actor = Actor::Person(admin.email.clone());
        Ok([r.sender_id, r.receiver_id]
            .into_iter()
            .map(|company| audited(company, &actor, action, self.now(), detail.clone()))
            .collect())
    }
}
