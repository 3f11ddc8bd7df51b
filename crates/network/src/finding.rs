//! Which of a company's documents the portal finds: the history's filters (type, flow, status,
//! creation time), the side the company is on, the partner and a business number, newest first;
//! and which index a store reads for them.
//!
//! A number search reads the two number indexes and keeps the company's few matches; a partner
//! filter reads the partner's run of each side by time; otherwise the history's runs
//! ([`crate::history`]) are read. The other filters are checked on the rows those runs give.

use switchyard_documents::DocumentType;
use uuid::Uuid;

use crate::history::{Facet, facets};
use crate::model::{Flow, Status};
use crate::{Cursor, Timestamp};

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
    pub kinds: Vec<DocumentType>,
    pub flows: Vec<Flow>,
    pub statuses: Vec<Status>,
    /// Inclusive lower bound of the creation time.
    pub created_from: Option<Timestamp>,
    /// Exclusive upper bound of the creation time.
    pub created_until: Option<Timestamp>,
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
    /// The documents exchanged with this partner, by time.
    Partner(Uuid),
    /// The runs of these combinations of type, flow and status.
    Facets(Vec<Facet>),
    /// Everything, by time.
    Time,
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
        if let Some(partner) = self.partner_id {
            return Lookup::Partner(partner);
        }
        match facets(&self.kinds, &self.flows, &self.statuses) {
            Some(facets) => Lookup::Facets(facets),
            None => Lookup::Time,
        }
    }

    /// Whether the type, flow and status filters must be checked on the rows a lookup gives
    /// (the facets' runs hold them already).
    pub fn checks_rows(&self) -> bool {
        matches!(self.lookup(), Lookup::Number(_) | Lookup::Partner(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_is_looked_up_before_a_partner_and_a_partner_before_the_facets() {
        let partner = Uuid::from_u128(7);
        let mut query = FindQuery {
            number: Some("PO-1".into()),
            partner_id: Some(partner),
            statuses: vec![Status::Failed],
            ..FindQuery::default()
        };
        assert_eq!(query.lookup(), Lookup::Number("PO-1"));
        query.number = None;
        assert_eq!(query.lookup(), Lookup::Partner(partner));
        assert!(query.checks_rows());
        query.partner_id = None;
        assert!(matches!(query.lookup(), Lookup::Facets(facets) if facets.len() == 24));
        assert!(!query.checks_rows());
        query.statuses.clear();
        assert_eq!(query.lookup(), Lookup::Time);
        assert_eq!(query.sides(), Side::BOTH.to_vec());
    }
}
