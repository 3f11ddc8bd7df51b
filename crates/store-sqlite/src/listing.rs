//! Reading transactions: the incoming queue, one by id, and a page of either with its contents.

use rusqlite::types::Value;
use rusqlite::{Connection, params_from_iter};
use switchyard_network::model::TransactionRecord;
use switchyard_network::store::{IncomingQuery, StoreError};
use switchyard_network::{Listed, PageBudget};
use uuid::Uuid;

use crate::conditions::{Conditions, limit_clause};
use crate::content_buffer::ContentBuffer;
use crate::rows::{
    CONTENT_COLUMN, LISTED_COLUMNS, TRANSACTION_COLUMNS, TRANSACTION_TABLES, db_error, record_from_row,
    transaction_from_row, uuid_text, with_contents,
};

/// The page `sql` lists (its rows in [`LISTED_COLUMNS`], at most `budget.rows_to_read()`), the
/// contents of the rows that fit the budget read after, in the same snapshot: a row past the
/// page has its size read, never its content.
pub(crate) fn page(
    db: &Connection,
    sql: &str,
    values: Vec<Value>,
    budget: PageBudget,
) -> Result<Listed<TransactionRecord>, StoreError> {
    let snapshot = db.unchecked_transaction().map_err(db_error)?;
    let mut statement = snapshot.prepare_cached(sql).map_err(db_error)?;
    let sized: Vec<(TransactionRecord, usize)> = statement
        .query_map(params_from_iter(values), |row| Ok((record_from_row(row)?, row.get(CONTENT_COLUMN)?)))
        .map_err(db_error)?
        .collect::<Result<_, _>>()
        .map_err(db_error)?;
    let filled = budget.fill(sized.iter().map(|(_, size)| *size));
    let mut rows: Vec<TransactionRecord> = sized.into_iter().take(filled.count).map(|(record, _)| record).collect();
    read_contents(&snapshot, &mut rows)?;
    Ok(Listed { rows, more: filled.more })
}

fn read_contents(db: &Connection, records: &mut [TransactionRecord]) -> Result<(), StoreError> {
    let mut statement =
        db.prepare_cached("SELECT content FROM contents WHERE transaction_id = ?1").map_err(db_error)?;
    let mut contents = ContentBuffer::default();
    let mut places = Vec::with_capacity(records.len());
    for record in records.iter() {
        let spot = statement
            .query_row([uuid_text(record.id)], |row| Ok(contents.copy(row.get_ref(0)?.as_bytes()?)))
            .map_err(db_error)?;
        places.push(spot);
    }
    for (record, content) in records.iter_mut().zip(contents.finish(places)) {
        record.content = content;
    }
    Ok(())
}

fn fetch(db: &Connection, sql: &str, values: Vec<Value>) -> Result<Vec<TransactionRecord>, StoreError> {
    let mut statement = db.prepare_cached(sql).map_err(db_error)?;
    let mut contents = ContentBuffer::default();
    let rows = statement
        .query_map(params_from_iter(values), |row| transaction_from_row(row, &mut contents))
        .map_err(db_error)?
        .collect::<Result<_, _>>()
        .map_err(db_error)?;
    Ok(with_contents(rows, contents))
}

fn names<T: ToString>(items: &[T]) -> Vec<String> {
    items.iter().map(ToString::to_string).collect()
}

pub(crate) fn incoming(db: &Connection, query: &IncomingQuery) -> Result<Listed<TransactionRecord>, StoreError> {
    let mut conditions = Conditions::default();
    // `s.status = 'PENDING'` as written here is what lets SQLite read the queue's partial index.
    conditions.push("s.delivered_to = ? AND s.status = 'PENDING'", [Value::Text(uuid_text(query.company_id))]);
    // Items under a running lease are their poller's; a lease that ran out leaves its mark.
    conditions.push("(s.leased_until IS NULL OR s.leased_until <= ?)", [Value::Integer(query.at)]);
    conditions.push_in("s.document_type", names(&query.kinds));
    conditions.push_after("s.created_at", "s.transaction_id", query.after);
    let limit = limit_clause(query.budget.rows_to_read());
    let sql = format!(
        "SELECT {LISTED_COLUMNS} FROM {TRANSACTION_TABLES} WHERE {} ORDER BY s.created_at, s.transaction_id {limit}",
        conditions.sql()
    );
    page(db, &sql, conditions.values, query.budget)
}

/// `company_id` of `None` finds any transaction (for operators).
pub(crate) fn one(
    db: &Connection,
    company_id: Option<Uuid>,
    id: Uuid,
) -> Result<Option<TransactionRecord>, StoreError> {
    let mut sql = format!("SELECT {TRANSACTION_COLUMNS} FROM {TRANSACTION_TABLES} WHERE t.id = ?1");
    let mut values = vec![Value::Text(uuid_text(id))];
    if let Some(company) = company_id {
        sql.push_str(" AND (t.sender_id = ?2 OR (t.receiver_id = ?2 AND t.delivered = 1))");
        values.push(Value::Text(uuid_text(company)));
    }
    Ok(fetch(db, &sql, values)?.into_iter().next())
}

/// Those of `ids` that exist, in their order, in one read transaction: one statement each,
/// prepared once, rather than a list of placeholders whose length varies. Without the
/// transaction each statement would begin a read of its own, and one that follows a commit
/// maps the database file again.
pub(crate) fn each(db: &Connection, ids: &[Uuid]) -> Result<Vec<TransactionRecord>, StoreError> {
    let read = db.unchecked_transaction().map_err(db_error)?;
    let mut found = Vec::with_capacity(ids.len());
    for id in ids {
        found.extend(one(&read, None, *id)?);
    }
    read.commit().map_err(db_error)?;
    Ok(found)
}
