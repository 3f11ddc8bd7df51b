//! Which of a company's documents the portal finds: the history's filters (type, flow, status,
//! creation time), the side the company is on, the partner and a business number, newest first;
//! and which index a store reads for them.
//!
//! A number search reads the two number indexes and keeps the company's few matches, checking
//! the other filters on them. Otherwise the history's runs ([`crate::history`]) are read: those
//! of the company's history, or of its history with one partner; without a type, flow or status
//! filter, by time.

use uuid::Uuid;

use crate::Cursor;
use crate::history::{Facet, HistoryFilter, facets};

/// Which side of its documents a company looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// What the company sent.
    Sent,
    /// What was delivered to it.
    Received,
}

impl Side {
    pub const BOTH: [Side; 2] = [Side::Sent, Side::Received];
}

/// Which of a company's transactions to find; an empty list admits every value.
#[derive(Clone, Debug, Default)]
pub struct FindQuery {
    pub company_id: Uuid,
    /// The history's filters: type, flow, status, creation time.
    pub filter: HistoryFilter,
    /// One side only; both when `None`.
    pub side: Option<Side>,
    /// The other company of the transaction.
    pub partner_id: Option<Uuid>,
    /// A business number, matching a document's own number or the order number it names.
    pub number: Option<String>,
    /// Only transactions older than this one (the last of the page before).
    pub before: Option<Cursor>,
    pub limit: usize,
}

/// What a store reads first for a [`FindQuery`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lookup<'a> {
    /// The documents whose own number or order number is this one.
    Number(&'a str),
    /// The runs of these combinations of type, flow and status, with the partner if one is
    /// asked for.
    Facets(Option<Uuid>, Vec<Facet>),
    /// Everything, or everything with the partner, by time.
    Time(Option<Uuid>),
}

impl FindQuery {
    /// The sides to read.
    pub fn sides(&self) -> Vec<Side> {
        match self.side {
            Some(side) => vec![side],
            None => Side::BOTH.to_vec(),
        }
    }

    /// The most selective index the filters allow.
    pub fn lookup(&self) -> Lookup<'_> {
        if let Some(number) = self.number.as_deref() {
            return Lookup::Number(number);
        }
        let filter = &self.filter;
        match facets(&filter.kinds, &filter.flows, &filter.statuses) {
            Some(facets) => Lookup::Facets(self.partner_id, facets),
            None => Lookup::Time(self.partner_id),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_is_looked_up_before_the_runs_of_the_facets_with_or_without_the_partner() {
        let partner = Uuid::from_u128(7);
        let mut query = FindQuery {
            number: Some("PO-1".into()),
            partner_id: Some(partner),
            filter: HistoryFilter { statuses: vec![crate::model::Status::Failed], ..HistoryFilter::default() },
            ..FindQuery::default()
        };
        assert_eq!(query.lookup(), Lookup::Number("PO-1"));
        query.number = None;
        assert!(matches!(query.lookup(), Lookup::Facets(Some(p), facets) if p == partner && facets.len() == 24));
        query.partner_id = None;
        assert!(matches!(query.lookup(), Lookup::Facets(None, facets) if facets.len() == 24));
        query.filter.statuses.clear();
        assert_eq!(query.lookup(), Lookup::Time(None));
        assert_eq!(query.sides(), Side::BOTH.to_vec());
    }
}
