//! Proposals of relationship changes: one pending at a time per type and direction, decided
//! once and only by the other company (withdrawn only by the proposer), an accepted one sets
//! its relationship with it, and both companies list them.

use std::sync::Arc;

use serde_json::json;
use switchyard_documents::DocumentType;

use super::fixture;
use crate::effects::audited;
use crate::model::{Actor, AuditAction, Proposal, ProposalDecision, ProposalStatus, Relationship, RelationshipState};
use crate::new_id;
use crate::store::{Store, StoreError};

fn proposal(fixture: &super::Fixture, kind: DocumentType, at: i64) -> Proposal {
    Proposal {
        id: new_id(),
        relationship: Relationship {
            sender_id: fixture.sender,
            receiver_id: fixture.receiver,
            kind,
            state: RelationshipState::Testing,
        },
        proposer_id: fixture.sender,
        proposed_by: "ann@sender.example".into(),
        proposed_at: at,
        status: ProposalStatus::Pending,
        decided_by: None,
        decided_at: None,
    }
}

fn decision(proposal: &Proposal, company_id: uuid::Uuid, status: ProposalStatus) -> ProposalDecision {
    let entry =
        audited(company_id, &Actor::Person("bob@receiver.example".into()), AuditAction::ProposalAccepted, 9, json!({}));
    ProposalDecision {
        id: proposal.id,
        company_id,
        status,
        by: "bob@receiver.example".into(),
        at: 9,
        effects: vec![entry],
    }
}

pub async fn a_proposal_is_decided_once_by_the_other_company_and_an_accepted_one_takes_effect(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let orders = proposal(&fixture, DocumentType::Order, 5);
    store.add_proposal(orders.clone(), Vec::new()).await.expect("proposed");
    let again = store.add_proposal(proposal(&fixture, DocumentType::Order, 6), Vec::new()).await;
    assert!(matches!(again, Err(StoreError::Conflict(_))), "one pending per type and direction");
    let invoices = proposal(&fixture, DocumentType::Invoice, 7);
    store.add_proposal(invoices.clone(), Vec::new()).await.expect("another type");

    let by_proposer = store.decide_proposal(decision(&orders, fixture.sender, ProposalStatus::Accepted)).await;
    assert!(matches!(by_proposer, Err(StoreError::NotFound)), "the proposer does not accept its own");
    let accepted = store.decide_proposal(decision(&orders, fixture.receiver, ProposalStatus::Accepted)).await;
    let accepted = accepted.expect("accepted");
    assert_eq!(
        (accepted.status, accepted.decided_by.as_deref()),
        (ProposalStatus::Accepted, Some("bob@receiver.example"))
    );
    let relationships = store.list_relationships(fixture.sender).await.expect("listed");
    assert!(relationships.contains(&orders.relationship), "it took effect: {relationships:?}");
    let twice = store.decide_proposal(decision(&orders, fixture.receiver, ProposalStatus::Declined)).await;
    assert!(matches!(twice, Err(StoreError::Conflict(_))), "decided once");
    let log = store.list_audit(fixture.receiver, None, 10).await.expect("read");
    assert_eq!(log.len(), 1, "the decision's effects were written with it");

    let by_other = store.decide_proposal(decision(&invoices, fixture.receiver, ProposalStatus::Withdrawn)).await;
    assert!(matches!(by_other, Err(StoreError::NotFound)), "only the proposer withdraws");
    store.decide_proposal(decision(&invoices, fixture.sender, ProposalStatus::Withdrawn)).await.expect("withdrawn");
    let relationships = store.list_relationships(fixture.sender).await.expect("listed");
    assert!(!relationships.iter().any(|r| r.kind == DocumentType::Invoice), "a withdrawn one changes nothing");

    for company in [fixture.sender, fixture.receiver] {
        let listed = store.list_proposals(company, 10).await.expect("listed");
        let seen: Vec<(DocumentType, ProposalStatus)> =
            listed.iter().map(|p| (p.relationship.kind, p.status)).collect();
        assert_eq!(
            seen,
            [(DocumentType::Invoice, ProposalStatus::Withdrawn), (DocumentType::Order, ProposalStatus::Accepted)]
        );
    }
    assert!(store.list_proposals(new_id(), 10).await.expect("listed").is_empty());
    let fresh = proposal(&fixture, DocumentType::Order, 8);
    store.add_proposal(fresh, Vec::new()).await.expect("a new one once none is pending");
}
