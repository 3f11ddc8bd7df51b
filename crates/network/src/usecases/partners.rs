//! The companies a company trades with, as its people see them: per document type and
//! direction the relationship's state, what went each way in the last 30 days (counted at most
//! once every five minutes), and who of the company is told of errors with that partner when it
//! differs from the default.

use std::collections::BTreeMap;

use switchyard_documents::DocumentType;
use uuid::Uuid;

use crate::finding::Side;
use crate::model::{Relationship, RelationshipState};
use crate::store::PartnerCount;
use crate::{Error, Hub};

const DAYS: i64 = 30;
const MICROS_A_DAY: i64 = 86_400_000_000;
/// How long a company's counts are shown before they are counted again (microseconds).
pub const COUNTS_KEPT_FOR: i64 = 5 * 60_000_000;

/// One document type with one partner.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartnerKind {
    pub kind: DocumentType,
    /// The state of the relationship this company sends through; `None` without one.
    pub outgoing: Option<RelationshipState>,
    /// The state of the relationship the partner sends through.
    pub incoming: Option<RelationshipState>,
    /// Documents of the last 30 days, each way.
    pub sent: u64,
    pub received: u64,
}

#[derive(Clone, Debug)]
pub struct PartnerView {
    pub id: Uuid,
    pub name: String,
    /// The types with a relationship either way, in the types' order.
    pub kinds: Vec<PartnerKind>,
    /// Who of the company is told of errors about each type with this partner, where a rule
    /// for this partner replaces the company's default.
    pub responsible: Vec<(DocumentType, Vec<String>)>,
}

impl Hub {
    /// The partners of `company_id`, by name.
    pub async fn partners(&self, company_id: Uuid) -> Result<Vec<PartnerView>, Error> {
        let relationships = self.store.list_relationships(company_id).await?;
        let partners = self.trade_partners(company_id).await?;
        let ids: Vec<Uuid> = partners.iter().map(|(id, _)| *id).collect();
        let counts = self.partner_counts(company_id, ids).await?;
        let users = self.store.list_users(Some(company_id)).await?;
        let rules = self.store.list_responsibilities(company_id).await?;
        let mut views = Vec::with_capacity(partners.len());
        for (id, name) in partners {
            let mut kinds: BTreeMap<usize, PartnerKind> = BTreeMap::new();
            for relationship in relationships.iter().filter(|relationship| involves(relationship, id)) {
                let entry = kinds.entry(type_order(relationship.kind)).or_insert_with(|| empty(relationship.kind));
                if relationship.sender_id == company_id {
                    entry.outgoing = Some(relationship.state);
                } else {
                    entry.incoming = Some(relationship.state);
                }
            }
            for count in counts.iter().filter(|count| count.partner_id == id) {
                let entry = kinds.entry(type_order(count.kind)).or_insert_with(|| empty(count.kind));
                match count.side {
                    Side::Sent => entry.sent = count.count,
                    Side::Received => entry.received = count.count,
                }
            }
            let mut responsible: BTreeMap<usize, (DocumentType, Vec<String>)> = BTreeMap::new();
            for rule in rules.iter().filter(|rule| rule.partner_id == Some(id)) {
                let email = users.iter().find(|user| user.id == rule.user_id).map(|user| user.email.clone());
                let entry =
                    responsible.entry(type_order(rule.document_type)).or_insert((rule.document_type, Vec::new()));
                entry.1.extend(email);
            }
            views.push(PartnerView {
                id,
                name,
                kinds: kinds.into_values().collect(),
                responsible: responsible.into_values().collect(),
            });
        }
        Ok(views)
    }
}

impl Hub {
    /// The company's counts of the last 30 days by partner, counted again when the last count
    /// is older than [`COUNTS_KEPT_FOR`]: a busy company's month is hundreds of thousands of
    /// index entries (50-90 ms at 10,000 documents a day), too much for every page view.
    async fn partner_counts(&self, company_id: Uuid, partners: Vec<Uuid>) -> Result<Vec<PartnerCount>, Error> {
        let now = self.now();
        let kept = self.partner_counts.lock().ok().and_then(|counts| counts.get(&company_id).cloned());
        if let Some((_, counts)) = kept.filter(|(at, _)| now - at < COUNTS_KEPT_FOR) {
            return Ok(counts);
        }
        let counts = self.store.count_with_partners(company_id, partners, now - DAYS * MICROS_A_DAY).await?;
        if let Ok(mut kept) = self.partner_counts.lock() {
            kept.insert(company_id, (now, counts.clone()));
        }
        Ok(counts)
    }
}

fn involves(relationship: &Relationship, partner: Uuid) -> bool {
    relationship.sender_id == partner || relationship.receiver_id == partner
}

fn type_order(kind: DocumentType) -> usize {
    DocumentType::ALL.iter().position(|each| *each == kind).unwrap_or(usize::MAX)
}

fn empty(kind: DocumentType) -> PartnerKind {
    PartnerKind { kind, outgoing: None, incoming: None, sent: 0, received: 0 }
}
