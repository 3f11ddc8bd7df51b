//! `relationship set|list`: which document types flow between two companies, and how.

use clap::Subcommand;
use serde_json::json;
use switchyard_documents::DocumentType;
use switchyard_network::Hub;
use switchyard_network::model::RelationshipState;

use super::Output;

#[derive(Debug, Subcommand)]
pub enum RelationshipCommand {
    /// Set the state of relationships from one company to another.
    Set {
        /// Sending company (id or name).
        #[arg(long)]
        from: String,
        /// Receiving company (id or name).
        #[arg(long)]
        to: String,
        /// Document types, comma-separated, or `all`.
        #[arg(long = "type", default_value = "all")]
        kinds: String,
        /// ACTIVE, TESTING or INACTIVE.
        #[arg(long)]
        state: RelationshipState,
    },
    /// List the relationships a company sends or receives through.
    List {
        #[arg(long)]
        company: String,
    },
}

fn parse_kinds(text: &str) -> anyhow::Result<Vec<DocumentType>> {
    if text.eq_ignore_ascii_case("all") {
        return Ok(DocumentType::ALL.to_vec());
    }
    text.split(',').map(|name| name.trim().parse().map_err(anyhow::Error::from)).collect()
}

pub async fn run(hub: &Hub, command: &RelationshipCommand) -> anyhow::Result<Output> {
    match command {
        RelationshipCommand::Set { from, to, kinds, state } => {
            let (sender, receiver) = (hub.company(from).await?, hub.company(to).await?);
            let set = hub.set_relationships(&sender, &receiver, &parse_kinds(kinds)?, *state).await?;
            let names: Vec<&str> = set.iter().map(|r| r.kind.as_str()).collect();
            Ok(Output::new(
                format!("{} -> {}: {} now {state}", sender.name, receiver.name, names.join(", ")),
                json!(set),
            ))
        }
        RelationshipCommand::List { company } => {
            let company = hub.company(company).await?;
            let relationships = hub.list_relationships(&company).await?;
            let names = hub.list_companies().await?;
            let name_of = |id| names.iter().find(|c| c.id == id).map_or("?", |c| c.name.as_str());
            let lines: Vec<String> = relationships
                .iter()
                .map(|r| format!("{} -> {}  {}  {}", name_of(r.sender_id), name_of(r.receiver_id), r.kind, r.state))
                .collect();
            Ok(Output::new(lines.join("\n"), json!(relationships)))
        }
    }
}
