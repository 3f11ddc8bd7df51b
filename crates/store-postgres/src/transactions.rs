//! The transaction store: recording, marking and listing, each in its own module.

use std::collections::HashMap;

use async_trait::async_trait;
use switchyard_documents::DocumentType;
use switchyard_network::effects::Effect;
use switchyard_network::finding::FindQuery;
use switchyard_network::model::{Lease, Mark, Marked, MarksAnswer, NewTransaction, Recorded, TransactionRecord};
use switchyard_network::store::{
    AllQuery, DocumentCount, IncomingQuery, MarkFailure, PartnerCount, QueueAge, StoreError, TransactionStore,
};
use switchyard_network::{Listed, Timestamp};
use uuid::Uuid;

use crate::rows::{db_error, get, parsed};
use crate::{PostgresStore, dashboard, fetching, finding, history, leasing, listing, marking, prepared, recording};

#[async_trait]
impl TransactionStore for PostgresStore {
    async fn record_sent(&self, transaction: NewTransaction) -> Result<Recorded, StoreError> {
        recording::record(&mut self.client().await?, transaction).await
    }

    async fn list_incoming(&self, query: IncomingQuery) -> Result<Listed<TransactionRecord>, StoreError> {
        listing::incoming(&self.client().await?, &query).await
    }

    async fn list_all(&self, query: AllQuery) -> Result<Listed<TransactionRecord>, StoreError> {
        history::all(&self.client().await?, &query).await
    }

    async fn find_transactions(&self, query: FindQuery) -> Result<Vec<TransactionRecord>, StoreError> {
        finding::find(&self.client().await?, &query).await
    }

    async fn count_documents(
        &self,
        company_id: Uuid,
        since: Timestamp,
        today: Timestamp,
    ) -> Result<Vec<DocumentCount>, StoreError> {
        dashboard::count_documents(&self.client().await?, company_id, since, today).await
    }

    async fn count_with_partners(
        &self,
        company_id: Uuid,
        partners: Vec<Uuid>,
        since: Timestamp,
    ) -> Result<Vec<PartnerCount>, StoreError> {
        dashboard::count_with_partners(&self.client().await?, company_id, &partners, since).await
    }

    async fn queue_age(&self, company_id: Uuid, count_up_to: u64) -> Result<Option<QueueAge>, StoreError> {
        dashboard::queue_age(&self.client().await?, company_id, count_up_to).await
    }

    async fn find_transaction(&self, company_id: Uuid, id: Uuid) -> Result<Option<TransactionRecord>, StoreError> {
        listing::one(&self.client().await?, Some(company_id), id).await
    }

    async fn find_any_transaction(&self, id: Uuid) -> Result<Option<TransactionRecord>, StoreError> {
        listing::one(&self.client().await?, None, id).await
    }

    async fn find_any_transactions(&self, ids: Vec<Uuid>) -> Result<Vec<TransactionRecord>, StoreError> {
        listing::each(&self.client().await?, &ids).await
    }

    async fn find_duplicate(&self, connection_id: Uuid, fingerprint: [u8; 32]) -> Result<Option<Uuid>, StoreError> {
        let row = self
            .client()
            .await?
            .query_opt(recording::DUPLICATE_OF, &[&connection_id, &fingerprint.as_slice()])
            .await
            .map_err(db_error)?;
        row.map(|row| crate::rows::get(&row, 0)).transpose()
    }

    async fn record_fetches(
        &self,
        receiver_id: Uuid,
        fetches: Vec<(Uuid, Vec<Effect>)>,
        at: Timestamp,
    ) -> Result<(), StoreError> {
        // One statement, so atomic without a transaction around it.
        fetching::note(&self.client().await?, receiver_id, fetches, at).await
    }

    async fn senders_of(&self, ids: &[Uuid]) -> Result<HashMap<Uuid, (Uuid, DocumentType)>, StoreError> {
        let rows = prepared::query(
            &self.client().await?,
            "SELECT id, sender_id, document_type FROM transactions WHERE id = ANY($1)",
            &[&ids],
        )
        .await?;
        rows.iter().map(|row| Ok((get(row, 0)?, (get(row, 1)?, parsed(row, 2)?)))).collect()
    }

    async fn take_lease(
        &self,
        lease: Lease,
        items: Vec<(Uuid, Vec<Effect>)>,
        at: Timestamp,
    ) -> Result<Vec<Uuid>, StoreError> {
        let mut client = self.client().await?;
        let db = client.transaction().await.map_err(db_error)?;
        let leased = leasing::take(&db, lease, items, at).await?;
        db.commit().await.map_err(db_error)?;
        Ok(leased)
    }

    async fn extend_lease(&self, lease: Lease, at: Timestamp) -> Result<u64, StoreError> {
        leasing::extend(&self.client().await?, lease, at).await
    }

    async fn release_lease(&self, company_id: Uuid, lease_id: Uuid, at: Timestamp) -> Result<u64, StoreError> {
        leasing::release(&self.client().await?, company_id, lease_id, at).await
    }

    async fn mark_processed(
        &self,
        company_id: Uuid,
        marks: Vec<Mark>,
        effects: Vec<Effect>,
        at: Timestamp,
        answer: Option<MarksAnswer>,
    ) -> Result<Vec<Marked>, MarkFailure> {
        let mut client = self.client().await?;
        let db = client.transaction().await.map_err(db_error)?;
        // The reports' own events come first in each story, before any error they open; a
        // refused batch is not committed, so they go with it.
        crate::effects::write(&db, &effects).await?;
        let marked = marking::mark(&db, company_id, marks, at).await?;
        if let Ok(marked) = &marked {
            if let Some(answer) = answer {
                crate::idempotency::answer_with_change(&db, &answer(marked)).await?;
            }
            db.commit().await.map_err(db_error)?;
        }
        marked.map_err(MarkFailure::Unknown)
    }
}
