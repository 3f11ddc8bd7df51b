//! `transaction show`: one transaction and its story, for operators looking into a case.

use clap::Subcommand;
use serde_json::{Value, json};
use switchyard_network::Hub;
use uuid::Uuid;

use super::Output;
use super::output::utc;

#[derive(Debug, Subcommand)]
pub enum TransactionCommand {
    /// Show a transaction with its content and every event of it.
    Show { transaction_id: Uuid },
}

pub async fn run(hub: &Hub, command: &TransactionCommand) -> anyhow::Result<Output> {
    let TransactionCommand::Show { transaction_id } = command;
    let (record, events) = hub.any_transaction_story(*transaction_id).await?;
    let content: Value = serde_json::from_slice(record.content.as_bytes()).unwrap_or(Value::Null);
    let text = format!(
        "{} {} {} {} created {} number {}{}",
        record.id,
        record.kind,
        record.status,
        record.flow,
        utc(record.created_at),
        record.business_number.as_deref().unwrap_or("-"),
        record.replaced_by.map(|id| format!(", replaced by {id}")).unwrap_or_default(),
    );
    let story: Vec<String> = events.iter().map(|event| format!("\n  {} {}", utc(event.at), event.kind)).collect();
    let text = format!("{text}{}", story.concat());
    let events: Vec<Value> = events
        .iter()
        .map(|event| json!({ "at": utc(event.at), "kind": event.kind, "companyId": event.company_id, "detail": event.detail }))
        .collect();
    Ok(Output::new(
        text,
        json!({
            "procurosTransactionId": record.id, "type": record.kind, "status": record.status, "flow": record.flow,
            "senderId": record.sender_id, "receiverId": record.receiver_id, "createdAt": utc(record.created_at),
            "businessNumber": record.business_number, "replaces": record.replaces, "replacedBy": record.replaced_by,
            "warnings": record.warnings,
            "events": events,
            "content": content,
        }),
    ))
}
