//! `task create|list|show`: work for a company's ERP, what is still open, and what it reported
//! back.

use anyhow::Context;
use clap::Subcommand;
use serde_json::json;
use switchyard_network::Hub;
use switchyard_network::model::TaskType;
use uuid::Uuid;

use super::Output;
use super::output::utc;

#[derive(Debug, Subcommand)]
pub enum TaskCommand {
    /// Create a task; SYNC_ENABLED_TRADE_PARTNERS takes a payload {"customers":[...],"suppliers":[...]}.
    Create {
        #[arg(long)]
        company: String,
        /// EXPORT_CUSTOMERS, EXPORT_SUPPLIERS or SYNC_ENABLED_TRADE_PARTNERS.
        #[arg(long = "type")]
        kind: TaskType,
        /// JSON payload.
        #[arg(long)]
        payload: Option<String>,
    },
    /// A company's open tasks, oldest first.
    List {
        #[arg(long)]
        company: String,
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
    /// Show a task and its result.
    Show { task_id: Uuid },
}

pub async fn run(hub: &Hub, command: &TaskCommand) -> anyhow::Result<Output> {
    match command {
        TaskCommand::Create { company, kind, payload } => {
            let company = hub.company(company).await?;
            let payload =
                payload.as_deref().map(serde_json::from_str).transpose().context("the payload is not JSON")?;
            let id = hub.create_task(company.id, *kind, payload).await?;
            Ok(Output::new(format!("Created {kind} task {id} for {}", company.name), json!({ "taskId": id })))
        }
        TaskCommand::List { company, limit } => {
            let company = hub.company(company).await?;
            let page = hub.company_open_tasks(company.id, Vec::new(), None, *limit).await?;
            let text: Vec<String> =
                page.items.iter().map(|task| format!("{} {} {}", task.id, utc(task.created_at), task.kind)).collect();
            let text = if text.is_empty() { format!("{} has no open tasks", company.name) } else { text.join("\n") };
            Ok(Output::new(text, json!({ "tasks": page.items, "hasMore": page.next.is_some() })))
        }
        TaskCommand::Show { task_id } => {
            let task = hub.find_task(*task_id).await?;
            let state = match (task.closed_at, task.success) {
                (None, _) => "open",
                (Some(_), Some(true)) => "done",
                (Some(_), _) => "failed",
            };
            let result = task.result.as_ref().map(ToString::to_string).unwrap_or_default();
            Ok(Output::new(format!("{} {} {state} {result}", task.id, task.kind), json!(task)))
        }
    }
}
