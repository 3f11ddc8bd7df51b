//! Reading transactions: the incoming queue, one by id, and a page of either with its contents.
//! The lists stop at the watermark of sends in flight.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use deadpool_postgres::GenericClient;
use switchyard_network::model::TransactionRecord;
use switchyard_network::store::{IncomingQuery, StoreError};
use switchyard_network::{Listed, PageBudget};
use tokio_postgres::Row;
use uuid::Uuid;

use crate::conditions::Conditions;
use crate::prepared;
use crate::rows::{
    CONTENT_COLUMN, LISTED_COLUMNS, TRANSACTION_COLUMNS, TRANSACTION_TABLES, get, record_from_row, transaction_from_row,
};

fn names<T: ToString>(items: &[T]) -> Vec<String> {
    items.iter().map(ToString::to_string).collect()
}

/// Whether a row was written before the oldest transaction still running began (see
/// migration 0009): only such rows are sure to have no earlier sibling yet to commit.
pub(crate) const SETTLED: &str = "s.written_in < (SELECT pg_snapshot_xmin(pg_current_snapshot())), s.written_in::text";

/// How long a reader waits for the sends in flight before a page to commit.
const SETTLING: Duration = Duration::from_millis(250);

/// The page `sql` lists (its rows in [`LISTED_COLUMNS`], at most `budget.rows_to_read()`), as
/// many as fit the budget, with their contents read after: a row past the page has its size
/// read, never its content.
pub(crate) async fn page(
    db: &impl GenericClient,
    sql: &str,
    conditions: &Conditions,
    budget: PageBudget,
) -> Result<Listed<TransactionRecord>, StoreError> {
    let rows = settled_rows(db, sql, conditions).await?;
    let sizes = rows.iter().map(|row| get::<i32>(row, CONTENT_COLUMN)).collect::<Result<Vec<_>, _>>()?;
    let filled = budget.fill(sizes.into_iter().map(|size| usize::try_from(size).unwrap_or(0)));
    let mut records = rows[..filled.count].iter().map(record_from_row).collect::<Result<Vec<_>, _>>()?;
    read_contents(db, &mut records).await?;
    Ok(Listed { rows: records, more: filled.more })
}

async fn read_contents(db: &impl GenericClient, records: &mut [TransactionRecord]) -> Result<(), StoreError> {
    if records.is_empty() {
        return Ok(());
    }
    let ids: Vec<Uuid> = records.iter().map(|record| record.id).collect();
    let sql = "SELECT transaction_id, content FROM contents WHERE transaction_id = ANY($1)";
    let mut contents = HashMap::with_capacity(ids.len());
    for row in prepared::query(db, sql, &[&ids]).await? {
        contents.insert(get::<Uuid>(&row, 0)?, get::<String>(&row, 1)?);
    }
    for record in records {
        let content = contents.remove(&record.id);
        record.content = content.ok_or_else(|| StoreError::Other(format!("no content for {}", record.id)))?.into();
    }
    Ok(())
}

/// The rows `sql` selects, up to the first that is not yet settled. A page that reaches past
/// the watermark waits for the sends still in flight, so that a cursor taken from it cannot
/// skip one that commits later with an earlier creation time; after [`SETTLING`] the page ends
/// before the first such row.
async fn settled_rows(db: &impl GenericClient, sql: &str, conditions: &Conditions) -> Result<Vec<Row>, StoreError> {
    let deadline = Instant::now() + SETTLING;
    loop {
        let mut rows = prepared::query(db, sql, &conditions.parameters()).await?;
        let settled = rows.iter().map(|row| get::<bool>(row, SETTLED_COLUMN)).collect::<Result<Vec<_>, _>>()?;
        let Some(first_unsettled) = settled.iter().position(|settled| !settled) else {
            return Ok(rows);
        };
        if Instant::now() >= deadline {
            rows.truncate(first_unsettled);
            return Ok(rows);
        }
        wait_for_watermark(db, &newest_writer(&rows)?, deadline).await?;
    }
}

/// Index of the `SETTLED` flag, after [`LISTED_COLUMNS`].
const SETTLED_COLUMN: usize = 14;

/// The highest transaction id that wrote one of `rows`.
fn newest_writer(rows: &[Row]) -> Result<String, StoreError> {
    let mut newest = 0_u64;
    for row in rows {
        let text: String = get(row, SETTLED_COLUMN + 1)?;
        newest = newest.max(text.parse().map_err(|_| StoreError::Other(format!("not a transaction id: {text}")))?);
    }
    Ok(newest.to_string())
}

/// Waits until every transaction older than `written_in` has ended, or until `deadline`.
async fn wait_for_watermark(db: &impl GenericClient, written_in: &str, deadline: Instant) -> Result<(), StoreError> {
    while Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(1)).await;
        let row =
            prepared::query_one(db, "SELECT $1::text::xid8 < pg_snapshot_xmin(pg_current_snapshot())", &[&written_in])
                .await?;
        if get::<bool>(&row, 0)? {
            break;
        }
    }
    Ok(())
}

pub(crate) async fn incoming(
    db: &impl GenericClient,
    query: &IncomingQuery,
) -> Result<Listed<TransactionRecord>, StoreError> {
    let mut conditions = Conditions::default();
    // `s.status = 'PENDING'` as written here is what lets the planner read the queue's partial index.
    conditions.push("s.delivered_to = ? AND s.status = 'PENDING'", vec![Box::new(query.company_id)]);
    // Items under a running lease are their poller's; a lease that ran out leaves its mark.
    conditions.push("(s.leased_until IS NULL OR s.leased_until <= ?)", vec![Box::new(query.at)]);
    conditions.push_any("s.document_type", names(&query.kinds));
    conditions.push_after("s.created_at", "s.transaction_id", query.after);
    let limit = conditions.limit(query.budget.rows_to_read());
    let sql = format!(
        "SELECT {LISTED_COLUMNS}, {SETTLED} FROM {TRANSACTION_TABLES} WHERE {} ORDER BY s.created_at, s.transaction_id {limit}",
        conditions.sql()
    );
    page(db, &sql, &conditions, query.budget).await
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

/// Those of `ids` that exist, in their order, in one round trip.
pub(crate) async fn each(db: &impl GenericClient, ids: &[Uuid]) -> Result<Vec<TransactionRecord>, StoreError> {
    // Each id is looked up on its own (LATERAL, kept from being merged into one join by its
    // LIMIT), so that it is found by its key whatever the plan kept for the statement: one made
    // while the tables were small joins the ids to them by reading them whole.
    let sql = format!(
        "SELECT found.* FROM unnest($1::uuid[]) WITH ORDINALITY AS asked (id, position)
         CROSS JOIN LATERAL (SELECT {TRANSACTION_COLUMNS} FROM {TRANSACTION_TABLES} WHERE t.id = asked.id LIMIT 1) found
         ORDER BY asked.position"
    );
    let rows = prepared::query(db, &sql, &[&ids]).await?;
    rows.iter().map(transaction_from_row).collect()
}
