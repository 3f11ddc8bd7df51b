//! Tasks: work the network asks of a company's ERP (export partners, sync enabled partners).

use serde::Serialize;
use uuid::Uuid;

use super::wire_enum::wire_enum;
use crate::Timestamp;

wire_enum! {
    pub enum TaskType {
        ExportCustomers => "EXPORT_CUSTOMERS",
        ExportSuppliers => "EXPORT_SUPPLIERS",
        SyncEnabledTradePartners => "SYNC_ENABLED_TRADE_PARTNERS",
    }
}

#[derive(Clone, Debug)]
pub struct NewTask {
    pub id: Uuid,
    pub company_id: Uuid,
    pub kind: TaskType,
    pub payload: Option<serde_json::Value>,
    pub created_at: Timestamp,
    /// Written with the task (its endpoints' deliveries).
    pub effects: Vec<crate::effects::Effect>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskRecord {
    pub id: Uuid,
    pub company_id: Uuid,
    #[serde(rename = "type")]
    pub kind: TaskType,
    pub payload: Option<serde_json::Value>,
    pub created_at: Timestamp,
    pub closed_at: Option<Timestamp>,
    pub success: Option<bool>,
    pub result: Option<serde_json::Value>,
    pub error_id: Option<Uuid>,
}

/// How the ERP reported a task done.
#[derive(Clone, Debug)]
pub struct TaskClosing {
    pub success: bool,
    pub result: Option<serde_json::Value>,
    /// Opened with the closing when the task failed.
    pub error: Option<super::NewError>,
    pub closed_at: Timestamp,
    /// Written with the closing (the answer of an idempotent request).
    pub effects: Vec<crate::effects::Effect>,
}
