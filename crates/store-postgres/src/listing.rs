//! Reading transactions: the incoming queue, everything a company sent or received, one by id.

use deadpool_postgres::GenericClient;
use switchyard_network::model::TransactionRecord;
use switchyard_network::store::{AllQuery, IncomingQuery, StoreError};
use uuid::Uuid;

use crate::conditions::Conditions;
use crate::prepared;
use crate::rows::{TRANSACTION_COLUMNS, TRANSACTION_TABLES, transaction_from_row};

fn names<T: ToString>(items: &[T]) -> Vec<String> {
    items.iter().map(ToString::to_string).collect()
}

async fn fetch(
    db: &impl GenericClient,
    sql: &str,
    conditions: &Conditions,
) -> Result<Vec<TransactionRecord>, StoreError> {
    let rows = prepared::query(db, sql, &conditions.parameters()).await?;
    rows.iter().map(transaction_from_row).collect()
}

pub(crate) async fn incoming(
    db: &impl GenericClient,
    query: &IncomingQuery,
) -> Result<Vec<TransactionRecord>, StoreError> {
    let mut conditions = Conditions::default();
    // `s.status = 'PENDING'` as written here is what lets the planner read the queue's partial index.
    conditions.push("s.delivered_to = ? AND s.status = 'PENDING'", vec![Box::new(query.company_id)]);
    conditions.push_any("s.document_type", names(&query.kinds));
    conditions.push_after("s.created_at", "s.transaction_id", query.after);
    let limit = conditions.limit(query.limit);
    let sql = format!(
        "SELECT {TRANSACTION_COLUMNS} FROM {TRANSACTION_TABLES} WHERE {} ORDER BY s.created_at, s.transaction_id {limit}",
        conditions.sql()
    );
    fetch(db, &sql, &conditions).await
}

pub(crate) async fn all(db: &impl GenericClient, query: &AllQuery) -> Result<Vec<TransactionRecord>, StoreError> {
    let mut conditions = Conditions::default();
    conditions.push(
        "(t.sender_id = ? OR (t.receiver_id = ? AND t.delivered))",
        vec![Box::new(query.company_id), Box::new(query.company_id)],
    );
    conditions.push_any("t.document_type", names(&query.kinds));
    conditions.push_any("t.flow", names(&query.flows));
    conditions.push_any("s.status", names(&query.statuses));
    if let Some(from) = query.created_from {
        conditions.push("t.created_at >= ?", vec![Box::new(from)]);
    }
    if let Some(until) = query.created_until {
        conditions.push("t.created_at < ?", vec![Box::new(until)]);
    }
    conditions.push_after("t.created_at", "t.id", query.after);
    let limit = conditions.limit(query.limit);
    let sql = format!(
        "SELECT {TRANSACTION_COLUMNS} FROM {TRANSACTION_TABLES} WHERE {} ORDER BY t.created_at, t.id {limit}",
        conditions.sql()
    );
    fetch(db, &sql, &conditions).await
}

/// `company_id` of `None` finds any transaction (for operators).
pub(crate) async fn one(
    db: &impl GenericClient,
    company_id: Option<Uuid>,
    id: Uuid,
) -> Result<Option<TransactionRecord>, StoreError> {
    let base = format!("SELECT {TRANSACTION_COLUMNS} FROM {TRANSACTION_TABLES} WHERE t.id = $1");
    let row = match company_id {
        Some(company) => {
            let sql = format!("{base} AND (t.sender_id = $2 OR (t.receiver_id = $2 AND t.delivered))");
            prepared::query_opt(db, &sql, &[&id, &company]).await
        }
        None => prepared::query_opt(db, &base, &[&id]).await,
    };
    row?.as_ref().map(transaction_from_row).transpose()
}
