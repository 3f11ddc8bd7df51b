//! Response shapes of transactions and tasks, built from records. `content` is passed through
//! as the sender wrote it, never parsed or re-serialised (see [`crate::stored_json`]).

use chrono_tz::Tz;
use serde::Serialize;
use switchyard_documents::DocumentType;
use switchyard_network::model::{Flow, Status, TaskRecord, TaskType, TransactionRecord};
use uuid::Uuid;

use crate::ApiError;
use crate::stored_json::{JsonPieces, push_object_with};
use crate::time::format_timestamp;

/// An item of `GET /v2/transactions`, but its `content`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReceivedTransaction {
    procuros_transaction_id: Uuid,
    #[serde(rename = "type")]
    kind: DocumentType,
    is_latest_version: bool,
    replaces_procuros_transaction_id: Option<Uuid>,
    replaced_by_procuros_transaction_id: Option<Uuid>,
}

/// An item of `GET /v2/all-transactions`, and the `data` of a single transaction, but its
/// `content`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Transaction {
    procuros_transaction_id: Uuid,
    #[serde(rename = "type")]
    kind: DocumentType,
    status: Status,
    flow: Flow,
    created_at: String,
    replaces_procuros_transaction_id: Option<Uuid>,
    replaced_by_procuros_transaction_id: Option<Uuid>,
    is_latest_version: bool,
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

/// Room for a rendered transaction's own fields and for a page's envelope.
const FIELDS_SIZE: usize = 400;

/// How long our own text around the contents of `records` will be, about.
pub fn rendered_size(records: &[TransactionRecord]) -> usize {
    (records.len() + 1) * FIELDS_SIZE
}

/// Appends an item of `GET /v2/transactions`.
pub fn received(record: TransactionRecord, text: &mut JsonPieces) -> Result<(), ApiError> {
    let fields = ReceivedTransaction {
        is_latest_version: record.is_latest_version(),
        procuros_transaction_id: record.id,
        kind: record.kind,
        replaces_procuros_transaction_id: record.replaces,
        replaced_by_procuros_transaction_id: record.replaced_by,
    };
    push_object_with(text, &fields, "content", record.content)
}

/// Appends a transaction with its status and flow.
pub fn transaction(record: TransactionRecord, zone: Tz, text: &mut JsonPieces) -> Result<(), ApiError> {
    let fields = Transaction {
        is_latest_version: record.is_latest_version(),
        procuros_transaction_id: record.id,
        kind: record.kind,
        status: record.status,
        flow: record.flow,
        created_at: format_timestamp(record.created_at, zone),
        replaces_procuros_transaction_id: record.replaces,
        replaced_by_procuros_transaction_id: record.replaced_by,
    };
    push_object_with(text, &fields, "content", record.content)
}

pub fn task(record: TaskRecord, zone: Tz) -> Task {
    Task {
        procuros_task_id: record.id,
        kind: record.kind,
        created_at: format_timestamp(record.created_at, zone),
        payload: record.payload,
    }
}
