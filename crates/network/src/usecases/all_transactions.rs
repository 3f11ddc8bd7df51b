//! A company's view of all its transactions, sent and received.

use uuid::Uuid;

use crate::model::{Caller, TransactionRecord};
use crate::{Cursor, Error, Hub, Page, PageBudget};

pub use crate::history::HistoryFilter;

impl Hub {
    /// A page of the caller's transactions in both directions, oldest first.
    pub async fn list_all(
        &self,
        caller: Caller,
        filter: HistoryFilter,
        after: Option<Cursor>,
        budget: PageBudget,
    ) -> Result<Page<TransactionRecord>, Error> {
        self.company_transactions(caller.company_id, filter, after, budget).await
    }

    /// A transaction the caller sent or received; `NotFound` for any other.
    pub async fn show_transaction(&self, caller: Caller, id: Uuid) -> Result<TransactionRecord, Error> {
        self.store.find_transaction(caller.company_id, id).await?.ok_or_else(|| unknown_transaction(id))
    }

    /// Any transaction, for operators.
    pub async fn find_any_transaction(&self, id: Uuid) -> Result<TransactionRecord, Error> {
        self.store.find_any_transaction(id).await?.ok_or_else(|| unknown_transaction(id))
    }

    /// Those of the transactions `ids` that exist, in the order asked, read together.
    pub async fn find_any_transactions(&self, ids: Vec<Uuid>) -> Result<Vec<TransactionRecord>, Error> {
        Ok(self.store.find_any_transactions(ids).await?)
    }
}

fn unknown_transaction(id: Uuid) -> Error {
    Error::not_found(format!("no transaction {id}"))
}
