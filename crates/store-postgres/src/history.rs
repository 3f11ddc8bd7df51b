//! A company's history, everything it sent or received (`GET /v2/all-transactions`): a page's
//! keys merged from ordered runs of the history's indexes (migration 0016), then their rows.

use deadpool_postgres::GenericClient;
use switchyard_network::history::Facet;
use switchyard_network::model::TransactionRecord;
use switchyard_network::store::{AllQuery, StoreError};
use switchyard_network::{Listed, Timestamp};
use uuid::Uuid;

use crate::conditions::Conditions;
use crate::listing::{SETTLED, page};
use crate::rows::{LISTED_COLUMNS, TRANSACTION_TABLES};

/// Both sides of a history without a type, flow or status filter, each in creation order.
/// A company never sends to itself, so the two sides never hold the same transaction.
const BY_TIME: [&str; 2] = [
    "(SELECT created_at, id FROM transactions WHERE sender_id = $1 AND created_at >= $2 AND created_at < $3
     AND (created_at, id) > ($4, $5) ORDER BY created_at, id LIMIT $6)",
    "(SELECT created_at, id FROM transactions WHERE receiver_id = $1 AND delivered AND created_at >= $2
     AND created_at < $3 AND (created_at, id) > ($4, $5) ORDER BY created_at, id LIMIT $6)",
];

/// The run of one facet on one side: `$T`, `$F` and `$S` name its type, flow and status.
const SENT_FACET: &str = "(SELECT created_at, transaction_id AS id FROM transaction_states WHERE sender_id = $1
     AND document_type = $T AND flow = $F AND status = $S AND created_at >= $2 AND created_at < $3
     AND (created_at, transaction_id) > ($4, $5) ORDER BY created_at, transaction_id LIMIT $6)";
const RECEIVED_FACET: &str = "(SELECT created_at, transaction_id AS id FROM transaction_states WHERE delivered_to = $1
     AND document_type = $T AND flow = $F AND status = $S AND created_at >= $2 AND created_at < $3
     AND (created_at, transaction_id) > ($4, $5) ORDER BY created_at, transaction_id LIMIT $6)";

pub(crate) async fn all(db: &impl GenericClient, query: &AllQuery) -> Result<Listed<TransactionRecord>, StoreError> {
    let mut conditions = shared_parameters(query);
    let runs = match query.facets() {
        None => BY_TIME.map(str::to_owned).to_vec(),
        Some(facets) => facets.iter().flat_map(|facet| facet_runs(*facet, &mut conditions)).collect(),
    };
    if runs.is_empty() {
        return Ok(Listed { rows: Vec::new(), more: false });
    }
    // Each run orders and limits itself: PostgreSQL plans the arms of a UNION ALL that have
    // WHERE clauses as subqueries of their own, and merges them (a Merge Append stopped at the
    // limit) only when each arrives in order; without, it read and sorted the whole history.
    let sql = format!(
        "SELECT {LISTED_COLUMNS}, {SETTLED} FROM (SELECT * FROM ({}) u ORDER BY created_at, id LIMIT $6) k
         CROSS JOIN {TRANSACTION_TABLES} WHERE t.id = k.id ORDER BY k.created_at, k.id",
        runs.join(" UNION ALL ")
    );
    page(db, &sql, &conditions, query.budget).await
}

/// The parameters every run shares: $1 the company, $2 and $3 the creation bounds, $4 and $5
/// the cursor, $6 the rows to read. A bound not asked for is the widest, so that a query's text depends only on the
/// number of runs it merges and each connection prepares it once.
fn shared_parameters(query: &AllQuery) -> Conditions {
    let after = query.after.map_or((Timestamp::MIN, Uuid::nil()), |cursor| (cursor.created_at, cursor.id));
    let mut conditions = Conditions::default();
    conditions.values.push(Box::new(query.company_id));
    conditions.values.push(Box::new(query.created_from.unwrap_or(Timestamp::MIN)));
    conditions.values.push(Box::new(query.created_until.unwrap_or(Timestamp::MAX)));
    conditions.values.push(Box::new(after.0));
    conditions.values.push(Box::new(after.1));
    conditions.values.push(Box::new(i64::try_from(query.budget.rows_to_read()).unwrap_or(i64::MAX)));
    conditions
}

/// Both sides' runs of `facet`, its values appended to `conditions`.
fn facet_runs(facet: Facet, conditions: &mut Conditions) -> [String; 2] {
    let first = conditions.values.len() + 1;
    for name in [facet.kind.as_str(), facet.flow.as_str(), facet.status.as_str()] {
        conditions.values.push(Box::new(name));
    }
    [SENT_FACET, RECEIVED_FACET].map(|run| {
        run.replace("$T", &format!("${first}"))
            .replace("$F", &format!("${}", first + 1))
            .replace("$S", &format!("${}", first + 2))
    })
}
