//! A company's transactions and errors as an operator reads them, with no user or token of
//! the company: for `switchyard export`, `transaction list` and `error list`.

use uuid::Uuid;

use crate::history::HistoryFilter;
use crate::model::{ListedError, TransactionRecord};
use crate::store::{AllQuery, ErrorQuery};
use crate::{Cursor, Error, Hub, Page, PageBudget};

impl Hub {
    /// A page of the company's transactions in both directions, oldest first.
    pub async fn company_transactions(
        &self,
        company_id: Uuid,
        filter: HistoryFilter,
        after: Option<Cursor>,
        budget: PageBudget,
    ) -> Result<Page<TransactionRecord>, Error> {
        let query = AllQuery {
            company_id,
            kinds: filter.kinds,
            flows: filter.flows,
            statuses: filter.statuses,
            created_from: filter.created_from,
            created_until: filter.created_until,
            after,
            budget,
        };
        let listed = self.store.list_all(query).await?;
        Ok(Page::from_listed(listed, |row| Cursor { created_at: row.created_at, id: row.id }))
    }

    /// A page of the company's errors, open ones first, then newest first.
    pub async fn company_errors(&self, query: ErrorQuery) -> Result<Vec<ListedError>, Error> {
        Ok(self.store.list_errors(query).await?)
    }
}
