//! `transaction list|show`: a company's transactions with the API's filters or found by a
//! business number, and one transaction with its story, for operators looking into a case.

use chrono_tz::Tz;
use clap::{Args, Subcommand};
use serde_json::{Value, json};
use switchyard_documents::DocumentType;
use switchyard_network::Hub;
use switchyard_network::finding::{FindQuery, Side};
use switchyard_network::history::HistoryFilter;
use switchyard_network::model::{Flow, Status, TransactionRecord};
use uuid::Uuid;

use super::Output;
use super::output::utc;

#[derive(Debug, Subcommand)]
pub enum TransactionCommand {
    /// A company's transactions, newest first, with the API's filters.
    List(ListArgs),
    /// Show a transaction with its content and every event of it.
    Show { transaction_id: Uuid },
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// The company, by id or exact name.
    #[arg(long)]
    company: String,
    /// Only this type (repeat for several), e.g. ORDER.
    #[arg(long = "type")]
    kinds: Vec<DocumentType>,
    /// Only this status (repeat for several): PENDING, SUCCESS, FAILED, DROPPED.
    #[arg(long = "status")]
    statuses: Vec<Status>,
    /// Only this flow: LIVE or TEST.
    #[arg(long = "flow")]
    flows: Vec<Flow>,
    /// Created on these days, `YYYY-MM-DD,YYYY-MM-DD` (both inclusive, in the hub's time zone).
    #[arg(long)]
    created_between: Option<String>,
    /// A business number: the document's own (order, invoice ...) or the order it names.
    #[arg(long)]
    number: Option<String>,
    /// Only what the company sent (`sent`) or received (`received`).
    #[arg(long)]
    side: Option<String>,
    #[arg(long, default_value_t = 50)]
    limit: usize,
}

pub async fn run(hub: &Hub, zone: Tz, command: &TransactionCommand) -> anyhow::Result<Output> {
    match command {
        TransactionCommand::List(args) => list(hub, zone, args).await,
        TransactionCommand::Show { transaction_id } => show(hub, *transaction_id).await,
    }
}

async fn list(hub: &Hub, zone: Tz, args: &ListArgs) -> anyhow::Result<Output> {
    let company = hub.company(&args.company).await?;
    let (created_from, created_until) = match &args.created_between {
        Some(days) => {
            let (from, until) = switchyard_api::parse_day_range(days, zone).map_err(anyhow::Error::msg)?;
            (Some(from), Some(until))
        }
        None => (None, None),
    };
    let side = match args.side.as_deref() {
        None => None,
        Some("sent") => Some(Side::Sent),
        Some("received") => Some(Side::Received),
        Some(other) => anyhow::bail!("--side is sent or received, not {other}"),
    };
    let filter = HistoryFilter {
        kinds: args.kinds.clone(),
        flows: args.flows.clone(),
        statuses: args.statuses.clone(),
        created_from,
        created_until,
    };
    let query = FindQuery {
        company_id: company.id,
        filter,
        side,
        partner_id: None,
        number: args.number.clone(),
        before: None,
        limit: args.limit,
    };
    let found = hub.find_transactions(query).await?;
    let text: Vec<String> = found.rows.iter().map(|record| line(record, company.id)).collect();
    let text = if text.is_empty() { format!("{} has no such transactions", company.name) } else { text.join("\n") };
    let json: Vec<Value> = found.rows.iter().map(|record| summary(record, company.id)).collect();
    Ok(Output::new(text, json!({ "transactions": json, "hasMore": found.next.is_some() })))
}

fn direction(record: &TransactionRecord, company_id: Uuid) -> &'static str {
    if record.sender_id == company_id { "SENT" } else { "RECEIVED" }
}

fn line(record: &TransactionRecord, company_id: Uuid) -> String {
    format!(
        "{} {} {} {} {} {} {}",
        record.id,
        utc(record.created_at),
        direction(record, company_id),
        record.kind,
        record.status,
        record.flow,
        record.business_number.as_deref().unwrap_or("-"),
    )
}

fn summary(record: &TransactionRecord, company_id: Uuid) -> Value {
    json!({
        "procurosTransactionId": record.id, "type": record.kind, "status": record.status, "flow": record.flow,
        "direction": direction(record, company_id), "senderId": record.sender_id, "receiverId": record.receiver_id,
        "createdAt": utc(record.created_at), "businessNumber": record.business_number,
        "orderNumber": record.order_number,
    })
}

async fn show(hub: &Hub, transaction_id: Uuid) -> anyhow::Result<Output> {
    let (record, events) = hub.any_transaction_story(transaction_id).await?;
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
