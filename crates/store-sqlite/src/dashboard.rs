//! What a company's dashboard counts: its documents by type over the last days, and its queue's
//! oldest document. Both read the history's and the queue's indexes, never the rows.

use rusqlite::{Connection, OptionalExtension, params};
use switchyard_documents::DocumentType;
use switchyard_network::Timestamp;
use switchyard_network::finding::Side;
use switchyard_network::model::{Flow, Status};
use switchyard_network::store::{DocumentCount, PartnerCount, QueueAge, StoreError};
use uuid::Uuid;

use crate::rows::{db_error, parsed, uuid_text};

/// `'A', 'B'` of every value: naming each type, flow and status lets SQLite seek the history's
/// index (company, type, flow, status, time) once per combination and count the time range of
/// each, where leaving them out would read the company's whole history.
fn every<T: Copy>(values: &[T], name: impl Fn(T) -> &'static str) -> String {
    values.iter().map(|value| format!("'{}'", name(*value))).collect::<Vec<_>>().join(", ")
}

pub(crate) fn count_documents(
    db: &Connection,
    company_id: Uuid,
    since: Timestamp,
    today: Timestamp,
) -> Result<Vec<DocumentCount>, StoreError> {
    let mut counts = Vec::new();
    for (side, column) in [(Side::Sent, "sender_id"), (Side::Received, "delivered_to")] {
        let sql = format!(
            "SELECT document_type, count(*), coalesce(sum(created_at >= ?3), 0) FROM transaction_states
             WHERE {column} = ?1 AND document_type IN ({}) AND flow IN ({}) AND status IN ({}) AND created_at >= ?2
             GROUP BY document_type",
            every(&DocumentType::ALL, DocumentType::as_str),
            every(Flow::ALL, Flow::as_str),
            every(Status::ALL, Status::as_str),
        );
        let mut statement = db.prepare_cached(&sql).map_err(db_error)?;
        let rows = statement
            .query_map(params![uuid_text(company_id), since, today], |row| {
                Ok(DocumentCount { side, kind: parsed(row, 0)?, since: row.get(1)?, today: row.get(2)? })
            })
            .map_err(db_error)?;
        counts.extend(rows.collect::<Result<Vec<_>, _>>().map_err(db_error)?);
    }
    Ok(counts)
}

/// Per partner, type and side, on the partner runs of migration 0018 (company, partner, type,
/// flow, status, time): every partner, type, flow and status named, so that each combination is
/// one range of the index.
pub(crate) fn count_with_partners(
    db: &Connection,
    company_id: Uuid,
    partners: &[Uuid],
    since: Timestamp,
) -> Result<Vec<PartnerCount>, StoreError> {
    if partners.is_empty() {
        return Ok(Vec::new());
    }
    let partner_list = partners.iter().map(|id| format!("'{}'", uuid_text(*id))).collect::<Vec<_>>().join(", ");
    let mut counts = Vec::new();
    for (side, company, partner) in
        [(Side::Sent, "sender_id", "receiver_id"), (Side::Received, "delivered_to", "sender_id")]
    {
        let sql = format!(
            "SELECT {partner}, document_type, count(*) FROM transaction_states
             WHERE {company} = ?1 AND {partner} IN ({partner_list}) AND document_type IN ({}) AND flow IN ({})
             AND status IN ({}) AND created_at >= ?2 GROUP BY {partner}, document_type",
            every(&DocumentType::ALL, DocumentType::as_str),
            every(Flow::ALL, Flow::as_str),
            every(Status::ALL, Status::as_str),
        );
        let mut statement = db.prepare(&sql).map_err(db_error)?;
        let rows = statement
            .query_map(params![uuid_text(company_id), since], |row| {
                Ok(PartnerCount { partner_id: parsed(row, 0)?, side, kind: parsed(row, 1)?, count: row.get(2)? })
            })
            .map_err(db_error)?;
        counts.extend(rows.collect::<Result<Vec<_>, _>>().map_err(db_error)?);
    }
    Ok(counts)
}

pub(crate) fn queue_age(db: &Connection, company_id: Uuid, count_up_to: u64) -> Result<Option<QueueAge>, StoreError> {
    let company = uuid_text(company_id);
    let oldest = db
        .prepare_cached(
            "SELECT transaction_id, created_at FROM transaction_states WHERE delivered_to = ?1 AND status = 'PENDING'
             ORDER BY created_at, transaction_id LIMIT 1",
        )
        .and_then(|mut statement| {
            statement.query_row([&company], |row| Ok((parsed::<Uuid>(row, 0)?, row.get::<_, i64>(1)?))).optional()
        })
        .map_err(db_error)?;
    let Some((oldest_id, oldest_at)) = oldest else { return Ok(None) };
    let waiting: u64 = db
        .prepare_cached(
            "SELECT count(*) FROM (SELECT 1 FROM transaction_states WHERE delivered_to = ?1 AND status = 'PENDING'
             LIMIT ?2)",
        )
        .and_then(|mut statement| {
            statement.query_row(params![company, i64::try_from(count_up_to).unwrap_or(i64::MAX)], |row| row.get(0))
        })
        .map_err(db_error)?;
    Ok(Some(QueueAge { oldest_id, oldest_at, waiting }))
}
