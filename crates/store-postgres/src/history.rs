//! A company's history, everything it sent or received (`GET /v2/all-transactions`): a page's
//! keys merged from ordered runs of the history's indexes (migration 0016), then their rows.
//! The portal's finding ([`crate::finding`]) reads the same runs the other way round.

use deadpool_postgres::GenericClient;
use switchyard_network::finding::Side;
use switchyard_network::history::Facet;
use switchyard_network::model::TransactionRecord;
use switchyard_network::store::{AllQuery, StoreError};
use switchyard_network::{Cursor, Listed, Timestamp};
use uuid::Uuid;

use crate::conditions::Conditions;
use crate::listing::{SETTLED, page};
use crate::rows::{LISTED_COLUMNS, TRANSACTION_TABLES};

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
        (Side::Sent, None) => "sender_id = $1".to_owned(),
        (Side::Received, None) => "receiver_id = $1 AND delivered".to_owned(),
        (Side::Sent, Some(partner)) => format!("sender_id = $1 AND receiver_id = ${partner}"),
        (Side::Received, Some(partner)) => format!("receiver_id = $1 AND sender_id = ${partner} AND delivered"),
    };
    format!(
        "(SELECT created_at, id FROM transactions WHERE {company} AND created_at >= $2 AND created_at < $3
         AND (created_at, id) {} ($4, $5) {} LIMIT $6)",
        order.beyond(),
        order.by("created_at", "id")
    )
}

/// The company's side of a facet's run, within the partner whose id is parameter `partner`
/// (the partner indexes of migration 0018), if any.
fn facet_company(side: Side, partner: Option<usize>) -> String {
    match (side, partner) {
        (Side::Sent, None) => "sender_id = $1".to_owned(),
        (Side::Received, None) => "delivered_to = $1".to_owned(),
        (Side::Sent, Some(partner)) => format!("sender_id = $1 AND receiver_id = ${partner}"),
        (Side::Received, Some(partner)) => format!("delivered_to = $1 AND sender_id = ${partner}"),
    }
}

/// The run of one facet on one side, its values appended to `conditions`.
pub(crate) fn facet_run(
    side: Side,
    partner: Option<usize>,
    facet: Facet,
    conditions: &mut Conditions,
    order: Order,
) -> String {
    let company = facet_company(side, partner);
    let first = conditions.values.len() + 1;
    for name in [facet.kind.as_str(), facet.flow.as_str(), facet.status.as_str()] {
        conditions.values.push(Box::new(name));
    }
    format!(
        "(SELECT created_at, transaction_id AS id FROM transaction_states WHERE {company}
         AND document_type = ${first} AND flow = ${} AND status = ${} AND created_at >= $2 AND created_at < $3
         AND (created_at, transaction_id) {} ($4, $5) {} LIMIT $6)",
        first + 1,
        first + 2,
        order.beyond(),
        order.by("created_at", "transaction_id")
    )
}

pub(crate) async fn all(db: &impl GenericClient, query: &AllQuery) -> Result<Listed<TransactionRecord>, StoreError> {
    let order = Order::OldestFirst;
    let limit = query.budget.rows_to_read();
    let mut conditions =
        shared_parameters(query.company_id, (query.created_from, query.created_until), query.after, order, limit);
    let runs: Vec<String> = match query.facets() {
        None => Side::BOTH.map(|side| time_run(side, None, order)).to_vec(),
        Some(facets) => facets
            .iter()
            .flat_map(|facet| Side::BOTH.map(|side| facet_run(side, None, *facet, &mut conditions, order)))
            .collect(),
    };
    if runs.is_empty() {
        return Ok(Listed { rows: Vec::new(), more: false });
    }
    let sql = merged(&runs, order, &format!(", {SETTLED}"));
    page(db, &sql, &conditions, query.budget).await
}

/// The rows of the first `$6` keys of `runs` merged in `order`, with `extra` columns. Each run
/// orders and limits itself: PostgreSQL plans the arms of a UNION ALL that have WHERE clauses
/// as subqueries of their own, and merges them (a Merge Append stopped at the limit) only when
/// each arrives in order; without, it read and sorted the whole history.
pub(crate) fn merged(runs: &[String], order: Order, extra: &str) -> String {
    format!(
        "SELECT {LISTED_COLUMNS}{extra} FROM (SELECT * FROM ({}) u {} LIMIT $6) k
         CROSS JOIN {TRANSACTION_TABLES} WHERE t.id = k.id {}",
        runs.join(" UNION ALL "),
        order.by("created_at", "id"),
        order.by("k.created_at", "k.id"),
    )
}

/// The parameters every run shares: $1 the company, $2 and $3 the creation bounds, $4 and $5
/// the cursor, $6 the rows to read. A bound not asked for is the widest, so that a query's text
/// depends only on the number of runs it merges and each connection prepares it once.
pub(crate) fn shared_parameters(
    company_id: Uuid,
    (created_from, created_until): (Option<Timestamp>, Option<Timestamp>),
    cursor: Option<Cursor>,
    order: Order,
    limit: usize,
) -> Conditions {
    let cursor = match (cursor, order) {
        (Some(cursor), _) => (cursor.created_at, cursor.id),
        (None, Order::OldestFirst) => (Timestamp::MIN, Uuid::nil()),
        (None, Order::NewestFirst) => (Timestamp::MAX, Uuid::nil()),
    };
    let mut conditions = Conditions::default();
    conditions.values.push(Box::new(company_id));
    conditions.values.push(Box::new(created_from.unwrap_or(Timestamp::MIN)));
    conditions.values.push(Box::new(created_until.unwrap_or(Timestamp::MAX)));
    conditions.values.push(Box::new(cursor.0));
    conditions.values.push(Box::new(cursor.1));
    conditions.values.push(Box::new(i64::try_from(limit).unwrap_or(i64::MAX)));
    conditions
}
