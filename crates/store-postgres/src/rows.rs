//! Turning rows into records and driver errors into store errors.

use std::str::FromStr;

use switchyard_network::model::{Content, TransactionRecord};
use switchyard_network::store::StoreError;
use tokio_postgres::Row;
use tokio_postgres::error::SqlState;

#[allow(clippy::needless_pass_by_value)] // by value so that it reads `.map_err(db_error)`
pub(crate) fn db_error(error: tokio_postgres::Error) -> StoreError {
    // The driver's own text of a server error is only "db error"; the server's says what.
    let text = match error.as_db_error() {
        Some(server) => format!("{}: {}", server.code().code(), server.message()),
        None => error.to_string(),
    };
    match error.code() {
        Some(code) if *code == SqlState::UNIQUE_VIOLATION || *code == SqlState::FOREIGN_KEY_VIOLATION => {
            StoreError::Conflict(text)
        }
        Some(code) if *code == SqlState::T_R_SERIALIZATION_FAILURE || *code == SqlState::T_R_DEADLOCK_DETECTED => {
            StoreError::Unavailable(text)
        }
        None => StoreError::Unavailable(text),
        _ => StoreError::Other(text),
    }
}

pub(crate) fn is_unique_violation(error: &tokio_postgres::Error) -> bool {
    error.code() == Some(&SqlState::UNIQUE_VIOLATION)
}

/// A text column that parses into `T` (enum names).
pub(crate) fn parsed<T: FromStr>(row: &Row, index: usize) -> Result<T, StoreError>
where
    T::Err: std::fmt::Display,
{
    let text: String = row.try_get(index).map_err(db_error)?;
    text.parse().map_err(|error: T::Err| StoreError::Other(format!("column {index}: {error}")))
}

pub(crate) fn parsed_opt<T: FromStr>(row: &Row, index: usize) -> Result<Option<T>, StoreError>
where
    T::Err: std::fmt::Display,
{
    let text: Option<String> = row.try_get(index).map_err(db_error)?;
    text.map(|text| text.parse().map_err(|error: T::Err| StoreError::Other(format!("column {index}: {error}"))))
        .transpose()
}

pub(crate) fn json_opt(row: &Row, index: usize) -> Result<Option<serde_json::Value>, StoreError> {
    let text: Option<String> = row.try_get(index).map_err(db_error)?;
    text.map(|text| serde_json::from_str(&text).map_err(|error| StoreError::Other(error.to_string()))).transpose()
}

pub(crate) fn get<'a, T: tokio_postgres::types::FromSql<'a>>(row: &'a Row, index: usize) -> Result<T, StoreError> {
    row.try_get(index).map_err(db_error)
}

/// The columns [`transaction_from_row`] reads, from [`TRANSACTION_TABLES`].
pub(crate) const TRANSACTION_COLUMNS: &str = "t.id, t.document_type, t.sender_id, t.receiver_id, s.status, t.flow, \
     t.created_at, t.business_number, t.replaces_id, t.replaced_by_id, c.content, t.warnings, \
     s.fetched_at IS NOT NULL, t.order_number";

/// [`TRANSACTION_COLUMNS`] with the size of the content in the content's place, for lists,
/// whose contents are read once the page's size is known.
pub(crate) const LISTED_COLUMNS: &str = "t.id, t.document_type, t.sender_id, t.receiver_id, s.status, t.flow, \
     t.created_at, t.business_number, t.replaces_id, t.replaced_by_id, octet_length(c.content), t.warnings, \
     s.fetched_at IS NOT NULL, t.order_number";

/// The index of the content, or of its size, in both column lists.
pub(crate) const CONTENT_COLUMN: usize = 10;

/// A transaction's row, its processing state and its body, joined.
pub(crate) const TRANSACTION_TABLES: &str = "transactions t JOIN transaction_states s ON s.transaction_id = t.id \
     JOIN contents c ON c.transaction_id = t.id";

pub(crate) fn transaction_from_row(row: &Row) -> Result<TransactionRecord, StoreError> {
    let content = get::<String>(row, CONTENT_COLUMN)?.into();
    Ok(TransactionRecord { content, ..record_from_row(row)? })
}

/// A transaction of either column list, its content left empty.
pub(crate) fn record_from_row(row: &Row) -> Result<TransactionRecord, StoreError> {
    Ok(TransactionRecord {
        id: get(row, 0)?,
        kind: parsed(row, 1)?,
        sender_id: get(row, 2)?,
        receiver_id: get(row, 3)?,
        status: parsed(row, 4)?,
        flow: parsed(row, 5)?,
        created_at: get(row, 6)?,
        business_number: get(row, 7)?,
        replaces: get(row, 8)?,
        replaced_by: get(row, 9)?,
        content: Content::default(),
        warnings: json_opt(row, 11)?,
        fetched: get(row, 12)?,
        order_number: get(row, 13)?,
    })
}
