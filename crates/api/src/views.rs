//! Response shapes of transactions and tasks, built from records. `content` is passed through
//! as the sender wrote it, never re-serialised.

use chrono_tz::Tz;
use documents::DocumentType;
use network::model::{Flow, Status, TaskRecord, TaskType, TransactionRecord};
use serde::Serialize;
use serde_json::value::RawValue;
use uuid::Uuid;

use crate::ApiError;
use crate::time::format_timestamp;

/// An item of `GET /v2/transactions`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReceivedTransaction {
    procuros_transaction_id: Uuid,
    #[serde(rename = "type")]
    kind: DocumentType,
    content: Box<RawValue>,
    is_latest_version: bool,
    replaces_procuros_transaction_id: Option<Uuid>,
    replaced_by_procuros_transaction_id: Option<Uuid>,
}

/// An item of `GET /v2/all-transactions`, and the `data` of a single transaction.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Transaction {
    procuros_transaction_id: Uuid,
    #[serde(rename = "type")]
    kind: DocumentType,
    status: Status,
    flow: Flow,
    created_at: String,
    replaces_procuros_transaction_id: Option<Uuid>,
    replaced_by_procuros_transaction_id: Option<Uuid>,
    is_latest_version: bool,
    content: Box<RawValue>,
}

/// An item of `GET /v2/tasks`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Task {
    procuros_task_id: Uuid,
    #[serde(rename = "type")]
    kind: TaskType,
    created_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    payload: Option<serde_json::Value>,
}

fn stored_content(id: Uuid, content: String) -> Result<Box<RawValue>, ApiError> {
    RawValue::from_string(content)
        .map_err(|error| ApiError::Internal(format!("stored content of {id} is not JSON: {error}")))
}

pub fn received(record: TransactionRecord) -> Result<ReceivedTransaction, ApiError> {
    Ok(ReceivedTransaction {
        is_latest_version: record.is_latest_version(),
        content: stored_content(record.id, record.content)?,
        procuros_transaction_id: record.id,
        kind: record.kind,
        replaces_procuros_transaction_id: record.replaces,
        replaced_by_procuros_transaction_id: record.replaced_by,
    })
}

pub fn transaction(record: TransactionRecord, zone: Tz) -> Result<Transaction, ApiError> {
    Ok(Transaction {
        is_latest_version: record.is_latest_version(),
        content: stored_content(record.id, record.content)?,
        procuros_transaction_id: record.id,
        kind: record.kind,
        status: record.status,
        flow: record.flow,
        created_at: format_timestamp(record.created_at, zone),
        replaces_procuros_transaction_id: record.replaces,
        replaced_by_procuros_transaction_id: record.replaced_by,
    })
}

pub fn task(record: TaskRecord, zone: Tz) -> Task {
    Task {
        procuros_task_id: record.id,
        kind: record.kind,
        created_at: format_timestamp(record.created_at, zone),
        payload: record.payload,
    }
}
