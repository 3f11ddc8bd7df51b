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

use crate::rows::{db_error, parsed, uuid_text};
use crate::{SqliteStore, dashboard, fetching, finding, history, leasing, listing, marking, recording};

#[async_trait]
impl TransactionStore for SqliteStore {
    async fn record_sent(&self, transaction: NewTransaction) -> Result<Recorded, StoreError> {
        let last = std::sync::Arc::clone(&self.last_created_at);
        self.writer.run(move |db| recording::record(db, transaction, &last)).await
    }

    async fn list_incoming(&self, query: IncomingQuery) -> Result<Listed<TransactionRecord>, StoreError> {
        self.readers.run(move |db| listing::incoming(db, &query)).await
    }

    async fn list_all(&self, query: AllQuery) -> Result<Listed<TransactionRecord>, StoreError> {
        self.readers.run(move |db| history::all(db, &query)).await
    }

    async fn find_transactions(&self, query: FindQuery) -> Result<Vec<TransactionRecord>, StoreError> {
        self.readers.run(move |db| finding::find(db, &query)).await
    }

    async fn count_documents(
        &self,
        company_id: Uuid,
        since: Timestamp,
        today: Timestamp,
    ) -> Result<Vec<DocumentCount>, StoreError> {
        self.readers.run(move |db| dashboard::count_documents(db, company_id, since, today)).await
    }

    async fn count_with_partners(
        &self,
        company_id: Uuid,
        partners: Vec<Uuid>,
        since: Timestamp,
    ) -> Result<Vec<PartnerCount>, StoreError> {
        self.readers.run(move |db| dashboard::count_with_partners(db, company_id, &partners, since)).await
    }

    async fn queue_age(&self, company_id: Uuid, count_up_to: u64) -> Result<Option<QueueAge>, StoreError> {
        self.readers.run(move |db| dashboard::queue_age(db, company_id, count_up_to)).await
    }

    async fn find_transaction(&self, company_id: Uuid, id: Uuid) -> Result<Option<TransactionRecord>, StoreError> {
        self.readers.run(move |db| listing::one(db, Some(company_id), id)).await
    }

    async fn find_any_transaction(&self, id: Uuid) -> Result<Option<TransactionRecord>, StoreError> {
        self.readers.run(move |db| listing::one(db, None, id)).await
    }

    async fn find_any_transactions(&self, ids: Vec<Uuid>) -> Result<Vec<TransactionRecord>, StoreError> {
        self.readers.run(move |db| listing::each(db, &ids)).await
    }

    async fn find_duplicate(&self, connection_id: Uuid, fingerprint: [u8; 32]) -> Result<Option<Uuid>, StoreError> {
        self.readers.run(move |db| recording::find_duplicate(db, connection_id, &fingerprint)).await
    }

    async fn record_fetches(
        &self,
        receiver_id: Uuid,
        fetches: Vec<(Uuid, Vec<Effect>)>,
        at: Timestamp,
    ) -> Result<(), StoreError> {
        self.writer.run(move |db| fetching::note(db, receiver_id, fetches, at)).await
    }

    async fn senders_of(&self, ids: &[Uuid]) -> Result<HashMap<Uuid, (Uuid, DocumentType)>, StoreError> {
        let list = serde_json::Value::from(ids.iter().map(|id| uuid_text(*id)).collect::<Vec<_>>()).to_string();
        self.readers
            .run(move |db| {
                let mut statement = db
                    .prepare_cached(
                        "SELECT id, sender_id, document_type FROM transactions
                         WHERE id IN (SELECT value FROM json_each(?1))",
                    )
                    .map_err(db_error)?;
                let rows = statement
                    .query_map([list], |row| Ok((parsed(row, 0)?, (parsed(row, 1)?, parsed(row, 2)?))))
                    .map_err(db_error)?;
                rows.collect::<Result<_, _>>().map_err(db_error)
            })
            .await
    }

    async fn take_lease(
        &self,
        lease: Lease,
        items: Vec<(Uuid, Vec<Effect>)>,
        at: Timestamp,
    ) -> Result<Vec<Uuid>, StoreError> {
        self.writer.run(move |db| leasing::take(db, lease, items, at)).await
    }

    async fn extend_lease(&self, lease: Lease, at: Timestamp) -> Result<u64, StoreError> {
        self.writer.run(move |db| leasing::extend(db, lease, at)).await
    }

    async fn release_lease(&self, company_id: Uuid, lease_id: Uuid, at: Timestamp) -> Result<u64, StoreError> {
        self.writer.run(move |db| leasing::release(db, company_id, lease_id, at)).await
    }

    async fn mark_processed(
        &self,
        company_id: Uuid,
        marks: Vec<Mark>,
        effects: Vec<Effect>,
        at: Timestamp,
        answer: Option<MarksAnswer>,
    ) -> Result<Vec<Marked>, MarkFailure> {
        let marked =
            self.writer.run(move |db| marking::mark(db, company_id, marks, &effects, at, answer.as_ref())).await?;
        marked.map_err(MarkFailure::Unknown)
    }
}
