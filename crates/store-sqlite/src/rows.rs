//! Turning rows into records and driver errors into store errors.

use std::str::FromStr;

use rusqlite::{Connection, ErrorCode, Row};
use switchyard_network::Timestamp;
use switchyard_network::model::{Content, TransactionRecord};
use switchyard_network::store::StoreError;
use uuid::Uuid;

use crate::content_buffer::{ContentBuffer, Placed};

#[allow(clippy::needless_pass_by_value)] // by value so that it reads `.map_err(db_error)`
pub(crate) fn db_error(error: rusqlite::Error) -> StoreError {
    match error.sqlite_error_code() {
        Some(ErrorCode::ConstraintViolation) => StoreError::Conflict(error.to_string()),
        // The database is there but cannot serve now (busy, disk full, disk failing): a client
        // may retry later, where any other failure is ours.
        Some(
            ErrorCode::DatabaseBusy
            | ErrorCode::DatabaseLocked
            | ErrorCode::DiskFull
            | ErrorCode::SystemIoFailure
            | ErrorCode::CannotOpen,
        ) => StoreError::Unavailable(error.to_string()),
        _ => StoreError::Other(error.to_string()),
    }
}

/// Whether an error is a UNIQUE or PRIMARY KEY violation.
pub(crate) fn is_unique_violation(error: &rusqlite::Error) -> bool {
    matches!(
        error,
        rusqlite::Error::SqliteFailure(failure, _)
            if failure.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                || failure.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY
    )
}

fn conversion_error(index: usize, message: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, message.into())
}

/// A column stored as text that parses into `T` (ids, enum names, JSON).
pub(crate) fn parsed<T: FromStr>(row: &Row<'_>, index: usize) -> rusqlite::Result<T>
where
    T::Err: std::fmt::Display,
{
    parse_text(row.get_ref(index)?.as_str()?, index)
}

/// A nullable column of such text.
pub(crate) fn parsed_opt<T: FromStr>(row: &Row<'_>, index: usize) -> rusqlite::Result<Option<T>>
where
    T::Err: std::fmt::Display,
{
    row.get_ref(index)?.as_str_or_null()?.map(|text| parse_text(text, index)).transpose()
}

/// Parses borrowed column text: a page of 100 rows reads six such columns from each, and an
/// owned copy of each was an allocation thrown away at once.
fn parse_text<T: FromStr>(text: &str, index: usize) -> rusqlite::Result<T>
where
    T::Err: std::fmt::Display,
{
    text.parse().map_err(|error: T::Err| conversion_error(index, error.to_string()))
}

pub(crate) fn uuid_text(id: Uuid) -> String {
    id.to_string()
}

/// The columns [`transaction_from_row`] reads, from [`TRANSACTION_TABLES`].
pub(crate) const TRANSACTION_COLUMNS: &str = "t.id, t.document_type, t.sender_id, t.receiver_id, s.status, t.flow, \
     t.created_at, t.business_number, t.replaces_id, t.replaced_by_id, c.content, t.warnings, \
     s.fetched_at IS NOT NULL, t.order_number";

/// A transaction's row, its processing state and its body, joined.
pub(crate) const TRANSACTION_TABLES: &str = "transactions t JOIN transaction_states s ON s.transaction_id = t.id \
     JOIN contents c ON c.transaction_id = t.id";

/// [`TRANSACTION_COLUMNS`] with the size of the content in the content's place, for lists,
/// whose contents are read once the page's size is known.
pub(crate) const LISTED_COLUMNS: &str = "t.id, t.document_type, t.sender_id, t.receiver_id, s.status, t.flow, \
     t.created_at, t.business_number, t.replaces_id, t.replaced_by_id, octet_length(c.content), t.warnings, \
     s.fetched_at IS NOT NULL, t.order_number";

/// The index of the content, or of its size, in both column lists.
pub(crate) const CONTENT_COLUMN: usize = 10;

/// A transaction and where its content went: the content is copied into `contents` as the
/// bytes SQLite holds, without the check that they are UTF-8 (they were stored from a `str`;
/// see [`switchyard_network::model::Content`]), and set by [`with_contents`].
pub(crate) fn transaction_from_row(
    row: &Row<'_>,
    contents: &mut ContentBuffer,
) -> rusqlite::Result<(TransactionRecord, Placed)> {
    let placed = contents.copy(row.get_ref(CONTENT_COLUMN)?.as_bytes()?);
    Ok((record_from_row(row)?, placed))
}

/// A transaction of either column list, its content left empty.
pub(crate) fn record_from_row(row: &Row<'_>) -> rusqlite::Result<TransactionRecord> {
    Ok(TransactionRecord {
        id: parsed(row, 0)?,
        kind: parsed(row, 1)?,
        sender_id: parsed(row, 2)?,
        receiver_id: parsed(row, 3)?,
        status: parsed(row, 4)?,
        flow: parsed(row, 5)?,
        created_at: row.get(6)?,
        business_number: row.get(7)?,
        replaces: parsed_opt(row, 8)?,
        replaced_by: parsed_opt(row, 9)?,
        content: Content::default(),
        warnings: parsed_opt(row, 11)?,
        fetched: row.get(12)?,
        order_number: row.get(13)?,
    })
}

/// The records read by [`transaction_from_row`], with their contents.
pub(crate) fn with_contents(rows: Vec<(TransactionRecord, Placed)>, contents: ContentBuffer) -> Vec<TransactionRecord> {
    let (mut records, places): (Vec<_>, Vec<_>) = rows.into_iter().unzip();
    for (record, content) in records.iter_mut().zip(contents.finish(places)) {
        record.content = content;
    }
    records
}

pub(crate) fn max_created_at(connection: &Connection) -> Result<Timestamp, StoreError> {
    connection
        .query_row("SELECT COALESCE(MAX(created_at), 0) FROM transactions", [], |row| row.get(0))
        .map_err(db_error)
}
