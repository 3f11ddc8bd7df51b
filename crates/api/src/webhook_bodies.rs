//! The bodies of webhook deliveries, in the API's shapes: `{"type", "timestamp", "data"}`, where
//! `data` of `transaction.received` is the item `GET /v2/transactions` lists (content included)
//! and of `task.created` the item `GET /v2/tasks` lists; the other events carry what the change
//! recorded, with `errorUrl` for an error.

use chrono_tz::Tz;
use serde_json::{Value, json};
use switchyard_network::Timestamp;
use switchyard_network::model::{TaskRecord, TransactionRecord, WebhookEvent};

use crate::ApiError;
use crate::stored_json::JsonPieces;
use crate::time::format_timestamp;

/// What a delivery's `data` is made of.
pub enum WebhookData {
    Transaction(TransactionRecord),
    Task(TaskRecord),
    Recorded(Value),
}

/// A delivery's body, as signed and sent.
pub fn webhook_body(
    event: WebhookEvent,
    occurred_at: Timestamp,
    data: WebhookData,
    zone: Tz,
    public_url: &str,
) -> Result<Vec<u8>, ApiError> {
    let head = json!({ "type": event, "timestamp": format_timestamp(occurred_at, zone) }).to_string();
    let mut text = JsonPieces::with_capacity(head.len() + 256);
    text.push(&head.as_bytes()[..head.len() - 1]);
    text.push(b",\"data\":");
    match data {
        WebhookData::Transaction(record) => crate::views::received(record, &mut text)?,
        WebhookData::Task(record) => text.push(to_json(&crate::views::task(record, zone))?.as_bytes()),
        WebhookData::Recorded(mut value) => {
            if let Some(error_id) = value.get("errorId").and_then(Value::as_str).map(str::to_owned) {
                value["errorUrl"] = json!(format!("{}/portal/errors/{error_id}", public_url.trim_end_matches('/')));
            }
            text.push(value.to_string().as_bytes());
        }
    }
    text.push(b"}");
    Ok(text.into_bytes())
}

fn to_json(value: &impl serde::Serialize) -> Result<String, ApiError> {
    serde_json::to_string(value).map_err(|error| ApiError::Internal(error.to_string()))
}
