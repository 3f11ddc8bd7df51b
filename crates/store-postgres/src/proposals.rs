//! Proposals of relationship changes: added, decided (an accepted one sets its relationship in
//! the same transaction, the proposal's row locked meanwhile) and listed for both companies.

use async_trait::async_trait;
use deadpool_postgres::GenericClient;
use switchyard_network::effects::Effect;
use switchyard_network::model::{Proposal, ProposalDecision, ProposalStatus, Relationship};
use switchyard_network::store::{ProposalStore, StoreError};
use tokio_postgres::Row;
use uuid::Uuid;

use crate::PostgresStore;
use crate::directory::upsert_relationship;
use crate::prepared;
use crate::rows::{db_error, get, is_unique_violation, parsed};

pub(crate) const COLUMNS: &str =
    "SELECT id, sender_id, receiver_id, document_type, state, proposer_id, proposed_by, proposed_at,
    status, decided_by, decided_at FROM relationship_proposals";

pub(crate) fn proposal_from_row(row: &Row) -> Result<Proposal, StoreError> {
    Ok(Proposal {
        id: get(row, 0)?,
        relationship: Relationship {
            sender_id: get(row, 1)?,
            receiver_id: get(row, 2)?,
            kind: parsed(row, 3)?,
            state: parsed(row, 4)?,
        },
        proposer_id: get(row, 5)?,
        proposed_by: get(row, 6)?,
        proposed_at: get(row, 7)?,
        status: parsed(row, 8)?,
        decided_by: get(row, 9)?,
        decided_at: get(row, 10)?,
    })
}

/// Adds `proposal` as it stands; `Conflict` when one is pending for the same sender, receiver
/// and type.
async fn insert(db: &impl GenericClient, proposal: &Proposal) -> Result<(), StoreError> {
    let r = &proposal.relationship;
    db.execute(
        "INSERT INTO relationship_proposals (id, sender_id, receiver_id, document_type, state, proposer_id,
         proposed_by, proposed_at, status, decided_by, decided_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        &[
            &proposal.id,
            &r.sender_id,
            &r.receiver_id,
            &r.kind.as_str(),
            &r.state.as_str(),
            &proposal.proposer_id,
            &proposal.proposed_by,
            &proposal.proposed_at,
            &proposal.status.as_str(),
            &proposal.decided_by,
            &proposal.decided_at,
        ],
    )
    .await
    .map_err(|error| {
        if is_unique_violation(&error) {
            StoreError::Conflict("a proposal for this type and direction is pending already".into())
        } else {
            db_error(error)
        }
    })?;
    Ok(())
}

/// A proposal as another store kept it, decided or not.
pub(crate) async fn import(db: &impl GenericClient, proposal: &Proposal) -> Result<(), StoreError> {
    insert(db, proposal).await
}

#[async_trait]
impl ProposalStore for PostgresStore {
    async fn add_proposal(&self, proposal: Proposal, effects: Vec<Effect>) -> Result<(), StoreError> {
        let mut client = self.client().await?;
        let db = client.transaction().await.map_err(db_error)?;
        insert(&db, &proposal).await?;
        crate::effects::write(&db, &effects).await?;
        db.commit().await.map_err(db_error)
    }

    async fn decide_proposal(&self, decision: ProposalDecision) -> Result<Proposal, StoreError> {
        let mut client = self.client().await?;
        let db = client.transaction().await.map_err(db_error)?;
        let found =
            db.query_opt(&format!("{COLUMNS} WHERE id = $1 FOR UPDATE"), &[&decision.id]).await.map_err(db_error)?;
        let proposal = proposal_from_row(&found.ok_or(StoreError::NotFound)?)?;
        if let Some(refusal) = proposal.refuses(&decision) {
            return Err(refusal);
        }
        db.execute(
            "UPDATE relationship_proposals SET status = $2, decided_by = $3, decided_at = $4 WHERE id = $1",
            &[&decision.id, &decision.status.as_str(), &decision.by, &decision.at],
        )
        .await
        .map_err(db_error)?;
        if decision.status == ProposalStatus::Accepted {
            upsert_relationship(&db, &proposal.relationship).await?;
        }
        crate::effects::write(&db, &decision.effects).await?;
        db.commit().await.map_err(db_error)?;
        Ok(Proposal {
            status: decision.status,
            decided_by: Some(decision.by),
            decided_at: Some(decision.at),
            ..proposal
        })
    }

    async fn list_proposals(&self, company_id: Uuid, limit: usize) -> Result<Vec<Proposal>, StoreError> {
        let sql =
            format!("{COLUMNS} WHERE sender_id = $1 OR receiver_id = $1 ORDER BY proposed_at DESC, id DESC LIMIT $2");
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = prepared::query(&self.client().await?, &sql, &[&company_id, &limit]).await?;
        rows.iter().map(proposal_from_row).collect()
    }
}
