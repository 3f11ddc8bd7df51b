//! A company's history, everything it sent or received (`GET /v2/all-transactions`): a page's
//! keys merged from ordered runs of the history's indexes (migration 0016), then their rows.

use rusqlite::Connection;
use rusqlite::types::Value;
use switchyard_network::history::Facet;
use switchyard_network::model::TransactionRecord;
use switchyard_network::store::{AllQuery, StoreError};
use switchyard_network::{Listed, Timestamp};

use crate::conditions::limit_clause;
use crate::listing::page;
use crate::rows::{LISTED_COLUMNS, TRANSACTION_TABLES, uuid_text};

/// Both sides of a history without a type, flow or status filter, each in creation order.
/// A company never sends to itself, so the two never hold the same transaction.
const BY_TIME: [&str; 2] = [
    "SELECT created_at, id FROM transactions WHERE sender_id = ?1 AND created_at >= ?2 AND created_at < ?3
     AND (created_at, id) > (?4, ?5)",
    "SELECT created_at, id FROM transactions WHERE receiver_id = ?1 AND delivered = 1 AND created_at >= ?2
     AND created_at < ?3 AND (created_at, id) > (?4, ?5)",
];

/// The run of one facet on one side: `?T`, `?F` and `?S` name its type, flow and status.
const SENT_FACET: &str = "SELECT created_at, transaction_id AS id FROM transaction_states WHERE sender_id = ?1
     AND document_type = ?T AND flow = ?F AND status = ?S AND created_at >= ?2 AND created_at < ?3
     AND (created_at, transaction_id) > (?4, ?5)";
const RECEIVED_FACET: &str = "SELECT created_at, transaction_id AS id FROM transaction_states WHERE delivered_to = ?1
     AND document_type = ?T AND flow = ?F AND status = ?S AND created_at >= ?2 AND created_at < ?3
     AND (created_at, transaction_id) > (?4, ?5)";

pub(crate) fn all(db: &Connection, query: &AllQuery) -> Result<Listed<TransactionRecord>, StoreError> {
    let mut values = shared_values(query);
    let runs = match query.facets() {
        None => BY_TIME.map(str::to_owned).to_vec(),
        Some(facets) => facets.iter().flat_map(|facet| facet_runs(*facet, &mut values)).collect(),
    };
    if runs.is_empty() {
        return Ok(Listed { rows: Vec::new(), more: false });
    }
    // The merge is a compound SELECT ordered as its runs are, which SQLite reads as a merge of
    // their index order and stops at the limit; CROSS JOIN keeps the page's keys the outer loop.
    let sql = format!(
        "SELECT {LISTED_COLUMNS} FROM ({} ORDER BY created_at, id {}) k CROSS JOIN {TRANSACTION_TABLES}
         WHERE t.id = k.id ORDER BY k.created_at, k.id",
        runs.join(" UNION ALL "),
        limit_clause(query.budget.rows_to_read())
    );
    page(db, &sql, values, query.budget)
}

/// The parameters every run shares: ?1 the company, ?2 and ?3 the creation bounds, ?4 and ?5
/// the cursor. A bound not asked for is the widest, so that a query's text depends only on the
/// number of runs it merges and the statement cache holds it.
fn shared_values(query: &AllQuery) -> Vec<Value> {
    let (after_created, after_id) = match query.after {
        Some(cursor) => (cursor.created_at, uuid_text(cursor.id)),
        None => (Timestamp::MIN, String::new()),
    };
    vec![
        Value::Text(uuid_text(query.company_id)),
        Value::Integer(query.created_from.unwrap_or(Timestamp::MIN)),
        Value::Integer(query.created_until.unwrap_or(Timestamp::MAX)),
        Value::Integer(after_created),
        Value::Text(after_id),
    ]
}

/// Both sides' runs of `facet`, its values appended to `values`.
fn facet_runs(facet: Facet, values: &mut Vec<Value>) -> [String; 2] {
    let first = values.len() + 1;
    values
        .extend([facet.kind.as_str(), facet.flow.as_str(), facet.status.as_str()].map(|name| Value::Text(name.into())));
    [SENT_FACET, RECEIVED_FACET].map(|run| {
        run.replace("?T", &format!("?{first}"))
            .replace("?F", &format!("?{}", first + 1))
            .replace("?S", &format!("?{}", first + 2))
    })
}
