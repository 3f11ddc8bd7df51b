//! Finding a company's documents in the portal, and one document with all that surrounds it:
//! its versions, the other documents of its order between the same two companies, the errors
//! it opened and its story. A company sees what it sent and what was delivered to it, nothing
//! else.

use std::collections::HashMap;

use uuid::Uuid;

use crate::finding::{FindQuery, Side};
use crate::history::HistoryFilter;
use crate::model::{ErrorRecord, Event, EventKind, TransactionRecord};
use crate::{Cursor, Error, Hub};

/// A page of found documents, newest first.
#[derive(Clone, Debug)]
pub struct Found {
    pub rows: Vec<TransactionRecord>,
    /// Where the next (older) page starts, if there is one.
    pub next: Option<Cursor>,
}

/// One document as a company of it sees it.
#[derive(Clone, Debug)]
pub struct Dossier {
    pub transaction: TransactionRecord,
    /// Whether the company sent it (else it received it).
    pub side: Side,
    /// The names of the sender and the receiver.
    pub sender: String,
    pub receiver: String,
    /// Every version of its chain the company sees, oldest first; the document alone when it has
    /// no number.
    pub versions: Vec<TransactionRecord>,
    /// The latest versions of the other documents of its order between the same two companies,
    /// oldest first.
    pub linked: Vec<TransactionRecord>,
    /// The errors its story tells were opened about it, in order.
    pub errors: Vec<ErrorRecord>,
    pub story: Vec<Event>,
}

/// The most versions or linked documents a page shows; a chain or an order is rarely longer.
const AROUND_AT_MOST: usize = 200;

impl Hub {
    /// A page of the company's documents that `query` finds, newest first.
    pub async fn find_transactions(&self, query: FindQuery) -> Result<Found, Error> {
        let limit = query.limit;
        let mut rows = self.store.find_transactions(FindQuery { limit: limit + 1, ..query }).await?;
        let next = if rows.len() > limit {
            rows.truncate(limit);
            rows.last().map(|last| Cursor { created_at: last.created_at, id: last.id })
        } else {
            None
        };
        Ok(Found { rows, next })
    }

    /// The document `id` as `company_id` sees it; `None` for one it neither sent nor received.
    pub async fn dossier(&self, company_id: Uuid, id: Uuid) -> Result<Option<Dossier>, Error> {
        let Some(transaction) = self.store.find_transaction(company_id, id).await? else { return Ok(None) };
        let side = if transaction.sender_id == company_id { Side::Sent } else { Side::Received };
        let partner_id = if side == Side::Sent { transaction.receiver_id } else { transaction.sender_id };
        let names = self.company_names().await?;
        let name = |id: Uuid| names.get(&id).cloned().unwrap_or_default();
        let story = self.story_seen_by(company_id, id).await?;
        Ok(Some(Dossier {
            side,
            sender: name(transaction.sender_id),
            receiver: name(transaction.receiver_id),
            versions: self.versions(company_id, partner_id, &transaction).await?,
            linked: self.linked(company_id, partner_id, &transaction).await?,
            errors: self.errors_told(&story).await?,
            story,
            transaction,
        }))
    }

    /// The document `id` with its content, if `company_id` sent or received it.
    pub async fn find_own_transaction(&self, company_id: Uuid, id: Uuid) -> Result<Option<TransactionRecord>, Error> {
        Ok(self.store.find_transaction(company_id, id).await?)
    }

    /// Every company's name by id (the network's list of companies is small).
    pub async fn company_names(&self) -> Result<HashMap<Uuid, String>, Error> {
        Ok(self.list_companies().await?.into_iter().map(|company| (company.id, company.name)).collect())
    }

    async fn versions(
        &self,
        company_id: Uuid,
        partner_id: Uuid,
        transaction: &TransactionRecord,
    ) -> Result<Vec<TransactionRecord>, Error> {
        let Some(number) = transaction.business_number.clone() else { return Ok(vec![transaction.clone()]) };
        let query = FindQuery {
            company_id,
            partner_id: Some(partner_id),
            filter: HistoryFilter { kinds: vec![transaction.kind], ..HistoryFilter::default() },
            number: Some(number.clone()),
            limit: AROUND_AT_MOST,
            ..FindQuery::default()
        };
        let mut versions = self.store.find_transactions(query).await?;
        versions.retain(|other| {
            other.business_number.as_ref() == Some(&number) && other.sender_id == transaction.sender_id
        });
        versions.reverse();
        Ok(versions)
    }

    async fn linked(
        &self,
        company_id: Uuid,
        partner_id: Uuid,
        transaction: &TransactionRecord,
    ) -> Result<Vec<TransactionRecord>, Error> {
        let Some(order) = transaction.order_number.clone() else { return Ok(Vec::new()) };
        let query = FindQuery {
            company_id,
            partner_id: Some(partner_id),
            number: Some(order.clone()),
            limit: AROUND_AT_MOST,
            ..FindQuery::default()
        };
        let mut linked = self.store.find_transactions(query).await?;
        linked.retain(|other| {
            other.order_number.as_ref() == Some(&order)
                && other.is_latest_version()
                && !(other.kind == transaction.kind
                    && other.sender_id == transaction.sender_id
                    && other.business_number == transaction.business_number)
        });
        linked.reverse();
        Ok(linked)
    }

    /// The errors whose opening the story tells.
    async fn errors_told(&self, story: &[Event]) -> Result<Vec<ErrorRecord>, Error> {
        let mut errors = Vec::new();
        for event in story.iter().filter(|event| event.kind == EventKind::ErrorOpened) {
            let id = event.detail.as_ref().and_then(|detail| detail.get("errorId")?.as_str()?.parse::<Uuid>().ok());
            if let Some(error) = match id {
                Some(id) => self.store.find_error(id).await?,
                None => None,
            } {
                errors.push(error);
            }
        }
        Ok(errors)
    }
}
