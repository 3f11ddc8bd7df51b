//! What a company's dashboard counts: its documents by type over the last days, and its queue's
//! oldest document. Both read the history's and the queue's indexes, never the rows.

use deadpool_postgres::GenericClient;
use switchyard_documents::DocumentType;
use switchyard_network::Timestamp;
use switchyard_network::finding::Side;
use switchyard_network::model::{Flow, Status};
use switchyard_network::store::{DocumentCount, PartnerCount, QueueAge, StoreError};
use uuid::Uuid;

use crate::prepared;
use crate::rows::{get, parsed};

fn names<T: Copy>(values: &[T], name: impl Fn(T) -> &'static str) -> Vec<String> {
    values.iter().map(|value| name(*value).to_owned()).collect()
}

pub(crate) async fn count_documents(
    db: &impl GenericClient,
    company_id: Uuid,
    since: Timestamp,
    today: Timestamp,
) -> Result<Vec<DocumentCount>, StoreError> {
    // Every type, flow and status named, so that the history's index (company, type, flow,
    // status, time) is searched once per combination for the time range rather than read
    // whole for the company.
    let (kinds, flows, statuses) = (
        names(&DocumentType::ALL, DocumentType::as_str),
        names(Flow::ALL, Flow::as_str),
        names(Status::ALL, Status::as_str),
    );
    let mut counts = Vec::new();
    for (side, column) in [(Side::Sent, "sender_id"), (Side::Received, "delivered_to")] {
        let sql = format!(
            "SELECT document_type, count(*), count(*) FILTER (WHERE created_at >= $3) FROM transaction_states
             WHERE {column} = $1 AND document_type = ANY($4) AND flow = ANY($5) AND status = ANY($6)
             AND created_at >= $2 GROUP BY document_type"
        );
        let rows = prepared::query(db, &sql, &[&company_id, &since, &today, &kinds, &flows, &statuses]).await?;
        for row in &rows {
            let (since, today): (i64, i64) = (get(row, 1)?, get(row, 2)?);
            counts.push(DocumentCount {
                side,
                kind: parsed(row, 0)?,
                since: u64::try_from(since).unwrap_or_default(),
                today: u64::try_from(today).unwrap_or_default(),
            });
        }
    }
    Ok(counts)
}

/// Per partner, type and side, on the partner runs of migration 0018 (company, partner, type,
/// flow, status, time), every value named as for the overview's counts.
pub(crate) async fn count_with_partners(
    db: &impl GenericClient,
    company_id: Uuid,
    partners: &[Uuid],
    since: Timestamp,
) -> Result<Vec<PartnerCount>, StoreError> {
    if partners.is_empty() {
        return Ok(Vec::new());
    }
    let (kinds, flows, statuses) = (
        names(&DocumentType::ALL, DocumentType::as_str),
        names(Flow::ALL, Flow::as_str),
        names(Status::ALL, Status::as_str),
    );
    let mut counts = Vec::new();
    for (side, company, partner) in
        [(Side::Sent, "sender_id", "receiver_id"), (Side::Received, "delivered_to", "sender_id")]
    {
        let sql = format!(
            "SELECT {partner}, document_type, count(*) FROM transaction_states
             WHERE {company} = $1 AND {partner} = ANY($2) AND document_type = ANY($3) AND flow = ANY($4)
             AND status = ANY($5) AND created_at >= $6 GROUP BY {partner}, document_type"
        );
        let rows = prepared::query(db, &sql, &[&company_id, &partners, &kinds, &flows, &statuses, &since]).await?;
        for row in &rows {
            let count: i64 = get(row, 2)?;
            counts.push(PartnerCount {
                partner_id: get(row, 0)?,
                side,
                kind: parsed(row, 1)?,
                count: u64::try_from(count).unwrap_or_default(),
            });
        }
    }
    Ok(counts)
}

pub(crate) async fn queue_age(
    db: &impl GenericClient,
    company_id: Uuid,
    count_up_to: u64,
) -> Result<Option<QueueAge>, StoreError> {
    let oldest = prepared::query_opt(
        db,
        "SELECT transaction_id, created_at FROM transaction_states WHERE delivered_to = $1 AND status = 'PENDING'
         ORDER BY created_at, transaction_id LIMIT 1",
        &[&company_id],
    )
    .await?;
    let Some(oldest) = oldest else { return Ok(None) };
    let limit = i64::try_from(count_up_to).unwrap_or(i64::MAX);
    let counted = prepared::query_one(
        db,
        "SELECT count(*) FROM (SELECT 1 FROM transaction_states WHERE delivered_to = $1 AND status = 'PENDING'
         LIMIT $2) waiting",
        &[&company_id, &limit],
    )
    .await?;
    let waiting: i64 = get(&counted, 0)?;
    Ok(Some(QueueAge {
        oldest_id: get(&oldest, 0)?,
        oldest_at: get(&oldest, 1)?,
        waiting: u64::try_from(waiting).unwrap_or_default(),
    }))
}
