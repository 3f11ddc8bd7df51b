//! A company's history, everything it sent or received (`GET /v2/all-transactions`): a page's
//! keys merged from ordered runs of the history's indexes (migration 0016), then their rows.
//! The portal's finding ([`crate::finding`]) reads the same runs the other way round.

use rusqlite::Connection;
use rusqlite::types::Value;
use switchyard_network::finding::Side;
use switchyard_network::history::Facet;
use switchyard_network::model::TransactionRecord;
use switchyard_network::store::{AllQuery, StoreError};
use switchyard_network::{Cursor, Listed, Timestamp};
use uuid::Uuid;

use crate::conditions::limit_clause;
use crate::listing::page;
use crate::rows::{LISTED_COLUMNS, TRANSACTION_TABLES, uuid_text};

/// Which way a listing reads: the API's oldest first, the portal's newest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Order {
    OldestFirst,
    NewestFirst,
}

impl Order {
    /// The comparison that keeps the keys past the cursor.
    fn beyond(self) -> &'static str {
        match self {
            Order::OldestFirst => ">",
            Order::NewestFirst => "<",
        }
    }

    /// `ORDER BY` on the creation time and then the id, this way.
    pub(crate) fn by(self, created_at: &str, id: &str) -> String {
        match self {
            Order::OldestFirst => format!("ORDER BY {created_at}, {id}"),
            Order::NewestFirst => format!("ORDER BY {created_at} DESC, {id} DESC"),
        }
    }
}

/// One side of a history without a type, flow or status filter, in creation order; with the
/// partner whose id is parameter `partner`, if any. A company never sends to itself, so the two
/// sides never hold the same transaction.
pub(crate) fn time_run(side: Side, partner: Option<usize>, order: Order) -> String {
    let company = match (side, partner) {
        (Side::Sent, None) => "sender_id = ?1".to_owned(),
        (Side::Received, None) => "receiver_id = ?1 AND delivered = 1".to_owned(),
        (Side::Sent, Some(partner)) => format!("sender_id = ?1 AND receiver_id = ?{partner}"),
        (Side::Received, Some(partner)) => format!("receiver_id = ?1 AND sender_id = ?{partner} AND delivered = 1"),
    };
    format!(
        "SELECT created_at, id FROM transactions WHERE {company} AND created_at >= ?2 AND created_at < ?3
         AND (created_at, id) {} (?4, ?5)",
        order.beyond()
    )
}

/// The company's side of a facet's run, within the partner whose id is parameter `partner`
/// (the partner indexes of migration 0018), if any.
fn facet_company(side: Side, partner: Option<usize>) -> String {
    match (side, partner) {
        (Side::Sent, None) => "sender_id = ?1".to_owned(),
        (Side::Received, None) => "delivered_to = ?1".to_owned(),
        (Side::Sent, Some(partner)) => format!("sender_id = ?1 AND receiver_id = ?{partner}"),
        (Side::Received, Some(partner)) => format!("delivered_to = ?1 AND sender_id = ?{partner}"),
    }
}

/// The run of one facet on one side, its values appended to `values`.
pub(crate) fn facet_run(
    side: Side,
    partner: Option<usize>,
    facet: Facet,
    values: &mut Vec<Value>,
    order: Order,
) -> String {
    let company = facet_company(side, partner);
    let first = values.len() + 1;
    values
        .extend([facet.kind.as_str(), facet.flow.as_str(), facet.status.as_str()].map(|name| Value::Text(name.into())));
    format!(
        "SELECT created_at, transaction_id AS id FROM transaction_states WHERE {company}
         AND document_type = ?{first} AND flow = ?{} AND status = ?{} AND created_at >= ?2 AND created_at < ?3
         AND (created_at, transaction_id) {} (?4, ?5)",
        first + 1,
        first + 2,
        order.beyond()
    )
}

pub(crate) fn all(db: &Connection, query: &AllQuery) -> Result<Listed<TransactionRecord>, StoreError> {
    let order = Order::OldestFirst;
    let mut values = shared_values(query.company_id, (query.created_from, query.created_until), query.after, order);
    let runs: Vec<String> = match query.facets() {
        None => Side::BOTH.map(|side| time_run(side, None, order)).to_vec(),
        Some(facets) => facets
            .iter()
            .flat_map(|facet| Side::BOTH.map(|side| facet_run(side, None, *facet, &mut values, order)))
            .collect(),
    };
    if runs.is_empty() {
        return Ok(Listed { rows: Vec::new(), more: false });
    }
    let sql = merged(&runs, order, query.budget.rows_to_read());
    page(db, &sql, values, query.budget)
}

/// The rows of the first `limit` keys of `runs` merged in `order`. The merge is a compound
/// SELECT ordered as its runs are, which SQLite reads as a merge of their index order and stops
/// at the limit; CROSS JOIN keeps the page's keys the outer loop.
pub(crate) fn merged(runs: &[String], order: Order, limit: usize) -> String {
    format!(
        "SELECT {LISTED_COLUMNS} FROM ({} {} {}) k CROSS JOIN {TRANSACTION_TABLES} WHERE t.id = k.id {}",
        runs.join(" UNION ALL "),
        order.by("created_at", "id"),
        limit_clause(limit),
        order.by("k.created_at", "k.id"),
    )
}

/// The parameters every run shares: ?1 the company, ?2 and ?3 the creation bounds, ?4 and ?5
/// the cursor. A bound not asked for is the widest, so that a query's text depends only on the
/// number of runs it merges and the statement cache holds it.
pub(crate) fn shared_values(
    company_id: Uuid,
    (created_from, created_until): (Option<Timestamp>, Option<Timestamp>),
    cursor: Option<Cursor>,
    order: Order,
) -> Vec<Value> {
    let (cursor_created, cursor_id) = match (cursor, order) {
        (Some(cursor), _) => (cursor.created_at, uuid_text(cursor.id)),
        (None, Order::OldestFirst) => (Timestamp::MIN, String::new()),
        (None, Order::NewestFirst) => (Timestamp::MAX, String::new()),
    };
    vec![
        Value::Text(uuid_text(company_id)),
        Value::Integer(created_from.unwrap_or(Timestamp::MIN)),
        Value::Integer(created_until.unwrap_or(Timestamp::MAX)),
        Value::Integer(cursor_created),
        Value::Text(cursor_id),
    ]
}
