//! `identifier add`, `identifier list`.

use clap::Subcommand;
use serde_json::json;
use switchyard_network::Hub;

use super::Output;

#[derive(Debug, Subcommand)]
pub enum IdentifierCommand {
    /// Register an identifier for a company, e.g. `identifier add --company ACME GS1 1100001016310`.
    Add {
        /// Company id or name.
        #[arg(long)]
        company: String,
        /// Identifier domain, e.g. GS1, VAT_DE, DUNS.
        domain: String,
        identifier: String,
        /// What it stands for, e.g. "ship-to Hamburg".
        #[arg(long)]
        label: Option<String>,
    },
    /// List a company's identifiers.
    List {
        #[arg(long)]
        company: String,
    },
}

pub async fn run(hub: &Hub, command: &IdentifierCommand) -> anyhow::Result<Output> {
    match command {
        IdentifierCommand::Add { company, domain, identifier, label } => {
            let company = hub.company(company).await?;
            let record = hub.add_identifier(&company, domain, identifier, label.as_deref()).await?;
            Ok(Output::new(
                format!("Registered {}:{} for {}", record.domain, record.identifier, company.name),
                json!(record),
            ))
        }
        IdentifierCommand::List { company } => {
            let company = hub.company(company).await?;
            let records = hub.list_identifiers(&company).await?;
            let lines: Vec<String> = records
                .iter()
                .map(|r| format!("{}:{}  {}", r.domain, r.identifier, r.label.as_deref().unwrap_or("")))
                .collect();
            Ok(Output::new(lines.join("\n"), json!(records)))
        }
    }
}
