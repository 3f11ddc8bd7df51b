//! A company's view of all its transactions, sent and received.

use uuid::Uuid;

use crate::model::{Caller, TransactionRecord};
use crate::store::{AllQuery, StoreError};
use crate::{Cursor, Hub, Page};

impl Hub {
    /// `query.limit` is the page size; the company is the caller's whatever the query says.
    pub async fn list_all(&self, caller: Caller, mut query: AllQuery) -> Result<Page<TransactionRecord>, StoreError> {
        let limit = query.limit;
        query.company_id = caller.company_id;
        query.limit = limit + 1;
        let rows = self.store.list_all(query).await?;
        Ok(Page::from_overfetch(rows, limit, |row| Cursor { created_at: row.created_at, id: row.id }))
    }

    pub async fn show_transaction(&self, caller: Caller, id: Uuid) -> Result<Option<TransactionRecord>, StoreError> {
        self.store.find_transaction(caller.company_id, id).await
    }
}
