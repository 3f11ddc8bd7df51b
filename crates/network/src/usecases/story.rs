//! The story of a transaction: every event of it, from the send to the last report on it.

use uuid::Uuid;

use crate::model::{Caller, Event, TransactionRecord};
use crate::{Error, Hub};

impl Hub {
    /// A transaction the caller sent or received, with its events in order.
    pub async fn transaction_story(&self, caller: Caller, id: Uuid) -> Result<(TransactionRecord, Vec<Event>), Error> {
        let transaction = self.show_transaction(caller, id).await?;
        let events = self.story_seen_by(caller.company_id, id).await?;
        Ok((transaction, events))
    }

    /// The events of a transaction `company_id` is a party of, as it may see them: all but the
    /// other party's private ones.
    pub(crate) async fn story_seen_by(&self, company_id: Uuid, id: Uuid) -> Result<Vec<Event>, Error> {
        let mut events = self.store.transaction_events(id).await?;
        events.retain(|event| event.seen_by(company_id));
        Ok(events)
    }

    /// Any transaction with its events, for operators.
    pub async fn any_transaction_story(&self, id: Uuid) -> Result<(TransactionRecord, Vec<Event>), Error> {
        let transaction = self.find_any_transaction(id).await?;
        let events = self.store.transaction_events(id).await?;
        Ok((transaction, events))
    }

    /// Tells in each document's story that a mail about it went to `to`, one of the company's
    /// people (after the mail left: a mail sent twice is told twice).
    pub async fn note_notified(&self, company_id: Uuid, to: &str, transaction_ids: &[Uuid]) -> Result<(), Error> {
        let at = self.now();
        let detail = serde_json::json!({ "to": to });
        let mut ids = transaction_ids.to_vec();
        ids.sort();
        ids.dedup();
        let events: Vec<_> = ids
            .into_iter()
            .map(|id| {
                crate::effects::Effect::event(
                    company_id,
                    Some(id),
                    crate::model::EventKind::Notified,
                    at,
                    Some(detail.clone()),
                )
            })
            .collect();
        if events.is_empty() {
            return Ok(());
        }
        Ok(self.store.append_events(events).await?)
    }
}
