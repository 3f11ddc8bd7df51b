//! Proposals of relationship changes: added, decided (an accepted one sets its relationship in
//! the same transaction) and listed for both companies.

use async_trait::async_trait;
use rusqlite::{Connection, OptionalExtension, Row, params};
use switchyard_network::effects::Effect;
use switchyard_network::model::{Proposal, ProposalDecision, ProposalStatus, Relationship};
use switchyard_network::store::{ProposalStore, StoreError};
use uuid::Uuid;

use crate::SqliteStore;
use crate::directory::upsert_relationship;
use crate::rows::{db_error, is_unique_violation, parsed, uuid_text};

const COLUMNS: &str = "SELECT id, sender_id, receiver_id, document_type, state, proposer_id, proposed_by, proposed_at,
    status, decided_by, decided_at FROM relationship_proposals";

fn proposal_from_row(row: &Row<'_>) -> rusqlite::Result<Proposal> {
    Ok(Proposal {
        id: parsed(row, 0)?,
        relationship: Relationship {
            sender_id: parsed(row, 1)?,
            receiver_id: parsed(row, 2)?,
            kind: parsed(row, 3)?,
            state: parsed(row, 4)?,
        },
        proposer_id: parsed(row, 5)?,
        proposed_by: row.get(6)?,
        proposed_at: row.get(7)?,
        status: parsed(row, 8)?,
        decided_by: row.get(9)?,
        decided_at: row.get(10)?,
    })
}

/// Every proposal of the network, for moving it to another store.
pub(crate) fn every(db: &Connection) -> Result<Vec<Proposal>, StoreError> {
    let mut statement = db.prepare(&format!("{COLUMNS} ORDER BY proposed_at, id")).map_err(db_error)?;
    let rows = statement.query_map([], proposal_from_row).map_err(db_error)?;
    rows.collect::<Result<_, _>>().map_err(db_error)
}

/// A proposal as another store kept it, decided or not.
pub(crate) fn import(db: &Connection, proposal: &Proposal) -> Result<(), StoreError> {
    insert(db, proposal, &[])?;
    db.execute(
        "UPDATE relationship_proposals SET decided_by = ?2, decided_at = ?3 WHERE id = ?1",
        params![uuid_text(proposal.id), proposal.decided_by, proposal.decided_at],
    )
    .map_err(db_error)?;
    Ok(())
}

fn insert(db: &Connection, proposal: &Proposal, effects: &[Effect]) -> Result<(), StoreError> {
    let r = &proposal.relationship;
    db.execute(
        "INSERT INTO relationship_proposals (id, sender_id, receiver_id, document_type, state, proposer_id,
         proposed_by, proposed_at, status) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            uuid_text(proposal.id),
            uuid_text(r.sender_id),
            uuid_text(r.receiver_id),
            r.kind.as_str(),
            r.state.as_str(),
            uuid_text(proposal.proposer_id),
            proposal.proposed_by,
            proposal.proposed_at,
            proposal.status.as_str()
        ],
    )
    .map_err(|error| {
        if is_unique_violation(&error) {
            StoreError::Conflict("a proposal for this type and direction is pending already".into())
        } else {
            db_error(error)
        }
    })?;
    crate::effects::write(db, effects)
}

fn decide(db: &Connection, decision: &ProposalDecision) -> Result<Proposal, StoreError> {
    let found = db
        .query_row(&format!("{COLUMNS} WHERE id = ?1"), [uuid_text(decision.id)], proposal_from_row)
        .optional()
        .map_err(db_error)?;
    let proposal = found.ok_or(StoreError::NotFound)?;
    if let Some(refusal) = proposal.refuses(decision) {
        return Err(refusal);
    }
    db.execute(
        "UPDATE relationship_proposals SET status = ?2, decided_by = ?3, decided_at = ?4 WHERE id = ?1",
        params![uuid_text(decision.id), decision.status.as_str(), decision.by, decision.at],
    )
    .map_err(db_error)?;
    if decision.status == ProposalStatus::Accepted {
        upsert_relationship(db, &proposal.relationship)?;
    }
    crate::effects::write(db, &decision.effects)?;
    Ok(Proposal {
        status: decision.status,
        decided_by: Some(decision.by.clone()),
        decided_at: Some(decision.at),
        ..proposal
    })
}

#[async_trait]
impl ProposalStore for SqliteStore {
    async fn add_proposal(&self, proposal: Proposal, effects: Vec<Effect>) -> Result<(), StoreError> {
        self.writer.run(move |db| insert(db, &proposal, &effects)).await
    }

    async fn decide_proposal(&self, decision: ProposalDecision) -> Result<Proposal, StoreError> {
        self.writer.run(move |db| decide(db, &decision)).await
    }

    async fn list_proposals(&self, company_id: Uuid, limit: usize) -> Result<Vec<Proposal>, StoreError> {
        self.readers
            .run(move |db| {
                let sql = format!(
                    "{COLUMNS} WHERE sender_id = ?1 OR receiver_id = ?1 ORDER BY proposed_at DESC, id DESC LIMIT ?2"
                );
                let mut statement = db.prepare_cached(&sql).map_err(db_error)?;
                let limit = i64::try_from(limit).unwrap_or(i64::MAX);
                let rows =
                    statement.query_map(params![uuid_text(company_id), limit], proposal_from_row).map_err(db_error)?;
                rows.collect::<Result<_, _>>().map_err(db_error)
            })
            .await
    }
}
