//! Errors: something went wrong with a document and the responsible people must fix it.

use documents::DocumentType;
use serde::Serialize;
use uuid::Uuid;

use super::wire_enum::wire_enum;
use crate::Timestamp;

wire_enum! {
    /// `DATA` can be fixed by a user; `INTERNAL` is a system fault.
    pub enum ErrorType {
        Data => "DATA",
        Internal => "INTERNAL",
    }
}

wire_enum! {
    /// How the error came about.
    pub enum ErrorOrigin {
        Rejected => "REJECTED",
        Duplicate => "DUPLICATE",
        ProcessingFailed => "PROCESSING_FAILED",
        Reported => "REPORTED",
        TaskFailed => "TASK_FAILED",
    }
}

#[derive(Clone, Debug)]
pub struct NewError {
    pub id: Uuid,
    /// The company whose people must act on it.
    pub company_id: Uuid,
    pub transaction_id: Option<Uuid>,
    pub transaction_type: Option<DocumentType>,
    pub transaction_identifier: Option<String>,
    pub origin: ErrorOrigin,
    pub error_type: ErrorType,
    pub reason: String,
    /// A JSON object with extra detail (validation problems, ERP context).
    pub context: Option<serde_json::Value>,
    pub created_at: Timestamp,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorRecord {
    pub id: Uuid,
    pub company_id: Uuid,
    pub company_name: String,
    pub transaction_id: Option<Uuid>,
    pub transaction_type: Option<DocumentType>,
    pub transaction_identifier: Option<String>,
    pub origin: ErrorOrigin,
    pub error_type: ErrorType,
    pub reason: String,
    pub context: Option<serde_json::Value>,
    pub created_at: Timestamp,
    pub resolved_at: Option<Timestamp>,
}
