//! The story of a transaction: every event of it, from the send to the last report on it.

use uuid::Uuid;

use crate::model::{Caller, Event, TransactionRecord};
use crate::{Error, Hub};

impl Hub {
    /// A transaction the caller sent or received, with its events in order.
    pub async fn transaction_story(&self, caller: Caller, id: Uuid) -> Result<(TransactionRecord, Vec<Event>), Error> {
        let transaction = self.show_transaction(caller, id).await?;
        let events = self.store.transaction_events(id).await?;
        Ok((transaction, events))
    }

    /// Any transaction with its events, for operators.
    pub async fn any_transaction_story(&self, id: Uuid) -> Result<(TransactionRecord, Vec<Event>), Error> {
        let transaction = self.find_any_transaction(id).await?;
        let events = self.store.transaction_events(id).await?;
        Ok((transaction, events))
    }
}
