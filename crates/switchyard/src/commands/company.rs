//! `company add`, `company list`.

use clap::Subcommand;
use serde_json::json;
use switchyard_network::Hub;

use super::Output;
use super::output::utc;

#[derive(Debug, Subcommand)]
pub enum CompanyCommand {
    /// Add a company to the network.
    Add { name: String },
    /// List the network's companies.
    List,
}

pub async fn run(hub: &Hub, command: &CompanyCommand) -> anyhow::Result<Output> {
    match command {
        CompanyCommand::Add { name } => {
            let company = hub.add_company(name).await?;
            Ok(Output::new(format!("Added company {} ({})", company.name, company.id), json!(company)))
        }
        CompanyCommand::List => {
            let companies = hub.list_companies().await?;
            let lines: Vec<String> =
                companies.iter().map(|c| format!("{}  {}  (since {})", c.id, c.name, utc(c.created_at))).collect();
            Ok(Output::new(lines.join("\n"), json!(companies)))
        }
    }
}
