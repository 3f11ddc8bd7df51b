//! Errors for people to resolve.

use async_trait::async_trait;
use rusqlite::{Connection, OptionalExtension, params};
use switchyard_network::model::{ErrorActing, ErrorAction, ErrorRecord, ListedError, NewError};
use switchyard_network::store::{ErrorQuery, ErrorStore, StoreError};
use uuid::Uuid;

use crate::SqliteStore;
use crate::rows::{db_error, parsed, parsed_opt, uuid_text};

pub(crate) fn insert_error(db: &Connection, error: &NewError) -> Result<(), StoreError> {
    db.prepare_cached(
        "INSERT INTO errors (id, company_id, transaction_id, transaction_type, transaction_identifier, origin, error_type,
         reason, context, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )
    .and_then(|mut statement| {
        statement.execute(params![
            uuid_text(error.id),
            uuid_text(error.company_id),
            error.transaction_id.map(uuid_text),
            error.transaction_type.map(switchyard_documents::DocumentType::as_str),
            error.transaction_identifier,
            error.origin.as_str(),
            error.error_type.as_str(),
            error.reason,
            error.context.as_ref().map(ToString::to_string),
            error.created_at,
        ])
    })
    .map_err(db_error)?;
    crate::effects::write(db, &switchyard_network::effects::of_error(error))
}

fn error_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<ErrorRecord> {
    Ok(ErrorRecord {
        id: parsed(row, 0)?,
        company_id: parsed(row, 1)?,
        company_name: row.get(2)?,
        transaction_id: parsed_opt(row, 3)?,
        transaction_type: parsed_opt(row, 4)?,
        transaction_identifier: row.get(5)?,
        origin: parsed(row, 6)?,
        error_type: parsed(row, 7)?,
        reason: row.get(8)?,
        context: parsed_opt(row, 9)?,
        created_at: row.get(10)?,
        resolved_at: row.get(11)?,
        resolved_by: row.get(12)?,
        resolution: row.get(13)?,
        redelivered_at: row.get(14)?,
    })
}

const ERROR_COLUMNS: &str =
    "e.id, e.company_id, c.name, e.transaction_id, e.transaction_type, e.transaction_identifier,
    e.origin, e.error_type, e.reason, e.context, e.created_at, e.resolved_at, e.resolved_by, e.resolution,
    e.redelivered_at";

/// Resolves the open error `id` of `company`; `false` when there is none.
fn resolve(db: &Connection, acting: &ErrorActing, resolution: Option<&str>) -> Result<bool, StoreError> {
    let changed = db
        .execute(
            "UPDATE errors SET resolved_at = ?3, resolved_by = ?4, resolution = ?5
             WHERE id = ?1 AND company_id = ?2 AND resolved_at IS NULL",
            params![uuid_text(acting.error_id), uuid_text(acting.company_id), acting.at, acting.by, resolution],
        )
        .map_err(db_error)?;
    Ok(changed == 1)
}

fn deliver_again(db: &Connection, acting: &ErrorActing) -> Result<bool, StoreError> {
    let (error, company) = (uuid_text(acting.error_id), uuid_text(acting.company_id));
    let requeued = db
        .execute(
            "UPDATE transaction_states SET status = 'PENDING'
             WHERE status = 'FAILED' AND delivered_to = ?2 AND transaction_id = (SELECT transaction_id FROM errors
               WHERE id = ?1 AND company_id = ?2 AND resolved_at IS NULL AND origin = 'PROCESSING_FAILED')",
            params![error, company],
        )
        .map_err(db_error)?;
    if requeued == 0 {
        return Ok(false);
    }
    db.execute("UPDATE errors SET redelivered_at = ?2 WHERE id = ?1", params![error, acting.at]).map_err(db_error)?;
    Ok(true)
}

fn discard(db: &Connection, acting: &ErrorActing, reason: &str) -> Result<bool, StoreError> {
    let (error, company) = (uuid_text(acting.error_id), uuid_text(acting.company_id));
    let dropped = db
        .execute(
            "UPDATE transaction_states SET status = 'DROPPED'
             WHERE status IN ('PENDING', 'FAILED') AND transaction_id = (SELECT transaction_id FROM errors
               WHERE id = ?1 AND company_id = ?2 AND resolved_at IS NULL)",
            params![error, company],
        )
        .map_err(db_error)?;
    Ok(dropped == 1 && resolve(db, acting, Some(reason))?)
}

fn act(db: &Connection, acting: &ErrorActing) -> Result<(), StoreError> {
    let known: bool = db
        .query_row(
            "SELECT count(*) FROM errors WHERE id = ?1 AND company_id = ?2",
            params![uuid_text(acting.error_id), uuid_text(acting.company_id)],
            |row| row.get(0),
        )
        .map_err(db_error)?;
    if !known {
        return Err(StoreError::NotFound);
    }
    let done = match &acting.action {
        ErrorAction::Resolve { comment } => resolve(db, acting, comment.as_deref())?,
        ErrorAction::DeliverAgain => deliver_again(db, acting)?,
        ErrorAction::Discard { reason } => discard(db, acting, reason)?,
    };
    if !done {
        return Err(StoreError::Conflict("the error or its document has changed meanwhile".into()));
    }
    crate::effects::write(db, &acting.effects)
}

/// The conditions and parameters of an error list, in the order the statement takes them.
fn list_conditions(query: &ErrorQuery) -> (String, Vec<rusqlite::types::Value>) {
    use rusqlite::types::Value;
    let mut conditions = vec!["e.company_id = ?".to_owned()];
    let mut values = vec![Value::Text(uuid_text(query.company_id))];
    match query.open {
        Some(true) => conditions.push("e.resolved_at IS NULL".into()),
        Some(false) => conditions.push("e.resolved_at IS NOT NULL".into()),
        None => {}
    }
    if let Some(kind) = query.error_type {
        conditions.push("e.error_type = ?".into());
        values.push(Value::Text(kind.as_str().into()));
    }
    if let Some(kind) = query.document_type {
        conditions.push("e.transaction_type = ?".into());
        values.push(Value::Text(kind.as_str().into()));
    }
    if let Some(partner) = query.partner_id {
        conditions.push("(t.sender_id = ? OR t.receiver_id = ?)".into());
        values.push(Value::Text(uuid_text(partner)));
        values.push(Value::Text(uuid_text(partner)));
    }
    if let Some(after) = query.after {
        // The list's order: open ones first, then newest first.
        conditions.push(
            "((e.resolved_at IS NOT NULL) > ? OR ((e.resolved_at IS NOT NULL) = ? AND (e.created_at, e.id) < (?, ?)))"
                .into(),
        );
        let resolved = Value::Integer(i64::from(after.resolved));
        values.extend([resolved.clone(), resolved, Value::Integer(after.created_at), Value::Text(uuid_text(after.id))]);
    }
    (conditions.join(" AND "), values)
}

#[async_trait]
impl ErrorStore for SqliteStore {
    async fn open_error(&self, error: NewError) -> Result<(), StoreError> {
        self.writer.run(move |db| insert_error(db, &error)).await
    }

    async fn find_error(&self, id: Uuid) -> Result<Option<ErrorRecord>, StoreError> {
        self.readers
            .run(move |db| {
                let sql = format!(
                    "SELECT {ERROR_COLUMNS} FROM errors e JOIN companies c ON c.id = e.company_id WHERE e.id = ?1"
                );
                db.query_row(&sql, [uuid_text(id)], error_from_row).optional().map_err(db_error)
            })
            .await
    }

    async fn act_on_error(&self, acting: ErrorActing) -> Result<(), StoreError> {
        self.writer.run(move |db| act(db, &acting)).await
    }

    async fn list_errors(&self, query: ErrorQuery) -> Result<Vec<ListedError>, StoreError> {
        self.readers
            .run(move |db| {
                let (conditions, mut values) = list_conditions(&query);
                values.push(rusqlite::types::Value::Integer(i64::try_from(query.limit).unwrap_or(i64::MAX)));
                let sql = format!(
                    "SELECT {ERROR_COLUMNS}, p.name FROM errors e JOIN companies c ON c.id = e.company_id
                     LEFT JOIN transactions t ON t.id = e.transaction_id
                     LEFT JOIN companies p ON p.id = CASE WHEN t.sender_id = e.company_id THEN t.receiver_id ELSE t.sender_id END
                     WHERE {conditions}
                     ORDER BY e.resolved_at IS NOT NULL, e.created_at DESC, e.id DESC LIMIT ?"
                );
                let mut statement = db.prepare(&sql).map_err(db_error)?;
                let rows = statement
                    .query_map(rusqlite::params_from_iter(values), |row| {
                        Ok(ListedError { error: error_from_row(row)?, partner: row.get(15)? })
                    })
                    .map_err(db_error)?;
                rows.collect::<Result<_, _>>().map_err(db_error)
            })
            .await
    }

    async fn count_open_errors(&self, company_id: Uuid) -> Result<u64, StoreError> {
        self.readers
            .run(move |db| {
                db.query_row(
                    "SELECT count(*) FROM errors WHERE company_id = ?1 AND resolved_at IS NULL",
                    [uuid_text(company_id)],
                    |row| row.get(0),
                )
                .map_err(db_error)
            })
            .await
    }
}
